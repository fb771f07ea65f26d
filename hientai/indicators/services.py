"""Indicator values: computed from the registry as of a period's end or reported by units,
rolled up the unit tree by ratio of sums, compared with targets.

Public API (REP and DOC call these):

- `record_reported(indicator, unit, period, *, numerator, denominator, value, source)`
- `evaluate(period, *, units=None, indicators=None, unit=None) -> list[IndicatorValue]`
- `series(indicator, unit, periods) -> list[IndicatorValue]`
- `breakdown(indicator, period, unit, by) -> list[BreakdownValue]`
- `indicators_json(unit, period) -> dict` (the `hientai indicators --json` payload)
- `STATUS_LABELS` / `status_label(status)`

The number of SQL queries of `evaluate` does not depend on the number of units: people are
counted grouped by their managing unit (one grouped query per group of computed indicators
sharing a denominator), reported values are read in one query, and both are summed up the
unit paths in Python.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hientai.accounts.scoping import scope_for, visible
from hientai.indicators import analytics, asof, columnar
from hientai.indicators.filters import (
    Atoms,
    Codes,
    Context,
    FilterError,
    Formula,
    compile_q,
    matches,
    with_default_status,
)
from hientai.indicators.models import (
    Aggregation,
    Direction,
    Indicator,
    IndicatorTarget,
    Kind,
    MeasureUnit,
    ReportedValue,
)
from hientai.indicators.periods import Period
from hientai.orgs.models import Unit, UnitPopulation
from hientai.registry.models import Employment, Person, ProfileVersion

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hientai.accounts.models import User

ACHIEVED = "achieved"
NOT_ACHIEVED = "not_achieved"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
NO_DATA = "no_data"
NO_TARGET = "no_target"
STATUS_LABELS = {
    ACHIEVED: gettext_lazy("achieved"),
    ON_TRACK: gettext_lazy("on track"),
    AT_RISK: gettext_lazy("at risk"),
    NOT_ACHIEVED: gettext_lazy("not achieved"),
    NO_DATA: gettext_lazy("no data"),
    NO_TARGET: gettext_lazy("no target"),
}
TWO_PLACES = Decimal("0.01")


def status_label(status: str) -> str:
    return str(STATUS_LABELS.get(status, status))


class IndicatorError(ValueError):
    """A bad input for the indicator services (message translated)."""


@dataclass
class IndicatorValue:
    indicator: Indicator
    unit: Unit
    period: Period
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    target: Decimal | None = None
    target_year: int | None = None
    achievement: Decimal | None = None
    status: str = NO_TARGET
    forecast: Decimal | None = None
    baseline: Decimal | None = None
    baseline_year: int | None = None
    plan_target_id: int | None = None

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    def as_dict(self, language: str = "vi") -> dict[str, Any]:
        return {
            "code": self.indicator.code,
            "name": self.indicator.display_name(language),
            "unit": self.indicator.unit,
            "value": _number(self.value),
            "target": _number(self.target),
            "target_year": self.target_year,
            "achievement": _number(self.achievement),
            "status": self.status,
            "numerator": _number(self.numerator),
            "denominator": _number(self.denominator),
            "forecast": _number(self.forecast),
            "baseline": _number(self.baseline),
            "baseline_year": self.baseline_year,
            "kind": self.indicator.kind,
            "direction": self.indicator.direction,
        }


@dataclass
class BreakdownValue:
    key: str
    numerator: Decimal
    denominator: Decimal | None
    value: Decimal | None


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value.quantize(TWO_PLACES, ROUND_HALF_UP))


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError as error:
        raise IndicatorError(_("“%(value)s” is not a number.") % {"value": value}) from error


def _period(period: Period | str) -> Period:
    try:
        return Period.parse(period)
    except ValueError as error:
        raise IndicatorError(str(error)) from error


def _indicator(indicator: Indicator | str) -> Indicator:
    if isinstance(indicator, Indicator):
        return indicator
    found = Indicator.objects.filter(code=indicator).first()
    if found is None:
        raise IndicatorError(_("Unknown indicator “%(code)s”.") % {"code": indicator})
    return found


def _ratio(numerator: Decimal, denominator: Decimal | None, scale: int) -> Decimal | None:
    if denominator is None:
        return numerator
    if denominator <= 0:
        return None
    return numerator * scale / denominator


# ----------------------------------------------------------------------------- reported


@transaction.atomic
def record_reported(
    indicator: Indicator | str,
    unit: Unit,
    period: Period | str,
    *,
    numerator: Any = None,
    denominator: Any = None,
    value: Any = None,
    source: str = "",
) -> ReportedValue:
    """Store (upsert) the approved value of `unit` for `period`; REP calls it on approval.

    Give numerator and denominator (the value is derived), or a value with its denominator
    (the weight used to roll it up), or a value alone (a count, or a unit's own ratio that
    cannot be weighted). Raises IndicatorError (translated); nothing is written then.
    """
    indicator = _indicator(indicator)
    period = _period(period)
    numerator, denominator, value = _decimal(numerator), _decimal(denominator), _decimal(value)
    if numerator is None and value is None:
        raise IndicatorError(_("Give a value or a numerator."))
    for amount in (numerator, denominator, value):
        if amount is not None and amount < 0:
            raise IndicatorError(_("Indicator values cannot be negative."))
    scale = indicator.scale
    if denominator is not None and denominator == 0:
        raise IndicatorError(_("The denominator must be greater than zero."))
    if (
        numerator is not None
        and denominator is not None
        and numerator > denominator
        and indicator.unit == MeasureUnit.PERCENT
    ):
        raise IndicatorError(
            _("The numerator (%(numerator)s) cannot exceed the denominator (%(denominator)s).")
            % {"numerator": numerator, "denominator": denominator}
        )
    if value is None:
        value = _ratio(numerator, denominator, scale)
        if value is None:
            raise IndicatorError(_("The denominator must be greater than zero."))
    elif numerator is None and denominator is not None and indicator.unit != MeasureUnit.COUNT:
        numerator = value * denominator / scale  # the weight of a reported percentage
    reported, _created = ReportedValue.objects.update_or_create(
        indicator=indicator,
        unit=unit,
        period=str(period),
        defaults={
            "numerator": _quantize(numerator),
            "denominator": _quantize(denominator),
            "value": _quantize(value),
            "source": source[:255],
        },
    )
    return reported


def _quantize(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.0001"), ROUND_HALF_UP)


# ----------------------------------------------------------------------------- unit tree


# The tree shared by every evaluation inside `one_read()` (a page that evaluates several
# times: the dashboard), so the unit table is read once per request, not once per call.
_shared_tree: contextvars.ContextVar[Tree | None] = contextvars.ContextVar(
    "indicators_shared_tree", default=None
)


@contextlib.contextmanager
def one_read() -> Iterator[None]:
    """Inside: the evaluations share one read of the unit tree and check each period of
    the analytics store once (`analytics.once_per_period`). For one request: changes made
    inside the block to units are not seen by later evaluations."""
    token = _shared_tree.set(Tree())
    try:
        with analytics.once_per_period():
            yield
    finally:
        _shared_tree.reset(token)


def _tree() -> Tree:
    return _shared_tree.get() or Tree()


class Tree:
    """All units (one query); ancestors by path, for summing up the tree."""

    def __init__(self) -> None:
        self.units = list(Unit.objects.order_by("path"))
        self.by_id = {unit.id: unit for unit in self.units}
        self.by_path = {unit.path: unit for unit in self.units}

        self._ancestors: dict[int, list[int]] = {}

    def ancestors_or_self(self, unit_id: int) -> list[int]:
        """Ids of the unit and of every unit above it (cached)."""
        found = self._ancestors.get(unit_id)
        if found is None:
            unit = self.by_id.get(unit_id)
            found = []
            if unit is not None:
                codes = [code for code in unit.path.split("/") if code]
                for depth in range(len(codes)):
                    above = self.by_path.get("/" + "/".join(codes[: depth + 1]) + "/")
                    if above is not None:
                        found.append(above.id)
            self._ancestors[unit_id] = found
        return found

    def roll_up(self, own: dict[int, list[Decimal]], wanted: set[int]) -> dict[int, list[Decimal]]:
        """Sum the vectors of each unit into itself and every wanted unit above it."""
        totals: dict[int, list[Decimal]] = {}
        for unit_id, vector in own.items():
            for ancestor in self.ancestors_or_self(unit_id):
                if ancestor not in wanted:
                    continue
                total = totals.get(ancestor)
                if total is None:
                    totals[ancestor] = list(vector)
                else:
                    for index, amount in enumerate(vector):
                        total[index] += amount
        return totals


def _populations(tree: Tree, year: int) -> dict[int, Decimal]:
    """Population of each unit for `year` (the latest year up to it, else the earliest)."""
    best: dict[int, tuple[tuple[int, int], int]] = {}
    for unit_id, row_year, population in UnitPopulation.objects.values_list(
        "unit_id", "year", "population"
    ):
        # Prefer the latest year up to `year`; failing that, the earliest later one.
        key = (1, row_year) if row_year <= year else (0, -row_year)
        if unit_id not in best or key > best[unit_id][0]:
            best[unit_id] = (key, population)
    own = {unit_id: Decimal(population) for unit_id, (_key, population) in best.items()}
    # A unit without its own figure gets the sum of its nearest descendants that have one.
    result: dict[int, Decimal] = dict(own)
    children: dict[int, list[int]] = defaultdict(list)
    for unit in tree.units:
        if unit.parent_id is not None:
            children[unit.parent_id].append(unit.id)
    for unit in sorted(tree.units, key=lambda u: -u.depth):
        if unit.id in result:
            continue
        known = [result[child] for child in children[unit.id] if child in result]
        if known:
            result[unit.id] = sum(known, Decimal(0))
    return result


# ----------------------------------------------------------------------------- computed


def _definition(indicator: Indicator) -> tuple[dict, Any]:
    definition = indicator.definition or {}
    return definition.get("numerator") or {}, definition.get("denominator")


def _groups(indicators: Sequence[Indicator]) -> dict[str, list[Indicator]]:
    """Computed indicators grouped by their base population (one SQL query per group)."""
    groups: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        _numerator, denominator = _definition(indicator)
        if isinstance(denominator, dict):
            key = json.dumps(with_default_status(denominator), sort_keys=True)
        else:
            key = ""
        groups[key].append(indicator)
    return groups


def _count_computed(
    indicators: Sequence[Indicator], ctx: Context
) -> dict[int, dict[int, list[Decimal]]]:
    """{indicator id: {unit id: [numerator, denominator]}} over each unit's own people.

    Every distinct elementary condition ("atom") of their filters is fetched once as the
    ids of the people meeting it and each indicator combines the atoms column-wise
    (`columnar`), counting by the person's managing unit: a fixed number of queries (one per
    atom) whatever the number of units. The people changed after the period end are left
    out and counted as they were at its end (`asof`).
    """

    result: dict[int, dict[int, list[Decimal]]] = {ind.pk: {} for ind in indicators}
    if not indicators:
        return result
    atoms = Atoms(ctx)
    formulas: list[tuple[int, Formula, Formula | None]] = []
    for indicator in indicators:
        numerator, denominator = _definition(indicator)
        if isinstance(denominator, dict):
            base = atoms.formula(with_default_status(denominator))
            formulas.append((indicator.pk, ("and", [base, atoms.formula(numerator)]), base))
        else:
            formulas.append((indicator.pk, atoms.formula(with_default_status(numerator)), None))
    changed = asof.changed_after(ctx.day)
    people = Person.objects.order_by()
    if changed:
        if len(changed) <= asof.ID_LIST_LIMIT:
            people = people.exclude(pk__in=sorted(changed))
        else:
            people = people.exclude(
                pk__in=ProfileVersion.objects.filter(at__gt=asof.cutoff_for(ctx.day)).values(
                    "person_id"
                )
            )
    result.update(columnar.count_by_unit(people, atoms, formulas))
    if changed:
        _add_changed(indicators, ctx, changed, result)
    return result


def _add_changed(
    indicators: Sequence[Indicator],
    ctx: Context,
    changed: set[int],
    result: dict[int, dict[int, list[Decimal]]],
) -> None:
    """Count the people changed after the period end as they were at its end."""
    states = asof.states_as_of(changed, ctx.day)
    if not ctx.unit_kinds:
        ctx.unit_kinds = dict(Unit.objects.values_list("id", "kind"))
    for state in states.values():
        if state is None:
            continue
        unit_id = state.person["unit_id"]
        for indicator in indicators:
            numerator, denominator = _definition(indicator)
            counts = result[indicator.pk].setdefault(unit_id, [Decimal(0), Decimal(0)])
            if isinstance(denominator, dict):
                if not matches(with_default_status(denominator), state, ctx):
                    continue
                counts[1] += 1
                if matches(numerator, state, ctx):
                    counts[0] += 1
            elif matches(with_default_status(numerator), state, ctx):
                counts[0] += 1


# ----------------------------------------------------------------------------- reported


def _reported_rows(
    indicators: Sequence[Indicator], periods: Iterable[Period]
) -> dict[tuple[int, str], list[ReportedValue]]:
    rows: dict[tuple[int, str], list[ReportedValue]] = defaultdict(list)
    if not indicators:
        return rows
    for row in ReportedValue.objects.filter(
        indicator__in=[ind.pk for ind in indicators], period__in=[str(p) for p in periods]
    ).order_by():
        rows[(row.indicator_id, row.period)].append(row)
    return rows


def _reported_totals(
    indicator: Indicator, rows: list[ReportedValue], tree: Tree, wanted: set[int]
) -> dict[int, tuple[Decimal | None, Decimal | None, Decimal | None]]:
    """{unit id: (numerator, denominator, value)} rolled up the tree.

    Counts are summed; ratios are the ratio of the summed numerators and denominators. A
    unit that reported only a percentage with its denominator is weighted by it (its
    numerator is value × denominator); a percentage without denominator cannot be weighted,
    so it stands for its own unit only and is never averaged into a parent.
    """
    scale = indicator.scale
    summing = indicator.aggregation == Aggregation.SUM or indicator.unit == MeasureUnit.COUNT
    own_value: dict[int, Decimal] = {}
    vectors: dict[int, list[Decimal]] = {}
    for row in rows:
        if summing:
            amount = row.numerator if row.numerator is not None else row.value
            if amount is not None:
                vectors[row.unit_id] = [amount, Decimal(0)]
            continue
        if row.value is not None:
            own_value[row.unit_id] = row.value
        if row.denominator is not None and row.denominator > 0:
            numerator = row.numerator
            if numerator is None and row.value is not None:
                numerator = row.value * row.denominator / scale
            if numerator is not None:
                vectors[row.unit_id] = [numerator, row.denominator]
    totals = tree.roll_up(vectors, wanted)
    result: dict[int, tuple[Decimal | None, Decimal | None, Decimal | None]] = {}
    for unit_id in wanted:
        if unit_id in totals:
            numerator, denominator = totals[unit_id]
            if summing:
                result[unit_id] = (numerator, None, numerator)
            else:
                result[unit_id] = (numerator, denominator, _ratio(numerator, denominator, scale))
        elif unit_id in own_value:
            result[unit_id] = (None, None, own_value[unit_id])
    return result


# ----------------------------------------------------------------------------- targets


def _meets(indicator: Indicator, value: Decimal, target: Decimal) -> bool:
    return value <= target if indicator.direction == Direction.DOWN else value >= target


def achievement(indicator: Indicator, value: Decimal | None, target: Decimal | None) -> Any:
    """Per cent of the target reached (direction-aware), None when it cannot be computed."""
    if value is None or target is None:
        return None
    if indicator.direction == Direction.DOWN:
        if value <= 0:
            return Decimal(100) if target >= 0 else None
        return target * 100 / value
    if target == 0:
        return Decimal(100) if value >= 0 else None
    return value * 100 / target


def _position(period: Period) -> Decimal:
    """Where a period's value sits on the year axis: year Y at Y, its first half at Y - 0.5."""
    return Decimal(period.year) - (Decimal("0.5") if period.half == 1 else Decimal(0))


