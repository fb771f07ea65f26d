"""Every reported indicator of the plans on a dataset (issue 15): the eleven that had none,
on six datasets assigned by group (every department, every ward and commune) or to named
units, with the period type and due day of the plan that sets them."""

from django.db import migrations


def load(apps, schema_editor):
    from hientai.reporting import reference

    reference.load_datasets(
        dataset_model=apps.get_model("reporting", "Dataset"),
        item_model=apps.get_model("reporting", "DatasetIndicator"),
        assignment_model=apps.get_model("reporting", "Assignment"),
        indicator_model=apps.get_model("indicators", "Indicator"),
        unit_model=apps.get_model("orgs", "Unit"),
        entries=reference.PLAN_DATASETS,
    )


def unload(apps, schema_editor):
    from hientai.reporting import reference

    dataset_model = apps.get_model("reporting", "Dataset")
    codes = [entry["code"] for entry in reference.PLAN_DATASETS]
    dataset_model.objects.filter(code__in=codes, submissions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reporting", "0003_narrative_signers_notifications")]
    operations = [migrations.RunPython(load, unload)]
