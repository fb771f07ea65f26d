"""Periodic reporting: datasets assigned to units, submissions and their audit trail.

A Dataset is a report form (a list of reported indicators) with a period type and a due
day: the 6-monthly report is due 20/6 (period "2026H1"), the yearly report 05/12 ("2026"),
the digital-skills yearly report 20/11 ("2026"), an ad hoc report by the date set on its
ReportRequest. An Assignment makes a unit responsible for a dataset; for each expected
(dataset, unit, period) the unit keeps one Submission that moves
draft → submitted → approved | returned (→ submitted again). An approved submission is
locked: the models refuse any change, whatever the write path. Every step appends a
SubmissionEvent.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import ScopedQuerySet
from hientai.core.models import AppendOnlyModel
from hientai.indicators.periods import Period


class PeriodType(models.TextChoices):
    HALF_YEAR = "half_year", _("Every 6 months")
    YEAR = "year", _("Yearly")
    DIGITAL_YEAR = "digital_year", _("Yearly (digital skills)")
    AD_HOC = "ad_hoc", _("Ad hoc")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


EDITABLE_STATUSES = {Status.DRAFT, Status.RETURNED}
DELIVERED_STATUSES = {Status.SUBMITTED, Status.APPROVED}


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    MISSING = "missing", _("Missing")
    PENDING = "pending", _("Not yet due")


class Action(models.TextChoices):
    CREATED = "created", _("created")
    SAVED = "saved", _("saved")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned")
    REOPENED = "reopened", _("reopened")


class SubmissionLocked(PermissionDenied):
    """Raised by every write path that would change an approved submission."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message or gettext("This report was approved: it is locked and cannot be changed.")
        )


class Dataset(models.Model):
    """A report form: which reported indicators, how often, by which day."""

    scope_public = True

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255, blank=True)
    period_type = models.CharField(_("period type"), max_length=12, choices=PeriodType.choices)
    due_month = models.PositiveSmallIntegerField(
        _("due month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    due_day = models.PositiveSmallIntegerField(
        _("due day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Day of the due month; ad hoc reports take the date of their request."),
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator",
        through="DatasetIndicator",
        verbose_name=_("indicators"),
        related_name="datasets",
    )
    recipient = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("sent to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    duty = models.ForeignKey(
        "plans.ReportingDuty",
        verbose_name=_("reporting duty"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="datasets",
    )
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_type="ad_hoc")
                | Q(due_month__isnull=False, due_day__isnull=False),
                name="dataset_periodic_has_due_day",
            )
        ]

    def __str__(self) -> str:
        return self.name_vi

    def display_name(self, language: str = "vi") -> str:
        return self.name_en if language.startswith("en") and self.name_en else self.name_vi

    def clean(self) -> None:
        if self.period_type == PeriodType.AD_HOC:
            return
        if not (self.due_month and self.due_day):
            raise ValidationError(_("A periodic dataset needs its due day and month."))
        try:
            datetime.date(2024, self.due_month, self.due_day)  # a leap year: 29/2 is allowed
        except ValueError as error:
            raise ValidationError(
                _("%(day)s/%(month)s is not a date.")
                % {"day": self.due_day, "month": self.due_month}
            ) from error

    @property
    def due_label(self) -> str:
        if self.period_type == PeriodType.AD_HOC or not self.due_month:
            return gettext("by the date of each request")
        return f"{self.due_day:02d}/{self.due_month:02d}"

    def check_period(self, period: Period) -> None:
        """ValueError (translated) when `period` is not a period of this dataset."""
        if self.period_type == PeriodType.HALF_YEAR and period.half != 1:
            raise ValueError(
                gettext(
                    "The 6-monthly report covers the first half of a year: choose a period "
                    "such as %(example)s."
                )
                % {"example": f"{period.year}H1"}
            )
        if self.period_type in (PeriodType.YEAR, PeriodType.DIGITAL_YEAR) and not period.is_year:
            raise ValueError(
                gettext("This report is yearly: choose a year such as %(example)s.")
                % {"example": str(period.year)}
            )

    def periods_of_year(self, year: int) -> list[Period]:
        """The periods this dataset expects in `year` (ad hoc: only requested ones)."""
        if self.period_type == PeriodType.HALF_YEAR:
            return [Period(year, 1)]
        if self.period_type in (PeriodType.YEAR, PeriodType.DIGITAL_YEAR):
            return [Period(year)]
        return []

    def default_due_date(self, period: Period) -> datetime.date | None:
        """The due day in the period's year (20/6 for "2026H1", 05/12 for "2026")."""
        if self.period_type == PeriodType.AD_HOC or not (self.due_month and self.due_day):
            return None
        try:
            return datetime.date(period.year, self.due_month, self.due_day)
        except ValueError:  # 29/2 in a common year: the last day of February
            return datetime.date(period.year, self.due_month, 28)


