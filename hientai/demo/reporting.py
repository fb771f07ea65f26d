"""Demo data of the reporting app: a history of submissions to the three statutory datasets
(reference data, reporting/reference.py, loaded by migration), made through the workflow
services (so the audit trail, timeliness and approved values are real), and the links from
those datasets to the sample plans' reporting duties.

- 2025H1, 2025 and 2026H1: mostly approved, some late, one returned, some missing.
- 2026 (today 23/11/2026 in the demo story): the digital-skills report is past due (some on
  time, one late awaiting approval, one returned, some missing); the yearly report is due
  05/12 — `dongxoai` (25210) has a draft with an outlier warning, several units wait for
  `sokhcn` to approve.

Units that the indicator demo gives reported values (`REPORTING_UNITS`) submit those very
values, so approving them changes no figure; idempotent: run twice, nothing changes.
"""

from __future__ import annotations

import datetime
import random
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils.translation import gettext as _

from hientai.accounts.models import User
from hientai.demo.indicators import (
    DATASET_REPORTERS,
    GROWTH_WEIGHT,
    REPORTED_PROFILES,
    REPORTING_UNITS,
)
from hientai.indicators.models import Indicator, ReportedValue
from hientai.indicators.periods import Period
from hientai.orgs.models import Unit
from hientai.plans.models import ReportingDuty
from hientai.reporting import reference, services
from hientai.reporting.models import Dataset, DatasetIndicator, Submission
from hientai.reporting.reference import ADMIN_INDICATORS, DATASETS, PLAN_DATASETS

CITY_TIME = ZoneInfo("Asia/Ho_Chi_Minh")

# What happened to each report: (dataset, period, unit) → (story, submitted on).
# Stories: "approved", "submitted" (awaiting approval), "returned", "draft"; no entry: missing
# or not started. Submission dates are the unit's first submission.


def _day(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=CITY_TIME)


