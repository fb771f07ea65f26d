"""Load the three statutory reporting datasets and their assignments (reference data)."""

from django.db import migrations


def load(apps, schema_editor):
    from hientai.reporting import reference

    reference.load_datasets(
        dataset_model=apps.get_model("reporting", "Dataset"),
        item_model=apps.get_model("reporting", "DatasetIndicator"),
        assignment_model=apps.get_model("reporting", "Assignment"),
        indicator_model=apps.get_model("indicators", "Indicator"),
        unit_model=apps.get_model("orgs", "Unit"),
        entries=reference.DATASETS,
    )


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial"), ("indicators", "0002_reference_data")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
