from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.accounts.commands import user_by_name
from hientai.accounts.scoping import visible
from hientai.orgs.models import Unit


class Command(BaseCommand):
    help = "List the units a user may see (the same scoping as the web and the API)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--as", dest="username", required=True, help="user name")
        parser.add_argument("--all", action="store_true", help="include former (closed) units")

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        user = user_by_name(options["username"])
        units = visible(Unit.objects.all(), user)
        if not options["all"]:
            units = units.current()
        for unit in units.order_by("path"):
            self.stdout.write(f"{'  ' * unit.depth}{unit.code}\t{unit.name_vi}")
        self.stdout.write(_("%(count)d units") % {"count": units.count()})
