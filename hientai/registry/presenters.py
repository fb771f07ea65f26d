"""Turn engine results and history rows into what the templates show."""

from __future__ import annotations

from typing import Any

from hientai.registry.models import Person, ProfileVersion


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


# Sections that apps above the registry add to the profile page (they may import the
# registry, not the other way round): `section(person, user)` returns a dict with a
# "template" key and its context, or None to show nothing.
_profile_sections: list = []


def register_profile_section(section: Any) -> None:
    if section not in _profile_sections:
        _profile_sections.append(section)


def profile_sections(person: Person, user: Any) -> list[dict[str, Any]]:
    shown = (section(person, user) for section in _profile_sections)
    return [section for section in shown if section]


def quality_findings(person: Person) -> list[Any]:
    """The data-quality engine's explanations for this profile, errors first."""
    from hientai.quality.services import issues_for

    return list(issues_for(person))


def history_rows(person: Person, user: Any) -> list[dict[str, Any]]:
    """Changes newest first; sensitive values masked unless the user may see them (logged)."""
    from hientai.registry.privacy import log_access, mask, may_see_sensitive

    allowed = may_see_sensitive(user, person)
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
    if shown:
        log_access(person, user, sorted(shown), "web-history")
    return rows


def _change(name: str, before: Any, after: Any, allowed: bool, shown: set[str], mask: Any) -> dict:
    from hientai.registry.privacy import SENSITIVE_ATTNAMES

    if name in SENSITIVE_ATTNAMES:
        if allowed:
            shown.add(name)
        else:
            before, after = mask(before), mask(after)
    return {"field": name, "before": before, "after": after}
