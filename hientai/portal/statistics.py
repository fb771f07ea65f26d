"""Aggregate counts of the registry for the public: by S&T field, strategic technology,
unit and year, with small counts suppressed.

Primary suppression: a cell of 1–4 people shows as "<5". Secondary suppression: in a table
whose rows add up to a total shown on the page (unit, year: every person in exactly one
row, "not recorded" included), more cells are hidden until no hidden cell can be worked out
from the total and the other rows — each hidden cell must keep a range of at least two
possible values (primary cells lie in 1–4, secondary ones are at least 5). If that cannot be
reached, the total is hidden too. Tables where a person may count in several rows (fields,
technologies) show no total, so there is nothing to subtract from.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractYear

THRESHOLD = 5
PRIMARY = "small"  # 1–4 people: shown as "<5"
SECONDARY = "hidden"  # hidden so that a small cell cannot be computed


@dataclass
class Cell:
    key: str
    label_vi: str
    label_en: str
    n: int
    hidden: str = ""  # "", PRIMARY or SECONDARY


def _ranges(cells: list[Cell], total: int) -> list[tuple[float, float]]:
    """For each hidden cell, the values it could take given the total and the rest."""
    hidden = [cell for cell in cells if cell.hidden]
    known = sum(cell.n for cell in cells if not cell.hidden)
    rest = total - known
    bounds = [(1.0, 4.0) if c.hidden == PRIMARY else (float(THRESHOLD), math.inf) for c in hidden]
    out = []
    for index, (lo, hi) in enumerate(bounds):
        others_min = sum(b[0] for i, b in enumerate(bounds) if i != index)
        others_max = sum(b[1] for i, b in enumerate(bounds) if i != index)
        out.append((max(lo, rest - others_max), min(hi, rest - others_min)))
    return out


def disclosed(cells: list[Cell], total: int) -> bool:
    """Would a hidden cell be known exactly (its range a single value)?"""
    return any(hi - lo < 1 for lo, hi in _ranges(cells, total))


def suppress(cells: list[Cell], total: int | None) -> bool:
    """Mark hidden cells in place; returns whether the total must be hidden too."""
    for cell in cells:
        if 0 < cell.n < THRESHOLD:
            cell.hidden = PRIMARY
    if total is None:
        return False
    if 0 < total < THRESHOLD:
        for cell in cells:
            cell.hidden = cell.hidden or SECONDARY
        return True
    if not any(cell.hidden for cell in cells):
        return False
    while disclosed(cells, total):
        visible = sorted((c for c in cells if not c.hidden), key=lambda c: (c.n, c.key))
        if not visible:
            return True
        visible[0].hidden = SECONDARY
    return False


def _table(key: str, counts: Counter[Any], labels: dict[Any, tuple[str, str]],
           total: int | None) -> dict[str, Any]:  # fmt: skip
    cells = [
        Cell(str(k), labels[k][0], labels[k][1], n)
        for k, n in counts.items()
        if n > 0
    ]
    cells.sort(key=lambda cell: (-cell.n, cell.label_vi))
    total_hidden = suppress(cells, total)
    return {
        "key": key,
        "additive": total is not None,
        "total": None if total is None else ({"hidden": True} if total_hidden else {"n": total}),
        "rows": [
            {"label_vi": c.label_vi, "label_en": c.label_en,
             **({"hidden": c.hidden} if c.hidden else {"n": c.n})}  # fmt: skip
            for c in cells
        ],
    }


NOT_RECORDED = ("Chưa ghi nhận", "Not recorded")


def compute() -> dict[str, Any]:
    """The figures of the registry today, suppressed, with no personal data."""
    from hientai.orgs.models import Unit
    from hientai.registry.models import Person, Status

    people = Person.objects.exclude(
        status__in=[Status.DECEASED, Status.INACTIVE, Status.MOVED_OUT]
    )
    total = people.count()

    def by_code(relation: str) -> tuple[Counter[Any], dict[Any, tuple[str, str]]]:
        rows = (
            people.filter(**{f"{relation}__isnull": False})
            .values(f"{relation}__code", f"{relation}__label_vi", f"{relation}__label_en")
            .annotate(n=Count("pk", distinct=True))
        )
        counts: Counter[Any] = Counter()
        labels: dict[Any, tuple[str, str]] = {}
        for row in rows:
            code = row[f"{relation}__code"]
            counts[code] = row["n"]
            vi = row[f"{relation}__label_vi"]
            labels[code] = (vi, row[f"{relation}__label_en"] or vi)
        return counts, labels

    fields, field_labels = by_code("st_fields")
    techs, tech_labels = by_code("strategic_technologies")

    # Units: each person counted under the top unit below the city that holds them.
    tops = {u.path: u for u in Unit.objects.filter(depth=1)}
    unit_paths = dict(Unit.objects.values_list("pk", "path"))
    units: Counter[Any] = Counter()
    unit_labels: dict[Any, tuple[str, str]] = {"-": NOT_RECORDED}
    for unit_id, n in people.values_list("unit").annotate(n=Count("pk")).order_by():
        path = unit_paths.get(unit_id, "")
        top = next((u for p, u in tops.items() if path.startswith(p)), None)
        key = top.code if top else "-"
        if top:
            unit_labels[key] = (top.name_vi, top.name_en or top.name_vi)
        units[key] += n

    years: Counter[Any] = Counter()
    per_year = people.annotate(year=ExtractYear("created_at")).values("year")
    for row in per_year.annotate(n=Count("pk")).order_by():
        years[row["year"]] += row["n"]
    year_labels = {year: (str(year), str(year)) for year in years}

    return {
        "total": {"hidden": True} if 0 < total < THRESHOLD else {"n": total},
        "tables": [
            _table("field", fields, field_labels, None),
            _table("technology", techs, tech_labels, None),
            _table("unit", units, unit_labels, total),
            _table("year", years, year_labels, total),
        ],
    }
