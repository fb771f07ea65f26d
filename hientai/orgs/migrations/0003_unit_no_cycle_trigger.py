"""A database guard against unit cycles, for writes that bypass the model (raw SQL).

The model refuses a cycle in `Unit.save()`; this trigger refuses the same thing for
any INSERT or UPDATE of parent_id, walking at most MAX_TREE_DEPTH (16) ancestors.
SQLite forbids WITH RECURSIVE inside triggers, so it joins 16 ancestor levels;
PostgreSQL walks up in PL/pgSQL under a transaction advisory lock, so two
concurrent moves cannot each close half of a cycle.
"""

from django.db import migrations

DEPTH = 16
MESSAGE = "orgs_unit_cycle: a unit cannot be its own ancestor"


def _sqlite_body() -> str:
    joins = "\n".join(
        f"LEFT JOIN orgs_unit a{i} ON a{i}.id = a{i - 1}.parent_id" for i in range(2, DEPTH + 1)
    )
    ids = ", ".join(f"a{i}.id" for i in range(1, DEPTH + 1))
    return (
        f"SELECT RAISE(ABORT, '{MESSAGE}') WHERE EXISTS ("
        f"SELECT 1 FROM orgs_unit a1 {joins} WHERE a1.id = NEW.parent_id "
        f"AND (NEW.id IN ({ids}) OR a{DEPTH}.parent_id IS NOT NULL));"
    )


PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION orgs_unit_no_cycle() RETURNS trigger AS $$
DECLARE
    current_id bigint := NEW.parent_id;
    steps integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('orgs_unit_tree'));
    WHILE current_id IS NOT NULL LOOP
        IF current_id = NEW.id OR steps >= {DEPTH} THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'check_violation';
        END IF;
        SELECT parent_id INTO current_id FROM orgs_unit WHERE id = current_id;
        steps := steps + 1;
    END LOOP;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        body = _sqlite_body()
        schema_editor.execute(
            "CREATE TRIGGER orgs_unit_no_cycle_insert AFTER INSERT ON orgs_unit "
            f"WHEN NEW.parent_id IS NOT NULL BEGIN {body} END"
        )
        schema_editor.execute(
            "CREATE TRIGGER orgs_unit_no_cycle_update AFTER UPDATE OF parent_id ON orgs_unit "
            f"WHEN NEW.parent_id IS NOT NULL BEGIN {body} END"
        )
    elif vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION)
        schema_editor.execute(
            "CREATE TRIGGER orgs_unit_no_cycle AFTER INSERT OR UPDATE OF parent_id "
            "ON orgs_unit FOR EACH ROW EXECUTE FUNCTION orgs_unit_no_cycle()"
        )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS orgs_unit_no_cycle_insert")
        schema_editor.execute("DROP TRIGGER IF EXISTS orgs_unit_no_cycle_update")
    elif vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS orgs_unit_no_cycle ON orgs_unit")
        schema_editor.execute("DROP FUNCTION IF EXISTS orgs_unit_no_cycle()")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_load_units")]
    operations = [migrations.RunPython(forwards, backwards)]
