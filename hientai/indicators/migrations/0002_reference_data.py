"""Load the indicator catalogue and the seed plans' targets (reference data, not demo)."""

from django.db import migrations


def load(apps, schema_editor):
    from hientai.indicators import reference

    indicator = apps.get_model("indicators", "Indicator")
    reference.load_catalogue(indicator_model=indicator)
    reference.load_targets(
        indicator_model=indicator,
        target_model=apps.get_model("indicators", "IndicatorTarget"),
        unit_model=apps.get_model("orgs", "Unit"),
    )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial"), ("orgs", "0002_load_units")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
