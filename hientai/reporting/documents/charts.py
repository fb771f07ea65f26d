"""Charts of indicators against their targets.

Two renderers over the same simple inputs: PNG through matplotlib (Agg, DejaVu Sans so every
Vietnamese diacritic is drawn) for the DOCX, and small hand-written inline SVG for the
dashboard (no CDN, no JavaScript, text stays selectable and searchable).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from django.utils.translation import gettext as _

ACHIEVEMENT_CAP = 150.0  # bars longer than this are clipped (and labelled with the real value)
COLORS = {
    "achieved": "#2e7d32",
    "not_achieved": "#c62828",
    "at_risk": "#ef8f00",
    "no_data": "#9e9e9e",
    "no_target": "#607d8b",
}
DEFAULT_COLOR = "#1f4e79"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: no data, drawn as an empty slot
    status: str = ""
    note: str = ""  # shown at the end of the bar instead of the number when set
    key: str = ""  # the unit's code, for the interactive chart's drill-down


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None


def to_float(value: Decimal | float | int | None) -> float | None:
    return None if value is None else float(value)


def shorten(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def number(value: float | None, digits: int = 1) -> str:
    """Vietnamese number style: decimal comma, no trailing zeros."""
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


# ---------------------------------------------------------------- PNG (matplotlib)


def achievement_png(bars: Sequence[Bar], title: str, axis_label: str, target_label: str) -> bytes:
    """Horizontal bars of achievement (% of target) with the 100 % target line, as PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    plt.rcParams["font.family"] = "DejaVu Sans"
    labels = [shorten(bar.label) for bar in bars]
    values = [min(bar.value or 0.0, ACHIEVEMENT_CAP) for bar in bars]
    colors = [COLORS.get(bar.status, DEFAULT_COLOR) for bar in bars]
    height = max(2.2, 0.42 * len(bars) + 1.2)
    figure, axes = plt.subplots(figsize=(6.3, height), dpi=150)
    try:
        positions = list(range(len(bars)))[::-1]
        axes.barh(positions, values, color=colors, height=0.6)
        axes.set_yticks(positions, labels, fontsize=7)
        axes.axvline(100, color="#333333", linestyle="--", linewidth=1, label=target_label)
        axes.set_xlim(0, ACHIEVEMENT_CAP * 1.12)
        axes.set_xlabel(axis_label, fontsize=8)
        axes.set_title(shorten(title, 90), fontsize=9)
        axes.tick_params(axis="x", labelsize=7)
        for position, bar, shown in zip(positions, bars, values, strict=True):
            text = bar.note or (number(bar.value) + " %" if bar.value is not None else "–")
            if not bar.note and bar.value is not None and bar.value > 100:
                text += " ▲ " + str(_("exceeded"))
            axes.text(shown + 2, position, text, va="center", fontsize=6.5)
        axes.legend(fontsize=7, loc="lower right")
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(figure)


# ---------------------------------------------------------------- SVG (dashboard)


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def bars_svg(
    bars: Sequence[Bar],
    title: str,
    *,
    reference: float | None = None,
    reference_label: str = "",
    suffix: str = "",
    width: int = 700,
) -> str:
    """Horizontal bars with an optional reference line (the target); empty slots for no data."""
    label_width, row, top = 250, 24, 10
    plot = width - label_width - 70
    known = [bar.value for bar in bars if bar.value is not None]
    scale_max = max(known + ([reference] if reference is not None else []) + [1.0])
    height = top + row * max(len(bars), 1) + 24
    body: list[str] = []
    for index, bar in enumerate(bars):
        y = top + index * row
        body.append(
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end" font-size="11">'
            f"{escape(shorten(bar.label, 40))}</text>"
        )
        if bar.value is None:
            body.append(
                f'<text x="{label_width + 4}" y="{y + 15}" font-size="11" fill="#777">'
                f"{escape(bar.note or '–')}</text>"
            )
            continue
        length = max(0.0, bar.value) / scale_max * plot
        color = COLORS.get(bar.status, DEFAULT_COLOR)
        body.append(
            f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="{row - 8}" '
            f'fill="{color}"><title>{escape(bar.label)}: {number(bar.value)}{suffix}</title></rect>'
        )
        body.append(
            f'<text x="{label_width + length + 4:.1f}" y="{y + 15}" font-size="11">'
            f"{escape(bar.note or number(bar.value) + suffix)}</text>"
        )
    if reference is not None:
        x = label_width + reference / scale_max * plot
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 18}" '
            f'stroke="#333" stroke-dasharray="4 3"/>'
            f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" font-size="10">'
            f"{escape(reference_label)} {number(reference)}{suffix}</text>"
        )
    return _svg(width, height, body, title)


def line_svg(
    points: Sequence[Point],
    title: str,
    *,
    target: float | None = None,
    target_label: str = "",
    suffix: str = "",
    width: int = 640,
    height: int = 220,
) -> str:
    """Values over periods as a line with dots, and the target as a dashed horizontal line."""
    left, right, top, bottom = 50, 20, 16, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [point.value for point in points if point.value is not None]
    high = max(known + ([target] if target is not None else []) + [1.0]) * 1.1
    step = plot_w / max(len(points) - 1, 1)

    def y_of(value: float) -> float:
        return top + plot_h - value / high * plot_h

    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="#999"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#999"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" font-size="10">'
        f"{number(high)}</text>",
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" font-size="10">0</text>',
    ]
    coordinates: list[tuple[float, float]] = []
    for index, point in enumerate(points):
        x = left + index * step if len(points) > 1 else left + plot_w / 2
        body.append(
            f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" font-size="10">'
            f"{escape(point.label)}</text>"
        )
        if point.value is not None:
            coordinates.append((x, y_of(point.value)))
            body.append(
                f'<circle cx="{x:.1f}" cy="{y_of(point.value):.1f}" r="3.5" fill="{DEFAULT_COLOR}">'
                f"<title>{escape(point.label)}: {number(point.value)}{suffix}</title></circle>"
                f'<text x="{x:.1f}" y="{y_of(point.value) - 7:.1f}" text-anchor="middle" '
                f'font-size="10">{number(point.value)}</text>'
            )
    if len(coordinates) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
        body.insert(0, f'<polyline points="{path}" fill="none" stroke="{DEFAULT_COLOR}"/>')
    if target is not None:
        y = y_of(target)
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#c62828" '
            f'stroke-dasharray="5 4"/><text x="{left + plot_w}" y="{y - 4:.1f}" '
            f'text-anchor="end" font-size="10" fill="#c62828">'
            f"{escape(target_label)} {number(target)}{suffix}</text>"
        )
    return _svg(width, height, body, title)
