"""People API: search with facets and masked profiles, through the same services."""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.db.models import Prefetch, Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from hientai.accounts.scoping import get_visible_or_404, visible
from hientai.catalogs.models import Code
from hientai.core import cursor as cursors
from hientai.orgs.models import Unit
from hientai.registry import providers
from hientai.registry.models import (
    AccessChannel,
    Person,
    ProfileVersion,
    Status,
)
from hientai.registry.privacy import log_accesses, mask, sensitive_values, sensitive_visible_ids

router = Router(tags=["people"])


class HitOut(Schema):
    id: int
    full_name: str
    unit: str
    unit_name: str
    score: float
    birth_year: int | None
    gender: str
    highest_degree: str


class SearchOut(Schema):
    total: int
    hits: list[HitOut]
    facets: dict[str, dict[str, int]]
    # The `after` of the next page when the hits are listed in name order (many hits).
    next: str | None = None
    prev: str | None = None


class PersonOut(Schema):
    id: int
    full_name: str
    family_name: str
    middle_name: str
    given_name: str
    birth_date: datetime.date | None
    birth_year: int | None
    gender: str
    unit: str
    status: str
    categories: list[str]
    personal_id: str
    email: str
    phone: str
    quality_score: int | None


class SearchIn(Schema):
    q: str = ""
    unit: str | None = None
    category: list[str] = []
    degree: list[str] = []
    field: list[str] = []
    strategic_technology: list[str] = []
    overseas: list[str] = []
    gender: list[str] = []
    age_band: list[str] = []
    page: int = 1
    # The `next` of the previous answer: deep pages by keyset (ignored when not ours).
    after: str | None = None


@router.get("/", response=SearchOut)
def search(request: HttpRequest, params: Query[SearchIn]):
    """Search people in the caller's scope, with facet counts."""
    people = providers.people_search()
    filters = {
        name: values
        for name, values in params.dict().items()
        if isinstance(values, list) and values
    }
    try:
        result = people.search(
            request.user,
            params.q,
            filters,
            unit_code=params.unit,
            page=params.page,
            per_page=50,
            after=(params.after or "")[:40] or None,
        )
    except people.error as error:
        # An unknown or out-of-scope unit reads the same: nothing reveals other units.
        raise HttpError(400, str(error)) from error
    return result.as_json()


# --- The full profile for other systems (issue 19): every part, personal data masked
# unless the caller may see it (each unmasked read is logged in the access log).


class CodeRef(Schema):
    code: str
    label: str


class QualificationOut(Schema):
    id: int
    level: CodeRef | None
    degree: CodeRef | None
    st_field: CodeRef | None
    major: str
    institution: str
    country: CodeRef | None
    year: int | None
    source: str


class AcademicTitleOut(Schema):
    id: int
    title: CodeRef | None
    year: int | None
    source: str


class LanguageOut(Schema):
    id: int
    language: CodeRef | None
    level: CodeRef | None
    source: str


class EmploymentOut(Schema):
    id: int
    unit: str | None
    organization: str
    position: str
    leadership_level: str
    is_division_leader_or_above: bool
    sector: str
    occupation_group: CodeRef | None
    start: datetime.date | None
    end: datetime.date | None
    source: str


class TrainingOut(Schema):
    id: int
    topic: CodeRef | None
    title: str
    provider: str
    hours: int | None
    start: datetime.date | None
    end: datetime.date | None
    certificate: str
    source: str


class PublicationOut(Schema):
    id: int
    title: str
    doi: str
    venue: str
    year: int | None
    source: str


class PatentOut(Schema):
    id: int
    title: str
    kind: str
    number: str
    status: str
    filed_on: datetime.date | None
    granted_on: datetime.date | None
    source: str


class ProjectOut(Schema):
    id: int
    title: str
    code: str
    level: str
    role: str
    accepted_on: datetime.date | None
    applied: bool
    source: str


class AwardOut(Schema):
    id: int
    name: str
    level: str
    issuer: str
    year: int | None
    source: str


class AssessmentOut(Schema):
    id: int
    kind: str
    result: str
    score: float | None
    assessed_on: datetime.date | None
    source: str


class StatusPeriodOut(Schema):
    id: int
    status: str
    effective_from: datetime.date
    effective_to: datetime.date | None
    note: str
    source: str


