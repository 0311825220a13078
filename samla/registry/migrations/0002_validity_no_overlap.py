"""Refuse overlapping validity periods of one municipality number (and one county code) in the database.

PostgreSQL: an exclusion constraint over (number, daterange(valid_from, valid_to, '[]')) using the
btree_gist extension (a trusted extension since PostgreSQL 13, so the database owner may create it).
It holds under concurrent transactions, which a trigger would not.
SQLite (development and tests): BEFORE INSERT/UPDATE triggers that abort with a constraint error.
Other backends: nothing here; ``Municipality.clean()`` and the importers still refuse overlaps.
Caution: on SQLite, a later migration that rebuilds these tables (Django's ALTER emulation) drops the
triggers; tests/registry/test_validity_guard.py fails if that happens, and the triggers must then be
created again in that migration.
The model state is unchanged, so this is written as vendor-specific SQL rather than model constraints.
"""

from django.db import migrations

TABLES = [("registry_municipality", "number"), ("registry_region", "code")]

SQLITE_TRIGGER = """
CREATE TRIGGER {table}_no_overlap_{event} BEFORE {event_sql} ON {table}
WHEN EXISTS (
    SELECT 1 FROM {table} AS other
    WHERE other.{code} = NEW.{code} {exclude_self}
      AND other.valid_from <= COALESCE(NEW.valid_to, '9999-12-31')
      AND NEW.valid_from <= COALESCE(other.valid_to, '9999-12-31')
)
BEGIN SELECT RAISE(ABORT, '{table}: overlapping validity period for the same {code}'); END
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, code in TABLES:
        if vendor == "postgresql":
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
            schema_editor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {table}_no_overlap EXCLUDE USING gist "
                f"({code} WITH =, daterange(valid_from, valid_to, '[]') WITH &&)"
            )
        elif vendor == "sqlite":
            schema_editor.execute(SQLITE_TRIGGER.format(
                table=table, code=code, event="insert", event_sql="INSERT", exclude_self=""))
            schema_editor.execute(SQLITE_TRIGGER.format(
                table=table, code=code, event="update",
                event_sql="UPDATE OF {code}, valid_from, valid_to".format(code=code),
                exclude_self="AND other.id <> NEW.id"))


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, _code in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table}_no_overlap")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_overlap_insert")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_overlap_update")


class Migration(migrations.Migration):

    dependencies = [
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
