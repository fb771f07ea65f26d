"""What other apps and the views read from the quality engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from hientai.quality.models import Family, QualityIssue, Severity
from hientai.quality.rules import RULES, display_suggestion, field_label


@dataclass(frozen=True)
class IssueExplanation:
    """One stored issue as a person reads it, in the active language."""

    rule: str
    family: str
    family_label: str
    severity: str
    severity_label: str
    field: str
    field_label: str
    message: str
    suggested: str


def explain_issue(issue: QualityIssue) -> IssueExplanation:
    return IssueExplanation(
        rule=issue.rule,
        family=issue.family,
        family_label=issue.family_label,
        severity=issue.severity,
        severity_label=issue.severity_label,
        field=issue.field,
        field_label=field_label(issue.field),
        message=issue.message,
        suggested=display_suggestion(issue.rule, issue.suggested),
    )


def issues_for(person: Any) -> list[IssueExplanation]:
    """The stored issues of one profile, errors first, for the registry profile page.

    The caller has already checked that the user may see `person`."""
    issues = QualityIssue.objects.filter(person=person).order_by("severity", "family", "rule")
    return [explain_issue(issue) for issue in issues]


def person_url(person_id: int) -> str:
    try:
        return reverse("registry:person_detail", args=[person_id])
    except NoReverseMatch:
        return f"/people/{person_id}/"


def filter_issues(
    issues: QuerySet, family: str = "", rule: str = "", severity: str = ""
) -> QuerySet:
    """Apply the worklist filters; unknown values are ignored rather than matching nothing."""
    if family in Family.values:
        issues = issues.filter(family=family)
    if rule in RULES:
        issues = issues.filter(rule=rule)
    if severity in Severity.values:
        issues = issues.filter(severity=severity)
    return issues