def _stories() -> dict[tuple[str, str, str], tuple[str, datetime.datetime]]:
    half, year, digital = (entry["code"] for entry in DATASETS)
    stories: dict[tuple[str, str, str], tuple[str, datetime.datetime]] = {}
    regular = list(REPORTING_UNITS)
    for index, unit in enumerate(regular):
        # Past periods: every regular unit approved; two late in 2025H1, one late in 2025 and
        # in 2026H1.
        stories[(half, "2025H1", unit)] = (
            "approved",
            _day(2025, 6, 22 if index == 2 else 17) if index != 5 else _day(2025, 7, 1),
        )
        stories[(year, "2025", unit)] = (
            "approved",
            _day(2025, 12, 9) if index == 4 else _day(2025, 12, 1 + index % 4),
        )
        stories[(half, "2026H1", unit)] = (
            "approved",
            _day(2026, 6, 24) if index == 3 else _day(2026, 6, 15 + index % 5),
        )
    # Extra units: late, returned or missing.
    stories[(half, "2025H1", "75.SCT")] = ("approved", _day(2025, 6, 19))
    stories[(half, "2025H1", "75.STP")] = ("approved", _day(2025, 6, 26))
    stories[(year, "2025", "75.SCT")] = ("approved", _day(2025, 12, 4))
    stories[(year, "2025", "75.STP")] = ("returned", _day(2025, 12, 3))
    stories[(year, "2025", "25220")] = ("approved", _day(2025, 12, 12))
    stories[(half, "2026H1", "75.SCT")] = ("approved", _day(2026, 6, 18))
    stories[(half, "2026H1", "25220")] = ("approved", _day(2026, 6, 20, 16))
    stories[(half, "2026H1", "75.STP")] = ("submitted", _day(2026, 7, 3))
    # 2026: the yearly report (due 05/12) is open; the digital-skills report is past due.
    stories[(year, "2026", "25210")] = ("draft", _day(2026, 11, 18))
    for unit, day in (("75.SNGV", 16), ("75.SNV", 19), ("26041", 20), ("25195", 21)):
        stories[(year, "2026", unit)] = ("submitted", _day(2026, 11, day))
    stories[(year, "2026", "75.SKHCN")] = ("approved", _day(2026, 11, 12))
    stories[(digital, "2026", "26041")] = ("approved", _day(2026, 11, 14))
    stories[(digital, "2026", "25195")] = ("approved", _day(2026, 11, 19))
    stories[(digital, "2026", "26068")] = ("approved", _day(2026, 11, 20, 15))
    stories[(digital, "2026", "25217")] = ("submitted", _day(2026, 11, 21))
    stories[(digital, "2026", "25220")] = ("returned", _day(2026, 11, 17))
    # The plans' other reported indicators (issue 15), 2026: mostly approved.
    for code, unit, story, moment in (
        ("BCN-KHCN", "75.SKHCN", "approved", _day(2026, 11, 27)),
        ("BCN-NVKHCN", "75.SKHCN", "approved", _day(2026, 11, 26)),
        ("BCN-NVKHCN", "75.SNV", "approved", _day(2026, 12, 2)),
        ("BCN-NVKHCN", "75.SYT", "approved", _day(2026, 12, 3)),
        ("BCN-NVKHCN", "75.SGDDT", "approved", _day(2026, 12, 4)),
        ("BCN-LHH", "75.LHH", "approved", _day(2026, 12, 1)),
        ("BCN-GDNN", "75.SGDDT", "approved", _day(2026, 12, 2)),
        ("BCN-NLS-GD", "75.SGDDT", "approved", _day(2026, 11, 18)),
        ("BCN-LDDT", "25210", "approved", _day(2026, 12, 1)),
        ("BCN-LDDT", "26041", "approved", _day(2026, 12, 2)),
        ("BCN-LDDT", "25195", "approved", _day(2026, 12, 3)),
        ("BCN-LDDT", "25217", "approved", _day(2026, 12, 4)),
        ("BCN-LDDT", "26068", "submitted", _day(2026, 12, 5)),
    ):
        stories[(code, "2026", unit)] = (story, moment)
    return stories


# The units' own words in their 2026 reports: "Khó khăn, vướng mắc" and "Đề xuất, kiến nghị"
# (free-text parts of every form), by unit.
NARRATIVES: dict[str, tuple[str, str]] = {
    "75.SKHCN": (
        "Một số nhiệm vụ khoa học và công nghệ sau nghiệm thu chưa có kinh phí để chuyển giao, "
        "nhân rộng; số liệu đơn đăng ký sáng chế phải đối chiếu thủ công với Cục Sở hữu trí tuệ.",
        "Kiến nghị UBND thành phố bố trí nguồn kinh phí riêng cho chuyển giao, ứng dụng kết quả "
        "nhiệm vụ khoa học và công nghệ sau nghiệm thu.",
    ),
    "75.SNGV": (
        "Chế độ đãi ngộ chưa đủ hấp dẫn để thu hút chuyên gia, trí thức kiều bào về làm việc lâu "
        "dài; thủ tục mời chuyên gia nước ngoài còn kéo dài.",
        "Kiến nghị UBND thành phố sớm ban hành chính sách đặc thù thu hút chuyên gia, nhà khoa "
        "học là người Việt Nam ở nước ngoài.",
    ),
    "75.SNV": (
        "Nguồn kinh phí bồi dưỡng kỹ năng số còn hạn chế; nhiều công chức kiêm nhiệm nên khó bố "
        "trí thời gian học.",
        "Đề nghị bố trí kinh phí mở các lớp bồi dưỡng kỹ năng số cho cán bộ, công chức cấp xã "
        "trong năm 2027.",
    ),
    "75.SGDDT": (
        "Cơ sở vật chất phục vụ giáo dục STEM ở các trường vùng sâu, vùng xa còn thiếu; một số "
        "cơ sở giáo dục nghề nghiệp chưa đủ điều kiện kiểm định chất lượng.",
        "Đề nghị bổ sung thiết bị dạy học STEM cho các trường còn thiếu và hỗ trợ kinh phí kiểm "
        "định chất lượng cho cơ sở giáo dục nghề nghiệp công lập.",
    ),
    "75.LHH": (
        "Nhiều trí thức làm việc ở doanh nghiệp tư nhân chưa tham gia sinh hoạt trong các hội "
        "thành viên.",
        "Đề nghị các sở, ngành tạo điều kiện để trí thức tham gia các hội chuyên ngành.",
    ),
    "25210": (
        "Hệ thống một cửa điện tử chưa liên thông đầy đủ với cơ sở dữ liệu chuyên ngành; số "
        "liệu lao động qua đào tạo còn dựa vào điều tra chọn mẫu.",
        "Đề nghị Sở Khoa học và Công nghệ hỗ trợ kết nối hệ thống một cửa điện tử với nền tảng "
        "báo cáo; đề nghị hướng dẫn thống nhất cách thu thập số liệu lao động qua đào tạo.",
    ),
    "26041": (
        "Thiếu công chức có chuyên môn về công nghệ thông tin để vận hành các nền tảng số.",
        "Đề nghị thành phố ưu tiên tuyển dụng công chức chuyên trách chuyển đổi số cho phường.",
    ),
}


