"""`hientai export-people --format xlsx|csv|json OUT [--unit CODE] [--as USER]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.accounts.commands import user_by_name
from hientai.accounts.scoping import visible
from hientai.orgs.models import Unit
from hientai.registry.models import Person

FORMATS = ("xlsx", "csv", "json")


class Command(BaseCommand):
    help = (
        "Export the people a user may see (the system: everyone) as XLSX, CSV (both safe "
        "against formula injection) or national-interop JSON."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("out", help="the file to write")
        parser.add_argument("--format", dest="fmt", required=True, help="xlsx, csv or json")
        parser.add_argument("--unit", help="only the people of this unit and the units below it")
        parser.add_argument("--as", dest="username", help="export as this user (their scope)")

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        from hientai.exchange.export import export_people

        fmt = (options["fmt"] or "").lower()
        if fmt not in FORMATS:
            raise CommandError(
                _("Unknown format '%(format)s'. Use one of: %(formats)s.")
                % {"format": options["fmt"], "formats": ", ".join(FORMATS)}
            )
        user = user_by_name(options["username"]) if options["username"] else None
        people = Person.objects.all() if user is None else visible(Person.objects.all(), user)
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(_("Unknown unit '%(code)s'.") % {"code": options["unit"]})
            people = people.filter(
                unit_id__in=list(Unit.objects.subtree(unit).values_list("pk", flat=True))
            )
        out = Path(options["out"])
        if not out.parent.is_dir():
            raise CommandError(_("The folder of %(file)s does not exist.") % {"file": out})
        try:
            count = export_people(people.order_by("pk"), fmt, out, user=user, channel="command")
        except OSError as error:
            raise CommandError(
                _("Cannot write to %(file)s: %(reason)s.")
                % {"file": out, "reason": error.strerror or str(error)}
            ) from error
        self.stdout.write(
            _("Exported %(count)d people to %(file)s.") % {"count": count, "file": out}
        )
