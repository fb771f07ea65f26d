"""The reporting demo: datasets with their due days, a history with approved, late, returned
and missing reports, a draft for `dongxoai` and reports for `sokhcn` to approve; idempotent."""

from __future__ import annotations

import datetime

import pytest

from hientai.accounts.models import User
from hientai.demo.accounts import load_demo_accounts
from hientai.demo.indicators import load_demo_indicators
from hientai.demo.plans import load_demo_plans
from hientai.demo.reporting import load_demo_reporting
from hientai.indicators.models import ReportedValue
from hientai.reporting import services
from hientai.reporting.models import (
    Dataset,
    Status,
    Submission,
    SubmissionEvent,
    SubmissionValue,
)

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def demo(db) -> str:
    load_demo_accounts()
    load_demo_plans()
    load_demo_indicators()
    return load_demo_reporting()


def _snapshot() -> tuple:
    return (
        list(Dataset.objects.values_list("code", "due_month", "due_day").order_by("code")),
        list(Submission.objects.values_list("pk", "status", "submitted_at").order_by("pk")),
        SubmissionValue.objects.count(),
        SubmissionEvent.objects.count(),
        list(
            ReportedValue.objects.values_list(
                "indicator_id", "unit_id", "period", "value"
            ).order_by("pk")
        ),
    )


def test_demo_datasets_and_due_days(demo):
    assert demo and f" {Submission.objects.count()} " in demo  # the one-line summary
    due = {row.code: (row.period_type, row.due_day, row.due_month) for row in Dataset.objects.all()}
    assert due == {
        "BC6T-NLKHCN": ("half_year", 20, 6),
        "BCN-NLKHCN": ("year", 5, 12),
        "BCN-KNS": ("digital_year", 20, 11),
        "BCN-KHCN": ("year", 5, 12),
        "BCN-NVKHCN": ("year", 5, 12),
        "BCN-LHH": ("year", 5, 12),
        "BCN-GDNN": ("year", 5, 12),
        "BCN-LDDT": ("year", 5, 12),
        "BCN-NLS-GD": ("digital_year", 20, 11),
    }
    for dataset in Dataset.objects.all():
        assert dataset.items.count() >= 1
        assert dataset.assignments.count() >= 1
        assert all(item.indicator.kind == "reported" for item in dataset.items.all())


def test_demo_story(demo):
    statuses = set(Submission.objects.values_list("status", flat=True))
    assert statuses == {"draft", "submitted", "approved", "returned"}
    draft = Submission.objects.get(dataset__code="BCN-NLKHCN", unit__code="25210", period="2026")
    assert draft.status == Status.DRAFT
    assert draft.due_date == datetime.date(2026, 12, 5)
    assert any(value.warnings for value in draft.values.all())  # the outlier is flagged
    coordinator = User.objects.get(username="sokhcn")
    assert services.review_queue(coordinator).count() >= 3
    # Past periods: some late, some missing, one returned.
    rows = services.completeness("2025H1", today=TODAY)
    city = rows[0]
    assert city.unit.code == "75"
    assert city.late >= 2 and city.missing >= 1 and city.on_time >= 5
    assert services.completeness("2025", today=TODAY)[0].returned == 1
    digital = services.completeness("2026", today=TODAY)[0]
    assert digital.missing >= 1 and digital.pending >= 1  # digital past due, yearly not yet
    dongxoai = User.objects.get(username="dongxoai")
    mine = services.expectations(services.recent_periods(TODAY), user=dongxoai, today=TODAY)
    assert {row.unit.code for row in mine} == {"25210"}
    assert any(row.is_overdue for row in mine)  # the digital-skills report of 2026


def test_demo_approved_values_count_in_indicators(demo):
    approved = Submission.objects.filter(status=Status.APPROVED).first()
    value = approved.values.exclude(value=None).first()
    reported = ReportedValue.objects.get(
        indicator=value.indicator, unit=approved.unit, period=approved.period
    )
    assert reported.value == value.value


def test_demo_is_idempotent(demo):
    before = _snapshot()
    assert load_demo_reporting() == ""
    load_demo_indicators()
    assert load_demo_reporting() == ""
    assert _snapshot() == before
