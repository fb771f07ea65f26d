"""Helpers of the importer tests: gen-people files written for real (CSV and XLSX), the
registry's state in numbers, and `people_file()` / `do_import()` which open and import a file
with the product's reader and importer."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from hientai.demo.generator import generate_people
from hientai.exchange.importer import import_people
from hientai.exchange.parsing import read_people
from hientai.registry import models as m
from hientai.registry.records import CSV_COLUMNS, PersonRecord, csv_row

TODAY = datetime.date(2026, 11, 20)
UNIT_A = "25210"
UNIT_B = "26041"


def write_csv(path: Path, records: list[PersonRecord], *, columns: list[str] | None = None) -> Path:
    """The flat gen-people CSV of `records` (UTF-8), optionally only some columns."""
    keep = columns or CSV_COLUMNS
    positions = [CSV_COLUMNS.index(name) for name in keep]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(keep)
        for record in records:
            row = csv_row(record, TODAY.year)
            writer.writerow([row[i] for i in positions])
    return path


def write_rows_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, records: list[PersonRecord]) -> Path:
    """The same flat rows as an Excel workbook (every cell as text, like officers' sheets)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("people")
    sheet.append(CSV_COLUMNS)
    for record in records:
        sheet.append(csv_row(record, TODAY.year))
    book.save(path)
    return path


def people(n: int, seed: int = 7, units: list[str] | None = None) -> list[PersonRecord]:
    return list(generate_people(n, seed=seed, units=units or [UNIT_A], today=TODAY))


def registry_counts() -> dict[str, int]:
    """How many rows each registry table holds (to prove nothing was written)."""
    tables = [
        m.Person, m.Qualification, m.AcademicTitle, m.LanguageSkill, m.Employment,
        m.SkillAssessment, m.StatusPeriod, m.ProfileVersion, m.Person.categories.through,
    ]  # fmt: skip
    return {model._meta.label: model.objects.count() for model in tables}


# --------------------------------------------------------------------------- reader


def people_file(path: Path, default_unit: str | None = None):
    """The file opened with the product's reader."""
    return read_people(path, default_unit=default_unit)


def do_import(path: Path, user, **options):
    """`import_people` on a file written by the test."""
    return import_people(path, user=user, **options)
