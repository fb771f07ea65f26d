"""Plan-document parser: a plan file (.txt, .docx, .pdf, image) -> plan header, legal bases,
targets, tasks and reporting duties, as the `ParsedPlan` dataclass and its JSON.

    from hientai.plans.parser import parse_plan
    plan = parse_plan("kế-hoạch.docx")
    plan.to_json()

Plain Python (no database, no network); bad input raises `PlanParseError` with a
translated message. Nothing is written anywhere.

Decisions in the JSON (`ParsedPlan.as_dict`, printed by `hientai parse-plan --json`):

- plan.number: the "Số:" line as written without spaces; a draft with a blank number
  gives the symbol alone ("/KH-UBND", "/KH-SNgV") so the issuing body's symbol is kept;
  null when the document has no "Số:" line (ward plans, OCR that lost the header).
- plan.date: YYYY-MM-DD only when day, month and year are all filled in, else null;
  plan.date_raw keeps "Đồng Nai, ngày tháng 5 năm 2026". plan.issuer is the body that
  "ban hành Kế hoạch", completed from the title ("Ủy ban nhân dân phường" + "phường Đồng
  Xoài"); plan.issuer_code and tasks' lead_codes / coordinator_codes come from
  orgs/data/units.csv (null for generic or unknown names).
- tasks[].deadline is {"raw", "kind", "due"} (+ day_month, start, period when they
  apply); a task without a deadline has {"raw": null, "kind": null, "due": null}.
- reporting[]: one entry per reporting unit, recipient and deadline: "from" and "to" are
  unit names, "deadline" a deadline object ("trước ngày 15 tháng 12 hằng năm" -> kind
  yearly, day_month "15/12"), "period" the glossary's half_year / year / ad_hoc.
- responsibilities[] (extra): what the organisation section asks of each unit.
- tasks[].span, targets[].span, reporting[].span (extra): {"start_line", "end_line"}, the
  1-based lines of the source (`ParsedPlan.lines`, not in the JSON) the item was read from,
  so the review page can show each item beside its text. Line numbers depend on the format
  (a Word paragraph is one line), so compare spans only between parses of the same file.
- source (extra): format, pages read by OCR, whether diacritics were restored.
"""

from __future__ import annotations

import re
from pathlib import Path

from hientai.core.text import fold
from hientai.plans.parser.deadlines import due_dates, parse_deadline
from hientai.plans.parser.errors import PlanParseError
from hientai.plans.parser.errors import gettext as _
from hientai.plans.parser.header import is_plan, parse_header
from hientai.plans.parser.model import (
    Deadline,
    ParsedPlan,
    ReportingDuty,
    Responsibility,
    Target,
    Task,
)
from hientai.plans.parser.ocr_repair import needs_repair
from hientai.plans.parser.readers import UNREAD_TABLE, read_source
from hientai.plans.parser.reporting import dedupe, reporting_in
from hientai.plans.parser.structure import (
    Context,
    block_tasks,
    build_blocks,
    build_tree,
    org_unit,
    organisation_tasks,
    responsibilities,
    section_targets,
    span_of,
    table_tasks,
    walk,
)

__all__ = [
    "Deadline",
    "ParsedPlan",
    "PlanParseError",
    "ReportingDuty",
    "Responsibility",
    "Target",
    "Task",
    "due_dates",
    "parse_deadline",
    "parse_plan",
]


