from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Avg, Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from hientai.accounts.http import staff_only
from hientai.accounts.scoping import get_visible_or_404, scope_for, visible
from hientai.orgs.models import Unit
from hientai.quality.models import Family, QualityIssue, Severity
from hientai.quality.rules import rules_by_family
from hientai.quality.scores import unit_scores
from hientai.quality.services import explain_issue, filter_issues, person_url
from hientai.registry.models import Person, compose_full_name

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


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    """Issues of the profiles the officer keeps, with per-unit scores and filters."""
    staff_only(request)
    family = request.GET.get("family", "")
    rule = request.GET.get("rule", "")
    severity = request.GET.get("severity", "")
    unit_code = request.GET.get("unit", "").strip()
    people = visible(Person.objects.all(), request.user)
    issues = visible(QualityIssue.objects.all(), request.user)
    unit = None
    if unit_code:
        unit = get_visible_or_404(Unit.objects.all(), request.user, code=unit_code)
        people = people.filter(unit__path__startswith=unit.path)
        issues = issues.filter(person__unit__path__startswith=unit.path)
    shown = filter_issues(issues, family=family, rule=rule, severity=severity)
    page = Paginator(
        shown.select_related("person", "person__unit").order_by(
            "severity", "person__family_name", "person__given_name", "person_id", "rule", "pk"
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
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
        for issue in page
    ]
    family_counts = dict(issues.order_by().values_list("family").annotate(n=Count("pk")))
    filters = {"family": family, "rule": rule, "severity": severity}
    table_units, root_ids = _table_units(request, unit)
    active = {key: value for key, value in filters.items() if value}
    context = {
        "unit": unit,
        "filters": filters,
        "filter_query": urlencode(active),
        "query": urlencode({**({"unit": unit.code} if unit else {}), **active}),
        "unit_query": urlencode({"unit": unit.code}) if unit else "",
        "families": Family.choices,
        "severities": Severity.choices,
        "rules_by_family": [(Family(key).label, items) for key, items in rules_by_family().items()],
        "unit_rows": unit_scores(table_units, people, issues),
        "root_ids": root_ids,
        "people_count": people.count(),
        "average": people.aggregate(average=Avg("quality_score"))["average"],
        "family_cards": [
            (value, label, family_counts.get(value, 0)) for value, label in Family.choices
        ],
        "page": page,
        "rows": rows,
    }
    return render(request, "quality/worklist.html", context)
