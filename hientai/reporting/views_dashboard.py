"""The dashboard page: thin view over `reporting.dashboards.build`; the filter form swaps
only the body through htmx (HX-Request), a plain GET renders the whole page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hientai.accounts.http import staff_only
from hientai.core.http import is_htmx
from hientai.indicators.breakdowns import SUPPRESS_BELOW, indicator_breakdowns, may_see_people
from hientai.reporting.dashboards import DashboardError, build


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
