"""Self-service pages (thin: the services do the work)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hientai.accounts.http import staff_only
from hientai.accounts.scoping import get_visible_or_404, visible
from hientai.core.http import error_text
from hientai.dataprotection import export
from hientai.dataprotection import services as privacy
from hientai.dataprotection.models import DataSubjectRequest
from hientai.plans.models import Task
from hientai.registry.models import Person, ProfileVersion
from hientai.registry.privacy import log_access, sensitive_view
from hientai.selfservice import forms, services
from hientai.selfservice.models import ChangeRequest, ChangeStatus, Invitation

# Registrations allowed from one address per hour (with the hidden field: robots).
REGISTRATIONS_PER_HOUR = 10


def _client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _over_limit(request: HttpRequest) -> bool:
    key = f"selfservice:register:{_client_address(request)}"
    count = cache.get(key, 0)
    if count >= REGISTRATIONS_PER_HOUR:
        return True
    cache.set(key, count + 1, 3600)
    return False


@never_cache
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("selfservice:home")
    form = forms.RegistrationForm(request.POST or None)
    if request.method == "POST":
        if _over_limit(request):
            return render(
                request, "selfservice/register.html", {"form": form, "limited": True}, status=429
            )
        if form.is_valid():
            if not form.cleaned_data.get("website"):
                try:
                    services.register(form.cleaned_data, now=timezone.now())
                except ValidationError as error:
                    messages.error(request, error_text(error))
                    return render(request, "selfservice/register.html", {"form": form})
            # The same answer whether or not the address was known (no enumeration).
            return redirect("selfservice:register_sent")
        messages.error(request, _("Please correct the errors below."))
    return render(request, "selfservice/register.html", {"form": form})


def register_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "selfservice/register_sent.html")


@never_cache
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (a mail scanner opening the link activates nothing); POST
    activates the account."""
    if request.method == "POST":
        try:
            person = services.verify(token, now=timezone.now())
        except ValidationError as error:
            return render(
                request, "selfservice/verify.html", {"error": error_text(error)}, status=400
            )
        return render(request, "selfservice/verify.html", {"done": True, "person": person})
    return render(request, "selfservice/verify.html", {"token": token})


def _person_or_none(request: HttpRequest) -> Any:
    return services.own_person(request.user)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    person = _person_or_none(request)
    now = timezone.now()
    context: dict[str, Any] = {"person": person, "may_invite": services.may_invite(request.user)}
    if person is not None:
        context.update(
            consents=services.consent_lines(person, now),
            changes=person.change_requests.all()[:5],
            invitations=person.invitations.filter(status="pending").count(),
            account=services.account_of(request.user),
        )
    if context["may_invite"]:
        context["to_review"] = (
            services.changes_to_review(request.user).filter(status=ChangeStatus.PENDING).count()
        )
    return render(request, "selfservice/home.html", context)


def _no_profile(request: HttpRequest) -> HttpResponse:
    return render(request, "selfservice/no_profile.html")


@login_required
@never_cache
def consent(request: HttpRequest) -> HttpResponse:
    person = _person_or_none(request)
    if person is None:
        return _no_profile(request)
    now = timezone.now()
    notice = privacy.current_notice(now.date())
    if request.method == "POST":
        try:
            count = services.give_consents(
                person, request.user, request.POST.getlist("purpose"),
                request.POST.get("notice", ""), now=now,
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("%(count)d consents recorded.") % {"count": count})
            return redirect("selfservice:consent")
    context = {"person": person, "lines": services.consent_lines(person, now), "notice": notice}
    return render(request, "selfservice/consent.html", context)


@login_required
@require_POST
def withdraw(request: HttpRequest, code: str) -> HttpResponse:
    person = _person_or_none(request)
    if person is None:
        raise Http404
    try:
        services.withdraw_consent(person, request.user, code, now=timezone.now())
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Your consent was withdrawn."))
    return redirect("selfservice:consent")