def linear_forecast(points: Sequence[tuple[Decimal, Decimal]], at: Decimal) -> Decimal | None:
    """Least-squares line through (x, y) points, read at x = `at`; flat with one point."""
    if not points:
        return None
    xs = {x for x, _y in points}
    if len(xs) == 1:
        return sum((y for _x, y in points), Decimal(0)) / len(points)
    count = Decimal(len(points))
    mean_x = sum((x for x, _y in points), Decimal(0)) / count
    mean_y = sum((y for _x, y in points), Decimal(0)) / count
    slope = sum(((x - mean_x) * (y - mean_y) for x, y in points), Decimal(0)) / sum(
        ((x - mean_x) ** 2 for x, _y in points), Decimal(0)
    )
    return mean_y + slope * (at - mean_x)


def judge(
    indicator: Indicator,
    period: Period,
    value: Decimal | None,
    target: Decimal | None,
    target_year: int | None,
    history: Sequence[tuple[Decimal, Decimal]],
    today: datetime.date | None = None,
) -> tuple[str, Decimal | None, Decimal | None]:
    """(status, achievement, forecast) of a value against a target of `target_year`.

    `history` holds earlier (year position, value) points, the baseline included; the
    forecast is the least-squares line through them and the current value, read at the
    target year. Achieved when the value meets the target; not achieved when the target
    year is over; otherwise on track or at risk by the forecast.
    """
    if target is None or target_year is None:
        return NO_TARGET, None, None
    if value is None:
        return NO_DATA, None, None
    reached = achievement(indicator, value, target)
    points = [*history, (_position(period), value)]
    forecast = linear_forecast(points, Decimal(target_year))
    if _meets(indicator, value, target):
        return ACHIEVED, reached, forecast
    last_day = datetime.date(target_year, 12, 31)
    if period.end >= last_day and (today or timezone.localdate()) > last_day:
        return NOT_ACHIEVED, reached, forecast  # the target year is over, and missed
    if forecast is not None and _meets(indicator, forecast, target):
        return ON_TRACK, reached, forecast
    return AT_RISK, reached, forecast


