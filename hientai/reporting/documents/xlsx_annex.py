"""The report's XLSX annex: the figures behind the DOCX, one sheet per table, Vietnamese
headers, a styled and frozen header row and filters, numbers stored as numbers."""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hientai.reporting.documents.content import STATUS_LABELS, ReportContent

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(name="Times New Roman", bold=True, color="FFFFFF", size=11)
BODY_FONT = Font(name="Times New Roman", size=11)
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")


def _cell_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return round(float(value), 4)
    return value


def _sheet(
    workbook: Workbook, title: str, headers: Sequence[tuple[str, int]], rows: Sequence[Sequence]
) -> Worksheet:
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([header for header, _width in headers])
    for row in rows:
        sheet.append([_cell_value(value) for value in row])
    for index, (_header, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cell in sheet[1]:
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = BORDER
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.font = BODY_FONT
            cell.alignment = WRAP
            cell.border = BORDER
            if isinstance(cell.value, float):
                cell.number_format = "#,##0.0##"
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(headers))
    sheet.auto_filter.ref = f"A1:{last}{max(sheet.max_row, 1)}"
    return sheet


def _targets(content: ReportContent) -> list[list]:
    return [
        [
            row.plan.pk,
            row.plan.title,
            row.target.text,
            row.indicator.code if row.indicator is not None else "",
            row.name,
            row.measure,
            row.unit.name_vi if row.unit is not None else "",
            row.baseline,
            row.baseline_year,
            row.target.value,
            row.target.value_max,
            row.target.year,
            row.value,
            row.achievement,
            row.status_label,
            _("exceeded") if row.exceeded else "",
        ]
        for row in content.target_rows
    ]


def _indicator_values(values: Sequence[Any]) -> list[list]:
    return [
        [
            item.indicator.code,
            item.indicator.name_vi,
            item.indicator.get_unit_display(),
            item.unit.code,
            item.unit.name_vi,
            str(item.period),
            item.numerator,
            item.denominator,
            item.value,
            item.target,
            item.target_year,
            item.achievement,
            str(STATUS_LABELS.get(item.status, item.status)),
        ]
        for item in values
    ]


def _tasks(content: ReportContent) -> list[list]:
    return [
        [
            section.plan.pk,
            section.plan.title,
            row.number,
            row.content,
            row.lead_text,
            row.due.strftime("%d/%m/%Y") if row.due else "",
            row.deadline_raw,
            row.bucket_label,
            row.progress,
            row.linked or "",
            row.responsible,
            row.latest_note,
            row.latest_note_at.strftime("%d/%m/%Y") if row.latest_note_at else "",
        ]
        for section in content.plans
        for row in section.tasks
    ]


def _narratives(content: ReportContent) -> list[list]:
    rows = []
    for label, items in (
        (_("Difficulties and obstacles"), content.difficulties),
        (_("Proposals and recommendations"), content.proposals),
    ):
        rows += [[label, item.unit, item.dataset, item.period, item.text] for item in items]
    return rows


def _breakdowns(content: ReportContent) -> list[list]:
    from hientai.indicators.breakdowns import suppressed_text

    rows = []
    for table in content.breakdowns:
        for cell in table.cells:
            hidden = suppressed_text() if cell.suppressed else None
            rows.append(
                [
                    table.indicator.code,
                    table.indicator.name_vi,
                    table.by_label,
                    cell.label,
                    hidden or cell.numerator,
                    hidden or cell.denominator,
                    hidden or cell.value,
                ]
            )
    return rows


def _trends(content: ReportContent) -> list[list]:
    rows = []
    for trend in content.trends:
        rows.append(
            [trend.row.name, trend.row.target_display, trend.row.target.year or ""]
            + [value for _year, value in trend.values]
            + [trend.trend_label]
        )
    return rows


def _signer(content: ReportContent) -> list[list]:
    head = content.letterhead
    return [
        [_("Issuing body"), head.issuing_body],
        [_("Signing authority"), head.signer_authority],
        [_("Signer's title"), head.signer_title],
        [_("Signer's name"), head.signer_name],
    ]


