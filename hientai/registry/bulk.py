"""Fast bulk loading of people and all their parts (the generator, later the importer).

`load_people(records)` writes in batches inside one transaction: any bad record (an
unknown unit or code, a personal ID already in the registry) raises and nothing is
written. Units and codes are resolved with in-memory dicts built once.

It writes the rows `bulk_create` would write, without the ORM's per-value work, which
was two thirds of the time (perf-anchors.md §4: model instances and SQL building are
the ceiling, not the database):

- SQLite (and other backends): people as multi-row `INSERT ... RETURNING id` (the
  statement `bulk_create` issues on SQLite 3.35+, with the same reliance on the
  returned order), parts as multi-row INSERTs of plain tuples;
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

import itertools
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hientai.catalogs.models import Code, Scheme
from hientai.orgs.models import Unit
from hientai.registry import models as m
from hientai.registry.generator import PersonRecord
from hientai.registry.models import DIVISION_LEVEL_OR_ABOVE, compose_full_name
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
    """Multi-row INSERT ... RETURNING id for Person; every concrete column is written
    (model defaults for the ones a record does not carry)."""

    def __init__(self) -> None:
        meta = m.Person._meta
        quote = connection.ops.quote_name
        self.fields = [f for f in meta.concrete_fields if not f.primary_key]
        self.defaults = {f.attname: f.get_default() for f in self.fields}
        self.head = (
            f"INSERT INTO {quote(meta.db_table)} "
            f"({', '.join(quote(f.column) for f in self.fields)}) VALUES "
        )
        self.marks = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
        self.tail = f" RETURNING {quote(meta.pk.column)}"
        self.table, self.pk = meta.db_table, meta.pk.column
        columns = ", ".join(quote(c) for c in [self.pk, *(f.column for f in self.fields)])
        self.copy = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"

    def row(self, record: PersonRecord, r: _Resolver, now: Any) -> tuple:
        values = dict(self.defaults)
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
        return tuple(values[f.attname] for f in self.fields)

    def insert(self, cursor: Any, rows: list[tuple]) -> list[int]:
        if _use_copy():  # ids drawn from the table's own sequence, rows sent with COPY
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [self.table, self.pk, len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            with connection.wrap_database_errors, cursor.cursor.copy(self.copy) as copy:
                for pk, row in zip(ids, rows, strict=True):
                    copy.write_row((pk, *row))
            return ids
        ids = []
        for chunk in itertools.batched(rows, _PARAMETERS_PER_STATEMENT // len(self.fields)):
            sql = self.head + ", ".join([self.marks] * len(chunk)) + self.tail
            cursor.execute(sql, [value for row in chunk for value in row])
            ids.extend(row[0] for row in cursor.fetchall())
        if len(ids) != len(rows):  # pragma: no cover - a backend without RETURNING
            raise RuntimeError("the database did not return the new people's ids")
        return ids


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
            cursor.execute(sql, [value for row in chunk for value in row])
        self.rows.clear()


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


def _score(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _parts(record: PersonRecord, pid: int, r: _Resolver, t: dict[str, _Rows]) -> None:
    """Queue the part rows of one person (column order as in `_tables`)."""
    code = r.code
    rows = t["qualification"].rows
    for q in record.qualifications:
        level, degree = code("qualification_level", q.level), code("degree", q.degree)
        field, country = code("st_field", q.st_field), code("country", q.country)
        rows.append((pid, "", level, degree, field, q.major, q.institution, country, q.year))
    rows = t["title"].rows
    for a in record.academic_titles:
        rows.append((pid, "", code("academic_title", a.title), a.year))
    rows = t["language"].rows
    for lang in record.languages:
        language, level = code("language", lang.language), code("language_level", lang.level)
        rows.append((pid, "", language, level))
    rows = t["employment"].rows
    for e in record.employments:
        # Employment.save() is bypassed: derive the flag it would set.
        leader = e.leadership_level in DIVISION_LEVEL_OR_ABOVE
        unit, group = r.unit(e.unit_code), code("occupation_group", e.occupation_group)
        rows.append(
            (pid, "", unit, e.organization, e.position, e.leadership_level, leader, e.sector,
             group, e.start, e.end)
        )  # fmt: skip
    rows = t["publication"].rows
    for p in record.publications:
        rows.append((pid, "", p.title, p.doi, p.venue, p.year))
    rows = t["patent"].rows
    for p in record.patents:
        rows.append((pid, "", p.title, p.kind, p.number, p.status, p.filed_on, p.granted_on))
    rows = t["project"].rows
    for p in record.projects:
        rows.append((pid, "", p.title, p.code, p.level, p.role, p.accepted_on, p.applied))
    rows = t["award"].rows
    for a in record.awards:
        rows.append((pid, "", a.name, a.level, a.issuer, a.year))
    rows = t["training"].rows
    for c in record.trainings:
        topic = code("training_topic", c.topic)
        rows.append((pid, "", topic, c.title, c.provider, c.hours, c.start, c.end, c.certificate))
    rows = t["assessment"].rows
    for s in record.assessments:
        rows.append((pid, "", s.kind, s.result, _score(s.score), s.assessed_on))
    t["status"].rows.append((pid, "", record.status, record.status_since, None, ""))
    for name, scheme in _M2M.items():
        rows = t[name].rows
        for value in dict.fromkeys(getattr(record, name)):
            rows.append((pid, code(scheme, value)))


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
