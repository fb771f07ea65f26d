"""The analytics store: computed indicators precomputed per unit, period and breakdown.

As DHIS2 does with its analytics tables, the values of the computed indicators are not
evaluated over the registry when a page asks for them: `AnalyticsFact` holds, for every
period held (`AnalyticsPeriod`), every computed indicator and every unit, the numerator and
denominator over the people the unit itself manages — in total and for each key of the
breakdowns the indicator declares (gender, under 45, ethnic minority, sector, strategic
technology group). A unit's value is the sum of its subtree's facts, read by prefix on the
fact's own indexed `unit_path` (a range on SQLite, `LIKE 'prefix%'` on a pattern index on
PostgreSQL), never by a join on the unit table.

The facts are computed by the same engine as before (`columnar` + the as-of correction of
`asof`), so they equal it by construction; `tests/indicators/test_analytics.py` checks it
on every indicator, unit and period.

When they change:

- a period is computed in full the first time it is read, by `hientai analytics rebuild`,
  and after a bulk load (generator, large import: those profiles carry no versions, so even
  closed periods may change — the store is emptied and recomputed on the next read);
- before a profile change (person, part, code links, deletion) what the person
  contributes to the open periods is stored in `AnalyticsPending`, in the change's own
  transaction (`note_before`, the engine limited to that person); once it commits,
  `apply()` adds what they contribute after minus that to the facts — a few UPDATEs, no
  recount. Reads apply what is pending first. `mark_units` + `refresh` recount whole
  units (for writes that bypass the signals);
- a closed period (its end is past) computed after its end is frozen: profile edits no
  longer change its as-of values, so refreshes leave it alone;
- a change of an indicator's definition or of the unit tree empties the store.

Reported indicators need no store: the approved `ReportedValue` rows are their precomputed
values, written when a submission is approved.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from hientai.indicators import asof, columnar
from hientai.indicators.filters import Atoms, Codes, Context, Formula, matches, with_default_status
from hientai.indicators.models import (
    AnalyticsDirtyUnit,
    AnalyticsFact,
    AnalyticsPending,
    AnalyticsPeriod,
    Indicator,
    Kind,
)
from hientai.indicators.periods import Period
from hientai.orgs.models import Unit
from hientai.registry.models import Employment, Person, ProfileVersion

logger = logging.getLogger(__name__)

BREAKDOWNS = ("gender", "under_45", "ethnic_minority", "sector", "technology_group")
SECTORS = ("public", "private", "fdi", "overseas")
TOTAL = ""  # the dimension of the totals
# Requested units per roll-up query (3 parameters each on SQLite, which allows 32,766).
UNITS_PER_QUERY = 5000

Key = tuple[int, int, str, str]  # indicator id, unit id, dimension, key


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def dimensions(indicator: Indicator) -> list[str]:
    """The breakdowns the store keeps for `indicator` (those it declares)."""
    return [dim for dim in (indicator.breakdowns or []) if dim in BREAKDOWNS]


def _definition(indicator: Indicator) -> tuple[dict, Any]:
    definition = indicator.definition or {}
    return definition.get("numerator") or {}, definition.get("denominator")


# ----------------------------------------------------------------------------- computing


class Split:
    """The keys of one breakdown over person ids: exclusive keys as one code column
    (`codes[i]` is the index of person i's key in `labels`: one bincount for them all), or
    overlapping keys (sectors, technology groups) as one boolean column each."""

    def __init__(
        self,
        labels: list[str] | None = None,
        codes: np.ndarray | None = None,
        masks: dict[str, np.ndarray] | None = None,
    ) -> None:
        self.labels = labels or []
        self.codes = codes
        self.masks = masks or {}


def _splits(
    dims: set[str], source: columnar.Columns, ctx: Context, restrict: Any
) -> dict[str, Split]:
    """The breakdowns wanted, as `Split`s over the person ids of `source`."""
    day = ctx.day
    splits: dict[str, Split] = {}
    if "gender" in dims:
        values, inverse = np.unique(source.gender, return_inverse=True)
        labels: list[str] = []
        mapping = np.zeros(len(values), dtype=np.int64)
        for index, value in enumerate(values.tolist()):
            key = value or "unknown"
            if key not in labels:
                labels.append(key)
            mapping[index] = labels.index(key)
        splits["gender"] = Split(labels, mapping[inverse.reshape(-1)])
    if "under_45" in dims:
        young = (source.birth_year > 0) & (source.birth_year > day.year - 45)
        splits["under_45"] = Split(["45_plus", "under_45"], young.astype(np.int64))
    if "ethnic_minority" in dims:
        kinh = ctx.codes.of("ethnic_group", ["01"])
        known = source.ethnic_group >= 0
        is_kinh = np.isin(source.ethnic_group, kinh)
        codes = np.where(~known, 0, np.where(is_kinh, 1, 2)).astype(np.int64)
        splits["ethnic_minority"] = Split(["unknown", "kinh", "minority"], codes)
    if "sector" in dims:
        running = Employment.objects.filter(
            Q(start__isnull=True) | Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day)
        )
        rows = running.filter(sector__in=SECTORS).values_list("person_id", "sector")
        if restrict is not None:
            rows = rows.filter(person_id__in=restrict)
        id_text, sector_text = columnar._fetch_texts(rows, [-1, ""])  # one read
        people = columnar._ints(id_text)
        sectors = np.array(sector_text.split(",") if people.size else [], dtype="<U16")
        splits["sector"] = Split(
            masks={sector: source.mask(people[sectors == sector]) for sector in SECTORS}
        )
    if "technology_group" in dims:
        people, links = source._m2m("strategic_technologies")
        top = {
            pk: code.split(".")[0]
            for pk, (scheme, code, _extra) in ctx.codes.by_id.items()
            if scheme == "strategic_technology"
        }
        masks = {}
        for group in sorted(set(top.values())):
            ids = [pk for pk, code in top.items() if code == group]
            masks[group] = source.mask(people[np.isin(links, ids)])
        splits["technology_group"] = Split(masks=masks)
    return splits


def _state_keys(state: Any, by: str, ctx: Context) -> list[str]:
    from hientai.indicators.services import _state_keys as keys_of

    return keys_of(state, by, ctx)


def compute(
    period: Period,
    unit_ids: set[int] | None = None,
    indicators: Sequence[Indicator] | None = None,
    person_ids: set[int] | None = None,
) -> dict[Key, list[int]]:
    """{(indicator, unit, dimension, key): [numerator, denominator]} over each unit's own
    people as of the period end — every unit, or only `unit_ids` (their people only), or
    only what the people `person_ids` contribute."""
    chosen = list(
        indicators
        if indicators is not None
        else Indicator.objects.filter(kind=Kind.COMPUTED).order_by("pk")
    )
    facts: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    if not chosen:
        return facts
    ctx = Context(
        period=period,
        codes=Codes.load(),
        unit_kinds=dict(Unit.objects.values_list("id", "kind")),
    )
    atoms = Atoms(ctx)
    plans: list[tuple[Indicator, Formula, Formula | None, dict | None, dict]] = []
    for indicator in chosen:
        numerator, denominator = _definition(indicator)
        if isinstance(denominator, dict):
            denominator_spec = with_default_status(denominator)
            base_formula = atoms.formula(denominator_spec)
            plans.append(
                (
                    indicator,
                    ("and", [base_formula, atoms.formula(numerator)]),
                    base_formula,
                    denominator_spec,
                    numerator,
                )
            )
        else:
            num_spec = with_default_status(numerator)
            plans.append((indicator, atoms.formula(num_spec), None, None, num_spec))
    changed = asof.changed_after(ctx.day)
    people = Person.objects.order_by()
    restrict: Any = None  # the ids of the people read (a subquery or a list), None: all
    if unit_ids is not None:
        people = people.filter(unit_id__in=sorted(unit_ids))
        restrict = Person.objects.filter(unit_id__in=sorted(unit_ids)).values("pk")
    if person_ids is not None:
        people = people.filter(pk__in=sorted(person_ids))
        restrict = sorted(person_ids)
        changed &= person_ids
    if changed:
        if len(changed) <= asof.ID_LIST_LIMIT:
            people = people.exclude(pk__in=sorted(changed))
        else:
            people = people.exclude(
                pk__in=ProfileVersion.objects.filter(at__gt=asof.cutoff_for(ctx.day)).values(
                    "person_id"
                )
            )
    source, columns = columnar.atom_columns(people, atoms, restrict)
    alive, unit_of = source.alive, source.unit_of
    width = len(source.unit_ids)
    dims = {dim for indicator in chosen for dim in dimensions(indicator)}
    splits = _splits(dims, source, ctx, restrict)
    unit_ids_dense = source.unit_ids

    def keep(pk: int, dim: str, labels: list[str], num: np.ndarray, den: np.ndarray) -> None:
        """Add the non-zero cells of (unit × key) counts (`labels[k]` is key k)."""
        width_keys = len(labels)
        cells = np.flatnonzero((num > 0) | (den > 0))
        units, keys = np.divmod(cells, width_keys)
        for unit_id, key_index, n, d in zip(
            unit_ids_dense[units].tolist(),
            keys.tolist(),
            num[cells].tolist(),
            den[cells].tolist(),
            strict=True,
        ):
            fact = facts[(pk, unit_id, dim, labels[key_index])]
            fact[0] += n
            fact[1] += d

    def count(mask: np.ndarray, codes: np.ndarray | None = None, keys: int = 1) -> np.ndarray:
        if codes is None:
            return np.bincount(unit_of[mask], minlength=width)
        return np.bincount(unit_of[mask] * keys + codes[mask], minlength=width * keys)

    zeros = np.zeros(width, dtype=np.int64)
    for indicator, num_formula, base, _base_spec, _num_spec in plans:
        num_mask = alive & columnar.combine(num_formula, columns, source.size)
        den_mask = alive & columnar.combine(base, columns, source.size) if base else None
        den_counts = count(den_mask) if den_mask is not None else zeros
        keep(indicator.pk, TOTAL, [""], count(num_mask), den_counts)
        split_base = den_mask if den_mask is not None else alive
        for dim in dimensions(indicator):
            split = splits[dim]
            if split.codes is not None:
                keys = len(split.labels)
                keep(
                    indicator.pk,
                    dim,
                    split.labels,
                    count(num_mask, split.codes, keys),
                    count(split_base, split.codes, keys),
                )
            for key, column in split.masks.items():
                keep(indicator.pk, dim, [key], count(num_mask & column), count(split_base & column))
    if changed:
        for state in asof.states_as_of(changed, ctx.day).values():
            if state is None:
                continue
            unit_id = state.person["unit_id"]
            if unit_ids is not None and unit_id not in unit_ids:
                continue
            for indicator, _num, _base, base_spec, num_spec in plans:
                if base_spec is not None and not matches(base_spec, state, ctx):
                    continue
                hit = int(matches(num_spec, state, ctx))
                total = facts[(indicator.pk, unit_id, TOTAL, "")]
                total[0] += hit
                if base_spec is not None:
                    total[1] += 1
                for dim in dimensions(indicator):
                    for key in _state_keys(state, dim, ctx):
                        fact = facts[(indicator.pk, unit_id, dim, key)]
                        fact[0] += hit
                        fact[1] += 1
    return facts


# PostgreSQL advisory lock taken by every write of facts: two processes computing the same
# period one after the other, never interleaved (SQLite serialises writers already).
LOCK_KEY = 14_0001


def _write(period: Period, facts: dict[Key, list[int]], unit_ids: set[int] | None) -> int:
    """Replace the facts of `period` (of `unit_ids` only, when given); caller holds a
    transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    paths = dict(Unit.objects.values_list("id", "path"))
    stale = AnalyticsFact.objects.filter(period=str(period))
    if unit_ids is not None:
        stale = stale.filter(unit_id__in=sorted(unit_ids))
    stale._raw_delete(stale.db)  # no cascade, no signal
    label = str(period)
    rows = [
        (label, pk, unit_id, paths[unit_id], dim, key, num, den)
        for (pk, unit_id, dim, key), (num, den) in facts.items()
        if unit_id in paths and (num or den)
    ]
    # In the order of the path index: its pages are filled in sequence, not at random.
    rows.sort(key=lambda row: (row[4], row[3]))
    sql = (
        f"INSERT INTO {AnalyticsFact._meta.db_table} (period, indicator_id, unit_id, unit_path, "
        "dimension, key, numerator, denominator) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    )
    with connection.cursor() as cursor:  # plain rows: no model instance per fact
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])
    return len(rows)


