"""Data for the interactive charts (Apache ECharts, vendored in static/hientai/vendor).

A page renders each chart twice: a server-drawn SVG or table that reads without JavaScript,
and one of these specs in a `<script type="application/json">` block (Django's `json_script`)
that `static/hientai/charts.js` turns into an ECharts chart. Numbers in a spec are plain JSON
numbers (never localised: no decimal comma reaches the chart's data); the words the chart
shows are translated here, so the script holds no text of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

ACHIEVEMENT_CAP = 150.0  # achievement bars longer than this are drawn at the cap, flagged


def plain(value: Decimal | float | int | None, digits: int = 4) -> float | None:
    """A JSON-ready number (a float with a decimal point), or None."""
    if value is None:
        return None
    return round(float(value), digits)


def words() -> dict[str, str]:
    """The chart's own words, in the reader's language."""
    return {
        "target": _("Target"),
        "value": _("Value"),
        "achievement": _("Achievement"),
        "exceeded": _("exceeded"),
        "capped": _("bar cut at %(cap)s %%") % {"cap": int(ACHIEVEMENT_CAP)},
        "noData": _("no data"),
        "open": _("Click to open"),
    }


def bar(
    label: str,
    value: Decimal | float | int | None,
    *,
    status: str = "",
    key: str = "",
    note: str = "",
    achievement: Decimal | float | None = None,
) -> dict[str, Any]:
    """One bar: its label, value, status (the colour) and the key of what it stands for (a
    unit's or an indicator's code), which the page turns into where a click leads."""
    item: dict[str, Any] = {"label": label, "value": plain(value), "status": status}
    if key:
        item["key"] = key
    if note:
        item["note"] = note
    if achievement is not None:
        item["achievement"] = plain(achievement, 1)
    return item


def bars(
    title: str,
    items: Sequence[dict[str, Any]],
    *,
    reference: Decimal | float | None = None,
    reference_label: str = "",
    suffix: str = "",
    cap: float | None = None,
) -> dict[str, Any]:
    """Horizontal bars (one per unit or target); with `cap`, a longer bar is drawn at the cap
    and flagged as exceeded (its real value stays in the label and the tooltip)."""
    return {
        "kind": "bars",
        "title": title,
        "bars": list(items),
        "reference": plain(reference),
        "referenceLabel": reference_label,
        "suffix": suffix,
        "cap": cap,
        "words": words(),
    }


def achievement_bars(title: str, items: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Bars of achievement (% of target), the 100 % line marked, capped at ACHIEVEMENT_CAP."""
    return bars(
        title, items, reference=100.0, reference_label=_("Target"), suffix=" %", cap=ACHIEVEMENT_CAP
    )


def line(
    title: str,
    points: Sequence[tuple[str, Decimal | float | None]],
    *,
    target: Decimal | float | None = None,
    target_label: str = "",
    suffix: str = "",
) -> dict[str, Any]:
    """Values over periods, with the target as a dashed line."""
    return {
        "kind": "line",
        "title": title,
        "labels": [label for label, _value in points],
        "values": [plain(value) for _label, value in points],
        "target": plain(target),
        "targetLabel": target_label or _("Target"),
        "suffix": suffix,
        "words": words(),
    }


def link[Spec: (dict[str, Any], dict[str, Any] | None)](spec: Spec, href: Any) -> Spec:
    """Give each keyed bar of `spec` the address `href(key)` (an empty one: no link)."""
    for item in (spec or {}).get("bars", []):
        if item.get("key") and (address := href(item["key"])):
            item["href"] = address
    return spec
