"""Model building blocks shared by the apps, and the one audit trail every app writes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyModel(models.Model):
    """An audit trail: rows are written once and never changed."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError(_("The audit trail cannot be changed."))
        super().save(*args, **kwargs)


class AppendOnlyQuerySet(models.QuerySet):
    """No update or delete through the ORM API: a log is only ever appended to.

    (Rows that point at a deleted parent are kept by SET_NULL, never cascaded.)
    """

    def update(self, **kwargs: Any) -> int:
        raise ValidationError(_("The audit trail cannot be changed."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ValidationError(_("The audit trail cannot be changed."))

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise ValidationError(_("The audit trail cannot be changed."))

    def update_or_create(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError(_("The audit trail cannot be changed."))


class StrictAppendOnlyModel(AppendOnlyModel):
    """Append-only, and rows cannot be deleted one by one either."""

    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ValidationError(_("The audit trail cannot be changed."))


class AuditEntry(StrictAppendOnlyModel):
    """One change made through a service, in any app: who, what, on which object, where,
    before and after, why. Written in the same transaction as the change.

    The actor, the object and the unit are also kept as text, so a row still reads
    when the user, the object or the unit is gone (closed units keep their code/path).
    Domain histories (profile versions, submission events, plan events) stay where they
    are the domain; every service writes a row here too, so one page shows everything.
    """

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=255, blank=True)
    # The person concerned (a profile or one of its parts), kept as a number: it outlives them.
    person_id = models.PositiveBigIntegerField(_("person id"), null=True, blank=True)
    unit_code = models.CharField(_("unit code"), max_length=64, blank=True)
    unit_path = models.CharField(_("unit path"), max_length=512, blank=True)
    channel = models.CharField(_("channel"), max_length=20, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["person_id", "at"], name="audit_person_idx"),
            models.Index(fields=["actor", "at"], name="audit_actor_idx"),
            models.Index(
                fields=["unit_path"], name="audit_unit_path_idx", opclasses=["text_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_type}"

    def changed_fields(self) -> list[str]:
        before, after = self.before or {}, self.after or {}
        return sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))
