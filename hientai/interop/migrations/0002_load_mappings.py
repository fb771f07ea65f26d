from django.db import migrations


def load(apps, schema_editor):
    from hientai.interop.reference import load_mappings

    model = apps.get_model("interop", "ElementMapping")
    load_mappings(model.objects.using(schema_editor.connection.alias))


class Migration(migrations.Migration):
    dependencies = [("interop", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
