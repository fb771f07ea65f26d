"""Validation rules of the data-entry form (Vietnamese messages, nothing half-saved) and the
outlier warnings (stored, shown, never blocking)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hientai.reporting import services
from hientai.reporting.models import Submission, SubmissionEvent, SubmissionValue
from tests.reporting.rep_support import *  # noqa: F403
from tests.reporting.rep_support import at


@pytest.fixture
def draft(datasets, unit_a, officer_a) -> Submission:
    return services.open_submission(datasets["year"], unit_a, "2026", officer_a)


def errors_of(draft, officer, values) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        services.save_values(draft, officer, values)
    return caught.value.message_dict


@pytest.mark.parametrize(
    ("code", "raw", "expected"),
    [
        (
            "T.TRAINED",
            {"numerator": "130", "denominator": "120"},
            "Tử số (130) không được lớn hơn mẫu số (120).",
        ),
        ("T.TRAINED", {"value": "120"}, "Tỷ lệ phần trăm phải từ 0 đến 100"),
        ("T.TRAINED", {"value": "-1"}, "Tỷ lệ phần trăm phải từ 0 đến 100"),
        ("T.TRAINED", {"numerator": "12"}, "Hãy nhập cả tử số và mẫu số"),
        ("T.TRAINED", {"numerator": "0", "denominator": "0"}, "Mẫu số phải lớn hơn 0."),
        (
            "T.TRAINED",
            {"numerator": "12,5", "denominator": "40"},
            "Tử số là số người hoặc số lượng: phải là số nguyên",
        ),
        ("T.EXPERTS", {"value": "-3"}, "Số lượng không được âm"),
        ("T.EXPERTS", {"value": "2,5"}, "Số lượng là số người hoặc số lượng: phải là số nguyên"),
        ("T.EXPERTS", {"value": "ba"}, "“ba” không phải là số."),
        ("T.EXPERTS", {"value": "1.2.3"}, "không phải là số"),
        ("T.RND", {"numerator": "12"}, "Hãy nhập cả số lượng (tử số) và dân số (mẫu số)."),
        ("T.GROWTH", {"value": "-150"}, "không thể thấp hơn −100%"),
    ],
)
def test_bad_value_gives_a_vietnamese_error(draft, officer_a, vietnamese, code, raw, expected):
    errors = errors_of(draft, officer_a, {code: raw})
    assert expected in " ".join(errors[code])
    assert not SubmissionValue.objects.exists()


def test_one_bad_value_saves_nothing(draft, officer_a, vietnamese):
    services.save_values(draft, officer_a, {"T.EXPERTS": {"value": "4"}})
    events = SubmissionEvent.objects.count()
    errors = errors_of(
        draft,
        officer_a,
        {
            "T.EXPERTS": {"value": "7"},  # valid, but must not be written either
            "T.TRAINED": {"numerator": "50", "denominator": "40"},
            "T.RND": {"numerator": "12", "denominator": "98000"},
        },
    )
    assert set(errors) == {"T.TRAINED"}
    assert list(SubmissionValue.objects.values_list("indicator__code", "value")) == [
        ("T.EXPERTS", Decimal(4))
    ]
    assert SubmissionEvent.objects.count() == events
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_unknown_indicator_is_refused(draft, officer_a, vietnamese):
    errors = errors_of(draft, officer_a, {"NOPE": {"value": "1"}})
    assert errors["__all__"] == ["Chỉ tiêu NOPE không có trong mẫu báo cáo này."]


def test_values_are_computed_and_parsed(draft, officer_a):
    services.save_values(
        draft,
        officer_a,
        {
            "T.TRAINED": {"numerator": "1 200", "denominator": "1600"},
            "T.RND": {"numerator": "12", "denominator": "98000"},
            "T.GROWTH": {"value": "-2,5"},
            "T.EXPERTS": {"value": 3},
        },
    )
    stored = {row.indicator.code: row for row in SubmissionValue.objects.all()}
    assert stored["T.TRAINED"].value == Decimal("75")
    assert stored["T.RND"].value == Decimal("1.2245")
    assert stored["T.GROWTH"].value == Decimal("-2.5")
    assert stored["T.EXPERTS"].value == 3 and stored["T.EXPERTS"].numerator == 3


def test_blank_clears_a_value(draft, officer_a):
    services.save_values(draft, officer_a, {"T.EXPERTS": {"value": "4"}})
    services.save_values(draft, officer_a, {"T.EXPERTS": {"value": ""}})
    assert not SubmissionValue.objects.exists()


def _approved_history(datasets, unit, officer, coordinator, values_by_year):
    for year, values in values_by_year.items():
        submission = services.open_submission(datasets["year"], unit, str(year), officer)
        services.save_values(submission, officer, values)
        services.submit(submission, officer, now=at(year, 12, 1))
        services.approve(submission, coordinator, now=at(year, 12, 2))


def test_outlier_warnings_are_stored_not_blocking(
    datasets, unit_a, officer_a, coordinator, vietnamese
):
    history = {
        2023: {
            "T.EXPERTS": {"value": "10"},
            "T.TRAINED": {"numerator": "40", "denominator": "100"},
        },
        2024: {
            "T.EXPERTS": {"value": "12"},
            "T.TRAINED": {"numerator": "45", "denominator": "100"},
        },
        2025: {
            "T.EXPERTS": {"value": "11"},
            "T.TRAINED": {"numerator": "42", "denominator": "100"},
        },
    }
    full = {"T.RND": {"numerator": "1", "denominator": "9000"}, "T.GROWTH": {"value": "1"}}
    _approved_history(
        datasets,
        unit_a,
        officer_a,
        coordinator,
        {year: {**values, **full} for year, values in history.items()},
    )
    draft = services.open_submission(datasets["year"], unit_a, "2026", officer_a)
    result = services.save_values(
        draft,
        officer_a,
        {
            "T.EXPERTS": {"value": "40"},  # > 3 × median 11
            "T.TRAINED": {"numerator": "80", "denominator": "100"},  # +38 points from 2025
            **full,
        },
    )
    assert "trung vị các kỳ trước (11; 2025, 2024, 2023)" in result.warnings["T.EXPERTS"][0]
    assert any("hơn 30 điểm phần trăm" in text for text in result.warnings["T.TRAINED"])
    stored = SubmissionValue.objects.get(submission=draft, indicator__code="T.EXPERTS")
    assert stored.warnings[0]["code"] == "far_from_median"
    assert stored.value == 40  # saved despite the warning
    services.submit(draft, officer_a)  # and the report can still be submitted
    # An ordinary figure gets no warning; a small one (< 1/3 of the median) does.
    quiet = services.open_submission(datasets["year"], unit_a, "2027", officer_a)
    result = services.save_values(quiet, officer_a, {"T.EXPERTS": {"value": "13"}})
    assert result.warnings == {}
    result = services.save_values(quiet, officer_a, {"T.EXPERTS": {"value": "3"}})
    assert "T.EXPERTS" in result.warnings


def test_outliers_compare_half_years_with_half_years(datasets, unit_a, officer_a, coordinator):
    _approved_history(
        datasets,
        unit_a,
        officer_a,
        coordinator,
        {
            2025: {
                "T.EXPERTS": {"value": "100"},
                "T.TRAINED": {"numerator": "50", "denominator": "100"},
                "T.RND": {"numerator": "1", "denominator": "9000"},
                "T.GROWTH": {"value": "1"},
            }
        },
    )
    half = services.open_submission(datasets["half"], unit_a, "2026H1", officer_a)
    result = services.save_values(half, officer_a, {"T.EXPERTS": {"value": "10"}})
    assert result.warnings == {}  # the yearly 100 is not this half year's history
