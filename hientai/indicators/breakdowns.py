"""Breakdowns of the computed indicators (by gender, under 45, ethnic minority, sector,
strategic technology group) for the indicator page, the dashboard's switch, the API and
the report's annex, with small counts suppressed.

A count of fewer than five people (`SUPPRESS_BELOW`) can point at a person: wherever the
reader may not see the people themselves (a leader's dashboard, the API, the annex sent
to the Ministry), such a cell shows "< 5" instead of its figures, and its share is not
given. Readers who may see the people (`see_people=True`: an officer within their own
scope) get every figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hientai.catalogs.models import Code
from hientai.indicators import services as indicator_services
from hientai.indicators.models import Indicator, Kind
from hientai.indicators.periods import Period
from hientai.orgs.models import Unit

SUPPRESS_BELOW = 5
BY_LABELS = {
    "gender": gettext_lazy("Gender"),
    "under_45": gettext_lazy("Age"),
    "ethnic_minority": gettext_lazy("Ethnicity"),
    "sector": gettext_lazy("Sector"),
    "technology_group": gettext_lazy("Strategic technology"),
}
KEY_LABELS = {
    "male": gettext_lazy("Male"),
    "female": gettext_lazy("Female"),
    "other": gettext_lazy("Other"),
    "unknown": gettext_lazy("Not recorded"),
    "under_45": gettext_lazy("Under 45"),
    "45_plus": gettext_lazy("45 and over"),
    "kinh": gettext_lazy("Kinh"),
    "minority": gettext_lazy("Ethnic minority"),
    "public": gettext_lazy("Public sector"),
    "private": gettext_lazy("Private sector"),
    "fdi": gettext_lazy("Foreign-invested"),
    "overseas": gettext_lazy("Abroad"),
}


@dataclass
class BreakdownCell:
    key: str
    label: str
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    suppressed: bool = False

    def as_dict(self) -> dict[str, Any]:
        def number(amount: Decimal | None) -> float | None:
            return None if amount is None else float(round(amount, 2))

        return {
            "key": self.key,
            "label": self.label,
            "numerator": number(self.numerator),
            "denominator": number(self.denominator),
            "value": number(self.value),
            "suppressed": self.suppressed,
        }


@dataclass
class BreakdownTable:
    indicator: Indicator
    by: str
    cells: list[BreakdownCell] = field(default_factory=list)

    @property
    def by_label(self) -> str:
        return str(BY_LABELS.get(self.by, self.by))

    def as_dict(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator.code,
            "by": self.by,
            "by_label": self.by_label,
            "cells": [cell.as_dict() for cell in self.cells],
        }


def _small(amount: Decimal | None) -> bool:
    return amount is not None and 0 < amount < SUPPRESS_BELOW


def key_label(by: str, key: str) -> str:
    if by == "technology_group":
        found = (
            Code.objects.filter(scheme__key="strategic_technology", code=key)
            .values_list("label_vi", flat=True)
            .first()
        )
        return found or key
    return str(KEY_LABELS.get(key, key))


def breakdown_table(
    indicator: Indicator, period: Period, unit: Unit, by: str, *, see_people: bool = False
) -> BreakdownTable:
    """One indicator split one way at `unit`; cells of fewer than five people suppressed
    unless the reader may see the people."""
    table = BreakdownTable(indicator=indicator, by=by)
    for item in indicator_services.breakdown(indicator, period, unit, by):
        small = _small(item.numerator) or _small(item.denominator)
        hide = small and not see_people
        table.cells.append(
            BreakdownCell(
                key=item.key,
                label=key_label(by, item.key),
                numerator=None if hide else item.numerator,
                denominator=None if hide else item.denominator,
                value=None if hide else item.value,
                suppressed=hide,
            )
        )
    return table


def indicator_breakdowns(
    period: Period,
    unit: Unit,
    indicators: list[Indicator] | None = None,
    *,
    see_people: bool = False,
) -> list[BreakdownTable]:
    """Every breakdown its catalogue entry lists, for each computed indicator."""
    chosen = indicators or list(
        Indicator.objects.filter(active=True, kind=Kind.COMPUTED).order_by("position", "code")
    )
    tables = []
    for indicator in chosen:
        if indicator.kind != Kind.COMPUTED:
            continue
        for by in indicator.breakdowns or []:
            if by in indicator_services.BREAKDOWNS:
                tables.append(breakdown_table(indicator, period, unit, by, see_people=see_people))
    return tables


def suppressed_text() -> str:
    return _("< %(n)d") % {"n": SUPPRESS_BELOW}


def may_see_people(user: Any, unit: Unit) -> bool:
    """Whether `user` may see the people behind `unit`'s figures: an officer keeping the
    unit's profiles, the coordinator or the administrator. A leader (read-only) and the
    API's readers get small counts suppressed."""
    from hientai.accounts.models import Role
    from hientai.accounts.scoping import scope_for

    scope = scope_for(user)
    if scope.roles & {Role.ADMIN, Role.COORDINATOR}:
        return True
    return any(unit.path.startswith(path) for path in scope.write_paths)
