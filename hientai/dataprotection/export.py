"""A data subject's copy of their data: every part of the profile, its whole history,
the legal bases and consents, their requests and who saw their data, as JSON or XLSX.

Both files come from one dictionary (`subject_data`), so they hold the same facts.
Producing a file shows personal data unmasked: it is logged in the access log.
"""

from __future__ import annotations

import datetime
import decimal
import io
import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.accounts.scoping import can_edit
from hientai.dataprotection.models import (
    BasisRecord,
    DataSubjectRequest,
    EventAction,
    PrivacyEvent,
)
from hientai.dataprotection.roles import is_handler
from hientai.registry.history import PERSON_M2M, versioned_models
from hientai.registry.models import Person, ProfileVersion, SensitiveAccess
from hientai.registry.privacy import SENSITIVE_FIELDS, log_access

FORMAT = "hientai-subject-export/1"
FORMATS = ("json", "xlsx")
_DANGEROUS = frozenset("=+-@\t\r")
SKIPPED = {"id", "person"}


def may_export(user: Any, person: Person) -> bool:
    """Handlers, the officers who keep the profile, and the person themselves."""
    own = bool(person.user_id) and person.user_id == getattr(user, "pk", None)
    return own or is_handler(user) or can_edit(person, user)


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, models.Model):
        return str(value)
    return value


def _row(instance: models.Model) -> dict[str, Any]:
    """Every concrete field by name; related rows by their label, choices by code."""
    data: dict[str, Any] = {"id": instance.pk}
    for field in instance._meta.concrete_fields:
        if field.name in SKIPPED:
            continue
        value = getattr(instance, field.name)
        data[field.name] = _plain(value)
    return data


def _labels(instance: models.Model) -> dict[str, str]:
    """Vietnamese column labels of a model's exported fields."""
    labels = {"id": "id"}
    for field in instance._meta.concrete_fields:
        if field.name not in SKIPPED:
            labels[field.name] = str(field.verbose_name)
    return labels


def subject_data(person: Person, now: datetime.datetime) -> dict[str, Any]:
    """Everything the registry holds about `person` (nothing masked, nothing logged)."""
    profile = _row(person)
    for name in PERSON_M2M:
        profile[name] = [str(code) for code in getattr(person, name).order_by("pk")]
    parts: dict[str, list[dict[str, Any]]] = {}
    for model in versioned_models()[1:]:
        rows = model._default_manager.filter(person=person).order_by("pk")
        parts[model._meta.model_name] = [_row(row) for row in rows]
    history = [
        {
            "at": version.at.isoformat(),
            "user": version.user.get_username() if version.user_id else "",
            "reason": version.reason,
            "entity": version.entity,
            "entity_id": version.entity_id,
            "action": version.action,
            "before": version.before,
            "after": version.after,
        }
        for version in ProfileVersion.objects.filter(person=person)
        .select_related("user")
        .order_by("at", "pk")
    ]
    bases = [
        {
            "purpose": record.purpose.code,
            "purpose_name": record.purpose.name_vi,
            "legal_basis": record.purpose.basis,
            "state": record.state,
            "effective_on": record.effective_on.isoformat(),
            "notice_version": record.notice.version,
            "evidence": record.evidence,
            "note": record.note,
            "recorded_at": record.recorded_at.isoformat(),
        }
        for record in BasisRecord.objects.filter(person=person)
        .select_related("purpose", "notice")
        .order_by("recorded_at", "pk")
    ]
    requests = [
        {
            "reference": request.reference,
            "kind": request.kind,
            "received_at": request.received_at.isoformat(),
            "due_at": request.due_at.isoformat(),
            "status": request.status,
            "outcome": request.outcome,
        }
        for request in DataSubjectRequest.objects.filter(person=person).order_by("received_at")
    ]
    accesses = [
        {
            "at": access.at.isoformat(),
            "user": access.user.get_username(),
            "fields": access.fields,
            "channel": access.channel,
        }
        for access in SensitiveAccess.objects.filter(person=person)
        .select_related("user")
        .order_by("at", "pk")
    ]
    return {
        "format": FORMAT,
        "generated_at": now.isoformat(),
        "person": profile,
        "parts": parts,
        "history": history,
        "legal_bases": bases,
        "requests": requests,
        "access_log": accesses,
    }


def export_subject(
    person: Person,
    user: Any,
    fmt: str,
    *,
    now: datetime.datetime,
    request: DataSubjectRequest | None = None,
) -> bytes:
    """The file for the data subject; the access log and the trail record it."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    if not may_export(user, person):
        raise PermissionDenied(_("You may not export this person's data."))
    with transaction.atomic():
        shown = [name for name in SENSITIVE_FIELDS if getattr(person, name, None)]
        log_access(person, user, ["profile", *shown], f"privacy-export-{fmt}")
        PrivacyEvent.objects.create(
            at=now,
            actor=user if getattr(user, "is_authenticated", False) else None,
            action=EventAction.EXPORTED,
            person_id=person.pk,
            request=request,
            detail={"format": fmt},
        )
        data = subject_data(person, now)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    return _xlsx(person, data)


def _text(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _cell(worksheet: Any, value: Any) -> Any:
    """A string a spreadsheet would run as a formula becomes an explicit string cell."""
    value = _text(value)
    if isinstance(value, str) and value and value[0] in _DANGEROUS:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(worksheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Sheet"
    base, number = name, 2
    while name in used:
        suffix = f" {number}"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    used.add(name)
    return name


def _xlsx(person: Person, data: dict[str, Any]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    used: set[str] = set()
    with translation.override("vi"):

        def table(title: str, header: list[str], rows: list[list[Any]]) -> None:
            sheet = workbook.create_sheet(_sheet_name(title, used))
            sheet.append(header)
            for row in rows:
                sheet.append([_cell(sheet, value) for value in row])

        labels = _labels(person)
        labels.update({name: str(person._meta.get_field(name).verbose_name) for name in PERSON_M2M})
        table(
            _("Profile"),
            [_("Field"), _("Name"), _("Value")],
            [[key, labels.get(key, key), value] for key, value in data["person"].items()],
        )
        for model in versioned_models()[1:]:
            name = model._meta.model_name
            columns = list(_labels(model()).keys())
            header = [_labels(model())[column] for column in columns]
            table(
                str(model._meta.verbose_name_plural),
                header,
                [[row.get(column) for column in columns] for row in data["parts"][name]],
            )
        history_rows = []
        for entry in data["history"]:
            before, after = entry["before"] or {}, entry["after"] or {}
            changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
            for field in changed or [""]:
                history_rows.append(
                    [
                        entry["at"],
                        entry["user"],
                        entry["reason"],
                        entry["entity"],
                        entry["entity_id"],
                        entry["action"],
                        field,
                        before.get(field) if field else None,
                        after.get(field) if field else None,
                    ]
                )
        table(
            _("History"),
            [
                _("At"),
                _("User"),
                _("Reason"),
                _("Record"),
                _("Record id"),
                _("Action"),
                _("Field"),
                _("Before"),
                _("After"),
            ],
            history_rows,
        )
        for title, key in (
            (_("Legal bases and consents"), "legal_bases"),
            (_("Requests"), "requests"),
            (_("Access log"), "access_log"),
        ):
            rows = data[key]
            header = list(rows[0].keys()) if rows else []
            table(title, header, [list(row.values()) for row in rows])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