def build_period(period: Period | str, today: datetime.date | None = None) -> int:
    """Compute `period` in full and store it (frozen when it is over); returns the facts."""
    period = Period.parse(period)
    return _store_period(period, compute(period), today)


def uses_period_start(indicator: Indicator) -> bool:
    """Whether the indicator counts something within the period (a training or an award
    "within"/"since" the period): its facts depend on the period's first day, not only on
    its last. Read from the definition's text, so any mention counts (conservative)."""
    text = json.dumps(indicator.definition or {})
    return '"period"' in text or "_in_period" in text or "_in_year" in text


def _store_period(period: Period, facts: dict[Key, list[int]], today: datetime.date | None) -> int:
    with transaction.atomic():
        written = _write(period, facts, None)
        AnalyticsPeriod.objects.update_or_create(
            period=str(period),
            defaults={"computed_at": timezone.now(), "frozen": _today(today) > period.end},
        )
    return written


def default_periods(today: datetime.date | None = None, years: int = 5) -> list[Period]:
    """The periods a rebuild computes: each year and half year of the last `years` years."""
    year = _today(today).year
    return [
        p
        for y in range(year - years + 1, year + 1)
        for p in (Period(y, 1), Period(y, 2), Period(y))
    ]


def rebuild(
    periods: Iterable[Period | str] | None = None, today: datetime.date | None = None
) -> dict[str, int]:
    """Empty the store and compute `periods` (default: `default_periods`) in full."""
    chosen = [Period.parse(p) for p in periods] if periods is not None else default_periods(today)
    with transaction.atomic():
        AnalyticsDirtyUnit.objects.all().delete()
        AnalyticsPending.objects.all().delete()
        AnalyticsPeriod.objects.all().delete()
        everything = AnalyticsFact.objects.all()
        everything._raw_delete(everything.db)
    # Periods ending on the same day (a year and its second half) hold the same facts for
    # every indicator that reads only the state as of that day: computed once for both;
    # only the indicators counting within the period are computed for each.
    by_end: dict[datetime.date, list[Period]] = defaultdict(list)
    for period in chosen:
        by_end[period.end].append(period)
    computed = list(Indicator.objects.filter(kind=Kind.COMPUTED).order_by("pk"))
    windowed = [indicator for indicator in computed if uses_period_start(indicator)]
    as_of_end = [indicator for indicator in computed if not uses_period_start(indicator)]
    written: dict[str, int] = {}
    with columnar.shared_reads():  # the people, code links and degrees read once
        for group in by_end.values():
            if len(group) == 1:
                written[str(group[0])] = build_period(group[0], today)
                continue
            shared = compute(group[0], indicators=as_of_end)
            for period in group:
                facts = dict(shared)
                facts.update(compute(period, indicators=windowed))
                written[str(period)] = _store_period(period, facts, today)
    return {str(period): written[str(period)] for period in chosen}


