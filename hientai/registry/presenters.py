"""Turn engine results and history rows into what the templates show."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hientai.registry.models import Person, ProfileVersion

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hientai.accounts.models import User


def facet_panel(
    facets: dict[str, list[Any]], filters: dict[str, list[str]]
) -> list[dict[str, Any]]:
    from django.utils.translation import gettext as _

    titles = {
        "unit": _("Unit"),
        "category": _("Category"),
        "degree": _("Degree"),
        "field": _("S&T field"),
        "strategic_technology": _("Strategic technology"),
        "overseas": _("Overseas"),
        "gender": _("Gender"),
        "age_band": _("Age"),
    }
    panel = []
    for name, title in titles.items():
        values = facets.get(name, [])
        if not values:
            continue
        chosen = set(filters.get(name, []))
        panel.append(
            {
                "name": name,
                "title": title,
                "values": [
                    {
                        "value": item.value,
                        "label": item.label,
                        "count": item.count,
                        "checked": item.value in chosen,
                    }
                    for item in values
                ],
            }
        )
    return panel


def quality_findings(person: Person) -> list[Any]:
    """The data-quality engine's explanations for this profile, errors first."""
    from hientai.quality.services import issues_for

    return list(issues_for(person))


def history_rows(person: Person, user: User | AnonymousUser | None) -> list[dict[str, Any]]:
    """Changes newest first; sensitive values masked unless the user may see them (logged)."""
    from hientai.registry.privacy import log_access, mask, may_see_sensitive

    viewer = user if may_see_sensitive(user, person) else None  # a User when allowed
    allowed = viewer is not None
    shown: set[str] = set()
    rows = []
    versions = (
        ProfileVersion.objects.filter(person=person).select_related("user").order_by("-at", "-pk")
    )
    for version in versions:
        before, after = version.before or {}, version.after or {}
        rows.append(
            {
                "version": version,
                "changes": [
                    _change(name, before.get(name), after.get(name), allowed, shown, mask)
                    for name in version.changed_fields()
                ],
            }
        )
    if shown and viewer is not None:
        log_access(person, viewer, sorted(shown), "web-history")
    return rows


def _change(name: str, before: Any, after: Any, allowed: bool, shown: set[str], mask: Any) -> dict:
    from hientai.registry.privacy import SENSITIVE_ATTNAMES

    if name in SENSITIVE_ATTNAMES:
        if allowed:
            shown.add(name)
        else:
            before, after = mask(before), mask(after)
    return {"field": name, "before": before, "after": after}
