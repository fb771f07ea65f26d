"""Profiles as of a past moment, for the few people changed since.

Indicators count "current values, corrected by the versions recorded after the period end":
the grouped SQL counts every profile with its current rows, except the people with a
ProfileVersion after the cutoff (found with one query); those are rebuilt here as they were
at the cutoff — in a fixed number of queries whatever their number — and counted in Python.

The rebuild follows `registry.history.as_of`: a row changed after the cutoff is taken from
the "before" of its first later version (dropped when that version created it); rows without
later versions are as they are now. One difference: a bulk-loaded profile (no versions) is
not dropped because of its `created_at` — its dated facts (status timeline, degree years,
training dates) decide, exactly as for the profiles counted by SQL.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from hientai.registry.history import PERSON_M2M, PersonState, _cutoff, _plain, versioned_models
from hientai.registry.models import Person, ProfileVersion

# Above this many changed people, exclude them with a subquery instead of an id list.
ID_LIST_LIMIT = 500


def cutoff_for(day: datetime.date) -> datetime.datetime:
    """The end of `day` in the city's time zone (what `as_of` means by a date)."""
    return _cutoff(day)


def changed_after(day: datetime.date) -> set[int]:
    """Ids of the people with a recorded change after the end of `day` (one query)."""

    return set(
        ProfileVersion.objects.filter(at__gt=cutoff_for(day))
        .order_by()
        .values_list("person_id", flat=True)
        .distinct()
    )


def _row_state(instance: Any) -> dict[str, Any]:
    return {
        field.attname: _plain(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.name not in {"created_at", "updated_at", "id"}
    }


def states_as_of(person_ids: set[int], day: datetime.date) -> dict[int, PersonState | None]:
    """The state of each person at the end of `day` (None: the profile did not exist yet)."""

    if not person_ids:
        return {}
    cutoff = cutoff_for(day)
    ids = sorted(person_ids)
    first_later: dict[tuple[str, int], ProfileVersion] = {}
    for version in ProfileVersion.objects.filter(person_id__in=ids, at__gt=cutoff).order_by(
        "at", "pk"
    ):
        first_later.setdefault((version.entity, version.entity_id), version)

    people: dict[int, dict[str, Any]] = {}
    for person in Person.objects.filter(pk__in=ids):
        people[person.pk] = _row_state(person)
        for name in PERSON_M2M:
            people[person.pk][name] = []
    for name in PERSON_M2M:
        through = getattr(Person, name).through
        for person_id, code_id in through.objects.filter(person_id__in=ids).values_list(
            "person_id", "code_id"
        ):
            people[person_id][name].append(code_id)

    states: dict[int, PersonState | None] = {}
    for pk in ids:
        version = first_later.get(("person", pk))
        if version is not None and version.action == "create":
            states[pk] = None  # created after the cutoff
            continue
        if version is not None and version.before:
            person_state = dict(version.before)
        elif pk in people:
            person_state = people[pk]
        else:
            states[pk] = None
            continue
        for name in PERSON_M2M:
            person_state[name] = sorted(person_state.get(name) or [])
        states[pk] = PersonState(person=person_state, parts={})

    for model in versioned_models()[1:]:
        name = model._meta.model_name
        rows: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
        for row in model._default_manager.filter(person_id__in=ids):
            if (name, row.pk) not in first_later:
                rows[row.person_id][row.pk] = _row_state(row)
        for (entity, entity_id), version in first_later.items():
            if entity != name or version.action == "create" or not version.before:
                continue
            rows[version.person_id][entity_id] = dict(version.before)
        for pk, state in states.items():
            if state is not None:
                state.parts[name] = list(rows.get(pk, {}).values())
    return states
