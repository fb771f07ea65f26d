"""Breakdowns everywhere (issue 15): each computed indicator's disaggregations on its page,
on the dashboard (a switch), in the API and in the report's annex; groups of fewer than five
people suppressed where the reader may not see the people."""

from __future__ import annotations

import pytest

from hientai.indicators.breakdowns import SUPPRESS_BELOW, indicator_breakdowns, may_see_people
from hientai.indicators.models import Indicator
from hientai.indicators.periods import Period
from hientai.orgs.models import Unit
from tests.reporting.doc_support import demo_fixture

pytestmark = pytest.mark.django_db
CODE = "rd_postgrad_per_10k"  # gender, under 45, ethnic minority, sector, technology group

demo_data = demo_fixture(people=300)


@pytest.fixture
def city(demo_data, db) -> Unit:
    return Unit.objects.get(code="75")


def cells(tables):
    return {(table.by, cell.key): cell for table in tables for cell in table.cells}


def test_small_groups_are_suppressed_for_readers_who_may_not_see_people(city):
    indicator = Indicator.objects.get(code=CODE)
    hidden = cells(indicator_breakdowns(Period(2026), city, [indicator], see_people=False))
    shown = cells(indicator_breakdowns(Period(2026), city, [indicator], see_people=True))
    assert {by for by, _key in shown} == set(indicator.breakdowns)
    small = [
        key
        for key, cell in shown.items()
        if (cell.numerator is not None and 0 < cell.numerator < SUPPRESS_BELOW)
        or (cell.denominator is not None and 0 < cell.denominator < SUPPRESS_BELOW)
    ]
    assert small, "300 people give some group of fewer than five"
    for key in small:
        assert hidden[key].suppressed and hidden[key].numerator is None
        assert hidden[key].value is None and not shown[key].suppressed
    large = [key for key in shown if key not in small]
    assert all(hidden[key].numerator == shown[key].numerator for key in large)


def test_who_may_see_people(city, leader, coordinator, officer_a):
    ward = Unit.objects.get(code="25210")
    assert may_see_people(coordinator, city) and may_see_people(officer_a, ward)
    assert not may_see_people(leader, city) and not may_see_people(officer_a, city)


def test_api_page_and_dashboard_show_breakdowns(city, login, leader, coordinator):
    api = login(leader).get(
        "/api/v1/indicators/breakdowns", {"code": CODE, "unit": "75", "period": "2026"}
    )
    assert api.status_code == 200
    body = api.json()
    assert body["suppress_below"] == 5 and body["breakdowns"]
    suppressed = [c for t in body["breakdowns"] for c in t["cells"] if c["suppressed"]]
    assert suppressed and all(c["numerator"] is None for c in suppressed)
    page = login(leader).get(f"/indicators/{CODE}/", {"unit": "75", "period": "2026"})
    text = page.content.decode()
    assert page.status_code == 200 and "Phân tổ" in text and "dưới 5 người" in text
    board = login(coordinator).get(
        "/reporting/dashboard/", {"period": "2026", "indicator": CODE, "breakdowns": "1"}
    )
    assert board.status_code == 200 and "Theo Giới tính" in board.content.decode()
    plain = login(coordinator).get("/reporting/dashboard/", {"period": "2026", "indicator": CODE})
    assert "Theo Giới tính" not in plain.content.decode()


def test_bad_input_answers_in_vietnamese(city, login, leader):
    response = login(leader).get("/api/v1/indicators/breakdowns", {"period": "2026X"})
    assert response.status_code == 400 and "không hợp lệ" in response.json()["detail"]
    response = login(leader).get("/api/v1/indicators/breakdowns", {"code": "nope"})
    assert response.status_code == 404