@login_required
@never_cache
def profile(request: HttpRequest) -> HttpResponse:
    person = _person_or_none(request)
    if person is None:
        return _no_profile(request)
    pending = person.change_requests.filter(status=ChangeStatus.PENDING).first()
    if request.method == "POST":
        try:
            services.submit_change(person, request.user, request.POST, now=timezone.now())
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request, _("Your changes were sent to the officer who keeps your profile.")
            )
            return redirect("selfservice:changes")
        form, formsets, extra = services.bound_forms(person, request.POST, request.user)
        form.is_valid(), extra.is_valid(), [formset.is_valid() for formset in formsets]
    else:
        account = services.account_of(request.user)
        form = forms.SelfProfileForm(instance=person, user=request.user)
        formsets = forms.part_formsets(None, person)
        extra = forms.AvailabilityForm(
            initial={"availability": account.availability if account else ""}
        )
    if person.phone:
        log_access(person, request.user, ["phone"], "web-selfservice")
    context = {
        "person": person,
        "form": form,
        "formsets": [(forms.part_label(formset), formset) for formset in formsets],
        "extra": extra,
        "pending": pending,
    }
    return render(request, "selfservice/profile.html", context)


@login_required
def changes(request: HttpRequest) -> HttpResponse:
    person = _person_or_none(request)
    if person is None:
        return _no_profile(request)
    return render(
        request,
        "selfservice/changes.html",
        {"person": person, "changes": person.change_requests.select_related("reviewed_by")},
    )


@login_required
@require_POST
def change_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_visible_or_404(ChangeRequest.objects.all(), request.user, pk=pk)
    # Not the owner: a refusal (403), not a message.
    try:
        services.cancel_change(change, request.user, now=timezone.now())
    except ValidationError as error:
        messages.error(request, error_text(error))
    return redirect("selfservice:changes")


def _labelled(model: Any, row: dict[str, Any]) -> list[tuple[str, Any]]:
    """(verbose name, value) of the filled fields of an exported row."""
    shown = []
    for name, value in row.items():
        # The source is the registry's provenance note (an import file, a seed), not data.
        if value in ("", None, []) or name in ("id", "source"):
            continue
        try:
            label = str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue
        shown.append((label, ", ".join(map(str, value)) if isinstance(value, list) else value))
    return shown


@login_required
@never_cache
def data(request: HttpRequest) -> HttpResponse:
    person = _person_or_none(request)
    if person is None:
        return _no_profile(request)
    form = forms.DataRequestForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                created = services.request_about_own_data(
                    person, request.user, form.cleaned_data["kind"],
                    form.cleaned_data["details"], now=timezone.now(),
                )  # fmt: skip
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, error_text(error))
            else:
                messages.success(
                    request,
                    _("Request %(reference)s was registered; it is due by %(due)s.")
                    % {
                        "reference": created.reference,
                        "due": timezone.localtime(created.due_at).strftime("%d/%m/%Y"),
                    },
                )
                return redirect("selfservice:data")
        else:
            messages.error(request, _("Please correct the errors below."))
    # The page shows the person's contacts in clear: a logged view, as everywhere.
    sensitive_view(person, request.user, channel="web-selfservice")
    held = export.subject_data(person, timezone.now())
    context = {
        "person": person,
        "form": form,
        "profile": _labelled(Person, held["person"]),
        "parts": [
            (
                apps.get_model("registry", name)._meta.verbose_name_plural,
                [_labelled(apps.get_model("registry", name), row) for row in rows],
            )
            for name, rows in held["parts"].items()
            if rows
        ],
        "versions": ProfileVersion.objects.filter(person=person).count(),
        "requests": DataSubjectRequest.objects.filter(person=person).order_by("-received_at"),
    }
    return render(request, "selfservice/data.html", context)