def _completeness(content: ReportContent) -> list[list]:
    return [
        [
            row.unit.code,
            ("– " * row.level) + row.unit.name_vi,
            row.expected,
            row.submitted,
            row.approved,
            row.on_time,
            row.late,
            row.missing,
            row.pending,
            row.rate,
            row.timely_rate,
        ]
        for row in content.completeness
    ]


def build_workbook(content: ReportContent) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        _("Plan targets"),
        [
            (_("Plan id"), 8),
            (_("Plan"), 40),
            (_("Target as written"), 50),
            (_("Indicator code"), 14),
            (_("Indicator name"), 40),
            (_("Unit of measure"), 12),
            (_("Measured in"), 24),
            (_("Baseline"), 10),
            (_("Baseline year"), 9),
            (_("Target"), 10),
            (_("Upper target"), 10),
            (_("Target year"), 9),
            (_("Value this period"), 12),
            (_("Achievement (%)"), 12),
            (_("Status"), 14),
            (_("Exceeded"), 10),
        ],
        _targets(content),
    )
    _sheet(
        workbook,
        _("Indicators by unit"),
        [
            (_("Indicator code"), 14),
            (_("Indicator name"), 42),
            (_("Unit of measure"), 14),
            (_("Unit code"), 12),
            (_("Unit"), 30),
            (_("Period"), 9),
            (_("Numerator"), 12),
            (_("Denominator"), 12),
            (_("Value"), 12),
            (_("Target"), 10),
            (_("Target year"), 9),
            (_("Achievement (%)"), 12),
            (_("Status"), 14),
        ],
        _indicator_values(content.indicator_values),
    )
    _sheet(
        workbook,
        _("Tasks"),
        [
            (_("Plan id"), 8),
            (_("Plan"), 36),
            (_("No."), 7),
            (_("Task"), 60),
            (_("Lead unit"), 30),
            (_("Task due date"), 12),
            (_("Deadline as written"), 22),
            (_("Status"), 16),
            (_("Progress (%)"), 10),
            (_("Linked tasks of the units' plans"), 12),
            (_("Responsible person"), 22),
            (_("Latest progress note"), 50),
            (_("Note date"), 11),
        ],
        _tasks(content),
    )
    _sheet(
        workbook,
        _("Difficulties, proposals"),
        [
            (_("Section"), 24),
            (_("Unit"), 30),
            (_("Dataset"), 40),
            (_("Period"), 16),
            (_("Text"), 80),
        ],
        _narratives(content),
    )
    if content.is_review:
        first, last = content.review_years or (0, 0)
        _sheet(
            workbook,
            _("Trends"),
            [(_("Indicator name"), 42), (_("Target"), 10), (_("Target year"), 9)]
            + [(str(year), 10) for year in range(first - 1, last + 1)]
            + [(_("Trend"), 20)],
            _trends(content),
        )

    _sheet(
        workbook,
        _("Reporting completeness"),
        [
            (_("Unit code"), 12),
            (_("Unit"), 40),
            (_("Expected"), 10),
            (_("Submitted"), 10),
            (_("Approved"), 10),
            (_("On time"), 10),
            (_("Late"), 10),
            (_("Missing"), 10),
            (_("Not yet due"), 10),
            (_("Completeness (%)"), 13),
            (_("Timeliness (%)"), 13),
        ],
        _completeness(content),
    )
    if content.breakdowns:
        _sheet(
            workbook,
            _("Breakdowns"),
            [
                (_("Indicator code"), 14),
                (_("Indicator name"), 42),
                (_("Breakdown"), 16),
                (_("Group"), 24),
                (_("Numerator"), 12),
                (_("Denominator"), 12),
                (_("Value"), 12),
            ],
            _breakdowns(content),
        )
    _sheet(workbook, _("Signer"), [(_("Field"), 24), (_("Value"), 40)], _signer(content))
    workbook.properties.title = _("Annex to the consolidated report, %(period)s") % {
        "period": content.period
    }
    return workbook


def build_xlsx(content: ReportContent, path: str | Path) -> Path:
    build_workbook(content).save(str(path))
    return Path(path)


def xlsx_bytes(content: ReportContent) -> bytes:
    buffer = io.BytesIO()
    build_workbook(content).save(buffer)
    return buffer.getvalue()
