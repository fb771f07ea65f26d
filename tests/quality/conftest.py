"""Fixtures of the quality tests: a clean profile and helpers to spoil it."""

import datetime
import itertools
from collections.abc import Callable

import pytest

from hientai.catalogs.models import Code
from hientai.orgs.models import Unit
from hientai.registry.models import Person, Qualification, StatusPeriod

TODAY = datetime.date.today()
_serial = itertools.count(1)


def code(scheme: str, value: str) -> Code:
    return Code.objects.get(scheme__key=scheme, scheme__is_current=True, code=value)


def personal_id(prefix: str = "075", digit: int = 0, year: int = 1980) -> str:
    """A well-formed, unique personal ID number."""
    return f"{prefix}{digit}{year % 100:02d}{next(_serial):06d}"


def make_person(unit: str = "25210", categories: tuple[str, ...] = ("expert",), **fields) -> Person:
    """A profile on which no rule fires; `fields` override the defaults."""
    values = {
        "family_name": "Nguyễn",
        "middle_name": "Văn",
        "given_name": "An",
        "gender": "male",
        "birth_date": datetime.date(1980, 5, 1),
        "email": "an.nguyen@example.vn",
        "phone": "+84912345678",
        "last_verified_on": TODAY,
        "status": "active",
        "ethnic_group": code("ethnic_group", "01"),
        "nationality": code("country", "VN"),
    }
    values.update(fields)
    if "personal_id" not in fields:
        values["personal_id"] = personal_id()
    person = Person.objects.create(unit=Unit.objects.get(code=unit), **values)
    person.categories.set([code("person_category", item) for item in categories])
    person.st_fields.set([code("st_field", "1")])
    Qualification.objects.create(
        person=person,
        level=code("qualification_level", "VQF8"),
        degree=code("degree", "tien_si"),
        st_field=code("st_field", "1"),
        country=code("country", "VN"),
        year=2010,
    )
    StatusPeriod.objects.create(
        person=person, status="active", effective_from=datetime.date(2020, 1, 1)
    )
    return person


@pytest.fixture
def person_factory(db) -> Callable[..., Person]:
    return make_person