class DatasetIndicator(models.Model):
    """An indicator on a dataset's form, in order."""

    scope_public = True

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="dataset_items"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    required = models.BooleanField(_("required"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dataset indicator")
        verbose_name_plural = _("dataset indicators")
        ordering = ["dataset", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "indicator"], name="one_indicator_per_form")
        ]

    def __str__(self) -> str:
        return f"{self.dataset.code}: {self.indicator.code}"


class ReportRequest(models.Model):
    """A request for a dataset and period with its own due date: every ad hoc report, or a
    periodic one whose due date the coordinator moved."""

    scope_public = True

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="requests")
    period = models.CharField(_("period"), max_length=8)
    due_date = models.DateField(_("due date"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("report request")
        verbose_name_plural = _("report requests")
        ordering = ["-due_date", "dataset"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "period"], name="one_request_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.dataset.code} {self.period}: {self.due_date:%d/%m/%Y}"


class Assignment(models.Model):
    """A unit must report a dataset (from `since` until `until`, both optional)."""

    scope_path_field = "unit__path"

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["dataset", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "unit"], name="one_assignment_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.dataset.code} → {self.unit.code}"

    def covers(self, period: Period, due: datetime.date | None) -> bool:
        """In force for the period: started by its due date, not ended before it began."""
        if self.since and due and self.since > due:
            return False
        return not (self.until and self.until < period.start)


class Submission(models.Model):
    """One unit's report of one dataset for one period."""

    scope_path_field = "unit__path"

    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="submissions")
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("period"), max_length=8, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    first_submitted_at = models.DateTimeField(
        _("first submitted at"),
        null=True,
        blank=True,
        help_text=_("Timeliness is judged on the first submission, even if it was returned."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    # The free-text parts of the unit's report, gathered into the consolidated report.
    difficulties = models.TextField(_("difficulties and obstacles"), blank=True)
    proposals = models.TextField(_("proposals and recommendations"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-period", "dataset", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "unit", "period"], name="one_submission_per_period"
            )
        ]
        indexes = [models.Index(fields=["status"], name="submission_status_idx")]

    def __str__(self) -> str:
        return f"{self.dataset.code} · {self.unit.code} · {self.period}"

    # The lock: whatever the write path (service, view, admin, shell), an approved
    # submission is never saved or deleted again.
    def save(self, *args, **kwargs) -> None:
        if self._stored_status() == Status.APPROVED:
            raise SubmissionLocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._stored_status() == Status.APPROVED:
            raise SubmissionLocked()
        return super().delete(*args, **kwargs)

    def _stored_status(self) -> str | None:
        if self.pk is None:
            return None
        return type(self)._base_manager.filter(pk=self.pk).values_list("status", flat=True).first()

    # ------------------------------------------------------------ properties

    @property
    def period_obj(self) -> Period:
        return Period.parse(self.period)

    @property
    def period_label(self) -> str:
        return self.period_obj.label

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_locked(self) -> bool:
        return self.status == Status.APPROVED

    @property
    def approved_at(self) -> datetime.datetime | None:
        return self.decided_at if self.status == Status.APPROVED else None

    @property
    def approved_by(self):
        return self.decided_by if self.status == Status.APPROVED else None

    def timeliness(self, today: datetime.date | None = None) -> str:
        """On time / late by the first submission against the due date; missing when
        nothing was delivered and the due day has passed; pending before it."""
        return timeliness_of(self.status, self.first_submitted_at, self.due_date, today)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.timeliness(today) == Timeliness.MISSING


def timeliness_of(
    status: str | None,
    first_submitted_at: datetime.datetime | None,
    due: datetime.date | None,
    today: datetime.date | None = None,
) -> str:
    """The timeliness vocabulary for one expected report (no submission: status None)."""
    day = today or timezone.localdate()
    if status in DELIVERED_STATUSES and first_submitted_at is not None:
        delivered = timezone.localdate(first_submitted_at)
        return Timeliness.ON_TIME if due is None or delivered <= due else Timeliness.LATE
    if due is not None and day > due:
        return Timeliness.MISSING
    return Timeliness.PENDING


class SubmissionValue(models.Model):
    """The value of one indicator in a submission, with the outlier warnings found on save."""

    scope_path_field = "submission__unit__path"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.PROTECT, related_name="submission_values"
    )
    numerator = models.DecimalField(
        _("numerator"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4, null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("submitted value")
        verbose_name_plural = _("submitted values")
        ordering = ["submission", "indicator__position", "indicator__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator"], name="one_value_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.value}"

    def save(self, *args, **kwargs) -> None:
        if self._submission_locked():
            raise SubmissionLocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self._submission_locked():
            raise SubmissionLocked()
        return super().delete(*args, **kwargs)

    @property
    def comment(self) -> str:
        return self.note

    @property
    def is_empty(self) -> bool:
        return self.value is None and self.numerator is None and self.denominator is None

    def _submission_locked(self) -> bool:
        status = (
            Submission._base_manager.filter(pk=self.submission_id)
            .values_list("status", flat=True)
            .first()
        )
        return status == Status.APPROVED

    def warning_messages(self) -> list[str]:
        from hientai.reporting.validation import warning_message

        return [warning_message(item) for item in self.warnings or []]


class SubmissionEvent(AppendOnlyModel):
    """Append-only audit trail of a submission: who, when, what, from which status to which."""

    scope_path_field = "submission__unit__path"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    from_status = models.CharField(_("from status"), max_length=10, blank=True)
    to_status = models.CharField(_("to status"), max_length=10, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class ReportSigner(models.Model):
    """Who signs the reports an issuing unit sends: "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / name"."""

    scope_path_field = "unit__path"

    unit = models.OneToOneField(
        "orgs.Unit", verbose_name=_("issuing unit"), on_delete=models.CASCADE, related_name="+"
    )
    authority = models.CharField(
        _("signing authority"), max_length=100, blank=True, help_text=_("e.g. KT. GIÁM ĐỐC")
    )
    title = models.CharField(_("signer's title"), max_length=100)
    name = models.CharField(_("signer's name"), max_length=100)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("report signer")
        verbose_name_plural = _("report signers")

    def __str__(self) -> str:
        return f"{self.unit.code}: {self.title} {self.name}"


class NotificationKind(models.TextChoices):
    REPORT_DUE = "report_due", _("Report due soon")
    REPORT_OVERDUE = "report_overdue", _("Report overdue")
    REPORT_RETURNED = "report_returned", _("Report returned")
    REPORT_APPROVED = "report_approved", _("Report approved")
    TASK_DUE = "task_due", _("Task due soon")
    TASK_OVERDUE = "task_overdue", _("Task overdue")
    EXTENSION_DECIDED = "extension_decided", _("Extension decided")


class Notification(models.Model):
    """One reminder sent to one user: the inbox row, and the sent-reminder ledger. `key`
    names the reminder (kind, object, due step, user) and is unique, so however often
    `hientai remind` runs, and whatever restarts in between, a reminder goes out once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"))
    link = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.subject


class NotificationPreference(models.Model):
    """A user's choice: one e-mail per reminder (default) or one daily digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    digest = models.BooleanField(_("daily digest instead of single e-mails"), default=False)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user}: {'digest' if self.digest else 'single'}"
