"""Plans: import, review, activation and tracking. Views, the API, the admin and the
commands all call these functions, which check scope and write inside one transaction.

Who may do what (on top of `accounts.scoping`):
- structure (header, tasks, targets, reporting, unit mapping): the issuing unit's officers
  while the plan is a draft; once active, only city-wide roles (the coordinator); closed
  plans are locked;
- activate and close: whoever may edit the plan (its unit's officers, city-wide roles);
- report progress and ask for a deadline extension: whoever may edit the task (its plan's
  unit and the officers of its lead and coordinating units), while the plan is active;
- decide an extension: whoever may edit the plan (its unit's officers or the coordinator).
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hientai.accounts.models import User
from hientai.accounts.scoping import can_edit, editable, scope_for, visible
from hientai.core.text import fold
from hientai.orgs.models import Unit
from hientai.plans import matching
from hientai.plans.models import (
    DeadlineExtension,
    EventAction,
    ExtensionStatus,
    LegalBasis,
    Plan,
    PlanEvent,
    PlanStatus,
    ReportingDuty,
    Target,
    Task,
    TaskStatus,
    TaskUnit,
    TaskUpdate,
    UnitRole,
)
from hientai.plans.parser import ParsedPlan, PlanParseError, parse_deadline, parse_plan
from hientai.plans.parser.units import resolve_code

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class PlanImportError(Exception):
    """The file was not imported; the message (translated) says why. Nothing was written."""


class ActivationError(Exception):
    """The plan cannot be activated yet; `problems` lists what is missing (translated)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# ---------------------------------------------------------------- permissions


# `user=None` is the system itself (commands run without --as, the demo loader): no scope
# check. Views and the API always pass request.user, which is never None.


def can_edit_structure(plan: Plan, user: User | AnonymousUser | None) -> bool:
    if plan.status == PlanStatus.CLOSED:
        return False
    if user is None:
        return True
    if plan.status == PlanStatus.DRAFT:
        return can_edit(plan, user)
    return scope_for(user).city_wide


def can_change_status(plan: Plan, user: User | AnonymousUser | None) -> bool:
    return user is None or can_edit(plan, user)


def can_track(task: Task, user: User | AnonymousUser | None) -> bool:
    return task.plan.status == PlanStatus.ACTIVE and (user is None or can_edit(task, user))


def can_decide_extension(task: Task, user: User | AnonymousUser | None) -> bool:
    return task.plan.status == PlanStatus.ACTIVE and (user is None or can_edit(task.plan, user))


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _require_structure(plan: Plan, user: User | AnonymousUser | None) -> None:
    if plan.status == PlanStatus.CLOSED:
        raise PermissionDenied(_("The plan is closed: it can no longer be changed."))
    if user is None:
        return
    if plan.status == PlanStatus.ACTIVE and not scope_for(user).city_wide:
        raise PermissionDenied(
            _("The plan is active: only the coordinator may change its structure.")
        )
    _require(can_edit(plan, user), _("You may not change this plan."))


def _actor(user: User | AnonymousUser | None) -> User | None:
    """The user a row records as its author; None for the system (and anonymous users)."""
    return user if isinstance(user, User) else None


def _event(
    plan: Plan,
    action: str,
    user: User | AnonymousUser | None,
    task: Task | None = None,
    **detail: Any,
) -> PlanEvent:
    actor = _actor(user)
    return PlanEvent.objects.create(plan=plan, task=task, actor=actor, action=action, detail=detail)


# ---------------------------------------------------------------- reading


def readable_plans(user: User | AnonymousUser | None) -> QuerySet[Plan]:
    """Plans the user reads: those of their units, and active or closed plans holding a task
    assigned to one of their units (an officer of Sở Nội vụ opens the city plan to find their
    tasks; the plan's other tasks stay out of their scope). Drafts stay with their unit."""
    own = visible(Plan.objects.all(), user).values("pk")
    assigned = Task.objects.exclude(plan__status=PlanStatus.DRAFT)
    through_tasks = visible(assigned, user).values("plan_id")
    return Plan.objects.filter(Q(pk__in=own) | Q(pk__in=through_tasks))


def plan_for_reader(user: User | AnonymousUser | None, pk: int) -> Plan:
    from django.http import Http404

    try:
        return readable_plans(user).select_related("issuing_unit", "parent").get(pk=pk)
    except Plan.DoesNotExist as exc:
        raise Http404 from exc


def visible_tasks(user: User | AnonymousUser | None) -> QuerySet[Task]:
    return visible(Task.objects.all(), user).select_related("plan", "plan__issuing_unit")


SIX_CLEAR_KEYS = ("person", "task", "time", "responsibility", "product", "authority")


