"""Figures for the home page, always within the user's scope."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.utils.translation import gettext as _

from hientai.accounts.scoping import scope_for, visible
from hientai.orgs.models import Unit, UnitKind
from hientai.registry.models import Person

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hientai.accounts.models import User


def home_counts(user: User | AnonymousUser | None) -> list[dict[str, Any]]:
    """Figures of the units and profiles in the user's scope: staff only (an expert's home
    shows their own profile instead, never counts of units)."""
    if not scope_for(user).is_staff:
        return []
    units = visible(Unit.objects.current(), user)
    by_kind = dict(
        units.values_list("kind").annotate(total=Count("pk")).values_list("kind", "total")
    )
    local = by_kind.get(UnitKind.WARD, 0) + by_kind.get(UnitKind.COMMUNE, 0)
    agencies = sum(
        total
        for kind, total in by_kind.items()
        if kind not in {UnitKind.WARD, UnitKind.COMMUNE, UnitKind.DIVISION, UnitKind.CITY}
    )
    counts = [
        {"label": _("Units in your scope"), "value": sum(by_kind.values())},
        {"label": _("Departments, boards and agencies"), "value": agencies},
        {"label": _("Wards and communes"), "value": local},
        {"label": _("Divisions"), "value": by_kind.get(UnitKind.DIVISION, 0)},
    ]
    if scope_for(user).is_staff:
        people = visible(Person.objects.all(), user)
        counts.insert(0, {"label": _("Profiles in your scope"), "value": people.count()})
    return counts
