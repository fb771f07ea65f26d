from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from hientai.accounts.scoping import get_visible_or_404, visible
from hientai.core.text import fold
from hientai.orgs.models import Unit, UnitKind
from hientai.orgs.services import successors


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    include_closed = request.GET.get("closed") == "1"
    units = visible(Unit.objects.all(), request.user).select_related("parent")
    if not include_closed:
        units = units.current()
    if kind in UnitKind.values:
        units = units.filter(kind=kind)
    if query:
        # The unit list is small (hundreds of rows): folding in Python keeps
        # "dong xoai" matching "Đồng Xoài" on every database backend.
        wanted = fold(query)
        ids = [
            pk
            for pk, code, name_vi, name_en in units.values_list("pk", "code", "name_vi", "name_en")
            if wanted in fold(f"{code} {name_vi} {name_en}")
        ]
        units = units.filter(Q(pk__in=ids))
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "query": query,
        "kind": kind,
        "kinds": UnitKind.choices,
        "include_closed": include_closed,
        "language": get_language(),
    }
    template = (
        "orgs/_unit_rows.html" if request.headers.get("HX-Request") else "orgs/unit_list.html"
    )
    return render(request, template, context)


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_visible_or_404(Unit.objects.select_related("parent"), request.user, code=code)
    children = visible(unit.children.all(), request.user).order_by("-valid_to", "code")
    context = {
        "unit": unit,
        "ancestors": visible(unit.ancestors(), request.user),
        "children": children,
        "populations": unit.populations.order_by("-year"),
        "successors": [] if unit.is_current() else successors(unit),
        "predecessors": unit.predecessor_links.select_related("old_unit"),
        "language": get_language(),
    }
    return render(request, "orgs/unit_detail.html", context)
