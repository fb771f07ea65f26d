"""The audit trail of imports: who imported which file when, with what outcome, and which
profiles each import created or changed.

Only committed imports leave an ImportBatch: a dry run or a rejected file writes nothing
at all (the batch row is written in the import's own transaction)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import ScopedQuerySet


class ImportBatch(models.Model):
    """One committed import of a people file."""

    scope_path_field = "unit__path"
    scope_owner_field = "user"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the system imported the file (a command run without --as)."),
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("default unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    format = models.CharField(_("format"), max_length=10)
    encoding = models.CharField(_("encoding"), max_length=40, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    warnings = models.PositiveIntegerField(_("warnings"), default=0)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.started_at:%Y-%m-%d %H:%M})"


class ImportedPerson(models.Model):
    """A profile an import created or changed (unchanged rows are not linked)."""

    class Action(models.TextChoices):
        CREATED = "created", _("created")
        UPDATED = "updated", _("updated")

    scope_path_field = "person__unit__path"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="people")
    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="import_links"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    row = models.PositiveIntegerField(_("row"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("imported profile")
        verbose_name_plural = _("imported profiles")
        ordering = ["batch", "row"]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row} {self.action} {self.person_id}"


class SourceRecordId(models.Model):
    """The record number a source system gave a profile ("Mã hồ sơ", "Mã cán bộ" in an
    imported file): kept so the profile can be traced back to the officer's list."""

    scope_path_field = "person__unit__path"

    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="source_record_ids"
    )
    record_id = models.CharField(_("source record ID"), max_length=100, db_index=True)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("source record ID")
        verbose_name_plural = _("source record IDs")
        constraints = [
            models.UniqueConstraint(fields=["person", "record_id"], name="one_source_record_id")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.record_id}"
