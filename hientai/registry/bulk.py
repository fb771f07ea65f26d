"""Fast bulk loading of people and all their parts (the generator, later the importer).

`load_people(records)` writes in batches inside one transaction: any bad record (an
unknown unit or code, a personal ID already in the registry) raises and nothing is
written. Units and codes are resolved with in-memory dicts built once.

It writes the rows `bulk_create` would write, without the ORM's per-value work, which
was two thirds of the time (perf-anchors.md §4: model instances and SQL building are
the ceiling, not the database):

- SQLite: ids counted on from the table's largest (the transaction holds the write
  lock), people and parts as multi-row INSERTs of plain tuples, optionally run on a
  writer thread (`background_statements`) while the caller reads the next rows;
- PostgreSQL: ids drawn from the person table's sequence, then COPY for people and
  parts (INSERT was four times slower there).

Nothing passes through `save()` or signals: what `Person.save()` and
`Employment.save()` derive (full name, birth year, division-leader flag) is derived
here, and no ProfileVersion rows are written: bulk loads bypass versioning on purpose
(registry/history.py: `as_of` treats rows without versions as unchanged since they
were created). Each person gets one StatusPeriod from `status_since`.

After the load, `run_after_bulk_load()` runs once, so the search index and the
quality engine rebuild what they derive (it works with no hook registered).
"""

from __future__ import annotations

import contextlib
import itertools
import operator
import queue
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, cast

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hientai.catalogs.models import Code, Scheme
from hientai.orgs.models import Unit
from hientai.registry import models as m
from hientai.registry.models import DIVISION_LEVEL_OR_ABOVE, compose_full_name
from hientai.registry.records import PersonRecord
from hientai.registry.services import run_after_bulk_load

# Parameters per INSERT statement: far below the limits of SQLite (32,766) and
# PostgreSQL (65,535).
_PARAMETERS_PER_STATEMENT = 16_000
_M2M = {
    "categories": "person_category",
    "st_fields": "st_field",
    "strategic_technologies": "strategic_technology",
}


def _use_copy() -> bool:
    """PostgreSQL loads with COPY (psycopg 3): four times faster than INSERT there."""
    return connection.vendor == "postgresql"


def _execute(cursor: Any, sql: str, params: list) -> None:
    """`cursor.execute(sql, params)` for our generated multi-row statements.

    On SQLite Django rewrites every `%s` to `?` with a regex over the whole statement (a
    1,000-row INSERT: ~0.7 ms, about 6 % of an import); `str.replace` does the same for
    SQL whose only `%` are our placeholders. Done only when nothing observes queries (no
    debug log, no execute wrapper): otherwise the ordinary path."""
    db = cursor.db
    pipe = _local.pipe
    if pipe is not None and db is pipe.db:
        pipe.put(sql, params)
        return
    if db.vendor != "sqlite" or db.queries_logged or db.execute_wrappers:
        cursor.execute(sql, params)
        return
    db.validate_no_broken_transaction()
    with db.wrap_database_errors:
        sqlite3.Cursor.execute(cursor.cursor, sql.replace("%s", "?"), params)


