"""Every write of the self-service app: registration and its e-mail verification, consent,
profile change requests and their review, data requests, invitations. Scope is checked
here, the audit row is written in the same transaction, times come from `now`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.accounts.scoping import can_edit, editable, scope_for, visible
from hientai.core import audit
from hientai.dataprotection import services as privacy
from hientai.dataprotection.models import BasisState, ProcessingPurpose
from hientai.orgs.models import Unit
from hientai.registry import services as registry_services
from hientai.registry.history import recording
from hientai.registry.models import OverseasKind, Person, StatusPeriod
from hientai.selfservice import forms as ss_forms
from hientai.selfservice.models import (
    ChangeRequest,
    ChangeStatus,
    ExpertAccount,
    Invitation,
    InvitationStatus,
)

SALT = "hientai.selfservice.verify"
# A verification link works this long (seconds).
VERIFY_MAX_AGE = 3 * 24 * 3600
# The purpose that lets a department contact the expert: invitations need it.
CONTACT_PURPOSE = "opportunities"
CHANNEL = "selfservice"
# Stored provenance of a self-registered profile: data, the same in every language.
SOURCE = "tự đăng ký"


def _aware(now: datetime.datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")


def default_unit() -> Unit:
    """The unit that keeps self-registered profiles unless the expert chose one: the
    Department of Science and Technology (the coordinator's unit), else the root."""
    code = getattr(settings, "SELFSERVICE_DEFAULT_UNIT", "75.SKHCN")
    unit = Unit.objects.current().filter(code=code).first()
    unit = unit or Unit.objects.current().order_by("depth", "path").first()
    if unit is None:
        raise ValidationError(_("No unit can keep self-registered profiles."))
    return unit


# ---------------------------------------------------------------- registration


def make_token(user: User, now: datetime.datetime) -> str:
    signer = signing.TimestampSigner(salt=SALT)
    value = signing.b64_encode(f"{user.pk}:{user.email}".encode()).decode()
    return signer.sign(value)


def _link(path: str) -> str:
    return settings.HIENTAI_BASE_URL.rstrip("/") + path


def _send(subject: str, body: str, address: str) -> None:
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address]))


@transaction.atomic
def register(data: dict[str, Any], *, now: datetime.datetime) -> User | None:
    """Create an inactive account and send the verification link. An address already
    registered gets a notice instead; the caller shows the same page either way (no
    account enumeration). Returns the new user, or None."""
    _aware(now)
    email = data["email"].strip().lower()
    existing = User.objects.filter(email__iexact=email) | User.objects.filter(
        username__iexact=email
    )
    if existing.exists():
        _send(
            _("Registration on the Đồng Nai talent registry"),
            _(
                "Someone tried to register with this address, which already has an "
                "account. If it was you, sign in or ask the Department to reset your "
                "password: %(url)s"
            )
            % {"url": _link(reverse("login"))},
            email,
        )
        return None
    user = User(
        username=email,
        email=email,
        first_name=data["given_name"].strip(),
        last_name=data["family_name"].strip(),
        is_active=False,
    )
    user.set_password(data["password"])
    user.save()
    RoleAssignment.objects.create(user=user, role=Role.EXPERT, unit=None)
    account = ExpertAccount.objects.create(
        user=user,
        family_name=data["family_name"].strip(),
        middle_name=(data.get("middle_name") or "").strip(),
        given_name=data["given_name"].strip(),
        country=data.get("country"),
        st_field=data.get("st_field"),
        overseas=bool(data.get("overseas")),
        unit=data.get("unit") or default_unit(),
        registered_at=now,
    )
    audit.record(
        None,
        audit.Action.CREATE,
        account,
        label=str(account),
        unit=account.unit,
        after={"email": email, "unit": account.unit.code},
        reason=_("self-registration"),
        channel=CHANNEL,
        at=now,
    )
    url = _link(reverse("selfservice:verify", args=[make_token(user, now)]))
    _send(
        _("Confirm your e-mail address"),
        _(
            "Thank you for registering on the Đồng Nai talent registry. Open this link "
            "within 3 days to confirm your address and activate your account:\n\n%(url)s\n\n"
            "If you did not register, ignore this message."
        )
        % {"url": url},
        email,
    )
    return user


