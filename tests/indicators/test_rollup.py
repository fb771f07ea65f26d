"""Aggregation up the unit tree: ratio of sums (never the average of ratios), weighted
reported percentages, sums of counts, and a query count that does not grow with units."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hientai.indicators.models import ReportedValue
from hientai.indicators.periods import Period
from hientai.indicators.services import IndicatorError, evaluate, record_reported
from hientai.orgs.models import Unit

TRAINED_2025 = datetime.date(2025, 3, 1)


@pytest.fixture
def tree(db):
    """A crafted tree: a district-like parent with a small and a large child unit."""
    city = Unit.objects.get(code="75")
    parent = Unit.objects.create(code="T.PARENT", name_vi="Khối thử", kind="division", parent=city)
    small = Unit.objects.create(code="T.SMALL", name_vi="Đơn vị nhỏ", kind="ward", parent=parent)
    large = Unit.objects.create(code="T.LARGE", name_vi="Đơn vị lớn", kind="ward", parent=parent)
    return {"city": city, "parent": parent, "small": small, "large": large}


def by_unit(values):
    return {value.unit.code: value for value in values}


def test_computed_ratio_of_sums_not_average_of_ratios(tree, make_person, trained_share):
    # Small unit: 1 of 2 trained (50 %); large unit: 1 of 8 trained (12.5 %).
    make_person("T.SMALL", trainings=(("digital_skills", TRAINED_2025),))
    make_person("T.SMALL")
    make_person("T.LARGE", trainings=(("management", TRAINED_2025),))
    for _ in range(7):
        make_person("T.LARGE")
    values = by_unit(evaluate("2025", units=list(tree.values()), indicators=[trained_share]))
    assert values["T.SMALL"].value == Decimal(50)
    assert values["T.LARGE"].value == Decimal("12.5")
    parent = values["T.PARENT"]
    assert (parent.numerator, parent.denominator) == (2, 10)
    assert parent.value == Decimal(20)  # 2 / 10, the ratio of sums
    assert parent.value != (Decimal(50) + Decimal("12.5")) / 2  # not 31.25
    assert values["75"].value == Decimal(20)  # nobody else in the city's registry


def test_reported_ratio_of_sums_and_weighted_percentages(tree, make_indicator):
    on_time = make_indicator("T.ONTIME")
    period = Period(2025)
    record_reported(on_time, tree["small"], period, numerator=1, denominator=10)
    record_reported(on_time, tree["large"], period, numerator=90, denominator=100)
    values = by_unit(evaluate(period, units=[tree["parent"]], indicators=[on_time]))
    expected = Decimal(91) * 100 / Decimal(110)
    assert values["T.PARENT"].value == expected  # 82.73 %, not (10 % + 90 %) / 2 = 50 %
    assert abs(values["T.PARENT"].value - Decimal(50)) > 30

    # Only a percentage and its denominator: weighted by the denominator, same result.
    ReportedValue.objects.all().delete()
    record_reported(on_time, tree["small"], period, value=10, denominator=10)
    record_reported(on_time, tree["large"], period, value=90, denominator=100)
    values = by_unit(evaluate(period, units=[tree["parent"], tree["small"]], indicators=[on_time]))
    assert values["T.PARENT"].value.quantize(Decimal("0.0001")) == expected.quantize(
        Decimal("0.0001")
    )
    assert values["T.SMALL"].value == Decimal(10)


def test_a_percentage_without_weight_is_never_averaged_into_the_parent(tree, make_indicator):
    share = make_indicator("T.SHARE")
    record_reported(share, tree["small"], "2025", value=10)
    record_reported(share, tree["large"], "2025", value=90)
    values = by_unit(evaluate("2025", units=list(tree.values()), indicators=[share]))
    assert values["T.SMALL"].value == Decimal(10)
    assert values["T.PARENT"].value is None
    assert values["T.PARENT"].status == "no_target"


def test_counts_are_summed(tree, make_indicator):
    graduates = make_indicator("T.COUNT", unit="count", aggregation="sum")
    record_reported(graduates, tree["small"], "2026H1", value=3)
    record_reported(graduates, tree["large"], "2026H1", value=12)
    record_reported(graduates, tree["large"], "2025H2", value=40)  # another period
    values = by_unit(evaluate("2026H1", units=list(tree.values()), indicators=[graduates]))
    assert values["T.PARENT"].value == 15
    assert values["75"].value == 15


def test_only_approved_values_count_and_upsert(tree, make_indicator):
    share = make_indicator("T.UPSERT")
    record_reported(share, tree["small"], "2025", numerator=1, denominator=4)
    record_reported(share, tree["small"], "2025", numerator=3, denominator=4)
    assert ReportedValue.objects.filter(indicator=share).count() == 1
    assert evaluate("2025", units=[tree["small"]], indicators=[share])[0].value == 75


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "Cần nhập giá trị hoặc tử số"),
        ({"numerator": -1, "denominator": 4}, "không được âm"),
        ({"numerator": 5, "denominator": 4}, "không được lớn hơn mẫu số"),
        ({"numerator": 1, "denominator": 0}, "Mẫu số phải lớn hơn 0"),
        ({"value": "abc"}, "không phải là số"),
    ],
)
def test_bad_reported_values_are_refused_and_nothing_is_written(
    tree, make_indicator, vietnamese, kwargs, message
):
    share = make_indicator("T.BAD")
    with pytest.raises(IndicatorError, match=message):
        record_reported(share, tree["small"], "2025", **kwargs)
    with pytest.raises(IndicatorError, match="Kỳ báo cáo"):
        record_reported(share, tree["small"], "2025H3", numerator=1, denominator=2)
    assert not ReportedValue.objects.exists()


def test_query_count_does_not_grow_with_the_number_of_units(
    tree, make_person, trained_share, make_indicator
):
    per_10k = make_indicator(
        "T.PER10K",
        {"numerator": {"category": ["scientist"]}, "denominator": "population", "scale": 10000},
        unit="per_10k",
    )
    reported = make_indicator("T.REPORTED")
    for code in ("T.SMALL", "T.LARGE", "25210", "26041"):
        make_person(code, categories=("public_staff", "scientist"))
    record_reported(reported, tree["small"], "2025", numerator=1, denominator=2)
    indicators = [trained_share, per_10k, reported]
    evaluate("2025", indicators=indicators)  # warm up

    def count(units):
        with CaptureQueriesContext(connection) as captured:
            values = evaluate("2025", units=units, indicators=indicators)
        assert len(values) == len(units) * len(indicators)
        return len(captured.captured_queries)

    all_units = list(Unit.objects.all())
    assert len(all_units) > 400
    assert count(all_units[:2]) == count(all_units[:10]) == count(all_units)
    city = by_unit(evaluate("2025", units=[tree["city"]], indicators=[per_10k]))["75"]
    assert city.numerator == 4
    assert city.denominator > 4_000_000  # the city's population
