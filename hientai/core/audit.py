"""The one audit trail: `record()` is what every service calls, inside its own transaction,
after checking scope and before running its after-save hooks.

This module is in the base layer: it knows nothing of users, units or people beyond
their attributes (a user's username, a unit's code and path), so every app may call it.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from hientai.core.models import AuditEntry


class Action:
    """The actions services record (free text is allowed; these are the common ones)."""

    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    STATUS = "status"
    MERGE = "merge"
    RENAME = "rename"
    CLOSE = "close"
    IMPORT = "import"
    ASSIGN_ROLE = "assign_role"
    REVOKE_ROLE = "revoke_role"
    REQUEST_REPORT = "request_report"


def plain(value: Any) -> Any:
    """A JSON-friendly copy of a field value."""
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return value


def snapshot(instance: models.Model | None, exclude: Iterable[str] = ()) -> dict[str, Any] | None:
    """The concrete fields of a row (foreign keys as ids), for `before` and `after`."""
    if instance is None:
        return None
    skipped = {"id", "created_at", "updated_at", *exclude}
    return {
        field.attname: plain(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.name not in skipped and field.attname not in skipped
    }


def stored[M: models.Model](instance: M) -> M | None:
    """The row as it is in the database now (None for a new object): the `before`."""
    if instance.pk is None:
        return None
    return type(instance)._default_manager.filter(pk=instance.pk).first()


def only_changes(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Keep only the fields that differ (a created or deleted row keeps everything)."""
    if before is None or after is None:
        return before, after
    keys = {key for key in set(before) | set(after) if before.get(key) != after.get(key)}
    return ({key: before.get(key) for key in keys}, {key: after.get(key) for key in keys})


def actor_name(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return ""
    # Vietnamese order: family name first ("Trần Minh Khoa"), not Django's given-first.
    parts = (getattr(user, "last_name", ""), getattr(user, "first_name", ""))
    full = " ".join(part for part in parts if part)
    username = user.get_username()
    return f"{full} ({username})"[:150] if full else username[:150]


def record(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    object_type: str = "",
    object_id: Any = "",
    label: str = "",
    unit: Any = None,
    person_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    channel: str = "",
    at: datetime.datetime | None = None,
    changes_only: bool = True,
) -> AuditEntry:
    """Append one audit row. Call it inside the transaction of the change it records, so
    the row and the change commit or roll back together.

    `unit` is anything with `code` and `path` (the unit the object belongs to, or the unit
    the action is about); they are copied as text so the row outlives the unit.
    """
    if changes_only:
        before, after = only_changes(before, after)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        label = label or str(obj)
    user = actor if getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        at=at or timezone.now(),
        actor=user,
        actor_name=actor_name(user),
        action=action[:40],
        object_type=object_type[:60],
        object_id="" if object_id in (None, "") else str(object_id)[:64],
        object_label=(label or "")[:255],
        person_id=person_id,
        unit_code=(getattr(unit, "code", "") or "")[:64],
        unit_path=(getattr(unit, "path", "") or "")[:512],
        channel=channel[:20],
        before=plain(before) if before is not None else None,
        after=plain(after) if after is not None else None,
        reason=(reason or "")[:255],
    )
    entry.save()
    return entry
