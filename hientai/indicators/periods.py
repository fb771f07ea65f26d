"""Reporting periods: a whole year ("2026") or a half year ("2026H1" = Jan–Jun, "2026H2" = Jul–Dec).

Indicators are evaluated as of `Period.end`; ReportedValue rows store `str(period)`.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

_PERIOD_RE = re.compile(r"^\s*(\d{4})\s*(?:[-/ ]?\s*[Hh]\s*([12]))?\s*$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    half: int | None = None  # None = whole year; 1 = Jan–Jun; 2 = Jul–Dec

    def __post_init__(self) -> None:
        if self.half not in (None, 1, 2):
            raise ValueError(_("A half year is 1 or 2."))
        if not 1900 <= self.year <= 2200:
            raise ValueError(_("The year %(year)s is out of range.") % {"year": self.year})

    @classmethod
    def parse(cls, text: str | int | Period) -> Period:
        """Read "2026", "2026H1", "2026-H2" (any case); ValueError (translated) otherwise."""
        if isinstance(text, Period):
            return text
        match = _PERIOD_RE.match(str(text or ""))
        if not match:
            raise ValueError(
                _(
                    "Invalid period “%(text)s”: write a year (2026) or a half year "
                    "(2026H1 for January–June, 2026H2 for July–December)."
                )
                % {"text": text}
            )
        half = int(match.group(2)) if match.group(2) else None
        return cls(int(match.group(1)), half)

    @property
    def start(self) -> datetime.date:
        month = 7 if self.half == 2 else 1
        return datetime.date(self.year, month, 1)

    @property
    def end(self) -> datetime.date:
        if self.half == 1:
            return datetime.date(self.year, 6, 30)
        return datetime.date(self.year, 12, 31)

    @property
    def is_year(self) -> bool:
        return self.half is None

    @property
    def label(self) -> str:
        if self.half == 1:
            return _("first 6 months of %(year)d") % {"year": self.year}
        if self.half == 2:
            return _("last 6 months of %(year)d") % {"year": self.year}
        return _("year %(year)d") % {"year": self.year}

    def __str__(self) -> str:
        return f"{self.year}H{self.half}" if self.half else str(self.year)

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Period:
        if self.half == 2:
            return Period(self.year, 1)
        if self.half == 1:
            return Period(self.year - 1, 2)
        return Period(self.year - 1)


def year_periods(first: int, last: int) -> list[Period]:
    return [Period(year) for year in range(first, last + 1)]
