"""Support cases for foreign experts and overseas Vietnamese (issue 18 item 4).

Case types and their step templates are data (a data migration loads the usual ones;
the admin changes them). A case copies its type's steps when opened, so a later change
of the template never rewrites a case under way.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hientai.accounts.scoping import ScopedQuerySet


class CaseType(models.Model):
    scope_public = True

    code = models.CharField(_("code"), max_length=30, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("case type")
        verbose_name_plural = _("case types")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name_vi


class StepTemplate(models.Model):
    case_type = models.ForeignKey(CaseType, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("step"), max_length=255)
    lead_unit = models.CharField(_("lead unit"), max_length=255)
    sla_days = models.PositiveSmallIntegerField(_("time limit (days)"))
    working_days = models.BooleanField(_("working days"), default=True)

    class Meta:
        verbose_name = _("step template")
        verbose_name_plural = _("step templates")
        ordering = ["case_type", "position"]
        constraints = [
            models.UniqueConstraint(fields=["case_type", "position"], name="support_step_order")
        ]

    def __str__(self) -> str:
        return self.name


class CaseStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("support case", "open")
    CLOSED = "closed", pgettext_lazy("support case", "closed")


class SupportCase(models.Model):
    scope_path_field = "unit__path"
    scope_extra_path_fields = ("coordinating_units__path",)

    case_type = models.ForeignKey(
        CaseType, verbose_name=_("case type"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_cases",
    )
    # A foreign expert not (yet) in the registry: the few facts the papers need.
    expert_name = models.CharField(_("expert's name"), max_length=200, blank=True)
    expert_nationality = models.CharField(_("nationality"), max_length=100, blank=True)
    passport_number = models.CharField(_("passport number"), max_length=30, blank=True)
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+"
    )
    coordinating_units = models.ManyToManyField(
        "orgs.Unit", verbose_name=_("coordinating units"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("support case")
        verbose_name_plural = _("support cases")
        ordering = ["-opened_on", "-pk"]
        indexes = [models.Index(fields=["status", "unit"], name="support_case_status_idx")]

    def __str__(self) -> str:
        return f"{self.case_type} – {self.subject_name}"

    @property
    def subject_name(self) -> str:
        return self.person.full_name if self.person_id and self.person else self.expert_name


class CaseStep(models.Model):
    case = models.ForeignKey(SupportCase, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("step"), max_length=255)
    lead_unit = models.CharField(_("lead unit"), max_length=255)
    sla_days = models.PositiveSmallIntegerField(_("time limit (days)"))
    working_days = models.BooleanField(_("working days"), default=True)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")
        ordering = ["case", "position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "position"], name="support_case_step_order")
        ]

    def __str__(self) -> str:
        return self.name

    def on_time(self) -> bool | None:
        if self.done_on is None:
            return None
        return self.done_on <= self.due_on

    def overdue(self, today: datetime.date) -> bool:
        return self.done_on is None and self.due_on < today
