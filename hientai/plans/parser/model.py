"""What the parser returns: plain dataclasses with a JSON form (the `parse-plan --json` output).

The JSON keys follow the issue (plan, legal_bases, targets, tasks, reporting); extra keys
(codes, comparators, responsibilities, ...) are additions the importer may use.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

Value = float | int | list[float | int]


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


Span = tuple[int, int]  # first and last source line (1-based) an item was read from


def _with_span(data: dict[str, Any], span: Span | None) -> dict[str, Any]:
    """Adds the extra "span" key when the item's source lines are known."""
    if span:
        data["span"] = {"start_line": span[0], "end_line": span[1]}
    return data


@dataclass
class Deadline:
    """A deadline as written (`raw`), its kind and the computed due date.

    Kinds: date, month, quarter, year, yearly, ongoing, conditional, follows_plan,
    periodic, from, other. `due` is the last day of the period for date/month/quarter/year
    and None for recurring, ongoing or conditional deadlines (see `due_dates`).
    """

    raw: str
    kind: str
    due: datetime.date | None = None
    day_month: str | None = None  # "15/12" for "trước ngày 15 tháng 12 hằng năm"
    start: datetime.date | None = None  # "Từ năm 2026"
    period: str | None = None  # recurring: year, half_year, quarter, month

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"raw": self.raw, "kind": self.kind, "due": _iso(self.due)}
        if self.day_month:
            data["day_month"] = self.day_month
        if self.start:
            data["start"] = _iso(self.start)
        if self.period:
            data["period"] = self.period
        return data


NO_DEADLINE: dict[str, Any] = {"raw": None, "kind": None, "due": None}


@dataclass
class Target:
    text: str
    value: Value
    unit: str
    year: int | None
    kind: str  # percent, growth_per_year, per_10k, count
    comparator: str | None = None  # min, max, approx
    span: Span | None = None

    def to_json(self) -> dict[str, Any]:
        data = {
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "year": self.year,
            "kind": self.kind,
            "comparator": self.comparator,
        }
        return _with_span(data, self.span)


@dataclass
class Task:
    title: str
    lead: list[str] = field(default_factory=list)
    coordinators: list[str] = field(default_factory=list)
    deadline: Deadline | None = None
    result: str | None = None
    number: str | None = None  # "3.a", "12" (appendix row)
    group: str | None = None  # heading of the group the task belongs to
    source: str = "block"  # block, appendix, assignment, organisation
    lead_codes: list[str | None] = field(default_factory=list)
    coordinator_codes: list[str | None] = field(default_factory=list)
    span: Span | None = None

    def to_json(self) -> dict[str, Any]:
        data = {
            "title": self.title,
            "lead": self.lead,
            "coordinators": self.coordinators,
            "deadline": self.deadline.to_json() if self.deadline else dict(NO_DEADLINE),
            "result": self.result,
            "number": self.number,
            "group": self.group,
            "source": self.source,
            "lead_codes": self.lead_codes,
            "coordinator_codes": self.coordinator_codes,
        }
        return _with_span(data, self.span)


@dataclass
class ReportingDuty:
    from_unit: str
    to_unit: str
    deadline: Deadline | None
    period: str | None = None  # half_year, year, ad_hoc (glossary period types)
    text: str = ""
    span: Span | None = None

    def to_json(self) -> dict[str, Any]:
        data = {
            "from": self.from_unit,
            "to": self.to_unit,
            "deadline": self.deadline.to_json() if self.deadline else dict(NO_DEADLINE),
            "period": self.period,
            "text": self.text,
        }
        return _with_span(data, self.span)


@dataclass
class Responsibility:
    """What the organisation section ("TỔ CHỨC THỰC HIỆN") asks of one unit."""

    unit: str
    duties: list[str]
    code: str | None = None
    spans: list[Span | None] = field(default_factory=list)  # one per duty

    def to_json(self) -> dict[str, Any]:
        return {"unit": self.unit, "code": self.code, "duties": self.duties}


@dataclass
class ParsedPlan:
    number: str | None = None
    issuer: str | None = None
    issuer_code: str | None = None
    date: datetime.date | None = None
    date_raw: str | None = None
    title: str | None = None
    parent: str | None = None
    legal_bases: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    reporting: list[ReportingDuty] = field(default_factory=list)
    responsibilities: list[Responsibility] = field(default_factory=list)
    source_format: str = "txt"
    ocr_pages: int = 0  # pages read through tesseract
    ocr_repaired: bool = False  # diacritics restored by the OCR repair
    # What the reader saw but could not read, or read with doubt (shown on the review page).
    warnings: list[str] = field(default_factory=list)
    # OCR repairs: {"line", "written", "read", "confidence"}; low ones are for the officer.
    repairs: list[dict[str, Any]] = field(default_factory=list)
    # The lines the spans number (not in the JSON): the importer stores them as the source.
    lines: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan": {
                "number": self.number,
                "issuer": self.issuer,
                "date": _iso(self.date),
                "title": self.title,
                "issuer_code": self.issuer_code,
                "date_raw": self.date_raw,
                "parent": self.parent,
            },
            "legal_bases": self.legal_bases,
            "targets": [target.to_json() for target in self.targets],
            "tasks": [task.to_json() for task in self.tasks],
            "reporting": [duty.to_json() for duty in self.reporting],
            "responsibilities": [item.to_json() for item in self.responsibilities],
            "warnings": self.warnings,
            "repairs": self.repairs,
            "source": {
                "format": self.source_format,
                "ocr_pages": self.ocr_pages,
                "ocr_repaired": self.ocr_repaired,
            },
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=indent)
