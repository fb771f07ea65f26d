"""Keeping the analytics store current: every write to a profile, its parts or its code
links marks the person's units (before and after the change) in the write's own
transaction; the store refreshes them once it commits (`analytics.mark_units`)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from hientai.indicators import analytics
from hientai.indicators.models import Indicator
from hientai.orgs.models import Unit
from hientai.registry.models import Person


def _person_before(sender: Any, instance: Person, raw: bool = False, **_kwargs: Any) -> None:
    if instance.pk and not raw:
        instance._analytics_unit_before = (  # type: ignore[attr-defined]
            Person.objects.filter(pk=instance.pk).values_list("unit_id", flat=True).first()
        )


def _person_changed(sender: Any, instance: Person, **_kwargs: Any) -> None:
    analytics.mark_units([instance.unit_id, getattr(instance, "_analytics_unit_before", None)])


def _part_changed(sender: Any, instance: Any, **_kwargs: Any) -> None:
    analytics.mark_people([instance.person_id])


def _links_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **_kwargs: Any
) -> None:
    if not action.startswith("post_"):
        return
    if isinstance(instance, Person):
        analytics.mark_units([instance.unit_id])
    elif pk_set:
        analytics.mark_people(pk_set)


def _unit_saved(sender: Any, instance: Unit, **_kwargs: Any) -> None:
    from hientai.indicators.models import AnalyticsFact

    moved = AnalyticsFact.objects.filter(unit_id=instance.pk).exclude(unit_path=instance.path)
    if moved.exists():
        analytics.invalidate()


def connect() -> None:
    from hientai.registry.history import PERSON_M2M, versioned_models

    uid = "analytics"
    pre_save.connect(_person_before, sender=Person, dispatch_uid=f"{uid}-person-pre")
    post_save.connect(_person_changed, sender=Person, dispatch_uid=f"{uid}-person-save")
    post_delete.connect(_person_changed, sender=Person, dispatch_uid=f"{uid}-person-delete")
    for model in versioned_models()[1:]:
        name = model._meta.label
        post_save.connect(_part_changed, sender=model, dispatch_uid=f"{uid}-{name}-save")
        post_delete.connect(_part_changed, sender=model, dispatch_uid=f"{uid}-{name}-delete")
    for name in PERSON_M2M:
        through = getattr(Person, name).through
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"{uid}-{name}")
    post_save.connect(analytics.invalidate, sender=Indicator, dispatch_uid=f"{uid}-ind-save")
    post_delete.connect(analytics.invalidate, sender=Indicator, dispatch_uid=f"{uid}-ind-del")
    post_save.connect(_unit_saved, sender=Unit, dispatch_uid=f"{uid}-unit")