def _targets(
    indicators: Sequence[Indicator], wanted: set[int]
) -> dict[tuple[int, int], list[IndicatorTarget]]:
    by_pair: dict[tuple[int, int], list[IndicatorTarget]] = defaultdict(list)
    for target in IndicatorTarget.objects.filter(
        indicator__in=[ind.pk for ind in indicators], unit_id__in=wanted
    ).order_by("year"):
        by_pair[(target.indicator_id, target.unit_id)].append(target)
    return by_pair


def _pick_target(targets: list[IndicatorTarget], year: int) -> IndicatorTarget | None:
    """The next target from `year` on, else the last one already due."""
    goals = [t for t in targets if not t.is_baseline]
    upcoming = [t for t in goals if t.year >= year]
    if upcoming:
        return min(upcoming, key=lambda t: t.year)
    return max(goals, key=lambda t: t.year) if goals else None


# ----------------------------------------------------------------------------- evaluate


def _indicators(indicators: Iterable[Indicator | str] | None) -> list[Indicator]:
    if indicators is None:
        return list(Indicator.objects.filter(active=True))
    chosen = [_indicator(ind) for ind in indicators]
    return chosen


def evaluate(
    period: Period | str,
    *,
    units: Sequence[Unit] | None = None,
    indicators: Iterable[Indicator | str] | None = None,
    unit: Unit | None = None,
    history_years: int = 6,
    every_target: bool = False,
    source: str = "store",
    tree: Tree | None = None,
) -> list[IndicatorValue]:
    """Every indicator's value for every requested unit (default: the units in force at
    the period end), in indicator then unit-path order, judged against the unit's next
    target. With `every_target`, one row per target of the unit instead (none for a unit
    without targets). Computed indicators are read from the analytics store (`analytics`);
    `source="engine"` evaluates them over the registry instead (what the store holds).
    Raises IndicatorError."""
    period = _period(period)
    chosen = _indicators(indicators)
    tree = tree or _tree()
    if unit is not None:
        requested = [unit]
    elif units is not None:
        requested = list(units)
    else:
        requested = [u for u in tree.units if u.is_current(period.end)]
    requested = sorted(requested, key=lambda u: u.path)
    keyed = [(u.pk, u) for u in requested]
    wanted = {pk for pk, _u in keyed}
    computed = [ind for ind in chosen if ind.kind == Kind.COMPUTED]
    reported = [ind for ind in chosen if ind.kind == Kind.REPORTED]
    rolled: dict[int, dict[int, list[Decimal]]]
    try:
        if source == "engine":
            ctx = Context(
                period=period,
                codes=Codes.load() if computed else Codes(),
                unit_kinds={unit.id: unit.kind for unit in tree.units},
            )
            counts = _count_computed(computed, ctx)
            rolled = {ind.pk: tree.roll_up(counts.get(ind.pk, {}), wanted) for ind in computed}
        else:
            rolled = analytics.totals(period, computed, requested)
    except FilterError as error:
        raise IndicatorError(str(error)) from error
    populations = (
        _populations(tree, period.year)
        if any(_definition(ind)[1] == "population" for ind in computed)
        else {}
    )
    earlier_years = [Period(period.year - k) for k in range(1, history_years + 1)]
    reported_rows = _reported_rows(reported, [period, *earlier_years])
    targets = _targets(chosen, wanted)

    values: list[IndicatorValue] = []
    for indicator in chosen:
        scale = indicator.scale
        if indicator.kind == Kind.COMPUTED:
            totals = rolled.get(indicator.pk, {})
            _numerator, denominator_spec = _definition(indicator)
            by_unit: dict[int, tuple[Decimal | None, Decimal | None, Decimal | None]] = {}
            numerator: Decimal | None
            denominator: Decimal | None
            for unit_id in wanted:
                numerator, denominator = totals.get(unit_id, [Decimal(0), Decimal(0)])
                if denominator_spec == "population":
                    denominator = populations.get(unit_id)
                    value = _ratio(numerator, denominator, scale) if denominator else None
                elif denominator_spec is None:
                    denominator, value = None, numerator
                else:
                    value = _ratio(numerator, denominator, scale)
                by_unit[unit_id] = (numerator, denominator, value)
            past_by_year: dict[int, dict[int, Decimal | None]] = {}
        else:
            by_unit = _reported_totals(
                indicator, reported_rows.get((indicator.pk, str(period)), []), tree, wanted
            )
            judged = any(pair[0] == indicator.pk for pair in targets)
            past_by_year = {
                past.year: {
                    unit_id: triple[2]
                    for unit_id, triple in _reported_totals(
                        indicator, reported_rows.get((indicator.pk, str(past)), []), tree, wanted
                    ).items()
                }
                for past in earlier_years
                if judged  # the history only feeds the forecast against a target
            }
        none = (None, None, None)
        for unit_pk, requested_unit in keyed:
            numerator, denominator, value = by_unit.get(unit_pk, none)
            unit_targets = targets.get((indicator.pk, unit_pk))
            if not unit_targets:  # no target, no baseline: nothing to judge (most units)
                if not every_target:
                    values.append(
                        IndicatorValue(
                            indicator, requested_unit, period, numerator, denominator, value
                        )
                    )
                continue
            baseline = next((t for t in unit_targets if t.is_baseline), None)
            history: list[tuple[Decimal, Decimal]] = []
            if baseline is not None and baseline.year < period.year:
                history.append((Decimal(baseline.year), baseline.value))
            for year, by_year in past_by_year.items():
                past_value = by_year.get(unit_pk)
                if past_value is not None and (baseline is None or year > baseline.year):
                    history.append((Decimal(year), past_value))
            goals: list[IndicatorTarget | None]
            if every_target:
                goals = [t for t in unit_targets if not t.is_baseline]
            else:
                goals = [_pick_target(unit_targets, period.year)]
            for goal in goals:
                status, reached, forecast = judge(
                    indicator,
                    period,
                    value,
                    goal.value if goal else None,
                    goal.year if goal else None,
                    history,
                )
                values.append(
                    IndicatorValue(
                        indicator=indicator,
                        unit=requested_unit,
                        period=period,
                        numerator=numerator,
                        denominator=denominator,
                        value=value,
                        target=goal.value if goal else None,
                        target_year=goal.year if goal else None,
                        achievement=reached,
                        status=status,
                        forecast=forecast,
                        baseline=baseline.value if baseline else None,
                        baseline_year=baseline.year if baseline else None,
                        plan_target_id=goal.plan_target_id if goal else None,
                    )
                )
    return values


