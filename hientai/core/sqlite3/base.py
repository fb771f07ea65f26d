"""Django's SQLite backend, with one question answered without a transaction.

Django finds out whether SQLite has JSON by running `SELECT JSON(...)` inside a
transaction; with `transaction_mode="IMMEDIATE"` that BEGIN needs the write lock, so a
command started while an import held it concluded "SQLite does not support JSONFields"
and its system checks failed (a second `hientai import-people` said so). SQLite has had
JSON built in since 3.38 (2022): ask without a transaction."""

from __future__ import annotations

import sqlite3
from functools import cached_property

from django.db.backends.sqlite3 import base, features


class DatabaseFeatures(features.DatabaseFeatures):
    # Django's base class declares a plain attribute; the stubs ignore the same override.
    @cached_property
    def supports_json_field(self) -> bool:  # type: ignore[override]
        with self.connection.cursor() as cursor:
            try:
                cursor.execute('SELECT JSON(\'{"a": "b"}\')')
            except sqlite3.OperationalError:  # Django's base.Database is sqlite3.dbapi2
                return False
        return True


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
