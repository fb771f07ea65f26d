"""Per-unit quality figures kept up to date by the engine, so pages read them instead of
grouping every profile and every finding on each view.

`UnitQuality` (profiles, scored profiles, sum of scores) and `RuleCount` (findings per
rule) hold each unit's own profiles; a unit's figures over its subtree are sums by prefix
of their indexed `unit_path` (`core.subtree`). The engine calls `refresh_units` for the
units of the profiles it re-checks (and of those moved or deleted since), in the same
transaction as its write; a batch run rebuilds everything once at its end (`rebuild`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Count, Sum

from hientai.core.subtree import subtree_sums
from hientai.orgs.models import Unit
from hientai.quality.models import QualityIssue, RuleCount, Severity, UnitQuality
from hientai.quality.scores import UnitScore
from hientai.registry.models import Person

# Units a profile left (moved or deleted) since the engine's last write: refreshed with it.
_left_lock = threading.Lock()
_left_units: set[int] = set()


def note_left(unit_id: int | None) -> None:
    if unit_id is not None:
        with _left_lock:
            _left_units.add(unit_id)


def _take_left() -> set[int]:
    with _left_lock:
        taken = set(_left_units)
        _left_units.clear()
    return taken


def _recount(unit_ids: Sequence[int] | None) -> None:
    paths = dict(Unit.objects.values_list("id", "path"))
    people = Person.objects.order_by()
    issues = QualityIssue.objects.order_by()
    units = UnitQuality.objects.all()
    rules = RuleCount.objects.all()
    if unit_ids is not None:
        people = people.filter(unit_id__in=unit_ids)
        issues = issues.filter(person__unit_id__in=unit_ids)
        units = units.filter(unit_id__in=unit_ids)
        rules = rules.filter(unit_id__in=unit_ids)
    units._raw_delete(units.db)  # derived rows, no cascade
    rules._raw_delete(rules.db)
    UnitQuality.objects.bulk_create(
        [
            UnitQuality(
                unit_id=row["unit_id"],
                unit_path=paths[row["unit_id"]],
                people=row["n"],
                scored=row["scored"],
                score_total=row["total"] or 0,
            )
            for row in people.values("unit_id").annotate(
                n=Count("pk"), scored=Count("quality_score"), total=Sum("quality_score")
            )
            if row["unit_id"] in paths
        ],
        batch_size=2000,
    )
    RuleCount.objects.bulk_create(
        [
            RuleCount(
                unit_id=row["person__unit_id"],
                unit_path=paths[row["person__unit_id"]],
                rule=row["rule"],
                family=row["family"],
                severity=row["severity"],
                issues=row["n"],
            )
            for row in issues.values("person__unit_id", "rule", "family", "severity").annotate(
                n=Count("pk")
            )
            if row["person__unit_id"] in paths
        ],
        batch_size=2000,
    )


def refresh_units(unit_ids: Iterable[int | None]) -> None:
    """Recount the units (and those profiles left since the last write)."""
    wanted = sorted({pk for pk in unit_ids if pk is not None} | _take_left())
    if wanted:
        with transaction.atomic():
            _recount(wanted)


def refresh_people(person_ids: Iterable[int]) -> None:
    ids = sorted(set(person_ids))
    refresh_units(
        Person.objects.filter(pk__in=ids).values_list("unit_id", flat=True).distinct()
        if ids
        else []
    )


def rebuild() -> None:
    _take_left()
    with transaction.atomic():
        _recount(None)


def unit_scores(units: Sequence[Unit]) -> list[UnitScore]:
    """Subtree figures of `units` (those with profiles), in their order."""
    keyed = [(unit.pk, unit.path) for unit in units]
    found: dict[int, UnitScore] = {}
    for unit_id, people, scored, total in subtree_sums(
        UnitQuality._meta.db_table, ["people", "scored", "score_total"], keyed
    ):
        found[unit_id] = UnitScore(
            unit=None,  # type: ignore[arg-type]  # set below
            people=int(people or 0),
            scored=int(scored or 0),
            score_total=int(total or 0),
        )
    for unit_id, severity, issues in subtree_sums(
        RuleCount._meta.db_table, ["issues"], keyed, group=["severity"]
    ):
        entry = found.get(unit_id)
        if entry is None:
            continue
        if severity == Severity.ERROR:
            entry.errors += int(issues)
        else:
            entry.warnings += int(issues)
    result = []
    for unit in units:
        entry = found.get(unit.pk)
        if entry is not None and entry.people:
            entry.unit = unit
            result.append(entry)
    return result


def rule_counts(units: Sequence[Unit]) -> dict[tuple[str, str, str], int]:
    """{(rule, family, severity): findings} over the subtrees of `units` (not nested)."""
    counts: dict[tuple[str, str, str], int] = {}
    keyed = [(unit.pk, unit.path) for unit in units]
    for _unit, rule, family, severity, issues in subtree_sums(
        RuleCount._meta.db_table, ["issues"], keyed, group=["rule", "family", "severity"]
    ):
        key = (rule, family, severity)
        counts[key] = counts.get(key, 0) + int(issues)
    return counts


def totals(units: Sequence[Unit]) -> dict[str, Any]:
    """Profiles and average score over the subtrees of `units` (not nested)."""
    people = scored = total = 0
    for entry in unit_scores(units):
        people += entry.people
        scored += entry.scored
        total += entry.score_total
    return {"people": people, "average": total / scored if scored else None}
