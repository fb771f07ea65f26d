"""Versioning of profiles: every change to a Person or one of its parts writes a
ProfileVersion row in the same transaction (who, when, before, after, why).

Who and why come from `recording(user, reason)`, which views, the API and
commands wrap around their writes. Signals do the rest, so no write path can
forget. Bulk loads (bulk_create) write no versions; `as_of` treats rows without
versions as unchanged since they were created.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import decimal
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone

_context: contextvars.ContextVar[tuple[Any, str] | None] = contextvars.ContextVar(
    "hientai_history", default=None
)
# M2M fields of Person that are part of its versioned state.
PERSON_M2M = ("categories", "st_fields", "strategic_technologies")


@contextlib.contextmanager
def recording(user: Any, reason: str = "") -> Iterator[None]:
    """Attribute the changes made inside the block to `user`, for `reason`."""
    token = _context.set((user if getattr(user, "is_authenticated", False) else None, reason))
    try:
        yield
    finally:
        _context.reset(token)


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The versioned state of a row: concrete fields (FKs as ids) and, for Person, its M2Ms."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in {"created_at", "updated_at", "id"}:
            continue
        data[field.attname] = _plain(getattr(instance, field.attname))
    if instance._meta.model_name == "person" and instance.pk:
        for name in PERSON_M2M:
            data[name] = sorted(getattr(instance, name).values_list("pk", flat=True))
    return data


def _person_id(instance: models.Model) -> int:
    # Every versioned part has a `person` foreign key.
    return instance.pk if instance._meta.model_name == "person" else instance.person_id  # type: ignore[attr-defined]


def _write(instance: models.Model, action: str, before: dict | None, after: dict | None) -> None:
    from hientai.registry.models import ProfileVersion

    if action == "update" and before == after:
        return
    user, reason = _context.get() or (None, "")
    ProfileVersion.objects.create(
        person_id=_person_id(instance),
        at=timezone.now(),
        user=user,
        reason=reason[:255],
        entity=cast(str, instance._meta.model_name),  # None only on abstract models
        entity_id=instance.pk,
        action=action,
        before=before,
        after=after,
    )


def _pre_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    previous = sender._default_manager.filter(pk=instance.pk).first() if instance.pk else None
    # Carried to _post_save on the instance itself.
    instance._history_before = snapshot(previous) if previous is not None else None  # type: ignore[attr-defined]


def _post_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return
    before = getattr(instance, "_history_before", None)
    _write(
        instance, "create" if created or before is None else "update", before, snapshot(instance)
    )


def _post_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if sender._meta.model_name == "person":
        return  # its versions go with it (CASCADE); deleting people is an admin-only act
    origin: Any = kwargs.get("origin")
    origin_model = origin.model if isinstance(origin, models.QuerySet) else type(origin)
    if origin is not None and origin_model._meta.model_name == "person":
        # A part deleted with its person: a version row would point at a deleted person.
        return
    _write(instance, "delete", snapshot(instance), None)


def _m2m_changed(sender: Any, instance: models.Model, action: str, **kwargs: Any) -> None:
    if instance._meta.model_name != "person" or kwargs.get("reverse"):
        return
    if action in {"pre_add", "pre_remove", "pre_clear"}:
        instance._history_m2m_before = snapshot(instance)  # type: ignore[attr-defined]
    elif action in {"post_add", "post_remove", "post_clear"}:
        _write(
            instance, "update", getattr(instance, "_history_m2m_before", None), snapshot(instance)
        )


def versioned_models() -> list[type[models.Model]]:
    from hientai.registry import models as registry_models

    return [
        registry_models.Person,
        registry_models.Qualification,
        registry_models.AcademicTitle,
        registry_models.LanguageSkill,
        registry_models.Employment,
        registry_models.Publication,
        registry_models.Patent,
        registry_models.STProject,
        registry_models.Award,
        registry_models.TrainingRecord,
        registry_models.SkillAssessment,
        registry_models.StatusPeriod,
    ]


def connect_signals() -> None:
    from hientai.registry.models import Person

    for model in versioned_models():
        uid = f"history-{model._meta.label}"
        pre_save.connect(_pre_save, sender=model, dispatch_uid=uid + "-pre")
        post_save.connect(_post_save, sender=model, dispatch_uid=uid + "-post")
        post_delete.connect(_post_delete, sender=model, dispatch_uid=uid + "-delete")
    for name in PERSON_M2M:
        through = getattr(Person, name).through
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"history-m2m-{name}")


@dataclass
class PersonState:
    """A person's versioned state at a moment: their own fields and their parts."""

    person: dict[str, Any]
    parts: dict[str, list[dict[str, Any]]]


def _cutoff(moment: datetime.date | datetime.datetime) -> datetime.datetime:
    if isinstance(moment, datetime.datetime):
        return moment
    # A date means "as of the end of that day" in the city's time zone.
    end = datetime.datetime.combine(moment, datetime.time.max)
    return timezone.make_aware(end, timezone.get_default_timezone())


def as_of(person: Any, moment: datetime.date | datetime.datetime) -> PersonState | None:
    """The state of `person` at `moment` (a date means the end of that day), or None
    if the profile did not exist yet."""
    from hientai.registry.models import ProfileVersion

    cutoff = _cutoff(moment)
    if person.created_at > cutoff:
        return None
    versions = ProfileVersion.objects.filter(person=person, at__lte=cutoff).order_by("at", "pk")
    latest: dict[tuple[str, int], ProfileVersion] = {}
    for version in versions:
        latest[(version.entity, version.entity_id)] = version
    later = set(
        ProfileVersion.objects.filter(person=person, at__gt=cutoff).values_list(
            "entity", "entity_id"
        )
    )
    state = PersonState(person=snapshot(person), parts={})
    person_version = latest.get(("person", person.pk))
    if person_version is not None:
        state.person = dict(person_version.after or {})
    elif ("person", person.pk) in later:
        # Changed only after the cutoff: the first later version's "before" is the old state.
        first_later = ProfileVersion.objects.filter(
            person=person, entity="person", at__gt=cutoff
        ).order_by("at", "pk")[0]
        state.person = dict(first_later.before or state.person)
    for model in versioned_models()[1:]:
        name = cast(str, model._meta.model_name)
        rows: dict[int, dict[str, Any]] = {}
        for row in model._default_manager.filter(person=person):
            if (name, row.pk) not in latest and (name, row.pk) not in later:
                rows[row.pk] = snapshot(row)  # bulk-loaded, never changed
        for (entity, entity_id), version in latest.items():
            if entity == name and version.action != "delete":
                rows[entity_id] = dict(version.after or {})
        for entity, entity_id in later:
            if entity == name and (entity, entity_id) not in latest:
                first = ProfileVersion.objects.filter(
                    person=person, entity=name, entity_id=entity_id, at__gt=cutoff
                ).order_by("at", "pk")[0]
                if first.action != "create" and first.before:
                    rows[entity_id] = dict(first.before)
        state.parts[name] = list(rows.values())
    return state
