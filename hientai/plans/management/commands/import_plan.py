"""`hientai import-plan FILE [--unit CODE] [--as USER]`: store a plan document as a draft.

The draft is then reviewed on /plans/<id>/review/ and activated there.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.accounts.commands import user_by_name
from hientai.plans.services import PlanImportError, activation_problems, import_plan


class Command(BaseCommand):
    help = "Import a plan document (.txt, .docx, .pdf, image) as a draft to review."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="the plan document")
        parser.add_argument(
            "--unit", help="code of the issuing unit, when the document's issuer is not known"
        )
        parser.add_argument("--as", dest="username", help="import as this user (their scope)")

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        user = user_by_name(options["username"]) if options["username"] else None
        try:
            plan = import_plan(options["file"], user=user, unit_code=options["unit"])
        except (PlanImportError, PermissionDenied) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "Imported draft plan #%(id)d “%(number)s” of %(unit)s: %(tasks)d tasks, "
                "%(targets)d targets, %(duties)d reporting duties."
            )
            % {
                "id": plan.pk,
                "number": plan.number or _("(no number)"),
                "unit": plan.issuing_unit.name_vi,
                "tasks": plan.tasks.count(),
                "targets": plan.targets.count(),
                "duties": plan.reporting_duties.count(),
            }
        )
        if plan.parent_id:
            self.stdout.write(
                _("Linked to the higher plan “%(parent)s”.") % {"parent": plan.parent}
            )
        problems = activation_problems(plan)
        if problems:
            self.stdout.write(_("To resolve before activation:"))
            for problem in problems:
                self.stdout.write(f"  - {problem}")
        self.stdout.write(_("Review it at /plans/%(id)d/review/") % {"id": plan.pk})
