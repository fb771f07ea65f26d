from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.catalogs.services import CodeListError, import_codes


class Command(BaseCommand):
    help = "Import codes from a CSV file (columns: scheme,version,code,parent,level,label_vi,...)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file")

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = import_codes(options["file"], channel="command")
        except CodeListError as exc:
            raise CommandError(
                _("The file was rejected; nothing was written.") + "\n" + "\n".join(exc.errors)
            ) from exc
        self.stdout.write(
            _(
                "Created %(created)d, updated %(updated)d, unchanged %(unchanged)d codes "
                "in %(schemes)s."
            )
            % {
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "schemes": ", ".join(sorted(report.schemes)),
            }
        )