def _token_user(token: str, now: datetime.datetime) -> User:
    signer = signing.TimestampSigner(salt=SALT)
    try:
        value = signer.unsign(token, max_age=datetime.timedelta(seconds=VERIFY_MAX_AGE))
    except signing.SignatureExpired as error:
        raise ValidationError(_("This link has expired. Register again.")) from error
    except signing.BadSignature as error:
        raise ValidationError(_("This link is not valid.")) from error
    try:
        pk, email = signing.b64_decode(value.encode()).decode().split(":", 1)
        user = User.objects.get(pk=int(pk), email=email)
    except (ValueError, User.DoesNotExist) as error:
        raise ValidationError(_("This link is not valid.")) from error
    return user


@transaction.atomic
def verify(token: str, *, now: datetime.datetime) -> Person:
    """Activate the account of a valid, unexpired link and make its profile in the
    registry (in the managing unit, versioned and audited). A second use is harmless."""
    _aware(now)
    user = _token_user(token, now)
    account = ExpertAccount.objects.select_for_update().filter(user=user).first()
    if account is None:
        raise ValidationError(_("This link is not valid."))
    existing = Person.objects.filter(user=user).first()
    if account.verified_at is not None and existing is not None:
        return existing
    user.is_active = True
    user.save(update_fields=["is_active"])
    account.verified_at = now
    account.save(update_fields=["verified_at"])
    person = Person(
        unit=account.unit,
        user=user,
        family_name=account.family_name,
        middle_name=account.middle_name,
        given_name=account.given_name,
        email=user.email,
        overseas_kind=OverseasKind.VIETNAMESE_ABROAD if account.overseas else OverseasKind.NONE,
        overseas_country=account.country if account.overseas else None,
        source=SOURCE,
    )
    with recording(user, _("self-registration, e-mail verified")):
        person.save()
        StatusPeriod.objects.create(person=person, status=person.status, effective_from=now.date())
        if account.st_field_id:
            person.st_fields.set([account.st_field_id])
    audit.record(
        user,
        audit.Action.CREATE,
        person,
        label=person.full_name,
        unit=person.unit,
        person_id=person.pk,
        after={"source": "self-registration"},
        reason=_("self-registration, e-mail verified"),
        channel=CHANNEL,
        at=now,
    )
    transaction.on_commit(lambda: registry_services.run_after_save([person.pk]))
    return person


def own_person(user: Any) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.select_related("unit").filter(user=user).first()


def account_of(user: Any) -> ExpertAccount | None:
    pk = getattr(user, "pk", None)
    return ExpertAccount.objects.filter(user_id=pk).first() if pk is not None else None


# ---------------------------------------------------------------- consent


def consent_purposes() -> QuerySet[ProcessingPurpose]:
    return ProcessingPurpose.objects.filter(basis="consent").order_by("order", "code")


@dataclass
class ConsentLine:
    purpose: ProcessingPurpose
    given: bool
    since: datetime.datetime | None
    state_label: str


def consent_lines(person: Person, now: datetime.datetime) -> list[ConsentLine]:
    latest = privacy.latest_records(person)
    lines = []
    for purpose in consent_purposes():
        record = latest.get(purpose.pk)
        given = privacy.has_consent(person, purpose.code, now)
        lines.append(
            ConsentLine(
                purpose,
                given,
                record.recorded_at if record is not None else None,
                record.get_state_display() if record is not None else _("not given"),
            )
        )
    return lines


@transaction.atomic
def give_consents(
    person: Person, user: Any, codes: list[str], notice_version: str, *, now: datetime.datetime
) -> int:
    """Record consent to each purpose ticked, citing the notice version the page showed
    (it must be the one in force). Returns how many were recorded."""
    _aware(now)
    notice = privacy.current_notice(now.date())
    if notice_version != notice.version:
        raise ValidationError(
            _("The privacy notice has changed since the page was shown. Read it again.")
        )
    purposes = {p.code: p for p in consent_purposes()}
    unknown = [code for code in codes if code not in purposes]
    if unknown or not codes:
        raise ValidationError(_("Tick at least one purpose you agree to."))
    count = 0
    for code in codes:
        if privacy.has_consent(person, code, now):
            continue
        privacy.record_basis(
            person, purposes[code], BasisState.GIVEN, user, now=now, notice=notice,
            note=_("given on the self-service page"),
        )  # fmt: skip
        count += 1
    return count