class ProfileOut(Schema):
    """A whole profile. `personal_id`, `old_id_number`, `email`, `phone`, `address` and
    `ethnic_group` are masked (`07•••••••••1`) unless the caller may see them; `masked`
    says which case applies."""

    id: int
    unit: str
    full_name: str
    family_name: str
    middle_name: str
    given_name: str
    other_names: str
    birth_date: datetime.date | None
    birth_year: int | None
    gender: str
    nationality: CodeRef | None
    masked: bool
    personal_id: str
    old_id_number: str
    email: str
    phone: str
    address: str
    ethnic_group: str
    residence_unit: str | None
    overseas_kind: str
    overseas_country: CodeRef | None
    overseas_city: str
    status: str
    categories: list[CodeRef]
    st_fields: list[CodeRef]
    strategic_technologies: list[CodeRef]
    keywords: str
    orcid: str
    scopus_id: str
    source: str
    last_verified_on: datetime.date | None
    quality_score: int | None
    created_at: datetime.datetime
    updated_at: datetime.datetime
    qualifications: list[QualificationOut]
    academic_titles: list[AcademicTitleOut]
    languages: list[LanguageOut]
    employments: list[EmploymentOut]
    trainings: list[TrainingOut]
    publications: list[PublicationOut]
    patents: list[PatentOut]
    projects: list[ProjectOut]
    awards: list[AwardOut]
    assessments: list[AssessmentOut]
    status_periods: list[StatusPeriodOut]


class ProfilePage(Schema):
    items: list[ProfileOut]
    next_cursor: str | None = Field(
        None, description="Pass as `cursor` for the next page; null on the last page."
    )


class ProfilesIn(Schema):
    cursor: str | None = Field(None, description="From the previous page's `next_cursor`.")
    limit: int = Field(cursors.DEFAULT_LIMIT, ge=1, le=cursors.MAX_LIMIT)
    unit: str | None = Field(None, description="A unit code: that unit and its subtree.")
    status: Status | None = None
    updated_since: datetime.datetime | None = Field(
        None, description="Only profiles changed (or with a part changed) at or after this."
    )


def _code(code: Any) -> dict[str, str] | None:
    return {"code": code.code, "label": code.label_vi} if code is not None else None


_CODE_FIELDS = {
    "qualifications": ("level", "degree", "st_field", "country"),
    "academic_titles": ("title",),
    "languages": ("language", "level"),
    "employments": ("occupation_group",),
    "trainings": ("topic",),
}
_PARTS = {
    "qualifications": "qualifications",
    "academic_titles": "academic_titles",
    "languages": "languages",
    "employments": "employments",
    "trainings": "trainings",
    "publications": "publications",
    "patents": "patents",
    "projects": "st_projects",
    "awards": "awards",
    "assessments": "assessments",
    "status_periods": "status_periods",
}


def profiles_queryset(queryset: Any) -> Any:
    """Everything a profile reads, in a fixed number of queries whatever the page size."""
    prefetches: list[Any] = ["categories", "st_fields", "strategic_technologies"]
    # Code columns are read as ids and their codes fetched once for the page (`_codes`):
    # joining the code table into every part costs more to build than to run.
    for relation in _PARTS.values():
        model: Any = Person._meta.get_field(relation).related_model
        rows = model._default_manager.all()
        if relation == "employments":
            rows = rows.select_related("unit")
        prefetches.append(Prefetch(relation, queryset=rows))
    return queryset.select_related("unit", "residence_unit", "ethnic_group").prefetch_related(
        *prefetches
    )


def _codes(people: list[Person]) -> dict[int, dict[str, str]]:
    """Code and label of every code a page of profiles names, in one query."""

    ids: set[int] = set()
    for person in people:
        ids.update(filter(None, (person.nationality_id, person.overseas_country_id)))
        for relation, fields in _CODE_FIELDS.items():
            for row in getattr(person, relation).all():
                ids.update(filter(None, (getattr(row, f"{name}_id") for name in fields)))
    rows = Code.objects.filter(pk__in=ids).values_list("pk", "code", "label_vi")
    return {pk: {"code": code, "label": label} for pk, code, label in rows}


def _part(row: Any, relation: str, codes: dict[int, dict[str, str]]) -> dict[str, Any]:
    data: dict[str, Any] = {"id": row.pk, "source": row.source}
    code_fields = _CODE_FIELDS.get(relation, ())
    for field in row._meta.concrete_fields:
        name = field.name
        if name in ("id", "person", "source"):
            continue
        if name in code_fields:
            data[name] = codes.get(getattr(row, field.attname))
            continue
        value = getattr(row, name)
        if name == "unit":
            data[name] = value.code if value is not None else None
        elif isinstance(value, decimal.Decimal):
            data[name] = float(value)
        else:
            data[name] = value
    return data


