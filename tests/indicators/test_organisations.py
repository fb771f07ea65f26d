"""Organisations in indicators: S&T enterprises and start-ups counted per managing unit for
the year of the change, rolled up the tree, recounted when an organisation moves or goes."""

from __future__ import annotations

import time_machine

from hientai.indicators import services as indicators
from hientai.indicators.models import ReportedValue
from hientai.orgs.models import Unit
from hientai.talent import services as talent
from hientai.talent.models import Organisation
from tests.conftest import UNIT_A, UNIT_B


def _values(year: str, *codes: str) -> dict[tuple[str, str], object]:
    units = [Unit.objects.get(code=UNIT_A), Unit.objects.get(code=UNIT_B)]
    return {
        (value.indicator.code, value.unit.code): value.value
        for value in indicators.evaluate(year, indicators=list(codes), units=units)
    }


def test_counts_follow_the_register(coordinator, officer_a, officer_b):
    unit_a, unit_b = Unit.objects.get(code=UNIT_A), Unit.objects.get(code=UNIT_B)
    with time_machine.travel("2027-03-02 09:00 +0700", tick=False):
        first = talent.save_organisation(
            officer_a,
            Organisation(name="Công ty Vi mạch Đồng Xoài", kind="st_enterprise", unit=unit_a),
        )
        talent.save_organisation(
            officer_a,
            Organisation(name="Công ty Cơ điện Bình Phước", kind="st_enterprise", unit=unit_a),
        )
        talent.save_organisation(
            officer_b,
            Organisation(name="Khởi nghiệp Nông nghiệp Xanh", kind="startup", unit=unit_b),
        )
        talent.save_organisation(
            officer_b, Organisation(name="Hội Cơ khí Trấn Biên", kind="association", unit=unit_b)
        )
    values = _values("2027", "ORG_ST_ENTERPRISES", "ORG_STARTUPS")
    assert values[("ORG_ST_ENTERPRISES", UNIT_A)] == 2
    assert values[("ORG_STARTUPS", UNIT_B)] == 1
    city = indicators.evaluate(
        "2027", indicators=["ORG_ST_ENTERPRISES"], unit=Unit.objects.get(code="75")
    )
    assert city[0].value == 2
    # Moving an enterprise to ward B recounts both wards; deleting the start-up leaves no row.
    with time_machine.travel("2027-06-10 09:00 +0700", tick=False):
        first.unit = unit_b
        talent.save_organisation(coordinator, first)
        Organisation.objects.filter(kind="startup").delete()
    values = _values("2027", "ORG_ST_ENTERPRISES")
    assert values[("ORG_ST_ENTERPRISES", UNIT_A)] == 1
    assert values[("ORG_ST_ENTERPRISES", UNIT_B)] == 1
    assert not ReportedValue.objects.filter(indicator__code="ORG_STARTUPS").exists()
    # Another year is not touched by this year's changes.
    assert not ReportedValue.objects.filter(period="2026").exists()
