"""The consolidated report as DOCX, in the layout of Decree 30/2020/NĐ-CP, Appendix I.

A4, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman everywhere (13 pt
body); the letterhead table (issuing body left, national name and motto right, each with its
short rule below), number and symbol, place and date in italics, the document kind and summary,
numbered sections, the signature block on the right and "Nơi nhận" on the left (12 / 11 pt),
page numbers at the top centre from the second page on.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from hientai.reporting.documents import charts
from hientai.reporting.documents.content import (
    PlanSection,
    ReportContent,
    TargetRow,
    completeness_total,
)
from hientai.reporting.services import UnitCompleteness

if TYPE_CHECKING:
    from docx.oxml.xmlchemy import BaseOxmlElement

FONT = "Times New Roman"
BODY_SIZE = 13
TABLE_SIZE = 11
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(15)}
TEXT_WIDTH_MM = 210 - 30 - 15
LEFT_HEAD_MM, RIGHT_HEAD_MM = 72, TEXT_WIDTH_MM - 72
HEAD_SIZE = 12  # issuing body and national name: 12–13 pt; 12 keeps each on one line
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


# ---------------------------------------------------------------- low-level helpers


def _set_fonts(element_rpr: BaseOxmlElement) -> None:
    """Name the font for every script (Latin, complex, East Asian) and drop theme fonts,
    which would otherwise win over the explicit name."""
    fonts = element_rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        element_rpr.insert(0, fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _run(
    paragraph: Paragraph,
    text: str,
    *,
    size: float = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
):
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold = bold
    run.italic = italic
    run.underline = underline
    _set_fonts(run._element.get_or_add_rPr())
    return run


def _format(
    paragraph: Paragraph,
    *,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    before: float = 0,
    after: float = 0,
    first_line: float | None = None,
    line_spacing: float = 1.0,
    keep_next: bool = False,
) -> Paragraph:
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = line_spacing
    fmt.keep_with_next = keep_next
    if first_line is not None:
        fmt.first_line_indent = Mm(first_line)
    return paragraph


def _rule_below(paragraph: Paragraph, cell_mm: float, line_mm: float) -> Paragraph:
    """A short solid line under a centred text (Decree 30: under the issuing body, the motto
    and the summary): a tiny empty paragraph after it whose top border, narrowed by indents,
    is `line_mm` long and centred in a space `cell_mm` wide."""
    line = OxmlElement("w:p")
    paragraph._p.addnext(line)
    rule = Paragraph(line, paragraph._parent)
    side = max(0.0, (cell_mm - line_mm) / 2)
    fmt = rule.paragraph_format
    fmt.left_indent = Mm(side)
    fmt.right_indent = Mm(side)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    top.set(qn("w:val"), "single")
    top.set(qn("w:sz"), "6")
    top.set(qn("w:space"), "1")
    top.set(qn("w:color"), "000000")
    borders.append(top)
    rule._p.get_or_add_pPr().append(borders)
    return rule


def _no_borders(table: Table) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    properties.append(borders)


def _tight_cells(table: Table, margin_mm: float = 0.5) -> None:
    """Narrow cell margins, so each header line fits on one line of its column."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:w"), str(int(margin_mm * 1440 / 25.4)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.append(margins)


def _widths(table: Table, widths_mm: list[float]) -> None:
    """Fixed column widths, written where Word and LibreOffice both read them (the grid,
    every cell and the table's own width)."""
    table.autofit = False
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    width = properties.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        properties.append(width)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(int(sum(widths_mm) * 1440 / 25.4)))
    for column, size in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(size)
    for row in table.rows:
        for cell, size in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(size)


def _repeat_header(table: Table) -> None:
    header = table.rows[0]._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    header.append(element)


def _cell_text(cell, text: str, *, size: float = TABLE_SIZE, bold: bool = False, align=None):
    paragraph = cell.paragraphs[0]
    _format(paragraph, align=align or WD_ALIGN_PARAGRAPH.LEFT)
    _run(paragraph, text, size=size, bold=bold)
    return paragraph


