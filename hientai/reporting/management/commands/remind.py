"""`hientai remind [--now ISO]`: send the reminders that are due (reports due in 7, 3 and 1
days or overdue, returned or approved; tasks due in 7 days or overdue; extensions decided)
and the daily digests. Each reminder goes out once, however often this runs; the worker
runs it daily by itself."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hientai.reporting.reminders import remind


def parse_now(text: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError as error:
        raise CommandError(
            _("Invalid time “%(text)s”: write it as 2026-12-07T08:00.") % {"text": text}
        ) from error
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = "Send the reminders that are due (in the app and by e-mail), each once."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", help="the moment to remind as of (ISO, default: now)")

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        now = parse_now(options["now"]) if options["now"] else None
        result = remind(now)
        self.stdout.write(
            _("%(sent)d reminders sent (%(due)d due, the others sent before), %(digests)d digests.")
            % {"sent": result.sent, "due": result.due, "digests": result.digests}
        )
