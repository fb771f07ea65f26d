"""`hientai import-people FILE`: import people from CSV/XLSX/XLS/ODS/JSON.

    hientai import-people people.xlsx --as officer1 --dry-run --report report.xlsx
    hientai import-people people.csv --unit 25210 --encoding tcvn3
    hientai import-people list.xlsx --valid-rows --rejected list-loi.xlsx

Without --as the system imports (every unit). Prints the created / updated / unchanged /
rejected counts. All or nothing by default: exits non-zero when a row is rejected (then
nothing was written). With --valid-rows the rows without error are written and the
rejected ones go to a file (same format, an added "Lỗi" column) to fix and import again.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.accounts.commands import user_by_name
from hientai.exchange.errors import ImportFileError
from hientai.exchange.importer import ImportResult, import_people
from hientai.exchange.report import write_report_xlsx
from hientai.exchange.rows import ERROR

ERRORS_SHOWN = 20
LINE_EVERY_SECONDS = 10.0


class ProgressPrinter:
    """A bar redrawn in place on a terminal; a line every few seconds otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.started = time.monotonic()
        self.last_line = self.started
        self.phase = ""

    def __call__(self, done: int, total: int | None, phase: str) -> None:
        now = time.monotonic()
        rate = done / max(now - self.started, 1e-6)
        label = _("indexing") if phase == "index" else _("rows")
        if self.tty:
            if total:
                filled = int(30 * min(done, total) / total)
                bar = "█" * filled + "░" * (30 - filled)
                text = f"\r{bar} {done:,}/{total:,} {label} ({rate:,.0f}/s)"
            else:
                text = f"\r{done:,} {label} ({rate:,.0f}/s)"
            self.stream.write(text)
            self.stream.flush()
        elif phase != self.phase or now - self.last_line >= LINE_EVERY_SECONDS:
            of_total = f"/{total:,}" if total else ""
            self.stream.write(f"{done:,}{of_total} {label} ({rate:,.0f}/s)\n")
            self.stream.flush()
            self.last_line = now
        self.phase = phase

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import people (with qualifications, employment and trainings) from a CSV, XLSX, XLS, "
        "ODS or interop JSON file: all or nothing, idempotent by personal ID (else full name "
        "+ date of birth + unit)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the file to import")
        parser.add_argument("--unit", help="unit code for rows that give no unit")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--report", help="write the validation report to this .xlsx")
        parser.add_argument("--report-json", help="write the validation report to this .json")
        parser.add_argument("--encoding", help="CSV encoding (default: detected)")
        parser.add_argument("--as", dest="username", help="import as this user (their scope)")
        parser.add_argument("--max-size", type=float, help="refuse files larger than this (MB)")
        parser.add_argument(
            "--valid-rows",
            action="store_true",
            help="write the rows without error, leave the rejected ones out (not all or nothing)",
        )
        parser.add_argument(
            "--rejected",
            help="write the rejected rows here (same format, an added 'Lỗi' column); "
            "default with --valid-rows: FILE-loi.csv / .xlsx next to FILE",
        )

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        user = user_by_name(options["username"]) if options["username"] else None
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("File not found: %(file)s") % {"file": path})
        max_bytes = None
        if options["max_size"] is not None:
            if options["max_size"] <= 0:
                raise CommandError(_("--max-size must be a number of megabytes above 0."))
            max_bytes = int(options["max_size"] * 1024 * 1024)
        printer = ProgressPrinter(getattr(self.stderr, "_out", sys.stderr))
        try:
            result = import_people(
                path,
                user=user,
                unit_code=options["unit"],
                dry_run=options["dry_run"],
                encoding=options["encoding"],
                max_bytes=max_bytes,
                progress=printer,
                valid_only=options["valid_rows"],
            )
        except ImportFileError as error:
            printer.finish()
            raise CommandError(str(error)) from error
        printer.finish()
        self._reports(result, path, options)
        self._summary(result)
        self._rejected(result, path, options)
        if result.committed:
            return
        if result.rejected or result.errors:
            raise CommandError(
                _("%(count)d rows rejected: nothing was written.") % {"count": result.rejected}
                if result.rejected
                else _("The file has errors: nothing was written.")
            )

    def _reports(self, result: ImportResult, path: Path, options: dict) -> None:
        if options["report"]:
            write_report_xlsx(result, path, Path(options["report"]))
            self.stdout.write(_("Report written to %(file)s") % {"file": options["report"]})
        if options["report_json"]:
            with open(options["report_json"], "w", encoding="utf-8") as handle:
                json.dump(result.as_json(), handle, ensure_ascii=False, indent=1)
            self.stdout.write(_("Report written to %(file)s") % {"file": options["report_json"]})

    def _rejected(self, result: ImportResult, path: Path, options: dict) -> None:
        from hientai.exchange.rejected import extension, write_rejected

        out = options["rejected"]
        if not result.rejected or not (out or options["valid_rows"]):
            return
        if not out:
            out = str(path.with_name(f"{path.stem}-loi.{extension(result)}"))
        count = write_rejected(result, path, Path(out))
        self.stdout.write(
            _("%(count)d rejected rows written to %(file)s: fix them and import that file again.")
            % {"count": count, "file": out}
        )

    def _summary(self, result: ImportResult) -> None:
        self.stdout.write(
            _("%(file)s: %(rows)d rows (%(format)s%(encoding)s)")
            % {
                "file": result.file_name,
                "rows": result.rows,
                "format": result.format,
                "encoding": f", {result.encoding}" if result.encoding else "",
            }
        )
        self.stdout.write(
            _(
                "created %(created)d / updated %(updated)d / unchanged %(unchanged)d / "
                "rejected %(rejected)d"
            )
            % {
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "rejected": result.rejected,
            }
        )
        if result.warnings:
            self.stdout.write(_("%(count)d warnings") % {"count": result.warnings})
        errors = [f for f in result.findings if f.level == ERROR]
        for finding in errors[:ERRORS_SHOWN]:
            where = _("Row %(number)d") % {"number": finding.row} if finding.row else _("File")
            if finding.header:
                where += f", {finding.header}"
            self.stderr.write(f"{where}: {finding.message}")
        if len(errors) > ERRORS_SHOWN or result.findings_omitted:
            self.stderr.write(
                _("… and %(count)d more errors (see the report).")
                % {"count": result.errors - min(len(errors), ERRORS_SHOWN)}
            )
        if result.committed:
            message = _("Written to the registry (import #%(id)d).") % {"id": result.batch_id}
            self.stdout.write(message)
        elif result.dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