def invalidate(*_args: Any, **_kwargs: Any) -> None:
    """Empty the store (after a bulk load or a change of definitions): every period is
    computed again when next read."""
    with transaction.atomic():
        AnalyticsPeriod.objects.all().delete()
        AnalyticsDirtyUnit.objects.all().delete()
        AnalyticsPending.objects.all().delete()
        everything = AnalyticsFact.objects.all()
        everything._raw_delete(everything.db)


# ----------------------------------------------------------------------------- refreshing


def mark_units(unit_ids: Iterable[int | None]) -> None:
    """Note units whose people changed (in the caller's transaction); the store refreshes
    them once the transaction commits."""
    wanted = sorted({int(pk) for pk in unit_ids if pk is not None})
    if not wanted:
        return
    AnalyticsDirtyUnit.objects.bulk_create([AnalyticsDirtyUnit(unit_id=pk) for pk in wanted])
    if connection.in_atomic_block:
        if not any(entry[1] is _refresh_after_commit for entry in connection.run_on_commit):
            transaction.on_commit(_refresh_after_commit, robust=True)
    else:
        _refresh_after_commit()


def mark_people(person_ids: Iterable[int]) -> None:
    ids = sorted(set(person_ids))
    if ids:
        mark_units(Person.objects.filter(pk__in=ids).values_list("unit_id", flat=True).distinct())


