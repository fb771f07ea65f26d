"""The indicators' reference data: the catalogue (data/indicators.json), the targets the
seed plans set (data/targets.json) and baselines.

The catalogue and the targets are loaded by the data migration 0002 (the model classes are
passed in, as `orgs.services.load_units` does, so the migration uses its historical models);
`hientai migrate` alone gives a working catalogue with no user and no demo. Both loaders are
idempotent: run again, they update in place.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from hientai.indicators.models import Indicator, IndicatorTarget
from hientai.indicators.periods import Period
from hientai.indicators.services import evaluate
from hientai.orgs.models import Unit

DATA_DIR = Path(__file__).resolve().parent / "data"
CATALOGUE = DATA_DIR / "indicators.json"
TARGETS = DATA_DIR / "targets.json"
BASELINE_YEAR = 2024


def catalogue_rows() -> list[dict[str, Any]]:
    return json.loads(CATALOGUE.read_text(encoding="utf-8"))


def target_rows() -> list[dict[str, Any]]:
    return json.loads(TARGETS.read_text(encoding="utf-8"))["targets"]


@transaction.atomic
def load_catalogue(indicator_model: Any = Indicator) -> int:
    """Create or update the indicators of data/indicators.json; returns how many."""
    rows = catalogue_rows()
    for position, row in enumerate(rows):
        indicator_model.objects.update_or_create(
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
    return len(rows)


@transaction.atomic
def load_targets(
    indicator_model: Any = Indicator,
    target_model: Any = IndicatorTarget,
    unit_model: Any = Unit,
) -> int:
    """Create or update the seed plans' targets of data/targets.json; returns how many rows
    were written. A target of a unit or indicator this database lacks is skipped."""
    indicators = {row.code: row for row in indicator_model.objects.all()}
    units = {row.code: row for row in unit_model.objects.all()}
    written = 0
    for row in target_rows():
        indicator, unit = indicators.get(row["indicator"]), units.get(row["unit"])
        if indicator is None or unit is None:
            continue
        target_model.objects.update_or_create(
            indicator=indicator,
            unit=unit,
            year=row["year"],
            is_baseline=False,
            defaults={"value": Decimal(str(row["value"])), "note": row.get("note", "")[:255]},
        )
        written += 1
    return written


@transaction.atomic
def load_baselines(year: int = BASELINE_YEAR) -> int:
    """A baseline (the value the data gives for `year`) for every indicator and unit that
    has a target. Run once the registry and the reported values of that year are in: the
    demo runs it after its sample data; a migration cannot, an empty registry has none."""
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
