"""What duplicate detection keeps: the blocking keys per profile (for the entry-time
check), the review queue of candidate pairs (with the decision "not the same person"
remembered), and each merge with what it needs to be undone."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import ScopedQuerySet


class PersonKey(models.Model):
    """One blocking key of one profile (normalise.blocking_keys), kept on every save."""

    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="dedup_keys"
    )
    key = models.CharField(max_length=190)

    class Meta:
        verbose_name = _("matching key")
        verbose_name_plural = _("matching keys")
        indexes = [models.Index(fields=["key"], name="dedup_key_idx")]
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="dedup_person_key_unique")
        ]

    def __str__(self) -> str:
        return self.key


class CandidateStatus(models.TextChoices):
    OPEN = "open", _("To review")
    MERGED = "merged", _("Merged")
    DISTINCT = "distinct", _("Not the same person")


class Candidate(models.Model):
    """Two profiles the model thinks are one person (left.pk < right.pk)."""

    scope_path_field = "left__unit__path"
    scope_owner_field = "left__user"

    left = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    right = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField(_("match probability"))
    evidence = models.JSONField(_("evidence"), default=list)
    cluster = models.CharField(_("cluster"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CandidateStatus.choices, default=CandidateStatus.OPEN
    )
    found_at = models.DateTimeField(_("found at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("duplicate candidate")
        verbose_name_plural = _("duplicate candidates")
        ordering = ["-probability", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["left", "right"], name="dedup_candidate_pair_unique"),
            models.CheckConstraint(
                condition=Q(left__lt=models.F("right")), name="dedup_candidate_ordered"
            ),
        ]
        indexes = [models.Index(fields=["status", "probability"], name="dedup_cand_status_idx")]

    def __str__(self) -> str:
        return f"{self.left_id} ~ {self.right_id} ({self.probability:.2f})"


class Merge(models.Model):
    """One merge: the absorbed profile as it was (fields, codes, every part and other
    rows that pointed at it) and the survivor's values before, so it can be undone."""

    scope_path_field = "survivor__unit__path"
    scope_owner_field = "survivor__user"

    survivor = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="dedup_merges"
    )
    absorbed_id = models.PositiveBigIntegerField(_("absorbed profile id"))
    absorbed_label = models.CharField(_("absorbed profile"), max_length=255)
    choices = models.JSONField(_("chosen values"), default=dict)
    survivor_before = models.JSONField(default=dict)
    absorbed = models.JSONField(default=dict)
    moved = models.JSONField(default=dict)  # model label -> ids moved onto the survivor
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("profile merge")
        verbose_name_plural = _("profile merges")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.absorbed_label} → {self.survivor_id}"
