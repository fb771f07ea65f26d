"""The per-unit summary the engine keeps equals the grouping it replaces (after a batch,
a save, a move and a deletion), and the worklist pages findings by keyset."""

import pytest

from hientai.orgs.models import Unit
from hientai.quality import summary
from hientai.quality.engine import run_batch, run_for
from hientai.quality.models import QualityIssue
from hientai.quality.scores import unit_scores
from hientai.registry.models import Person
from tests.quality.conftest import make_person

pytestmark = pytest.mark.django_db


def figures(rows):
    return [(r.unit.code, r.people, r.scored, r.score_total, r.errors, r.warnings) for r in rows]


def assert_like_grouping():
    units = list(Unit.objects.order_by("path"))
    expected = unit_scores(units, Person.objects.all(), QualityIssue.objects.all())
    assert figures(summary.unit_scores(units)) == figures(expected)


def test_the_summary_follows_the_engine():
    people = [make_person(unit="25210", given_name="HÙNG", email="x@") for _ in range(3)]
    people += [make_person(unit="26041") for _ in range(2)]
    run_batch()
    assert_like_grouping()
    assert summary.totals([Unit.objects.get(code="25210")])["people"] == 3

    moved = people[0]
    moved.unit = Unit.objects.get(code="26041")
    moved.save()
    run_for([moved.pk])
    assert_like_grouping()

    gone = people[1].pk
    people[1].delete()
    run_for([gone])
    assert_like_grouping()
    counts = summary.rule_counts(list(Unit.objects.filter(parent__isnull=True)))
    assert sum(counts.values()) == QualityIssue.objects.count()


def test_the_worklist_pages_by_keyset(coordinator, login, settings):
    from hientai.quality import views

    for number in range(7):
        make_person(unit="25210", given_name=f"người {number}", email="x@")
    run_batch()
    total = QualityIssue.objects.count()
    assert total > 5
    client = login(coordinator)
    original = views.PAGE_SIZE
    views.PAGE_SIZE = 5
    try:
        seen = []
        page = client.get("/quality/")
        seen += page.context["page"].items
        while page.context["page"].has_next:
            page = client.get("/quality/", {"after": page.context["page"].next_after})
            assert "after=" not in page.context["query"]
            seen += page.context["page"].items
        assert len(seen) == len({issue.pk for issue in seen}) == total
        order = [(issue.severity, issue.pk) for issue in seen]
        assert order == sorted(order)
        bad = client.get("/quality/", {"after": "nonsense"})
        assert bad.status_code == 200
        assert [i.pk for i in bad.context["page"].items] == [i.pk for i in seen[:5]]
    finally:
        views.PAGE_SIZE = original