def _sensitive_for(user: Any, people: list[Person]) -> dict[int, dict[str, str]]:
    """The sensitive fields of each person as `user` may see them; one access-log row per
    person shown unmasked (channel API), as the web logs its pages."""

    shown: dict[int, dict[str, str]] = {}
    seen: list[tuple[int, list[str]]] = []
    allowed = sensitive_visible_ids(user, people)
    for person in people:
        values = sensitive_values(person)
        if person.pk in allowed:
            shown[person.pk] = values
            seen.append((person.pk, [name for name, value in values.items() if value]))
        else:
            shown[person.pk] = {name: mask(value) for name, value in values.items()}
            shown[person.pk]["_masked"] = "1"
    log_accesses(user, seen, channel=AccessChannel.API, loaded=people)
    return shown


def profile_data(
    person: Person, sensitive: dict[str, str], codes: dict[int, dict[str, str]]
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": person.pk,
        "unit": person.unit.code,
        "full_name": person.full_name,
        "family_name": person.family_name,
        "middle_name": person.middle_name,
        "given_name": person.given_name,
        "other_names": person.other_names,
        "birth_date": person.birth_date,
        "birth_year": person.birth_year,
        "gender": person.gender,
        "nationality": codes.get(person.nationality_id) if person.nationality_id else None,
        "masked": "_masked" in sensitive,
        "residence_unit": person.residence_unit.code if person.residence_unit else None,
        "overseas_kind": person.overseas_kind,
        "overseas_country": (
            codes.get(person.overseas_country_id) if person.overseas_country_id else None
        ),
        "overseas_city": person.overseas_city,
        "status": person.status,
        "categories": [_code(code) for code in person.categories.all()],
        "st_fields": [_code(code) for code in person.st_fields.all()],
        "strategic_technologies": [_code(code) for code in person.strategic_technologies.all()],
        "keywords": person.keywords,
        "orcid": person.orcid,
        "scopus_id": person.scopus_id,
        "source": person.source,
        "last_verified_on": person.last_verified_on,
        "quality_score": person.quality_score,
        "created_at": person.created_at,
        "updated_at": person.updated_at,
    }
    for name in ("personal_id", "old_id_number", "email", "phone", "address", "ethnic_group"):
        data[name] = sensitive[name]
    for name, relation in _PARTS.items():
        data[name] = [_part(row, relation, codes) for row in getattr(person, relation).all()]
    return data


@router.get("/profiles", response=ProfilePage)
def list_profiles(request: HttpRequest, params: Query[ProfilesIn]):
    """Whole profiles in the caller's scope, by id, a page at a time (cursor); filter by
    unit subtree, status and `updated_since` for incremental synchronisation."""
    people = visible(Person.objects.all(), request.user)
    if params.unit:
        unit = visible(Unit.objects.all(), request.user).filter(code=params.unit).first()
        if unit is None:
            # Unknown and out-of-scope units read the same.
            raise HttpError(400, _("This unit cannot be used."))
        people = people.filter(unit__path__startswith=unit.path)
    if params.status:
        people = people.filter(status=params.status)
    if params.updated_since:
        changed = ProfileVersion.objects.filter(at__gte=params.updated_since).values("person_id")
        people = people.filter(Q(updated_at__gte=params.updated_since) | Q(pk__in=changed))
    try:
        rows, next_cursor = cursors.page(
            profiles_queryset(people), "profiles", params.cursor, params.limit
        )
    except cursors.BadCursor as error:
        raise HttpError(400, str(error)) from error
    sensitive = _sensitive_for(request.user, rows)
    codes = _codes(rows)
    return cursors.envelope([profile_data(p, sensitive[p.pk], codes) for p in rows], next_cursor)


@router.get("/{person_id}/profile", response=ProfileOut)
def get_profile(request: HttpRequest, person_id: int):
    """One whole profile with every part; personal data masked unless the caller's role
    may see it (and then logged)."""
    person = get_visible_or_404(profiles_queryset(Person.objects.all()), request.user, pk=person_id)
    sensitive = _sensitive_for(request.user, [person])[person.pk]
    return profile_data(person, sensitive, _codes([person]))


# After /profiles: a path parameter would otherwise take that name.
@router.get("/{person_id}", response=PersonOut)
def get_person(request: HttpRequest, person_id: int):
    """One profile; personal data masked unless the caller's role may see it (logged)."""
    person = get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=person_id)
    sensitive = _sensitive_for(request.user, [person])[person.pk]
    return {
        "id": person.pk,
        "full_name": person.full_name,
        "family_name": person.family_name,
        "middle_name": person.middle_name,
        "given_name": person.given_name,
        "birth_date": person.birth_date,
        "birth_year": person.birth_year,
        "gender": person.gender,
        "unit": person.unit.code,
        "status": person.status,
        "categories": list(person.categories.values_list("code", flat=True)),
        "personal_id": sensitive["personal_id"],
        "email": sensitive["email"],
        "phone": sensitive["phone"],
        "quality_score": person.quality_score,
    }
