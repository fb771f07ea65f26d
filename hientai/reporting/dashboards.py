"""The leaders' and coordinators' dashboard: every plan target with its value and status,
one indicator against its target over time and by unit, overdue tasks by lead unit, reporting
completeness and the data-quality score by unit.

Everything is read through the user's scope: city-wide roles and the city leader see the
city, an officer their own subtree. The facts come from `documents.content.gather` (the same
as the consolidated report); the charts are inline SVG drawn on the server.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from hientai.accounts.scoping import get_visible_or_404, scope_for, visible
from hientai.core import charts as chart_data
from hientai.indicators import services as indicator_services
from hientai.indicators.models import Indicator
from hientai.indicators.periods import Period
from hientai.orgs.models import Unit
from hientai.quality import summary as quality_summary
from hientai.quality.scores import UnitScore
from hientai.reporting.documents import charts
from hientai.reporting.documents.content import (
    CITY_CODE,
    STATUS_LABELS,
    ReportContent,
    ReportError,
    TargetRow,
    TaskCounts,
    count_by_lead_unit,
    gather,
)
from hientai.reporting.services import UnitCompleteness

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hientai.accounts.models import User

HISTORY_YEARS = 4  # the over-time chart shows this many years up to the period's
CHART_EACH_END = 10  # a chart over many units shows the 10 highest and the 10 lowest


def extremes(bars: list[charts.Bar], each_end: int = CHART_EACH_END) -> list[charts.Bar]:
    """Bars sorted from highest to lowest; with many units only both ends (units without a
    value are dropped then), so a city of 150 units still gives a readable chart."""
    ranked = sorted(bars, key=lambda bar: (bar.value is None, -(bar.value or 0)))
    if len(ranked) <= 2 * each_end:
        return ranked
    known = [bar for bar in ranked if bar.value is not None]
    if len(known) <= 2 * each_end:
        return known
    return known[:each_end] + known[-each_end:]


class DashboardError(ValueError):
    """A bad filter (the period); the message is translated."""


@dataclass
class PlanTargets:
    plan: Any
    rows: list[TargetRow]


@dataclass
class Dashboard:
    period: Period
    root: Unit
    unit: Unit
    units: list[Unit]
    periods: list[Period]
    plans: list[PlanTargets]
    status_counts: list[tuple[str, str, int]]
    indicators: list[Any]
    indicator: Any
    over_time_svg: str = ""
    by_unit_svg: str = ""
    by_unit_note: str = ""
    overdue: list[TaskCounts] = field(default_factory=list)
    overdue_svg: str = ""
    completeness: list[UnitCompleteness] = field(default_factory=list)
    completeness_svg: str = ""
    quality: list[UnitScore] = field(default_factory=list)
    quality_svg: str = ""
    task_totals: TaskCounts | None = None
    # the same charts' data for the interactive renderer (hientai.core.charts), by name
    specs: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def target_count(self) -> int:
        return sum(len(group.rows) for group in self.plans)


def scope_root(user: User | AnonymousUser) -> Unit:
    """The unit the user's dashboard starts from: the city, or the officer's (first) unit."""
    scope = scope_for(user)
    if not scope.city_wide and scope.read_paths:
        return Unit.objects.filter(path=scope.read_paths[0]).first() or _city()
    return _city()


def _city() -> Unit:
    city = Unit.objects.filter(code=CITY_CODE).first()
    city = city or Unit.objects.filter(parent__isnull=True).order_by("path").first()
    if city is None:  # the units come with the migrations: only an emptied database
        raise DashboardError(_("There is no unit yet."))
    return city


def period_choices(today: datetime.date | None = None) -> list[Period]:
    year = (today or datetime.date.today()).year
    choices: list[Period] = []
    for each in range(year, year - 3, -1):
        choices += [Period(each), Period(each, 2), Period(each, 1)]
    return choices


def latest_due_period(today: datetime.date | None = None) -> Period:
    """The latest period whose unit reports are already due (6-monthly by 20/6, yearly by
    05/12): before then most reported indicators have no value yet for the period."""
    today = today or datetime.date.today()
    if today >= datetime.date(today.year, 12, 5):
        return Period(today.year)
    if today >= datetime.date(today.year, 6, 20):
        return Period(today.year, 1)
    return Period(today.year - 1)


def parse_period(text: str | None, today: datetime.date | None = None) -> Period:
    if not text:
        return latest_due_period(today)
    try:
        return Period.parse(text)
    except ValueError as error:
        raise DashboardError(str(error)) from error


def unit_choices(user: User | AnonymousUser, root: Unit) -> list[Unit]:
    """The root and the units directly below it that the user may read, for the filter."""
    children = visible(Unit.objects.current().filter(parent=root), user).order_by("path")
    return [root, *children]


def _children(unit: Unit, user: User | AnonymousUser) -> list[Unit]:
    return list(visible(Unit.objects.current().filter(parent=unit), user).order_by("path"))


def _status_counts(rows: list[TargetRow]) -> list[tuple[str, str, int]]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    return [(key, str(label), counts[key]) for key, label in STATUS_LABELS.items() if key in counts]


def _content(period: Period, user: User | AnonymousUser, unit: Unit) -> ReportContent | None:
    """Every plan the user reads (drafts too: the seed plans are drafts), measured in `unit`,
    or where each target is set when the unit is the city."""
    city = unit.code == CITY_CODE or unit.parent_id is None
    try:
        return gather(period, user=user, all_plans=True, unit=None if city else unit)
    except ReportError:
        return None


def build(
    user: User | AnonymousUser,
    *,
    period: str | None = None,
    unit: str | None = None,
    indicator: str | None = None,
    today: datetime.date | None = None,
) -> Dashboard:
    """The dashboard for `user`; DashboardError for a bad period, Http404 for a unit out of
    the user's scope."""
    with indicator_services.one_read():  # one unit tree and store check for all charts
        return _build(user, period=period, unit=unit, indicator=indicator, today=today)


