"""Quality scores: one number per profile, averaged over a unit's subtree.

Profile score (0–100, stored on `Person.quality_score`):

    score = max(0, 100 − 10 × errors − 3 × warnings)

where errors and warnings count the findings of the profile (one finding per
rule and field or record). A profile with no finding scores 100; ten errors or
any mix worth 100 points or more score 0. Errors weigh more than three times a
warning because they make a count wrong, while a warning makes it doubtful.

Unit score: the plain average of the scores of the profiles managed in the
unit or any unit below it (profiles never checked yet are left out).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum

from hientai.orgs.models import PATH_SEPARATOR, Unit
from hientai.quality.models import Severity
from hientai.registry.models import Person

MAX_SCORE = 100
ERROR_WEIGHT = 10
WARNING_WEIGHT = 3


def profile_score(findings: Iterable[Any]) -> int:
    """The 0–100 score of a profile from its findings (anything with a `severity`)."""
    errors = warnings = 0
    for finding in findings:
        if finding.severity == Severity.ERROR:
            errors += 1
        else:
            warnings += 1
    return max(0, MAX_SCORE - ERROR_WEIGHT * errors - WARNING_WEIGHT * warnings)


def unit_score(unit: Unit, people: QuerySet | None = None) -> float | None:
    """Average score of the checked profiles in `unit`'s subtree (None when there are none)."""
    queryset = Person.objects.all() if people is None else people
    result = queryset.filter(
        unit__path__startswith=unit.path, quality_score__isnull=False
    ).aggregate(average=Avg("quality_score"))["average"]
    return round(float(result), 1) if result is not None else None


@dataclass
class UnitScore:
    unit: Unit
    people: int = 0
    scored: int = 0
    score_total: int = 0
    errors: int = 0
    warnings: int = 0

    @property
    def average(self) -> float | None:
        return round(self.score_total / self.scored, 1) if self.scored else None


def _ancestor_paths(path: str) -> list[str]:
    codes = [code for code in path.split(PATH_SEPARATOR) if code]
    return [
        PATH_SEPARATOR + PATH_SEPARATOR.join(codes[: depth + 1]) + PATH_SEPARATOR
        for depth in range(len(codes))
    ]


def unit_scores(units: Iterable[Unit], people: QuerySet, issues: QuerySet) -> list[UnitScore]:
    """Subtree totals for `units`, from one grouped query over people and one over issues.

    Totals per managing unit are rolled up to every ancestor path in Python, so the
    cost is one pass over the units that hold profiles, whatever the number of rows."""
    totals: dict[str, UnitScore] = defaultdict(lambda: UnitScore(unit=None))  # type: ignore[arg-type]
    person_rows = (
        people.order_by()
        .values("unit__path")
        .annotate(n=Count("pk"), scored=Count("quality_score"), total=Sum("quality_score"))
    )
    for row in person_rows:
        for path in _ancestor_paths(row["unit__path"]):
            entry = totals[path]
            entry.people += row["n"]
            entry.scored += row["scored"]
            entry.score_total += row["total"] or 0
    issue_rows = (
        issues.order_by()
        .values("person__unit__path")
        .annotate(
            errors=Count("pk", filter=Q(severity=Severity.ERROR)),
            warnings=Count("pk", filter=Q(severity=Severity.WARNING)),
        )
    )
    for row in issue_rows:
        for path in _ancestor_paths(row["person__unit__path"]):
            entry = totals[path]
            entry.errors += row["errors"]
            entry.warnings += row["warnings"]
    result = []
    for unit in units:
        score = totals.get(unit.path)
        if score is not None and score.people:
            score.unit = unit
            result.append(score)
    return result
