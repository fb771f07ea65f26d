"""What the readers hand to the importer: one parsed row per person, with its findings."""

from __future__ import annotations

from dataclasses import dataclass, field

from hientai.registry.records import PersonRecord

ERROR = "error"
WARNING = "warning"


@dataclass(slots=True)
class Finding:
    """One problem found in the file, tied to a cell when it can be."""

    row: int  # 1-based row number in the source sheet (header included); 0 = file level
    sheet: str  # sheet name ("" for CSV and JSON)
    column: int | None  # 0-based column index in the source sheet; None when not tied to a cell
    header: str  # the header as written in the file ("" if none)
    field: str  # our key, e.g. "birth_date" ("" if none)
    level: str  # ERROR or WARNING
    message: str  # translated message
    value: str = ""  # the raw value as text

    def as_json(self) -> dict:
        return {
            "row": self.row,
            "sheet": self.sheet,
            "column": self.column,
            "header": self.header,
            "field": self.field,
            "level": self.level,
            "message": self.message,
            "value": self.value,
        }


@dataclass(slots=True)
class ParsedRow:
    """One person read from the file: the normalised record (None when it could not be
    built) and every finding on its row(s)."""

    row: int
    sheet: str
    record: PersonRecord | None
    findings: list[Finding] = field(default_factory=list)
    record_id: str = ""  # the source system's record number ("Mã hồ sơ"), when the file has one

    @property
    def has_errors(self) -> bool:
        return self.record is None or any(f.level == ERROR for f in self.findings)