def _refresh_after_commit() -> None:
    try:
        refresh()
    except Exception:  # the change is committed; the next read refreshes again
        logger.exception("refreshing the analytics store failed")


def refresh(today: datetime.date | None = None) -> int:
    """Recompute the facts of the marked units for every open period held; returns the
    number of units refreshed. Closed periods are recomputed in full once (then frozen)."""
    marks = list(AnalyticsDirtyUnit.objects.values_list("pk", "unit_id"))
    if not marks:
        return 0
    last = max(pk for pk, _unit in marks)
    units = {unit for _pk, unit in marks}
    day = _today(today)
    for held in AnalyticsPeriod.objects.filter(frozen=False):
        period = Period.parse(held.period)
        if day > period.end:
            build_period(period, today)  # now closed: once more in full, then frozen
            continue
        facts = compute(period, units)
        with transaction.atomic():
            _write(period, facts, units)
            AnalyticsPeriod.objects.filter(pk=held.pk).update(computed_at=timezone.now())
    AnalyticsDirtyUnit.objects.filter(pk__lte=last).delete()
    return len(units)


# ----------------------------------------------------------------------------- deltas


def open_periods(today: datetime.date | None = None) -> list[Period]:
    """The periods held that profile changes still move (not frozen, not over)."""
    day = _today(today)
    held = [
        Period.parse(p)
        for p in AnalyticsPeriod.objects.filter(frozen=False).values_list("period", flat=True)
    ]
    return [period for period in held if day <= period.end]