class StatementPipe:
    """Runs our multi-row INSERTs on a second thread, on the same SQLite connection.

    sqlite3 releases the GIL while SQLite steps through a statement (B-tree inserts, FK
    checks: most of a load's database time), so the next rows are read and checked
    while the last ones are written: the two cores of a small server both work. The
    statements keep their order (one thread, one FIFO queue) and run inside the caller's
    transaction. Before it touches the database itself, the caller waits with `sync()`;
    an error on the writer thread is raised there (or by the next `put`) as Django's
    database error, and what comes after it in the queue is skipped, so the caller's
    transaction rolls back as if the statement had run inline."""

    def __init__(self, db: Any, depth: int = 8) -> None:
        self.db = db
        self.raw = db.connection  # the sqlite3.Connection (Django opens it with
        # check_same_thread=False; this thread is its only user until `sync` returns)
        self.queue: queue.Queue = queue.Queue(maxsize=depth)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._work, name="bulk-writer", daemon=True)
        self.thread.start()

    def _work(self) -> None:
        cursor = self.raw.cursor()
        try:
            while True:
                item = self.queue.get()
                try:
                    if item is None:
                        return
                    if self.error is None:
                        cursor.execute(*item)
                except BaseException as error:  # handed to the caller's thread
                    self.error = error
                finally:
                    self.queue.task_done()
        finally:
            cursor.close()

    def _raise(self) -> None:
        error, self.error = self.error, None
        if error is not None:
            with self.db.wrap_database_errors:
                raise error

    def put(self, sql: str, params: list) -> None:
        self._raise()
        self.queue.put((sql.replace("%s", "?"), params))

    def sync(self) -> None:
        """Wait until every queued statement ran; raise the first error."""
        self.queue.join()
        self._raise()

    def close(self) -> None:
        self.queue.put(None)
        self.thread.join()


class _PipeOfThread(threading.local):
    pipe: StatementPipe | None = None


_local = _PipeOfThread()  # the pipe of this thread's `background_statements` block


@contextlib.contextmanager
def background_statements() -> Iterator[StatementPipe | None]:
    """Send this thread's bulk INSERTs (`_execute`) to a writer thread while inside.

    SQLite only, and only when nothing observes queries (no debug log, no execute
    wrapper); otherwise statements run inline and this yields None. Leaving the block
    waits for the writer (raising its error, if any)."""
    db = connections[DEFAULT_DB_ALIAS]  # the wrapper itself (cursors name it), not the proxy
    db.ensure_connection()
    if db.vendor != "sqlite" or db.queries_logged or db.execute_wrappers or _local.pipe:
        yield None
        return
    pipe = _local.pipe = StatementPipe(db)
    try:
        yield pipe
        pipe.sync()
    finally:
        _local.pipe = None
        with contextlib.suppress(BaseException):
            pipe.queue.join()  # on an error: let it finish or skip what is queued
        pipe.close()


def sync_statements() -> None:
    """Wait for queued bulk statements before reading or writing in another way."""
    if _local.pipe is not None:
        _local.pipe.sync()


class BulkLoadError(ValueError):
    """A record that cannot be loaded; the whole load is rolled back."""


class _Resolver:
    """Unit and code lookups from dicts, with messages that name the bad record."""

    def __init__(self) -> None:
        self.units: dict[str, int] = dict(Unit.objects.values_list("code", "pk"))
        # Older versions first, so the current version of a list wins on shared codes,
        # and codes found only in an older version (kept by old records) still resolve.
        keys = {}
        rank = {}
        for position, (pk, key) in enumerate(
            Scheme.objects.order_by("is_current", "valid_from", "version").values_list("pk", "key")
        ):
            keys[pk], rank[pk] = key, position
        rows = sorted(Code.objects.values_list("scheme_id", "code", "pk"), key=lambda r: rank[r[0]])
        self.codes: dict[str, dict[str, int]] = {}
        for scheme_id, code, pk in rows:
            self.codes.setdefault(keys[scheme_id], {})[code] = pk
        self.number = 0

    def where(self) -> str:
        return _("Row %(number)d") % {"number": self.number}

    def unit(self, code: str) -> int | None:
        if not code:
            return None
        try:
            return self.units[code]
        except KeyError:
            raise BulkLoadError(
                _("%(where)s: unknown unit '%(code)s'") % {"where": self.where(), "code": code}
            ) from None

    def managing_unit(self, code: str) -> int:
        unit = self.unit(code)
        if unit is None:
            raise BulkLoadError(
                _("%(where)s: the managing unit is empty") % {"where": self.where()}
            )
        return unit

    def code(self, scheme: str, value: str) -> int | None:
        if not value:
            return None
        try:
            return self.codes[scheme][value]
        except KeyError:
            raise BulkLoadError(
                _("%(where)s: unknown code '%(code)s' in code list '%(scheme)s'")
                % {"where": self.where(), "code": value, "scheme": scheme}
            ) from None


