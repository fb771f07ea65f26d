"""`hientai privacy-export PERSON_ID OUT.json|OUT.xlsx --as USER [--now ...]`: a data
subject's copy of their data (logged in the access log like the web download)."""

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.accounts.commands import user_by_name
from hientai.dataprotection.commands import parse_now
from hientai.dataprotection.export import FORMATS, export_subject
from hientai.registry.models import Person


class Command(BaseCommand):
    help = "Write a data subject's export (JSON or XLSX)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("person", type=int, help="the person's id")
        parser.add_argument("out", help="the file to write (.json or .xlsx)")
        parser.add_argument("--as", dest="username", required=True, help="export as this user")
        parser.add_argument("--now", help="the moment recorded (ISO), default now")

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        user = user_by_name(options["username"])
        out = Path(options["out"])
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise CommandError(_("The file must end in .json or .xlsx."))
        person = Person.objects.filter(pk=options["person"]).first()
        if person is None:
            raise CommandError(_("No profile with id %(id)s.") % {"id": options["person"]})
        try:
            content = export_subject(person, user, fmt, now=parse_now(options["now"]))
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        out.write_bytes(content)
        self.stdout.write(_("Wrote %(path)s.") % {"path": out})