# Past this many people noted and not yet applied, the next ones are handled by recounting
# their units after the commit (`refresh`): an import of many updates costs one recount per
# unit instead of one computation per person.
DELTA_LIMIT = 50
UNITS = "units"  # the marker's dimension for a person handled by unit recount


def note_before(person_ids: Iterable[int | None], *, new: bool = False) -> None:
    """Before a change to these people (in its transaction): store what they contribute
    to the open periods now, once per person and transaction (`new`: just created, they
    contribute nothing yet)."""
    ids = {int(pk) for pk in person_ids if pk}
    if not ids:
        return
    noted = set(
        AnalyticsPending.objects.filter(person_id__in=ids, period="").values_list(
            "person_id", flat=True
        )
    )
    fresh = ids - noted
    if not fresh:
        return
    periods = open_periods()
    owner = min(fresh)
    # Many people already noted (an import of updates): recount their units after the
    # commit rather than computing each person's contribution now.
    by_unit = (
        not new
        and bool(periods)
        and AnalyticsPending.objects.filter(period="").count() + len(fresh) > DELTA_LIMIT
    )
    rows = [
        AnalyticsPending(
            person_id=pk,
            dimension=UNITS if by_unit else "",
            key=",".join(str(p) for p in periods),
        )
        for pk in fresh
    ]
    if by_unit:  # the units they leave; the units they join are marked by `apply`
        units = Person.objects.filter(pk__in=sorted(fresh)).values_list("unit_id", flat=True)
        AnalyticsDirtyUnit.objects.bulk_create(
            [AnalyticsDirtyUnit(unit_id=pk) for pk in sorted(set(units)) if pk is not None]
        )
    elif not new:
        for period in periods:
            for (pk, unit_id, dim, key), (num, den) in compute(period, person_ids=fresh).items():
                if num or den:
                    rows.append(
                        AnalyticsPending(
                            person_id=owner,
                            period=str(period),
                            indicator_id=pk,
                            unit_id=unit_id,
                            dimension=dim,
                            key=key,
                            numerator=num,
                            denominator=den,
                        )
                    )
    AnalyticsPending.objects.bulk_create(rows, batch_size=2000)