def _clear_condition(key: str) -> Q:
    mapped_lead = Exists(
        TaskUnit.objects.filter(task=OuterRef("pk"), role=UnitRole.LEAD, unit__isnull=False)
    )
    conditions = {
        "person": ~Q(responsible_person=""),
        "task": ~Q(content=""),
        "time": ~Q(deadline_kind="") & ~Q(deadline_kind="other"),
        "responsibility": Q(mapped_lead),
        "product": ~Q(expected_result=""),
        "authority": ~Q(plan__approver=""),
    }
    return conditions[key]


def missing_six_clear(queryset: QuerySet[Task], which: str | None = None) -> QuerySet[Task]:
    """Tasks missing one of the "6 rõ" (or the one named by `which`)."""
    keys = [which] if which in SIX_CLEAR_KEYS else list(SIX_CLEAR_KEYS)
    condition = Q(pk__in=[])
    for key in keys:
        condition |= ~_clear_condition(key)
    return queryset.filter(condition)


# ---------------------------------------------------------------- import


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read(source: bytes | str | Path) -> bytes:
    if isinstance(source, bytes):
        return source
    try:
        return Path(source).read_bytes()
    except FileNotFoundError:
        raise PlanImportError(_("File not found: %(path)s") % {"path": source}) from None
    except OSError as error:
        raise PlanImportError(
            _("The file could not be read: %(reason)s") % {"reason": error.strerror}
        ) from None


def _issuing_unit(parsed: ParsedPlan, unit_code: str | None) -> Unit:
    if unit_code:
        unit = Unit.objects.filter(code=unit_code).first()
        if unit is None:
            raise PlanImportError(_("Unknown unit '%(code)s'.") % {"code": unit_code})
        return unit
    unit = Unit.objects.filter(code=parsed.issuer_code).first() if parsed.issuer_code else None
    if unit is None:
        raise PlanImportError(
            _(
                "The issuing unit of this plan could not be recognised (%(issuer)s): choose "
                "the unit (--unit CODE on the command line). Nothing was written."
            )
            % {"issuer": parsed.issuer or _("not found in the document")}
        )
    return unit


def _plan_year(parsed: ParsedPlan) -> int | None:
    if parsed.date:
        return parsed.date.year
    match = re.search(r"\b((?:19|20)\d\d)\b", parsed.date_raw or "")
    return int(match[1]) if match else None


_SIGNATURE = re.compile(r"^(?:tm\.?|kt\.?)\s|^(?:pho\s+)?(?:chu tich|giam doc|truong ban)\b")


def signer_in(lines: list[str]) -> str:
    """The signature block ("KT. CHỦ TỊCH – PHÓ CHỦ TỊCH – Lê Trường Sơn"), or ""."""
    for index, line in enumerate(lines):
        if not _SIGNATURE.match(fold(line.strip())) or len(line.strip()) > 40:
            continue
        parts: list[str] = []
        for following in lines[index : index + 8]:
            text = following.strip()
            if not text:
                continue
            if len(text) > 40 or re.match(r"\d{4}-\d\d-\d\d", text):
                break
            parts.append(text)
            if not text.isupper():  # the signer's name closes the block
                break
        return " – ".join(parts)
    return ""


def _plan_candidates(parsed: ParsedPlan) -> tuple[list[matching.DocumentRef], str]:
    """Plans the document says it implements (title first, then each "Căn cứ Kế hoạch
    số ..."), and the reference to keep as its higher plan."""
    from_title = [ref for ref in matching.document_refs(parsed.parent or "") if ref.is_plan]
    from_bases = []
    for basis in parsed.legal_bases:
        refs = matching.document_refs(basis)
        if refs and refs[0].is_plan:
            from_bases.append(refs[0])
    reference = ""
    if from_title:
        reference = from_title[0].text
    elif len(from_bases) == 1:
        reference = from_bases[0].text
    return from_title + from_bases, reference


def _numbered_plan(key: str, exclude: int | None = None) -> Plan | None:
    if not key or not key[:1].isdigit():
        return None
    found = Plan.objects.filter(number_key=key)
    if exclude:
        found = found.exclude(pk=exclude)
    return found.order_by("-status", "pk").first()


def _unit_by_code(code: str | None, cache: dict[str, Unit | None]) -> Unit | None:
    if not code:
        return None
    if code not in cache:
        cache[code] = Unit.objects.filter(code=code).first()
    return cache[code]


def _decimal(value: float | int) -> Decimal:
    return Decimal(str(value))


