"""Signals that keep the index right on writes that bypass registry.services hooks.

- A deleted person leaves the index in the same transaction (post_delete).
- A qualification changes the degree and field facets: reindex its person after commit.
- A renamed unit changes the searchable unit name of its people; a moved unit
  changes the subtree tags of everyone below it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from hientai.orgs.models import MAX_TREE_DEPTH, Unit
from hientai.registry.models import Person, Qualification
from hientai.search.indexer import reindex_people


def _person_deleted(sender: Any, instance: Person, **kwargs: Any) -> None:
    reindex_people([instance.pk])


def _qualification_changed(sender: Any, instance: Qualification, **kwargs: Any) -> None:
    person_id = instance.person_id
    transaction.on_commit(lambda: reindex_people([person_id]))


def _unit_before(sender: Any, instance: Unit, **kwargs: Any) -> None:
    if instance.pk:
        # Read back by _unit_saved: a rename or a move reindexes the unit's people.
        instance._search_before = (  # type: ignore[attr-defined]
            Unit.objects.filter(pk=instance.pk).values_list("name_vi", "parent_id").first()
        )


def _unit_saved(sender: Any, instance: Unit, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_search_before", None)
    if created or not before:
        return
    name, parent_id = before
    if parent_id != instance.parent_id:
        # Descendant paths are rewritten after this signal: walk parent links instead.
        children: dict[int | None, list[int]] = {}
        for unit_id, parent in Unit.objects.values_list("id", "parent_id"):
            children.setdefault(parent, []).append(unit_id)
        # Bounded: a visited set and the tree's depth limit, so even a corrupted tree
        # (a cycle written behind the model's back) cannot loop the worker forever.
        subtree: list[int] = []
        seen: set[int] = set()
        level = [instance.pk]
        for _depth in range(MAX_TREE_DEPTH + 1):
            level = [unit_id for unit_id in level if unit_id not in seen]
            if not level:
                break
            seen.update(level)
            subtree += level
            level = [child for unit_id in level for child in children.get(unit_id, [])]
        people = Person.objects.filter(unit_id__in=subtree)
    elif name != instance.name_vi:
        people = Person.objects.filter(unit_id=instance.pk)
    else:
        return
    reindex_people(list(people.values_list("pk", flat=True)))


def connect() -> None:
    post_delete.connect(_person_deleted, sender=Person, dispatch_uid="search_person_deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            _qualification_changed,
            sender=Qualification,
            dispatch_uid=f"search_qualification_{signal is post_save}",
        )
    pre_save.connect(_unit_before, sender=Unit, dispatch_uid="search_unit_before")
    post_save.connect(_unit_saved, sender=Unit, dispatch_uid="search_unit_saved")
