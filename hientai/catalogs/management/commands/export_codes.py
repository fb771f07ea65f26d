from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.catalogs.services import CodeListError, export_codes


class Command(BaseCommand):
    help = "Export one code list (current version unless --version) to a CSV file."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("scheme")
        parser.add_argument("file")
        parser.add_argument("--scheme-version", dest="scheme_version", default=None)

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rows = export_codes(options["scheme"], options["file"], options["scheme_version"])
        except CodeListError as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        self.stdout.write(
            _("Wrote %(rows)d codes to %(file)s.") % {"rows": rows, "file": options["file"]}
        )
