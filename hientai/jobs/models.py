"""A background job: one row per piece of work a worker runs (an import, an export...).

The row is the status the user sees. The work itself is a django-tasks-db task
(`jobs.tasks.run_job`) that the worker claims; `task_result_id` links the two.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import ScopedQuerySet


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


FINISHED = {JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED}


class Job(models.Model):
    # Officers see the jobs of their units; the owner reaches their own (experts).
    scope_path_field = "unit__path"
    scope_owner_field = "user"

    kind = models.CharField(_("kind"), max_length=64)
    status = models.CharField(
        _("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress_done = models.BigIntegerField(_("done"), default=0)
    progress_total = models.BigIntegerField(_("total"), null=True, blank=True)
    phase = models.CharField(_("phase"), max_length=64, blank=True)
    message = models.TextField(_("message"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="jobs",
        verbose_name=_("submitted by"),
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("unit"),
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # Paths relative to the jobs folder (settings.JOBS_DIR, default VAR_DIR/jobs).
    input_path = models.CharField(_("input file"), max_length=500, blank=True)
    input_name = models.CharField(_("file name"), max_length=255, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    # Output files of the job by key ("report_xlsx", "report_json", "export"): relative paths.
    files = models.JSONField(_("files"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    worker_pid = models.IntegerField(_("worker process"), null=True, blank=True)
    worker_host = models.CharField(_("worker host"), max_length=255, blank=True)
    task_result_id = models.CharField(_("task"), max_length=64, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["status"], name="job_status_idx")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return max(0, min(100, round(100 * self.progress_done / self.progress_total)))