def _deadline_fields(raw: str | None) -> dict[str, Any]:
    deadline = parse_deadline(raw)
    if deadline is None:
        return {
            "deadline_raw": "",
            "deadline_kind": "",
            "deadline_due": None,
            "deadline_day_month": "",
            "deadline_start": None,
            "deadline_period": "",
        }
    return {
        "deadline_raw": deadline.raw[:255],
        "deadline_kind": deadline.kind,
        "deadline_due": deadline.due,
        "deadline_day_month": deadline.day_month or "",
        "deadline_start": deadline.start,
        "deadline_period": deadline.period or "",
    }


def _span(item: Any) -> dict[str, int | None]:
    span = getattr(item, "span", None)
    return {"start_line": span[0] if span else None, "end_line": span[1] if span else None}


def _create_plan(
    parsed: ParsedPlan, unit: Unit, digest: str, filename: str, user: User | AnonymousUser | None
) -> Plan:
    candidates, reference = _plan_candidates(parsed)
    parent = next(
        (found for ref in candidates if (found := _numbered_plan(ref.key)) is not None), None
    )
    if parent is not None and not reference:
        reference = next(ref.text for ref in candidates if ref.key == parent.number_key)
    start, end = matching.guess_years(
        parsed.title or "", _plan_year(parsed), [t.year for t in parsed.targets if t.year]
    )
    actor = _actor(user)
    plan = Plan.objects.create(
        number=(parsed.number or "")[:64],
        issuing_unit=unit,
        issuer_name=(parsed.issuer or "")[:255],
        date=parsed.date,
        date_raw=(parsed.date_raw or "")[:120],
        title=parsed.title or Path(filename).stem,
        start_year=start,
        end_year=end,
        parent=parent,
        parent_reference=reference[:255],
        parent_number_key=matching.number_key(
            matching.document_refs(reference)[0].number if reference else ""
        ),
        approver=signer_in(parsed.lines)[:255],
        source_name=Path(filename).name[:255],
        source_format=parsed.source_format,
        source_hash=digest,
        source_text="\n".join(parsed.lines),
        ocr_repaired=parsed.ocr_repaired,
        parsed=parsed.as_dict(),
        created_by=actor,
    )
    units: dict[str, Unit | None] = {}
    for position, basis in enumerate(parsed.legal_bases):
        refs = matching.document_refs(basis)
        LegalBasis.objects.create(
            plan=plan,
            position=position,
            text=basis,
            document_kind=refs[0].kind if refs else "",
            document_number=refs[0].number[:64] if refs else "",
            referenced_plan=_numbered_plan(refs[0].key, plan.pk) if refs else None,
        )
    Target.objects.bulk_create(
        Target(
            plan=plan,
            position=position,
            text=target.text,
            value=_decimal(target.value[0] if isinstance(target.value, list) else target.value),
            value_max=_decimal(target.value[1]) if isinstance(target.value, list) else None,
            unit=target.unit[:64],
            comparator=target.comparator or "",
            year=target.year,
            kind=target.kind,
            **_span(target),
        )
        for position, target in enumerate(parsed.targets)
    )
    for position, parsed_task in enumerate(parsed.tasks):
        deadline = parsed_task.deadline
        task = Task.objects.create(
            plan=plan,
            position=position,
            number=(parsed_task.number or "")[:16],
            group=(parsed_task.group or "")[:500],
            content=parsed_task.title,
            **(_deadline_fields(deadline.raw) if deadline else _deadline_fields(None)),
            expected_result=parsed_task.result or "",
            source=parsed_task.source,
            **_span(parsed_task),
        )
        links = []
        for role, names, codes in (
            (UnitRole.LEAD, parsed_task.lead, parsed_task.lead_codes),
            (UnitRole.COORDINATOR, parsed_task.coordinators, parsed_task.coordinator_codes),
        ):
            for index, name in enumerate(names):
                mapped = _unit_by_code(codes[index] if index < len(codes) else None, units)
                links.append(
                    TaskUnit(
                        task=task,
                        role=role,
                        position=index,
                        name=name[:255],
                        unit=mapped,
                        is_generic=mapped is None and matching.looks_generic(name),
                    )
                )
        TaskUnit.objects.bulk_create(links)
    context = unit.code
    ReportingDuty.objects.bulk_create(
        ReportingDuty(
            plan=plan,
            position=position,
            from_name=duty.from_unit[:255],
            from_unit=_unit_by_code(resolve_code(duty.from_unit, context), units),
            to_name=duty.to_unit[:255],
            to_unit=_unit_by_code(resolve_code(duty.to_unit, context), units),
            period_type=duty.period or "",
            due_day=(duty.deadline.day_month if duty.deadline else None) or "",
            deadline_raw=(duty.deadline.raw if duty.deadline else "")[:255],
            deadline_kind=duty.deadline.kind if duty.deadline else "",
            text=duty.text,
            **_span(duty),
        )
        for position, duty in enumerate(parsed.reporting)
    )
    _event(
        plan,
        EventAction.IMPORTED,
        user,
        file=plan.source_name,
        tasks=len(parsed.tasks),
        targets=len(parsed.targets),
        reporting=len(parsed.reporting),
    )
    if parent is not None:
        _event(plan, EventAction.LINKED, user, parent=parent.pk, reference=reference)
    _link_waiting(plan, user)
    return plan


