import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.accounts.commands import user_by_name
from hientai.accounts.models import User
from hientai.search.engine import (
    MAX_PER_PAGE,
    SYSTEM,
    SearchError,
    SystemContext,
    search_people,
)


class Command(BaseCommand):
    help = (
        "Search people with facet counts (the engine of the people list). "
        "With --as USERNAME the user's scope applies; without it the search runs "
        "city-wide in a system context, like an administrator."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("query", nargs="?", default="", help="words of a name, keywords, unit")
        parser.add_argument("--unit", help="only this unit's subtree (unit code)")
        parser.add_argument(
            "--facet",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="filter; repeat it (values of one facet are OR'ed, facets AND'ed)",
        )
        parser.add_argument("--as", dest="username", help="search as this user (their scope)")
        parser.add_argument("--limit", type=int, default=20, help="hits to print (1-200)")
        parser.add_argument("--page", type=int, default=1)
        parser.add_argument("--on", help="date for the age bands, YYYY-MM-DD (default today)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        filters: dict[str, list[str]] = {}
        for item in options["facet"]:
            name, sep, value = item.partition("=")
            if not sep or not name.strip() or not value.strip():
                raise CommandError(
                    _("Malformed facet filter '%(value)s': expected NAME=VALUE.") % {"value": item}
                )
            filters.setdefault(name.strip(), []).append(value.strip())
        if not 1 <= options["limit"] <= MAX_PER_PAGE:
            raise CommandError(_("--limit must be between 1 and %(max)d.") % {"max": MAX_PER_PAGE})
        day = None
        if options["on"]:
            try:
                day = datetime.date.fromisoformat(options["on"])
            except ValueError as exc:
                raise CommandError(
                    _("Invalid date '%(value)s': expected YYYY-MM-DD.") % {"value": options["on"]}
                ) from exc
        user: User | SystemContext = SYSTEM
        if options["username"]:
            user = user_by_name(options["username"])
        try:
            result = search_people(
                user,
                options["query"],
                filters,
                unit_code=options["unit"],
                page=max(options["page"], 1),
                per_page=options["limit"],
                on=day,
            )
        except SearchError as exc:
            raise CommandError(str(exc)) from exc

        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
            return
        self.stdout.write(_("Found: %(total)d") % {"total": result.total})
        for hit in result.hits:
            self.stdout.write(
                f"{hit.person_id}\t{hit.full_name}\t{hit.unit_code} {hit.unit_name}\t"
                f"{hit.birth_year or ''}\t{hit.highest_degree}\t{hit.score:.2f}"
            )
        for name, values in result.facets.items():
            if values:
                shown = ", ".join(f"{entry.label} ({entry.count})" for entry in values)
                self.stdout.write(f"{name}: {shown}")
