"""Demo data of the indicators: reported values for past periods (city and some units), two
demo targets, the links from the reference targets to the sample plans' targets, and
baselines computed from the sample data. The catalogue and the seed plans' targets are
reference data (indicators/reference.py, loaded by migration). Everything is idempotent.
"""

from __future__ import annotations

import random
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from hientai.core.text import fold
from hientai.indicators import reference
from hientai.indicators.models import Indicator, IndicatorTarget, Kind, ReportedValue
from hientai.indicators.periods import Period
from hientai.indicators.services import record_reported
from hientai.orgs.models import Unit
from hientai.plans.models import Target

CITY = "75"
DEMO_PERIODS = ("2024", "2025H1", "2025H2", "2025", "2026H1")
# Units reporting the administrative indicators (documents, dossiers) besides the city.
REPORTING_UNITS = (
    "75.SNGV", "75.SKHCN", "75.SNV", "75.STC", "75.SYT", "75.SGDDT",
    "25210", "26041", "25195", "25217", "26068",
)  # fmt: skip
# The demo's own targets, not from a plan: (indicator, unit, year, value, note).
DEMO_TARGETS = [
    ("dossiers_late", "75", 2026, "2", "Demo target (lower is better), not from a seed."),
    ("public_staff_digital_skills", "75", 2030, "80", "Demo target, not from a seed."),
]
# Reported indicators: (2024 value, change per year, denominator, reported by units?)
REPORTED_PROFILES: dict[str, tuple[float, float, float | None, bool]] = {
    "st_budget_share": (0.9, 0.15, 52_000, False),  # billion VND of total spending
    "patent_growth": (14.0, 2.5, None, False),
    "st_tasks_applied_share": (68.0, 2.0, 45, False),
    "union_membership_share": (46.0, 3.0, 8_200, False),
    "teachers_preschool_qualified": (88.0, 2.5, 9_400, False),
    "teachers_school_qualified": (91.0, 2.0, 31_000, False),
    "vet_institutions_accredited": (42.0, 3.0, 64, False),
    "vet_programmes_accredited": (51.0, 3.5, 180, False),
    "labour_trained_share": (31.0, 1.2, 2_650_000, False),
    "labour_it_skills_share": (62.0, 3.0, 2_650_000, False),
    "residents_online_services": (58.0, 6.0, 2_900_000, False),
    "hq_tech_graduates": (12.0, 14.0, None, False),  # a cumulative count
    "schools_stem_share": (38.0, 6.0, 1_150, False),
    "docs_internal_electronic": (86.0, 4.0, 2_400, True),
    "docs_signed_digitally": (81.0, 6.0, 2_100, True),
    "dossiers_online": (78.0, 6.0, 3_500, True),
    "dossiers_on_time": (88.0, 1.5, 3_500, True),
    "dossiers_late": (4.5, -0.8, 3_500, True),
}


# The reported indicators that units report on a dataset of their own (reporting's
# PLAN_DATASETS): the demo gives their values to those units, and the city's value rolls
# up from them (a value of the city itself would be counted twice).
DATASET_REPORTERS: dict[str, tuple[str, ...]] = {
    "st_budget_share": ("75.SKHCN",),
    "patent_growth": ("75.SKHCN",),
    "st_tasks_applied_share": ("75.SKHCN", "75.SNV", "75.SYT", "75.SGDDT"),
    "union_membership_share": ("75.LHH",),
    "teachers_preschool_qualified": ("75.SGDDT",),
    "teachers_school_qualified": ("75.SGDDT",),
    "vet_institutions_accredited": ("75.SGDDT",),
    "vet_programmes_accredited": ("75.SGDDT",),
    "labour_trained_share": ("25210", "26041", "25195", "25217", "26068"),
    "hq_tech_graduates": ("75.SGDDT",),
    "schools_stem_share": ("75.SGDDT",),
}
# A growth rate is weighted by last year's count (patent applications) to roll up.
GROWTH_WEIGHT = 420


def _offset(period: Period) -> float:
    """Years from the end of 2024 to the period's end (a half year is 0.5)."""
    return period.year - reference.BASELINE_YEAR - (0.5 if period.half == 1 else 0.0)


