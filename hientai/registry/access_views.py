"""Pages of the personal-data access log (logic in `registry.access_log`)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from hientai.registry import access_log


@login_required
def access_log_page(request: HttpRequest) -> HttpResponse:
    access_log.require_reader(request.user)
    filters = access_log.AccessFilters.from_query(request.GET)
    rows = access_log.search(request.user, filters)
    page = Paginator(rows, access_log.PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "rows": access_log.readable(page),
        "channels": access_log.known_channels(),
        "query": query.urlencode(),
    }
    return render(request, "registry/access_log.html", context)


@login_required
def access_log_export(request: HttpRequest, fmt: str) -> HttpResponse:
    access_log.require_reader(request.user)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    filters = access_log.AccessFilters.from_query(request.GET)
    content, content_type, name = access_log.export(request.user, filters, fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
