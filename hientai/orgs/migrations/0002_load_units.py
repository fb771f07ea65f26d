"""Load the unit tree, the old-to-new mapping and populations from orgs/data/*.csv."""

from django.db import migrations


def load(apps, schema_editor):
    from hientai.orgs import services

    unit = apps.get_model("orgs", "Unit")
    services.load_units(unit_model=unit)
    services.load_successions(
        unit_model=unit, succession_model=apps.get_model("orgs", "Succession")
    )
    services.load_populations(
        unit_model=unit, population_model=apps.get_model("orgs", "UnitPopulation")
    )


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
