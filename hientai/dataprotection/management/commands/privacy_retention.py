"""`hientai privacy-retention [--now 2026-12-07] [--json]`: what the retention rules make
due for deletion or anonymisation."""

import json
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.dataprotection.commands import parse_now
from hientai.dataprotection.retention import due_report


class Command(BaseCommand):
    help = "Report what the retention rules make due for deletion."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", help="the day to check at (ISO), default today")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--limit", type=int, default=20, help="items listed per rule")

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        reports = due_report(parse_now(options["now"]), limit=options["limit"])
        if options["json"]:
            data = [
                {
                    "rule": report.rule.code,
                    "cutoff": report.cutoff.isoformat(),
                    "due": report.total,
                    "items": [
                        {"label": item.label, "person_id": item.person_id, "count": item.count}
                        for item in report.items
                    ],
                }
                for report in reports
            ]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        for report in reports:
            self.stdout.write(
                _("%(category)s: %(due)d due (before %(cutoff)s) → %(action)s")
                % {
                    "category": report.rule.category_vi,
                    "due": report.total,
                    "cutoff": report.cutoff.strftime("%d/%m/%Y"),
                    "action": report.rule.action_vi,
                }
            )
            for item in report.items:
                self.stdout.write(f"  {item.label}")