def target_values(
    period: Period | str,
    *,
    user: User | AnonymousUser | None = None,
    plan_targets_only: bool = True,
) -> list[IndicatorValue]:
    """One row per target (by default per target taken from a plan): the indicator's value
    at the target's unit for `period`, judged against that target — what the dashboard and
    the consolidated report list. `plan_target_id` links back to plans.Target. Restricted to
    the units `user` may read when a user is given. Query count independent of the units."""

    goals = IndicatorTarget.objects.filter(is_baseline=False, indicator__active=True)
    if plan_targets_only:
        goals = goals.filter(plan_target__isnull=False)
    if user is not None:
        goals = visible(goals, user)
    pairs = set(goals.values_list("indicator_id", "unit_id"))
    if not pairs:
        return []
    indicators = list(Indicator.objects.filter(pk__in={i for i, _u in pairs}))
    units = list(Unit.objects.filter(pk__in={u for _i, u in pairs}))
    wanted_plan_targets = (
        set(goals.values_list("plan_target_id", flat=True)) if plan_targets_only else None
    )
    rows = []
    for value in evaluate(period, units=units, indicators=indicators, every_target=True):
        if (value.indicator.pk, value.unit.pk) not in pairs:
            continue
        if wanted_plan_targets is not None and value.plan_target_id not in wanted_plan_targets:
            continue
        rows.append(value)
    return rows