@transaction.atomic
def load_demo_reported_values() -> int:
    """Plausible approved values for the past periods; returns how many rows were written."""
    named = {code for codes in DATASET_REPORTERS.values() for code in codes}
    units = {
        unit.code: unit for unit in Unit.objects.filter(code__in=(CITY, *REPORTING_UNITS, *named))
    }
    written = 0
    for indicator in Indicator.objects.filter(kind=Kind.REPORTED, code__in=REPORTED_PROFILES):
        start, slope, denominator, by_units = REPORTED_PROFILES[indicator.code]
        rng = random.Random(indicator.code)
        for text in DEMO_PERIODS:
            period = Period.parse(text)
            trend = start + slope * _offset(period)
            reporters = [units[c] for c in REPORTING_UNITS if c in units] if by_units else []
            if indicator.code in DATASET_REPORTERS:
                reporters = [units[c] for c in DATASET_REPORTERS[indicator.code] if c in units]
                by_units = len(reporters) > 1
            if not reporters:
                reporters = [units[CITY]]
            for unit in reporters:
                value = trend + rng.uniform(-1.5, 1.5) * (abs(slope) or 1) * 0.6
                if indicator.unit == "percent":
                    value = max(0.0, min(100.0, value))
                if indicator.unit == "count":
                    record_reported(
                        indicator, unit, period, value=round(max(value, 0)), source="demo"
                    )
                elif denominator is None and indicator.code in DATASET_REPORTERS:
                    record_reported(
                        indicator,
                        unit,
                        period,
                        value=round(value, 2),
                        denominator=GROWTH_WEIGHT,
                        source="demo",
                    )
                elif denominator is None:
                    record_reported(indicator, unit, period, value=round(value, 2), source="demo")
                else:
                    size = denominator * (0.5 if period.half else 1.0)
                    if by_units:
                        size = size * rng.uniform(0.15, 0.6)
                    size = max(1, round(size))
                    numerator = min(size, round(size * value / indicator.scale))
                    record_reported(
                        indicator,
                        unit,
                        period,
                        numerator=numerator,
                        denominator=size,
                        source="demo",
                    )
                written += 1
    return written


def _plan_targets() -> dict[str, list]:
    """The plans.Target rows of the demo plans, by seed prefix ("000" .. "004")."""
    by_seed: dict[str, list] = {}
    for target in Target.objects.select_related("plan__issuing_unit").order_by("plan", "position"):
        seed = target.plan.source_name[:3]
        by_seed.setdefault(seed, []).append(target)
    return by_seed


@transaction.atomic
def link_plan_targets() -> tuple[int, list[str]]:
    """Link each reference target (indicators/data/targets.json) to the sample plans' target
    it comes from (IndicatorTarget.plan_target); returns (linked, unmatched entry texts)."""
    by_seed = _plan_targets()
    units = {unit.code: unit for unit in Unit.objects.all()}
    indicators = {ind.code: ind for ind in Indicator.objects.all()}
    used: set[int] = set()
    linked, missing = 0, []
    for entry in reference.target_rows():
        if not entry["contains"] or entry["unit"] not in units:
            continue  # a target read from a plan's tasks, not from its targets
        words = [fold(word) for word in entry["contains"]]
        match = next(
            (
                target
                for target in by_seed.get(entry["seed"], [])
                if target.pk not in used
                and target.year == entry["year"]
                and target.value == Decimal(str(entry["value"]))
                and all(word in fold(target.text) for word in words)
            ),
            None,
        )
        if match is None:
            missing.append(f"{entry['seed']} {entry['year']} {entry['value']} {entry['indicator']}")
            continue
        used.add(match.pk)
        IndicatorTarget.objects.update_or_create(
            indicator=indicators[entry["indicator"]],
            unit=units[entry["unit"]],
            year=match.year,
            is_baseline=False,
            defaults={"value": match.value, "plan_target": match, "note": match.text[:255]},
        )
        linked += 1
    return linked, missing


@transaction.atomic
def load_demo_targets() -> int:
    """The demo's own targets (not from a plan); returns how many."""
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=[t[1] for t in DEMO_TARGETS])}
    written = 0
    for code, unit_code, year, value, note in DEMO_TARGETS:
        if unit_code not in units:
            continue
        IndicatorTarget.objects.update_or_create(
            indicator=Indicator.objects.get(code=code),
            unit=units[unit_code],
            year=year,
            is_baseline=False,
            defaults={"value": Decimal(value), "note": note},
        )
        written += 1
    return written


def load_demo_indicators() -> str:
    """Load the demo's reported values, target links and baselines (idempotent);
    returns a one-line summary for `hientai demo`, or "" when nothing was loaded."""
    if not Unit.objects.filter(code=CITY).exists():
        return ""
    # The reference data again: a test database flushed after migrate has lost it.
    indicators = reference.load_catalogue()
    reference.load_targets()
    reported = load_demo_reported_values()
    targets, missing = link_plan_targets()
    targets += load_demo_targets()
    baselines = reference.load_baselines()
    summary = _(
        "Loaded %(indicators)d indicators, %(targets)d targets, %(baselines)d baselines "
        "and %(reported)d reported values."
    ) % {
        "indicators": indicators,
        "targets": targets,
        "baselines": baselines,
        "reported": reported,
    }
    if missing:
        summary += " " + _("Seed targets not found: %(list)s.") % {"list": "; ".join(missing)}
    return summary


def demo_reported_count() -> int:
    return ReportedValue.objects.filter(source="demo").count()
