import csv
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hientai.demo.generator import file_seed, generate_people
from hientai.registry.records import CSV_COLUMNS, csv_row

PROGRESS_EVERY = 100_000


def _whole_number(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


class Command(BaseCommand):
    help = (
        "Write N realistic synthetic people to OUT.csv (UTF-8, one row per person), "
        "streaming in constant memory; the same --seed gives the same people. Columns: "
        + ", ".join(CSV_COLUMNS)
        + ". Dates are YYYY-MM-DD; categories, st_fields and strategic_technologies are "
        "codes joined with ';'; languages is 'en:B2;fr:A2'; highest_* is the highest "
        "qualification, employment_* the current job, *_count the number of each part."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("n", help="how many people (a whole number greater than 0)")
        parser.add_argument("out", help="the CSV file to write")
        parser.add_argument(
            "--seed",
            default="1",
            help="random seed (default 1); every seed gives other people than the demo's",
        )

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        count = _whole_number(options["n"])
        if count is None or count <= 0:
            raise CommandError(
                _("The number of people must be a whole number greater than 0, not '%(value)s'.")
                % {"value": options["n"]}
            )
        seed = _whole_number(options["seed"])
        if seed is None:
            raise CommandError(
                _("The seed must be a whole number, not '%(value)s'.") % {"value": options["seed"]}
            )
        path = options["out"]
        this_year = timezone.localdate().year
        written = 0
        try:
            with open(path, "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(CSV_COLUMNS)
                generator_seed, id_slot = file_seed(seed)
                for record in generate_people(count, seed=generator_seed, id_slot=id_slot):
                    writer.writerow(csv_row(record, this_year))
                    written += 1
                    if written % PROGRESS_EVERY == 0:
                        self.stderr.write(_("%(count)d rows written…") % {"count": written})
        except OSError as exc:
            raise CommandError(self._cannot_write(path, exc)) from exc
        self.stdout.write(
            _("Wrote %(count)d people to %(file)s.") % {"count": written, "file": path}
        )

    @staticmethod
    def _cannot_write(path: str, exc: OSError) -> str:
        if isinstance(exc, FileNotFoundError):
            reason = _("the folder does not exist")
        elif isinstance(exc, PermissionError):
            reason = _("permission denied")
        elif isinstance(exc, IsADirectoryError):
            reason = _("it is a folder")
        else:
            reason = exc.strerror or str(exc)
        return _("Cannot write to %(file)s: %(reason)s.") % {"file": path, "reason": reason}