def series(
    indicator: Indicator | str, unit: Unit, periods: Iterable[Period | str]
) -> list[IndicatorValue]:
    """The indicator for one unit over several periods (for charts), oldest first."""
    indicator = _indicator(indicator)
    chosen = sorted({_period(p) for p in periods})
    tree = _tree()  # one read of the unit tree for every period
    return [evaluate(p, units=[unit], indicators=[indicator], tree=tree)[0] for p in chosen]


BREAKDOWNS = ("gender", "under_45", "ethnic_minority", "sector", "technology_group")


def breakdown(
    indicator: Indicator | str,
    period: Period | str,
    unit: Unit,
    by: str,
    *,
    source: str = "store",
) -> list[BreakdownValue]:
    """A computed indicator split by gender, under 45, ethnic minority, sector or strategic
    technology group over `unit`'s subtree (as of the period end). Read from the analytics
    store for the breakdowns the indicator declares; otherwise (or with `source="engine"`)
    one grouped query per key, plus the as-of correction."""

    indicator = _indicator(indicator)
    period = _period(period)
    if indicator.kind != Kind.COMPUTED:
        raise IndicatorError(_("Only computed indicators can be broken down."))
    if by not in BREAKDOWNS:
        raise IndicatorError(_("Unknown breakdown “%(key)s”.") % {"key": by})
    if source == "store" and by in analytics.dimensions(indicator):
        return _stored_breakdown(indicator, period, unit, by)
    ctx = Context(period=period, codes=Codes.load())
    numerator, denominator = _definition(indicator)
    base_spec = with_default_status(denominator) if isinstance(denominator, dict) else None
    num_spec = numerator if base_spec else with_default_status(numerator)
    day = period.end
    changed = asof.changed_after(day)
    people = Person.objects.order_by().filter(unit__path__startswith=unit.path)
    if base_spec is not None:
        people = people.filter(compile_q(base_spec, ctx))
    if changed:
        people = people.exclude(pk__in=sorted(changed))
    totals: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])

    def add(key: str, num: int, den: int) -> None:
        totals[key][0] += num
        totals[key][1] += den

    aggregates = {"n": Count("pk", filter=compile_q(num_spec, ctx)), "d": Count("pk")}
    row: Mapping[str, Any]  # one shape per branch below
    if by == "gender":
        for row in people.values("gender").annotate(n=aggregates["n"], d=aggregates["d"]):
            add(row["gender"] or "unknown", row["n"], row["d"])
    elif by == "under_45":
        for row in people.values("birth_year").annotate(n=aggregates["n"], d=aggregates["d"]):
            young = row["birth_year"] is not None and row["birth_year"] > day.year - 45
            add("under_45" if young else "45_plus", row["n"], row["d"])
    elif by == "ethnic_minority":
        kinh = set(ctx.codes.of("ethnic_group", ["01"]))
        for row in people.values("ethnic_group_id").annotate(n=aggregates["n"], d=aggregates["d"]):
            ethnic_id = row["ethnic_group_id"]
            key = "unknown" if ethnic_id is None else "kinh" if ethnic_id in kinh else "minority"
            add(key, row["n"], row["d"])
    elif by == "sector":
        running = Employment.objects.filter(
            Q(start__isnull=True) | Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day)
        )
        for sector in ("public", "private", "fdi", "overseas"):
            subset = people.filter(pk__in=running.filter(sector=sector).values("person_id"))
            row = subset.aggregate(**aggregates)
            add(sector, row["n"] or 0, row["d"] or 0)
    else:
        through = Person.strategic_technologies.through
        top = {
            pk: code.split(".")[0]
            for pk, (scheme, code, _extra) in ctx.codes.by_id.items()
            if scheme == "strategic_technology"
        }
        for group in sorted(set(top.values())):
            ids = [pk for pk, code in top.items() if code == group]
            subset = people.filter(
                pk__in=through.objects.filter(code_id__in=ids).values("person_id")
            )
            row = subset.aggregate(**aggregates)
            if row["d"]:
                add(group, row["n"] or 0, row["d"] or 0)
    if changed:
        ctx.unit_kinds = dict(Unit.objects.values_list("id", "kind"))
        prefix_ids = set(
            Unit.objects.filter(path__startswith=unit.path).values_list("id", flat=True)
        )
        for state in asof.states_as_of(changed, day).values():
            if state is None or state.person.get("unit_id") not in prefix_ids:
                continue
            if base_spec is not None and not matches(base_spec, state, ctx):
                continue
            for key in _state_keys(state, by, ctx):
                add(key, int(matches(num_spec, state, ctx)), 1)
    results = []
    for key, (num, den) in sorted(totals.items()):
        if base_spec is None:
            results.append(BreakdownValue(key, num, None, num))
        else:
            results.append(BreakdownValue(key, num, den, _ratio(num, den, indicator.scale)))
    return results


