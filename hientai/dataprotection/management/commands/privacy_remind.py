"""`hientai privacy-remind [--now 2026-12-07T09:00] [--json]`: data-subject requests
close to or past their legal time limit (exit status 1 when any is overdue)."""

import json
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hientai.dataprotection.commands import parse_now
from hientai.dataprotection.services import reminders


class Command(BaseCommand):
    help = "List data-subject requests close to or past their legal time limit."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", help="the moment to check at (ISO), default now")
        parser.add_argument("--json", action="store_true", help="print JSON")

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        now = parse_now(options["now"])
        found = reminders(now)
        if options["json"]:
            rows = [
                {
                    "reference": item.request.reference,
                    "kind": item.request.kind,
                    "unit": item.request.unit.code,
                    "received_at": item.request.received_at.isoformat(),
                    "due_at": item.request.due_at.isoformat(),
                    "state": item.state,
                }
                for item in found
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
        elif not found:
            self.stdout.write(_("No request is close to or past its time limit."))
        else:
            for item in found:
                due = timezone.localtime(item.request.due_at)
                self.stdout.write(
                    f"{item.request.reference}  {item.request.get_kind_display()}  "
                    f"{item.request.unit.code}  {due:%d/%m/%Y %H:%M}  {item.label}"
                )
        if any(item.state == "overdue" for item in found):
            raise SystemExit(1)
