"""Fixtures of the reporting workflow tests: a small catalogue of reported indicators, the
three periodic datasets of the plans (6-monthly due 20/6, yearly due 05/12, digital skills
due 20/11) assigned to the two persona units, and moments in the city's time zone.

Import the fixtures into a test module with `from tests.reporting.rep_support import *`.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from hientai.indicators.models import Indicator
from hientai.orgs.models import Unit
from hientai.reporting import reference
from hientai.reporting.models import Assignment, Dataset, DatasetIndicator, PeriodType
from tests.conftest import UNIT_A, UNIT_B

CITY_TIME = ZoneInfo("Asia/Ho_Chi_Minh")

__all__ = [
    "at",
    "datasets",
    "indicators",
    "unit_a",
    "unit_b",
    "vietnamese",
]


def at(year: int, month: int, day: int, hour: int = 10) -> datetime.datetime:
    """A moment on a day in Đồng Nai (due days are local days)."""
    return datetime.datetime(year, month, day, hour, tzinfo=CITY_TIME)


@pytest.fixture
def vietnamese():
    """Vietnamese active, so tests see the messages an officer sees."""
    with translation.override("vi"):
        yield


@pytest.fixture
def unit_a(db) -> Unit:
    return Unit.objects.get(code=UNIT_A)


@pytest.fixture
def unit_b(db) -> Unit:
    return Unit.objects.get(code=UNIT_B)


@pytest.fixture
def indicators(db) -> dict[str, Indicator]:
    # The crafted datasets stand alone: the statutory ones that `migrate` loads (reference
    # data, assigned to every department, ward and commune) are set aside for the test.
    Dataset.objects.filter(
        code__in=[entry["code"] for entry in reference.DATASETS + reference.PLAN_DATASETS]
    ).delete()

    def make(code: str, unit: str, name: str, position: int) -> Indicator:
        return Indicator.objects.create(
            code=code,
            name_vi=name,
            name_en=code,
            unit=unit,
            kind="reported",
            aggregation="sum" if unit == "count" else "ratio_of_sums",
            position=position,
        )

    return {
        "trained": make("T.TRAINED", "percent", "Tỷ lệ CBCCVC được bồi dưỡng", 1),
        "experts": make("T.EXPERTS", "count", "Số chuyên gia thu hút", 2),
        "rnd": make("T.RND", "per_10k", "Nhân lực R&D trên 1 vạn dân", 3),
        "growth": make("T.GROWTH", "growth_pct", "Tăng trưởng nhân lực số", 4),
    }


@pytest.fixture
def datasets(db, indicators, unit_a, unit_b) -> dict[str, Dataset]:
    def make(code: str, period_type: str, month: int, day: int, codes: list[str]) -> Dataset:
        dataset = Dataset.objects.create(
            code=code,
            name_vi=f"Báo cáo {code}",
            name_en=code,
            period_type=period_type,
            due_month=month,
            due_day=day,
        )
        for position, key in enumerate(codes):
            DatasetIndicator.objects.create(
                dataset=dataset, indicator=indicators[key], position=position
            )
        for unit in (unit_a, unit_b):
            Assignment.objects.create(dataset=dataset, unit=unit)
        return dataset

    return {
        "half": make("H", PeriodType.HALF_YEAR, 6, 20, ["trained", "experts"]),
        "year": make("Y", PeriodType.YEAR, 12, 5, ["trained", "experts", "rnd", "growth"]),
        "digital": make("D", PeriodType.DIGITAL_YEAR, 11, 20, ["trained"]),
    }