def _link_waiting(plan: Plan, user: User | AnonymousUser | None) -> list[Plan]:
    """A plan that gets its number links the plans that cite it: their legal bases and,
    when it is the higher plan they name, their parent."""
    if not matching.is_numbered(plan.number):
        return []
    LegalBasis.objects.filter(
        pk__in=_bases_citing(plan.number_key), referenced_plan__isnull=True
    ).exclude(plan=plan).update(referenced_plan=plan)
    children = list(
        Plan.objects.filter(parent__isnull=True, parent_number_key=plan.number_key).exclude(
            pk=plan.pk
        )
    )
    for child in children:
        child.parent = plan
        child.save(update_fields=["parent", "updated_at"])
        _event(child, EventAction.LINKED, user, parent=plan.pk, reference=child.parent_reference)
    return children


def _bases_citing(key: str) -> list[int]:
    # Few bases per plan and few plans: compare the normalised numbers in Python.
    return [
        pk
        for pk, number in LegalBasis.objects.exclude(document_number="").values_list(
            "pk", "document_number"
        )
        if matching.number_key(number) == key
    ]


def import_plan(
    source: bytes | str | Path,
    filename: str | None = None,
    *,
    user: User | AnonymousUser | None = None,
    unit_code: str | None = None,
) -> Plan:
    """Store a plan document as a draft: the parser's result, its source text and hash.

    The same file twice, an unreadable file, an unknown issuing unit or a unit outside
    the user's scope raise PlanImportError (or PermissionDenied) and write nothing.
    """
    data = _read(source)
    if filename is None:
        filename = Path(source).name if not isinstance(source, bytes) else "plan.txt"
    digest = file_hash(data)
    existing = Plan.objects.filter(source_hash=digest).first()
    if existing is not None:
        raise PlanImportError(_duplicate_message(existing, user))
    try:
        parsed = parse_plan(data, filename=filename)
    except PlanParseError as error:
        raise PlanImportError(
            _("The file could not be read as a plan: %(reason)s Nothing was written.")
            % {"reason": str(error)}
        ) from error
    unit = _issuing_unit(parsed, unit_code)
    if user is not None and not editable(Unit.objects.filter(pk=unit.pk), user).exists():
        # No oracle (issue 12): a unit outside the user's scope is not named.
        raise PermissionDenied(_("You may not import plans of this unit."))
    try:
        with transaction.atomic():
            return _create_plan(parsed, unit, digest, filename, user)
    except IntegrityError as error:
        # Another import of the same file won the race.
        existing = Plan.objects.filter(source_hash=digest).first()
        if existing is not None:
            raise PlanImportError(_duplicate_message(existing, user)) from error
        raise


def _duplicate_message(existing: Plan, user: Any = None) -> str:
    # No oracle: a plan outside the user's scope is not described (number, status, date).
    if user is not None and not visible(Plan.objects.filter(pk=existing.pk), user).exists():
        return _("This file was already imported as a plan you cannot use. Nothing was written.")
    return _(
        "This file was already imported as plan “%(plan)s” (%(status)s, %(date)s). "
        "Nothing was written."
    ) % {
        "plan": existing.number or existing.title[:80],
        "status": existing.get_status_display(),
        "date": timezone.localtime(existing.created_at).strftime("%d/%m/%Y"),
    }


# ---------------------------------------------------------------- review


PLAN_FIELDS = ("number", "date", "title", "issuing_unit", "start_year", "end_year", "approver")


@transaction.atomic
def update_plan(plan: Plan, user: User | AnonymousUser | None, changes: dict[str, Any]) -> Plan:
    """Correct the plan's header; a new issuing unit must be in the user's scope."""
    _require_structure(plan, user)
    unit = changes.get("issuing_unit")
    if unit is not None and unit != plan.issuing_unit:
        _require(
            editable(Unit.objects.filter(pk=unit.pk), user).exists(),
            _("You may not give plans to this unit."),
        )
    changed: dict[str, Any] = {}  # detail of the event: no key clashes with _event's arguments
    for name in PLAN_FIELDS:
        if name in changes and getattr(plan, name) != changes[name]:
            changed[name] = str(changes[name]) if changes[name] is not None else None
            setattr(plan, name, changes[name])
    if "parent" in changes and changes["parent"] != plan.parent:
        link_parent(plan, changes["parent"], user)
    if not changed:
        return plan
    plan.full_clean(exclude=["source_hash"])
    plan.save()
    _event(plan, EventAction.EDITED, user, **changed)
    if "number" in changed:
        _link_waiting(plan, user)
    return plan


