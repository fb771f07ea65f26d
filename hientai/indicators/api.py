"""Indicators API: the catalogue, and every indicator's value, target and status for a unit and
period — scoped (an officer reads only their subtree; other units answer 404)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from hientai.accounts.scoping import scope_for
from hientai.indicators.models import Indicator
from hientai.indicators.periods import Period
from hientai.indicators.services import IndicatorError, evaluate, resolve

router = Router(tags=["indicators"])


class IndicatorOut(Schema):
    code: str
    name_vi: str
    name_en: str
    unit: str
    direction: str
    kind: str
    aggregation: str
    definition: dict
    breakdowns: list


class IndicatorValueOut(Schema):
    # Named apart from reporting's ValueOut: the OpenAPI components are keyed by class name.
    code: str
    name: str
    unit: str
    value: float | None
    target: float | None
    target_year: int | None
    achievement: float | None
    status: str
    numerator: float | None
    denominator: float | None
    forecast: float | None
    baseline: float | None
    baseline_year: int | None
    kind: str
    direction: str


class ValuesOut(Schema):
    unit: str
    unit_name: str
    period: str
    as_of: str
    indicators: list[IndicatorValueOut]


def _staff(request: HttpRequest) -> None:
    if not scope_for(request.user).is_staff:
        raise HttpError(403, "forbidden")


@router.get("/", response=list[IndicatorOut])
def list_indicators(request: HttpRequest) -> list[Indicator]:
    _staff(request)
    return list(Indicator.objects.filter(active=True))


@router.get("/values", response=ValuesOut)
def values(request: HttpRequest, unit: str = "", period: str = "") -> dict:
    """Every active indicator for `unit` (default: the caller's top unit) and `period`
    (2026, 2026H1; default: this year)."""
    _staff(request)
    if period:
        try:
            Period.parse(period)
        except ValueError as error:
            raise HttpError(400, str(error)) from error
    try:
        chosen, chosen_period = resolve(unit or None, period or None, request.user)
    except IndicatorError as error:
        # An out-of-scope unit answers exactly like a missing one.
        raise HttpError(404, str(error)) from error
    results = evaluate(chosen_period, units=[chosen])
    return {
        "unit": chosen.code,
        "unit_name": chosen.name_vi,
        "period": str(chosen_period),
        "as_of": chosen_period.end.isoformat(),
        "indicators": [value.as_dict() for value in results],
    }


class BreakdownCellOut(Schema):
    key: str
    label: str
    numerator: float | None
    denominator: float | None
    value: float | None
    suppressed: bool


class BreakdownOut(Schema):
    indicator: str
    by: str
    by_label: str
    cells: list[BreakdownCellOut]


class BreakdownsOut(Schema):
    unit: str
    period: str
    suppress_below: int
    breakdowns: list[BreakdownOut]


@router.get("/breakdowns", response=BreakdownsOut)
def breakdowns(request: HttpRequest, code: str = "", unit: str = "", period: str = "") -> dict:
    """The computed indicators' disaggregations (one indicator with `code`, else all) for
    `unit` and `period`; groups of fewer than five people are suppressed (`suppressed`:
    true, no figures), whoever asks."""
    from hientai.indicators.breakdowns import SUPPRESS_BELOW, indicator_breakdowns

    _staff(request)
    if period:
        try:
            Period.parse(period)
        except ValueError as error:
            raise HttpError(400, str(error)) from error
    try:
        chosen, chosen_period = resolve(unit or None, period or None, request.user)
    except IndicatorError as error:
        raise HttpError(404, str(error)) from error
    indicators = None
    if code:
        found = Indicator.objects.filter(code=code, active=True).first()
        if found is None:
            raise HttpError(404, "unknown indicator")
        indicators = [found]
    tables = (
        indicator_breakdowns(chosen_period, chosen, indicators)
        if (indicators is None or indicators[0].kind == "computed")
        else []
    )
    return {
        "unit": chosen.code,
        "period": str(chosen_period),
        "suppress_below": SUPPRESS_BELOW,
        "breakdowns": [table.as_dict() for table in tables],
    }
