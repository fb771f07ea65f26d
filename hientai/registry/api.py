"""People API: search with facets and masked profiles, through the same services."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from hientai.accounts.scoping import get_visible_or_404
from hientai.registry import providers
from hientai.registry.models import Person
from hientai.registry.privacy import sensitive_view

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


@router.get("/{person_id}", response=PersonOut)
def get_person(request: HttpRequest, person_id: int):
    """One profile; personal data masked unless the caller's role may see it (logged)."""
    person = get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=person_id)
    sensitive = sensitive_view(person, request.user, channel="api")
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
