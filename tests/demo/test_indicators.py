"""The demo: every quantitative target of the five seed plans maps to an indicator target."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from hientai.demo.indicators import load_demo_indicators
from hientai.demo.plans import load_demo_plans
from hientai.indicators.filters import validate_definition
from hientai.indicators.models import Indicator, IndicatorTarget, ReportedValue
from hientai.indicators.reference import CATALOGUE
from hientai.indicators.services import evaluate, target_values
from hientai.orgs.models import Unit
from hientai.plans.models import Target


@pytest.fixture
def demo(db):
    load_demo_plans()
    summary = load_demo_indicators()
    return summary


def test_every_seed_target_has_an_indicator_target(demo):
    targets = list(Target.objects.select_related("plan"))
    assert len(targets) >= 40
    linked = set(
        IndicatorTarget.objects.filter(plan_target__isnull=False).values_list(
            "plan_target_id", flat=True
        )
    )
    missing = [f"{t.plan.source_name}: {t.text[:60]}" for t in targets if t.pk not in linked]
    assert missing == []
    assert "not found" not in demo and "Không tìm thấy" not in demo
    for link in IndicatorTarget.objects.filter(plan_target__isnull=False).select_related(
        "plan_target__plan__issuing_unit", "unit"
    ):
        assert link.value == link.plan_target.value and link.year == link.plan_target.year
        issuer = link.plan_target.plan.issuing_unit.code
        assert link.unit.code == ("75" if issuer in {"75", "75.UBND"} else issuer)


def test_demo_is_idempotent_and_reported_values_cover_past_periods(demo):
    counts = (Indicator.objects.count(), IndicatorTarget.objects.count())
    reported = ReportedValue.objects.count()
    load_demo_indicators()
    assert (Indicator.objects.count(), IndicatorTarget.objects.count()) == counts
    assert ReportedValue.objects.count() == reported
    periods = set(ReportedValue.objects.values_list("period", flat=True))
    assert periods == {"2024", "2025", "2025H1", "2025H2", "2026H1"}
    city = Unit.objects.get(code="75")
    values = {v.indicator.code: v for v in evaluate("2026H1", units=[city])}
    for code in ("dossiers_on_time", "st_budget_share", "hq_tech_graduates"):
        assert values[code].value is not None
    for code in ("st_budget_share", "hq_tech_graduates"):
        assert values[code].target is not None
        assert values[code].status in {"achieved", "on_track", "at_risk", "not_achieved"}


def test_target_values_give_one_row_per_seed_target(demo):
    rows = target_values("2026H1")
    assert sorted(row.plan_target_id for row in rows) == sorted(
        Target.objects.values_list("pk", flat=True)
    )
    by_target = {row.plan_target_id: row for row in rows}
    for target in Target.objects.all():
        row = by_target[target.pk]
        assert row.target == target.value and row.target_year == target.year
    reported = [row for row in rows if row.indicator.kind == "reported"]
    assert reported and all(row.value is not None for row in reported)
    # Two targets of one indicator (12 by 2030, 15 by 2045) are judged separately.
    rd = [row for row in rows if row.indicator.code == "rd_postgrad_per_10k"]
    assert sorted(row.target_year for row in rd) == [2030, 2045]


def test_catalogue_definitions_are_valid():
    rows = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    assert len({row["code"] for row in rows}) == len(rows)
    for row in rows:
        if row["kind"] == "computed":
            validate_definition(row["definition"])


def test_demo_command_loads_indicators(db):
    call_command("demo", "--people", "300", stdout=StringIO())
    assert (
        IndicatorTarget.objects.filter(plan_target__isnull=False).count() == Target.objects.count()
    )
    rd = evaluate("2025", units=[Unit.objects.get(code="75")], indicators=["women_st_share"])[0]
    assert rd.denominator > 0
