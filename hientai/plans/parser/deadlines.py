"""Deadlines as plans write them ("Quý II/2026", "Hằng năm", "Khi có hướng dẫn của Bộ") and
their due dates.

`parse_deadline` reads the folded text (no diacritics), so OCR-damaged text without
reliable tone marks ("Hang nam", "Thuong xuyen") reads the same as clean text.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Mapping
from typing import Any

from hientai.core.text import fold
from hientai.plans.parser.model import Deadline

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"((?:19|20)\d\d)"
_QUARTER = re.compile(r"\bquy\s+(iv|iii|ii|i|[1-4])\b\s*(?:/|-|nam)?\s*" + _YEAR)
_DATE = re.compile(
    r"\b(\d{1,2})\s*(?:/|-|\.|\s+thang\s+)\s*(\d{1,2})\s*(?:/|-|\.|\s+nam\s+)\s*" + _YEAR
)
_MONTH = re.compile(r"\bthang\s+(\d{1,2})\s*(?:/|-|\s+nam\s+)\s*" + _YEAR)
_DAY_MONTH = re.compile(
    r"\bngay\s+(\d{1,2})\s*(?:/|-|\s+thang\s+)\s*(\d{1,2})\b(?!\s*(?:/|-)\s*\d)"
)
_FROM = re.compile(r"\btu\s+(?:nam\s+)?" + _YEAR)
_RANGE = re.compile(_YEAR + r"\s*[-–]\s*" + _YEAR)
_YEAR_ONLY = re.compile(r"\b" + _YEAR + r"\b")
# OCR turns "năm" into "nim", "ndm", "ném": accept any short word n?m after hằng/hàng.
_YEARLY = re.compile(r"\b(?:hang|moi)\s+n\w{0,2}m\b|\bh[aă]ng\s+nam\b|\bannual")
_HALF_YEAR = re.compile(r"\b6\s+thang\b|\bsau\s+thang\b")
_CONDITIONAL = re.compile(
    r"\bkhi\s+(?:co|duoc|cac|bo|cap)\b|\bsau\s+khi\b|\btheo\s+huong\s+dan\b"
    r"|\btheo\s+yeu\s+cau\b|\btheo\s+chi\s+dao\b|\bkhi\s+co\s+yeu\s+cau\b|\bdot\s+xuat\b"
)
_FOLLOWS = re.compile(r"\btheo\s+(?:ke\s+hoach|lo\s+trinh|chuong\s+trinh)\b")


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def parse_deadline(raw: str | None) -> Deadline | None:
    """Read a deadline as written; None when there is no text."""
    if raw is None:
        return None
    raw = " ".join(raw.split()).strip(" .;,:()*\"“”'")
    if not raw:
        return None
    text = fold(raw).replace("*", "").replace("⁄", "/")
    # OCR reads the quarter's Roman numeral as digits or letters: "Quý 11/2026", "Quý IH/2026".
    text = re.sub(
        r"\bquy\s+([ivlh1]{1,3}|[1l]v|i[1l]|v)\s*(?=/|-|\s+nam|\s+\d{4})",
        lambda m: "quy " + re.sub(r"[lh1]", "i", m[1]),
        text,
    )
    day_month = None
    if match := _DAY_MONTH.search(text):
        day, month = int(match[1]), int(match[2])
        if 1 <= day <= 31 and 1 <= month <= 12:
            day_month = f"{day:02d}/{month:02d}"
    period = "half_year" if _HALF_YEAR.search(text) else None

    if "thuong xuyen" in text:
        return Deadline(raw, "ongoing")
    if _FOLLOWS.search(text):
        return Deadline(raw, "follows_plan")
    if _CONDITIONAL.search(text):
        return Deadline(raw, "conditional")
    if match := _FROM.search(text):
        year = int(match[1])
        return Deadline(raw, "from", start=datetime.date(year, 1, 1), period="year")
    if match := _QUARTER.search(text):
        quarter = ROMAN.get(match[1]) or int(match[1])
        return Deadline(raw, "quarter", due=_last_day(int(match[2]), quarter * 3))
    if match := _DATE.search(text):
        due = _safe_date(int(match[3]), int(match[2]), int(match[1]))
        if due:
            return Deadline(raw, "date", due=due)
    if match := _MONTH.search(text):
        month = int(match[1])
        if 1 <= month <= 12:
            return Deadline(raw, "month", due=_last_day(int(match[2]), month))
    if _YEARLY.search(text):
        return Deadline(raw, "yearly", day_month=day_month, period=period or "year")
    if "dinh ky" in text:
        return Deadline(raw, "periodic", day_month=day_month, period=period)
    if day_month:
        # "trước ngày 15/12" without a year recurs every year.
        return Deadline(raw, "yearly", day_month=day_month, period=period or "year")
    if match := _RANGE.search(text):
        start, end = int(match[1]), int(match[2])
        return Deadline(
            raw, "year", due=datetime.date(end, 12, 31), start=datetime.date(start, 1, 1)
        )
    if match := _YEAR_ONLY.search(text):
        return Deadline(raw, "year", due=datetime.date(int(match[1]), 12, 31))
    return Deadline(raw, "other")


def _as_deadline(deadline: Deadline | Mapping[str, Any] | str) -> Deadline | None:
    if isinstance(deadline, Deadline):
        return deadline
    if isinstance(deadline, str):
        return parse_deadline(deadline)
    if not deadline.get("kind"):
        return None
    due = deadline.get("due")
    start = deadline.get("start")
    return Deadline(
        raw=deadline.get("raw") or "",
        kind=deadline["kind"],
        due=datetime.date.fromisoformat(due) if due else None,
        day_month=deadline.get("day_month"),
        start=datetime.date.fromisoformat(start) if start else None,
        period=deadline.get("period"),
    )


def _recurring(year: int, day_month: str | None, period: str | None) -> list[datetime.date]:
    if day_month:
        day, month = (int(part) for part in day_month.split("/"))
        found = _safe_date(year, month, day)
        return [found] if found else [_last_day(year, month)]
    if period == "half_year":
        return [datetime.date(year, 6, 30), datetime.date(year, 12, 31)]
    if period == "quarter":
        return [_last_day(year, month) for month in (3, 6, 9, 12)]
    if period == "month":
        return [_last_day(year, month) for month in range(1, 13)]
    return [datetime.date(year, 12, 31)]


def due_dates(
    deadline: Deadline | Mapping[str, Any] | str, start_year: int, end_year: int
) -> list[datetime.date]:
    """Due dates of a deadline over the years start_year..end_year, in order.

    One-off deadlines (date, month, quarter, year) give their due date if it falls in the
    range; yearly ones give 31/12 of each year (or their day, "15/12"), half-yearly ones
    30/6 and 31/12, "Từ năm 2026" every year from 2026, periodic ones every year;
    ongoing, conditional and follows_plan deadlines have no due date.
    """
    found = _as_deadline(deadline)
    if found is None:
        return []
    if found.kind in {"date", "month", "quarter", "year"}:
        return [found.due] if found.due and start_year <= found.due.year <= end_year else []
    if found.kind in {"yearly", "periodic", "from"}:
        first = max(start_year, found.start.year) if found.start else start_year
        dates: list[datetime.date] = []
        for year in range(first, end_year + 1):
            dates.extend(_recurring(year, found.day_month, found.period))
        return dates
    return []
