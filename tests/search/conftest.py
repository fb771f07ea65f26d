"""Building profiles for the search tests with the real models, then indexing them."""

from __future__ import annotations

import datetime

import pytest

from hientai.catalogs.models import Code
from hientai.orgs.models import Unit
from hientai.registry.models import Person, Qualification
from hientai.search.indexer import reindex_people


def code(scheme: str, value: str) -> Code:
    """The code of the current version of a list (falls back to any version)."""
    found = Code.objects.filter(scheme__key=scheme, code=value).order_by("-scheme__is_current")
    return found.first()


def create_person(
    unit: str,
    family: str,
    middle: str,
    given: str,
    *,
    gender: str = "",
    birth_year: int | None = None,
    birth_date: datetime.date | None = None,
    categories: tuple[str, ...] = (),
    st_fields: tuple[str, ...] = (),
    technologies: tuple[str, ...] = (),
    degrees: tuple[str, ...] = (),
    qualification_fields: tuple[str, ...] = (),
    keywords: str = "",
    other_names: str = "",
    overseas: str = "",
    personal_id: str = "",
    index: bool = True,
) -> Person:
    """A profile through the plain ORM (the registry's model save), then indexed."""
    person = Person.objects.create(
        unit=Unit.objects.get(code=unit),
        family_name=family,
        middle_name=middle,
        given_name=given,
        gender=gender,
        birth_year=birth_year,
        birth_date=birth_date,
        keywords=keywords,
        other_names=other_names,
        overseas_kind=overseas,
        personal_id=personal_id,
    )
    person.categories.set([code("person_category", c) for c in categories])
    person.st_fields.set([code("st_field", c) for c in st_fields])
    person.strategic_technologies.set([code("strategic_technology", c) for c in technologies])
    for index_, degree in enumerate(degrees):
        field = qualification_fields[index_] if index_ < len(qualification_fields) else None
        Qualification.objects.create(
            person=person,
            degree=code("degree", degree),
            st_field=code("st_field", field) if field else None,
        )
    if index:
        reindex_people([person.pk])
    return person


@pytest.fixture
def make_person(db):
    return create_person
