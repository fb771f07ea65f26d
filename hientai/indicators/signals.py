"""Keeping the analytics store current: before any write to a profile, its parts or its
code links, what the person contributes to the open periods is noted in the write's own
transaction (`analytics.note_before`); once it commits, the difference with what they
contribute after is added to the facts (`analytics.apply`). No unit is recounted."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)

from hientai.indicators import analytics
from hientai.indicators.models import Indicator
from hientai.orgs.models import Unit
from hientai.registry.models import Person


def _person_before(sender: Any, instance: Person, raw: bool = False, **_kwargs: Any) -> None:
    if instance.pk and not raw:
        analytics.note_before([instance.pk])


def _person_saved(sender: Any, instance: Person, created: bool = False, **_kwargs: Any) -> None:
    if created:
        analytics.note_before([instance.pk], new=True)
    analytics.schedule()


def _person_deleted(sender: Any, instance: Person, **_kwargs: Any) -> None:
    analytics.schedule()


def _part_before(sender: Any, instance: Any, raw: bool = False, **_kwargs: Any) -> None:
    if not raw:
        analytics.note_before([instance.person_id])


def _part_after(sender: Any, instance: Any, **_kwargs: Any) -> None:
    analytics.schedule()


def _links_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **_kwargs: Any
) -> None:
    if isinstance(instance, Person):
        people = [instance.pk]
    elif action == "pre_clear":  # a code's links cleared: every person linked to it
        people = list(
            sender.objects.filter(code_id=instance.pk).values_list("person_id", flat=True)
        )
    else:
        people = list(pk_set or [])
    if action.startswith("pre_"):
        analytics.note_before(people)
    else:
        analytics.schedule()


def _unit_saved(sender: Any, instance: Unit, **_kwargs: Any) -> None:
    from hientai.indicators.models import AnalyticsFact

    moved = AnalyticsFact.objects.filter(unit_id=instance.pk).exclude(unit_path=instance.path)
    if moved.exists():
        analytics.invalidate()


def connect() -> None:
    from hientai.registry.history import PERSON_M2M, versioned_models

    uid = "analytics"
    pre_save.connect(_person_before, sender=Person, dispatch_uid=f"{uid}-person-pre")
    pre_delete.connect(_person_before, sender=Person, dispatch_uid=f"{uid}-person-pre-del")
    post_save.connect(_person_saved, sender=Person, dispatch_uid=f"{uid}-person-save")
    post_delete.connect(_person_deleted, sender=Person, dispatch_uid=f"{uid}-person-delete")
    for model in versioned_models()[1:]:
        name = model._meta.label
        pre_save.connect(_part_before, sender=model, dispatch_uid=f"{uid}-{name}-pre")
        pre_delete.connect(_part_before, sender=model, dispatch_uid=f"{uid}-{name}-pre-del")
        post_save.connect(_part_after, sender=model, dispatch_uid=f"{uid}-{name}-save")
        post_delete.connect(_part_after, sender=model, dispatch_uid=f"{uid}-{name}-delete")
    for name in PERSON_M2M:
        through = getattr(Person, name).through
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"{uid}-{name}")
    post_save.connect(analytics.invalidate, sender=Indicator, dispatch_uid=f"{uid}-ind-save")
    post_delete.connect(analytics.invalidate, sender=Indicator, dispatch_uid=f"{uid}-ind-del")
    post_save.connect(_unit_saved, sender=Unit, dispatch_uid=f"{uid}-unit")
