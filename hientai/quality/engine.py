"""Running the rules: one profile after a save, or the whole registry in batches.

`run_for` is registered with `registry.services.register_after_save`, so every
profile saved through the registry services is re-checked right after its
transaction commits; `run_batch` runs after bulk loads and from `hientai quality`.

Both replace the stored issues and the score of each checked profile in one
transaction. Scores are written with `QuerySet.update()`: a derived number is not
a profile change, so no `ProfileVersion` is written and `updated_at` stays put.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from hientai.orgs.models import Unit
from hientai.quality import summary
from hientai.quality.context import CheckContext
from hientai.quality.models import QualityIssue
from hientai.quality.rules import RULES, Finding
from hientai.quality.scores import profile_score
from hientai.registry.models import Person

logger = logging.getLogger(__name__)

CHUNK_SIZE = 1000
# Up to this many profiles, look reference data up lazily; above it, preload it.
LAZY_LIMIT = 50
DUPLICATE_RULES = ("clean.duplicate.id", "clean.duplicate.name")


def check_person(person: Person, context: CheckContext | None = None) -> list[Finding]:
    """Every finding of every rule on `person` (nothing is written)."""
    context = context or CheckContext()
    findings: list[Finding] = []
    for item in RULES.values():
        findings.extend(item.check(person, context))
    return findings


@dataclass
class BatchReport:
    people: int = 0
    score_total: int = 0
    by_family: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)
    by_severity: Counter = field(default_factory=Counter)

    @property
    def average_score(self) -> float | None:
        return round(self.score_total / self.people, 1) if self.people else None

    @property
    def issues(self) -> int:
        return sum(self.by_rule.values())

    def add(self, results: dict[int, list[Finding]]) -> None:
        for findings in results.values():
            self.people += 1
            self.score_total += profile_score(findings)
            for finding in findings:
                self.by_family[finding.family] += 1
                self.by_rule[finding.rule] += 1
                self.by_severity[finding.severity] += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "people": self.people,
            "issues": self.issues,
            "average_score": self.average_score,
            "by_family": dict(sorted(self.by_family.items())),
            "by_severity": dict(sorted(self.by_severity.items())),
            "by_rule": dict(sorted(self.by_rule.items())),
        }


def _chunks(items: list[int], size: int = CHUNK_SIZE) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _issue_key(person_id: int, rule: str, field_path: str, params: dict) -> tuple:
    return (person_id, rule, field_path, (params or {}).get("record_id"))


def _write(results: dict[int, list[Finding]], summarise: bool = True) -> None:
    """Replace the issues and scores of the people in `results` (caller holds a transaction),
    then the per-unit summary of their units (unless the caller rebuilds it at its end)."""
    if not results:
        if summarise:
            summary.refresh_units([])  # the units of profiles deleted since
        return
    ids = list(results)
    now = timezone.now()
    # An issue still present keeps the moment it was first seen.
    first_seen = {
        _issue_key(person_id, rule, field_path, params): detected_at
        for person_id, rule, field_path, params, detected_at in QualityIssue.objects.filter(
            person_id__in=ids
        ).values_list("person_id", "rule", "field", "params", "detected_at")
    }
    QualityIssue.objects.filter(person_id__in=ids).delete()
    QualityIssue.objects.bulk_create(
        [
            QualityIssue(
                person_id=person_id,
                rule=finding.rule,
                family=finding.family,
                severity=finding.severity,
                field=finding.field,
                params=finding.params,
                suggested=finding.suggested,
                detected_at=first_seen.get(
                    _issue_key(person_id, finding.rule, finding.field, finding.params), now
                ),
            )
            for person_id, findings in results.items()
            for finding in findings
        ],
        batch_size=CHUNK_SIZE,
    )
    by_score: dict[int, list[int]] = defaultdict(list)
    for person_id, findings in results.items():
        by_score[profile_score(findings)].append(person_id)
    # At most 101 distinct scores: one UPDATE per score value, not one per person.
    for score, person_ids in by_score.items():
        for chunk in _chunks(person_ids):
            Person.objects.filter(pk__in=chunk).update(quality_score=score)
    if summarise:
        summary.refresh_people(ids)


def _check(ids: Iterable[int], context: CheckContext) -> dict[int, list[Finding]]:
    ids = list(ids)
    context.preload(ids)
    try:
        return {
            person.pk: check_person(person, context)
            for person in Person.objects.filter(pk__in=ids).order_by("pk")
        }
    finally:
        context.forget()


def _duplicate_partners(results: dict[int, list[Finding]], ids: Iterable[int]) -> set[int]:
    """Profiles whose duplicate findings involve `ids`, before or after this check."""
    partners: set[int] = set()
    stored = QualityIssue.objects.filter(person_id__in=list(ids), rule__in=DUPLICATE_RULES)
    for params in stored.values_list("params", flat=True):
        partners.update((params or {}).get("others", []))
    for findings in results.values():
        for finding in findings:
            if finding.rule in DUPLICATE_RULES:
                partners.update(finding.params.get("others", []))
    return partners - set(results)


def run_for(person_ids: Iterable[int], today: datetime.date | None = None) -> dict[int, int]:
    """Re-check these profiles (and their suspected duplicates); returns their new scores.

    A changed name or ID can create or end a duplicate, so the other profiles of a
    duplicate group, before and after the change, are re-checked in the same transaction."""
    ids = sorted({int(pk) for pk in person_ids if pk})
    if not ids:
        return {}
    if len(ids) > LAZY_LIMIT:
        context = CheckContext.for_batch(Person.objects.filter(pk__in=ids), today=today)
    else:
        context = CheckContext(today=today or datetime.date.today())
    with transaction.atomic():
        results = _check(ids, context)
        partners = _duplicate_partners(results, ids)
        if partners:
            results.update(_check(partners, context))
        _write(results)
    return {pk: profile_score(results[pk]) for pk in ids if pk in results}


def after_save(person_ids: list[int]) -> None:
    """The registry's after-save hook: the profile is already committed, so a failure
    here is logged rather than turned into an error page for a save that succeeded."""
    try:
        run_for(person_ids)
    except Exception:
        logger.exception("data-quality check failed for people %s", person_ids)


def after_bulk_load() -> None:
    run_batch()


def people_of(target: QuerySet | Unit | None) -> QuerySet:
    if target is None:
        return Person.objects.all()
    if isinstance(target, Unit):
        return Person.objects.filter(unit__path__startswith=target.path)
    return target


def run_batch(
    target: QuerySet | Unit | None = None,
    today: datetime.date | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> BatchReport:
    """Check every profile of `target` (a Person queryset, a unit's subtree, or everyone).

    Reference data and duplicate groups are loaded once; profiles are read and written
    in chunks, each chunk with a fixed number of queries and its own transaction."""
    people = people_of(target)
    ids = list(people.order_by("pk").values_list("pk", flat=True))
    context = CheckContext.for_batch(people, today=today)
    report = BatchReport()
    outside: set[int] = set()
    for chunk in _chunks(ids, chunk_size):
        with transaction.atomic():
            results = _check(chunk, context)
            outside |= _duplicate_partners(results, chunk)
            _write(results, summarise=False)
        report.add(results)
    outside -= set(ids)
    if outside:
        # Duplicates of batch profiles that lie outside the batch: keep them in step.
        with transaction.atomic():
            _write(_check(outside, context), summarise=False)
    summary.rebuild()  # once, not per chunk
    return report