@transaction.atomic
def withdraw_consent(person: Person, user: Any, code: str, *, now: datetime.datetime) -> None:
    _aware(now)
    purpose = consent_purposes().filter(code=code).first()
    if purpose is None:
        raise ValidationError(_("Unknown purpose."))
    privacy.record_basis(
        person, purpose, BasisState.WITHDRAWN, user, now=now,
        notice=privacy.current_notice(now.date()), note=_("withdrawn on the self-service page"),
    )  # fmt: skip


# ---------------------------------------------------------------- profile changes


def _own(person: Person, user: Any) -> bool:
    return bool(person.user_id) and person.user_id == getattr(user, "pk", None)


def _row_text(values: list[Any]) -> str:
    return " · ".join(str(value) for value in values if value not in (None, "", False))


def current_view(person: Person) -> list[list[Any]]:
    """The profile's kept parts as readable sections: [[label, [row, ...]], ...]."""
    form = ss_forms.SelfProfileForm(instance=person, user=None)
    fields = []
    for name in ss_forms.PERSON_KEYS:
        value: Any = getattr(person, name)
        if name == "st_fields":
            value = ", ".join(code.label_vi or code.code for code in person.st_fields.all())
        fields.append(f"{form.fields[name].label}: {value or '—'}")
    sections: list[list[Any]] = [[str(_("Contacts and expertise")), fields]]
    for formset in ss_forms.part_formsets(None, person):
        names = list(formset.form._meta.fields)
        rows = [_row_text([getattr(row, name) for name in names]) for row in formset.get_queryset()]
        sections.append([ss_forms.part_label(formset), rows])
    account = account_of(person.user) if person.user_id else None
    availability = account.get_availability_display() if account and account.availability else ""
    sections.append([str(_("Availability to collaborate")), [availability or "—"]])
    return sections


def _proposed_view(form: Any, formsets: list[Any], availability: str) -> list[list[Any]]:
    data = form.cleaned_data
    fields = []
    for name in ss_forms.PERSON_KEYS:
        value = data.get(name)
        if name == "st_fields":
            value = ", ".join(code.label_vi or code.code for code in value or [])
        fields.append(f"{form.fields[name].label}: {value or '—'}")
    sections: list[list[Any]] = [[str(_("Contacts and expertise")), fields]]
    for formset in formsets:
        names = list(formset.form._meta.fields)
        rows = []
        for row_form in formset.forms:
            cleaned = getattr(row_form, "cleaned_data", {}) or {}
            if not cleaned or cleaned.get("DELETE"):
                continue
            rows.append(_row_text([cleaned.get(name) for name in names]))
        sections.append([ss_forms.part_label(formset), rows])
    labels = dict(ss_forms.AvailabilityForm.base_fields["availability"].choices)  # type: ignore[attr-defined]
    sections.append([str(_("Availability to collaborate")), [str(labels.get(availability, "—"))]])
    return sections


def bound_forms(person: Person, data: Any, user: Any) -> tuple[Any, list[Any], Any]:
    form = ss_forms.SelfProfileForm(data, instance=person, user=user)
    return form, ss_forms.part_formsets(data, person), ss_forms.AvailabilityForm(data)


