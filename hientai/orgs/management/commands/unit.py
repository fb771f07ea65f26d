"""`hientai unit merge|rename|split|close CODE ...`: change a unit and move what belongs
to it (profiles, role assignments, open tasks, datasets, open submissions) to the
successor, audited; `--preview` only counts.

    hientai unit merge 26041 --into 25210 --date 2026-12-01 --as admin --preview
    hientai unit rename 25210 --new-code 25210N --name "Phường Đồng Xoài Mới" --date 2027-01-01
    hientai unit split 25222 --into 25217,25220 --date 2027-01-01
    hientai unit close 75.TTX --into 75.SKHCN --date 2027-01-01
    hientai unit settle 26041     # closed earlier: what it still holds follows its successor
"""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.accounts.commands import user_by_name
from hientai.orgs import changes
from hientai.orgs.models import Unit
from hientai.orgs.services import UnitDataError


def _unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=code.strip()).first()
    if unit is None:
        raise CommandError(_("Unknown unit code '%(code)s'") % {"code": code})
    return unit


class Command(BaseCommand):
    help = (
        "Merge, rename, split or close a unit; its profiles, role assignments, open tasks, "
        "datasets and open submissions move to the successor (audited). --preview counts "
        "only."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=(*changes.ACTIONS, changes.SETTLE))
        parser.add_argument("code", help="the unit that changes")
        parser.add_argument("--into", default="", help="successor code(s), comma-separated")
        parser.add_argument("--new-code", default="", help="rename: the new code")
        parser.add_argument("--name", default="", help="rename: the new Vietnamese name")
        parser.add_argument("--date", default="", help="effective date (YYYY-MM-DD)")
        parser.add_argument("--note", default="", help="legal basis or note")
        parser.add_argument("--as", dest="username", help="act as this user (default: system)")
        parser.add_argument("--preview", action="store_true", help="count only, change nothing")

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == changes.SETTLE:
            self._settle(options)
            return
        try:
            day = datetime.date.fromisoformat(options["date"])
        except ValueError as error:  # (also an empty --date: every change but settle needs one)
            raise CommandError(
                _("'%(value)s' is not a date (YYYY-MM-DD).") % {"value": options["date"]}
            ) from error
        user = user_by_name(options["username"]) if options["username"] else None
        targets = [_unit(c) for c in options["into"].split(",") if c.strip()]
        change = changes.UnitChange(
            action=options["action"],
            unit=_unit(options["code"]),
            effective_date=day,
            targets=targets,
            new_code=options["new_code"].strip(),
            new_name_vi=options["name"].strip(),
            note=options["note"],
        )
        try:
            if options["preview"]:
                for item in changes.preview(change):
                    self.stdout.write(f"{item.label}: {item.count}")
                self.stdout.write(_("Preview only: nothing was changed."))
                return
            successor, moved = changes.apply(change, user, "cli")
        except (UnitDataError, PermissionError) as error:
            raise CommandError(str(error)) from error
        except Exception as error:
            from django.core.exceptions import PermissionDenied

            if isinstance(error, PermissionDenied):
                raise CommandError(str(error)) from error
            raise
        for item in moved:
            self.stdout.write(f"{item.label}: {item.count}")
        if successor is not None:
            self.stdout.write(
                _("Unit %(old)s is continued by %(new)s.")
                % {"old": change.unit.code, "new": successor.code}
            )
        else:
            self.stdout.write(_("Unit %(code)s was closed.") % {"code": change.unit.code})

    def _settle(self, options: dict) -> None:
        from django.core.exceptions import PermissionDenied

        user = user_by_name(options["username"]) if options["username"] else None
        unit = _unit(options["code"])
        if options["preview"]:
            for dependent in changes.dependents():
                self.stdout.write(f"{dependent.label}: {dependent.count(unit)}")
            self.stdout.write(_("Preview only: nothing was changed."))
            return
        try:
            successor, moved = changes.settle(unit, user, "cli")
        except (UnitDataError, PermissionDenied) as error:
            raise CommandError(str(error)) from error
        for item in moved:
            self.stdout.write(f"{item.label}: {item.count}")
        self.stdout.write(
            _("Unit %(old)s is continued by %(new)s.") % {"old": unit.code, "new": successor.code}
        )