class _People:
    """Multi-row INSERTs of Person rows with ids drawn beforehand; every concrete column
    is written (model defaults for the ones a record does not carry)."""

    def __init__(self) -> None:
        meta = m.Person._meta
        quote = connection.ops.quote_name
        self.fields = [f for f in meta.concrete_fields if not f.primary_key]
        self.defaults = {f.attname: f.get_default() for f in self.fields}
        # One C call picks every column in order (a generator over ~30 fields per row cost more).
        self.pick = operator.itemgetter(*(f.attname for f in self.fields))
        # Concrete fields always have a column; the stubs allow None for the others.
        self.table, self.pk = meta.db_table, cast(str, meta.pk.column)
        columns = ", ".join(
            quote(c) for c in [self.pk, *(cast(str, f.column) for f in self.fields)]
        )
        self.head = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES "
        self.marks = "(" + ", ".join(["%s"] * (len(self.fields) + 1)) + ")"
        self.copy = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
        self.next_id: int | None = None  # SQLite: the next id this load gives

    def row(self, record: PersonRecord, r: _Resolver, now: Any) -> tuple:
        values = self.defaults.copy()
        values.update(
            unit_id=r.managing_unit(record.unit_code),
            family_name=record.family_name,
            middle_name=record.middle_name,
            given_name=record.given_name,
            # Person.save() is bypassed: derive what it would.
            full_name=compose_full_name(record.family_name, record.middle_name, record.given_name),
            other_names=record.other_names,
            birth_date=record.birth_date,
            birth_year=record.birth_year or (record.birth_date.year if record.birth_date else None),
            gender=record.gender,
            ethnic_group_id=r.code("ethnic_group", record.ethnic_group),
            nationality_id=r.code("country", record.nationality),
            personal_id=record.personal_id,
            old_id_number=record.old_id_number,
            email=record.email,
            phone=record.phone,
            address=record.address,
            residence_unit_id=r.unit(record.residence_unit_code),
            overseas_kind=record.overseas_kind,
            overseas_country_id=r.code("country", record.overseas_country),
            overseas_city=record.overseas_city,
            keywords=record.keywords,
            orcid=record.orcid,
            scopus_id=record.scopus_id,
            source=record.source,
            last_verified_on=record.last_verified_on,
            status=record.status,
            created_at=now,
            updated_at=now,
        )
        return self.pick(values)

    def insert(self, cursor: Any, rows: list[tuple]) -> list[int]:
        """Insert the rows; returns their new ids, in order.

        The ids are drawn first (PostgreSQL: from the table's sequence; SQLite: counted on
        from the largest id ever given, which nobody else can take while this transaction
        holds SQLite's write lock), so the INSERTs need nothing back: on SQLite they can
        run on the writer thread (`background_statements`)."""
        ids = self._new_ids(cursor, len(rows))
        if _use_copy():
            with connection.wrap_database_errors, cursor.cursor.copy(self.copy) as copy:
                for pk, row in zip(ids, rows, strict=True):
                    copy.write_row((pk, *row))
            return ids
        width = len(self.fields) + 1
        for start in range(0, len(rows), _PARAMETERS_PER_STATEMENT // width):
            chunk = rows[start : start + _PARAMETERS_PER_STATEMENT // width]
            params: list = []
            for pk, row in zip(ids[start : start + len(chunk)], chunk, strict=True):
                params.append(pk)
                params += row
            _execute(cursor, self.head + ", ".join([self.marks] * len(chunk)), params)
        return ids

    def _new_ids(self, cursor: Any, count: int) -> list[int]:
        if _use_copy():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [self.table, self.pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if self.next_id is None:
            if not connection.in_atomic_block:  # the write lock is what makes ids ours
                raise RuntimeError("bulk inserts of people need a transaction")
            sync_statements()
            quote = connection.ops.quote_name
            cursor.execute(
                f"SELECT MAX(n) FROM (SELECT MAX({quote(self.pk)}) AS n FROM "
                f"{quote(self.table)} UNION ALL SELECT seq FROM sqlite_sequence "
                "WHERE name = %s)",
                [self.table],
            )
            self.next_id = (cursor.fetchone()[0] or 0) + 1
        first, self.next_id = self.next_id, self.next_id + count
        return list(range(first, first + count))


class _Rows:
    """Plain tuples for one part table, written as multi-row INSERTs (one round trip per
    few hundred rows on both SQLite and PostgreSQL, where executemany would send one
    statement per row)."""

    def __init__(self, model: Any, *columns: str):
        meta = model._meta
        quote = connection.ops.quote_name
        names = ", ".join(quote(meta.get_field(name).column) for name in columns)
        self.head = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES "
        self.marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
        self.per_statement = max(1, min(1000, _PARAMETERS_PER_STATEMENT // len(columns)))
        self.copy = f"COPY {quote(meta.db_table)} ({names}) FROM STDIN"
        self.rows: list[tuple] = []

    def flush(self, cursor: Any) -> None:
        if _use_copy() and self.rows:
            # Django's error wrapper, so a violation is an IntegrityError as with INSERT.
            with connection.wrap_database_errors, cursor.cursor.copy(self.copy) as copy:
                for row in self.rows:
                    copy.write_row(row)
            self.rows.clear()
            return
        for chunk in itertools.batched(self.rows, self.per_statement):
            sql = self.head + ", ".join([self.marks] * len(chunk))
            _execute(cursor, sql, [value for row in chunk for value in row])
        self.rows.clear()


# Public name for callers that write their own rows the same way (the importer's links).
RowWriter = _Rows


def _tables() -> dict[str, _Rows]:
    tables = {
        "qualification": _Rows(
            m.Qualification, "person_id", "source", "level_id", "degree_id", "st_field_id",
            "major", "institution", "country_id", "year",
        ),
        "title": _Rows(m.AcademicTitle, "person_id", "source", "title_id", "year"),
        "language": _Rows(m.LanguageSkill, "person_id", "source", "language_id", "level_id"),
        "employment": _Rows(
            m.Employment, "person_id", "source", "unit_id", "organization", "position",
            "leadership_level", "is_division_leader_or_above", "sector", "occupation_group_id",
            "start", "end",
        ),
        "publication": _Rows(
            m.Publication, "person_id", "source", "title", "doi", "venue", "year"
        ),
        "patent": _Rows(
            m.Patent, "person_id", "source", "title", "kind", "number", "status", "filed_on",
            "granted_on",
        ),
        "project": _Rows(
            m.STProject, "person_id", "source", "title", "code", "level", "role", "accepted_on",
            "applied",
        ),
        "award": _Rows(m.Award, "person_id", "source", "name", "level", "issuer", "year"),
        "training": _Rows(
            m.TrainingRecord, "person_id", "source", "topic_id", "title", "provider", "hours",
            "start", "end", "certificate",
        ),
        "assessment": _Rows(
            m.SkillAssessment, "person_id", "source", "kind", "result", "score", "assessed_on"
        ),
        "status": _Rows(
            m.StatusPeriod, "person_id", "source", "status", "effective_from", "effective_to",
            "note",
        ),
    }  # fmt: skip
    for name in _M2M:
        tables[name] = _Rows(getattr(m.Person, name).through, "person_id", "code_id")
    return tables


REBUILD_CACHE_KIB = 128 * 1024


class DeferredIndexes:
    """Drop, for a big load into SQLite, the indexes it would update at random places, and
    build them again (sorted, in one pass each) before the transaction commits.

    Inserting a million people into the person table's ten indexes (names, personal IDs,
    codes) touches a random leaf page per row: once the indexes outgrow SQLite's page
    cache, every row writes pages to the WAL again (the first 1M import spent a quarter of
    its time in the kernel). CREATE INDEX after the load sorts instead. Kept: the indexes
    the pass itself reads or appends to in order (each part's `person_id`, the rowid
    tables). DDL is transactional in SQLite, so a rolled-back or killed import gets every
    index back untouched; readers keep the committed schema (WAL). The unique personal-ID
    index is checked again when it is rebuilt (the importer already refuses repeats).

    Not on PostgreSQL: DROP INDEX there locks the table against readers until commit."""

    def __init__(self) -> None:
        self.dropped: list[str] = []  # the CREATE INDEX statements, in order
        self.tried = False  # drop() runs once per load

    @staticmethod
    def _tables() -> list[str]:
        parts = [
            m.Qualification, m.AcademicTitle, m.LanguageSkill, m.Employment, m.Publication,
            m.Patent, m.STProject, m.Award, m.TrainingRecord, m.SkillAssessment, m.StatusPeriod,
        ]  # fmt: skip
        through = [getattr(m.Person, name).through for name in _M2M]
        return [model._meta.db_table for model in (m.Person, *parts, *through)]

    def drop(self) -> int:
        """Drop the deferrable indexes (SQLite only; once). Returns how many were dropped."""
        if connection.vendor != "sqlite" or self.tried:
            self.tried = True
            return 0
        self.tried = True
        sync_statements()
        person_table = m.Person._meta.db_table
        tables = self._tables()
        with connection.cursor() as cursor:
            marks = ", ".join(["%s"] * len(tables))
            # Each index with its first column, in one query.
            cursor.execute(
                "SELECT m.name, m.tbl_name, m.sql, i.name FROM sqlite_master AS m, "
                "pragma_index_info(m.name) AS i WHERE m.type = 'index' AND i.seqno = 0 "
                f"AND m.sql IS NOT NULL AND m.tbl_name IN ({marks}) ORDER BY m.name",
                tables,
            )
            for name, table, sql, first in cursor.fetchall():
                if table != person_table and first == "person_id":
                    continue  # read by the pass, and appended to in order
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
                self.dropped.append(sql)
        return len(self.dropped)

    def restore(self) -> None:
        """Build the dropped indexes again (inside the load's transaction)."""
        if not self.dropped:
            return
        sync_statements()
        with connection.cursor() as cursor:
            # CREATE INDEX sorts in memory up to the page cache's size, then merges runs
            # from temporary files: a bigger cache for the rebuild only.
            cursor.execute("PRAGMA cache_size")
            saved = cursor.fetchone()[0]
            cursor.execute(f"PRAGMA cache_size = -{REBUILD_CACHE_KIB}")
            try:
                for sql in self.dropped:
                    cursor.execute(sql)
            finally:
                cursor.execute(f"PRAGMA cache_size = {int(saved)}")
        self.dropped.clear()


def _score(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def resolve_parts(record: PersonRecord, r: _Resolver) -> dict[str, list[tuple]]:
    """The part rows of one record, codes and units resolved, without the leading
    (person_id, source) columns (column order as in `_tables`). Raises BulkLoadError for
    an unknown code or unit. The importer compares these tuples with the database's."""
    code = r.code
    parts: dict[str, list[tuple]] = {}
    if record.qualifications:
        parts["qualification"] = [
            (
                code("qualification_level", q.level), code("degree", q.degree),
                code("st_field", q.st_field), q.major, q.institution, code("country", q.country),
                q.year,
            )
            for q in record.qualifications
        ]  # fmt: skip
    if record.academic_titles:
        parts["title"] = [(code("academic_title", a.title), a.year) for a in record.academic_titles]
    if record.languages:
        parts["language"] = [
            (code("language", lang.language), code("language_level", lang.level))
            for lang in record.languages
        ]
    if record.employments:
        # Employment.save() is bypassed: derive the flag it would set.
        parts["employment"] = [
            (
                r.unit(e.unit_code), e.organization, e.position, e.leadership_level,
                e.leadership_level in DIVISION_LEVEL_OR_ABOVE, e.sector,
                code("occupation_group", e.occupation_group), e.start, e.end,
            )
            for e in record.employments
        ]  # fmt: skip
    if record.publications:
        parts["publication"] = [(p.title, p.doi, p.venue, p.year) for p in record.publications]
    if record.patents:
        parts["patent"] = [
            (p.title, p.kind, p.number, p.status, p.filed_on, p.granted_on) for p in record.patents
        ]
    if record.projects:
        parts["project"] = [
            (p.title, p.code, p.level, p.role, p.accepted_on, p.applied) for p in record.projects
        ]
    if record.awards:
        parts["award"] = [(a.name, a.level, a.issuer, a.year) for a in record.awards]
    if record.trainings:
        parts["training"] = [
            (
                code("training_topic", c.topic), c.title, c.provider, c.hours, c.start, c.end,
                c.certificate,
            )
            for c in record.trainings
        ]  # fmt: skip
    if record.assessments:
        parts["assessment"] = [
            (s.kind, s.result, _score(s.score), s.assessed_on) for s in record.assessments
        ]
    parts["status"] = [(record.status, record.status_since, None, "")]
    for name, scheme in _M2M.items():
        values = getattr(record, name)
        if values:
            parts[name] = [(code(scheme, value),) for value in dict.fromkeys(values)]
    return parts


def queue_parts(pid: int, parts: dict[str, list[tuple]], t: dict[str, _Rows]) -> None:
    """Queue resolved part rows (from `resolve_parts`) of the person `pid`."""
    for name, rows in parts.items():
        queue = t[name].rows
        if name in _M2M:
            queue.extend((pid, *row) for row in rows)
        else:
            queue.extend((pid, "", *row) for row in rows)


def _parts(record: PersonRecord, pid: int, r: _Resolver, t: dict[str, _Rows]) -> None:
    """Queue the part rows of one person (column order as in `_tables`)."""
    queue_parts(pid, resolve_parts(record, r), t)


class BulkWriter:
    """The insert half of `load_people`, for callers that run their own transaction and
    hooks (the importer): resolve records (BulkLoadError on a bad one), then write them."""

    def __init__(self) -> None:
        self.resolver = _Resolver()
        self.people = _People()
        self.tables = _tables()
        # Adapted once, as the ORM would for an auto_now(_add) field.
        self.now = connection.ops.adapt_datetimefield_value(timezone.now())

    def person_row(self, record: PersonRecord) -> tuple:
        return self.people.row(record, self.resolver, self.now)

    def parts(self, record: PersonRecord) -> dict[str, list[tuple]]:
        return resolve_parts(record, self.resolver)

    def write(self, resolved: list[tuple[tuple, dict[str, list[tuple]]]]) -> list[int]:
        """Insert resolved (person row, parts) pairs; returns the new people's ids in order."""
        if not resolved:
            return []
        with connection.cursor() as cursor:
            ids = self.people.insert(cursor, [row for row, _parts in resolved])
            for pid, (_row, parts) in zip(ids, resolved, strict=True):
                queue_parts(pid, parts, self.tables)
            for table in self.tables.values():
                table.flush(cursor)
        return ids


def load_people(records: Iterable[PersonRecord], batch_size: int = 2000) -> int:
    """Insert people with all their parts; all or nothing. Returns how many were loaded.

    Raises BulkLoadError (a Vietnamese message naming the record) for an unknown unit or
    code, and IntegrityError for a personal ID already in the registry. `records` is
    consumed `batch_size` at a time, so a generator of a million people is fine.
    """
    total = 0
    with transaction.atomic():
        resolver = _Resolver()
        people = _People()
        tables = _tables()
        # Adapted once, as the ORM would for an auto_now(_add) field.
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            for batch in itertools.batched(records, batch_size):
                rows = []
                for offset, record in enumerate(batch):
                    resolver.number = total + offset + 1
                    rows.append(people.row(record, resolver, now))
                ids = people.insert(cursor, rows)
                for offset, (record, pid) in enumerate(zip(batch, ids, strict=True)):
                    resolver.number = total + offset + 1
                    _parts(record, pid, resolver, tables)
                for table in tables.values():
                    table.flush(cursor)
                total += len(batch)
    run_after_bulk_load()
    return total
