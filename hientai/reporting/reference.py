"""The reporting app's reference data: the three statutory periodic datasets the plans set,
their forms (indicators of the catalogue) and their assignments by group of units.

- 6-monthly report on human resources for science, technology, innovation and digital
  transformation, due 20/6, and the yearly one, due 05/12: every department and every
  ward and commune reports (the city plan, section VI).
- Yearly digital-skills report, due 20/11: wards and communes, from 2026 (the plan for
  Decision 146/QĐ-TTg).

All go to the Department of Science and Technology (75.SKHCN), which reports to the
Ministry by 15/12. Loaded by the data migration 0002 (model classes passed in, like
`orgs.services.load_units`), so `hientai migrate` alone gives them; idempotent.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from hientai.indicators.models import Indicator
from hientai.orgs.models import Unit, UnitKind
from hientai.reporting.models import Assignment, Dataset, DatasetIndicator, PeriodType

COORDINATOR_UNIT = "75.SKHCN"
ADMIN_INDICATORS = [
    "docs_internal_electronic",
    "docs_signed_digitally",
    "dossiers_online",
    "dossiers_on_time",
    "dossiers_late",
]
DIGITAL_INDICATORS = ["labour_it_skills_share", "residents_online_services"]
DEPARTMENTS_AND_LOCAL = (UnitKind.DEPARTMENT, UnitKind.WARD, UnitKind.COMMUNE)
LOCAL = (UnitKind.WARD, UnitKind.COMMUNE)
DEPARTMENTS = (UnitKind.DEPARTMENT,)

DATASETS: list[dict[str, Any]] = [
    {
        "code": "BC6T-NLKHCN",
        "name_vi": "Báo cáo định kỳ 6 tháng về phát triển nhân lực khoa học, công nghệ, "
        "đổi mới sáng tạo và chuyển đổi số",
        "name_en": "6-monthly report on human resources for science, technology, innovation "
        "and digital transformation",
        "period_type": PeriodType.HALF_YEAR,
        "due": (6, 20),
        "indicators": ADMIN_INDICATORS,
        "unit_kinds": DEPARTMENTS_AND_LOCAL,
        "since": None,
        "description": "Kế hoạch của UBND thành phố, mục VI: báo cáo định kỳ 6 tháng "
        "(trước ngày 20/6) về Sở Khoa học và Công nghệ.",
    },
    {
        "code": "BCN-NLKHCN",
        "name_vi": "Báo cáo năm về phát triển nhân lực khoa học, công nghệ, đổi mới sáng tạo "
        "và chuyển đổi số",
        "name_en": "Yearly report on human resources for science, technology, innovation and "
        "digital transformation",
        "period_type": PeriodType.YEAR,
        "due": (12, 5),
        "indicators": ADMIN_INDICATORS,
        "unit_kinds": DEPARTMENTS_AND_LOCAL,
        "since": None,
        "description": "Kế hoạch của UBND thành phố, mục VI: báo cáo năm (trước ngày 05/12) "
        "về Sở Khoa học và Công nghệ, để tổng hợp báo cáo Bộ trước ngày 15/12.",
    },
    {
        "code": "BCN-KNS",
        "name_vi": "Báo cáo năm về phổ cập kỹ năng số và phát triển nguồn nhân lực chuyển đổi số",
        "name_en": "Yearly report on digital skills and the digital transformation workforce",
        "period_type": PeriodType.DIGITAL_YEAR,
        "due": (11, 20),
        "indicators": DIGITAL_INDICATORS,
        "unit_kinds": LOCAL,
        "since": datetime.date(2026, 1, 1),
        "description": "Kế hoạch triển khai Quyết định 146/QĐ-TTg: đánh giá, báo cáo trước "
        "ngày 20/11 hằng năm để tổng hợp báo cáo trước ngày 15/12.",
    },
]

# The other reported indicators of the plans (issue 15): each with the units that hold its
# figures. The city plan on intellectuals (seed 003, section VI) sets the yearly report due
# 05/12; the plan for Decision 146/QĐ-TTg (seed 004) the digital-skills report due 20/11.
# `unit_codes` are named units; `unit_kinds` groups (every department, every ward and
# commune). Loaded by migration 0004.
PLAN_DATASETS: list[dict[str, Any]] = [
    {
        "code": "BCN-KHCN",
        "name_vi": "Báo cáo năm về đầu tư, kết quả và ứng dụng khoa học, công nghệ",
        "name_en": "Yearly report on science and technology spending, patents and results",
        "period_type": PeriodType.YEAR,
        "due": (12, 5),
        "indicators": ["st_budget_share", "patent_growth"],
        "unit_kinds": (),
        "unit_codes": ("75.SKHCN",),
        "since": datetime.date(2026, 1, 1),
        "description": "Kế hoạch phát triển đội ngũ trí thức của UBND thành phố (mục VI): "
        "báo cáo năm trước ngày 05/12 về Sở Khoa học và Công nghệ.",
    },
    {
        "code": "BCN-NVKHCN",
        "name_vi": "Báo cáo năm về nhiệm vụ khoa học và công nghệ được ứng dụng sau nghiệm thu",
        "name_en": "Yearly report on accepted S&T tasks applied in practice",
        "period_type": PeriodType.YEAR,
        "due": (12, 5),
        "indicators": ["st_tasks_applied_share"],
        "unit_kinds": DEPARTMENTS,
        "unit_codes": (),
        "since": datetime.date(2026, 1, 1),
        "description": "Kế hoạch phát triển đội ngũ trí thức của UBND thành phố (mục VI): mỗi "
        "sở, ngành báo cáo nhiệm vụ KH&CN do mình quản lý trước ngày 05/12.",
    },
    {
        "code": "BCN-LHH",
        "name_vi": "Báo cáo năm về trí thức tham gia các tổ chức thuộc Liên hiệp các Hội "
        "Khoa học và Kỹ thuật",
        "name_en": "Yearly report on intellectuals in the Union of S&T Associations",
        "period_type": PeriodType.YEAR,
        "due": (12, 5),
        "indicators": ["union_membership_share"],
        "unit_kinds": (),
        "unit_codes": ("75.LHH",),
        "since": datetime.date(2026, 1, 1),
        "description": "Kế hoạch phát triển đội ngũ trí thức của UBND thành phố (mục VI): "
        "báo cáo năm trước ngày 05/12.",
    },
    {
        "code": "BCN-GDNN",
        "name_vi": "Báo cáo năm về đội ngũ giáo viên và giáo dục nghề nghiệp",
        "name_en": "Yearly report on teachers and vocational education",
        "period_type": PeriodType.YEAR,
        "due": (12, 5),
        "indicators": [
            "teachers_preschool_qualified",
            "teachers_school_qualified",
            "vet_institutions_accredited",
            "vet_programmes_accredited",
        ],
        "unit_kinds": (),
        "unit_codes": ("75.SGDDT",),
        "since": datetime.date(2026, 1, 1),
        "description": "Kế hoạch phát triển đội ngũ trí thức của UBND thành phố (mục VI): "
        "báo cáo năm trước ngày 05/12.",
    },
    {
        "code": "BCN-LDDT",
        "name_vi": "Báo cáo năm về lao động qua đào tạo có bằng cấp, chứng chỉ",
        "name_en": "Yearly report on trained labour with degrees or certificates",
        "period_type": PeriodType.YEAR,
        "due": (12, 5),
        "indicators": ["labour_trained_share"],
        "unit_kinds": LOCAL,
        "unit_codes": (),
        "since": datetime.date(2026, 1, 1),
        "description": "Kế hoạch phát triển đội ngũ trí thức của UBND thành phố (mục VI): "
        "phường, xã báo cáo năm trước ngày 05/12.",
    },
    {
        "code": "BCN-NLS-GD",
        "name_vi": "Báo cáo năm về giáo dục STEM và đào tạo nhân lực công nghệ số",
        "name_en": "Yearly report on STEM schools and digital-technology graduates",
        "period_type": PeriodType.DIGITAL_YEAR,
        "due": (11, 20),
        "indicators": ["hq_tech_graduates", "schools_stem_share"],
        "unit_kinds": (),
        "unit_codes": ("75.SGDDT",),
        "since": datetime.date(2026, 1, 1),
        "description": "Kế hoạch triển khai Quyết định 146/QĐ-TTg: đánh giá, báo cáo trước "
        "ngày 20/11 hằng năm.",
    },
]


@transaction.atomic
def load_datasets(
    dataset_model: Any = Dataset,
    item_model: Any = DatasetIndicator,
    assignment_model: Any = Assignment,
    indicator_model: Any = Indicator,
    unit_model: Any = Unit,
    entries: list[dict[str, Any]] | None = None,
) -> list[Any]:
    """The statutory datasets (default: the three of DATASETS and the PLAN_DATASETS), their
    forms and their assignments to the current units of each group and to the named units
    (created or updated); returns the datasets."""
    indicators = {row.code: row for row in indicator_model.objects.all()}
    current = unit_model.objects.filter(valid_to__isnull=True)
    recipient = current.filter(code=COORDINATOR_UNIT).first()
    loaded = []
    for entry in entries if entries is not None else DATASETS + PLAN_DATASETS:
        month, day = entry["due"]
        dataset, _created = dataset_model.objects.update_or_create(
            code=entry["code"],
            defaults={
                "name_vi": entry["name_vi"],
                "name_en": entry["name_en"],
                "period_type": entry["period_type"],
                "due_month": month,
                "due_day": day,
                "recipient": recipient,
                "description": entry["description"],
                "active": True,
            },
        )
        for position, code in enumerate(entry["indicators"]):
            if code in indicators:
                item_model.objects.update_or_create(
                    dataset=dataset,
                    indicator=indicators[code],
                    defaults={"position": position, "required": True},
                )
        if entry["unit_kinds"]:
            assign_groups(
                dataset, entry["unit_kinds"], entry["since"], assignment_model, unit_model
            )
        for unit in current.filter(code__in=entry.get("unit_codes", ())):
            assignment_model.objects.update_or_create(
                dataset=dataset, unit=unit, defaults={"since": entry["since"]}
            )
        loaded.append(dataset)
    return loaded


def group_units(kinds: Iterable[str], unit_model: Any = Unit) -> Any:
    """The current units of the groups `kinds` (e.g. LOCAL: every ward and commune)."""
    return unit_model.objects.filter(valid_to__isnull=True, kind__in=list(kinds)).order_by("code")


def assign_groups(
    dataset: Any,
    kinds: Iterable[str],
    since: datetime.date | None = None,
    assignment_model: Any = Assignment,
    unit_model: Any = Unit,
) -> list[Any]:
    """Assign `dataset` to every current unit of the groups `kinds` (created or updated,
    in force from `since`); returns the units. The coordinator's dataset page
    (`services.save_dataset`) picks its units through `group_units` too."""
    units = list(group_units(kinds, unit_model))
    for unit in units:
        assignment_model.objects.update_or_create(
            dataset=dataset, unit=unit, defaults={"since": since}
        )
    return units
