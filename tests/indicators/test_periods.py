import datetime

import pytest

from hientai.indicators.periods import Period


@pytest.mark.parametrize(
    ("text", "year", "half"),
    [("2026", 2026, None), ("2026H1", 2026, 1), ("2026-H2", 2026, 2), (" 2025h2 ", 2025, 2)],
)
def test_parse_accepts_years_and_half_years(text, year, half):
    period = Period.parse(text)
    assert (period.year, period.half) == (year, half)
    assert Period.parse(str(period)) == period


def test_bounds_and_names():
    assert Period.parse("2026H1").start == datetime.date(2026, 1, 1)
    assert Period.parse("2026H1").end == datetime.date(2026, 6, 30)
    assert Period.parse("2026H2").start == datetime.date(2026, 7, 1)
    assert Period.parse("2026").end == datetime.date(2026, 12, 31)
    assert str(Period(2026, 2)) == "2026H2"
    assert Period.parse("2026H1").previous() == Period(2025, 2)
    assert Period(2026).previous() == Period(2025)


def test_label_is_vietnamese(vietnamese):
    assert Period.parse("2026H1").label == "6 tháng đầu năm 2026"
    assert Period.parse("2026H2").label == "6 tháng cuối năm 2026"
    assert Period.parse("2026").label == "năm 2026"


@pytest.mark.parametrize("text", ["2026H3", "H1", "năm 2026", "", "20261"])
def test_bad_periods_are_refused_in_vietnamese(text, vietnamese):
    with pytest.raises(ValueError, match=r"Kỳ báo cáo .* không hợp lệ"):
        Period.parse(text)
