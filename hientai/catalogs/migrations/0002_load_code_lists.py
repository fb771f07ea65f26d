"""Load the national code lists from catalogs/data/ (schemes.csv and codes/*.csv)."""

from django.db import migrations


def load(apps, schema_editor):
    from hientai.catalogs import services

    services.load_reference_data(
        scheme_model=apps.get_model("catalogs", "Scheme"),
        code_model=apps.get_model("catalogs", "Code"),
    )


class Migration(migrations.Migration):
    dependencies = [("catalogs", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