@transaction.atomic
def link_duties() -> None:
    """Each statutory dataset to the sample plans' reporting duty with its due day."""
    for dataset in Dataset.objects.filter(
        code__in=[entry["code"] for entry in DATASETS + PLAN_DATASETS]
    ):
        day, month = dataset.due_day, dataset.due_month
        duty = _duty(f"{day:02d}/{month:02d}", f"{day}/{month}")
        if duty is not None and dataset.duty_id != duty.pk:
            dataset.duty = duty
            dataset.save(update_fields=["duty"])


def _duty(*days: str):
    """The plans' reporting duty with this due day, if the demo plans hold one."""
    return ReportingDuty.objects.filter(due_day__in=days).order_by("pk").first()


def _profile_value(
    code: str, unit: Unit, period: Period, rng: random.Random
) -> dict[str, str] | None:
    """A value on the indicator demo's trend (a plausible share of its denominator) for the
    plans' other reported indicators, which no earlier value exists for."""
    profile = REPORTED_PROFILES.get(code)
    if profile is None or code not in DATASET_REPORTERS:
        return None
    start, slope, denominator, _by_units = profile
    value = start + slope * (period.year - 2024) + rng.uniform(-1, 1) * (abs(slope) or 1) * 0.5
    reporters = len(DATASET_REPORTERS[code])
    if code == "hq_tech_graduates":
        return {"value": str(round(max(value, 0)))}
    if denominator is None:  # a growth rate, weighted by last year's count
        return {"value": f"{value:.2f}".replace(".", ","), "denominator": str(GROWTH_WEIGHT)}
    size = max(1, round(denominator / reporters * rng.uniform(0.6, 1.4)))
    share = max(0.0, min(value, 100.0))
    return {"numerator": str(round(size * share / 100)), "denominator": str(size)}


def _values(
    dataset: Dataset, unit: Unit, period: Period, rng: random.Random, *, outlier: bool = False
) -> dict[str, dict[str, str]]:
    """The form's values: the indicator demo's reported value where it has one, else a
    plausible ratio of two counts."""
    existing = {
        row.indicator.code: row
        for row in ReportedValue.objects.filter(unit=unit, period=str(period)).select_related(
            "indicator"
        )
    }
    values = {}
    for item in DatasetIndicator.objects.filter(dataset=dataset).select_related("indicator"):
        code = item.indicator.code
        row = existing.get(code)
        if row is not None and row.numerator is not None and row.denominator:
            values[code] = {
                "numerator": str(int(row.numerator)),
                "denominator": str(int(row.denominator)),
            }
            continue
        planned = _profile_value(code, unit, period, rng)
        if planned is not None:
            values[code] = planned
            continue
        base = {"dossiers_late": 4.0, "labour_it_skills_share": 64.0}.get(code, 85.0)
        if code == "residents_online_services":
            base = 60.0
        share = base + (period.year - 2025) * 3 + rng.uniform(-4, 4)
        denominator = rng.randint(300, 2400) // (2 if period.half else 1)
        numerator = round(denominator * max(0.0, min(share, 100.0)) / 100)
        if outlier and code == "docs_signed_digitally":
            numerator = round(denominator * 0.22)  # a typing slip the form flags
        values[code] = {"numerator": str(numerator), "denominator": str(denominator)}
    return values


