"""Counting people for many computed indicators at once, column-wise.

Asking the database to test 20-30 conditions (each a `person_id IN (...)` over a part table)
on every one of a million people costs a microsecond or two per test — a minute in all.
Instead each elementary condition ("atom", see `filters.Atoms`) becomes a boolean column
(numpy) indexed by person id, and each indicator's numerator and denominator are boolean
combinations of columns, counted by unit with `bincount`.

The columns come from a few reads, each a scan of one table with no join:

- the people (id, unit, gender, year of birth, ethnic group): person-field atoms;
- the code links (categories, S&T fields, strategic technologies), the qualifications and
  the trainings, each read once (person, code, year/flags) and filtered in numpy for every
  atom on that table;
- any other atom (status on the day, employment, assessments, awards, titles) is one query
  returning the ids of the people that meet it.

Every read returns one text value joined in the database (group_concat / string_agg) that
numpy parses: a million rows as Python tuples would cost more than the database's work.
The number of queries depends on the atoms, never on the number of units.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any, cast

import numpy as np
from django.db import connections
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from hientai.indicators.filters import (
    Atoms,
    Context,
    Formula,
    _as_list,
    _degree_ids,
    _training,
    _window,
    compile_q,
)
from hientai.registry.models import Person, Qualification, TrainingRecord


def _aggregate_sql(vendor: str, expression: str) -> str:
    """One text value joining `expression` over all rows (built in the database, in C)."""
    if vendor == "postgresql":
        return f"string_agg(({expression})::text, ',')"
    return f"group_concat({expression}, ',')"


# While set (`shared_reads`), identical reads are answered once: a rebuild of many periods
# reads the people and their code links and degrees once, not once per period.
_shared: dict[tuple, list[str]] | None = None


@contextlib.contextmanager
def shared_reads() -> Iterator[None]:
    """Within this block, reads with the same SQL and parameters are made once (for
    computing several periods from one unchanged registry; not for concurrent writes)."""
    global _shared
    _shared = {}
    try:
        yield
    finally:
        _shared = None


def _fetch_texts(queryset: QuerySet, defaults: Sequence[Any]) -> list[str]:
    """The columns of `queryset` (values_list), each joined with commas into one text.

    NULLs become the column's default, so the columns stay aligned. Unordered: the models'
    default ordering would join and sort for nothing.
    """
    connection = connections[queryset.db]
    sql, params = queryset.order_by().query.sql_with_params()
    key = (sql, tuple(str(p) for p in params), tuple(str(d) for d in defaults))
    if _shared is not None and key in _shared:
        return _shared[key]
    texts = _read_texts(connection, sql, params, defaults)
    if _shared is not None:
        _shared[key] = texts
    return texts


def _read_texts(connection: Any, sql: str, params: Any, defaults: Sequence[Any]) -> list[str]:
    names = [f"c{i}" for i in range(len(defaults))]
    # An empty first row names the columns whatever the inner query calls them.
    header = ", ".join(f"%s AS {name}" for name in names)
    aggregates = ", ".join(
        _aggregate_sql(connection.vendor, f"COALESCE({name}, %s)") for name in names
    )
    outer = f"SELECT {aggregates} FROM (SELECT {header} WHERE 1 = 0 UNION ALL {sql}) AS counted"
    with connection.cursor() as cursor:
        cursor.execute(outer, [*defaults, *defaults, *params])
        row = cursor.fetchone()
    return [value or "" for value in row]


def _ints(text: str) -> np.ndarray:
    """Comma-separated integers as an array; np.fromstring with a separator parses in C,
    without a Python list of a million strings."""
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")


def _fetch_int_columns(queryset: QuerySet, defaults: Sequence[int]) -> list[np.ndarray]:
    return [_ints(text) for text in _fetch_texts(queryset, defaults)]


def _fetch_ids(queryset: QuerySet) -> np.ndarray:
    """The first (integer) column of `queryset` as an int64 array."""
    return _fetch_int_columns(queryset, [-1])[0]


class Columns:
    """Boolean columns over person ids (0 .. max id) for the atoms of one evaluation."""

    def __init__(self, people: QuerySet, ctx: Context, restrict: Any = None) -> None:
        self.ctx = ctx
        self.person_model = Person
        # The ids of the only people wanted (a few units refreshed by the analytics store):
        # every table read is then limited to them; None reads whole tables.
        self.restrict = restrict
        id_text, unit_text, gender, birth_year, ethnic = _fetch_texts(
            people.values_list("pk", "unit_id", "gender", "birth_year", "ethnic_group_id"),
            [-1, -1, "", 0, -1],
        )
        ids, units = _ints(id_text), _ints(unit_text)
        # Columns are indexed by person id (0 .. max id); for a restricted read (a few
        # units) by the rank of the id among the people read instead, so that every column
        # has the size of those few people, not of the whole registry.
        self.compact: np.ndarray | None = None
        if restrict is not None:
            self.compact = np.sort(ids)
            self.size = max(len(ids), 1)
            where = np.searchsorted(self.compact, ids)
        else:
            self.size = int(ids.max()) + 1 if len(ids) else 1
            where = ids
        self.unit_ids, dense = np.unique(units, return_inverse=True)
        # Dense unit index of every person; -1 for ids that are not (or no longer) counted.
        self.unit_of = np.full(self.size, -1, dtype=np.int64)
        self.unit_of[where] = dense
        self.alive = self.unit_of >= 0
        # Fixed-width text: comparisons run in C, not one Python object at a time.
        self.gender = np.full(self.size, "", dtype="<U16")
        self.gender[where] = gender.split(",") if ids.size else []
        self.birth_year = np.zeros(self.size, dtype=np.int64)
        self.birth_year[where] = _ints(birth_year)
        self.ethnic_group = np.full(self.size, -1, dtype=np.int64)
        self.ethnic_group[where] = _ints(ethnic)
        self._tables: dict[str, list[np.ndarray]] = {}
        self._training_windows: list[datetime.date] = []

    # ---------------------------------------------------------------- table reads

    def _limit(self, queryset: QuerySet, field: str = "person_id") -> QuerySet:
        if self.restrict is None:
            return queryset
        return queryset.filter(**{f"{field}__in": self.restrict})

    def _m2m(self, name: str) -> list[np.ndarray]:
        """(person ids, code ids) of a Person many-to-many field, read once."""
        if name not in self._tables:
            through = getattr(self.person_model, name).through
            self._tables[name] = _fetch_int_columns(
                self._limit(through.objects.values_list("person_id", "code_id")), [-1, -1]
            )
        return self._tables[name]

    def _qualifications(self) -> list[np.ndarray]:
        """(person, degree, year or 0, S&T field) of every qualification, read once."""

        if "qualification" not in self._tables:
            self._tables["qualification"] = _fetch_int_columns(
                self._limit(
                    Qualification.objects.values_list(
                        "person_id", "degree_id", "year", "st_field_id"
                    )
                ),
                [-1, -1, 0, -1],
            )
        return self._tables["qualification"]

    def prepare_trainings(self, specs: Sequence[dict]) -> None:
        """Note the first days of the training windows the atoms need (one read for all)."""
        for spec in specs:
            training = _training(spec) if len(spec) == 1 else None
            if training is not None:
                first = _window(training.get("within", "period"), self.ctx)
                if first is not None and first not in self._training_windows:
                    self._training_windows.append(first)

    def _trainings(self) -> list[np.ndarray]:
        """(person, topic, one 0/1 column per window) of the trainings ended by the day."""

        if "training" not in self._tables:
            flags = {
                f"w{i}": Case(
                    When(end__gte=first, then=Value(1)),
                    default=Value(0),
                    output_field=IntegerField(),
                )
                for i, first in enumerate(self._training_windows)
            }
            rows = (
                self._limit(TrainingRecord.objects.filter(end__isnull=False, end__lte=self.ctx.day))
                .annotate(**flags)
                .values_list("person_id", "topic_id", *flags)
            )
            self._tables["training"] = _fetch_int_columns(rows, [-1, -1, *[0] * len(flags)])
        return self._tables["training"]

    # ---------------------------------------------------------------- atoms

    def mask(self, ids: np.ndarray) -> np.ndarray:
        """The boolean column of the people `ids` (ids of people not read are ignored)."""
        column = np.zeros(self.size, dtype=bool)
        if self.compact is None:
            column[ids[(ids >= 0) & (ids < self.size)]] = True
        elif len(self.compact) and len(ids):
            rank = np.minimum(np.searchsorted(self.compact, ids), len(self.compact) - 1)
            column[rank[self.compact[rank] == ids]] = True
        return column

    def atom(self, spec: dict) -> np.ndarray:
        column = self._fast(spec)
        return column if column is not None else self.column(compile_q(spec, self.ctx))

    def _fast(self, spec: dict) -> np.ndarray | None:
        """Atoms answered from the columns and tables already read; None otherwise."""
        ctx, year = self.ctx, self.ctx.day.year
        if set(spec) <= {"degree", "degree_at_least"}:
            people, degrees, years, _fields = self._qualifications()
            chosen = np.isin(degrees, _degree_ids(spec, ctx)) & (years <= year)
            return self.mask(people[chosen])
        if len(spec) != 1:
            return None
        ((key, value),) = spec.items()
        if key == "gender":
            return np.isin(self.gender, _as_list(value))
        if key == "age_under":
            return (self.birth_year > 0) & (self.birth_year > year - value)
        if key == "age_at_least":
            return (self.birth_year > 0) & (self.birth_year <= year - value)
        if key == "ethnic_minority":
            kinh = ctx.codes.of("ethnic_group", ["01"])
            known = self.ethnic_group >= 0
            is_kinh = np.isin(self.ethnic_group, kinh)
            return known & ~is_kinh if value else known & is_kinh
        if key == "unit_kind" and ctx.unit_kinds:
            wanted = _as_list(value)
            kinds = np.array([ctx.unit_kinds.get(int(u)) in wanted for u in self.unit_ids])
            column = np.zeros(self.size, dtype=bool)
            inside = self.unit_of >= 0
            column[inside] = kinds[self.unit_of[inside]]
            return column
        if key == "category":
            people, codes = self._m2m("categories")
            wanted_ids = ctx.codes.of("person_category", _as_list(value))
            return self.mask(people[np.isin(codes, wanted_ids)])
        if key == "strategic_technology":
            people, codes = self._m2m("strategic_technologies")
            if value is True:
                return self.mask(people)
            wanted_ids = ctx.codes.with_prefix("strategic_technology", _as_list(value))
            return self.mask(people[np.isin(codes, wanted_ids)])
        if key == "st_field_prefix":
            field_ids = ctx.codes.with_prefix("st_field", _as_list(value))
            people, codes = self._m2m("st_fields")
            own = self.mask(people[np.isin(codes, field_ids)])
            holders, _degrees, years, fields = self._qualifications()
            studied = self.mask(holders[np.isin(fields, field_ids) & (years <= year)])
            return own | studied
        training = _training(spec)
        if training is not None:
            first = _window(training.get("within", "period"), ctx)
            people, topics, *windows = self._trainings()
            chosen = np.ones(len(people), dtype=bool)
            if first is not None:
                chosen &= windows[self._training_windows.index(first)] == 1
            if training.get("topics"):
                chosen &= np.isin(topics, ctx.codes.of("training_topic", training["topics"]))
            return self.mask(people[chosen])
        return None

    def column(self, q: Q) -> np.ndarray:
        """The people matching `q`: `pk__in` subqueries are read on their own table; any
        other condition is asked of the person table."""
        parts = []
        # A Q's children are Qs and (lookup, value) leaves.
        for child in cast(list[Q | tuple[str, Any]], q.children):
            if isinstance(child, Q):
                parts.append(self.column(child))
            elif child[0] == "pk__in" and isinstance(child[1], QuerySet):
                parts.append(self.mask(_fetch_ids(self._limit(child[1]))))
            elif child[0] == "pk__in":
                parts.append(self.mask(np.array(list(child[1]), dtype=np.int64)))
            else:
                matching = self._limit(self.person_model.objects.filter(Q(child)), "pk")
                matching = matching.values_list("pk")
                parts.append(self.mask(_fetch_ids(matching)))
        if not parts:
            result = np.ones(self.size, dtype=bool)
        elif q.connector == Q.OR:
            result = np.logical_or.reduce(parts)
        else:
            result = np.logical_and.reduce(parts)
        return ~result if q.negated else result


def combine(formula: Formula, columns: list[np.ndarray], size: int) -> np.ndarray:
    """The boolean column of a formula over atom columns."""
    kind, body = formula
    if kind == "atom":
        return columns[body]
    if kind == "not":
        return ~combine(body, columns, size)
    parts = [combine(part, columns, size) for part in body]
    if not parts:
        return np.ones(size, dtype=bool) if kind == "and" else np.zeros(size, dtype=bool)
    return np.logical_and.reduce(parts) if kind == "and" else np.logical_or.reduce(parts)


def atom_columns(
    people: QuerySet, atoms: Atoms, restrict: Any = None
) -> tuple[Columns, list[np.ndarray]]:
    source = Columns(people, atoms.ctx, restrict)
    source.prepare_trainings(atoms.specs)
    return source, [source.atom(spec) for spec in atoms.specs]


def count_by_unit(
    people: QuerySet,
    atoms: Atoms,
    formulas: Sequence[tuple[int, Formula, Formula | None]],
) -> dict[int, dict[int, list[Decimal]]]:
    """{indicator id: {unit id: [numerator, denominator]}} for (id, numerator formula,
    denominator formula or None) over the people of `people`."""
    source, columns = atom_columns(people, atoms)
    alive, unit_of, width = source.alive, source.unit_of, len(source.unit_ids)
    result: dict[int, dict[int, list[Decimal]]] = {}
    for pk, numerator, denominator in formulas:
        num = np.bincount(
            unit_of[alive & combine(numerator, columns, source.size)], minlength=width
        )
        if denominator is not None:
            den_mask = alive & combine(denominator, columns, source.size)
            den = np.bincount(unit_of[den_mask], minlength=width)
        else:
            den = np.zeros(width, dtype=np.int64)
        counts: dict[int, list[Decimal]] = {}
        for index in np.flatnonzero((num > 0) | (den > 0)):
            counts[int(source.unit_ids[index])] = [
                Decimal(int(num[index])),
                Decimal(int(den[index])),
            ]
        result[pk] = counts
    return result
