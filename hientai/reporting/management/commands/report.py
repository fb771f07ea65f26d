"""`hientai report [--plan NUMBER_OR_ID] [--all-plans] [--unit CODE] --period 2026
--format docx|pdf|xlsx OUT [--as USER] [--date DD/MM/YYYY]`: the consolidated report.

`hientai report --review 2026-2028 [OUT]`: the mid-term review (sơ kết; 2026-2030: the final
review, tổng kết) over several years, each target with its value every year and its trend;
without OUT it writes bao-cao-so-ket-2026-2028.docx (or bao-cao-tong-ket-...).

Without --plan the report covers every active plan (--all-plans adds the drafts); a plan is
found by its id or its number and symbol (the seed plans are drafts with a blank number).
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.accounts.commands import user_by_name
from hientai.indicators.periods import Period
from hientai.reporting.documents.content import ReportError, gather, parse_review
from hientai.reporting.documents.export import check_format, check_target, write_report
from hientai.reporting.documents.pdf import ConversionError


def parse_day(text: str) -> datetime.date:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise CommandError(_("Invalid date “%(text)s”: write it as DD/MM/YYYY.") % {"text": text})


class Command(BaseCommand):
    help = (
        "Write the consolidated report (DOCX per Decree 30/2020/ND-CP, PDF through "
        "LibreOffice, or the XLSX annex) for a period."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("out", nargs="?", help="the file to write")
        parser.add_argument("--period", help="2026, 2026H1 or 2026H2")
        parser.add_argument(
            "--review",
            help="a mid-term or final review over years, such as 2026-2028 or 2026-2030",
        )
        parser.add_argument("--format", dest="fmt", help="docx, pdf or xlsx (default: from OUT)")
        parser.add_argument("--plan", help="one plan, by id or number and symbol")
        parser.add_argument("--all-plans", action="store_true", help="every plan, drafts included")
        parser.add_argument("--unit", help="code of the unit whose subtree is reported on")
        parser.add_argument("--as", dest="username", help="report as this user (their scope)")
        parser.add_argument("--date", help="the report's date (default today), DD/MM/YYYY")

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        review = None
        if options["review"]:
            try:
                review = parse_review(options["review"])
            except ReportError as error:
                raise CommandError(str(error)) from error
            period = Period(review[1])
            if not options["out"]:
                kind = "tong-ket" if review[1] >= 2030 else "so-ket"
                options["out"] = f"bao-cao-{kind}-{review[0]}-{review[1]}.docx"
        elif not options["period"]:
            raise CommandError(_("Give --period (2026, 2026H1) or --review (2026-2028)."))
        else:
            try:
                period = Period.parse(options["period"])
            except ValueError as error:
                raise CommandError(str(error)) from error
        if not options["out"]:
            raise CommandError(_("Give the file to write."))
        user = user_by_name(options["username"]) if options["username"] else None
        day = parse_day(options["date"]) if options["date"] else None
        try:
            fmt = check_format(options["fmt"], options["out"])
            target = check_target(options["out"])
            content = gather(
                period,
                user=user,
                plan=options["plan"],
                all_plans=options["all_plans"],
                unit=options["unit"],
                report_date=day,
                with_indicator_values=fmt == "xlsx",
                review=review,
            )
            path = write_report(content, fmt, target)
        except (ReportError, ConversionError) as error:
            raise CommandError(str(error)) from error
        tasks = content.task_totals
        self.stdout.write(
            _(
                "Wrote %(path)s: %(plans)d plans, %(tasks)d tasks (%(overdue)d overdue), "
                "%(targets)d targets, %(period)s."
            )
            % {
                "path": path,
                "plans": len(content.plans),
                "tasks": tasks.total,
                "overdue": tasks.overdue,
                "targets": len(content.target_rows),
                "period": content.review_label or period.label,
            }
        )
