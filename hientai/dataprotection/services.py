"""Every write of the data-protection app: scope checked, audited in the same
transaction, times taken from `now` (never the machine's clock)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hientai.accounts.scoping import can_edit, scope_for, visible
from hientai.dataprotection import limits
from hientai.dataprotection.models import (
    NON_CONSENT_BASES,
    OPEN_STATUSES,
    PROCESSING_ALLOWED,
    BasisRecord,
    BasisState,
    Breach,
    BreachStatus,
    ConsentEvidence,
    DataSubjectRequest,
    EventAction,
    NoticeVersion,
    PrivacyEvent,
    ProcessingPurpose,
    ReceivedVia,
    RequestKind,
    RequestOutcome,
    RequestStatus,
)
from hientai.dataprotection.roles import is_handler, require_handler
from hientai.registry import services as registry_services
from hientai.registry.models import Person
from hientai.registry.privacy import SENSITIVE_FIELDS, log_access


def _actor(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _event(action: str, user: Any, now: datetime.datetime, **links: Any) -> PrivacyEvent:
    detail = links.pop("detail", {})
    return PrivacyEvent.objects.create(
        at=now, actor=_actor(user), action=action, detail=detail, **links
    )


def _aware(now: datetime.datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")


# ---------------------------------------------------------------- notice and ledger


def current_notice(on: datetime.date) -> NoticeVersion:
    """The notice version in force on `on` (the first one before it was published)."""
    notice = NoticeVersion.objects.filter(effective_from__lte=on).order_by("-effective_from")
    found = notice.first() or NoticeVersion.objects.order_by("effective_from").first()
    if found is None:
        raise ValidationError(_("No privacy notice has been published."))
    return found


def latest_records(person: Person) -> dict[int, BasisRecord]:
    """The entry in force per purpose id (the last one recorded)."""
    latest: dict[int, BasisRecord] = {}
    for record in BasisRecord.objects.filter(person=person).order_by("recorded_at", "pk"):
        latest[record.purpose_id] = record
    return latest


@dataclass
class PurposeLine:
    purpose: ProcessingPurpose
    record: BasisRecord | None

    @property
    def allowed(self) -> bool:
        """May this purpose be pursued for the person now?"""
        if self.record is None:
            # Nothing recorded: a legal basis still applies; consent was never given.
            return not self.purpose.needs_consent
        return self.record.state in PROCESSING_ALLOWED


def overview(person: Person) -> list[PurposeLine]:
    latest = latest_records(person)
    return [PurposeLine(p, latest.get(p.pk)) for p in ProcessingPurpose.objects.all()]


def may_process(person: Person, purpose_code: str) -> bool:
    """For the apps above: may `purpose_code` be pursued for `person` today?"""
    for line in overview(person):
        if line.purpose.code == purpose_code:
            return line.allowed
    return False


def allowed_people(person_ids: list[int], purpose_code: str) -> set[int]:
    """The people of `person_ids` for whom `purpose_code` may be pursued now, in bulk (the
    same rule as `may_process`: the latest ledger entry, or the purpose's legal basis when
    nothing is recorded). For the apps below that share data (the national exchange)."""
    purpose = ProcessingPurpose.objects.filter(code=purpose_code).first()
    if purpose is None:
        return set()
    latest: dict[int, str] = {}
    for start in range(0, len(person_ids), 5000):
        chunk = person_ids[start : start + 5000]
        for pid, state in (
            BasisRecord.objects.filter(person_id__in=chunk, purpose=purpose)
            .order_by("recorded_at", "pk")
            .values_list("person_id", "state")
        ):
            latest[pid] = state
    default = not purpose.needs_consent
    return {
        pid
        for pid in person_ids
        if (latest[pid] in PROCESSING_ALLOWED if pid in latest else default)
    }


def has_consent(person: Person, purpose_code: str, now: datetime.datetime) -> bool:
    """For the apps above: may `purpose_code` be pursued for `person` at `now`?

    A purpose resting on consent needs a consent given and not withdrawn, refused,
    restricted or objected to in its latest entry recorded up to `now`; one resting on a
    legal basis applies unless restricted or objected to. An unknown purpose: no."""
    purpose = ProcessingPurpose.objects.filter(code=purpose_code).first()
    if purpose is None:
        return False
    record = (
        BasisRecord.objects.filter(person=person, purpose=purpose, recorded_at__lte=now)
        .order_by("-recorded_at", "-pk")
        .first()
    )
    if record is None:
        return not purpose.needs_consent
    return record.state in PROCESSING_ALLOWED


def consenting(purpose_code: str, now: datetime.datetime) -> QuerySet[Person]:
    """People for whom a consent purpose may be pursued at `now` (a queryset, so lists
    filter with it instead of asking per person)."""
    from django.db.models import OuterRef, Subquery

    latest = (
        BasisRecord.objects.filter(
            person=OuterRef("pk"), purpose__code=purpose_code, recorded_at__lte=now
        )
        .order_by("-recorded_at", "-pk")
        .values("state")[:1]
    )
    return Person.objects.annotate(_consent_state=Subquery(latest)).filter(
        _consent_state__in=list(PROCESSING_ALLOWED)
    )


CONSENT_STATES = frozenset(
    {
        BasisState.GIVEN,
        BasisState.REFUSED,
        BasisState.WITHDRAWN,
        BasisState.RESTRICTED,
        BasisState.OBJECTED,
    }
)
NON_CONSENT_STATES = frozenset({BasisState.APPLIES, BasisState.RESTRICTED, BasisState.OBJECTED})
# What the person may record about their own consent from their account.
SELF_SERVICE_STATES = frozenset({BasisState.GIVEN, BasisState.REFUSED, BasisState.WITHDRAWN})
VERIFIABLE_EVIDENCE = frozenset(
    {ConsentEvidence.WRITTEN, ConsentEvidence.DIGITAL, ConsentEvidence.RECORDING}
)


def may_record_basis(user: Any, person: Person) -> bool:
    """Handlers and the officers who keep the profile (an expert editing their own
    profile is not enough: they use the self-service states only)."""
    return is_handler(user) or (bool(scope_for(user).write_paths) and can_edit(person, user))


@transaction.atomic
def record_basis(
    person: Person,
    purpose: ProcessingPurpose,
    state: str,
    user: Any,
    *,
    now: datetime.datetime,
    effective_on: datetime.date | None = None,
    evidence: str = "",
    note: str = "",
    notice: NoticeVersion | None = None,
) -> BasisRecord:
    """Append a ledger entry: officers in scope and handlers for anything, the person
    themselves for giving, refusing or withdrawing their own consent."""
    _aware(now)
    own = bool(person.user_id) and person.user_id == getattr(user, "pk", None)
    if not may_record_basis(user, person) and not (own and state in SELF_SERVICE_STATES):
        raise PermissionDenied(_("You may not change the legal bases of this profile."))
    allowed = CONSENT_STATES if purpose.needs_consent else NON_CONSENT_STATES
    if state not in allowed:
        raise ValidationError(
            _("“%(state)s” does not fit the purpose “%(purpose)s” (legal basis: %(basis)s).")
            % {
                "state": BasisState(state).label if state in BasisState.values else state,
                "purpose": purpose.name_vi,
                "basis": purpose.get_basis_display(),
            }
        )
    today = now.date()
    effective_on = effective_on or today
    if effective_on > today:
        raise ValidationError(_("The effective date cannot be in the future."))
    current = latest_records(person).get(purpose.pk)
    if state == BasisState.WITHDRAWN and (current is None or current.state != BasisState.GIVEN):
        raise ValidationError(_("Consent can only be withdrawn after it was given."))
    if state == BasisState.GIVEN:
        if own and not evidence:
            evidence = ConsentEvidence.DIGITAL
        if evidence not in VERIFIABLE_EVIDENCE:
            # Decree 356: consent must be verifiable and its evidence kept; no default consent.
            raise ValidationError(
                _("Say how consent was given (written form, digital confirmation, recording).")
            )
    if purpose.basis in NON_CONSENT_BASES and state == BasisState.APPLIES:
        evidence = ConsentEvidence.NOT_NEEDED
    record = BasisRecord.objects.create(
        person=person,
        purpose=purpose,
        state=state,
        notice=notice or current_notice(today),
        effective_on=effective_on,
        evidence=evidence,
        note=note[:255],
        recorded_at=now,
        recorded_by=_actor(user),
    )
    _event(
        EventAction.BASIS_RECORDED,
        user,
        now,
        person_id=person.pk,
        detail={"purpose": purpose.code, "state": state, "record": record.pk},
    )
    return record


# ---------------------------------------------------------------- requests


def requests_for(user: Any) -> QuerySet[DataSubjectRequest]:
    """Handlers see every request; officers those of their units; a person their own."""
    requests = DataSubjectRequest.objects.select_related("unit", "handler", "person")
    return requests if is_handler(user) else visible(requests, user)


def _next_reference(now: datetime.datetime) -> str:
    prefix = f"YC-{now:%Y}-"
    last = (
        DataSubjectRequest.objects.filter(reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def may_register_request(user: Any, person: Person) -> bool:
    """Handlers, the officers who keep the profile, and the person themselves."""
    own = bool(person.user_id) and person.user_id == getattr(user, "pk", None)
    return own or is_handler(user) or can_edit(person, user)


@transaction.atomic
def receive_request(
    person: Person,
    kind: str,
    user: Any,
    *,
    now: datetime.datetime,
    received_at: datetime.datetime | None = None,
    details: str = "",
    received_via: str = ReceivedVia.IN_PERSON,
    third_party: bool = False,
) -> DataSubjectRequest:
    """Register a request; its limits run from `received_at` (default `now`)."""
    _aware(now)
    own = bool(person.user_id) and person.user_id == getattr(user, "pk", None)
    if not may_register_request(user, person):
        raise PermissionDenied(_("You may not register requests for this profile."))
    if kind not in RequestKind.values:
        raise ValidationError(_("Unknown kind of request."))
    if received_via not in ReceivedVia.values:
        raise ValidationError(_("Say how the request was received."))
    received_at = received_at or now
    if received_at > now:
        raise ValidationError(_("A request cannot be received in the future."))
    third_party = third_party and kind in limits.THIRD_PARTY_KINDS
    request = DataSubjectRequest(
        person=person,
        unit=person.unit,
        subject_name=person.full_name,
        kind=kind,
        details=details,
        received_via=ReceivedVia.ACCOUNT if own else received_via,
        received_at=received_at,
        acknowledge_by=limits.acknowledge_by(received_at),
        due_at=limits.due_at(kind, received_at, third_party),
        third_party=third_party,
        created_by=_actor(user),
    )
    for attempt in range(5):
        # Two requests registered at once may draw the same number: draw again.
        request.reference = _next_reference(received_at)
        try:
            with transaction.atomic():
                request.save()
            break
        except IntegrityError:
            if attempt == 4:
                raise
            request.pk = None
    _event(
        EventAction.REQUEST_RECEIVED,
        user,
        now,
        person_id=person.pk,
        request=request,
        detail={"kind": kind, "due_at": request.due_at.isoformat()},
    )
    return request


def _open(request: DataSubjectRequest) -> None:
    if request.status not in OPEN_STATUSES:
        raise ValidationError(_("This request is already closed."))


@transaction.atomic
def acknowledge(
    request: DataSubjectRequest, user: Any, *, now: datetime.datetime
) -> DataSubjectRequest:
    """The reply within 2 working days, with the procedure; the handler takes it on."""
    require_handler(user)
    _open(request)
    if request.acknowledged_at is not None:
        raise ValidationError(_("This request was already acknowledged."))
    request.acknowledged_at = now
    request.status = RequestStatus.ACKNOWLEDGED
    request.handler = request.handler or _actor(user)
    request.save()
    _event(
        EventAction.REQUEST_ACKNOWLEDGED, user, now, person_id=request.person_id, request=request
    )
    return request


@transaction.atomic
def assign(
    request: DataSubjectRequest, handler: Any, user: Any, *, now: datetime.datetime
) -> DataSubjectRequest:
    require_handler(user)
    _open(request)
    if not is_handler(handler):
        raise ValidationError(_("The handler must be the coordinator or an administrator."))
    request.handler = handler
    request.save()
    _event(
        EventAction.REQUEST_ASSIGNED,
        user,
        now,
        person_id=request.person_id,
        request=request,
        detail={"handler": handler.pk},
    )
    return request


@transaction.atomic
def extend(
    request: DataSubjectRequest, days: int, reason: str, user: Any, *, now: datetime.datetime
) -> DataSubjectRequest:
    """The one extension the decree allows (at most 15 days), with its reason."""
    require_handler(user)
    _open(request)
    if request.extended_days:
        raise ValidationError(_("The time limit can be extended only once."))
    if not 1 <= days <= limits.MAX_EXTENSION_DAYS:
        raise ValidationError(
            _("An extension is 1 to %(max)d days.") % {"max": limits.MAX_EXTENSION_DAYS}
        )
    if not reason.strip():
        raise ValidationError(_("Give the reason for the extension."))
    if now > request.due_at:
        raise ValidationError(_("The time limit has already passed; it cannot be extended."))
    request.extended_days = days
    request.extension_reason = reason.strip()[:255]
    request.due_at = limits.due_at(request.kind, request.received_at, request.third_party, days)
    request.save()
    _event(
        EventAction.REQUEST_EXTENDED,
        user,
        now,
        person_id=request.person_id,
        request=request,
        detail={"days": days, "due_at": request.due_at.isoformat()},
    )
    return request


def _close(
    request: DataSubjectRequest,
    user: Any,
    now: datetime.datetime,
    outcome: str,
    note: str,
    **detail: Any,
) -> DataSubjectRequest:
    refused = outcome == RequestOutcome.REFUSED
    request.status = RequestStatus.REFUSED if refused else RequestStatus.DONE
    request.outcome = outcome
    request.outcome_note = note
    request.closed_at = now
    request.handler = request.handler or _actor(user)
    if request.acknowledged_at is None:
        request.acknowledged_at = now
    request.save()
    _event(
        EventAction.REQUEST_CLOSED,
        user,
        now,
        person_id=detail.pop("person_id", request.person_id),
        request=request,
        detail={"outcome": outcome, "late": request.overdue(now), **detail},
    )
    return request


@transaction.atomic
def close_request(
    request: DataSubjectRequest,
    user: Any,
    *,
    now: datetime.datetime,
    outcome: str,
    note: str = "",
) -> DataSubjectRequest:
    """Close a request as fulfilled (after showing, exporting or correcting) or refused
    with its reasons. Deletion, restriction, objection and withdrawal use their own
    functions, which change the data too."""
    require_handler(user)
    _open(request)
    if outcome not in {RequestOutcome.FULFILLED, RequestOutcome.REFUSED}:
        raise ValidationError(_("Choose fulfilled or refused."))
    if outcome == RequestOutcome.REFUSED and not note.strip():
        raise ValidationError(_("Give the reasons for refusing the request."))
    if outcome == RequestOutcome.FULFILLED and request.kind not in {
        RequestKind.ACCESS,
        RequestKind.EXPORT,
        RequestKind.RECTIFY,
    }:
        raise ValidationError(_("Carry this request out with its own action."))
    return _close(request, user, now, outcome, note.strip())


ERASE = "erase"
ANONYMISE = "anonymise"


def suggested_erasure(person: Person) -> str:
    """Anonymise when a purpose resting on the law still applies (the city must keep its
    statistics), delete outright when everything rested on consent."""
    for line in overview(person):
        if line.purpose.basis in NON_CONSENT_BASES and line.allowed:
            return ANONYMISE
    return ERASE


@transaction.atomic
def carry_out_erasure(
    request: DataSubjectRequest,
    user: Any,
    *,
    now: datetime.datetime,
    mode: str,
    note: str = "",
) -> DataSubjectRequest:
    """Delete (or anonymise) the person through the registry service; the access log
    gets a row first, and the request keeps only its reference afterwards."""
    require_handler(user)
    _open(request)
    if request.kind != RequestKind.ERASE:
        raise ValidationError(_("Only a deletion request deletes a profile."))
    if mode not in {ERASE, ANONYMISE}:
        raise ValidationError(_("Choose to delete or to anonymise the profile."))
    person = request.person
    if person is None:
        raise ValidationError(_("The profile no longer exists."))
    person_id = person.pk
    shown = [name for name in SENSITIVE_FIELDS if getattr(person, name, None)]
    log_access(person, user, ["profile", *shown], f"privacy-{mode}")
    reason = _("Deletion request %(reference)s") % {"reference": request.reference}
    # The name goes from every request about the person (before the link is cut by the
    # deletion); the references stay.
    DataSubjectRequest.objects.filter(person_id=person_id).update(subject_name="")
    request.subject_name = ""
    if mode == ERASE:
        registry_services.erase_person(person, user, reason)
        request.person = None
        outcome, action = RequestOutcome.ERASED, EventAction.ERASED
    else:
        registry_services.anonymise_person(person, user, reason)
        outcome, action = RequestOutcome.ANONYMISED, EventAction.ANONYMISED
    _event(action, user, now, person_id=person_id, request=request)
    return _close(request, user, now, outcome, note.strip(), person_id=person_id)


# Keyed by the stored kind (a plain str; the choices are str too).
STOP_STATES: dict[str, BasisState] = {
    RequestKind.RESTRICT: BasisState.RESTRICTED,
    RequestKind.OBJECT: BasisState.OBJECTED,
    RequestKind.WITHDRAW: BasisState.WITHDRAWN,
}


@transaction.atomic
def carry_out_stop(
    request: DataSubjectRequest,
    purposes: list[ProcessingPurpose],
    user: Any,
    *,
    now: datetime.datetime,
    note: str = "",
) -> DataSubjectRequest:
    """Restriction, objection or withdrawal: a ledger entry per purpose, then close."""
    require_handler(user)
    _open(request)
    state = STOP_STATES.get(request.kind)
    if state is None:
        raise ValidationError(_("This request does not stop any processing."))
    if not purposes:
        raise ValidationError(_("Choose the purposes the request concerns."))
    if request.person is None:
        raise ValidationError(_("The profile no longer exists."))
    for purpose in purposes:
        record_basis(
            request.person,
            purpose,
            state,
            user,
            now=now,
            note=_("Request %(reference)s") % {"reference": request.reference},
        )
    return _close(
        request,
        user,
        now,
        RequestOutcome.FULFILLED,
        note.strip(),
        purposes=[p.code for p in purposes],
    )


@dataclass
class Reminder:
    request: DataSubjectRequest
    state: str  # "overdue", "due_soon", "acknowledge"

    @property
    def label(self) -> str:
        return {
            "overdue": _("Past its time limit"),
            "due_soon": _("Close to its time limit"),
            "acknowledge": _("Not acknowledged within 2 working days"),
        }[self.state]


def reminders(now: datetime.datetime, user: Any | None = None) -> list[Reminder]:
    """Open requests past or close to their limits (`user` limits it to their view)."""
    _aware(now)
    requests = requests_for(user) if user is not None else DataSubjectRequest.objects.all()
    found = []
    for request in requests.filter(status__in=OPEN_STATUSES).order_by("due_at", "pk"):
        if now > request.due_at:
            found.append(Reminder(request, "overdue"))
        elif request.due_at - now <= limits.REMIND_BEFORE:
            found.append(Reminder(request, "due_soon"))
        elif request.acknowledged_at is None and now > request.acknowledge_by:
            found.append(Reminder(request, "acknowledge"))
    return found


# ---------------------------------------------------------------- breaches


@transaction.atomic
def record_breach(
    user: Any,
    *,
    now: datetime.datetime,
    title: str,
    description: str,
    detected_at: datetime.datetime,
    occurred_at: datetime.datetime | None = None,
    data_categories: str = "",
    people_affected: int = 0,
    measures: str = "",
) -> Breach:
    require_handler(user)
    _aware(now)
    if not title.strip() or not description.strip():
        raise ValidationError(_("Give a title and say what happened."))
    if detected_at > now:
        raise ValidationError(_("A breach cannot be detected in the future."))
    if occurred_at is not None and occurred_at > detected_at:
        raise ValidationError(_("A breach cannot occur after it was detected."))
    breach = Breach.objects.create(
        title=title.strip()[:200],
        description=description.strip(),
        detected_at=detected_at,
        occurred_at=occurred_at,
        notify_by=limits.breach_deadline(detected_at),
        data_categories=data_categories[:255],
        people_affected=people_affected,
        measures=measures,
        recorded_by=_actor(user),
        recorded_at=now,
    )
    _event(
        EventAction.BREACH_RECORDED,
        user,
        now,
        breach=breach,
        detail={"notify_by": breach.notify_by.isoformat()},
    )
    return breach


@transaction.atomic
def update_breach(
    breach: Breach,
    user: Any,
    *,
    now: datetime.datetime,
    notified_at: datetime.datetime | None = None,
    notification_reference: str = "",
    lateness_reason: str = "",
    subjects_notified_at: datetime.datetime | None = None,
    measures: str | None = None,
    status: str | None = None,
) -> Breach:
    """Record the notification to the authority (a late one needs its reason), the
    notice to the people affected, measures and status."""
    require_handler(user)
    _aware(now)
    changed: dict[str, Any] = {}
    if notified_at is not None:
        if breach.notified_at is not None:
            raise ValidationError(_("The notification was already recorded."))
        if notified_at > now or notified_at < breach.detected_at:
            raise ValidationError(_("The notification time must lie between detection and now."))
        if notified_at > breach.notify_by and not lateness_reason.strip():
            # The law asks a late notification to say why it is late.
            raise ValidationError(_("The notification is late: give the reason."))
        breach.notified_at = notified_at
        breach.notification_reference = notification_reference.strip()[:100]
        breach.lateness_reason = lateness_reason.strip()[:255]
        changed["notified_at"] = notified_at.isoformat()
    if subjects_notified_at is not None:
        if subjects_notified_at > now or subjects_notified_at < breach.detected_at:
            raise ValidationError(_("The notification time must lie between detection and now."))
        breach.subjects_notified_at = subjects_notified_at
        changed["subjects_notified_at"] = subjects_notified_at.isoformat()
    if measures is not None:
        breach.measures = measures
        changed["measures"] = True
    if status is not None:
        if status not in BreachStatus.values:
            raise ValidationError(_("Unknown status."))
        if status == BreachStatus.CLOSED and breach.notified_at is None:
            raise ValidationError(_("Notify the authority before closing the breach."))
        breach.status = status
        breach.closed_at = now if status == BreachStatus.CLOSED else None
        changed["status"] = status
    if not changed:
        raise ValidationError(_("Nothing to change."))
    breach.save()
    _event(EventAction.BREACH_UPDATED, user, now, breach=breach, detail=changed)
    return breach
