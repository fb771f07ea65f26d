"""Pages of the support app: the case list, opening a case, a case with its steps.
Views are thin: the services check scope, write and audit."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hientai.accounts.http import staff_only
from hientai.accounts.scoping import get_visible_or_404
from hientai.core.http import error_text
from hientai.support import services
from hientai.support.forms import CaseForm
from hientai.support.models import CaseStatus, CaseType, SupportCase


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    today = timezone.localdate()
    cases = services.cases_for(request.user).select_related("case_type", "unit", "person")
    status = request.GET.get("status", "")
    kind = request.GET.get("type", "")
    overdue = request.GET.get("overdue") == "1"
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    if kind:
        cases = cases.filter(case_type__code=kind)
    if overdue:
        cases = services.overdue_cases(cases, today)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    late = set(
        services.overdue_cases(
            services.cases_for(request.user).filter(pk__in=[c.pk for c in page.object_list]), today
        ).values_list("pk", flat=True)
    )
    rows = [(case, services.current_step(case), case.pk in late) for case in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "status": status,
        "kind": kind,
        "overdue": overdue,
        "statuses": CaseStatus.choices,
        "types": CaseType.objects.filter(active=True),
        "may_open": services.may_open(request.user),
        "pager_query": urlencode(
            {"status": status, "type": kind, "overdue": "1" if overdue else ""}
        ),
    }
    return render(request, "support/case_list.html", context)


@login_required
def case_add(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    if not services.may_open(request.user):
        raise PermissionDenied
    initial = {}
    if request.GET.get("person", "").isdigit():
        initial["person"] = int(request.GET["person"])
    form = CaseForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.open_case(
                request.user,
                case_type=data["case_type"],
                unit=data["unit"],
                person=data["person"],
                expert_name=data["expert_name"],
                expert_nationality=data["expert_nationality"],
                passport_number=data["passport_number"],
                coordinating_units=list(data["coordinating_units"]),
                summary=data["summary"],
            )
        except (ValidationError, PermissionDenied) as problem:
            form.add_error(None, error_text(problem))
        else:
            messages.success(request, _("Support case opened."))
            return redirect("support:case_detail", pk=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "support/case_form.html", {"form": form}, status=status)


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    case = get_visible_or_404(
        SupportCase.objects.select_related("case_type", "unit", "person", "created_by"),
        request.user,
        pk=pk,
    )
    today = timezone.localdate()
    steps = list(case.steps.select_related("done_by").order_by("position"))
    current = next((step for step in steps if step.done_on is None), None)
    last_done = next((step for step in reversed(steps) if step.done_on is not None), None)
    context = {
        "case": case,
        "steps": steps,
        "current": current,
        "last_done": last_done,
        "today": today,
        "identity": services.identity(case, request.user),
        "may_write": services.may_write(request.user, case),
        "coordinating": case.coordinating_units.order_by("path"),
    }
    return render(request, "support/case_detail.html", context)


def _back(
    request: HttpRequest, case: SupportCase, problem: Exception | None, done: str
) -> HttpResponse:
    if problem is not None:
        messages.error(request, error_text(problem))  # type: ignore[arg-type]
    else:
        messages.success(request, done)
    return redirect("support:case_detail", pk=case.pk)


@login_required
@require_POST
def step_action(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    staff_only(request)
    case = get_visible_or_404(SupportCase.objects.all(), request.user, pk=pk)
    case_step = get_object_or_404(case.steps, pk=step)
    action = request.POST.get("action", "")
    note = request.POST.get("note", "")
    if not services.may_write(request.user, case):
        raise PermissionDenied
    if action not in ("done", "reopen"):
        return HttpResponseBadRequest(_("Unknown action."))
    problem: Exception | None = None
    try:
        if action == "done":
            services.complete_step(request.user, case_step, note)
        else:
            services.reopen_step(request.user, case_step, note)
    except ValidationError as error:
        problem = error
    done = _("Step marked done.") if action == "done" else _("Step reopened.")
    return _back(request, case, problem, done)


@login_required
@require_POST
def case_status(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    case = get_visible_or_404(SupportCase.objects.all(), request.user, pk=pk)
    action = request.POST.get("action", "")
    note = request.POST.get("note", "")
    if not services.may_write(request.user, case):
        raise PermissionDenied
    if action not in ("close", "reopen"):
        return HttpResponseBadRequest(_("Unknown action."))
    problem: Exception | None = None
    try:
        if action == "close":
            services.close_case(request.user, case, note)
        else:
            services.reopen_case(request.user, case, note)
    except ValidationError as error:
        problem = error
    done = _("Case closed.") if action == "close" else _("Case reopened.")
    return _back(request, case, problem, done)