@transaction.atomic
def link_parent(plan: Plan, parent: Plan | None, user: User | AnonymousUser | None) -> Plan:
    """Link the plan to the higher plan it implements (None unlinks)."""
    _require_structure(plan, user)
    if parent is not None:
        ancestor: Plan | None = parent
        seen: set[int] = set()  # bounded even if the plan tree was corrupted elsewhere
        while ancestor is not None and ancestor.pk not in seen:
            if ancestor.pk == plan.pk:
                raise ValidationError(_("A plan cannot implement itself or its own children."))
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
    plan.parent = parent
    plan.save(update_fields=["parent", "updated_at"])
    _event(plan, EventAction.LINKED, user, parent=parent.pk if parent else None)
    return plan


TASK_FIELDS = ("content", "number", "group", "expected_result", "responsible_person")


@transaction.atomic
def update_task(task: Task, user: User | AnonymousUser | None, changes: dict[str, Any]) -> Task:
    """Correct a task; a changed `deadline_raw` is read again (kind, due date)."""
    _require_structure(task.plan, user)
    changed: dict[str, Any] = {}
    for name in TASK_FIELDS:
        if name in changes and getattr(task, name) != changes[name]:
            changed[name] = changes[name]
            setattr(task, name, changes[name])
    if "deadline_raw" in changes and (changes["deadline_raw"] or "") != task.deadline_raw:
        fields = _deadline_fields(changes["deadline_raw"])
        for name, value in fields.items():
            setattr(task, name, value)
        changed["deadline"] = fields["deadline_raw"]
    if "parent_task" in changes and changes["parent_task"] != task.parent_task:
        parent_task = changes["parent_task"]
        if parent_task is not None and (
            task.plan.parent_id is None or parent_task.plan_id != task.plan.parent_id
        ):
            raise ValidationError(_("Link only to a task of the plan this plan implements."))
        task.parent_task = parent_task
        changed["parent_task"] = parent_task.pk if parent_task else None
    old_parent = Task.objects.filter(pk=task.pk).values_list("parent_task_id", flat=True).first()
    if "weight" in changes and changes["weight"] != task.weight:
        task.weight = changes["weight"]
        changed["weight"] = task.weight
    if changed:
        task.full_clean()
        task.save()
        _event(task.plan, EventAction.EDITED, user, task=task, **_jsonable(changed))
        if "parent_task" in changed or "weight" in changed:
            roll_up(task)
            if old_parent and old_parent != task.parent_task_id:
                refresh_rolled_up(Task.objects.get(pk=old_parent))
    return task


# ---------------------------------------------------------------- progress that rolls up


@dataclass
class RollUpPart:
    task: Task
    weight: int
    progress: int

    @property
    def share(self) -> Decimal:
        return Decimal(self.weight)


@dataclass
class RollUp:
    """A task implemented by the linked tasks of the units' own plans: its progress is
    their progress weighted by each one's weight (Σ weight × progress / Σ weight)."""

    parts: list[RollUpPart]
    progress: int

    @property
    def total_weight(self) -> int:
        return sum(part.weight for part in self.parts)


def rolled_up(task: Task) -> RollUp | None:
    """The weighted progress of the tasks linked to `task`, or None when none is."""
    children = list(task.child_tasks.order_by("plan_id", "position", "pk"))
    if not children:
        return None
    parts = [RollUpPart(child, child.weight or 1, child.progress) for child in children]
    weight = sum(part.weight for part in parts)
    progress = sum(part.weight * part.progress for part in parts) / weight
    return RollUp(parts=parts, progress=int(Decimal(progress).quantize(Decimal(1))))


def refresh_rolled_up(task: Task) -> Task:
    """Set a task's progress (and status) from its linked tasks, then its parent's in turn."""
    seen: set[int] = set()
    current: Task | None = task
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        summary = rolled_up(current)
        if summary is not None and (
            summary.progress != current.progress or _status_for(summary.progress) != current.status
        ):
            current.progress = summary.progress
            current.status = _status_for(summary.progress)
            current.save(update_fields=["progress", "status", "updated_at"])
        current = current.parent_task
    return task


def roll_up(task: Task) -> None:
    """After `task` changed, the tasks above it take their progress from their children."""
    if task.parent_task_id:
        refresh_rolled_up(Task.objects.get(pk=task.parent_task_id))