def _build(
    user: User | AnonymousUser,
    *,
    period: str | None,
    unit: str | None,
    indicator: str | None,
    today: datetime.date | None,
) -> Dashboard:

    chosen_period = parse_period(period, today)
    root = scope_root(user)
    shown = get_visible_or_404(Unit.objects.all(), user, code=unit) if unit else root
    content = _content(chosen_period, user, shown)
    target_rows = content.target_rows if content else []
    groups = [
        PlanTargets(plan=section.plan, rows=section.targets)
        for section in (content.plans if content else [])
        if section.targets
    ]
    linked = {row.indicator.pk: row.indicator for row in target_rows if row.indicator is not None}
    indicators = list(linked.values()) or list(Indicator.objects.filter(active=True))
    selected = None
    if indicator:
        selected = next((item for item in indicators if item.code == indicator), None)
    selected = selected or (indicators[0] if indicators else None)
    children = _children(shown, user)
    board = Dashboard(
        period=chosen_period,
        root=root,
        unit=shown,
        units=unit_choices(user, root) if shown == root else [root, shown, *children],
        periods=period_choices(today),
        plans=groups,
        status_counts=_status_counts(target_rows),
        indicators=indicators,
        indicator=selected,
    )
    _achievement(board, target_rows)
    if selected is not None:
        _indicator_charts(board, selected, shown, children, target_rows)
    if content is not None:
        _tasks(board, content)
        _completeness(board, content)
    _quality(board, user, shown, children)
    return board


def _target_of(indicator: Any, rows: list[TargetRow]) -> tuple[float | None, str]:
    for row in rows:
        if row.indicator is not None and row.indicator.pk == indicator.pk:
            return charts.to_float(row.target.value), str(row.target.year or "")
    return None, ""


def _suffix(indicator: Any) -> str:
    return {"percent": " %", "growth_pct": " %"}.get(indicator.unit, "")


