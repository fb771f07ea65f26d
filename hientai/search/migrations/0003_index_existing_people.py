"""Index the profiles a database already holds when the search app arrives.

A fresh database has none (the generator and imports rebuild through the
after-bulk-load hook); an existing one gets its index here, so `migrate` alone
leaves search usable. `hientai search-rebuild` does the same at any time.
"""

from django.db import migrations


def forward(apps, schema_editor):
    Person = apps.get_model("registry", "Person")
    if Person.objects.using(schema_editor.connection.alias).exists():
        from hientai.search.indexer import rebuild_index

        rebuild_index()


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_fulltext"),
        ("registry", "0002_old_id_index"),
        ("catalogs", "0002_load_code_lists"),
        ("orgs", "0002_load_units"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