def _status_for(progress: int) -> str:
    if progress >= 100:
        return TaskStatus.DONE
    return TaskStatus.IN_PROGRESS if progress else TaskStatus.NOT_STARTED


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value if isinstance(value, str | int | float | bool | None) else str(value)
        for key, value in values.items()
    }


@transaction.atomic
def add_task(plan: Plan, user: User | AnonymousUser | None, content: str) -> Task:
    _require_structure(plan, user)
    if not content.strip():
        raise ValidationError(_("Write what the task is."))
    last = plan.tasks.order_by("-position").values_list("position", flat=True).first()
    task = Task.objects.create(
        plan=plan, content=content.strip(), position=(last or 0) + 1, source="manual"
    )
    _event(plan, EventAction.EDITED, user, task=task, added=task.content[:200])
    return task


@transaction.atomic
def delete_item(item: Task | Target | ReportingDuty, user: User | AnonymousUser | None) -> None:
    """Remove a wrongly extracted item (the audit trail keeps what it said)."""
    plan = item.plan
    _require_structure(plan, user)
    _event(
        plan,
        EventAction.DELETED,
        user,
        kind=type(item).__name__,
        text=str(item)[:300],
        lines=[item.start_line, item.end_line],
    )
    item.delete()


TARGET_FIELDS = ("text", "value", "value_max", "unit", "comparator", "year")
DUTY_FIELDS = (
    "from_name",
    "from_unit",
    "to_name",
    "to_unit",
    "period_type",
    "due_day",
    "deadline_raw",
)


@transaction.atomic
def update_item(
    item: Target | ReportingDuty, user: User | AnonymousUser | None, changes: dict[str, Any]
) -> None:
    """Correct a target or a reporting duty."""
    _require_structure(item.plan, user)
    names = TARGET_FIELDS if isinstance(item, Target) else DUTY_FIELDS
    changed = {}
    for name in names:
        if name in changes and getattr(item, name) != changes[name]:
            changed[name] = changes[name]
            setattr(item, name, changes[name])
    if isinstance(item, ReportingDuty) and "deadline_raw" in changed:
        deadline = parse_deadline(item.deadline_raw)
        item.deadline_kind = deadline.kind if deadline else ""
    if changed:
        item.full_clean()
        item.save()
        _event(item.plan, EventAction.EDITED, user, kind=type(item).__name__, **_jsonable(changed))


def _check_unit_choice(unit: Unit | None, user: User | AnonymousUser | None) -> None:
    # Any current unit may be named in a plan; it only has to exist and be in force.
    if unit is not None and not Unit.objects.current().filter(pk=unit.pk).exists():
        raise ValidationError(_("%(unit)s is no longer in force.") % {"unit": unit.name_vi})


@transaction.atomic
def map_task_unit(
    link: TaskUnit,
    user: User | AnonymousUser | None,
    unit: Unit | None = None,
    generic: bool = False,
) -> TaskUnit:
    """Map a unit name as written to a Unit, or mark it as a generic group (or neither)."""
    _require_structure(link.task.plan, user)
    _check_unit_choice(unit, user)
    if (link.unit, link.is_generic) == (unit, generic and unit is None):
        return link
    link.unit = unit
    link.is_generic = generic and unit is None
    link.save(update_fields=["unit", "is_generic"])
    _event(
        link.task.plan,
        EventAction.MAPPED,
        user,
        task=link.task,
        name=link.name,
        unit=unit.code if unit else None,
        generic=link.is_generic,
    )
    return link


@transaction.atomic
def add_task_unit(
    task: Task,
    user: User | AnonymousUser | None,
    role: str,
    name: str,
    unit: Unit | None = None,
    generic: bool = False,
) -> TaskUnit:
    _require_structure(task.plan, user)
    _check_unit_choice(unit, user)
    name = (name or (unit.name_vi if unit else "")).strip()
    if not name:
        raise ValidationError(_("Write the unit's name or choose a unit."))
    last = task.units.filter(role=role).order_by("-position").values_list("position", flat=True)
    link = TaskUnit.objects.create(
        task=task,
        role=role,
        name=name[:255],
        unit=unit,
        is_generic=generic and unit is None,
        position=(last.first() or 0) + 1,
    )
    _event(
        task.plan,
        EventAction.MAPPED,
        user,
        task=task,
        added=name,
        role=role,
        unit=unit.code if unit else None,
    )
    return link


@transaction.atomic
def remove_task_unit(link: TaskUnit, user: User | AnonymousUser | None) -> None:
    _require_structure(link.task.plan, user)
    _event(
        link.task.plan, EventAction.MAPPED, user, task=link.task, removed=link.name, role=link.role
    )
    link.delete()


