"""Timeliness against the due days (acceptance): a submission the day before, on and after the
due date of the 6-monthly report (20/6), the yearly report (05/12) and the digital-skills
report (20/11); missing after the due day; completeness rolled up the unit tree."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.indicators.periods import Period
from hientai.orgs.models import Unit
from hientai.reporting import services
from hientai.reporting.models import Assignment, Dataset, PeriodType, ReportRequest
from tests.reporting.rep_support import *  # noqa: F403
from tests.reporting.rep_support import at

VALUES = {
    "T.TRAINED": {"numerator": "30", "denominator": "120"},
    "T.EXPERTS": {"value": "4"},
    "T.RND": {"numerator": "12", "denominator": "98000"},
    "T.GROWTH": {"value": "3"},
}


def deliver(dataset, unit, period, officer, when: datetime.datetime):
    submission = services.open_submission(dataset, unit, period, officer)
    codes = {item.indicator.code for item in services.form_items(submission)}
    services.save_values(submission, officer, {c: v for c, v in VALUES.items() if c in codes})
    return services.submit(submission, officer, now=when)


@pytest.mark.parametrize(
    ("key", "period", "due"),
    [
        ("half", "2026H1", datetime.date(2026, 6, 20)),
        ("year", "2026", datetime.date(2026, 12, 5)),
        ("digital", "2026", datetime.date(2026, 11, 20)),
    ],
)
def test_due_days(datasets, key, period, due):
    assert services.due_date(datasets[key], period) == due
    assert datasets[key].default_due_date(Period.parse(period)) == due


@pytest.mark.parametrize(
    ("key", "period", "due"),
    [
        ("half", "2026H1", datetime.date(2026, 6, 20)),
        ("year", "2026", datetime.date(2026, 12, 5)),
        ("digital", "2026", datetime.date(2026, 11, 20)),
    ],
)
@pytest.mark.parametrize(("shift", "expected"), [(-1, "on_time"), (0, "on_time"), (1, "late")])
def test_submission_a_day_before_on_or_after_the_due_date(
    datasets, unit_a, officer_a, key, period, due, shift, expected
):
    day = due + datetime.timedelta(days=shift)
    # Late in the evening, local time: the day counts in Đồng Nai, not in UTC.
    submission = deliver(
        datasets[key], unit_a, period, officer_a, at(day.year, day.month, day.day, 23)
    )
    assert submission.due_date == due
    assert submission.timeliness(today=due + datetime.timedelta(days=30)) == expected
    row = services.completeness(period, unit=unit_a, today=due + datetime.timedelta(days=30))[0]
    own = [item for item in row.items if item.dataset == datasets[key]]
    assert own[0].timeliness == expected


def test_missing_only_after_the_due_day(datasets, unit_a):
    due = datetime.date(2026, 11, 20)
    for today, expected in ((due, "pending"), (due + datetime.timedelta(days=1), "missing")):
        rows = services.expectations("2026", unit=unit_a, today=today)
        digital = next(row for row in rows if row.dataset == datasets["digital"])
        assert digital.timeliness == expected
        assert digital.status == "not_started"


def test_a_draft_after_the_due_day_is_missing(datasets, unit_a, officer_a):
    services.open_submission(datasets["half"], unit_a, "2026H1", officer_a)
    [row] = services.expectations("2026H1", unit=unit_a, today=datetime.date(2026, 6, 21))
    assert row.status == "draft" and row.is_overdue


def test_a_request_moves_the_due_date(datasets, unit_a, officer_a, coordinator):
    services.open_submission(datasets["year"], unit_a, "2026", officer_a)
    services.request_report(datasets["year"], "2026", datetime.date(2026, 12, 10), coordinator)
    assert services.due_date(datasets["year"], "2026") == datetime.date(2026, 12, 10)
    submission = deliver(datasets["year"], unit_a, "2026", officer_a, at(2026, 12, 8))
    assert submission.due_date == datetime.date(2026, 12, 10)
    assert submission.timeliness(today=datetime.date(2027, 1, 1)) == "on_time"
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied: officers do not request
        services.request_report(datasets["year"], "2027", datetime.date(2027, 12, 1), officer_a)


def test_ad_hoc_reports_are_due_by_their_request(indicators, unit_a, officer_a, coordinator):
    dataset = Dataset.objects.create(
        code="ADHOC", name_vi="Báo cáo đột xuất", period_type=PeriodType.AD_HOC
    )
    dataset.items.create(indicator=indicators["experts"])
    Assignment.objects.create(dataset=dataset, unit=unit_a)
    with pytest.raises(ValidationError):  # nothing requested yet
        services.open_submission(dataset, unit_a, "2026", officer_a)
    assert services.expectations("2026", unit=unit_a) == []
    services.request_report(dataset, "2026", datetime.date(2026, 9, 15), coordinator)
    assert ReportRequest.objects.get().due_date == datetime.date(2026, 9, 15)
    [row] = services.expectations("2026", unit=unit_a, today=datetime.date(2026, 9, 16))
    assert row.due_date == datetime.date(2026, 9, 15) and row.is_overdue
    submission = services.open_submission(dataset, unit_a, "2026", officer_a)
    services.save_values(submission, officer_a, {"T.EXPERTS": {"value": "2"}})
    services.submit(submission, officer_a, now=at(2026, 9, 15, 17))
    assert submission.timeliness() == "on_time"


def test_completeness_rolls_up_the_tree(
    datasets, unit_a, unit_b, officer_a, officer_b, coordinator
):
    division = Unit.objects.get(code="25210.VHXH", parent=unit_a)  # Phòng Văn hóa - Xã hội
    Assignment.objects.create(dataset=datasets["year"], unit=division)
    deliver(datasets["year"], unit_a, "2026", officer_a, at(2026, 12, 4))  # on time
    deliver(datasets["year"], division, "2026", officer_a, at(2026, 12, 7))  # late
    late_b = deliver(datasets["year"], unit_b, "2026", officer_b, at(2026, 12, 6))  # late
    services.approve(late_b, coordinator)
    today = datetime.date(2026, 12, 20)
    rows = services.completeness("2026", today=today)
    by_code = {row.unit.code: row for row in rows}
    assert [row.unit.code for row in rows] == ["75", "25210", "25210.VHXH", "26041"]
    city = by_code["75"]
    # 3 units owe the yearly report; the two wards also the digital-skills report (missing).
    assert (city.expected, city.submitted, city.approved) == (5, 3, 1)
    assert (city.on_time, city.late, city.missing, city.pending) == (1, 2, 2, 0)
    assert city.rate == 60.0 and city.timely_rate == 20.0
    assert city.is_rollup and city.level == 0
    ward = by_code["25210"]
    assert (ward.expected, ward.own_expected, ward.on_time, ward.late, ward.missing) == (
        3,
        2,
        1,
        1,
        1,
    )
    assert ward.level == 1 and not ward.is_rollup
    assert by_code["25210.VHXH"].level == 2
    # From one unit down, and limited to what a user reads.
    assert [row.unit.code for row in services.completeness("2026", unit=unit_a, today=today)] == [
        "25210",
        "25210.VHXH",
    ]
    officer_rows = services.completeness("2026", user=officer_a, today=today)
    assert [row.unit.code for row in officer_rows] == ["25210", "25210.VHXH"]
    # A year with its half years.
    assert services.completeness("2026", today=today, within=True)[0].expected == 7


def test_completeness_query_count_does_not_grow_with_units(datasets, django_assert_max_num_queries):
    for code in ("25195", "25217", "25220", "25222", "26068"):
        Assignment.objects.create(dataset=datasets["year"], unit=Unit.objects.get(code=code))
    with django_assert_max_num_queries(5):
        rows = services.completeness("2026", today=datetime.date(2026, 12, 20))
    assert rows[0].expected == 7 + 2


def test_assignment_ended_is_not_expected(datasets, unit_a):
    Assignment.objects.filter(unit=unit_a).update(until=datetime.date(2025, 12, 31))
    assert services.expectations("2026", unit=unit_a) == []
    assert len(services.expectations("2025", unit=unit_a)) == 2


def test_leader_reads_the_completeness_of_the_city(datasets, leader):
    rows = services.completeness("2026", user=leader, today=datetime.date(2026, 12, 20))
    assert rows[0].unit.code == "75" and rows[0].expected == 4


def test_two_units_of_an_officer(datasets, officer_a, unit_b):
    RoleAssignment.objects.create(user=officer_a, role=Role.OFFICER, unit=unit_b)
    officer = User.objects.get(pk=officer_a.pk)
    rows = services.expectations("2026", user=officer)
    assert {row.unit.code for row in rows} == {"25210", "26041"}