@transaction.atomic
def submit_change(person: Person, user: Any, post: Any, *, now: datetime.datetime) -> ChangeRequest:
    """Record the expert's proposal; nothing reaches the registry yet. Invalid data is
    refused with the forms' errors (ValidationError), nothing written."""
    _aware(now)
    if not _own(person, user):
        raise PermissionDenied(_("You may only propose changes to your own profile."))
    # Validating a model form writes its values on the instance: the "before" comes first.
    before = current_view(Person.objects.get(pk=person.pk))
    form, formsets, extra = bound_forms(Person.objects.get(pk=person.pk), post, user)
    valid = form.is_valid() and extra.is_valid()
    valid = all([formset.is_valid() for formset in formsets]) and valid
    if not valid:
        raise ValidationError(_("Please correct the errors below."))
    availability = extra.cleaned_data["availability"]
    after = _proposed_view(form, formsets, availability)
    if after == before:
        raise ValidationError(_("Nothing was changed."))
    if ChangeRequest.objects.filter(person=person, status=ChangeStatus.PENDING).exists():
        raise ValidationError(
            _("A change is already waiting for review. Wait for it or cancel it first.")
        )
    change = ChangeRequest.objects.create(
        person=person,
        submitted_at=now,
        submitted_by=user,
        note=extra.cleaned_data["note"],
        data=ss_forms.stored_data(post),
        before=before,
        after=after,
    )
    audit.record(
        user, audit.Action.CREATE, change, label=str(change), unit=person.unit,
        person_id=person.pk, after={"status": change.status}, channel=CHANNEL, at=now,
    )  # fmt: skip
    return change


def changes_to_review(user: Any) -> QuerySet[ChangeRequest]:
    """Pending changes of the profiles the officer keeps."""
    return editable(ChangeRequest.objects.select_related("person", "person__unit"), user)


def _reviewable(change: ChangeRequest, user: Any) -> None:
    if not scope_for(user).is_staff or not can_edit(change.person, user):
        raise PermissionDenied(_("You may not review changes of this profile."))
    if change.status != ChangeStatus.PENDING:
        raise ValidationError(_("This change was already reviewed."))


@transaction.atomic
def accept_change(change: ChangeRequest, user: Any, *, now: datetime.datetime) -> ChangeRequest:
    """Apply the proposal through the registry's services (versioned, audited) as the
    reviewing officer."""
    _aware(now)
    _reviewable(change, user)
    person = Person.objects.select_for_update().get(pk=change.person_id)
    data = ss_forms.to_querydict(change.data)
    form, formsets, extra = bound_forms(person, data, user)
    valid = form.is_valid() and extra.is_valid()
    valid = all([formset.is_valid() for formset in formsets]) and valid
    if not valid:
        raise ValidationError(
            _("The profile has changed since this proposal was made; return it to the expert.")
        )
    reason = _("Change #%(number)d proposed by the expert") % {"number": change.pk}
    if form.has_changed():
        registry_services.save_person(
            form.save(commit=False), user, reason,
            {"st_fields": list(form.cleaned_data["st_fields"])}, channel=CHANNEL,
        )  # fmt: skip
    for formset in formsets:
        if formset.has_changed():
            registry_services.save_part(person, user, reason, formset, channel=CHANNEL)
    account = account_of(person.user) if person.user_id else None
    availability = extra.cleaned_data["availability"]
    if account is not None and account.availability != availability:
        account.availability = availability
        account.save(update_fields=["availability"])
    change.status = ChangeStatus.ACCEPTED
    change.reviewed_at = now
    change.reviewed_by = user
    change.save()
    audit.record(
        user, "accept", change, label=str(change), unit=person.unit, person_id=person.pk,
        before={"status": ChangeStatus.PENDING}, after={"status": change.status},
        channel=CHANNEL, at=now,
    )  # fmt: skip
    return change


@transaction.atomic
def return_change(
    change: ChangeRequest, user: Any, comment: str, *, now: datetime.datetime
) -> ChangeRequest:
    _aware(now)
    _reviewable(change, user)
    if not comment.strip():
        raise ValidationError(_("Say why the change is returned."))
    change.status = ChangeStatus.RETURNED
    change.reviewed_at = now
    change.reviewed_by = user
    change.comment = comment.strip()
    change.save()
    audit.record(
        user, "return", change, label=str(change), unit=change.person.unit,
        person_id=change.person_id, before={"status": ChangeStatus.PENDING},
        after={"status": change.status, "comment": change.comment}, channel=CHANNEL, at=now,
    )  # fmt: skip
    return change


