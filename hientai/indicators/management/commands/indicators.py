"""`hientai indicators [--unit CODE] [--period 2026|2026H1] [--as USER] [--json]`: every
indicator's value, target, achievement and status for a unit and a period."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.accounts.commands import user_by_name
from hientai.indicators.report_forms import report_forms
from hientai.indicators.services import (
    IndicatorError,
    evaluate,
    resolve,
    status_label,
)


def _show(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}".replace(",", " ").replace(".", ",")


def _percent(value: float | None) -> str:
    return "–" if value is None else _show(value, 1) + " %"


class Command(BaseCommand):
    help = (
        "Show every indicator's value, target, achievement and status for a unit (default: "
        "the city) and a period (default: this year), as a table or as JSON."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--unit", help="unit code (default: the city, 75)")
        parser.add_argument("--period", help="2026 or 2026H1 / 2026H2 (default: this year)")
        parser.add_argument("--as", dest="username", help="evaluate as this user (their scope)")
        parser.add_argument("--json", action="store_true", help="print JSON")

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        user = user_by_name(options["username"]) if options["username"] else None
        try:
            unit, period = resolve(options["unit"], options["period"], user)
            values = evaluate(period, units=[unit])
        except IndicatorError as error:
            raise CommandError(str(error)) from error
        rows = [value.as_dict("vi") for value in values]
        forms = report_forms()
        for row in rows:
            if row["kind"] == "reported":
                row["datasets"] = forms.get(row["code"], [])
        if options["json"]:
            payload = {
                "unit": unit.code,
                "unit_name": unit.name_vi,
                "period": str(period),
                "as_of": period.end.isoformat(),
                "indicators": rows,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            _("Indicators of %(unit)s, %(period)s (as of %(day)s)")
            % {"unit": unit.name_vi, "period": period.label, "day": period.end.strftime("%d/%m/%Y")}
        )
        header = (
            f"{_('Code'):<36} {_('Value'):>12} {_('Target'):>10} {_('Year'):>6} "
            f"{_('Achievement'):>11}  {_('Status')}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in rows:
            self.stdout.write(
                f"{row['code']:<36} {_show(row['value']):>12} {_show(row['target']):>10} "
                f"{row['target_year'] or '–':>6} {_percent(row['achievement']):>11}  "
                f"{status_label(row['status'])}"
            )
            self.stdout.write(f"    {row['name']}")
            for form in row.get("datasets", []):
                self.stdout.write(f"    {_('Reported on')}: {form['code']} {form['name']}")