def parse_plan(source: str | Path | bytes, filename: str | None = None) -> ParsedPlan:
    """Parse a plan from a path or from the file's bytes (`filename` helps tell the format)."""
    text = read_source(source, filename)
    repair = needs_repair(text.lines)
    blocks = build_blocks(text.lines)
    preamble, sections, tables = build_tree(blocks)
    plan = ParsedPlan(
        source_format=text.format,
        ocr_pages=text.ocr_pages,
        ocr_repaired=repair,
        lines=list(text.lines),
    )
    context = Context(repair=repair)
    parse_header(text.lines, preamble, plan, context)
    context.issuer_code = plan.issuer_code

    for section in sections:
        if section.kind == "objectives":
            plan.targets.extend(section_targets(section, context))

        elif section.kind == "tasks":
            plan.tasks.extend(block_tasks(section, context))
        elif section.kind == "organisation":
            plan.responsibilities.extend(responsibilities(section, context))
        if section.kind not in {"objectives", "results", "organisation", "reporting", "funding"}:
            # "II. MỤC TIÊU VÀ NHIỆM VỤ" > "1. Mục tiêu": targets under a goal heading
            for node in section.children:
                if re.match(r"^(?:muc tieu|chi tieu)", fold(node.title)):
                    plan.targets.extend(section_targets(node, context))
    table_found = table_tasks(tables, context)
    plan.tasks.extend(table_found)
    if UNREAD_TABLE in text.warnings or (_looks_like_task_table(tables) and not table_found):
        plan.warnings.append(
            _(
                "A table of tasks was seen but could not be read: check the tasks against "
                "the document and add the missing ones."
            )
        )
    if not plan.tasks:
        # The organisation section is then the only place where the plan assigns work.
        plan.tasks = organisation_tasks(plan.responsibilities, context)
    for task in plan.tasks:
        task.lead_codes = context.codes(task.lead)
        task.coordinator_codes = context.codes(task.coordinators)
    plan.reporting = dedupe(_reporting(sections, plan.tasks, context))

    known = {section.kind for section in sections} & PLAN_SECTIONS
    if not (plan.tasks or plan.targets or known or is_plan(text.lines)):
        raise PlanParseError(
            _(
                "This file is not a plan: no numbered sections (objectives, tasks, "
                "organisation), no tasks and no targets were found."
            )
        )
    _warn(plan, sections)
    plan.repairs = [
        {"written": written, "read": read, "confidence": round(sure, 2)}
        for (written, read), sure in sorted(context.repairs.items())
        if sure < UNSURE_REPAIR
    ]
    if plan.repairs:
        plan.warnings.append(
            _("Some OCR repairs are uncertain: check the highlighted words against the scan.")
        )
    return plan


UNSURE_REPAIR = 0.9  # a repair that changed letters, not only tone marks, is shown


def _looks_like_task_table(rows: list) -> bool:
    """Rows of three cells or more, one of which names a lead unit column."""
    return len(rows) >= 3 and any("chu tri" in fold(" ".join(row.cells or [])) for row in rows[:5])


PLAN_SECTIONS = {"objectives", "tasks", "organisation", "purpose", "results"}


def _warn(plan: ParsedPlan, sections: list) -> None:
    """What is missing becomes a warning for the review page, never a refusal."""
    if plan.number is None:
        plan.warnings.append(_("No plan number (Số: …/KH-…) was found in the header."))
    if plan.date is None:
        plan.warnings.append(_("No complete issue date was found in the header."))
    if plan.issuer is None:
        plan.warnings.append(_("The issuing body was not found."))
    if not plan.tasks:
        plan.warnings.append(_("No task was found: add the plan's tasks by hand."))


def _reporting(sections: list, tasks: list[Task], context: Context) -> list[ReportingDuty]:
    duties: list[ReportingDuty] = []
    leads = {task.title: task.lead for task in tasks}
    for section in sections:
        if section.kind not in {"organisation", "reporting", "tasks"}:
            continue
        for node in walk(section):
            owner: list[str] = []
            if section.kind == "organisation" and node.block is not None:
                named = org_unit(node, context)
                owner = context.units(named[0]) if named else []
                if named and named[1]:
                    found = reporting_in(named[1], owner, context)
                    duties.extend(_spanned(found, span_of(node.block)))
            elif section.kind == "tasks" and node.block is not None:
                owner = leads.get(context.text(node.block.text).strip().rstrip(":").strip(), [])
            for block in node.content:
                if block.kind == "label":
                    continue
                found = reporting_in(context.text(block.text), owner, context)
                duties.extend(_spanned(found, span_of(block)))
    return duties


def _spanned(duties: list[ReportingDuty], span: tuple[int, int] | None) -> list[ReportingDuty]:
    for duty in duties:
        duty.span = span
    return duties
