"""`hientai dedup [--unit CODE]`: find duplicate profiles and fill the review queue.

Runs the Splink model over the whole registry (or one unit's subtree); the pairs it
finds wait on the "Duplicates" page. Pairs decided before are not proposed again.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Find duplicate profiles (Splink) and fill the review queue."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--unit", default=None)
        parser.add_argument("--threads", type=int, default=2)

    def handle(self, *args, **options) -> None:
        from hientai.dedup.services import run_dedup
        from hientai.orgs.models import Unit

        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(_("Unknown unit '%(code)s'.") % {"code": options["unit"]})
        started = time.monotonic()
        counts = run_dedup(unit, threads=options["threads"])
        self.stdout.write(
            _("%(people)d profiles, %(candidates)d pairs to review, in %(seconds).1f s.")
            % {**counts, "seconds": time.monotonic() - started}
        )
