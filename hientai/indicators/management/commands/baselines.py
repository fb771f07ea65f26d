"""`hientai baselines [--year 2024]`: compute the baseline of every target from the data of
that year, once a real install has loaded its registry and reported values (a migration
cannot: an empty registry has none). Idempotent; the demo runs the same function."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.indicators.reference import BASELINE_YEAR, load_baselines


class Command(BaseCommand):
    help = "Compute the baselines of the plans' targets from the data of a year (default 2024)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--year", type=int, default=BASELINE_YEAR)

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not 2000 <= year <= 2100:
            raise CommandError(_("The year must be between 2000 and 2100."))
        written = load_baselines(year)
        self.stdout.write(
            _("%(count)d baselines of %(year)d written.") % {"count": written, "year": year}
        )
