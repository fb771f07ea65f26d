"""Turn engine results and history rows into what the templates show."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Model

from hientai.catalogs.models import Code
from hientai.registry import providers
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


# What the profile page reads of the person's own foreign keys: joined in its one query.
DETAIL_RELATED = (
    "unit",
    "residence_unit",
    "ethnic_group",
    "nationality",
    "overseas_country",
)
CODE_LINKS = ("categories", "st_fields", "strategic_technologies")


def prefetch_code_links(person: Person) -> None:
    """The person's three code lists (categories, S&T fields, strategic technologies) in
    one query instead of one each, left where `person.<list>.all()` finds them."""
    branches = []
    params: list[Any] = []
    code_table = Code._meta.db_table
    for name in CODE_LINKS:
        field: Any = Person._meta.get_field(name)
        through = field.remote_field.through._meta
        source = field.m2m_column_name()
        target = field.m2m_reverse_name()
        branches.append(
            f"SELECT '{name}' AS link, c.* FROM {code_table} AS c "
            f"JOIN {through.db_table} AS link ON link.{target} = c.id "
            f"WHERE link.{source} = %s"
        )
        params.append(person.pk)
    # Code lists order by scheme, then code (Code.Meta.ordering; one scheme per list).
    sql = " UNION ALL ".join(branches) + " ORDER BY link, scheme_id, code"
    found: dict[str, list[Code]] = {name: [] for name in CODE_LINKS}
    for code in Code.objects.raw(sql, params):
        found[code.link].append(code)  # type: ignore[attr-defined]  # the query's extra column
    cache = getattr(person, "_prefetched_objects_cache", None)
    if cache is None:
        cache = person._prefetched_objects_cache = {}  # type: ignore[attr-defined]
    for name, codes in found.items():
        queryset = getattr(person, name).all()
        queryset._result_cache = codes
        queryset._prefetch_done = True
        cache[name] = queryset  # the forward manager's prefetch key is the field's name


def quality_findings(person: Person) -> list[Any]:
    """The data-quality engine's explanations for this profile, errors first."""
    return providers.findings(person)


def actor_name(user: Any) -> str:
    """A person's full name for a user: their profile's name, else the account's name."""
    if user is None:
        return ""
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    if person is not None:
        return person.full_name
    full = " ".join(part for part in (user.last_name, user.first_name) if part)
    return full or user.username


# Where profiles created without a version (imports, bulk loads) say they came from:
# `provider(person) -> dict | None` with "at", "who", "reason"; the exchange app plugs in.
_origin_providers: list = []


def register_origin_provider(provider: Any) -> None:
    if provider not in _origin_providers:
        _origin_providers.append(provider)


class _Values:
    """Turns stored values (ids, codes, ISO dates) into what a reader understands."""

    def __init__(self) -> None:
        self.cache: dict[tuple[Any, Any], str] = {}

    def field(self, model: type[Model], name: str) -> Any:
        for field in model._meta.get_fields():
            if getattr(field, "attname", field.name) == name or field.name == name:
                return field
        return None

    def label(self, model: type[Model], name: str) -> str:
        from django.utils.text import capfirst

        field = self.field(model, name)
        return str(capfirst(field.verbose_name)) if field is not None else name

    def show(self, model: type[Model], name: str, value: Any) -> str:
        from django.utils.translation import gettext as _

        field = self.field(model, name)
        if value is None or value == "" or value == []:
            return ""
        if field is None:
            return str(value)
        if field.is_relation:
            values = value if isinstance(value, list) else [value]
            return "; ".join(self._related(field.related_model, item) for item in values)
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if field.get_internal_type() in ("DateField", "DateTimeField") and isinstance(value, str):
            try:
                day = datetime.date.fromisoformat(value[:10])
            except ValueError:
                return value
            return day.strftime("%d/%m/%Y")
        return str(value)

    def _related(self, model: type[Model], pk: Any) -> str:
        key = (model, pk)
        if key not in self.cache:
            row = model._default_manager.filter(pk=pk).first()
            if row is None:
                text = "—"
            elif isinstance(row, Code):
                text = row.label_vi or row.code
            elif model._meta.model_name == "unit":
                text = unit_label(row)
            elif model._meta.model_name == "user":
                text = actor_name(row)
            else:
                text = str(row)
            self.cache[key] = text
        return self.cache[key]


def history_rows(person: Person, user: Any) -> list[dict[str, Any]]:
    """Changes newest first, in the reader's words: field labels, values as labels, the
    actor's full name, the reason. Sensitive values masked unless the user may see them
    (an unmasked view is logged)."""
    from django.apps import apps
    from django.utils.text import capfirst

    from hientai.registry.privacy import SENSITIVE_ATTNAMES, log_access, mask, may_see_sensitive

    viewer = user if may_see_sensitive(user, person) else None  # a User when allowed
    allowed = viewer is not None
    shown: set[str] = set()
    values = _Values()
    rows = []
    versions = (
        ProfileVersion.objects.filter(person=person)
        .select_related("user", "user__person")
        .order_by("-at", "-pk")
    )
    has_creation = False
    for version in versions:
        try:
            model = apps.get_model("registry", version.entity)
        except LookupError:
            continue
        has_creation = has_creation or (version.entity == "person" and version.action == "create")
        before, after = version.before or {}, version.after or {}
        changes = []
        for name in version.changed_fields():
            old, new = before.get(name), after.get(name)
            if name in SENSITIVE_ATTNAMES and not allowed:
                old_text, new_text = mask(str(old or "")), mask(str(new or ""))
            else:
                if name in SENSITIVE_ATTNAMES:
                    shown.add(name)
                old_text, new_text = values.show(model, name, old), values.show(model, name, new)
            if old_text == new_text:
                continue
            changes.append(
                {"field": values.label(model, name), "before": old_text, "after": new_text}
            )
        rows.append(
            {
                "at": version.at,
                "who": actor_name(version.user),
                "record": capfirst(model._meta.verbose_name),
                "action": version.get_action_display(),
                "changes": changes,
                "reason": version.reason,
            }
        )
    if not has_creation:
        for provider in _origin_providers:
            origin = provider(person)
            if origin:
                rows.append(
                    {"record": capfirst(Person._meta.verbose_name), "changes": [], **origin}
                )
                break
        else:
            rows.append(_bulk_origin(person))
    if shown:
        log_access(person, user, sorted(shown), "web-history")
    return rows


def source_label(source: str) -> str:
    """Where a profile came from, in words: the demo generator's tag is internal."""
    from django.utils.translation import gettext as _

    if source.startswith("generator seed"):
        return _("Demo data (generated)")
    return source


def _bulk_origin(person: Person) -> dict[str, Any]:
    from django.utils.text import capfirst
    from django.utils.translation import gettext as _

    return {
        "at": person.created_at,
        "who": "",
        "record": capfirst(Person._meta.verbose_name),
        "action": ProfileVersion.Action.CREATE.label,
        "changes": [],
        "reason": _("Created by a bulk load: %(source)s") % {"source": source_label(person.source)}
        if person.source
        else _("Created by a bulk load"),
    }


def unit_label(unit: Any) -> str:
    """A unit's name; a former (merged, renamed) unit also names the unit that carries it on."""
    from hientai.registry.forms import EmploymentUnitField

    return EmploymentUnitField.label_from_instance(unit) if unit is not None else ""


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
