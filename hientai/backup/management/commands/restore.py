"""`hientai restore IN`: a backup archive into an empty database and empty file folders."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hientai.backup.services import BackupError, restore


class Command(BaseCommand):
    help = "Restore a `hientai backup` archive into an empty database (and empty file folders)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", type=Path, help="the archive written by `hientai backup`")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(options["source"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Restored %(rows)d rows in %(tables)d tables and %(files)d files from %(date)s.")
            % {
                "rows": sum(manifest["tables"].values()),
                "tables": len(manifest["tables"]),
                "files": len(manifest["files"]),
                "date": manifest["created"],
            }
        )
