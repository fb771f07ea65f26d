"""The portal's starter pages: policies (vi, en, zh), a call, a contest, an event, news."""

from django.db import migrations


def load(apps, schema_editor):
    from hientai.portal.starter import PAGES, PUBLISHED

    page_model = apps.get_model("portal", "Page")
    pages = page_model.objects.using(schema_editor.connection.alias)
    for row in PAGES:
        defaults = {"status": "published", "published_at": PUBLISHED, **row}
        pages.update_or_create(slug=row["slug"], defaults=defaults)


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
