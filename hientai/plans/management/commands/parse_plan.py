"""`hientai parse-plan FILE [--json]`: read a plan document and show what the parser found.

Nothing is written: this is the dry run of `import-plan`, which stores the plan as a draft.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.plans.parser import ParsedPlan, PlanParseError, parse_plan
from hientai.plans.parser.model import Deadline


def deadline_kind_label(kind: str) -> str:
    labels = {
        "date": _("exact date"),
        "month": _("by month"),
        "quarter": _("by quarter"),
        "year": _("by year"),
        "yearly": _("every year"),
        "ongoing": _("ongoing"),
        "conditional": _("conditional"),
        "follows_plan": _("follows another plan"),
        "periodic": _("periodic"),
        "from": _("from a year on"),
        "other": _("other deadline"),
    }
    return labels.get(kind, kind)


def describe_deadline(deadline: Deadline | None) -> str:
    if deadline is None:
        return _("not stated")
    text = f"{deadline.raw} ({deadline_kind_label(deadline.kind)}"
    if deadline.due:
        text += ", " + _("due %(date)s") % {"date": deadline.due.strftime("%d/%m/%Y")}
    return text + ")"


def summary(plan: ParsedPlan) -> list[str]:
    """The readable (Vietnamese) summary printed without --json."""
    none = _("(none)")
    lines = [
        _("Plan: %(title)s") % {"title": plan.title or _("(no title found)")},
        _("Number: %(number)s · Issuer: %(issuer)s · Date: %(date)s")
        % {
            "number": plan.number or _("(not numbered yet)"),
            "issuer": plan.issuer or _("(not found)"),
            "date": plan.date.strftime("%d/%m/%Y") if plan.date else (plan.date_raw or none),
        },
    ]
    if plan.ocr_pages:
        lines.append(_("%(pages)d page(s) read by OCR.") % {"pages": plan.ocr_pages})
    if plan.ocr_repaired:
        lines.append(_("The text was OCR-damaged: Vietnamese diacritics were restored."))
    lines.append(_("Legal bases: %(count)d") % {"count": len(plan.legal_bases)})
    lines.append("")
    lines.append(_("Targets (%(count)d):") % {"count": len(plan.targets)})
    for target in plan.targets:
        value = (
            "–".join(str(part) for part in target.value)
            if isinstance(target.value, list)
            else str(target.value)
        )
        year = _("by %(year)s") % {"year": target.year} if target.year else ""
        lines.append(f"  - {value} {target.unit} {year}: {target.text}")
    lines.append("")
    lines.append(_("Tasks (%(count)d):") % {"count": len(plan.tasks)})
    for index, task in enumerate(plan.tasks, start=1):
        lines.append(f"  {index}. {task.title}")
        lines.append(
            "     "
            + _("Lead: %(lead)s · Coordinating: %(coordinators)s")
            % {
                "lead": "; ".join(task.lead) or none,
                "coordinators": "; ".join(task.coordinators) or none,
            }
        )
        lines.append(
            "     " + _("Deadline: %(deadline)s") % {"deadline": describe_deadline(task.deadline)}
        )
        if task.result:
            lines.append("     " + _("Result: %(result)s") % {"result": task.result})
    lines.append("")
    lines.append(_("Reporting duties (%(count)d):") % {"count": len(plan.reporting)})
    for duty in plan.reporting:
        lines.append(
            "  - "
            + _("%(from)s reports to %(to)s: %(deadline)s")
            % {
                "from": duty.from_unit,
                "to": duty.to_unit,
                "deadline": describe_deadline(duty.deadline),
            }
        )
    return lines


class Command(BaseCommand):
    help = "Parse a plan document (.txt, .docx, .pdf, image) and print what it contains."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the plan document")
        parser.add_argument("--json", action="store_true", help="print the parse result as JSON")

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            plan = parse_plan(options["file"])
        except PlanParseError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(plan.to_json())
            return
        self.stdout.write("\n".join(summary(plan)))