@login_required
@never_cache
def export_data(request: HttpRequest, fmt: str) -> HttpResponse:
    person = _person_or_none(request)
    if person is None or fmt not in export.FORMATS:
        raise Http404
    content = export.export_subject(person, request.user, fmt, now=timezone.now())
    types = {
        "json": "application/json; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(content, content_type=types[fmt])
    response["Content-Disposition"] = f'attachment; filename="du-lieu-cua-toi.{fmt}"'
    return response


@login_required
def invitations(request: HttpRequest) -> HttpResponse:
    person = _person_or_none(request)
    if person is None:
        return _no_profile(request)
    rows = person.invitations.select_related("task", "unit")
    return render(request, "selfservice/invitations.html", {"person": person, "rows": rows})


@login_required
@require_POST
def invitation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_visible_or_404(
        Invitation.objects.select_related("person"), request.user, pk=pk
    )
    if invitation.person.user_id != request.user.pk:
        raise PermissionDenied
    form = forms.AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or decline."))
        return redirect("selfservice:invitations")
    try:
        services.answer(
            invitation, request.user, form.cleaned_data["answer"] == "accept",
            form.cleaned_data["note"], now=timezone.now(),
        )  # fmt: skip
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Your answer was sent."))
    return redirect("selfservice:invitations")


# ---------------------------------------------------------------- officers


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    rows = services.changes_to_review(request.user)
    return render(
        request,
        "selfservice/review_list.html",
        {
            "pending": rows.filter(status=ChangeStatus.PENDING).order_by("submitted_at"),
            "done": rows.exclude(status=ChangeStatus.PENDING)[:20],
        },
    )


def _pairs(change: ChangeRequest) -> list[dict[str, Any]]:
    """Side-by-side sections: rows before and after, with the changed ones marked."""
    after = dict((label, rows) for label, rows in change.after)
    sections = []
    for label, before_rows in change.before:
        after_rows = after.get(label, [])
        sections.append(
            {
                "label": label,
                "before": [(row, row not in after_rows) for row in before_rows],
                "after": [(row, row not in before_rows) for row in after_rows],
                "changed": before_rows != after_rows,
            }
        )
    return sections


@login_required
@never_cache
def review(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    change = get_visible_or_404(services.changes_to_review(request.user), request.user, pk=pk)
    return_form = forms.ReturnForm(request.POST or None)
    if request.method == "POST":
        now = timezone.now()
        try:
            if request.POST.get("action") == "accept":
                services.accept_change(change, request.user, now=now)
                messages.success(request, _("The change was applied to the profile."))
            elif return_form.is_valid():
                services.return_change(
                    change, request.user, return_form.cleaned_data["comment"], now=now
                )
                messages.success(request, _("The change was returned to the expert."))
            else:
                raise ValidationError(_("Say why the change is returned."))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, error_text(error))
        else:
            return redirect("selfservice:review_list")
    if change.person.phone or any(change.data.get("phone", [])):
        # The diff shows the phone number (before and proposed) in clear.
        log_access(change.person, request.user, ["phone"], "web-selfservice-review")
    context = {"change": change, "sections": _pairs(change), "return_form": return_form}
    return render(request, "selfservice/review.html", context)


@login_required
@never_cache
def connect(request: HttpRequest) -> HttpResponse:
    """A department officer invites an expert who agrees to be contacted."""
    staff_only(request)
    if not services.may_invite(request.user):
        raise PermissionDenied
    now = timezone.now()
    tasks = visible(Task.objects.select_related("plan"), request.user).order_by("plan", "pk")
    form = forms.InvitationForm(request.POST or None, people=services.invitable(now), tasks=tasks)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.invite(
                    request.user, data["person"], now=now, task=data["task"],
                    title=data["title"], link=data["link"], message=data["message"],
                )  # fmt: skip
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, error_text(error))
            else:
                messages.success(request, _("The invitation was sent."))
                return redirect("selfservice:connect")
        else:
            messages.error(request, _("Please correct the errors below."))
    sent = visible(Invitation.objects.select_related("person", "task"), request.user)
    return render(
        request, "selfservice/connect.html", {"form": form, "sent": sent.order_by("-invited_at")}
    )