def _page_number(section) -> None:
    """Page numbers at the top centre, not on the first page (Decree 30, item 13)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    _format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER)
    run = _run(paragraph, "")
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _number(value, digits: int = 2) -> str:
    return charts.number(charts.to_float(value), digits)


# ---------------------------------------------------------------- the document


class ReportDocument:
    def __init__(self, content: ReportContent) -> None:
        self.content = content
        self.document = Document()
        self._setup()

    def _setup(self) -> None:
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin = MARGINS["top"]
        section.bottom_margin = MARGINS["bottom"]
        section.left_margin = MARGINS["left"]
        section.right_margin = MARGINS["right"]
        section.header_distance = Mm(10)
        _page_number(section)
        for style_name in ("Normal", "Table Grid"):
            style = self.document.styles[style_name]
            style.font.name = FONT
            style.font.size = Pt(BODY_SIZE)
            _set_fonts(style.element.get_or_add_rPr())
        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
            if rpr is not None:
                _set_fonts(rpr)
        self.document.core_properties.title = _("Consolidated report")
        self.document.core_properties.language = "vi-VN"

    # ------------------------------------------------------------ parts

    def paragraph(self, text: str = "", **options) -> Paragraph:
        """A body paragraph: justified, first line indented 12.7 mm, 6 pt before."""
        size = options.pop("size", BODY_SIZE)
        bold = options.pop("bold", False)
        italic = options.pop("italic", False)
        options.setdefault("before", 6)
        options.setdefault("first_line", 12.7)
        options.setdefault("line_spacing", 1.15)
        paragraph = _format(self.document.add_paragraph(), **options)
        if text:
            _run(paragraph, text, size=size, bold=bold, italic=italic)
        return paragraph

    def heading(self, text: str, level: int) -> Paragraph:
        """Section headings: "I. ..." bold capitals, "1. ..." bold."""
        return self.paragraph(
            text.upper() if level == 1 else text, bold=True, keep_next=True, before=8
        )

    def letterhead(self) -> None:
        head = self.content.letterhead
        table = self.document.add_table(rows=2, cols=2)
        _no_borders(table)
        _tight_cells(table)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _widths(table, [LEFT_HEAD_MM, RIGHT_HEAD_MM])
        left, right = table.rows[0].cells
        centre = WD_ALIGN_PARAGRAPH.CENTER
        parent = _format(left.paragraphs[0], align=centre)
        _run(parent, head.parent_body, size=HEAD_SIZE)
        body = _format(left.add_paragraph(), align=centre)
        _run(body, head.issuing_body, size=HEAD_SIZE, bold=True)
        _rule_below(body, LEFT_HEAD_MM, LEFT_HEAD_MM * 0.4)
        nation = _format(right.paragraphs[0], align=centre)
        _run(nation, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=HEAD_SIZE, bold=True)
        motto = _format(right.add_paragraph(), align=centre)
        _run(motto, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True)
        _rule_below(motto, RIGHT_HEAD_MM, 58)
        number_cell, date_cell = table.rows[1].cells
        number = _format(number_cell.paragraphs[0], align=centre, before=6)
        _run(number, f"Số:        /{head.symbol}", size=13)
        day = self.content.report_date
        place = _format(date_cell.paragraphs[0], align=centre, before=6)
        _run(
            place,
            f"{head.place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}",
            size=13,
            italic=True,
        )

    def title(self) -> None:
        kind = _format(self.document.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER, before=18)
        _run(kind, "BÁO CÁO", size=14, bold=True)
        summary = _format(self.document.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER)
        _run(summary, self.summary_line(), size=14, bold=True)
        _rule_below(summary, TEXT_WIDTH_MM, 45)
        self.document.add_paragraph()

    def summary_line(self) -> str:
        content = self.content
        if content.is_review:
            return _("%(review)s of the plans: results, indicators and targets, %(scope)s") % {
                "review": content.review_label.capitalize(),
                "scope": content.scope_name,
            }
        return _(
            "Results of implementing the plans, indicators and periodic reporting, "
            "%(period)s, %(scope)s"
        ) % {"period": content.period.label, "scope": content.scope_name}

    def overview(self, number: str) -> None:
        content = self.content
        totals = content.task_totals
        rows = content.target_rows
        achieved = sum(row.status == "achieved" for row in rows)
        with_data = sum(row.value is not None for row in rows)
        self.heading(f"{number}. " + _("Overview"), 1)
        self.paragraph(
            _(
                "This report consolidates %(plans)d plans in %(scope)s for %(period)s "
                "(task status as of %(as_of)s)."
            )
            % {
                "plans": len(content.plans),
                "scope": content.scope_name,
                "period": content.period.label,
                "as_of": content.as_of.strftime("%d/%m/%Y"),
            }
        )
        self.paragraph(
            _(
                "Tasks: %(total)d in all, %(done)d done, %(on_time)d in progress on time, "
                "%(overdue)d overdue."
            )
            % {
                "total": totals.total,
                "done": totals.done,
                "on_time": totals.on_time,
                "overdue": totals.overdue,
            }
        )
        self.paragraph(
            _(
                "Targets: %(targets)d quantitative targets, %(with_data)d with a value for the "
                "period, %(achieved)d already achieved."
            )
            % {"targets": len(rows), "with_data": with_data, "achieved": achieved}
        )
        total = completeness_total(content.completeness)
        if total is not None and total.expected:
            expected, submitted, on_time = total.expected, total.submitted, total.on_time
            self.paragraph(
                _(
                    "Periodic reports: %(submitted)d of %(expected)d expected reports "
                    "submitted, %(on_time)d on time."
                )
                % {"submitted": submitted, "expected": expected, "on_time": on_time}
            )

    def plan_section(self, number: str, section: PlanSection) -> None:
        plan = section.plan
        self.heading(f"{number}. {section.heading}", 2)
        facts = [_("Issued by: %(unit)s") % {"unit": plan.issuing_unit.name_vi}]
        if plan.start_year or plan.end_year:
            facts.append(
                _("period %(start)s–%(end)s")
                % {"start": plan.start_year or "…", "end": plan.end_year or "…"}
            )
        facts.append(_("status: %(status)s") % {"status": plan.get_status_display().lower()})
        self.paragraph("; ".join(facts) + ".")
        self.paragraph(_("a) Task status by lead unit"), bold=True, italic=True, keep_next=True)
        self.task_table(section)
        self.paragraph(
            _("b) Progress of the indicators and targets"), bold=True, italic=True, keep_next=True
        )
        if section.targets:
            self.target_table(section.targets)
            self.chart(section)
        else:
            self.paragraph(_("The plan states no quantitative target."))

    def task_table(self, section: PlanSection) -> None:
        if not section.tasks:
            self.paragraph(_("No task of this plan is in the report's scope."))
            return
        headers = [
            _("No."),
            _("Lead unit"),
            _("Tasks"),
            _("Done"),
            _("In progress, on time"),
            _("Overdue"),
        ]
        rows = [
            [str(index), counts.name, counts.total, counts.done, counts.on_time, counts.overdue]
            for index, counts in enumerate(section.by_unit, start=1)
        ]
        totals = section.totals
        rows.append(["", _("Total"), totals.total, totals.done, totals.on_time, totals.overdue])
        self.table(headers, rows, [10, 75, 18, 18, 26, 18], bold_last=True)
        # Every task with its lead unit, status, progress and latest progress note.
        self.paragraph(_("Tasks and their results:"), italic=True, keep_next=True)
        self.table(
            [
                _("No."),
                _("Task"),
                _("Lead unit"),
                _("Status"),
                _("Progress"),
                _("Latest progress note"),
            ],
            [
                [
                    row.number or str(index),
                    row.content,
                    row.lead_text,
                    row.bucket_label,
                    row.progress_display,
                    row.note_display,
                ]
                for index, row in enumerate(section.tasks, start=1)
            ],
            [10, 55, 28, 20, 17, 35],
            size=10,
        )
        rolled = [row for row in section.tasks if row.linked]
        for row in rolled:
            self.paragraph(
                _(
                    "The progress of task %(number)s is the weighted progress of the "
                    "%(count)d tasks of the units' plans that implement it."
                )
                % {"number": row.number or row.content[:40], "count": row.linked},
                italic=True,
            )

    def target_table(self, rows: list[TargetRow]) -> None:
        headers = [
            _("No."),
            _("Indicator name"),
            _("Unit of measure"),
            _("Baseline"),
            _("Target"),
            _("Target year"),
            _("Value this period"),
            _("Achievement (%)"),
            _("Status"),
        ]
        body = []
        for index, row in enumerate(rows, start=1):
            baseline = _number(row.baseline)
            if row.baseline is not None and row.baseline_year:
                baseline += f" ({row.baseline_year})"
            body.append(
                [
                    str(index),
                    row.name,
                    row.measure,
                    baseline,
                    row.target_display,
                    str(row.target.year or ""),
                    _number(row.value),
                    row.achievement_display,
                    row.status_label,
                ]
            )
        self.table(headers, body, [9, 46, 15, 16, 15, 13, 15, 14, 22], size=10)
        exceeded = [row for row in rows if row.exceeded]
        if exceeded:
            self.paragraph(
                _("Targets exceeded (more than 100%% of the target): %(names)s.")
                % {"names": "; ".join(row.name for row in exceeded)},
                italic=True,
            )

    def chart(self, section: PlanSection) -> None:
        bars = [
            charts.Bar(
                label=row.name,
                value=charts.to_float(row.achievement),
                status=row.status,
                note="" if row.achievement is not None else _("no data"),
            )
            for row in section.targets
        ]
        if not any(bar.value is not None for bar in bars):
            return
        image = charts.achievement_png(
            bars,
            title=_("Indicators against targets, %(period)s") % {"period": self.content.period},
            axis_label=_("Achievement, percent of target"),
            target_label=_("Target (100 %)"),
        )
        paragraph = _format(
            self.document.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER, before=6
        )
        paragraph.add_run().add_picture(io.BytesIO(image), width=Mm(TEXT_WIDTH_MM - 5))
        caption = _format(self.document.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER)
        _run(
            caption,
            _("Chart: achievement of the targets of the plan (dashed line: the target)."),
            size=11,
            italic=True,
        )

    def completeness(self, number: str, rows: list[UnitCompleteness]) -> None:
        self.heading(f"{number}. " + _("Reporting completeness and timeliness"), 1)
        if not rows:
            self.paragraph(_("No periodic report was expected from the units for this period."))
            return
        headers = [
            _("No."),
            _("Unit"),
            _("Expected"),
            _("Submitted"),
            _("On time"),
            _("Late"),
            _("Missing"),
            _("Completeness (%)"),
            _("Timeliness (%)"),
        ]
        body = [
            [
                str(index),
                ("– " * row.level) + row.unit.name_vi,
                row.expected,
                row.submitted,
                row.on_time,
                row.late,
                row.missing,
                _number(row.rate, 1),
                _number(row.timely_rate, 1),
            ]
            for index, row in enumerate(rows, start=1)
        ]
        bold = {index for index, row in enumerate(rows) if row.level == 0}
        self.table(headers, body, [11, 53, 14, 14, 14, 12, 13, 17, 17], size=10, bold_rows=bold)

    def difficulties(self, number: str) -> None:
        """ "Khó khăn, vướng mắc": what the units wrote in their reports."""
        content = self.content
        self.heading(f"{number}. " + _("Difficulties and obstacles"), 1)
        if not content.difficulties:
            self.paragraph(_("No unit reported a difficulty for the period."))
            return
        for item in content.difficulties:
            self.paragraph(f"- {item.unit} ({item.period}): {item.text}")

    def trends(self, number: str) -> None:
        """A review's targets year by year, with the direction of each."""
        content = self.content
        if not content.review_years:
            return
        first, last = content.review_years
        self.heading(f"{number}. " + _("Targets over the years of the review"), 1)
        years = list(range(first - 1, last + 1))  # with the year before, the starting point
        headers = [_("No."), _("Indicator name"), _("Target")] + [str(y) for y in years]
        headers.append(_("Trend"))
        body = []
        for index, trend in enumerate(content.trends, start=1):
            row = trend.row
            target = f"{row.target_display} ({row.target.year})" if row.target.year else ""
            body.append(
                [str(index), row.name, target]
                + [_number(value) for _year, value in trend.values]
                + [trend.trend_label]
            )
        column = 16.0 if len(years) <= 4 else 13.0
        free = TEXT_WIDTH_MM - 9.0 - 22 - 28 - column * len(years)
        self.table(headers, body, [9, free, 22] + [column] * len(years) + [28], size=10)

    def proposals(self, number: str) -> None:
        content = self.content
        self.heading(f"{number}. " + _("Proposals and recommendations"), 1)
        for item in content.proposals:
            self.paragraph(f"- {item.unit}: {item.text}")
        overdue_units = [
            counts.name for section in content.plans for counts in section.by_unit if counts.overdue
        ]
        if overdue_units:
            self.paragraph(
                "- "
                + _(
                    "The lead units with overdue tasks (%(units)s) should complete them or ask "
                    "for an extension."
                )
                % {"units": ", ".join(dict.fromkeys(overdue_units))}
            )
        missing = [
            row.unit.name_vi for row in content.completeness if row.missing and not row.is_rollup
        ]
        if len(missing) > 12:  # a long list says little: the annex names every unit
            missing = [
                *missing[:12],
                _("%(count)d other units") % {"count": len(missing) - 12},
            ]
        if missing:
            self.paragraph(
                "- "
                + _(
                    "The units that have not yet submitted their periodic reports (%(units)s) "
                    "should do so."
                )
                % {"units": ", ".join(missing)}
            )
        no_data = [row for row in content.target_rows if row.status in ("no_data", "no_indicator")]
        if no_data:
            self.paragraph(
                "- "
                + _(
                    "%(count)d targets have no value for the period yet: the units in charge "
                    "should report the figures."
                )
                % {"count": len(no_data)}
            )
        self.paragraph(
            "- "
            + _(
                "The Department of Science and Technology will keep monitoring and consolidating "
                "the results for the City People's Committee and the Ministry of Science and "
                "Technology."
            )
        )

    def closing(self) -> None:
        head = self.content.letterhead
        self.document.add_paragraph()
        table = self.document.add_table(rows=1, cols=2)
        _no_borders(table)
        _widths(table, [90, TEXT_WIDTH_MM - 90])
        # The signature block stays on one page.
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        recipients, signature = table.rows[0].cells
        heading = _format(recipients.paragraphs[0], align=WD_ALIGN_PARAGRAPH.LEFT)
        _run(heading, "Nơi nhận:", size=12, bold=True, italic=True)
        for name in head.recipients:
            _run(
                _format(recipients.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT),
                f"- {name};",
                size=11,
            )
        _run(
            _format(recipients.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT),
            f"- Lưu: {head.archive}.",
            size=11,
        )
        centre = WD_ALIGN_PARAGRAPH.CENTER
        _run(
            _format(signature.paragraphs[0], align=centre),
            head.signer_authority,
            size=13,
            bold=True,
        )
        _run(
            _format(signature.add_paragraph(), align=centre), head.signer_title, size=13, bold=True
        )
        for _blank in range(4):
            _format(signature.add_paragraph(), align=centre)
        _run(
            _format(signature.add_paragraph(), align=centre),
            head.signer_name or "…………………………",
            size=13,
            bold=True,
        )

    def table(
        self,
        headers: list[str],
        rows: list[list],
        widths_mm: list[float],
        *,
        size: float = TABLE_SIZE,
        bold_last: bool = False,
        bold_rows: set[int] | None = None,
    ) -> Table:
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            _cell_text(cell, text, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        for index, values in enumerate(rows):
            row = table.add_row()
            # A row never breaks across pages: a wrapped name stays together.
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            cells = row.cells
            bold = (bold_last and index == len(rows) - 1) or index in (bold_rows or set())
            for cell, value in zip(cells, values, strict=True):
                numeric = isinstance(value, int | float)
                _cell_text(
                    cell,
                    str(value),
                    size=size,
                    bold=bold,
                    align=WD_ALIGN_PARAGRAPH.CENTER if numeric else WD_ALIGN_PARAGRAPH.LEFT,
                )
        _widths(table, widths_mm)
        _repeat_header(table)
        return table

    # ------------------------------------------------------------ assembly

    def build(self) -> None:
        content = self.content
        self.letterhead()
        self.title()
        self.overview(ROMAN[0])
        self.heading(f"{ROMAN[1]}. " + _("Implementation of the plans"), 1)
        for index, section in enumerate(content.plans, start=1):
            self.plan_section(str(index), section)
        numbers = iter(ROMAN[2:])
        if content.is_review:
            self.trends(next(numbers))
        self.completeness(next(numbers), content.completeness)
        self.difficulties(next(numbers))
        self.proposals(next(numbers))
        self.closing()

    def save(self, target: str | Path | io.BytesIO) -> None:
        self.document.save(str(target) if isinstance(target, Path) else target)


def build_docx(content: ReportContent, path: str | Path) -> Path:
    """Write the consolidated report to `path` (DOCX) and return the path."""
    report = ReportDocument(content)
    report.build()
    report.save(str(path))
    return Path(path)


def docx_bytes(content: ReportContent) -> bytes:
    report = ReportDocument(content)
    report.build()
    buffer = io.BytesIO()
    report.save(buffer)
    return buffer.getvalue()
