from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from hientai.accounts.http import staff_only
from hientai.accounts.scoping import get_visible_or_404, scope_for, visible
from hientai.orgs.models import Unit
from hientai.quality import summary
from hientai.quality.models import Family, QualityIssue, Severity
from hientai.quality.rules import rules_by_family
from hientai.quality.services import explain_issue, filter_issues, person_url
from hientai.registry.models import compose_full_name

PAGE_SIZE = 50


def _table_units(request: HttpRequest, unit: Unit | None) -> tuple[list[Unit], set[int]]:
    """The unit shown (or the user's top units) followed by their direct children."""
    if unit is not None:
        roots = [unit]
    elif scope_for(request.user).city_wide:
        roots = list(Unit.objects.filter(parent__isnull=True))
    else:
        roots = list(Unit.objects.filter(path__in=scope_for(request.user).read_paths))
    children = visible(Unit.objects.filter(parent__in=roots), request.user).order_by("path")
    by_parent: dict[int | None, list[Unit]] = {}
    for child in children:
        by_parent.setdefault(child.parent_id, []).append(child)
    ordered: list[Unit] = []
    for root in roots:
        ordered.append(root)
        ordered.extend(by_parent.get(root.pk, []))
    return ordered, {root.pk for root in roots}


@dataclass
class KeysetPage:
    """One page of findings in (severity, id) order, after the cursor `after`."""

    items: list[QualityIssue]
    after: str  # this page's cursor ("" on the first page)
    next_after: str  # the next page's cursor ("" on the last page)

    @property
    def has_next(self) -> bool:
        return bool(self.next_after)

    @property
    def has_other_pages(self) -> bool:
        return bool(self.after or self.next_after)


def _keyset_page(issues: QuerySet, after: str) -> KeysetPage:
    """Findings by keyset on (severity, id): the page after "severity.id" (a bad cursor
    starts from the first page); no OFFSET, so a deep page costs what the first does."""
    severity, _dot, last = after.partition(".")
    ordered = issues.select_related("person", "person__unit").order_by("severity", "pk")
    if severity in Severity.values and last.isdigit():
        ordered = ordered.filter(Q(severity__gt=severity) | Q(severity=severity, pk__gt=int(last)))
    else:
        after = ""
    items = list(ordered[: PAGE_SIZE + 1])
    following = ""
    if len(items) > PAGE_SIZE:
        items = items[:PAGE_SIZE]
        following = f"{items[-1].severity}.{items[-1].pk}"
    return KeysetPage(items, after, following)


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    """Issues of the profiles the officer keeps, with per-unit scores and filters."""
    staff_only(request)
    family = request.GET.get("family", "")
    rule = request.GET.get("rule", "")
    severity = request.GET.get("severity", "")
    unit_code = request.GET.get("unit", "").strip()
    issues = visible(QualityIssue.objects.all(), request.user)
    unit = None
    if unit_code:
        unit = get_visible_or_404(Unit.objects.all(), request.user, code=unit_code)
        issues = issues.filter(person__unit__path__startswith=unit.path)
    shown = filter_issues(issues, family=family, rule=rule, severity=severity)
    page = _keyset_page(shown, request.GET.get("after", ""))
    rows = [
        {
            "issue": issue,
            "name": issue.person.full_name
            or compose_full_name(
                issue.person.family_name, issue.person.middle_name, issue.person.given_name
            ),
            "explanation": explain_issue(issue),
            "person_url": person_url(issue.person_id),
        }
        for issue in page.items
    ]
    filters = {"family": family, "rule": rule, "severity": severity}
    table_units, root_ids = _table_units(request, unit)
    roots = [row for row in table_units if row.pk in root_ids]
    per_rule = summary.rule_counts(roots)
    family_counts: dict[str, int] = {}
    for (_rule, rule_family, _severity), count in per_rule.items():
        family_counts[rule_family] = family_counts.get(rule_family, 0) + count
    overall = summary.totals(roots)
    active = {key: value for key, value in filters.items() if value}
    query = urlencode({**({"unit": unit.code} if unit else {}), **active})
    context = {
        "unit": unit,
        "filters": filters,
        "filter_query": urlencode(active),
        "query": query,
        "unit_query": urlencode({"unit": unit.code}) if unit else "",
        "families": Family.choices,
        "severities": Severity.choices,
        "rules_by_family": [(Family(key).label, items) for key, items in rules_by_family().items()],
        "unit_rows": summary.unit_scores(table_units),
        "root_ids": root_ids,
        "people_count": overall["people"],
        "average": overall["average"],
        "family_cards": [
            (value, label, family_counts.get(value, 0)) for value, label in Family.choices
        ],
        "page": page,
        "rows": rows,
    }
    return render(request, "quality/worklist.html", context)
