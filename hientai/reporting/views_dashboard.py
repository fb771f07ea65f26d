"""The dashboard page: thin view over `reporting.dashboards.build`; the filter form swaps
only the body through htmx (HX-Request), a plain GET renders the whole page."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from hientai.accounts.http import staff_only
from hientai.core import charts
from hientai.core.http import is_htmx
from hientai.indicators.breakdowns import SUPPRESS_BELOW, indicator_breakdowns, may_see_people
from hientai.reporting.dashboards import Dashboard, DashboardError, build


def _drill_down(board: Dashboard) -> None:
    """A click on a unit's bar opens the dashboard of that unit (same period and indicator);
    on a target's achievement, the page of its indicator in the unit shown."""
    here = reverse("reporting:dashboard")

    def unit_page(code: str) -> str:
        query = {"period": str(board.period), "unit": code}
        if board.indicator is not None:
            query["indicator"] = board.indicator.code
        return f"{here}?{urlencode(query)}"

    def indicator_page(code: str) -> str:
        page = reverse("indicators:indicator_detail", args=[code])
        return f"{page}?{urlencode({'unit': board.unit.code, 'period': str(board.period)})}"

    for name in ("by_unit", "completeness", "quality"):
        charts.link(board.specs.get(name), unit_page)
    charts.link(board.specs.get("achievement"), indicator_page)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    error = ""
    params = {
        "period": request.GET.get("period", "").strip(),
        "unit": request.GET.get("unit", "").strip(),
        "indicator": request.GET.get("indicator", "").strip(),
    }
    try:
        board = build(
            request.user,
            period=params["period"],
            unit=params["unit"],
            indicator=params["indicator"],
        )
    except DashboardError as exc:
        error = str(exc)
        board = build(request.user, unit=params["unit"], indicator=params["indicator"])
    # The breakdowns switch: the chosen indicator split by gender, age, ethnicity, sector
    # and strategic technology (small counts suppressed for readers who may not see people).
    show_breakdowns = request.GET.get("breakdowns") == "1"
    breakdowns = []
    indicator = getattr(board, "indicator", None)
    if show_breakdowns and indicator is not None and indicator.kind == "computed":
        breakdowns = indicator_breakdowns(
            board.period,
            board.unit,
            [indicator],
            see_people=may_see_people(request.user, board.unit),
        )
    _drill_down(board)
    partial = is_htmx(request)
    template = "reporting/_dashboard_body.html" if partial else "reporting/dashboard.html"
    # htmx swaps only 2xx answers: a partial carries its error in the body instead.
    status = 400 if error and not partial else 200
    context = {
        "board": board,
        "error": error,
        "partial": partial,
        "show_breakdowns": show_breakdowns,
        "breakdowns": breakdowns,
        "suppress_below": SUPPRESS_BELOW,
    }
    return render(request, template, context, status=status)
