"""PostgreSQL: the triggers that keep locked runs and award letters unchanged raise SQLSTATE 23000
(integrity_constraint_violation), so that Django reports an IntegrityError as it does on SQLite, instead
of the generic P0001 of a bare RAISE EXCEPTION."""

from django.db import migrations

RUN_FUNCTION = """CREATE OR REPLACE FUNCTION samla_allocation_run_locked() RETURNS trigger AS $$
BEGIN
  IF OLD.locked_at IS NOT NULL THEN
    RAISE EXCEPTION 'allocation run is locked' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql"""
LETTER_FUNCTION = """CREATE OR REPLACE FUNCTION samla_award_letter_immutable() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'award letters are immutable' USING ERRCODE = 'integrity_constraint_violation';
END $$ LANGUAGE plpgsql"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(RUN_FUNCTION)
        schema_editor.execute(LETTER_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [("allocation", "0003_continuation_reason")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