@transaction.atomic
def cancel_change(change: ChangeRequest, user: Any, *, now: datetime.datetime) -> ChangeRequest:
    if not _own(change.person, user):
        raise PermissionDenied(_("You may only cancel your own proposals."))
    if change.status != ChangeStatus.PENDING:
        raise ValidationError(_("This change was already reviewed."))
    change.status = ChangeStatus.CANCELLED
    change.reviewed_at = now
    change.save()
    audit.record(
        user, "cancel", change, label=str(change), unit=change.person.unit,
        person_id=change.person_id, after={"status": change.status}, channel=CHANNEL, at=now,
    )  # fmt: skip
    return change


# ---------------------------------------------------------------- data requests


def request_about_own_data(
    person: Person, user: Any, kind: str, details: str, *, now: datetime.datetime
) -> Any:
    """A correction or deletion request, registered in the data-protection app with its
    legal time limit (received through the account)."""
    if not _own(person, user):
        raise PermissionDenied(_("You may only make requests about your own data."))
    if kind not in ("rectify", "erase"):
        raise ValidationError(_("Unknown kind of request."))
    if not details.strip():
        raise ValidationError(_("Say what should be changed or deleted."))
    return privacy.receive_request(person, kind, user, now=now, details=details.strip())


# ---------------------------------------------------------------- invitations


def may_invite(user: Any) -> bool:
    scope = scope_for(user)
    return scope.city_wide or bool(scope.write_paths)


def invitable(now: datetime.datetime) -> QuerySet[Person]:
    """Experts with an active account who consent to being contacted (a withdrawn
    consent takes them off the list at once)."""
    return (
        privacy.consenting(CONTACT_PURPOSE, now)
        .filter(user__isnull=False, user__is_active=True)
        .order_by("family_name", "given_name", "pk")
    )


def _inviting_unit(user: Any) -> Unit:
    assignment = (
        RoleAssignment.objects.filter(user=user, role=Role.OFFICER, unit__isnull=False)
        .select_related("unit")
        .order_by("pk")
        .first()
    )
    if assignment is not None and assignment.unit is not None:
        return assignment.unit
    return default_unit()


@transaction.atomic
def invite(
    user: Any,
    person: Person,
    *,
    now: datetime.datetime,
    task: Any = None,
    title: str = "",
    link: str = "",
    message: str = "",
) -> Invitation:
    _aware(now)
    if not may_invite(user):
        raise PermissionDenied(_("Only unit officers and coordinators send invitations."))
    if not person.user_id or not privacy.has_consent(person, CONTACT_PURPOSE, now):
        raise ValidationError(
            _("This expert does not agree to be contacted about opportunities and tasks.")
        )
    if task is not None:
        from hientai.plans.models import Task

        if not visible(Task.objects.filter(pk=task.pk), user).exists():
            raise PermissionDenied(_("You may not use this task."))
    if task is None and not title.strip():
        raise ValidationError(_("Choose a task or give a title."))
    invitation = Invitation.objects.create(
        person=person,
        unit=_inviting_unit(user),
        task=task,
        title=title.strip(),
        link=link,
        message=message.strip(),
        invited_by=user,
        invited_at=now,
    )
    audit.record(
        user, audit.Action.CREATE, invitation, label=invitation.subject[:100],
        unit=invitation.unit, person_id=person.pk, after={"status": invitation.status},
        channel=CHANNEL, at=now,
    )  # fmt: skip
    if person.email:
        _send(
            _("An invitation from the Đồng Nai talent registry"),
            _("You are invited to: %(subject)s. Answer on your page: %(url)s")
            % {"subject": invitation.subject, "url": _link(reverse("selfservice:invitations"))},
            person.email,
        )
    return invitation


@transaction.atomic
def answer(
    invitation: Invitation, user: Any, accept: bool, note: str = "", *, now: datetime.datetime
) -> Invitation:
    _aware(now)
    if not _own(invitation.person, user):
        raise PermissionDenied(_("You may only answer your own invitations."))
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("This invitation was already answered."))
    invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.answered_at = now
    invitation.answer_note = note.strip()[:255]
    invitation.save()
    audit.record(
        user, "answer", invitation, label=invitation.subject[:100], unit=invitation.unit,
        person_id=invitation.person_id, before={"status": InvitationStatus.PENDING},
        after={"status": invitation.status}, channel=CHANNEL, at=now,
    )  # fmt: skip
    return invitation
