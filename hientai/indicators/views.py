"""Indicator pages: the catalogue with each indicator's value for a unit and period, and one
indicator by unit (the unit's children) and over time. Thin: the work is in services."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hientai.accounts.http import staff_only
from hientai.accounts.scoping import visible
from hientai.core import charts
from hientai.indicators.breakdowns import SUPPRESS_BELOW, indicator_breakdowns, may_see_people
from hientai.indicators.models import Indicator, Kind
from hientai.indicators.periods import Period
from hientai.indicators.services import IndicatorError, evaluate, resolve, series
from hientai.orgs.models import Unit


def _selection(request: HttpRequest) -> tuple[Unit, Period, str]:
    """Unit and period from the query string; a bad one falls back with a message."""
    try:
        unit, period = resolve(
            request.GET.get("unit") or None, request.GET.get("period") or None, request.user
        )
        return unit, period, ""
    except IndicatorError as error:
        unit, period = resolve(None, None, request.user)
        return unit, period, str(error)


def _period_choices(chosen: Period) -> list[Period]:
    """Years and halves of the last three years (and the chosen one), newest first."""
    import datetime

    year = datetime.date.today().year
    choices = [
        p for y in range(year, year - 3, -1) for p in (Period(y), Period(y, 2), Period(y, 1))
    ]
    if chosen not in choices:
        choices.insert(0, chosen)
    return choices


def _recent_periods(period: Period, count: int = 6) -> list[Period]:
    periods = [period]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return sorted(periods)


def _chart(points: list[tuple[str, Decimal | None]], target: Decimal | None) -> dict:
    """A small server-side line chart (SVG coordinates) of values over periods."""
    width, height, pad = 560, 180, 28
    known = [float(v) for _label, v in points if v is not None]
    top = max(known + ([float(target)] if target is not None else []) + [1.0]) * 1.1
    step = (width - 2 * pad) / max(len(points) - 1, 1)

    def y(value: float) -> float:
        return round(height - pad - (height - 2 * pad) * value / top, 1)

    dots = [
        {"x": round(pad + i * step, 1), "y": y(float(v)), "label": label, "value": v}
        for i, (label, v) in enumerate(points)
        if v is not None
    ]
    labels = [
        {"x": round(pad + i * step, 1), "text": label} for i, (label, _v) in enumerate(points)
    ]
    return {
        "width": width,
        "height": height,
        "dots": dots,
        "labels": labels,
        "line": " ".join(f"{dot['x']},{dot['y']}" for dot in dots),
        "target_y": y(float(target)) if target is not None else None,
        "base_y": height - pad,
        "label_y": height - 8,
    }


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    unit, period, error = _selection(request)
    values = evaluate(period, units=[unit])
    units = visible(Unit.objects.current(period.end), request.user).order_by("path")
    return render(
        request,
        "indicators/indicator_list.html",
        {
            "values": values,
            "unit": unit,
            "period": period,
            "error": error,
            "units": units,
            "periods": _period_choices(period),
            "achievement": _achievement_chart(values, unit, period),
        },
    )


def _achievement_chart(values: list, unit: Unit, period: Period) -> dict | None:
    """The indicators' achievement in the unit, lowest first; a click opens the indicator."""
    measured = sorted((v for v in values if v.achievement is not None), key=lambda v: v.achievement)
    if not measured:
        return None
    spec = charts.achievement_bars(
        _("Achievement of the targets (%%), %(unit)s, %(period)s")
        % {"unit": unit.name_vi, "period": period.label},
        [
            charts.bar(v.indicator.name_vi, v.achievement, status=v.status, key=v.indicator.code)
            for v in measured
        ],
    )
    return charts.link(
        spec,
        lambda code: (
            reverse("indicators:indicator_detail", args=[code])
            + f"?unit={unit.code}&period={period}"
        ),
    )


@login_required
def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    staff_only(request)
    indicator = get_object_or_404(Indicator, code=code)
    unit, period, error = _selection(request)
    children = list(visible(Unit.objects.current(period.end), request.user).filter(parent=unit))
    by_unit = evaluate(period, units=[unit, *children], indicators=[indicator])
    over_time = series(indicator, unit, _recent_periods(period))
    target = by_unit[0].target if by_unit else None
    chart = _chart([(str(v.period), v.value) for v in over_time], target)
    shown_units = [v for v in by_unit[1:] if v.value is not None or v.target is not None]
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "unit": unit,
            "units": visible(Unit.objects.current(period.end), request.user).order_by("path"),
            "periods": _period_choices(period),
            "period": period,
            "error": error,
            "own": by_unit[0] if by_unit else None,
            "by_unit": shown_units,
            "empty_units": sum(1 for v in by_unit[1:] if v.value is None and v.target is None),
            "over_time": over_time,
            "chart": chart,
            "chart_title": _("%(name)s over time") % {"name": indicator.name_vi},
            "breakdowns": _breakdowns(indicator, period, unit, request.user),
            "suppress_below": SUPPRESS_BELOW,
            "specs": _specs(indicator, unit, period, over_time, shown_units, target),
        },
    )


def _breakdowns(indicator: Indicator, period: Period, unit: Unit, user) -> list:
    """The indicator's disaggregations at the unit (small counts suppressed for readers who
    may not see the people)."""
    if indicator.kind != Kind.COMPUTED or not indicator.breakdowns:
        return []
    return indicator_breakdowns(period, unit, [indicator], see_people=may_see_people(user, unit))


def _specs(
    indicator: Indicator,
    unit: Unit,
    period: Period,
    over_time: list,
    by_unit: list,
    target: Decimal | None,
) -> dict:
    """The interactive charts' data: the unit over time, and its units (a click on one opens
    this page for it), by value and by achievement of their targets."""
    suffix = {"percent": " %", "growth_pct": " %"}.get(indicator.unit, "")
    target_label = _("Target")
    specs = {
        "over_time": charts.line(
            _("%(name)s over time, %(unit)s") % {"name": indicator.name_vi, "unit": unit.name_vi},
            [(str(v.period), v.value) for v in over_time],
            target=target,
            target_label=target_label,
            suffix=suffix,
        )
    }

    def here(code: str) -> str:
        return f"?unit={code}&period={period}"

    if by_unit:
        specs["by_unit"] = charts.link(
            charts.bars(
                _("%(name)s by unit, %(period)s")
                % {"name": indicator.name_vi, "period": period.label},
                [
                    charts.bar(
                        v.unit.name_vi,
                        v.value,
                        status=v.status,
                        key=v.unit.code,
                        achievement=v.achievement,
                    )
                    for v in sorted(by_unit, key=lambda v: (v.value is None, -(v.value or 0)))
                ],
                reference=target,
                reference_label=target_label,
                suffix=suffix,
            ),
            here,
        )
    achieved = sorted(
        (v for v in by_unit if v.achievement is not None), key=lambda v: v.achievement
    )
    if achieved:
        specs["achievement"] = charts.link(
            charts.achievement_bars(
                _("Achievement of the target by unit (%%), %(period)s") % {"period": period.label},
                [
                    charts.bar(v.unit.name_vi, v.achievement, status=v.status, key=v.unit.code)
                    for v in achieved
                ],
            ),
            here,
        )
    return specs
