"""Opportunities and nominations (issue 18 item 3).

- `Opportunity`: a scholarship, training programme or call, kept by a unit (its officers and
  the coordinator write it); `published` ones are open to the later public portal.
- `EligibilityRule`: one condition as DATA (a profile fact, an operator, a value and the
  reason shown in Vietnamese), edited by the coordinator; every change bumps `version` and
  writes an audit row. Opportunities pick the rules that apply to them.
- `Nomination`: sending an official to train for an opportunity, or proposing a talent for
  an honour (a free-text programme name and a nullable generic reference: the honours app
  sits beside this one and is not imported). Its status moves only through
  `services.transition`; the eligibility result is captured at submission.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hientai.accounts.scoping import ScopedQuerySet


class OpportunityKind(models.TextChoices):
    SCHOLARSHIP = "scholarship", _("Scholarship")
    TRAINING = "training", _("Training programme")
    CALL = "call", _("Call for proposals")
    OTHER = "other", _("Other")


class SourceKind(models.TextChoices):
    EMBASSY = "embassy", _("Embassy")
    INTERNATIONAL = "international", _("International organisation")
    MINISTRY = "ministry", _("Ministry")
    CITY = "city", _("City")
    UNIVERSITY = "university", _("University or institute")
    ENTERPRISE = "enterprise", _("Enterprise")
    OTHER = "other", _("Other")


class Opportunity(models.Model):
    scope_path_field = "unit__path"

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=OpportunityKind.choices)
    source_kind = models.CharField(_("source"), max_length=20, choices=SourceKind.choices)
    source_name = models.CharField(
        _("offered by"), max_length=255, blank=True, help_text=_("e.g. the Embassy of Japan")
    )
    country = models.ForeignKey(
        "catalogs.Code",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"scheme__key": "country", "scheme__is_current": True},
    )
    st_fields = models.ManyToManyField(
        "catalogs.Code",
        verbose_name=_("S&T fields"),
        related_name="+",
        limit_choices_to={"scheme__key": "st_field", "scheme__is_current": True},
        blank=True,
    )
    technologies = models.ManyToManyField(
        "catalogs.Code",
        verbose_name=_("strategic technologies"),
        related_name="+",
        limit_choices_to={"scheme__key": "strategic_technology", "scheme__is_current": True},
        blank=True,
    )
    keywords = models.CharField(
        _("expertise sought"),
        max_length=500,
        blank=True,
        help_text=_("Words the expert finder looks for, e.g. “bán dẫn, vi mạch”."),
    )
    deadline = models.DateField(_("application deadline"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    eligibility = models.TextField(_("eligibility (as published)"), blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("web page"), blank=True)
    rules: models.ManyToManyField[EligibilityRule, Any] = models.ManyToManyField(
        "EligibilityRule", verbose_name=_("eligibility rules"), related_name="opportunities",
        blank=True,
    )  # fmt: skip
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown on the public portal while open.")
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("managing unit"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit whose officers keep this record."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["published", "deadline"], name="opp_published_idx")]

    def __str__(self) -> str:
        return self.title

    def is_open(self, on: datetime.date) -> bool:
        return self.deadline is None or self.deadline >= on


class Fact(models.TextChoices):
    """Profile facts a rule may test (computed by `eligibility.facts`)."""

    AGE = "age", _("Age (years)")
    DEGREE = "degree", _("Highest degree (VQF level: 6 university, 7 master, 8 doctorate)")
    SERVICE_YEARS = "service_years", _("Years of service")
    LANGUAGE = "language", _("Best foreign-language level (CEFR 1 = A1 … 6 = C2)")
    PUBLIC_OFFICIAL = "public_official", _("Is a public official or employee")
    DISCIPLINED = "disciplined", _("Under disciplinary measures")
    FIELD_MATCH = "field_match", _("Expertise matches the opportunity's fields")
    ABROAD = "abroad", _("Lives abroad")
    GENDER = "gender", _("Gender")
    STATUS = "status", _("Status in the registry")


class Operator(models.TextChoices):
    LT = "lt", "<"
    LTE = "lte", "≤"
    GT = "gt", ">"
    GTE = "gte", "≥"
    EQ = "eq", "="
    NE = "ne", "≠"
    IN = "in", _("one of")
    IS_TRUE = "true", _("is yes")
    IS_FALSE = "false", _("is no")


class EligibilityRule(models.Model):
    key = models.SlugField(_("key"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    fact = models.CharField(_("fact"), max_length=30, choices=Fact.choices)
    operator = models.CharField(_("operator"), max_length=10, choices=Operator.choices)
    value = models.CharField(
        _("value"), max_length=200, blank=True,
        help_text=_("A number, or codes separated by commas for “one of”; empty for yes/no."),
    )  # fmt: skip
    message = models.CharField(
        _("reason"), max_length=300, help_text=_("Shown with the result, in Vietnamese.")
    )
    source_note = models.TextField(_("legal source"), blank=True)
    active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name


class NominationKind(models.TextChoices):
    TRAINING = "training", _("Send to train")
    HONOUR = "honour", _("Propose for an honour")


class NominationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    SENT = "sent", pgettext_lazy("nomination", "Sent")
    COMPLETED = "completed", _("Result recorded")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Nomination(models.Model):
    scope_path_field = "unit__path"

    kind = models.CharField(_("kind"), max_length=20, choices=NominationKind.choices)
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    # The person's managing unit when nominated: the scope of the nomination.
    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="nominations",
    )  # fmt: skip
    target_name = models.CharField(
        _("programme or honour"), max_length=300, blank=True,
        help_text=_("When the target is not an opportunity, e.g. an honour programme."),
    )  # fmt: skip
    # A generic reference ("honours.programme:12") for targets kept by other apps.
    target_ref = models.CharField(_("target reference"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=NominationStatus.choices,
        default=NominationStatus.DRAFT,
    )  # fmt: skip
    justification = models.TextField(_("why this person"), blank=True)
    comment = models.TextField(_("coordinator's comment"), blank=True)
    result = models.TextField(_("result"), blank=True)
    eligibility = models.JSONField(_("eligibility at submission"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["unit", "status"], name="nomination_unit_status_idx")]

    def __str__(self) -> str:
        return f"{self.person} — {self.target_label}"

    @property
    def target_label(self) -> str:
        return self.opportunity.title if self.opportunity is not None else self.target_name
