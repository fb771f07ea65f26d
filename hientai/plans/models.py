"""Plans read from documents and the tracking of their tasks.

A Plan is imported as a draft (the parser's result, the source text and its hash), reviewed
and corrected by an officer, then activated. Unit names are kept as written next to the
mapped Unit (TaskUnit, ReportingDuty), so "các sở, ban, ngành" stays a generic group while
"Sở Nội vụ" reaches the officers of that department. Every action is appended to PlanEvent.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import ScopedQuerySet
from hientai.core.models import AppendOnlyModel
from hientai.plans.parser.deadlines import due_dates

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

EVIDENCE_EXTENSIONS = ["pdf", "docx", "xlsx", "jpg", "jpeg", "png", "zip"]
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
ONE_OFF_KINDS = {"date", "month", "quarter", "year"}
RECURRING_KINDS = {"yearly", "periodic", "from"}


def validate_evidence_size(file: object) -> None:
    size = getattr(file, "size", 0) or 0
    if size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("The evidence file is larger than %(size)d MB.")
            % {"size": EVIDENCE_MAX_BYTES // (1024 * 1024)}
        )


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class DeadlineKind(models.TextChoices):
    DATE = "date", _("exact date")
    MONTH = "month", _("by month")
    QUARTER = "quarter", _("by quarter")
    YEAR = "year", _("by year")
    YEARLY = "yearly", _("every year")
    ONGOING = "ongoing", _("ongoing")
    CONDITIONAL = "conditional", _("conditional")
    FOLLOWS_PLAN = "follows_plan", _("follows another plan")
    PERIODIC = "periodic", _("periodic")
    FROM = "from", _("from a year on")
    OTHER = "other", _("other deadline")


class PeriodType(models.TextChoices):
    HALF_YEAR = "half_year", _("Every 6 months")
    YEAR = "year", _("Yearly")
    AD_HOC = "ad_hoc", _("Ad hoc")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


OVERDUE = "overdue"  # computed from the due dates, never stored


class UnitRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    COORDINATOR = "coordinator", _("Coordinating")


class Comparator(models.TextChoices):
    MIN = "min", _("at least")
    MAX = "max", _("at most")
    APPROX = "approx", _("about")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Spanned(models.Model):
    """An item read from the source text: the lines it came from (1-based, inclusive)."""

    position = models.PositiveIntegerField(_("order"), default=0)
    start_line = models.PositiveIntegerField(_("first source line"), null=True, blank=True)
    end_line = models.PositiveIntegerField(_("last source line"), null=True, blank=True)

    class Meta:
        abstract = True


class Plan(models.Model):
    scope_path_field = "issuing_unit__path"

    number = models.CharField(_("number and symbol"), max_length=64, blank=True)
    number_key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    issuing_unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="plans"
    )
    issuer_name = models.CharField(_("issuer as written"), max_length=255, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    date_raw = models.CharField(_("date as written"), max_length=120, blank=True)
    title = models.TextField(_("title"))
    start_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("implements plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    parent_reference = models.CharField(_("higher plan as cited"), max_length=255, blank=True)
    parent_number_key = models.CharField(max_length=64, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approver = models.CharField(
        _("approved by"),
        max_length=255,
        blank=True,
        help_text=_("Who signs or approves the plan (the authority of the “6 rõ”)."),
    )
    source_name = models.CharField(_("file name"), max_length=255)
    source_format = models.CharField(_("file format"), max_length=10, default="txt")
    source_hash = models.CharField(_("file hash (SHA-256)"), max_length=64, unique=True)
    source_text = models.TextField(_("source text"), blank=True)
    ocr_repaired = models.BooleanField(_("OCR text repaired"), default=False)
    parsed = models.JSONField(_("parser result"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("activated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__isnull=True)
                | Q(start_year__isnull=True)
                | Q(end_year__gte=models.F("start_year")),
                name="plan_year_range",
            ),
        ]

    def __str__(self) -> str:
        head = self.number or _("(no number)")
        return f"{head} – {self.title[:80]}"

    def save(self, *args, **kwargs) -> None:
        from hientai.plans.matching import number_key

        self.number_key = number_key(self.number)
        super().save(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    def years(self, today: datetime.date | None = None) -> tuple[int, int]:
        """The years the plan runs (for recurring due dates); its own year when unknown."""
        year = (today or datetime.date.today()).year
        start = self.start_year or (self.date.year if self.date else None) or self.end_year or year
        end = self.end_year or max(start, year)
        return start, end

    @property
    def source_lines(self) -> list[str]:
        return self.source_text.split("\n") if self.source_text else []


class LegalBasis(Spanned):
    """A "Căn cứ ..." of the plan and the document it cites."""

    scope_path_field = "plan__issuing_unit__path"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="legal_bases")
    text = models.TextField(_("text"))
    document_kind = models.CharField(_("document kind"), max_length=40, blank=True)
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    referenced_plan = models.ForeignKey(
        Plan,
        verbose_name=_("cited plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cited_by",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return self.text[:100]


class Target(Spanned):
    scope_path_field = "plan__issuing_unit__path"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    text = models.TextField(_("text"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3)
    value_max = models.DecimalField(
        _("upper value"),
        max_digits=14,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("For a range such as “35 – 40%”."),
    )
    unit = models.CharField(_("unit of measure"), max_length=64, blank=True)
    comparator = models.CharField(
        _("comparator"), max_length=10, choices=Comparator.choices, blank=True
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return self.text[:100]

    @property
    def value_display(self) -> str:
        def show(value: Decimal) -> str:
            return f"{value.normalize():f}".replace(".", ",")

        text = show(self.value)
        if self.value_max is not None:
            text += f"–{show(self.value_max)}"
        return text


class Task(Spanned):
    """One task of a plan and its tracking; the "6 rõ" are its six clear facts."""

    scope_path_field = "plan__issuing_unit__path"
    # Officers of the lead and coordinating units reach the task too.
    scope_extra_path_fields = ("units__unit__path",)

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    number = models.CharField(_("number"), max_length=16, blank=True)
    group = models.CharField(_("group"), max_length=500, blank=True)
    content = models.TextField(_("task"), blank=True)
    deadline_raw = models.CharField(_("deadline as written"), max_length=255, blank=True)
    deadline_kind = models.CharField(
        _("deadline kind"), max_length=20, choices=DeadlineKind.choices, blank=True
    )
    deadline_due = models.DateField(_("due date"), null=True, blank=True)
    deadline_day_month = models.CharField(_("day and month"), max_length=5, blank=True)
    deadline_start = models.DateField(_("from"), null=True, blank=True)
    deadline_period = models.CharField(_("recurs every"), max_length=10, blank=True)
    extended_due = models.DateField(
        _("extended due date"),
        null=True,
        blank=True,
        help_text=_("Set by an approved deadline extension."),
    )
    expected_result = models.TextField(_("expected product"), blank=True)
    responsible_person = models.CharField(_("responsible person"), max_length=255, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("A user of the lead unit; the free-text name is only a fallback."),
    )
    watchers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("watchers"), blank=True, related_name="+"
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("How much this task counts in the progress of the higher plan's task."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    parent_task = models.ForeignKey(
        "self",
        verbose_name=_("task of the higher plan"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="child_tasks",
    )
    source = models.CharField(_("found in"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_max_100")
        ]

    def __str__(self) -> str:
        return self.content[:100] or f"#{self.pk}"

    # ------------------------------------------------------------ deadline

    def deadline_spec(self) -> dict:
        """The deadline in the parser's JSON form (what `due_dates` reads)."""
        return {
            "raw": self.deadline_raw,
            "kind": self.deadline_kind or None,
            "due": self.deadline_due.isoformat() if self.deadline_due else None,
            "day_month": self.deadline_day_month or None,
            "start": self.deadline_start.isoformat() if self.deadline_start else None,
            "period": self.deadline_period or None,
        }

    def due_dates(self, years: tuple[int, int] | None = None) -> list[datetime.date]:
        """The task's due dates: its one-off date, or for a recurring deadline one date (or
        two) per year of the plan; an approved extension replaces them."""
        if self.extended_due:
            return [self.extended_due]
        if self.deadline_kind in ONE_OFF_KINDS:
            # A one-off date stands even outside the plan's years (a late or early task).
            return [self.deadline_due] if self.deadline_due else []
        start, end = years or self.plan.years()
        return due_dates(self.deadline_spec(), start, end)

    def next_due(self, today: datetime.date | None = None) -> datetime.date | None:
        """The first due date on or after today, else the last one (already past)."""
        day = today or datetime.date.today()
        dates = self.due_dates()
        upcoming = [date for date in dates if date >= day]
        if upcoming:
            return upcoming[0]
        return dates[-1] if dates else None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Not done and a due date has passed. For a recurring deadline, the last passed due
        date counts as met when an update was posted in its period (since the date before)."""
        if self.status == TaskStatus.DONE:
            return False
        day = today or datetime.date.today()
        past = [date for date in self.due_dates() if date < day]
        if not past:
            return False
        if self.extended_due or self.deadline_kind in ONE_OFF_KINDS:
            return True
        since = past[-2] if len(past) >= 2 else datetime.date.min
        return not any(
            since < update.created_at.date() <= past[-1] for update in self.updates.all()
        )

    def display_status(self, today: datetime.date | None = None) -> str:
        return OVERDUE if self.is_overdue(today) else self.status

    def display_status_label(self) -> str:
        status = self.display_status()
        return str(_("Overdue")) if status == OVERDUE else self.get_status_display()

    # ------------------------------------------------------------ units and 6 rõ

    def leads(self) -> list[TaskUnit]:
        return [link for link in self.units.all() if link.role == UnitRole.LEAD]

    def coordinators(self) -> list[TaskUnit]:
        return [link for link in self.units.all() if link.role == UnitRole.COORDINATOR]

    def six_clear(self) -> dict[str, bool]:
        """The "6 rõ": person, task, time, responsibility, product, authority.

        Responsibility needs a lead mapped to a unit (a generic group such as "các sở,
        ban, ngành" is allowed for activation, but names nobody in particular); time needs a
        deadline the parser or the officer could classify; authority needs the issuing unit
        and who approves the plan.
        """
        return {
            "person": bool(self.responsible_person.strip()),
            "task": bool(self.content.strip()),
            "time": bool(self.deadline_kind) and self.deadline_kind != DeadlineKind.OTHER,
            "responsibility": any(link.unit_id for link in self.leads()),
            "product": bool(self.expected_result.strip()),
            "authority": bool(self.plan.issuing_unit_id and self.plan.approver.strip()),
        }

    def six_clear_count(self) -> int:
        return sum(self.six_clear().values())

    def six_clear_items(self) -> list[tuple[str, StrOrPromise, bool]]:
        """(key, label, clear) in the usual order, for the six dots."""
        return [(key, SIX_CLEAR_LABELS[key], ok) for key, ok in self.six_clear().items()]


SIX_CLEAR_LABELS = {
    "person": _("clear person"),
    "task": _("clear task"),
    "time": _("clear time"),
    "responsibility": _("clear responsibility"),
    "product": _("clear product"),
    "authority": _("clear authority"),
}


class TaskUnit(models.Model):
    """A unit named by a task, as written, and the Unit it was mapped to (if any)."""

    scope_path_field = "task__plan__issuing_unit__path"
    scope_extra_path_fields = ("task__units__unit__path",)

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="units")
    role = models.CharField(_("role"), max_length=12, choices=UnitRole.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name as written"), max_length=255)
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_task_links",
    )
    is_generic = models.BooleanField(
        _("generic group"),
        default=False,
        help_text=_("Names a group of bodies (“các sở, ban, ngành”), not one unit."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("task unit")
        verbose_name_plural = _("task units")
        ordering = ["task", "role", "position"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(unit__isnull=False, is_generic=True),
                name="task_unit_mapped_or_generic",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_resolved(self) -> bool:
        return bool(self.unit_id or self.is_generic)


class ReportingDuty(Spanned):
    scope_path_field = "plan__issuing_unit__path"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reporting_duties")
    from_name = models.CharField(_("from (as written)"), max_length=255)
    from_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("from unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_name = models.CharField(_("to (as written)"), max_length=255)
    to_unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("to unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    period_type = models.CharField(
        _("period type"), max_length=10, choices=PeriodType.choices, blank=True
    )
    due_day = models.CharField(
        _("due day"), max_length=5, blank=True, help_text=_("Day and month, such as 15/12.")
    )
    deadline_raw = models.CharField(_("deadline as written"), max_length=255, blank=True)
    deadline_kind = models.CharField(
        _("deadline kind"), max_length=20, choices=DeadlineKind.choices, blank=True
    )
    text = models.TextField(_("text"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("reporting duty")
        verbose_name_plural = _("reporting duties")
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return f"{self.from_name} → {self.to_name}"

    def due_dates(self, years: tuple[int, int] | None = None) -> list[datetime.date]:
        start, end = years or self.plan.years()
        if self.period_type == PeriodType.AD_HOC:
            return []
        spec = {
            "raw": self.deadline_raw,
            "kind": "yearly" if self.period_type or self.due_day else self.deadline_kind or None,
            "day_month": self.due_day or None,
            "period": self.period_type or None,
        }
        if self.period_type == PeriodType.HALF_YEAR and self.due_day:
            # "định kỳ 6 tháng, trước ngày 15/6": the same day again six months later.
            day, month = (int(part) for part in self.due_day.split("/"))
            dates = []
            for year in range(start, end + 1):
                for shifted in sorted({month, (month + 5) % 12 + 1}):
                    try:
                        dates.append(datetime.date(year, shifted, day))
                    except ValueError:
                        continue
            return dates
        return due_dates(spec, start, end)


class TaskUpdate(models.Model):
    """A progress report on a task, with optional evidence; never changed afterwards."""

    scope_path_field = "task__plan__issuing_unit__path"
    scope_extra_path_fields = ("task__units__unit__path",)

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MaxValueValidator(100)]
    )
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(
        _("evidence file"),
        upload_to="plans/evidence/%Y/%m/",
        blank=True,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS), validate_evidence_size],
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("task update")
        verbose_name_plural = _("task updates")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.progress}%"


class DeadlineExtension(models.Model):
    """A request to move a task's due date; the plan's unit or the coordinator decides."""

    scope_path_field = "task__plan__issuing_unit__path"
    scope_extra_path_fields = ("task__units__unit__path",)

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions")
    old_due = models.DateField(_("old due date"), null=True, blank=True)
    new_due = models.DateField(_("new due date"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExtensionStatus.choices,
        default=ExtensionStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.old_due} → {self.new_due}"


class EventAction(models.TextChoices):
    IMPORTED = "imported", _("imported")
    EDITED = "edited", _("edited")
    DELETED = "deleted", _("deleted")
    MAPPED = "mapped", _("unit mapped")
    LINKED = "linked", _("linked")
    ACTIVATED = "activated", _("activated")
    CLOSED = "closed", _("closed")
    UPDATED = "updated", _("progress reported")
    EXTENSION_REQUESTED = "extension_requested", _("extension requested")
    EXTENSION_APPROVED = "extension_approved", _("extension approved")
    EXTENSION_REJECTED = "extension_rejected", _("extension rejected")


class PlanEvent(AppendOnlyModel):
    """Append-only audit trail: who did what to a plan or one of its tasks, and when."""

    scope_path_field = "plan__issuing_unit__path"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    task = models.ForeignKey(
        Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=24, choices=EventAction.choices)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan event")
        verbose_name_plural = _("plan events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
