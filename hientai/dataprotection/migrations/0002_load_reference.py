"""Load the processing purposes, the first privacy notice and the retention rules."""

from django.db import migrations


def load(apps, schema_editor):
    from hientai.dataprotection.reference import load_reference

    load_reference(
        apps.get_model("dataprotection", "ProcessingPurpose"),
        apps.get_model("dataprotection", "NoticeVersion"),
        apps.get_model("dataprotection", "RetentionRule"),
    )


class Migration(migrations.Migration):
    dependencies = [("dataprotection", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
