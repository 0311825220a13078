"""SQLite cannot enforce a unique constraint with ``nulls_distinct=False`` (Django warns W047 and skips it).
The same rule there: a unique index on expressions that turn the empty scope into 0."""

from django.db import migrations

INDEX = "accounts_roleassignment_unique_sqlite"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE UNIQUE INDEX IF NOT EXISTS {INDEX} ON accounts_roleassignment "
            "(user_id, role, COALESCE(region_id, 0), COALESCE(municipality_id, 0))")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_external_identity")]
    operations = [migrations.RunPython(forwards, backwards)]
