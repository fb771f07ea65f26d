import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.orgs.models import Unit
from hientai.quality.engine import run_batch
from hientai.quality.models import Family
from hientai.quality.rules import RULES


class Command(BaseCommand):
    help = "Run the data-quality rules over the registry (or one unit's subtree) and report."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--unit", help="code of the unit whose subtree is checked")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument(
            "--write-docs",
            action="store_true",
            help="only regenerate docs/quality-rules.md from the rule registry",
        )

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        if options["write_docs"]:
            from hientai.quality.docs import write_rules_doc

            self.stdout.write(str(write_rules_doc()))
            return
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(code=options["unit"]).first()
            if unit is None:
                raise CommandError(_("Unknown unit code “%(code)s”.") % {"code": options["unit"]})
        report = run_batch(unit)
        if options["json"]:
            data = {"unit": unit.code if unit else None, **report.as_dict()}
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        where = unit.name_vi if unit else _("the whole city")
        self.stdout.write(
            _(
                "Checked %(people)d profiles of %(where)s: %(issues)d issues, "
                "average score %(score)s."
            )
            % {
                "people": report.people,
                "where": where,
                "issues": report.issues,
                "score": report.average_score if report.average_score is not None else "–",
            }
        )
        self.stdout.write(
            _("Errors: %(errors)d, warnings: %(warnings)d.")
            % {
                "errors": report.by_severity.get("error", 0),
                "warnings": report.by_severity.get("warning", 0),
            }
        )
        for family in Family:
            self.stdout.write(f"\n{family.label}: {report.by_family.get(family.value, 0)}")
            for code, rule in RULES.items():
                count = report.by_rule.get(code, 0)
                if rule.family == family and count:
                    self.stdout.write(f"  {count:>7}  {code}  {rule.title}")
