"""Full-text structures that Django's schema editor cannot express, per backend.

SQLite: FTS5 table over search_personindex plus triggers. PostgreSQL: unaccent
and pg_trgm extensions, the IMMUTABLE search_unaccent() wrapper, a generated
tsvector column and its GIN index. See hientai/search/ddl.py.
"""

from django.db import migrations

from hientai.search import ddl


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "sqlite":
            ddl.sqlite_forward(cursor)
        elif vendor == "postgresql":
            ddl.pg_forward(cursor)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        if vendor == "sqlite":
            ddl.sqlite_backward(cursor)
        elif vendor == "postgresql":
            ddl.pg_backward(cursor)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
