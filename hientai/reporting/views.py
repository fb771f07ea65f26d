"""Reporting screens: my unit's reports, the data-entry form, the review queue, completeness.
Thin: reading goes through `visible()`, every write through `reporting.services`.
Out-of-scope submissions answer 404; a write the user may not make answers 403."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hientai.accounts.http import staff_only
from hientai.accounts.scoping import get_visible_or_404, scope_for, visible
from hientai.core.http import error_text, is_htmx
from hientai.indicators.periods import Period
from hientai.orgs.models import Unit
from hientai.reporting import services, validation
from hientai.reporting.models import (
    Dataset,
    Status,
    Submission,
    SubmissionEvent,
    Timeliness,
)


def _period_or_default(text: str | None, default: Period) -> Period:
    try:
        return Period.parse(text) if text else default
    except ValueError:
        return default


# ---------------------------------------------------------------- my reports


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The reports the user's units owe for the current and past periods."""
    staff_only(request)
    today = timezone.localdate()
    periods = services.recent_periods(today)
    chosen = request.GET.get("period", "")
    if chosen:
        periods = [_period_or_default(chosen, periods[0])]
    rows = services.expectations(periods, user=request.user, today=today)
    state = request.GET.get("state", "")
    if state == "todo":
        rows = [row for row in rows if not row.delivered]
    elif state in Timeliness.values:
        rows = [row for row in rows if row.timeliness == state]
    elif state in Status.values:
        rows = [row for row in rows if row.status == state]
    scope = scope_for(request.user)
    for row in rows:
        row.can_start = row.submission is None and scope.can_write and _writes(scope, row.unit)
    return render(
        request,
        "reporting/home.html",
        {
            "rows": rows,
            "today": today,
            "periods": services.recent_periods(today),
            "chosen": chosen,
            "state": state,
            "states": [
                ("todo", _("To do")),
                (Timeliness.MISSING, _("Overdue")),
                (Status.SUBMITTED, _("Awaiting review")),
                (Status.RETURNED, _("Returned")),
                (Status.APPROVED, _("Approved")),
            ],
            "overdue": sum(1 for row in rows if row.is_overdue),
            "queue_count": services.review_queue(request.user).count(),
            "city_wide": scope.city_wide,
        },
    )


