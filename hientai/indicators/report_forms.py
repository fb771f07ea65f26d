"""Which report forms (reporting's datasets) each reported indicator is on, read through the
catalogue's reverse relation: the indicators app does not import reporting (a layer above)."""

from __future__ import annotations

from typing import Any

from hientai.indicators.models import Indicator


def report_forms() -> dict[str, list[dict[str, str]]]:
    """{indicator code: [{"code", "name"} of each active dataset it is on]}."""
    found: dict[str, list[dict[str, str]]] = {}
    rows = (
        Indicator.objects.filter(kind="reported", datasets__active=True)
        .values_list("code", "datasets__code", "datasets__name_vi")
        .order_by("code", "datasets__code")
    )
    for code, form, name in rows:
        found.setdefault(code, []).append({"code": form, "name": name})
    return found


def with_report_forms(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each reported indicator's row gains "datasets" (the forms units report it on)."""
    forms = report_forms()
    for row in rows:
        if row.get("kind") == "reported":
            row["datasets"] = forms.get(row["code"], [])
    return rows
