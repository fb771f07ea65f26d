"""`hientai gen-messy-list N OUT`: a list of N people written the way officers write them
(other headers, prefixed unit names, old ID numbers, a title row, merged header cells,
blank rows, mixed dates; `demo.messy`), as XLSX, CSV (UTF-8) or CSV in TCVN3."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.demo.messy import write_messy_list


class Command(BaseCommand):
    help = (
        "Write N people as an officer's spreadsheet would hold them (other headers, unit "
        "names with prefixes, old ID numbers, mixed dates, blank rows, a title row), to "
        "test imports."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("n", type=int, help="how many people")
        parser.add_argument("out", help="the file to write")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument("--format", choices=("xlsx", "csv", "tcvn3"), default="xlsx")
        parser.add_argument(
            "--bad-share", type=float, default=0.02, help="share of rows made truly wrong"
        )

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        if options["n"] <= 0:
            raise CommandError(_("The number of people must be a whole number greater than 0."))
        made = write_messy_list(
            options["n"],
            options["out"],
            seed=options["seed"],
            fmt=options["format"],
            bad_share=options["bad_share"],
        )
        self.stdout.write(
            _("Wrote %(count)d people to %(file)s (%(bad)d rows made wrong on purpose).")
            % {"count": made.rows, "file": options["out"], "bad": len(made.bad_rows)}
        )
