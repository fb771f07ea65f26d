"""Targets: achievement (direction-aware), status and the linear forecast."""

import datetime
from decimal import Decimal

import pytest

from hientai.indicators.models import IndicatorTarget
from hientai.indicators.periods import Period
from hientai.indicators.services import (
    achievement,
    evaluate,
    judge,
    linear_forecast,
    record_reported,
)
from hientai.orgs.models import Unit

TODAY = datetime.date(2026, 11, 23)
D = Decimal


@pytest.fixture
def up(make_indicator):
    return make_indicator("T.UP")


@pytest.fixture
def down(make_indicator):
    return make_indicator("T.DOWN", direction="down")


def test_linear_forecast_is_least_squares():
    # y = 10 + 5 (x - 2024) exactly
    points = [(D(2024), D(10)), (D(2025), D(15)), (D(2026), D(20))]
    assert linear_forecast(points, D(2030)) == D(40)
    # Noisy points: slope 4.5 through the means (2025, 15.5)
    noisy = [(D(2024), D(11)), (D(2025), D(15)), (D(2026), D(20))]
    assert linear_forecast(noisy, D(2030)) == D("15.333333333333333333333333333") + D("4.5") * 5
    assert linear_forecast([(D(2025), D(7))], D(2030)) == D(7)  # one point: flat
    assert linear_forecast([], D(2030)) is None


def test_achievement_is_direction_aware(up, down):
    assert achievement(up, D(15), D(30)) == D(50)
    assert achievement(down, D(4), D(2)) == D(50)  # twice the allowed rate: half achieved
    assert achievement(down, D(1), D(2)) == D(200)
    assert achievement(up, None, D(2)) is None


def test_statuses(up, down):
    history = [(D(2024), D(10))]
    p2026h1 = Period(2026, 1)
    assert judge(up, p2026h1, D(12), None, None, history, TODAY)[0] == "no_target"
    assert judge(up, p2026h1, None, D(30), 2030, history, TODAY)[0] == "no_data"
    assert judge(up, p2026h1, D(31), D(30), 2030, history, TODAY)[0] == "achieved"
    # From 10 (2024) to 14 at mid-2026: +2.67 a year, 26 by 2030 < 30.
    status, reached, forecast = judge(up, p2026h1, D(14), D(30), 2030, history, TODAY)
    assert status == "at_risk" and reached.quantize(D("0.1")) == D("46.7")
    assert D(25) < forecast < D(27)
    # From 10 to 20 at mid-2026: +6.67 a year, 43 by 2030: on track.
    assert judge(up, p2026h1, D(20), D(30), 2030, history, TODAY)[0] == "on_track"
    # A 2025 target missed: not achieved (the year is over).
    assert judge(up, Period(2025), D(20), D(30), 2025, history, TODAY)[0] == "not_achieved"
    assert judge(up, p2026h1, D(20), D(30), 2025, history, TODAY)[0] == "not_achieved"
    # The 2026 target while 2026 is not over yet: judged by the forecast.
    assert judge(up, Period(2026), D(20), D(30), 2026, history, TODAY)[0] == "at_risk"
    # Lower is better: late dossiers 5 % (2024) → 3 % mid-2026, target 2 % by 2028.
    late = [(D(2024), D(5))]
    assert judge(down, p2026h1, D(3), D(2), 2028, late, TODAY)[0] == "on_track"
    assert judge(down, p2026h1, D("4.8"), D(2), 2028, late, TODAY)[0] == "at_risk"
    assert judge(down, p2026h1, D("1.5"), D(2), 2028, late, TODAY)[0] == "achieved"


def test_evaluate_uses_the_unit_targets_baseline_and_past_years(up, db):
    city = Unit.objects.get(code="75")
    IndicatorTarget.objects.create(indicator=up, unit=city, year=2024, value=40, is_baseline=True)
    IndicatorTarget.objects.create(indicator=up, unit=city, year=2030, value=90)
    IndicatorTarget.objects.create(indicator=up, unit=city, year=2045, value=99)
    for year, numerator in ((2025, 50),):
        record_reported(up, city, Period(year), numerator=numerator, denominator=100)
    record_reported(up, city, "2026H1", numerator=58, denominator=100)
    value = evaluate("2026H1", units=[city], indicators=[up])[0]
    assert (value.target, value.target_year) == (90, 2030)  # the next target, not 2045
    assert (value.baseline, value.baseline_year) == (40, 2024)
    assert value.achievement.quantize(D("0.01")) == D("64.44")
    # Points (2024, 40), (2025, 50), (2025.5, 58): about +11.8 a year, above 90 by 2030.
    assert value.status == "on_track"
    assert value.forecast > 90
    ward = Unit.objects.get(code="25210")
    assert evaluate("2026H1", units=[ward], indicators=[up])[0].status == "no_target"
    later = evaluate("2031", units=[city], indicators=[up])[0]
    assert (later.target_year, later.status) == (2045, "no_data")
