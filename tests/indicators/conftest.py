"""Fixtures of the indicator tests: crafted people (with their parts) recorded in the past,
crafted indicators, and Vietnamese as the active language."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone, translation

from hientai.catalogs.models import Code
from hientai.indicators.models import Indicator
from hientai.orgs.models import Unit
from hientai.registry import models as r
from hientai.reporting import reference as reporting_reference
from hientai.reporting.models import Dataset

# Profiles made by the fixtures count as recorded on this day (before every test period).
RECORDED_AT = timezone.make_aware(datetime.datetime(2023, 1, 15, 9, 0))


def code(scheme: str, value: str) -> Code:
    return Code.objects.filter(scheme__key=scheme, code=value, scheme__is_current=True).first()


@pytest.fixture
def vietnamese():
    """Vietnamese active, so tests see the messages an officer sees."""
    with translation.override("vi"):
        yield


@pytest.fixture
def make_person(db):
    """A profile with its parts, its history dated RECORDED_AT (as if typed in long ago)."""
    counter = iter(range(1, 10_000))

    def make(
        unit_code: str = "25210",
        *,
        gender: str = "male",
        birth_year: int = 1985,
        categories: tuple[str, ...] = ("public_staff",),
        degrees: tuple[tuple[str, int], ...] = (),
        titles: tuple[tuple[str, int], ...] = (),
        trainings: tuple[tuple[str, datetime.date], ...] = (),
        status: str = "active",
        since: datetime.date = datetime.date(2010, 1, 1),
        ethnic: str = "01",
        leader: bool = False,
        sector: str = "public",
        digital_skills: tuple[str, datetime.date] | None = None,
    ) -> r.Person:
        number = next(counter)
        person = r.Person.objects.create(
            unit=Unit.objects.get(code=unit_code),
            family_name="Nguyễn",
            middle_name="Văn" if gender == "male" else "Thị",
            given_name=f"Người {number}",
            gender=gender,
            birth_year=birth_year,
            ethnic_group=code("ethnic_group", ethnic),
        )
        person.categories.set([code("person_category", c) for c in categories])
        r.StatusPeriod.objects.create(person=person, status=status, effective_from=since)
        for degree, year in degrees:
            r.Qualification.objects.create(person=person, degree=code("degree", degree), year=year)
        for title, year in titles:
            r.AcademicTitle.objects.create(
                person=person, title=code("academic_title", title), year=year
            )
        for topic, end in trainings:
            r.TrainingRecord.objects.create(
                person=person, topic=code("training_topic", topic), start=end, end=end
            )
        r.Employment.objects.create(
            person=person,
            unit=person.unit,
            position="Trưởng phòng" if leader else "Chuyên viên",
            leadership_level="division" if leader else "",
            sector=sector,
            start=since,
        )
        if digital_skills:
            r.SkillAssessment.objects.create(
                person=person,
                kind="digital_skills",
                result=digital_skills[0],
                assessed_on=digital_skills[1],
            )
        r.ProfileVersion.objects.filter(person=person).update(at=RECORDED_AT)
        r.Person.objects.filter(pk=person.pk).update(created_at=RECORDED_AT)
        person.refresh_from_db()
        return person

    return make


@pytest.fixture
def make_indicator(db):
    # Crafted indicators stand alone: the catalogue that `migrate` loads (reference data)
    # and the statutory datasets that use it are set aside for the test.
    Dataset.objects.filter(
        code__in=[
            entry["code"]
            for entry in reporting_reference.DATASETS + reporting_reference.PLAN_DATASETS
        ]
    ).delete()
    # Also the indicators apps above keep themselves (support, honours): none is crafted.
    Indicator.objects.all().delete()

    def make(code: str, definition: dict | None = None, **fields) -> Indicator:
        values = {
            "name_vi": f"Chỉ số {code}",
            "name_en": code,
            "unit": "percent",
            "kind": "computed" if definition is not None else "reported",
            "definition": definition or {},
        }
        values.update(fields)
        return Indicator.objects.create(code=code, **values)

    return make


@pytest.fixture
def trained_share(make_indicator) -> Indicator:
    """Share of public staff trained in the period (the plans' "30% trained in 2026")."""
    return make_indicator(
        "T.TRAINED",
        {"numerator": {"trained_in_period": True}, "denominator": {"category": ["public_staff"]}},
    )
