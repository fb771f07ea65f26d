"""The dashboard page: thin view over `reporting.dashboards.build`; the filter form swaps
only the body through htmx (HX-Request), a plain GET renders the whole page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hientai.accounts.http import staff_only
from hientai.core.http import is_htmx
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
        board = build(request.user, **params)
    except DashboardError as exc:
        error = str(exc)
        board = build(request.user, unit=params["unit"], indicator=params["indicator"])
    partial = is_htmx(request)
    template = "reporting/_dashboard_body.html" if partial else "reporting/dashboard.html"
    # htmx swaps only 2xx answers: a partial carries its error in the body instead.
    status = 400 if error and not partial else 200
    context = {"board": board, "error": error, "partial": partial}
    return render(request, template, context, status=status)
