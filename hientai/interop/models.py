"""The national exchange (issue 19 item 4): endpoints, the element mapping kept as data,
push runs and the endpoint's acknowledgement of every record (docs/INTEROP.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Endpoint(models.Model):
    """A national system that receives our records. Its secret is never stored here: the
    token is read from the environment variable named by `token_env`."""

    scope_public = True

    name = models.CharField(_("name"), max_length=120, unique=True)
    url = models.URLField(_("address (URL)"), max_length=500)
    token_env = models.CharField(
        _("environment variable of the token"),
        max_length=80,
        default="HIENTAI_INTEROP_TOKEN",
        help_text=_("The bearer token is read from this environment variable, never stored."),
    )
    batch_size = models.PositiveIntegerField(_("records per batch"), default=100)
    max_attempts = models.PositiveSmallIntegerField(_("attempts per batch"), default=4)
    active = models.BooleanField(_("active (pushed every day)"), default=True)
    # The watermark: every record changed up to (at, pk) has been acknowledged.
    watermark_at = models.DateTimeField(_("watermark"), null=True, blank=True)
    watermark_pk = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("national endpoint")
        verbose_name_plural = _("national endpoints")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ElementMapping(models.Model):
    """One row of the mapping from a field of the registry (a path in the interop person
    object) to a data element of the national system; the export follows it."""

    scope_public = True

    source = models.CharField(_("registry field (path)"), max_length=120, unique=True)
    element = models.CharField(_("national element code"), max_length=80)
    label_vi = models.CharField(_("element name (Vietnamese)"), max_length=200)
    reference = models.CharField(_("legal reference"), max_length=200, blank=True)
    verified = models.BooleanField(_("verified against the annex"), default=False)
    required = models.BooleanField(_("required by the national system"), default=False)
    active = models.BooleanField(_("sent"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("element mapping")
        verbose_name_plural = _("element mappings")
        ordering = ["order", "source"]

    def __str__(self) -> str:
        return f"{self.source} → {self.element}"


class PushStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    PARTIAL = "partial", _("Partly acknowledged")
    FAILED = "failed", _("Failed")


class Push(models.Model):
    """One push run to one endpoint."""

    scope_public = True

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="pushes")
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PushStatus.choices, default=PushStatus.RUNNING
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("started by"),
    )  # fmt: skip
    since = models.DateTimeField(_("changed since"), null=True, blank=True)
    batches = models.PositiveIntegerField(_("batches"), default=0)
    attempts = models.PositiveIntegerField(_("requests"), default=0)
    sent = models.PositiveIntegerField(_("sent"), default=0)
    accepted = models.PositiveIntegerField(_("accepted"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    unanswered = models.PositiveIntegerField(_("not acknowledged"), default=0)
    withheld = models.PositiveIntegerField(_("withheld (no legal basis)"), default=0)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("push")
        verbose_name_plural = _("pushes")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.endpoint_id} #{self.pk} {self.status}"


class RecordStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    UNANSWERED = "unanswered", _("Not acknowledged")
    WITHHELD = "withheld", _("Withheld (no legal basis)")


class SentRecord(models.Model):
    """The latest state of one person at one endpoint: which version (the profile's
    version: `updated_at` or its last history entry) was sent and what the endpoint answered."""

    scope_path_field = "person__unit__path"

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="records")
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    record_id = models.CharField(_("record id"), max_length=80)
    version = models.DateTimeField(_("version sent"))
    status = models.CharField(_("status"), max_length=12, choices=RecordStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    national_id = models.CharField(_("national id"), max_length=80, blank=True)
    push = models.ForeignKey(Push, on_delete=models.SET_NULL, null=True, related_name="records")
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("sent record")
        verbose_name_plural = _("sent records")
        ordering = ["-at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "person"], name="interop_sent_once")
        ]

    def __str__(self) -> str:
        return f"{self.record_id} {self.status}"