def _writes(scope: Any, unit: Unit) -> bool:
    return scope.city_wide or any(unit.path.startswith(path) for path in scope.write_paths)


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    """Open (or find) the submission of a dataset, unit and period, then go to its form."""
    staff_only(request)
    dataset = get_object_or_404(Dataset, code=request.POST.get("dataset", ""))
    unit = get_visible_or_404(Unit.objects.all(), request.user, code=request.POST.get("unit", ""))
    try:
        submission = services.open_submission(
            dataset, unit, request.POST.get("period", ""), request.user
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("reporting:home")
    return redirect("reporting:submission", pk=submission.pk)


# ---------------------------------------------------------------- one submission


def _load(request: HttpRequest, pk: int) -> Submission:
    staff_only(request)
    return get_visible_or_404(
        Submission.objects.select_related("dataset", "unit", "submitted_by", "decided_by"),
        request.user,
        pk=pk,
    )


def _form_rows(
    submission: Submission,
    posted: dict[str, dict[str, Any]] | None = None,
    errors: dict[str, list[str]] | None = None,
    warnings: dict[str, list[str]] | None = None,
) -> list[dict[str, Any]]:
    items = services.form_items(submission)
    stored = services.values_by_indicator(submission)
    past = services.history(submission, [item.indicator for item in items])
    rows = []
    for item in items:
        indicator = item.indicator
        value = stored.get(indicator.pk)
        if posted is not None and indicator.code in posted:
            shown = posted[indicator.code]
        else:
            shown = {
                name: validation.show(getattr(value, name, None))
                if getattr(value, name, None) is not None
                else ""
                for name in validation.FIELDS
            }
            shown["note"] = value.note if value else ""
        stored_warnings = value.warning_messages() if value else []
        rows.append(
            {
                "item": item,
                "indicator": indicator,
                "value": value,
                "fields": validation.input_fields(indicator),
                "shown": shown,
                "errors": (errors or {}).get(indicator.code, []),
                "warnings": (warnings or {}).get(indicator.code, stored_warnings),
                "history": past.get(indicator.pk, [])[:3],
            }
        )
    return rows


def _posted_values(request: HttpRequest, submission: Submission) -> dict[str, dict[str, Any]]:
    """`v-<code>-<field>` inputs → {code: {field: text}}."""
    values: dict[str, dict[str, Any]] = {}
    for item in services.form_items(submission):
        code = item.indicator.code
        names = (*validation.input_fields(item.indicator), "note")
        if not any(f"v-{code}-{name}" in request.POST for name in names):
            continue
        values[code] = {name: request.POST.get(f"v-{code}-{name}", "") for name in names}
    return values


def _event_rows(events: Any) -> list[dict[str, Any]]:
    """The history as readers say it: status labels and indicator names, never codes."""
    from hientai.indicators.models import Indicator
    from hientai.reporting.models import Status

    events = list(events)
    codes = {code for event in events for code in (event.changes or {})}
    names = dict(Indicator.objects.filter(code__in=codes).values_list("code", "name_vi"))
    labels = dict(Status.choices)
    rows = []
    for event in events:
        changes = [
            {
                "name": names.get(code, code),
                "before": _change_value(change.get("before")),
                "after": _change_value(change.get("after")),
            }
            for code, change in (event.changes or {}).items()
        ]
        rows.append(
            {
                "event": event,
                "from_status": labels.get(event.from_status, event.from_status),
                "to_status": labels.get(event.to_status, event.to_status),
                "changes": changes,
            }
        )
    return rows


def _change_value(value: Any) -> str:
    if not isinstance(value, dict):
        return "" if value in (None, "") else str(value)
    shown = value.get("value")
    if shown in (None, ""):
        shown = value.get("numerator")
    return "" if shown in (None, "") else str(shown)


def _context(request: HttpRequest, submission: Submission, **extra: Any) -> dict[str, Any]:
    user = request.user
    return {
        "submission": submission,
        "rows": extra.pop("rows", None) or _form_rows(submission),
        "can_enter": services.can_enter(user, submission),
        "can_decide": services.can_decide(user, submission),
        "can_reopen": services.can_reopen(user, submission),
        "events": _event_rows(
            visible(
                SubmissionEvent.objects.filter(submission=submission).select_related("user"), user
            )
        ),
        "timeliness": submission.timeliness(),
        "today": timezone.localdate(),
        **extra,
    }


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The data-entry form (draft or returned, for those who may write) or the read-only
    report with its review actions and history. POST saves (and submits with `submit`)."""
    submission = _load(request, pk)
    if request.method != "POST":
        return render(request, "reporting/submission.html", _context(request, submission))
    if submission.is_locked:
        raise PermissionDenied(_("This report was approved: it is locked and cannot be changed."))
    if not services.may_enter(request.user, submission.unit):
        raise PermissionDenied(_("You may not enter the reports of this unit."))
    posted = _posted_values(request, submission)
    submitting = "submit" in request.POST
    try:
        with transaction.atomic():  # the texts and the values, or neither
            if "difficulties" in request.POST or "proposals" in request.POST:
                services.save_narrative(
                    submission,
                    request.user,
                    request.POST.get("difficulties", ""),
                    request.POST.get("proposals", ""),
                )
            result = services.save_values(submission, request.user, posted, submit_after=submitting)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        context = _context(
            request,
            submission,
            rows=_form_rows(submission, posted, errors),
            form_errors=errors.get("__all__", []),
        )
        template = "reporting/_entry_form.html" if is_htmx(request) else "reporting/submission.html"
        return render(request, template, context, status=200 if is_htmx(request) else 400)
    if submitting:
        messages.success(request, _("The report was submitted for review."))
        if is_htmx(request):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("reporting:submission", args=[submission.pk])
            return response
        return redirect("reporting:submission", pk=submission.pk)
    saved = _("The draft was saved.") if result.changed else _("Nothing changed.")
    if is_htmx(request):
        context = _context(
            request,
            submission,
            rows=_form_rows(submission, warnings=result.warnings),
            saved_message=saved,
        )
        return render(request, "reporting/_entry_form.html", context)
    messages.success(request, saved)
    return redirect("reporting:submission", pk=submission.pk)


def _decision(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    submission = _load(request, pk)
    comment = request.POST.get("comment", "")
    try:
        if action == "approve":
            services.approve(submission, request.user, comment)
            messages.success(request, _("The report was approved; its values now count."))
        elif action == "return":
            services.return_submission(submission, request.user, comment)
            messages.success(request, _("The report was returned to the unit."))
        else:
            services.reopen(submission, request.user, comment)
            messages.success(request, _("The report was withdrawn: it is a draft again."))
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("reporting:submission", pk=submission.pk)


@login_required
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision(request, pk, "approve")


@login_required
@require_POST
def return_submission(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision(request, pk, "return")


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _decision(request, pk, "reopen")


# ---------------------------------------------------------------- coordinator


@login_required
def review(request: HttpRequest) -> HttpResponse:
    """Submitted reports waiting for the user's decision."""
    staff_only(request)
    queue = list(services.review_queue(request.user))
    return render(request, "reporting/review.html", {"queue": queue})


@login_required
def completeness(request: HttpRequest) -> HttpResponse:
    """Expected, submitted, on time, late and missing reports per unit for a period."""
    staff_only(request)
    today = timezone.localdate()
    default = Period(today.year)
    period = _period_or_default(request.GET.get("period"), default)
    within = request.GET.get("within") == "1"
    rows = services.completeness(period, user=request.user, today=today, within=within)
    return render(
        request,
        "reporting/completeness.html",
        {
            "rows": rows,
            "period": period,
            "within": within,
            "periods": services.recent_periods(today, years=3),
            "today": today,
        },
    )
