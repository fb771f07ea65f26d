"""The national exchange (docs/INTEROP.md): incremental push of changed profiles to the
configured endpoints in batches, with retries and backoff, the endpoint's acknowledgement
per record, a watermark that moves only over acknowledged records; the element mapping
(kept as data) applied to every record; the import of the national system's records.

Who is sent. Only people for whom the purpose `national_database` may be pursued (the
personal-data ledger of hientai.dataprotection, an app above this one: it registers the
check with `register_sharing_check`). With no check registered nothing is sent.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from hientai.accounts.scoping import scope_for
from hientai.core import audit
from hientai.exchange import interop as doc
from hientai.exchange.errors import ImportFileError
from hientai.exchange.export import ExportSource
from hientai.interop.models import (
    ElementMapping,
    Endpoint,
    Push,
    PushStatus,
    RecordStatus,
    SentRecord,
)
from hientai.registry.models import AccessChannel, Person, ProfileVersion
from hientai.registry.privacy import log_accesses

logger = logging.getLogger(__name__)

PURPOSE = "national_database"
ACK_SCHEMA = "hientai-interop-ack"
RECORD_PREFIX = "hientai:"

# --------------------------------------------------------------------- hooks

SharingCheck = Callable[[list[int], str], set[int]]
_sharing_checks: list[SharingCheck] = []


def register_sharing_check(check: SharingCheck) -> None:
    """`check(person_ids, purpose_code)` returns the ids that may be shared for it."""
    if check not in _sharing_checks:
        _sharing_checks.append(check)


def shareable(person_ids: list[int]) -> set[int]:
    """The people of `person_ids` that may be sent to the national system (none without a
    registered check: failing closed)."""
    if not _sharing_checks:
        return set()
    allowed = set(person_ids)
    for check in _sharing_checks:
        allowed &= check(person_ids, PURPOSE)
    return allowed


# --------------------------------------------------------------------- who may do what


def may_manage(user: Any) -> bool:
    """Coordinators and administrators run the exchange and edit its data."""
    return scope_for(user).city_wide


def _check_manager(user: Any) -> None:
    if not may_manage(user):
        raise PermissionDenied


# --------------------------------------------------------------------- mapping


def _value_at(person: dict, path: str) -> Any:
    value: Any = person
    for key in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def national_elements(person: dict, mappings: Iterable[ElementMapping]) -> dict[str, Any]:
    """The national data elements of an interop person object, per the mapping table."""
    elements: dict[str, Any] = {}
    for row in mappings:
        if row.active:
            value = _value_at(person, row.source)
            if value not in (None, "", []):
                elements[row.element] = value
    return elements


def save_mapping(user: Any, mapping: ElementMapping | None, **values: Any) -> ElementMapping:
    """Create or change one mapping row (coordinators; audited)."""
    _check_manager(user)
    source = str(values.get("source") or "").strip()
    if not source or any(not part for part in source.split(".")):
        raise ValidationError(_("Give the registry field as a path such as 'name.full'."))
    if not str(values.get("element") or "").strip():
        raise ValidationError(_("Give the code of the national element."))
    clash = ElementMapping.objects.filter(source=source)
    if mapping is not None:
        clash = clash.exclude(pk=mapping.pk)
    if clash.exists():
        raise ValidationError(_("The field '%(source)s' is already mapped.") % {"source": source})
    with transaction.atomic():
        before = _mapping_values(ElementMapping.objects.get(pk=mapping.pk)) if mapping else None
        if mapping is None:
            mapping = ElementMapping()
        for name, value in values.items():
            setattr(mapping, name, value.strip() if isinstance(value, str) else value)
        mapping.source = source
        mapping.save()
        audit.record(
            user, "interop.mapping", mapping, before=before, after=_mapping_values(mapping)
        )
    return mapping


def _mapping_values(mapping: ElementMapping) -> dict[str, Any]:
    return {
        name: getattr(mapping, name)
        for name in ("source", "element", "label_vi", "reference", "verified", "required", "active")
    }


def save_endpoint(user: Any, endpoint: Endpoint | None, **values: Any) -> Endpoint:
    """Create or change an endpoint (coordinators; audited). Secrets stay in the
    environment: only the name of the variable is stored."""
    _check_manager(user)
    url = str(values.get("url") or "")
    if not url.startswith(("https://", "http://")):
        raise ValidationError(_("The address must start with https://."))
    if (
        url.startswith("http://")
        and not settings.DEBUG
        and not getattr(settings, "INTEROP_ALLOW_HTTP", False)
    ):
        raise ValidationError(_("The address must start with https://."))
    with transaction.atomic():
        before = _endpoint_values(Endpoint.objects.get(pk=endpoint.pk)) if endpoint else None
        if endpoint is None:
            endpoint = Endpoint()
        for name, value in values.items():
            setattr(endpoint, name, value)
        endpoint.full_clean()
        endpoint.save()
        audit.record(
            user, "interop.endpoint", endpoint, before=before, after=_endpoint_values(endpoint)
        )
    return endpoint


def _endpoint_values(endpoint: Endpoint) -> dict[str, Any]:
    return {
        name: getattr(endpoint, name)
        for name in ("name", "url", "token_env", "batch_size", "max_attempts", "active")
    }


# --------------------------------------------------------------------- what to send


def _after_watermark(endpoint: Endpoint) -> Q:
    return Q(changed__gt=endpoint.watermark_at) | Q(
        changed=endpoint.watermark_at, pk__gt=endpoint.watermark_pk
    )


def with_version(people: Any) -> Any:
    """People annotated with `changed`, the version of the whole profile: the later of the
    person row's `updated_at` and its last history entry (a part saved on its own —
    a qualification, a publication — writes a version but leaves `updated_at`)."""
    last = ProfileVersion.objects.filter(person=OuterRef("pk")).order_by("-at").values("at")[:1]
    return people.annotate(
        changed=Greatest(F("updated_at"), Coalesce(Subquery(last), F("updated_at")))
    )


def _scan(
    endpoint: Endpoint,
) -> tuple[list[tuple[int, datetime.datetime]], set[tuple[int, datetime.datetime]]]:
    """(person id, version) after the watermark or still waiting, in (version, id)
    order, and the pairs of them already acknowledged."""
    waiting = SentRecord.objects.filter(
        endpoint=endpoint, status__in=[RecordStatus.UNANSWERED, RecordStatus.WITHHELD]
    ).values("person_id")
    people = with_version(Person.objects.all())
    if endpoint.watermark_at is not None:
        people = people.filter(_after_watermark(endpoint) | Q(pk__in=waiting))
    rows = list(people.order_by("changed", "pk").values_list("pk", "changed"))
    done = set(
        SentRecord.objects.filter(
            endpoint=endpoint, status__in=[RecordStatus.ACCEPTED, RecordStatus.REJECTED]
        ).values_list("person_id", "version")
    )
    return rows, done


def candidates(endpoint: Endpoint) -> list[tuple[int, datetime.datetime]]:
    """(person id, version) to send, in (version, id) order: changed since the watermark,
    or still waiting (not acknowledged, withheld) — minus the versions already
    acknowledged (a re-push sends nothing twice)."""
    rows, done = _scan(endpoint)
    return [row for row in rows if row not in done]


def record_id(person_id: int) -> str:
    return f"{RECORD_PREFIX}{person_id}"


def batch_document(
    people: list[dict], *, endpoint: Endpoint, batch_id: str, now: datetime.datetime
) -> dict:
    """The envelope of one batch (docs/INTEROP.md)."""
    document = doc.document(people, generated_at=now)
    document["batch"] = {
        "id": batch_id,
        "sender": getattr(settings, "INTEROP_SENDER", "hientai-dong-nai"),
        "endpoint": endpoint.name,
        "since": endpoint.watermark_at.isoformat() if endpoint.watermark_at else None,
        "count": len(people),
    }
    return document


# --------------------------------------------------------------------- the push


class PushError(Exception):
    """A push that could not run at all (message for the user)."""


@dataclass
class _Batch:
    batch_id: str
    people: list[dict]
    versions: dict[str, tuple[int, datetime.datetime]]  # record id -> (person id, version)
    seen: list[tuple[int, list[str]]] = field(default_factory=list)


def backoff_seconds() -> float:
    return float(getattr(settings, "INTEROP_BACKOFF_SECONDS", 2.0))


def timeout_seconds() -> float:
    return float(getattr(settings, "INTEROP_TIMEOUT_SECONDS", 30.0))


def _post(
    endpoint: Endpoint, body: bytes, batch_id: str, push: Push, sleep: Callable[[float], Any]
) -> tuple[dict | None, str]:
    """POST one batch, retrying transient failures (no connection, timeout, 429, 5xx)
    with exponential backoff. Returns (acknowledgement, problem)."""
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Accept": "application/json",
        "Idempotency-Key": batch_id,
    }
    token = os.environ.get(endpoint.token_env or "", "")
    if token:
        headers["Authorization"] = f"Bearer {token}"
    problem = ""
    attempts = max(1, endpoint.max_attempts)
    for attempt in range(attempts):
        if attempt:
            sleep(backoff_seconds() * 2 ** (attempt - 1))
        push.attempts += 1
        try:
            response = requests.post(
                endpoint.url, data=body, headers=headers, timeout=timeout_seconds()
            )
        except requests.RequestException as error:
            problem = _("No answer from the endpoint (%(error)s).") % {
                "error": type(error).__name__
            }
            continue
        if response.status_code == 429 or response.status_code >= 500:
            problem = _("The endpoint answered %(status)s.") % {"status": response.status_code}
            continue
        if response.status_code >= 400:
            return None, _("The endpoint refused the batch (%(status)s): %(text)s") % {
                "status": response.status_code,
                "text": response.text[:200],
            }
        try:
            ack = response.json()
        except ValueError:
            return None, _("The endpoint's answer is not JSON.")
        if not isinstance(ack, dict) or not isinstance(ack.get("results"), list):
            return None, _("The endpoint's answer has no 'results' list.")
        return ack, ""
    return None, problem


def _read_ack(ack: dict) -> dict[str, tuple[str, str, str]]:
    """record id -> (status, reason, national id) of a valid acknowledgement."""
    out: dict[str, tuple[str, str, str]] = {}
    for item in ack.get("results") or []:
        if not isinstance(item, dict):
            continue
        status = str(item.get("status") or "")
        if status not in (RecordStatus.ACCEPTED, RecordStatus.REJECTED):
            continue
        out[str(item.get("record_id"))] = (
            status,
            str(item.get("reason") or "")[:2000],
            str(item.get("national_id") or "")[:80],
        )
    return out


def _store(
    endpoint: Endpoint,
    push: Push,
    person_id: int,
    version: datetime.datetime,
    status: str,
    reason: str = "",
    national_id: str = "",
) -> None:
    defaults: dict[str, Any] = {
        "record_id": record_id(person_id),
        "version": version,
        "status": status,
        "reason": reason,
        "push": push,
        "at": push.started_at,
    }
    if national_id:
        defaults["national_id"] = national_id
    SentRecord.objects.update_or_create(endpoint=endpoint, person_id=person_id, defaults=defaults)


def _batches(
    endpoint: Endpoint, todo: list[tuple[int, datetime.datetime]], now: datetime.datetime
) -> Iterable[_Batch]:
    mappings = list(ElementMapping.objects.all())
    size = max(1, endpoint.batch_size)
    for start in range(0, len(todo), size):
        chunk = todo[start : start + size]
        version_of = dict(chunk)
        source = ExportSource(
            Person.objects.filter(pk__in=list(version_of)), None, channel=AccessChannel.EXPORT
        )
        batch = _Batch(batch_id=str(uuid.uuid4()), people=[], versions={})
        for row, record, masked in source.records():
            pid = row["id"]
            person = doc.record_to_interop(record, source.labels, masked)
            rid = record_id(pid)
            version = version_of[pid]
            person = {
                "record_id": rid,
                "operation": "upsert",
                "changed_at": version.isoformat(),
                "national": national_elements(person, mappings),
                **person,
            }
            batch.people.append(person)
            batch.versions[rid] = (pid, version)
        batch.seen = list(source.seen)
        yield batch


def push(
    endpoint: Endpoint,
    *,
    user: Any = None,
    now: datetime.datetime | None = None,
    sleep: Callable[[float], Any] = time.sleep,
) -> Push:
    """Push what changed since the endpoint's watermark; see the module docstring.
    `user` is who asked (None: the daily run)."""
    if user is not None:
        _check_manager(user)
    now = now or timezone.now()
    run = Push.objects.create(
        endpoint=endpoint, started_at=now, user=user, since=endpoint.watermark_at
    )
    rows, done = _scan(endpoint)
    todo = [row for row in rows if row not in done]
    allowed = shareable([pid for pid, _version in todo])
    withheld = [(pid, v) for pid, v in todo if pid not in allowed]
    sending = [(pid, v) for pid, v in todo if pid in allowed]
    answered: dict[int, str] = {}
    problems: list[str] = []
    with transaction.atomic():
        for pid, version in withheld:
            _store(endpoint, run, pid, version, RecordStatus.WITHHELD, _("No legal basis to share"))
    run.withheld = len(withheld)
    for batch in _batches(endpoint, sending, now):
        run.batches += 1
        body = json.dumps(
            batch_document(batch.people, endpoint=endpoint, batch_id=batch.batch_id, now=now),
            ensure_ascii=False,
        ).encode("utf-8")
        ack, problem = _post(endpoint, body, batch.batch_id, run, sleep)
        results = _read_ack(ack) if ack else {}
        if problem:
            problems.append(problem)
        with transaction.atomic():
            # The records left this server: a hand-out of personal data, logged.
            log_accesses(user, batch.seen, channel=AccessChannel.EXPORT)
            run.sent += len(batch.people)
            for rid, (pid, version) in batch.versions.items():
                status, reason, national_id = results.get(
                    rid, (RecordStatus.UNANSWERED, problem, "")
                )
                _store(endpoint, run, pid, version, status, reason, national_id)
                answered[pid] = status
                if status == RecordStatus.ACCEPTED:
                    run.accepted += 1
                elif status == RecordStatus.REJECTED:
                    run.rejected += 1
                else:
                    run.unanswered += 1
            run.save()
    with transaction.atomic():
        _advance_watermark(endpoint, rows, done, answered, allowed)
        run.finished_at = timezone.now()
        if run.unanswered:
            run.status = (
                PushStatus.FAILED if not (run.accepted or run.rejected) else PushStatus.PARTIAL
            )
        else:
            run.status = PushStatus.DONE
        run.message = " ".join(dict.fromkeys(problems))[:2000]
        run.save()
        audit.record(
            user,
            "interop.push",
            run,
            label=f"{endpoint.name} #{run.pk}",
            after={
                name: getattr(run, name)
                for name in ("status", "sent", "accepted", "rejected", "unanswered", "withheld")
            },
            changes_only=False,
        )
    return run


def _advance_watermark(
    endpoint: Endpoint,
    rows: list[tuple[int, datetime.datetime]],
    done: set[tuple[int, datetime.datetime]],
    answered: dict[int, str],
    allowed: set[int],
) -> None:
    """Move the watermark over the leading records that were acknowledged (accepted or
    rejected, now or before) or withheld (those stay in the ledger and are checked again
    every push); it stops before the first record the endpoint did not acknowledge."""
    mark: tuple[datetime.datetime, int] | None = None
    for pid, version in rows:
        if (pid, version) in done:
            pass
        elif pid in allowed and answered.get(pid) not in (
            RecordStatus.ACCEPTED,
            RecordStatus.REJECTED,
        ):
            break
        if endpoint.watermark_at is None or (version, pid) > (
            endpoint.watermark_at,
            endpoint.watermark_pk,
        ):
            mark = (version, pid)
    if mark is not None:
        endpoint.watermark_at, endpoint.watermark_pk = mark
        Endpoint.objects.filter(pk=endpoint.pk).update(watermark_at=mark[0], watermark_pk=mark[1])


def push_all(user: Any = None, now: datetime.datetime | None = None) -> list[Push]:
    """Push to every active endpoint (the daily run)."""
    return [push(endpoint, user=user, now=now) for endpoint in Endpoint.objects.filter(active=True)]


# --------------------------------------------------------------------- receiving


SUPPORTED_MAJOR = doc.VERSION.split(".")[0]


def check_document(data: Any) -> list[dict]:
    """The people of a document of the national system in our exchange format; a clear
    error for another schema or an unsupported version."""
    if not isinstance(data, dict):
        raise ImportFileError(_("The file is not an exchange document."))
    version = str(data.get("version") or "")
    if data.get("schema") != doc.SCHEMA or version.split(".")[0] != SUPPORTED_MAJOR:
        raise ImportFileError(
            _("Unsupported exchange document: schema '%(schema)s' version '%(version)s'.")
            % {"schema": data.get("schema"), "version": version}
        )
    return doc.people_of(data)


def receive(path: Path, *, user: Any, unit_code: str | None = None, dry_run: bool = False) -> Any:
    """Import the national system's records (our exchange format) through the importer,
    with the importer's own checks, scope and audit; rows in error are left out."""
    from hientai.exchange.importer import import_people

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ImportFileError(_("The file is not valid JSON.")) from error
    check_document(data)
    return import_people(
        Path(path), user=user, unit_code=unit_code, dry_run=dry_run, valid_only=True
    )