@transaction.atomic
def auto_map(plan: Plan, user: User | AnonymousUser | None, threshold: int = 90) -> int:
    """Map every unresolved unit name whose best suggestion is sure (or scores at least
    `threshold`); generic names are marked generic. Returns how many were resolved."""
    _require_structure(plan, user)
    resolved = 0
    links = TaskUnit.objects.filter(task__plan=plan, unit__isnull=True, is_generic=False)
    for link in links.select_related("task"):
        if matching.looks_generic(link.name):
            map_task_unit(link, user, generic=True)
            resolved += 1
            continue
        suggestions = matching.suggest_units(link.name, plan.issuing_unit, limit=1)
        if suggestions and (suggestions[0].sure or suggestions[0].score >= threshold):
            map_task_unit(link, user, unit=suggestions[0].unit)
            resolved += 1
    return resolved


def activation_problems(plan: Plan) -> list[str]:
    """What keeps the plan from being activated: each task needs a title and a lead unit
    (mapped, or a name marked as a generic group)."""
    problems = []
    tasks = plan.tasks.prefetch_related("units")
    for index, task in enumerate(tasks, start=1):
        label = task.number or str(index)
        if not task.content.strip():
            problems.append(_("Task %(number)s has no title.") % {"number": label})
        if not any(link.is_resolved for link in task.leads()):
            problems.append(
                _(
                    "Task %(number)s (“%(title)s”) has no lead unit: map a unit or mark the "
                    "name as a generic group."
                )
                % {"number": label, "title": task.content[:60] or "…"}
            )
    return problems


@transaction.atomic
def activate(plan: Plan, user: User | AnonymousUser | None) -> Plan:
    _require(can_change_status(plan, user), _("You may not activate this plan."))
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Only a draft can be activated."))
    problems = activation_problems(plan)
    if problems:
        raise ActivationError(problems)
    plan.status = PlanStatus.ACTIVE
    plan.activated_by = _actor(user)
    plan.activated_at = timezone.now()
    plan.save(update_fields=["status", "activated_by", "activated_at", "updated_at"])
    _event(plan, EventAction.ACTIVATED, user)
    return plan


@transaction.atomic
def close(plan: Plan, user: User | AnonymousUser | None) -> Plan:
    _require(can_change_status(plan, user), _("You may not close this plan."))
    if plan.status != PlanStatus.ACTIVE:
        raise ValidationError(_("Only an active plan can be closed."))
    plan.status = PlanStatus.CLOSED
    plan.closed_by = _actor(user)
    plan.closed_at = timezone.now()
    plan.save(update_fields=["status", "closed_by", "closed_at", "updated_at"])
    _event(plan, EventAction.CLOSED, user)
    return plan


# ---------------------------------------------------------------- tracking


@transaction.atomic
def post_update(
    task: Task,
    user: User | AnonymousUser | None,
    progress: int,
    status: str | None = None,
    note: str = "",
    evidence: UploadedFile | None = None,
) -> TaskUpdate:
    """Report progress on a task (with optional evidence); the task takes the new status."""
    _require(can_track(task, user), _("You may not report on this task."))
    if not 0 <= progress <= 100:
        raise ValidationError(_("Progress is a percentage from 0 to 100."))
    if status is None:
        status = (
            TaskStatus.DONE
            if progress == 100
            else TaskStatus.IN_PROGRESS
            if progress
            else TaskStatus.NOT_STARTED
        )
    if status not in TaskStatus.values:
        raise ValidationError(_("Unknown status '%(status)s'.") % {"status": status})
    if status == TaskStatus.DONE:
        progress = 100
    update = TaskUpdate(
        task=task, author=_actor(user), progress=progress, status=status, note=note.strip()
    )
    if evidence is not None:
        update.evidence = evidence
    update.full_clean()
    update.save()
    task.progress, task.status = progress, status
    task.save(update_fields=["progress", "status", "updated_at"])
    _event(
        task.plan,
        EventAction.UPDATED,
        user,
        task=task,
        progress=progress,
        status=status,
        evidence=update.evidence.name if update.evidence else None,
    )
    roll_up(task)  # the higher plan's task follows
    return update


