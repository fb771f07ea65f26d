"""Django's SQLite backend, with one question answered without a transaction.

Django finds out whether SQLite has JSON by running `SELECT JSON(...)` inside a
transaction; with `transaction_mode="IMMEDIATE"` that BEGIN needs the write lock, so a
command started while an import held it concluded "SQLite does not support JSONFields"
and its system checks failed (a second `hientai import-people` said so). SQLite has had
JSON built in since 3.38 (2022): ask without a transaction."""

from __future__ import annotations

from functools import cached_property

from django.db.backends.sqlite3 import base, features


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def supports_json_field(self) -> bool:
        with self.connection.cursor() as cursor:
            try:
                cursor.execute('SELECT JSON(\'{"a": "b"}\')')
            except base.Database.OperationalError:
                return False
        return True


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