def _stored_breakdown(
    indicator: Indicator, period: Period, unit: Unit, by: str
) -> list[BreakdownValue]:
    sums = analytics.subtree_sums(period, [indicator], [unit], by)[indicator.pk].get(unit.pk, {})
    totals = {key: pair for key, pair in sums.items() if pair[1] > 0}
    if by == "sector":
        for sector in analytics.SECTORS:
            totals.setdefault(sector, [Decimal(0), Decimal(0)])
    _numerator, denominator = _definition(indicator)
    results = []
    for key, (num, den) in sorted(totals.items()):
        if not isinstance(denominator, dict):
            results.append(BreakdownValue(key, num, None, num))
        else:
            results.append(BreakdownValue(key, num, den, _ratio(num, den, indicator.scale)))
    return results


def _state_keys(state: Any, by: str, ctx: Context) -> list[str]:
    person, day = state.person, ctx.day
    if by == "gender":
        return [person.get("gender") or "unknown"]
    if by == "under_45":
        year = person.get("birth_year")
        return ["under_45" if year and int(year) > day.year - 45 else "45_plus"]
    if by == "ethnic_minority":
        group = person.get("ethnic_group_id")
        if group is None:
            return ["unknown"]
        return ["kinh" if group in ctx.codes.of("ethnic_group", ["01"]) else "minority"]
    if by == "sector":
        keys = set()
        for row in state.parts.get("employment", []):
            start, end = row.get("start"), row.get("end")
            running = (not start or start <= day.isoformat()) and (
                not end or end >= day.isoformat()
            )
            if running and row.get("sector"):
                keys.add(row["sector"])
        return sorted(keys)
    groups = set()
    for pk in person.get("strategic_technologies") or []:
        found = ctx.codes.by_id.get(pk)
        if found:
            groups.add(found[1].split(".")[0])
    return sorted(groups)


