"""Aggregate counts of the registry for the public: by S&T field, strategic technology,
unit and year, with small counts suppressed.

Primary suppression: a cell of 1–4 people shows as "<5". Secondary suppression: the unit
and year tables each split the same people (every person in exactly one row, "not
recorded" included) and add up to the total, so more cells are hidden ("…", at least 5)
until no hidden cell can be worked out from the total and the other rows: each must keep at
least two possible values. If that cannot be reached the total is hidden, and then it is
only known within the bounds every table gives, which the same check uses; a table that
still gives a cell away is withheld. Tables where a person may count in several rows
(fields, technologies) show no total, so only their small cells are hidden.
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


def _bounds(cell: Cell) -> tuple[float, float]:
    """What an outsider knows of a cell: its value, 1–4 ("<5"), or at least 5 ("…")."""
    if not cell.hidden:
        return (float(cell.n), float(cell.n))
    return (1.0, 4.0) if cell.hidden == PRIMARY else (float(THRESHOLD), math.inf)


def _sum_range(cells: list[Cell]) -> tuple[float, float]:
    bounds = [_bounds(cell) for cell in cells]
    return (sum(b[0] for b in bounds), sum(b[1] for b in bounds))


def _ranges(cells: list[Cell], t_lo: float, t_hi: float) -> list[tuple[float, float]]:
    """For each hidden cell, the values it could take when the rows add up to a total
    somewhere in [t_lo, t_hi]."""
    bounds = [_bounds(cell) for cell in cells]
    out = []
    for index, cell in enumerate(cells):
        if not cell.hidden:
            continue
        lo, hi = bounds[index]
        others_min = sum(b[0] for i, b in enumerate(bounds) if i != index)
        others_max = sum(b[1] for i, b in enumerate(bounds) if i != index)
        out.append((max(lo, t_lo - others_max), min(hi, t_hi - others_min)))
    return out


def disclosed(cells: list[Cell], t_lo: float, t_hi: float | None = None) -> bool:
    """Would a hidden cell be known exactly (its range a single value)?"""
    t_hi = t_lo if t_hi is None else t_hi
    return any(hi - lo < 1 for lo, hi in _ranges(cells, t_lo, t_hi))


def protect(tables: list[list[Cell]], total: int) -> tuple[bool, list[bool]]:
    """Suppress the cells of tables that each split the same `total` people. Returns
    whether the total must be hidden and which tables must be withheld whole.

    The total can be hidden, but each table still bounds it (the sum of what it shows and
    of its hidden cells' ranges), so the check runs on every table with the total's range
    as an outsider would narrow it from all of them."""
    withheld = [False] * len(tables)
    for cells in tables:
        for cell in cells:
            if 0 < cell.n < THRESHOLD:
                cell.hidden = PRIMARY
    if 0 < total < THRESHOLD:
        for cells in tables:
            for cell in cells:
                cell.hidden = cell.hidden or SECONDARY
        return True, withheld
    total_hidden = False
    while True:
        if total_hidden:
            t_lo, t_hi = float(THRESHOLD), math.inf
            for index, cells in enumerate(tables):
                if not withheld[index]:
                    lo, hi = _sum_range(cells)
                    t_lo, t_hi = max(t_lo, lo), min(t_hi, hi)
        else:
            t_lo = t_hi = float(total)
        leak = next(
            (i for i, cells in enumerate(tables)
             if not withheld[i] and disclosed(cells, t_lo, t_hi)),
            None,
        )  # fmt: skip
        if leak is None:
            return total_hidden, withheld
        visible = sorted((c for c in tables[leak] if not c.hidden), key=lambda c: (c.n, c.key))
        if visible:
            visible[0].hidden = SECONDARY
        elif not total_hidden:
            total_hidden = True
        else:
            withheld[leak] = True


def suppress(cells: list[Cell], total: int | None) -> bool:
    """One table on its own: mark hidden cells in place; returns whether the total must be
    hidden too (None: the rows do not add up to a total, only small cells are hidden)."""
    if total is None:
        for cell in cells:
            if 0 < cell.n < THRESHOLD:
                cell.hidden = PRIMARY
        return False
    return protect([cells], total)[0]


def _cells(counts: Counter[Any], labels: dict[Any, tuple[str, str]]) -> list[Cell]:
    cells = [Cell(str(k), labels[k][0], labels[k][1], n) for k, n in counts.items() if n > 0]
    cells.sort(key=lambda cell: (-cell.n, cell.label_vi))
    return cells


def _table(key: str, cells: list[Cell], total: dict[str, Any] | None,
           withheld: bool = False) -> dict[str, Any]:  # fmt: skip
    return {
        "key": key,
        "additive": total is not None,
        "withheld": withheld,
        "total": total,
        "rows": []
        if withheld
        else [
            {
                "label_vi": c.label_vi,
                "label_en": c.label_en,
                **({"hidden": c.hidden} if c.hidden else {"n": c.n}),
            }
            for c in cells
        ],
    }


NOT_RECORDED = ("Chưa ghi nhận", "Not recorded")


def compute() -> dict[str, Any]:
    """The figures of the registry today, suppressed, with no personal data."""
    from hientai.orgs.models import Unit
    from hientai.registry.models import Person, Status

    people = Person.objects.exclude(status__in=[Status.DECEASED, Status.INACTIVE, Status.MOVED_OUT])
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

    field_cells, tech_cells = _cells(fields, field_labels), _cells(techs, tech_labels)
    suppress(field_cells, None)
    suppress(tech_cells, None)
    unit_cells, year_cells = _cells(units, unit_labels), _cells(years, year_labels)
    total_hidden, withheld = protect([unit_cells, year_cells], total)
    if 0 < total < THRESHOLD:
        headline: dict[str, Any] = {"small": True}
    else:
        headline = {"hidden": True} if total_hidden else {"n": total}
    tables = [
        _table("field", field_cells, None),
        _table("technology", tech_cells, None),
        _table("unit", unit_cells, headline, withheld[0]),
        _table("year", year_cells, headline, withheld[1]),
    ]
    return {"total": headline, "tables": tables}
