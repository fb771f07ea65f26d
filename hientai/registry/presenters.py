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


def unit_label(unit: Any) -> str:
    """A unit's name; a former (merged, renamed) unit also names the unit that carries it on."""
    from hientai.registry.forms import EmploymentUnitField

    return EmploymentUnitField.label_from_instance(None, unit) if unit is not None else ""


def part_sections(person: Person) -> list[dict[str, Any]]:
    """Every part of a profile as a small table: headers and rows of display values."""
    from django.utils.translation import gettext as _

    from hientai.registry.forms import PARTS

    def day(value: Any) -> str:
        return value.strftime("%d/%m/%Y") if value else ""

    def label(code: Any) -> str:
        return code.label_vi if code is not None else ""

    yes = _("yes")
    tables: dict[str, tuple[list[str], list[list[Any]]]] = {
        "qualifications": (
            [_("Degree"), _("Major"), _("S&T field"), _("Institution"), _("Country"), _("Year")],
            [
                [
                    label(q.degree) or label(q.level),
                    q.major,
                    label(q.st_field),
                    q.institution,
                    label(q.country),
                    q.year,
                ]
                for q in person.qualifications.select_related(
                    "degree", "level", "st_field", "country"
                )
            ],
        ),
        "titles": (
            [_("Academic title"), _("Year")],
            [[label(t.title), t.year] for t in person.academic_titles.select_related("title")],
        ),
        "employment": (
            [_("Position"), _("Where"), _("Sector"), _("From"), _("To")],
            [
                [
                    " · ".join(filter(None, [e.position, e.get_leadership_level_display()])),
                    unit_label(e.unit) if e.unit_id else e.organization,
                    e.get_sector_display(),
                    day(e.start),
                    day(e.end),
                ]
                for e in person.employments.select_related("unit")
            ],
        ),
        "training": (
            [_("Topic"), _("Course"), _("Provider"), _("Hours"), _("To")],
            [
                [label(t.topic), t.title, t.provider, t.hours, day(t.end)]
                for t in person.trainings.select_related("topic")
            ],
        ),
        "languages": (
            [_("Language"), _("Level")],
            [
                [label(item.language), label(item.level)]
                for item in person.languages.select_related("language", "level")
            ],
        ),
        "publications": (
            [_("Title"), _("Journal or venue"), _("Year"), "DOI"],
            [[p.title, p.venue, p.year, p.doi] for p in person.publications.all()],
        ),
        "patents": (
            [_("Title"), _("Kind"), _("Number"), _("Status"), _("Granted on")],
            [
                [p.title, p.get_kind_display(), p.number, p.get_status_display(), day(p.granted_on)]
                for p in person.patents.all()
            ],
        ),
        "projects": (
            [_("Title"), _("Level"), _("Role"), _("Accepted on"), _("Applied in practice")],
            [
                [
                    p.title,
                    p.level,
                    p.get_role_display(),
                    day(p.accepted_on),
                    yes if p.applied else "",
                ]
                for p in person.st_projects.all()
            ],
        ),
        "awards": (
            [_("Award or honour"), _("Level"), _("Issued by"), _("Year")],
            [[a.name, a.level, a.issuer, a.year] for a in person.awards.all()],
        ),
        "assessments": (
            [_("Kind"), _("Result"), _("Score"), _("Assessed on")],
            [
                [a.get_kind_display(), a.result, a.score, day(a.assessed_on)]
                for a in person.assessments.all()
            ],
        ),
    }
    return [
        {"slug": slug, "label": PARTS[slug].label, "headers": headers, "rows": rows}
        for slug, (headers, rows) in tables.items()
    ]
