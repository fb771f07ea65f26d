"""Thin views over the services; the notice page is public."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hientai.accounts.http import staff_only
from hientai.accounts.scoping import get_visible_or_404, scope_for
from hientai.core.http import error_text
from hientai.dataprotection import export, limits, services
from hientai.dataprotection.forms import (
    BasisForm,
    BreachForm,
    BreachUpdateForm,
    CloseForm,
    EraseForm,
    ExtendForm,
    RequestForm,
    StopForm,
)
from hientai.dataprotection.models import (
    OPEN_STATUSES,
    BasisRecord,
    Breach,
    BreachStatus,
    DataSubjectRequest,
    NoticeVersion,
    PrivacyEvent,
    ProcessingPurpose,
    RequestKind,
    RetentionRule,
)
from hientai.dataprotection.retention import due_report
from hientai.dataprotection.roles import is_handler, require_handler
from hientai.registry.models import Person


def notice(request: HttpRequest, version: str | None = None) -> HttpResponse:
    """The privacy notice: what is kept, why, for how long, who sees it, the rights."""
    if version is None:
        shown = services.current_notice(timezone.localdate())
    else:
        shown = get_object_or_404(NoticeVersion, version=version)
    context = {
        "notice": shown,
        "versions": NoticeVersion.objects.all(),
        "purposes": ProcessingPurpose.objects.all(),
        "rules": RetentionRule.objects.all(),
        "limits": [(RequestKind(kind).label, limit) for kind, limit in limits.LIMITS.items()],
        "acknowledge": limits.ACKNOWLEDGE,
        "breach_hours": limits.BREACH_NOTIFY_HOURS,
        "english": translation.get_language() == "en",
    }
    return render(request, "dataprotection/notice.html", context)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The coordinator's (and data-protection officer's) desk; officers see their units."""
    staff_only(request)
    now = timezone.now()
    handler = is_handler(request.user)
    requests = services.requests_for(request.user)
    context = {
        "handler": handler,
        "reminders": services.reminders(now, request.user),
        "open_requests": requests.filter(status__in=OPEN_STATUSES).order_by("due_at"),
        "closed_requests": requests.exclude(status__in=OPEN_STATUSES).order_by("-closed_at")[:20],
        "breaches": Breach.objects.exclude(status=BreachStatus.CLOSED) if handler else [],
        "now": now,
    }
    return render(request, "dataprotection/home.html", context)


def _person(request: HttpRequest, pk: int) -> Person:
    return get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=pk)


@login_required
@never_cache
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's legal bases and consents (with their history) and requests."""
    subject = _person(request, pk)
    user = request.user
    context = {
        "person": subject,
        "lines": services.overview(subject),
        "records": BasisRecord.objects.filter(person=subject)
        .select_related("purpose", "notice", "recorded_by")
        .order_by("-recorded_at", "-pk"),
        "requests": services.requests_for(user).filter(person=subject).order_by("-received_at"),
        "may_record": services.may_record_basis(user, subject),
        "own": bool(subject.user_id) and subject.user_id == user.pk,
        "may_export": export.may_export(user, subject),
        "basis_form": BasisForm(),
        "request_form": RequestForm(),
        "suggested": services.suggested_erasure(subject),
    }
    return render(request, "dataprotection/person.html", context)


def _run(request: HttpRequest, action: Callable[[], Any], done: str) -> bool:
    try:
        action()
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
        return False
    messages.success(request, done)
    return True


def _form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))


