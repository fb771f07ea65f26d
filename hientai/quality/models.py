"""Stored results of the data-quality engine: one row per finding on a profile.

The engine replaces a person's rows (and `Person.quality_score`) whenever the
profile is saved or a batch runs, so the table is always derived data: it can
be rebuilt at any time with `hientai quality`.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import ScopedQuerySet


class Family(models.TextChoices):
    """The four families of the "đúng – đủ – sạch – sống" slogan (GLOSSARY)."""

    CORRECT = "correct", _("Correct")
    COMPLETE = "complete", _("Complete")
    CLEAN = "clean", _("Clean")
    LIVE = "live", _("Live")


class Severity(models.TextChoices):
    ERROR = "error", _("Error")
    WARNING = "warning", _("Warning")


class QualityIssue(models.Model):
    """One finding of one rule on one profile (or one record of the profile)."""

    scope_path_field = "person__unit__path"
    scope_owner_field = "person__user"

    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="quality_issues",
    )
    rule = models.CharField(_("rule"), max_length=64)
    family = models.CharField(_("family"), max_length=10, choices=Family.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    field = models.CharField(_("field"), max_length=64, blank=True)
    params = models.JSONField(_("message parameters"), default=dict, blank=True)
    suggested = models.CharField(_("suggested value"), max_length=255, blank=True)
    detected_at = models.DateTimeField(_("detected at"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("data-quality issue")
        verbose_name_plural = _("data-quality issues")
        ordering = ["severity", "person", "rule", "pk"]
        indexes = [
            # The worklist pages findings by keyset on (severity, id).
            models.Index(fields=["severity", "id"], name="quality_severity_id_idx"),
            models.Index(fields=["person", "rule"], name="quality_person_rule_idx"),
            models.Index(fields=["rule"], name="quality_rule_idx"),
            models.Index(fields=["family", "severity"], name="quality_family_severity_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.rule}"

    @property
    def message(self) -> str:
        """The explanation in the active language."""
        from hientai.quality.rules import explain

        return explain(self.rule, self.params, self.field)

    @property
    def family_label(self) -> str:
        return str(Family(self.family).label) if self.family in Family.values else self.family

    @property
    def severity_label(self) -> str:
        if self.severity in Severity.values:
            return str(Severity(self.severity).label)
        return self.severity


class UnitQuality(models.Model):
    """The profiles a unit itself manages (not its subtree): how many, how many scored and
    the sum of their scores — kept by the engine (`quality.summary`) whenever it writes."""

    unit = models.OneToOneField(
        "orgs.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    unit_path = models.CharField(_("path"), max_length=512)
    people = models.PositiveIntegerField(_("profiles"), default=0)
    scored = models.PositiveIntegerField(_("scored profiles"), default=0)
    score_total = models.BigIntegerField(_("sum of scores"), default=0)

    class Meta:
        verbose_name = _("unit quality summary")
        verbose_name_plural = _("unit quality summaries")
        indexes = [
            models.Index(
                fields=["unit_path"], name="quality_unit_path", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_path}: {self.scored}/{self.people}"


class RuleCount(models.Model):
    """The findings of one rule on the profiles a unit itself manages (kept like
    `UnitQuality`)."""

    unit = models.ForeignKey(
        "orgs.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    unit_path = models.CharField(_("path"), max_length=512)
    rule = models.CharField(_("rule"), max_length=64)
    family = models.CharField(_("family"), max_length=10, choices=Family.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    issues = models.PositiveIntegerField(_("issues"), default=0)

    class Meta:
        verbose_name = _("rule count")
        verbose_name_plural = _("rule counts")
        indexes = [
            models.Index(
                fields=["unit_path"],
                name="quality_rulecount_path",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["unit"], name="quality_rulecount_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_path} {self.rule}: {self.issues}"
