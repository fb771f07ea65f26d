"""Demo data of the indicators app: the catalogue (data/indicators.json), a target for every
quantitative target of the five seed plans (data/demo_targets.json), baselines, and reported
values for past periods (city and some units). Everything is idempotent.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from hientai.core.text import fold
from hientai.indicators.models import Indicator, IndicatorTarget, Kind, ReportedValue
from hientai.indicators.periods import Period
from hientai.orgs.models import Unit

DATA_DIR = Path(__file__).resolve().parents[1] / "indicators" / "data"
CATALOGUE = DATA_DIR / "indicators.json"
DEMO_TARGETS = DATA_DIR / "demo_targets.json"
CITY = "75"
CITY_ISSUERS = {"75", "75.UBND"}  # plans of the People's Committee set the city's targets
BASELINE_YEAR = 2024
DEMO_PERIODS = ("2024", "2025H1", "2025H2", "2025", "2026H1")
# Units reporting the administrative indicators (documents, dossiers) besides the city.
REPORTING_UNITS = (
    "75.SNGV", "75.SKHCN", "75.SNV", "75.STC", "75.SYT", "75.SGDDT",
    "25210", "26041", "25195", "25217", "26068",
)  # fmt: skip
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


def _catalogue_rows() -> list[dict]:
    return json.loads(CATALOGUE.read_text(encoding="utf-8"))


@transaction.atomic
def load_catalogue() -> int:
    """Create or update the indicators of data/indicators.json; returns how many."""
    for position, row in enumerate(_catalogue_rows()):
        Indicator.objects.update_or_create(
            code=row["code"],
            defaults={
                "name_vi": row["name_vi"],
                "name_en": row.get("name_en", ""),
                "unit": row["unit"],
                "direction": row.get("direction", "up"),
                "kind": row["kind"],
                "aggregation": row.get("aggregation", "ratio_of_sums"),
                "definition": row.get("definition") or {},
                "breakdowns": row.get("breakdowns", []),
                "group": row.get("group", ""),
                "description": row.get("description", ""),
                "position": position,
            },
        )
    return len(_catalogue_rows())


def _offset(period: Period) -> float:
    """Years from the end of 2024 to the period's end (a half year is 0.5)."""
    return period.year - BASELINE_YEAR - (0.5 if period.half == 1 else 0.0)


@transaction.atomic
def load_demo_reported_values() -> int:
    """Plausible approved values for the past periods; returns how many rows were written."""
    from hientai.indicators.services import record_reported

    units = {unit.code: unit for unit in Unit.objects.filter(code__in=(CITY, *REPORTING_UNITS))}
    written = 0
    for indicator in Indicator.objects.filter(kind=Kind.REPORTED, code__in=REPORTED_PROFILES):
        start, slope, denominator, by_units = REPORTED_PROFILES[indicator.code]
        rng = random.Random(indicator.code)
        for text in DEMO_PERIODS:
            period = Period.parse(text)
            trend = start + slope * _offset(period)
            reporters = [units[c] for c in REPORTING_UNITS if c in units] if by_units else []
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
    from hientai.plans.models import Target

    by_seed: dict[str, list] = {}
    for target in Target.objects.select_related("plan__issuing_unit").order_by("plan", "position"):
        seed = target.plan.source_name[:3]
        by_seed.setdefault(seed, []).append(target)
    return by_seed


def _target_unit(plan) -> Unit:
    unit = plan.issuing_unit
    if unit.code in CITY_ISSUERS:
        return Unit.objects.get(code=CITY)
    return unit


@transaction.atomic
def load_demo_targets() -> tuple[int, list[str]]:
    """IndicatorTarget rows for the seed targets; returns (count, unmatched entry texts)."""
    data = json.loads(DEMO_TARGETS.read_text(encoding="utf-8"))
    indicators = {ind.code: ind for ind in Indicator.objects.all()}
    by_seed = _plan_targets()
    used: set[int] = set()
    created, missing = 0, []
    for entry in data["plan_targets"]:
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
            unit=_target_unit(match.plan),
            year=match.year,
            is_baseline=False,
            defaults={"value": match.value, "plan_target": match, "note": match.text[:255]},
        )
        created += 1
    units = {unit.code: unit for unit in Unit.objects.all()}
    for entry in data.get("other_targets", []):
        if entry["unit"] not in units:
            continue
        IndicatorTarget.objects.update_or_create(
            indicator=indicators[entry["indicator"]],
            unit=units[entry["unit"]],
            year=entry["year"],
            is_baseline=False,
            defaults={"value": Decimal(str(entry["value"])), "note": entry.get("note", "")[:255]},
        )
        created += 1
    return created, missing


@transaction.atomic
def load_baselines(year: int = BASELINE_YEAR) -> int:
    """A baseline (the value of `year`) for every indicator and unit that has a target."""
    from hientai.indicators.services import evaluate

    pairs = set(
        IndicatorTarget.objects.filter(is_baseline=False).values_list("indicator_id", "unit_id")
    )
    if not pairs:
        return 0
    indicators = list(Indicator.objects.filter(pk__in={i for i, _u in pairs}))
    units = list(Unit.objects.filter(pk__in={u for _i, u in pairs}))
    written = 0
    for value in evaluate(Period(year), units=units, indicators=indicators):
        if (value.indicator.pk, value.unit.pk) not in pairs or value.value is None:
            continue
        IndicatorTarget.objects.update_or_create(
            indicator=value.indicator,
            unit=value.unit,
            year=year,
            is_baseline=True,
            defaults={"value": value.value.quantize(Decimal("0.0001")), "note": "baseline"},
        )
        written += 1
    return written


def load_demo_indicators() -> str:
    """Load the demo indicator catalogue, targets and past reported values (idempotent);
    returns a one-line summary for `hientai demo`, or "" when nothing was loaded."""
    if not Unit.objects.filter(code=CITY).exists():
        return ""
    indicators = load_catalogue()
    reported = load_demo_reported_values()
    targets, missing = load_demo_targets()
    baselines = load_baselines()
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
