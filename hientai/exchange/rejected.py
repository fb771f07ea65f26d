"""The file of rejected rows: what an officer fixes and imports again.

After "commit the valid rows" (or a check), `write_rejected(result, source, out)` writes the
rows the import refused in the form the officer sent them: the rows above the header
(a title) and the header itself, then every rejected row as read, with an added "Lỗi"
(error) column holding the row's errors. A CSV comes back as CSV (UTF-8 with a BOM, so
Excel opens it; a TCVN3 or VNI file's text was decoded on reading and stays decoded), a
workbook as an .xlsx with the people sheet only (part sheets are not copied). The
importer ignores the "Lỗi" column, so the fixed file imports as it is; rows already
imported are unchanged on a second import (the import is idempotent).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook

from hientai.exchange.rows import ERROR
from hientai.registry.values import cell_text

if TYPE_CHECKING:
    from hientai.exchange.importer import ImportResult

ERROR_HEADER = "Lỗi"


def extension(result: ImportResult) -> str:
    return "csv" if result.format == "csv" else "xlsx"


def _messages(result: ImportResult) -> dict[tuple[str, int], list[str]]:
    by_row: dict[tuple[str, int], list[str]] = defaultdict(list)
    for finding in result.findings:
        if finding.level != ERROR or not finding.row:
            continue
        text = f"{finding.header}: {finding.message}" if finding.header else finding.message
        by_row[(finding.sheet, finding.row)].append(text)
    return by_row


def _source_rows(path: Path, result: ImportResult) -> tuple[str, list[list[Any]]]:
    from hientai.exchange import readers
    from hientai.exchange.parsing import _fix_legacy_cells

    if result.format == "csv":
        source = readers.open_csv(path, result.encoding)
        try:
            return "", list(source.rows())
        finally:
            source.close()
    sheets = readers.read_workbook(path, result.format)
    _fix_legacy_cells(sheets, result.encoding)
    for sheet in sheets:
        if sheet.name == result.people_sheet:
            return sheet.name, sheet.rows
    return (sheets[0].name, sheets[0].rows) if sheets else ("", [])


def write_rejected(result: ImportResult, source: Path, out: Path) -> int:
    """Write the rejected rows of `result` (read from `source`) to `out`; returns how many.
    Rows rejected on a part sheet are listed by their person's row when it has one."""
    sheet_name, rows = _source_rows(Path(source), result)
    wanted = {row for sheet, row in result.rejected_rows if sheet == sheet_name}
    messages = _messages(result)
    header_row = max(result.header_row, 1)
    width = max((len(r) for r in rows[:header_row]), default=0)
    out_rows: list[list[Any]] = []
    for number, cells in enumerate(rows, start=1):
        if number < header_row:
            out_rows.append(list(cells))
        elif number == header_row:
            out_rows.append([*cells, *[""] * (width - len(cells)), ERROR_HEADER])
        elif number in wanted:
            padded = [*cells, *[""] * (width - len(cells))][:width]
            if len(cells) > width:
                padded = list(cells)
            note = "; ".join(dict.fromkeys(messages.get((sheet_name, number), [])))
            out_rows.append([*padded, note])
    if extension(result) == "csv":
        with open(out, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            for cells in out_rows:
                writer.writerow([cell_text(c) if not isinstance(c, str) else c for c in cells])
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet((sheet_name or "Nhân sự")[:31])
        for cells in out_rows:
            sheet.append([_cell(c) for c in cells])
        book.save(out)
    return len(out_rows) - header_row


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] == "=":
        return "'" + value  # text, never a formula, when the file is opened again
    return value
