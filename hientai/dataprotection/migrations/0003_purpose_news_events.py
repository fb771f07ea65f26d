"""A third purpose resting on consent, offered at self-registration (issue 19)."""

from django.db import migrations


def load(apps, schema_editor):
    from hientai.dataprotection.reference import PURPOSE_NEWS

    purposes = apps.get_model("dataprotection", "ProcessingPurpose").objects
    purposes.using(schema_editor.connection.alias).update_or_create(
        code=PURPOSE_NEWS["code"], defaults=PURPOSE_NEWS
    )


def unload(apps, schema_editor):
    purposes = apps.get_model("dataprotection", "ProcessingPurpose").objects
    purposes.using(schema_editor.connection.alias).filter(code="news_events").delete()


class Migration(migrations.Migration):
    dependencies = [("dataprotection", "0002_load_reference")]
    operations = [migrations.RunPython(load, unload)]
