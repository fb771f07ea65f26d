"""Every write of the support app, and what is computed from its cases.

- Opening a case: an officer for their own unit (or below), the coordinator for any; the
  person must be one the user may see; the type's steps are copied with due dates from
  their time limits, one after the other from the opening day.
- Steps are done in order; marking one done (with a note) moves the due dates of the
  steps after it to start from that day; the last done step may be reopened.
- A case is closed once every step is done.
- The on-time rate (`SUP_ONTIME`): steps done within their time limit over steps done,
  by the case's lead unit and the year the step was done, kept as the indicator's
  `ReportedValue` row in the write's own transaction (the indicator engine rolls it up).
- Reminders: the current step of an open case due within `DUE_SOON_DAYS`, or overdue,
  to the lead unit's officers and whoever opened the case (`hientai remind`).

Every write checks scope and records the audit row in the same transaction; bad input
raises ValidationError (Vietnamese through gettext) and leaves nothing written.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from hientai.accounts.scoping import editable, scope_for, visible
from hientai.core.audit import record
from hientai.indicators.models import Indicator, ReportedValue
from hientai.indicators.services import record_reported
from hientai.orgs.models import Unit
from hientai.registry.models import Person
from hientai.registry.privacy import log_access, mask, may_see_sensitive
from hientai.reporting.models import NotificationKind
from hientai.reporting.reminders import Reminder, unit_officers
from hientai.support.models import CaseStatus, CaseStep, CaseType, SupportCase

ON_TIME_INDICATOR = "SUP_ONTIME"
DUE_SOON_DAYS = 2


def add_days(start: datetime.date, days: int, working: bool = True) -> datetime.date:
    """`start` plus `days` days, or working days (Saturdays and Sundays skipped; public
    holidays are not modelled)."""
    if not working:
        return start + datetime.timedelta(days=days)
    day, left = start, days
    while left > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def _today(now: datetime.datetime | datetime.date | None) -> datetime.date:
    if now is None:
        return timezone.localdate()
    if isinstance(now, datetime.datetime):
        return timezone.localdate(now) if timezone.is_aware(now) else now.date()
    return now


def cases_for(user: Any) -> QuerySet[SupportCase]:
    return visible(SupportCase.objects.all(), user)


def may_open(user: Any) -> bool:
    return scope_for(user).can_write


def may_write(user: Any, case: SupportCase) -> bool:
    return editable(SupportCase.objects.filter(pk=case.pk), user).exists()


def _writable(user: Any, case: SupportCase) -> SupportCase:
    """The case as stored, locked for the change; PermissionDenied outside the scope."""
    found = (
        editable(SupportCase.objects.filter(pk=case.pk), user)
        .select_for_update()
        .select_related("unit", "case_type")
        .first()
    )
    if found is None:
        raise PermissionDenied(_("You may not change this support case."))
    return found


def _replan(case: SupportCase, start: datetime.date) -> None:
    """Due dates of the steps not done yet, one after the other from `start`."""
    day = start
    for step in case.steps.filter(done_on__isnull=True).order_by("position"):
        day = add_days(day, step.sla_days, step.working_days)
        if step.due_on != day:
            step.due_on = day
            step.save(update_fields=["due_on"])


def open_case(
    user: Any,
    *,
    case_type: CaseType | None,
    unit: Unit | None,
    person: Person | None = None,
    expert_name: str = "",
    expert_nationality: str = "",
    passport_number: str = "",
    coordinating_units: Sequence[Unit] = (),
    summary: str = "",
    opened_on: datetime.date | None = None,
    now: datetime.datetime | datetime.date | None = None,
) -> SupportCase:
    today = _today(now)
    opened_on = opened_on or today
    if not may_open(user):
        raise PermissionDenied(_("You may not open support cases."))
    if case_type is None or not case_type.active:
        raise ValidationError(_("Choose the kind of support."))
    if unit is None or not editable(Unit.objects.filter(pk=unit.pk), user).exists():
        raise ValidationError(_("Choose a lead unit within your scope."))
    expert_name = " ".join((expert_name or "").split())
    if person is not None:
        if not visible(Person.objects.filter(pk=person.pk), user).exists():
            raise ValidationError(_("This person is not in your scope."))
        expert_name = ""
    elif not expert_name:
        raise ValidationError(
            _("Choose a person from the registry or give the foreign expert's name.")
        )
    if opened_on > today:
        raise ValidationError(_("The opening date cannot be in the future."))
    templates = list(case_type.steps.order_by("position"))
    if not templates:
        raise ValidationError(_("This kind of support has no steps yet."))
    passport_number = "".join((passport_number or "").split()).upper()
    if len(passport_number) > 30:
        raise ValidationError(_("The passport number is too long."))
    with transaction.atomic():
        case = SupportCase.objects.create(
            case_type=case_type,
            person=person,
            expert_name=expert_name[:200],
            expert_nationality=(expert_nationality or "").strip()[:100],
            passport_number=passport_number,
            unit=unit,
            opened_on=opened_on,
            summary=(summary or "").strip(),
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        others = [other for other in coordinating_units if other.pk != unit.pk]
        case.coordinating_units.set(others)
        day = opened_on
        for template in templates:
            day = add_days(day, template.sla_days, template.working_days)
            CaseStep.objects.create(
                case=case,
                position=template.position,
                name=template.name,
                lead_unit=template.lead_unit,
                sla_days=template.sla_days,
                working_days=template.working_days,
                due_on=day,
            )
        record(
            user,
            "create",
            case,
            unit=unit,
            person_id=person.pk if person else None,
            after={
                "case_type": case_type.code,
                "unit": unit.code,
                "coordinating_units": [other.code for other in others],
                "opened_on": opened_on,
            },
        )
    return case


def complete_step(
    user: Any,
    step: CaseStep,
    note: str = "",
    *,
    done_on: datetime.date | None = None,
    now: datetime.datetime | datetime.date | None = None,
) -> CaseStep:
    today = _today(now)
    done_on = done_on or today
    with transaction.atomic():
        case = _writable(user, step.case)
        step = case.steps.select_for_update().get(pk=step.pk)
        if case.status != CaseStatus.OPEN:
            raise ValidationError(_("The case is closed: reopen it to change its steps."))
        if step.done_on is not None:
            raise ValidationError(_("This step is already done."))
        if case.steps.filter(position__lt=step.position, done_on__isnull=True).exists():
            raise ValidationError(_("Finish the steps before this one first."))
        if done_on > today:
            raise ValidationError(_("The date done cannot be in the future."))
        previous = case.steps.filter(position__lt=step.position).order_by("-position").first()
        earliest = previous.done_on if previous and previous.done_on else case.opened_on
        if done_on < earliest:
            raise ValidationError(
                _("The date done cannot be before %(day)s.")
                % {"day": earliest.strftime("%d/%m/%Y")}
            )
        step.done_on, step.done_by, step.note = done_on, user, (note or "").strip()
        step.save(update_fields=["done_on", "done_by", "note"])
        _replan(case, done_on)
        record(
            user,
            "update",
            step,
            unit=case.unit,
            person_id=case.person_id,
            before={"done_on": None},
            after={"done_on": done_on, "note": step.note},
            reason=_("Step done"),
        )
        refresh_on_time(case.unit, done_on.year)
    return step


def reopen_step(
    user: Any,
    step: CaseStep,
    note: str = "",
    *,
    now: datetime.datetime | datetime.date | None = None,
) -> CaseStep:
    """Undo the last done step of an open case (a mistake, or papers sent back)."""
    with transaction.atomic():
        case = _writable(user, step.case)
        step = case.steps.select_for_update().get(pk=step.pk)
        if case.status != CaseStatus.OPEN:
            raise ValidationError(_("The case is closed: reopen it to change its steps."))
        if step.done_on is None:
            raise ValidationError(_("This step is not done."))
        if case.steps.filter(position__gt=step.position, done_on__isnull=False).exists():
            raise ValidationError(_("Reopen the later steps first."))
        was = step.done_on
        step.done_on, step.done_by = None, None
        if note.strip():
            step.note = note.strip()
        step.save(update_fields=["done_on", "done_by", "note"])
        previous = case.steps.filter(position__lt=step.position).order_by("-position").first()
        _replan(case, previous.done_on if previous and previous.done_on else case.opened_on)
        record(
            user,
            "update",
            step,
            unit=case.unit,
            person_id=case.person_id,
            before={"done_on": was},
            after={"done_on": None},
            reason=note.strip() or _("Step reopened"),
        )
        refresh_on_time(case.unit, was.year)
    return step


def close_case(
    user: Any,
    case: SupportCase,
    note: str = "",
    *,
    now: datetime.datetime | datetime.date | None = None,
) -> SupportCase:
    today = _today(now)
    with transaction.atomic():
        case = _writable(user, case)
        if case.status == CaseStatus.CLOSED:
            raise ValidationError(_("The case is already closed."))
        if case.steps.filter(done_on__isnull=True).exists():
            raise ValidationError(_("Every step must be done before the case is closed."))
        last = case.steps.order_by("-done_on").values_list("done_on", flat=True).first()
        case.status, case.closed_on = CaseStatus.CLOSED, max(today, last or today)
        case.save(update_fields=["status", "closed_on"])
        record(
            user,
            "close",
            case,
            unit=case.unit,
            person_id=case.person_id,
            before={"status": CaseStatus.OPEN},
            after={"status": CaseStatus.CLOSED, "closed_on": case.closed_on},
            reason=note.strip(),
        )
    return case


def reopen_case(user: Any, case: SupportCase, note: str = "") -> SupportCase:
    with transaction.atomic():
        case = _writable(user, case)
        if case.status != CaseStatus.CLOSED:
            raise ValidationError(_("The case is not closed."))
        if not note.strip():
            raise ValidationError(_("Say why the case is reopened."))
        closed_on = case.closed_on
        case.status, case.closed_on = CaseStatus.OPEN, None
        case.save(update_fields=["status", "closed_on"])
        record(
            user,
            "status",
            case,
            unit=case.unit,
            person_id=case.person_id,
            before={"status": CaseStatus.CLOSED, "closed_on": closed_on},
            after={"status": CaseStatus.OPEN},
            reason=note.strip(),
        )
    return case


# ----------------------------------------------------------------------- reading


def current_step(case: SupportCase) -> CaseStep | None:
    return case.steps.filter(done_on__isnull=True).order_by("position").first()


def overdue_cases(queryset: QuerySet[SupportCase], today: datetime.date) -> QuerySet[SupportCase]:
    """Open cases with a step not done past its due date."""
    late = CaseStep.objects.filter(done_on__isnull=True, due_on__lt=today).values("case_id")
    return queryset.filter(status=CaseStatus.OPEN, pk__in=late)


def identity(case: SupportCase, user: Any) -> dict[str, str]:
    """The passport number as this user may see it (logged when shown in clear for a
    registry person; masked for leaders and anyone outside the case's writers)."""
    number = case.passport_number
    if not number:
        return {"passport_number": ""}
    if case.person_id and case.person is not None:
        if may_see_sensitive(user, case.person):
            log_access(case.person, user, ["support_passport_number"])
            return {"passport_number": number}
        return {"passport_number": mask(number)}
    if scope_for(user).city_wide or may_write(user, case):
        return {"passport_number": number}
    return {"passport_number": mask(number)}


# ----------------------------------------------------------------------- indicator


def on_time_counts(unit: Unit, year: int) -> tuple[int, int]:
    """(steps done within their limit, steps done) in `year` of cases `unit` leads."""
    done = CaseStep.objects.filter(
        case__unit=unit,
        done_on__gte=datetime.date(year, 1, 1),
        done_on__lte=datetime.date(year, 12, 31),
    )
    total = done.count()
    on_time = done.filter(done_on__lte=F("due_on")).count()
    return on_time, total


def refresh_on_time(unit: Unit, year: int) -> ReportedValue | None:
    """Write (or remove) the unit's on-time rate for the year: the indicator's value."""
    indicator = Indicator.objects.filter(code=ON_TIME_INDICATOR).first()
    if indicator is None:
        return None
    on_time, total = on_time_counts(unit, year)
    if total == 0:
        ReportedValue.objects.filter(indicator=indicator, unit=unit, period=str(year)).delete()
        return None
    return record_reported(
        indicator,
        unit,
        str(year),
        numerator=Decimal(on_time),
        denominator=Decimal(total),
        source="support",
    )


# ----------------------------------------------------------------------- reminders


def _people(case: SupportCase, day: datetime.date) -> list[Any]:
    people = {user.pk: user for user in unit_officers(case.unit, day)}
    if case.created_by is not None and case.created_by.is_active:
        people.setdefault(case.created_by.pk, case.created_by)
    return list(people.values())


def due_reminders(now: datetime.datetime | None = None) -> Iterable[Reminder]:
    """The current step of each open case, due within DUE_SOON_DAYS days or overdue."""
    today = _today(now)
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    steps = (
        CaseStep.objects.filter(
            case__status=CaseStatus.OPEN, done_on__isnull=True, due_on__lte=horizon
        )
        .select_related("case__unit", "case__case_type", "case__person", "case__created_by")
        .order_by("case_id", "position")
    )
    seen: set[int] = set()
    with override("vi"):
        for step in steps:
            case = step.case
            if (
                case.pk in seen
                or case.steps.filter(position__lt=step.position, done_on__isnull=True).exists()
            ):
                continue  # only the current step of a case reminds
            seen.add(case.pk)
            names = {
                "step": step.name,
                "type": case.case_type.name_vi,
                "due": step.due_on.strftime("%d/%m/%Y"),
                "case": case.pk,
            }
            if step.due_on < today:
                kind, key = (
                    NotificationKind.TASK_OVERDUE,
                    f"support_overdue:{step.pk}:{step.due_on}",
                )
                subject = _("Support case #%(case)s overdue: %(step)s") % names
                body = _("The step “%(step)s” of the case “%(type)s” was due on %(due)s.") % names
            else:
                kind, key = NotificationKind.TASK_DUE, f"support_due:{step.pk}:{step.due_on}"
                subject = _("Support case #%(case)s due on %(due)s: %(step)s") % names
                body = _("The step “%(step)s” of the case “%(type)s” is due on %(due)s.") % names
            link = reverse("support:case_detail", args=[case.pk])
            for user in _people(case, today):
                yield Reminder(user, f"{key}:{user.pk}", kind, subject, body, link)
