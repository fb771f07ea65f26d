from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hientai.accounts.scoping import get_visible_or_404, scope_for, visible
from hientai.core.text import fold
from hientai.orgs import changes, services
from hientai.orgs.forms import ACTIONS, UnitChangeForm
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
        "change_form": UnitChangeForm() if scope_for(request.user).city_wide else None,
    }
    return render(request, "orgs/unit_detail.html", context)


@login_required
@require_POST
def unit_change(request: HttpRequest, code: str) -> HttpResponse:
    """Merge, rename, split or close a unit (coordinator and administrators): the first
    post shows what would move (profiles, role assignments, tasks, datasets, open
    submissions); the confirmed post applies it through `orgs.changes`, which checks the
    role and writes the audit row."""
    unit = get_visible_or_404(Unit.objects.all(), request.user, code=code)
    if not scope_for(request.user).city_wide:
        raise PermissionDenied
    form = UnitChangeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:  # iterating an ErrorList yields its messages (str)
                messages.error(request, str(error))
        return redirect("orgs:unit_detail", code=unit.code)
    data = form.cleaned_data
    change = changes.UnitChange(
        action=data["action"],
        unit=unit,
        effective_date=data["effective_date"],
        targets=list(data.get("targets") or []),
        new_code=(data.get("new_code") or "").strip(),
        new_name_vi=(data.get("new_name_vi") or "").strip(),
        note=data.get("note") or "",
    )
    try:
        if request.POST.get("confirm") != "1":
            context = {"unit": unit, "change": change, "moving": changes.preview(change),
                       "form": form, "action_label": dict(ACTIONS)[change.action]}  # fmt: skip
            return render(request, "orgs/unit_change_preview.html", context)
        successor, moved = changes.apply(change, request.user, "web")
    except services.UnitDataError as error:
        messages.error(request, str(error))
        return redirect("orgs:unit_detail", code=unit.code)
    summary = ", ".join(f"{m.count} {m.label}" for m in moved if m.count) or _("nothing")
    messages.success(
        request, _("The unit was changed; moved to its successor: %(what)s.") % {"what": summary}
    )
    return redirect("orgs:unit_detail", code=successor.code if successor else unit.code)
