"""`hientai backup OUT`: the database and every stored file in one archive (mode 0600)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hientai.backup.services import BackupError, backup


class Command(BaseCommand):
    help = "Write a backup archive (database and files) to OUT; restore it with `hientai restore`."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("out", type=Path, help="the archive to write (must not exist)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(options["out"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            _("Backup written to %(path)s: %(rows)d rows in %(tables)d tables, %(files)d files.")
            % {
                "path": options["out"],
                "rows": rows,
                "tables": len(manifest["tables"]),
                "files": len(manifest["files"]),
            }
        )