def schedule() -> None:
    """After a change: apply the pending deltas once the transaction commits."""
    if connection.in_atomic_block:
        if not any(entry[1] is _apply_after_commit for entry in connection.run_on_commit):
            transaction.on_commit(_apply_after_commit, robust=True)
    else:
        _apply_after_commit()


def _apply_after_commit() -> None:
    try:
        apply()
    except Exception:  # the change is committed; the next read applies it
        logger.exception("updating the analytics store failed")


def apply(today: datetime.date | None = None) -> int:
    """Add to the facts of the open periods, for every person noted, what they contribute
    now minus what they contributed before the change; returns the people applied."""
    pending = list(
        AnalyticsPending.objects.values_list(
            "pk", "person_id", "period", "indicator_id", "unit_id", "dimension", "key",
            "numerator", "denominator",
        )
    )  # fmt: skip
    if not pending:
        return 0
    last = max(row[0] for row in pending)
    recounted = {row[1] for row in pending if row[2] == "" and row[5] == UNITS}
    people = {row[1] for row in pending if row[2] == "" and row[5] != UNITS}
    noted_periods = {p for row in pending if row[2] == "" for p in row[6].split(",") if p}
    periods = [p for p in open_periods(today) if str(p) in noted_periods]
    deltas: dict[tuple[str, int | None, int | None, str, str], list[int]] = defaultdict(
        lambda: [0, 0]
    )
    for _pk, _person, period_text, pk, unit_id, dim, key, num, den in pending:
        if period_text:
            delta = deltas[(period_text, pk, unit_id, dim, key)]
            delta[0] -= num
            delta[1] -= den
    for period in periods if people else []:
        for (pk, unit_id, dim, key), (num, den) in compute(period, person_ids=people).items():
            delta = deltas[(str(period), pk, unit_id, dim, key)]
            delta[0] += num
            delta[1] += den
    wanted = {str(p) for p in periods}
    paths = dict(Unit.objects.values_list("id", "path"))
    table = AnalyticsFact._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        for (period_text, pk, unit_id, dim, key), (num, den) in deltas.items():
            if period_text not in wanted or not (num or den) or unit_id not in paths:
                continue
            cursor.execute(
                f"UPDATE {table} SET numerator = numerator + %s, denominator = denominator + %s "
                "WHERE period = %s AND indicator_id = %s AND unit_id = %s AND dimension = %s "
                "AND key = %s",
                [num, den, period_text, pk, unit_id, dim, key],
            )
            if cursor.rowcount == 0:
                cursor.execute(
                    f"INSERT INTO {table} (period, indicator_id, unit_id, unit_path, dimension, "
                    "key, numerator, denominator) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    [period_text, pk, unit_id, paths[unit_id], dim, key, num, den],
                )
        AnalyticsPending.objects.filter(pk__lte=last).delete()
        if recounted:  # the units they are in now (those they left are marked already)
            AnalyticsDirtyUnit.objects.bulk_create(
                [
                    AnalyticsDirtyUnit(unit_id=pk)
                    for pk in sorted(
                        set(
                            Person.objects.filter(pk__in=sorted(recounted)).values_list(
                                "unit_id", flat=True
                            )
                        )
                    )
                    if pk is not None
                ]
            )
    if recounted:
        refresh(today)
    return len(people) + len(recounted)


# Periods already made up to date inside `once_per_period()`: None outside it.
_ensured: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "analytics_ensured", default=None
)


@contextlib.contextmanager
def once_per_period() -> Iterator[None]:
    """Inside (one request's reads): `ensure` checks each period once, not on every read."""
    token = _ensured.set(set())
    try:
        yield
    finally:
        _ensured.reset(token)


