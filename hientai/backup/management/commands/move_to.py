"""`hientai move-to DATABASE_URL`: copy every table of the embedded database into an
empty PostgreSQL database, then compare row counts and checksums per table.

    createdb -h db.example -U hientai hientai
    hientai move-to postgres://hientai:secret@db.example/hientai

Then set DATABASE_URL to that address and restart. See `backup.move_to`.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.backup.move_to import MoveError, move_to


class Command(BaseCommand):
    help = (
        "Copy every table from the embedded database (SQLite) into an empty PostgreSQL "
        "database (migrated first, rows copied in dependency order, sequences reset) and "
        "compare the row count and a checksum of every table."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("url", help="the PostgreSQL database: postgres://user:pw@host/name")

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = move_to(options["url"], progress=lambda m: self.stderr.write(m))
        except MoveError as error:
            raise CommandError(str(error)) from error
        width = max((len(t.table) for t in result.tables), default=10)
        self.stdout.write(
            f"{_('Table'):<{width}}  {_('Source'):>9}  {_('Target'):>9}  {_('Checksum'):<16}  "
            + _("Equal")
        )
        for check in result.tables:
            mark = _("yes") if check.ok else _("NO")
            self.stdout.write(
                f"{check.table:<{width}}  {check.source_rows:>9}  {check.target_rows:>9}  "
                f"{check.source_checksum[:16]:<16}  {mark}"
            )
        if result.skipped:
            self.stdout.write(
                _("Not copied (tables of the embedded database only): %(tables)s")
                % {"tables": ", ".join(result.skipped)}
            )
        if not result.ok:
            bad = [t.table for t in result.tables if not t.ok]
            raise CommandError(
                _("The copy differs from the source in %(tables)s.") % {"tables": ", ".join(bad)}
            )
        total = sum(t.source_rows for t in result.tables)
        self.stdout.write(
            _(
                "%(tables)d tables, %(rows)d rows copied; counts and checksums are equal. Set "
                "DATABASE_URL to the new database and restart."
            )
            % {"tables": len(result.tables), "rows": total}
        )