def indicators_json(
    unit: Unit, period: Period | str, *, indicators: Iterable[Indicator | str] | None = None
) -> dict[str, Any]:
    """The `hientai indicators --json` payload for one unit and period."""
    from hientai.indicators.report_forms import with_report_forms

    period = _period(period)
    values = evaluate(period, units=[unit], indicators=indicators)
    return {
        "unit": unit.code,
        "unit_name": unit.name_vi,
        "period": str(period),
        "as_of": period.end.isoformat(),
        "indicators": with_report_forms([value.as_dict() for value in values]),
    }


def default_unit(user: User | AnonymousUser | None = None) -> Unit:
    """The unit a user sees by default: the city, or the top of an officer's subtree."""

    if user is not None:
        scope = scope_for(user)
        if not scope.city_wide and scope.read_paths:
            top = min(scope.read_paths, key=len)
            unit = Unit.objects.filter(path=top).first()
            if unit is not None:
                return unit
    unit = Unit.objects.filter(code="75").first() or Unit.objects.order_by("depth", "path").first()
    if unit is None:
        raise IndicatorError(_("There is no unit yet."))
    return unit


def resolve(
    unit_code: str | None, period_text: str | None, user: User | AnonymousUser | None = None
) -> tuple[Unit, Period]:
    """The unit (in the user's scope when a user is given) and period asked for, or an
    IndicatorError in the user's language."""
    import datetime as _datetime

    period = _period(period_text or str(_datetime.date.today().year))
    if not unit_code:
        return default_unit(user), period
    units = Unit.objects.filter(code=unit_code)
    if user is not None:
        units = visible(units, user)
    unit = units.first()
    if unit is None:
        raise IndicatorError(
            _("Unknown unit “%(code)s” (or outside your scope).") % {"code": unit_code}
        )
    return unit, period
