"""Helpers of the portal tests: people with a public-profile consent, made through the
services (the ledger of the dataprotection app)."""

from __future__ import annotations

import datetime as dt

import pytest

from hientai.dataprotection import services as privacy
from hientai.dataprotection.models import ProcessingPurpose
from hientai.orgs.models import Unit
from hientai.registry.models import Employment, Person
from tests.browser.conftest import browser  # noqa: F401 — the chromium fixture for this folder
from tests.talent.conftest import code

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


def make_person(unit: str = "26041", given: str = "Lan", family: str = "Trần", **extra) -> Person:
    person = Person.objects.create(
        unit=Unit.objects.get(code=unit), family_name=family, middle_name="Thị", given_name=given,
        **extra,
    )  # fmt: skip
    return person


def consent(person: Person, user, state: str = "given", now: dt.datetime = NOW) -> None:
    purpose = ProcessingPurpose.objects.get(code="public_profile")
    privacy.record_basis(person, purpose, state, user, now=now,
                         evidence="written" if state == "given" else "")  # fmt: skip


@pytest.fixture
def public_expert(officer_b) -> Person:
    person = make_person(
        given="Hạnh", family="Lê", email="hanh.le@example.org", phone="0909123456",
        keywords="trí tuệ nhân tạo, thị giác máy tính", orcid="0000-0002-1825-0097",
    )  # fmt: skip
    person.st_fields.set([code("st_field", "2")])
    Employment.objects.create(person=person, organization="Trường Đại học Đồng Nai",
                              position="Giảng viên")  # fmt: skip
    consent(person, officer_b)
    return person
