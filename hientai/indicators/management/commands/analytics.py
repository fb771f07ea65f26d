"""`hientai analytics rebuild [--period 2026 ...]`: compute the analytics store in full;
`hientai analytics refresh`: recompute the units marked since the last refresh;
`hientai analytics status`: the periods held."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hientai.indicators import analytics
from hientai.indicators.models import AnalyticsDirtyUnit, AnalyticsFact, AnalyticsPeriod
from hientai.indicators.periods import Period


class Command(BaseCommand):
    help = "Build, refresh or show the analytics store of the computed indicators."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["rebuild", "refresh", "status"])
        parser.add_argument(
            "--period",
            action="append",
            default=None,
            help="a period to compute (2026, 2026H1); repeat it; default: the last 5 years",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        started = time.perf_counter()
        if action == "rebuild":
            try:
                periods = (
                    [Period.parse(p) for p in options["period"]] if options["period"] else None
                )
            except ValueError as error:
                raise CommandError(str(error)) from error
            written = analytics.rebuild(periods)
            self.stdout.write(
                _(
                    "Analytics store rebuilt: %(periods)d periods, %(facts)d facts "
                    "in %(seconds).1f s."
                )
                % {
                    "periods": len(written),
                    "facts": sum(written.values()),
                    "seconds": time.perf_counter() - started,
                }
            )
        elif action == "refresh":
            units = analytics.refresh()
            self.stdout.write(
                _("Analytics store refreshed: %(units)d units in %(seconds).1f s.")
                % {"units": units, "seconds": time.perf_counter() - started}
            )
        else:
            for held in AnalyticsPeriod.objects.order_by("period"):
                facts = AnalyticsFact.objects.filter(period=held.period).count()
                state = _("frozen") if held.frozen else _("open")
                self.stdout.write(
                    f"{held.period}\t{state}\t{facts}\t{held.computed_at:%Y-%m-%d %H:%M:%S}"
                )
            self.stdout.write(
                _("Units waiting for a refresh: %(count)d")
                % {"count": AnalyticsDirtyUnit.objects.values("unit_id").distinct().count()}
            )