@login_required
@require_POST
def record_basis(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _person(request, pk)
    form = BasisForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        _run(
            request,
            lambda: services.record_basis(
                subject,
                data["purpose"],
                data["state"],
                request.user,
                now=timezone.now(),
                effective_on=data["effective_on"],
                evidence=data["evidence"],
                note=data["note"],
            ),
            _("The entry was recorded."),
        )
    else:
        _form_errors(request, form)
    return redirect("dataprotection:person", pk=subject.pk)


@login_required
@require_POST
def receive_request(request: HttpRequest, pk: int) -> HttpResponse:
    subject = _person(request, pk)
    form = RequestForm(request.POST)
    created: list[Any] = []
    if form.is_valid():
        data = form.cleaned_data

        def create() -> None:
            created.append(
                services.receive_request(
                    subject,
                    data["kind"],
                    request.user,
                    now=timezone.now(),
                    received_at=data["received_at"],
                    details=data["details"],
                    received_via=data["received_via"],
                    third_party=data["third_party"],
                )
            )

        if _run(request, create, _("The request was registered.")):
            return redirect("dataprotection:request", pk=created[0].pk)
    else:
        _form_errors(request, form)
    return redirect("dataprotection:person", pk=subject.pk)


@login_required
@never_cache
def export_person(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    subject = _person(request, pk)
    if fmt not in export.FORMATS:
        raise Http404
    content = export.export_subject(subject, request.user, fmt, now=timezone.now())
    types = {
        "json": "application/json; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(content, content_type=types[fmt])
    response["Content-Disposition"] = f'attachment; filename="du-lieu-ca-nhan-{subject.pk}.{fmt}"'
    return response


def _request(request: HttpRequest, pk: int) -> Any:
    try:
        return services.requests_for(request.user).get(pk=pk)
    except DataSubjectRequest.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@never_cache
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    subject_request = _request(request, pk)
    context = {
        "item": subject_request,
        "now": timezone.now(),
        "handler": is_handler(request.user),
        "events": PrivacyEvent.objects.filter(request=subject_request).select_related("actor"),
        "extend_form": ExtendForm(),
        "close_form": CloseForm(),
        "erase_form": EraseForm(
            initial={"mode": services.suggested_erasure(subject_request.person)}
            if subject_request.person
            else None
        ),
        "stop_form": StopForm(),
        "stop_kinds": set(services.STOP_STATES),
    }
    return render(request, "dataprotection/request.html", context)


@login_required
@require_POST
def request_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    subject_request = _request(request, pk)
    require_handler(request.user)
    now = timezone.now()
    user = request.user
    forms = {"extend": ExtendForm, "close": CloseForm, "erase": EraseForm, "stop": StopForm}
    if action == "acknowledge":
        _run(
            request,
            lambda: services.acknowledge(subject_request, user, now=now),
            _("The request was acknowledged."),
        )
        return redirect("dataprotection:request", pk=pk)
    if action not in forms:
        raise Http404
    form = forms[action](request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("dataprotection:request", pk=pk)
    data = form.cleaned_data
    calls = {
        "extend": lambda: services.extend(
            subject_request, data["days"], data["reason"], user, now=now
        ),
        "close": lambda: services.close_request(
            subject_request, user, now=now, outcome=data["outcome"], note=data["note"]
        ),
        "erase": lambda: services.carry_out_erasure(
            subject_request, user, now=now, mode=data["mode"], note=data["note"]
        ),
        "stop": lambda: services.carry_out_stop(
            subject_request, list(data["purposes"]), user, now=now, note=data["note"]
        ),
    }
    _run(request, calls[action], _("Done."))
    return redirect("dataprotection:request", pk=pk)


@login_required
@never_cache
def breaches(request: HttpRequest) -> HttpResponse:
    require_handler(request.user)
    now = timezone.now()
    form = BreachForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            created: list[Breach] = []
            if _run(
                request,
                lambda: created.append(services.record_breach(request.user, now=now, **data)),
                _("The breach was recorded."),
            ):
                return redirect("dataprotection:breach", pk=created[0].pk)
        else:
            messages.error(request, _("Please correct the errors below."))
    rows = [(breach, breach.overdue(now)) for breach in Breach.objects.all()]
    return render(
        request,
        "dataprotection/breaches.html",
        {
            "rows": rows,
            "form": form,
            "now": now,
            "hours": limits.BREACH_NOTIFY_HOURS,
        },
    )


@login_required
@never_cache
def breach(request: HttpRequest, pk: int) -> HttpResponse:
    require_handler(request.user)
    item = get_object_or_404(Breach, pk=pk)
    now = timezone.now()
    form = BreachUpdateForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            _run(
                request,
                lambda: services.update_breach(
                    item,
                    request.user,
                    now=now,
                    notified_at=data["notified_at"],
                    notification_reference=data["notification_reference"],
                    lateness_reason=data["lateness_reason"],
                    subjects_notified_at=data["subjects_notified_at"],
                    measures=data["measures"] or None,
                    status=data["status"] or None,
                ),
                _("The breach was updated."),
            )
            return redirect("dataprotection:breach", pk=pk)
        messages.error(request, _("Please correct the errors below."))
    context = {
        "item": item,
        "overdue": item.overdue(now),
        "form": form,
        "events": PrivacyEvent.objects.filter(breach=item).select_related("actor"),
    }
    return render(request, "dataprotection/breach.html", context)


@login_required
def retention(request: HttpRequest) -> HttpResponse:
    require_handler(request.user)
    return render(
        request,
        "dataprotection/retention.html",
        {"reports": due_report(timezone.now()), "may_open": scope_for(request.user).city_wide},
    )
