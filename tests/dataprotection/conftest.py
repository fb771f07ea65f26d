"""A fixed moment and profiles with every part, made through the registry services."""

import datetime
import decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.catalogs.models import Code
from hientai.orgs.models import Unit
from hientai.registry import models as registry
from hientai.registry.history import recording
from hientai.registry.services import save_person

CITY = ZoneInfo("Asia/Ho_Chi_Minh")
# A Monday morning: 2 working days later is Wednesday.
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=CITY)


def code(scheme: str) -> Code:
    return Code.objects.filter(scheme__key=scheme).order_by("pk").first()


@pytest.fixture
def now() -> datetime.datetime:
    return NOW


@pytest.fixture
def frozen():
    """Pages read the real clock: stop it at NOW."""
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def admin_user(db) -> User:
    user = User.objects.create_user(username="admin1", password="x-admin-pass-2026")
    RoleAssignment.objects.create(user=user, role=Role.ADMIN)
    return user


@pytest.fixture
def expert_user(db) -> User:
    user = User.objects.create_user(username="expert1", password="x-expert-pass-2026")
    RoleAssignment.objects.create(user=user, role=Role.EXPERT)
    return user


@pytest.fixture
def make_person(db):
    def make(user, unit_code: str = "25210", **fields) -> registry.Person:
        values = {"family_name": "Nguyễn", "middle_name": "Văn", "given_name": "Hùng"}
        values.update(fields)
        person = registry.Person(unit=Unit.objects.get(code=unit_code), **values)
        return save_person(person, user, "test", m2m={"categories": [code("person_category")]})

    return make


@pytest.fixture
def full_person(officer_a, make_person):
    """A profile with every field group and one row of every part, then changed once."""
    person = make_person(
        officer_a,
        other_names="Hùng Nguyễn",
        birth_date=datetime.date(1985, 4, 12),
        gender="male",
        ethnic_group=code("ethnic_group"),
        nationality=code("country"),
        personal_id="075085000123",
        old_id_number="271234567",
        email="hung@old.example.vn",
        phone="0909123456",
        address="12 Võ Thị Sáu, Đồng Xoài",
        keywords="vật liệu nano",
        orcid="0000-0002-1825-0097",
        scopus_id="57200000000",
        source="hồ sơ giấy",
    )
    person.st_fields.set([code("st_field")])
    person.strategic_technologies.set([code("strategic_technology")])
    with recording(officer_a, "every part"):
        registry.Qualification.objects.create(
            person=person,
            level=code("qualification_level"),
            degree=code("degree"),
            major="Khoa học vật liệu",
            institution="ĐH Bách khoa",
            country=code("country"),
            year=2012,
        )
        registry.AcademicTitle.objects.create(
            person=person, title=code("academic_title"), year=2020
        )
        registry.LanguageSkill.objects.create(
            person=person, language=code("language"), level=code("language_level")
        )
        registry.Employment.objects.create(
            person=person,
            organization="Công ty Vật liệu Mới",
            position="Trưởng phòng R&D",
            sector="private",
            start=datetime.date(2015, 1, 1),
        )
        registry.Publication.objects.create(
            person=person, title="Graphene coatings", doi="10.1000/xyz", year=2021
        )
        registry.Patent.objects.create(
            person=person, title="Lớp phủ chống ăn mòn", kind="patent", status="granted"
        )
        registry.STProject.objects.create(
            person=person, title="Đề tài vật liệu xanh", role="leader", level="city"
        )
        registry.Award.objects.create(person=person, name="Giải thưởng Sáng tạo", year=2022)
        registry.TrainingRecord.objects.create(
            person=person, title="Quản trị đổi mới sáng tạo", hours=40
        )
        registry.SkillAssessment.objects.create(
            person=person, kind="it", result="Đạt", score=decimal.Decimal("8.50")
        )
    person.email = "hung@new.example.vn"
    save_person(person, officer_a, "new e-mail")
    return person