def lead_unit_users(task: Task) -> QuerySet[User]:
    """The active users with a role in a lead unit of `task` (or a unit inside it)."""
    paths = [link.unit.path for link in task.leads() if link.unit is not None]
    if not paths:
        return User.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(role_assignments__unit__path__startswith=path)
    return (
        User.objects.filter(is_active=True)
        .filter(condition)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


@transaction.atomic
def set_responsible_person(
    task: Task,
    user: User | AnonymousUser | None,
    person: str,
    responsible_user: User | None = None,
) -> Task:
    """Name the person responsible: a user of the lead unit, or a free-text name only as
    a fallback. The lead unit does it while tracking, the plan's unit while reviewing."""
    _require(
        can_track(task, user) or can_edit_structure(task.plan, user),
        _("You may not change this task."),
    )
    if (
        responsible_user is not None
        and not lead_unit_users(task).filter(pk=responsible_user.pk).exists()
    ):
        raise ValidationError(_("The responsible person must be a user of the lead unit."))
    task.responsible_user = responsible_user
    if responsible_user is not None:
        name = f"{responsible_user.last_name} {responsible_user.first_name}".strip()
        person = name or responsible_user.username
    task.responsible_person = person.strip()[:255]
    task.save(update_fields=["responsible_person", "responsible_user", "updated_at"])
    _event(
        task.plan,
        EventAction.EDITED,
        user,
        task=task,
        responsible_person=task.responsible_person,
        responsible_user=responsible_user.pk if responsible_user else None,
    )
    return task


@transaction.atomic
def set_watching(task: Task, user: User | AnonymousUser | None, watching: bool) -> Task:
    """Follow a task (its reminders reach the watcher too) or stop following it."""
    actor = _actor(user)
    _require(
        actor is not None and visible_tasks(actor).filter(pk=task.pk).exists(),
        _("You may not follow this task."),
    )
    assert actor is not None
    if watching:
        task.watchers.add(actor)
    else:
        task.watchers.remove(actor)
    _event(task.plan, EventAction.EDITED, user, task=task, watcher=actor.pk, watching=watching)
    return task


@transaction.atomic
def request_extension(
    task: Task, user: User | AnonymousUser | None, new_due: datetime.date, reason: str
) -> DeadlineExtension:
    requester = _actor(user)
    if requester is None or not can_track(task, user):  # a request needs a person to answer
        raise PermissionDenied(_("You may not ask to extend this task."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the extension."))
    if task.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationError(_("An extension is already waiting for a decision."))
    old_due = task.next_due()
    if old_due and new_due <= old_due:
        raise ValidationError(
            _("The new due date must be after %(date)s.") % {"date": old_due.strftime("%d/%m/%Y")}
        )
    extension = DeadlineExtension.objects.create(
        task=task, old_due=old_due, new_due=new_due, reason=reason.strip(), requested_by=requester
    )
    _event(
        task.plan,
        EventAction.EXTENSION_REQUESTED,
        user,
        task=task,
        old_due=old_due.isoformat() if old_due else None,
        new_due=new_due.isoformat(),
    )
    return extension


@transaction.atomic
def decide_extension(
    extension: DeadlineExtension, user: User | AnonymousUser | None, approve: bool, note: str = ""
) -> DeadlineExtension:
    task = extension.task
    _require(
        can_decide_extension(task, user),
        _("Only the plan's unit or the coordinator may decide on extensions."),
    )
    if extension.status != ExtensionStatus.PENDING:
        raise ValidationError(_("This extension was already decided."))
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    extension.decided_by = _actor(user)
    extension.decided_at = timezone.now()
    extension.decision_note = note.strip()
    extension.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if approve:
        task.extended_due = extension.new_due
        task.save(update_fields=["extended_due", "updated_at"])
    _event(
        task.plan,
        EventAction.EXTENSION_APPROVED if approve else EventAction.EXTENSION_REJECTED,
        user,
        task=task,
        new_due=extension.new_due.isoformat(),
    )
    return extension


def parent_task_choices(task: Task) -> list[tuple[Task, int | None]]:
    """The higher plan's tasks for linking a task: best title matches first (with their
    score), then the others in plan order."""
    if not task.plan.parent_id:
        return []
    candidates = list(Task.objects.filter(plan_id=task.plan.parent_id).order_by("position"))
    ranked = matching.suggest_parent_tasks(task.content, candidates)
    seen = {candidate.pk for candidate, _score in ranked}
    rest = [(candidate, None) for candidate in candidates if candidate.pk not in seen]
    return [(candidate, score) for candidate, score in ranked] + rest


# ---------------------------------------------------------------- summaries


@dataclass
class PlanSummary:
    tasks: int
    done: int
    overdue: int
    missing_six_clear: int


def summarise(tasks: Iterable[Task], today: datetime.date | None = None) -> PlanSummary:
    tasks = list(tasks)
    return PlanSummary(
        tasks=len(tasks),
        done=sum(task.status == TaskStatus.DONE for task in tasks),
        overdue=sum(task.is_overdue(today) for task in tasks),
        missing_six_clear=sum(task.six_clear_count() < 6 for task in tasks),
    )