def _indicator_charts(
    board: Dashboard, indicator: Any, unit: Unit, children: list[Unit], rows: list[TargetRow]
) -> None:

    target, target_year = _target_of(indicator, rows)
    target_label = _("Target %(year)s") % {"year": target_year} if target_year else _("Target")
    first = board.period.year - HISTORY_YEARS + 1
    periods = [Period(year) for year in range(first, board.period.year + 1)]
    history = indicator_services.series(indicator, unit, periods)
    title = _("%(indicator)s over time, %(unit)s") % {
        "indicator": indicator.name_vi,
        "unit": unit.name_vi,
    }
    points = [charts.Point(str(item.period), charts.to_float(item.value)) for item in history]
    board.over_time_svg = charts.line_svg(
        points, title, target=target, target_label=target_label, suffix=_suffix(indicator)
    )
    board.specs["over_time"] = chart_data.line(
        title,
        [(point.label, point.value) for point in points],
        target=target,
        target_label=target_label,
        suffix=_suffix(indicator),
    )
    if children:
        if len(children) > 2 * CHART_EACH_END:
            board.by_unit_note = _(
                "the %(each)d highest and the %(each)d lowest of %(count)d units"
            ) % {"each": CHART_EACH_END, "count": len(children)}
        values = indicator_services.evaluate(board.period, units=children, indicators=[indicator])
        by_unit = {item.unit.pk: item for item in values}
        bars = extremes(
            [
                charts.Bar(
                    child.name_vi,
                    charts.to_float(getattr(by_unit.get(child.pk), "value", None)),
                    status=getattr(by_unit.get(child.pk), "status", ""),
                    note=""
                    if getattr(by_unit.get(child.pk), "value", None) is not None
                    else _("no data"),
                    key=child.code,
                )
                for child in children
            ]
        )
        title = _("%(indicator)s by unit, %(period)s") % {
            "indicator": indicator.name_vi,
            "period": board.period,
        }
        board.by_unit_svg = charts.bars_svg(
            bars, title, reference=target, reference_label=target_label, suffix=_suffix(indicator)
        )
        board.specs["by_unit"] = _bars_spec(
            title, bars, reference=target, reference_label=target_label, suffix=_suffix(indicator)
        )


def _bars_spec(title: str, bars: list[charts.Bar], **options: Any) -> dict[str, Any]:
    return chart_data.bars(
        title,
        [
            chart_data.bar(bar.label, bar.value, status=bar.status, key=bar.key, note=bar.note)
            for bar in bars
        ],
        **options,
    )


def _achievement(board: Dashboard, rows: list[TargetRow]) -> None:
    """Each plan target's achievement, lowest first; over 100 % flagged, bars capped."""
    measured = sorted(
        (row for row in rows if row.achievement is not None),
        key=lambda row: row.achievement or 0,
    )
    if measured:
        board.specs["achievement"] = chart_data.achievement_bars(
            _("Achievement of the plan targets (%% of target), %(period)s")
            % {"period": board.period.label},
            [
                chart_data.bar(
                    row.name,
                    row.achievement,
                    status=row.status,
                    key=row.indicator.code if row.indicator is not None else "",
                )
                for row in measured
            ],
        )


def _tasks(board: Dashboard, content: ReportContent) -> None:
    rows = [row for section in content.plans for row in section.tasks]
    board.task_totals = content.task_totals
    board.overdue = [counts for counts in count_by_lead_unit(rows) if counts.overdue]
    if board.overdue:
        bars = [charts.Bar(counts.name, counts.overdue, "not_achieved") for counts in board.overdue]
        board.overdue_svg = charts.bars_svg(bars, _("Overdue tasks by lead unit"))
        board.specs["overdue"] = _bars_spec(_("Overdue tasks by lead unit"), bars)


def _completeness(board: Dashboard, content: ReportContent) -> None:
    board.completeness = [row for row in content.completeness if row.level <= 1]
    if board.completeness:
        bars = [
            charts.Bar(
                row.unit.name_vi,
                row.rate,
                "achieved" if (row.rate or 0) >= 100 else "at_risk",
                key=row.unit.code,
            )
            for row in board.completeness
        ]
        options: dict[str, Any] = {"reference": 100.0, "reference_label": _("All"), "suffix": " %"}
        title = _("Reports submitted, percent of expected")
        board.completeness_svg = charts.bars_svg(bars, title, **options)
        board.specs["completeness"] = _bars_spec(title, bars, **options)


def _quality(
    board: Dashboard, user: User | AnonymousUser, unit: Unit, children: list[Unit]
) -> None:
    # The unit and its children are in the user's scope, so are their subtrees.
    board.quality = quality_summary.unit_scores([unit, *children])
    scored = [(row.unit, avg) for row in board.quality if (avg := row.average) is not None]
    if scored:
        bars = extremes(
            [
                charts.Bar(
                    scored_unit.name_vi,
                    average,
                    "achieved" if average >= 80 else "at_risk" if average >= 50 else "not_achieved",
                    key=scored_unit.code,
                )
                for scored_unit, average in scored
            ]
        )
        board.quality_svg = charts.bars_svg(bars, _("Data-quality score by unit (0–100)"))
        board.specs["quality"] = _bars_spec(_("Data-quality score by unit (0–100)"), bars)