def ensure(period: Period, today: datetime.date | None = None) -> None:
    """Make the store hold `period` up to date: computed in full when missing (or closed
    since it was computed), refreshed when units are marked."""
    done = _ensured.get()
    if done is not None:
        if str(period) in done:
            return
        done.add(str(period))
    held = AnalyticsPeriod.objects.filter(period=str(period)).first()
    if held is None or (not held.frozen and _today(today) > period.end):
        build_period(period, today)
        return
    if not held.frozen:
        if AnalyticsPending.objects.exists():
            apply(today)
        if AnalyticsDirtyUnit.objects.exists():
            refresh(today)


# ----------------------------------------------------------------------------- reading


def _subtree_query(vendor: str, units: Sequence[Unit], ids: list[int]) -> tuple[str, list[Any]]:
    """One query summing the facts of each unit's subtree, by prefix of the facts' own
    indexed unit_path: on SQLite a join on a range ('/' + 1 is '0': [path, path[:-1] + '0')
    holds exactly the paths starting with path); on PostgreSQL one UNION ALL branch per
    unit with `LIKE 'path%'` (answered by the pattern index whatever the collation)."""
    table = AnalyticsFact._meta.db_table
    marks = ", ".join(["%s"] * len(ids))
    if vendor == "postgresql":
        branch = (
            "SELECT %s AS wanted, indicator_id, key, SUM(numerator), SUM(denominator) "
            f"FROM {table} WHERE period = %s AND dimension = %s AND unit_path LIKE %s "
            f"AND indicator_id IN ({marks}) GROUP BY indicator_id, key"
        )
        params: list[Any] = []
        for unit in units:
            params += [unit.pk, "{period}", "{dimension}", unit.path + "%", *ids]
        return " UNION ALL ".join(branch for _unit in units), params
    wanted = ", ".join(["(%s, %s, %s)"] * len(units))
    sql = (
        f"WITH wanted(unit_id, low, high) AS (VALUES {wanted}) "
        "SELECT wanted.unit_id, f.indicator_id, f.key, SUM(f.numerator), SUM(f.denominator) "
        f"FROM wanted JOIN {table} AS f ON f.period = %s AND f.dimension = %s "
        "AND f.unit_path >= wanted.low AND f.unit_path < wanted.high "
        f"WHERE f.indicator_id IN ({marks}) GROUP BY wanted.unit_id, f.indicator_id, f.key"
    )
    params = []
    for unit in units:
        params += [unit.pk, unit.path, unit.path[:-1] + "0"]
    return sql, [*params, "{period}", "{dimension}", *ids]


def subtree_sums(
    period: Period,
    indicators: Sequence[Indicator],
    units: Sequence[Unit],
    dimension: str = TOTAL,
    today: datetime.date | None = None,
) -> dict[int, dict[int, dict[str, list[Decimal]]]]:
    """{indicator id: {unit id: {key: [numerator, denominator]}}} summed over each unit's
    subtree from the store (the period is computed or refreshed first when needed)."""
    result: dict[int, dict[int, dict[str, list[Decimal]]]] = {ind.pk: {} for ind in indicators}
    if not indicators or not units:
        return result
    ensure(period, today)
    ids = sorted(ind.pk for ind in indicators)
    unique = list({unit.pk: unit for unit in units}.values())
    for start in range(0, len(unique), UNITS_PER_QUERY):
        chunk = unique[start : start + UNITS_PER_QUERY]
        sql, params = _subtree_query(connection.vendor, chunk, ids)
        values = {"{period}": str(period), "{dimension}": dimension}
        params = [values.get(p, p) if isinstance(p, str) else p for p in params]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for unit_id, pk, key, num, den in cursor.fetchall():
                result[pk].setdefault(unit_id, {})[key] = [Decimal(int(num)), Decimal(int(den))]
    return result


def totals(
    period: Period,
    indicators: Sequence[Indicator],
    units: Sequence[Unit],
    today: datetime.date | None = None,
) -> dict[int, dict[int, list[Decimal]]]:
    """{indicator id: {unit id: [numerator, denominator]}} over each unit's subtree."""
    sums = subtree_sums(period, indicators, units, TOTAL, today)
    return {
        pk: {unit_id: by_key[""] for unit_id, by_key in by_unit.items() if "" in by_key}
        for pk, by_unit in sums.items()
    }
