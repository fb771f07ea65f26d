"""Moving a city's data from the embedded database (SQLite) to PostgreSQL.

`move_to(url)`:

1. opens the target as a second connection and refuses it unless it is PostgreSQL and
   empty (no table with a row in it);
2. migrates it (the same migrations, so the same schema, PostgreSQL's own indexes,
   triggers and full-text columns), then empties what the data migrations loaded there
   (code lists, units: they come from the source like everything else);
3. copies every table of every model (many-to-many tables included) in dependency order
   (a table after those it points to), rows in primary-key order, in one transaction,
   values converted by the fields themselves (booleans, dates, JSON, decimals);
4. resets the sequences, so new rows get ids after the copied ones;
5. compares, per table, the row count and a SHA-256 checksum of the rows (read back
   through the ORM from both sides, canonical text of each value), and returns the table;
6. the search index needs no rebuild: its rows are copied and PostgreSQL computes the
   search vector from them (a generated column); SQLite's FTS5 table is not a model and is
   not copied (it is listed as skipped).

The source is never written. A failure rolls the target back (it stays migrated and
empty: run the command again).
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import dj_database_url
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.utils.translation import gettext as _

TARGET = "move_to_target"
BATCH = 2000


class MoveError(Exception):
    """The target cannot be used (translated message)."""


@dataclass
class TableCheck:
    table: str
    source_rows: int
    target_rows: int
    source_checksum: str
    target_checksum: str

    @property
    def ok(self) -> bool:
        return self.source_rows == self.target_rows and self.source_checksum == self.target_checksum


@dataclass
class MoveResult:
    tables: list[TableCheck] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # source tables that are not models

    @property
    def ok(self) -> bool:
        return all(t.ok for t in self.tables)


def _models() -> list[type[models.Model]]:
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    return _dependency_order(found)


def _dependency_order(found: list[type[models.Model]]) -> list[type[models.Model]]:
    """Each model after the models its foreign keys point to (self-references ignored;
    cycles broken in name order: PostgreSQL checks the keys at commit anyway)."""
    tables = {m._meta.db_table: m for m in found}
    needs: dict[str, set[str]] = {}
    for model in found:
        targets = set()
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is not None:
                table = f.related_model._meta.db_table
                if table in tables and table != model._meta.db_table:
                    targets.add(table)
        needs[model._meta.db_table] = targets
    ordered: list[str] = []
    done: set[str] = set()
    pending = sorted(tables)
    while pending:
        ready = [t for t in pending if needs[t] <= done] or [pending[0]]
        for table in ready:
            ordered.append(table)
            done.add(table)
        pending = [t for t in pending if t not in done]
    return [tables[t] for t in ordered]


def _canonical(value: Any) -> str:
    if value is None:
        return "\x00"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.UTC)
        return value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return str(value)


def _fields(model: type[models.Model]) -> list[Any]:
    """The stored columns (a generated column is computed by each database itself)."""
    return [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]


def _rows(model: type[models.Model], alias: str) -> Iterable[tuple]:
    names = [f.attname for f in _fields(model)]
    query = model._base_manager.using(alias).order_by("pk").values_list(*names)
    return query.iterator(chunk_size=BATCH)


def _checksum(model: type[models.Model], alias: str) -> tuple[int, str]:
    digest = hashlib.sha256()
    count = 0
    for row in _rows(model, alias):
        digest.update("\x1f".join(map(_canonical, row)).encode("utf-8"))
        digest.update(b"\x1e")
        count += 1
    return count, digest.hexdigest()


def _target_tables_with_rows(alias: str) -> list[str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        quote = connection.ops.quote_name
        busy = []
        for table in tables:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {quote(table)})")
            if cursor.fetchone()[0]:
                busy.append(table)
    return busy


def _open_target(url: str) -> None:
    try:
        config = dj_database_url.parse(url)
    except Exception as error:
        message = _("Cannot read the database address: %(error)s") % {"error": error}
        raise MoveError(message) from error
    if config.get("ENGINE") != "django.db.backends.postgresql":
        raise MoveError(_("The target must be a PostgreSQL database (postgres://...)."))
    default = connections.databases["default"]
    settings_dict = {**default, **config, "TEST": {}}
    settings_dict.pop("OPTIONS", None)
    settings_dict["OPTIONS"] = config.get("OPTIONS", {})
    settings_dict["CONN_MAX_AGE"] = 0
    connections.databases[TARGET] = settings_dict
    try:
        connections[TARGET].ensure_connection()
    except Exception as error:
        _close_target()
        raise MoveError(
            _("Cannot connect to the target database: %(error)s") % {"error": error}
        ) from error


def _close_target() -> None:
    if TARGET in connections.databases:
        with contextlib.suppress(Exception):  # closing a connection that may not exist
            connections[TARGET].close()
        del connections[TARGET]
        connections.databases.pop(TARGET, None)


def move_to(url: str, *, progress: Callable[[str], None] | None = None) -> MoveResult:
    say = progress or (lambda message: None)
    if connections["default"].vendor != "sqlite":
        raise MoveError(_("The data is already in %(vendor)s: there is nothing to move.") % {
            "vendor": connections["default"].vendor})  # fmt: skip
    _open_target(url)
    try:
        busy = _target_tables_with_rows(TARGET)
        if busy:
            raise MoveError(
                _(
                    "The target database is not empty (%(tables)s…): move-to only writes "
                    "into an empty database. Create a new one (createdb) and retry."
                )
                % {"tables": ", ".join(sorted(busy)[:5])}
            )
        say(_("Creating the tables on the target (migrate)…"))
        call_command("migrate", database=TARGET, interactive=False, verbosity=0)
        ordered = _models()
        return _copy(ordered, say)
    finally:
        _close_target()


def _copy(ordered: list[type[models.Model]], say: Callable[[str], None]) -> MoveResult:
    source, target = connections["default"], connections[TARGET]
    result = MoveResult()
    model_tables = {m._meta.db_table for m in ordered}
    with source.cursor() as cursor:
        for table in source.introspection.table_names(cursor):
            if table not in model_tables and table != "django_migrations":
                result.skipped.append(table)
    quote = target.ops.quote_name
    with transaction.atomic(using=TARGET):
        with target.cursor() as cursor:
            # What the data migrations loaded there comes from the source instead.
            tables = ", ".join(quote(m._meta.db_table) for m in ordered)
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for model in ordered:
            fields = _fields(model)
            table = model._meta.db_table
            columns = ", ".join(quote(f.column) for f in fields)
            marks = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {quote(table)} ({columns}) VALUES ({marks})"
            batch: list[list[Any]] = []
            copied = 0
            with target.cursor() as cursor:
                for row in _rows(model, "default"):
                    pairs = zip(fields, row, strict=True)
                    batch.append([f.get_db_prep_save(v, connection=target) for f, v in pairs])
                    if len(batch) >= BATCH:
                        cursor.executemany(sql, batch)
                        copied += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    copied += len(batch)
            if copied:
                say(_("%(table)s: %(count)d rows") % {"table": table, "count": copied})
        with target.cursor() as cursor:
            for statement in target.ops.sequence_reset_sql(no_style(), ordered):
                cursor.execute(statement)
    say(_("Comparing row counts and checksums…"))
    for model in ordered:
        source_rows, source_sum = _checksum(model, "default")
        target_rows, target_sum = _checksum(model, TARGET)
        result.tables.append(
            TableCheck(model._meta.db_table, source_rows, target_rows, source_sum, target_sum)
        )
    return result
