"""The validation report of an import, as an Excel workbook officers open next to their file.

- "Tổng hợp" (summary): the file, the mode and the counts;
- "Lỗi và cảnh báo" (findings): one line per finding — row, sheet, column, header,
  level, message, value;
- one sheet per source sheet: the source rows (every row for a file up to
  `ALL_ROWS_UP_TO` rows, else the header and the rows with findings), with the original
  row number in the first column, the cells in error filled red and those with a
  warning yellow, each with a comment carrying the message(s).

The JSON form of the same report is `ImportResult.as_json()`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from hientai.exchange.rows import ERROR, Finding

if TYPE_CHECKING:
    from hientai.exchange.importer import ImportResult

ERROR_FILL = PatternFill("solid", start_color="FFC7CE", end_color="FFC7CE")
WARNING_FILL = PatternFill("solid", start_color="FFEB9C", end_color="FFEB9C")
BOLD = Font(bold=True)
ALL_ROWS_UP_TO = 20_000
HEADER_SEARCH_ROWS = 10  # as the reader: the header is in the first rows
AUTHOR = "hientai"
# Excel's own limit on a cell's text.
MAX_CELL_TEXT = 32_000


def write_report_xlsx(result: ImportResult, path_of_source: Path | None, out: Path) -> None:
    """Write the report of `result` (for the file at `path_of_source`) to `out`."""
    book = Workbook(write_only=True)
    _summary(book, result)
    _findings(book, result)
    if path_of_source is not None and result.format != "json":
        try:
            sheets = list(_source_sheets(Path(path_of_source), result))
        except Exception:  # the source cannot be read again: the findings sheet says it all
            sheets = []
        for name, rows in sheets:
            _source(book, result, name, rows)
    book.save(out)


def _header(sheet: Any, titles: list[str]) -> None:
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = BOLD
        cells.append(cell)
    sheet.append(cells)


def _summary(book: Workbook, result: ImportResult) -> None:
    sheet = book.create_sheet(_("Summary of the import"))
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 60
    if result.committed:
        outcome = _("Written to the registry")
    elif result.dry_run:
        outcome = _("Dry run: nothing was written")
    else:
        outcome = _("Rejected: nothing was written")
    _header(sheet, [_("Import report"), ""])
    lines = [
        (_("File"), result.file_name),
        (_("Format"), result.format),
        (_("Encoding"), result.encoding or ""),
        (_("Outcome"), outcome),
        (_("Rows"), result.rows),
        (_("Created"), result.created),
        (_("Updated"), result.updated),
        (_("Unchanged"), result.unchanged),
        (_("Rejected"), result.rejected),
        (_("Errors"), result.errors),
        (_("Warnings"), result.warnings),
    ]
    if result.findings_omitted:
        lines.append((_("Findings not listed (too many)"), result.findings_omitted))
    for label, value in lines:
        sheet.append([label, value])


def _findings(book: Workbook, result: ImportResult) -> None:
    sheet = book.create_sheet(_("Errors and warnings"))
    for letter, width in zip("ABCDEFG", (8, 16, 8, 24, 12, 80, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    _header(
        sheet,
        [_("Row"), _("Sheet"), _("Column"), _("Header"), _("Level"), _("Message"), _("Value")],
    )
    for finding in sorted(result.findings, key=lambda f: (f.sheet, f.row, f.column or -1)):
        level = _("Error") if finding.level == ERROR else _("Warning")
        column = get_column_letter(finding.column + 1) if finding.column is not None else ""
        cell = WriteOnlyCell(sheet, value=level)
        cell.fill = ERROR_FILL if finding.level == ERROR else WARNING_FILL
        sheet.append(
            [
                finding.row or None,
                finding.sheet,
                column,
                finding.header,
                cell,
                _cell(sheet, finding.message),
                _cell(sheet, finding.value),
            ]
        )


def _cell(sheet: Any, value: Any) -> WriteOnlyCell:
    """A cell showing `value` as written: text stays text, never a formula."""
    if value is None or isinstance(value, (int, float)):
        return WriteOnlyCell(sheet, value=value)
    cell = WriteOnlyCell(sheet, value=str(value)[:MAX_CELL_TEXT])
    cell.data_type = "s"  # openpyxl would store "=..." as a formula
    return cell


def _source_sheets(path: Path, result: ImportResult) -> Iterator[tuple[str, Iterator[list]]]:
    """The source file's sheets as (name, rows of cells), decoded as the import read them."""
    from hientai.exchange import readers

    if result.format == "csv":
        source = readers.open_csv(path, result.encoding)
        yield "", source.rows()
        return
    for sheet in readers.read_workbook(path, result.format):
        yield sheet.name, iter(sheet.rows)


def _source(book: Workbook, result: ImportResult, name: str, rows: Iterator[list]) -> None:
    """A copy of one source sheet with the findings on their cells."""
    by_row: dict[int, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        if finding.sheet == name and finding.row:
            by_row[finding.row].append(finding)
    everything = result.rows <= ALL_ROWS_UP_TO
    title = (name or _("Data"))[:31]
    taken = {ws.title for ws in book.worksheets}
    if title in taken:
        title = (title[:28] + " ·2")[:31]
    sheet = book.create_sheet(title)
    sheet.freeze_panes = "B2"
    headers = set(result.columns.values())
    positions: dict[str, int] = {}  # header text -> column, for findings without a column
    for number, cells in enumerate(rows, start=1):
        if not positions and headers and number <= HEADER_SEARCH_ROWS:
            found = {str(v).strip(): i for i, v in enumerate(cells) if str(v).strip() in headers}
            if len(found) * 2 >= len(headers):
                positions = found
        findings = by_row.get(number)
        if number > 1 and not everything and not findings:
            continue
        out = [_cell(sheet, number if number > 1 else _("Source row"))]
        out.extend(_cell(sheet, _text(value)) for value in cells)
        if number == 1:
            for cell in out:
                cell.font = BOLD
        for column, group in _by_column(findings or [], positions).items():
            index = 0 if column is None else column + 1
            while index >= len(out):
                out.append(_cell(sheet, None))
            cell = out[index]
            error = any(f.level == ERROR for f in group)
            cell.fill = ERROR_FILL if error else WARNING_FILL
            text = "\n".join(f"{_('Error') if f.level == ERROR else _('Warning')}: {f.message}"
                             for f in group)  # fmt: skip
            cell.comment = Comment(text[:MAX_CELL_TEXT], AUTHOR, width=320, height=120)
        sheet.append(out)


def _by_column(
    findings: list[Finding], positions: dict[str, int]
) -> dict[int | None, list[Finding]]:
    """Findings per column; one without a column but with a header goes to that header's."""
    grouped: dict[int | None, list[Finding]] = defaultdict(list)
    for finding in findings:
        column = finding.column
        if column is None and finding.header:
            column = positions.get(finding.header)
        grouped[column].append(finding)
    return grouped


def _text(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (int, float)):
        return value
    return str(value)
