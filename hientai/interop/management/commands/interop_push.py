"""`hientai interop-push [--endpoint NAME]`: push what changed to the national endpoints now
(the worker does it every day)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Push the profiles changed since the last acknowledged push to the national endpoints."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--endpoint", help="only this endpoint (its name)")

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        from hientai.interop import services
        from hientai.interop.models import Endpoint

        if options["endpoint"]:
            endpoint = Endpoint.objects.filter(name=options["endpoint"]).first()
            if endpoint is None:
                raise CommandError(
                    _("Unknown endpoint '%(name)s'.") % {"name": options["endpoint"]}
                )
            runs = [services.push(endpoint)]
        else:
            runs = services.push_all()
        for run in runs:
            self.stdout.write(
                f"{run.endpoint.name}: {run.status} sent={run.sent} accepted={run.accepted} "
                f"rejected={run.rejected} unanswered={run.unanswered} withheld={run.withheld}"
            )