def _actor(unit: Unit, officers: dict[str, User], admin: User) -> User:
    """The unit's demo officer where there is one; the administrator keys in for the others."""
    return officers.get(unit.code, admin)


@transaction.atomic
def load_demo_submissions() -> int:
    """The submissions of the demo story, through the workflow services; returns how many."""
    users = {user.username: user for user in User.objects.all()}
    admin, coordinator = users.get("admin"), users.get("sokhcn")
    if admin is None or coordinator is None:
        return 0
    officers = {
        code: users[name]
        for code, name in (("25210", "dongxoai"), ("26041", "tranbien"), ("75.SNGV", "songoaivu"))
        if name in users
    }
    datasets = {dataset.code: dataset for dataset in Dataset.objects.all()}
    units = {unit.code: unit for unit in Unit.objects.all()}
    count = 0
    for (code, period_text, unit_code), (story, moment) in sorted(_stories().items()):
        dataset, unit = datasets.get(code), units.get(unit_code)
        if dataset is None or unit is None:
            continue
        if Submission.objects.filter(dataset=dataset, unit=unit, period=period_text).exists():
            continue
        period = Period.parse(period_text)
        actor = _actor(unit, officers, admin)
        rng = random.Random(f"{code}/{period_text}/{unit_code}")
        opened = moment - datetime.timedelta(days=rng.randint(3, 12))
        submission = services.open_submission(dataset, unit, period, actor, now=opened)
        values = _values(dataset, unit, period, rng, outlier=story == "draft")
        if story == "draft":
            # The officer keyed in all but one figure; the last stays to do.
            values.pop(next(reversed(values)), None)
        services.save_values(submission, actor, values, now=opened + datetime.timedelta(hours=2))
        words = NARRATIVES.get(unit_code)
        if words and period_text.startswith("2026") and story != "draft":
            services.save_narrative(
                submission, actor, *words, now=opened + datetime.timedelta(hours=3)
            )
        count += 1
        if story == "draft":
            continue
        services.submit(submission, actor, now=moment)
        decided = moment + datetime.timedelta(days=rng.randint(1, 4))
        if story == "approved":
            services.approve(submission, coordinator, now=decided)
        elif story == "returned":
            services.return_submission(
                submission,
                coordinator,
                "Tỷ lệ hồ sơ quá hạn chưa khớp với số liệu trên hệ thống một cửa điện tử; "
                "đề nghị rà soát lại mẫu số.",
                now=decided,
            )
    return count


def load_demo_reporting() -> str:
    """Load the demo's past submissions (idempotent); returns a
    one-line summary for `hientai demo`, or "" when nothing was loaded."""
    if not Indicator.objects.filter(code__in=ADMIN_INDICATORS).exists():
        return ""
    # The reference datasets again: a test database flushed after migrate has lost them.
    datasets = reference.load_datasets()
    link_duties()
    submissions = load_demo_submissions()
    if not submissions:
        return ""
    return _(
        "Loaded %(datasets)d report datasets, %(assignments)d assignments and "
        "%(submissions)d submissions."
    ) % {
        "datasets": len(datasets),
        "assignments": sum(dataset.assignments.count() for dataset in datasets),
        "submissions": submissions,
    }
