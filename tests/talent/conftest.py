"""Crafted profiles for the expert finder, made with the real models, then indexed."""

from __future__ import annotations

import datetime

import pytest

from hientai.catalogs.models import Code
from hientai.orgs.models import Unit
from hientai.registry.models import Employment, Person, Publication, Qualification, STProject
from hientai.talent.indexer import reindex_people

UNIT_A = "25210"
UNIT_B = "26041"
ON = datetime.date(2026, 6, 1)


def code(scheme: str, value: str) -> Code:
    found = Code.objects.filter(scheme__key=scheme, code=value).order_by("-scheme__is_current")
    return found.first()


def create_person(
    unit: str,
    family: str,
    middle: str,
    given: str,
    *,
    birth_year: int | None = None,
    gender: str = "",
    keywords: str = "",
    st_fields: tuple[str, ...] = (),
    technologies: tuple[str, ...] = (),
    degree: str = "",
    major: str = "",
    overseas_country: str = "",
    nationality: str = "",
    publications: tuple[str, ...] = (),
    projects: tuple[str, ...] = (),
    employer: str = "",
    status: str = "active",
) -> Person:
    person = Person.objects.create(
        unit=Unit.objects.get(code=unit),
        family_name=family,
        middle_name=middle,
        given_name=given,
        gender=gender,
        birth_year=birth_year,
        keywords=keywords,
        overseas_kind="vietnamese_abroad" if overseas_country else "",
        overseas_country=code("country", overseas_country) if overseas_country else None,
        nationality=code("country", nationality) if nationality else None,
        status=status,
    )
    person.st_fields.set([code("st_field", c) for c in st_fields])
    person.strategic_technologies.set([code("strategic_technology", c) for c in technologies])
    if degree or major:
        Qualification.objects.create(
            person=person, degree=code("degree", degree) if degree else None, major=major
        )
    for title in publications:
        Publication.objects.create(person=person, title=title, year=2024)
    for title in projects:
        STProject.objects.create(person=person, title=title, role="leader")
    if employer:
        Employment.objects.create(person=person, organization=employer)
    reindex_people([person.pk])
    return person


@pytest.fixture
def make_person(db):
    return create_person


@pytest.fixture
def experts(make_person):
    """Three overseas semiconductor PhDs, near misses on each filter, and name decoys."""
    return {
        "chip_us": make_person(
            UNIT_A, "Nguyễn", "Văn", "An", birth_year=1980, degree="tien_si",
            major="Thiết kế vi mạch", keywords="vi mạch; thiết kế vi mạch",
            overseas_country="US", publications=("Low-power integrated circuit design",),
        ),
        "chip_jp": make_person(
            UNIT_B, "Trần", "Thị", "Bình", birth_year=1988, degree="tien_si",
            technologies=("semiconductor",), keywords="vật liệu bán dẫn",
            overseas_country="JP",
        ),
        "chip_de": make_person(
            "75.SKHCN", "Lê", "Minh", "Châu", birth_year=1975, degree="tien_si",
            keywords="semiconductor devices; chip packaging", overseas_country="DE",
        ),
        # Near misses: a master abroad, a PhD at home, a PhD abroad in another field.
        "chip_master": make_person(
            UNIT_A, "Phạm", "Văn", "Dũng", birth_year=1990, degree="thac_si",
            keywords="thiết kế vi mạch", overseas_country="US",
        ),
        "chip_home": make_person(
            UNIT_A, "Hoàng", "Văn", "Em", birth_year=1982, degree="tien_si",
            keywords="vi mạch tích hợp",
        ),
        "bio_abroad": make_person(
            UNIT_B, "Vũ", "Thị", "Giang", birth_year=1992, degree="tien_si",
            keywords="công nghệ sinh học; di truyền phân tử", overseas_country="AU",
            technologies=("biotechnology",),
        ),
        # Names holding the words, no such expertise.
        "ban_van_danh": make_person(
            UNIT_A, "Bàn", "Văn", "Danh", birth_year=1985, degree="tien_si",
            keywords="quản lý đất đai", overseas_country="FR",
        ),
        "mach": make_person(
            UNIT_B, "Mạch", "Thị", "Thu", birth_year=1986, keywords="kế toán",
        ),
        "ai_young": make_person(
            UNIT_B, "Đỗ", "Văn", "Khoa", birth_year=1995, degree="thac_si",
            keywords="học máy; thị giác máy tính", overseas_country="JP",
        ),
        "ai_old": make_person(
            UNIT_A, "Ngô", "Thị", "Lan", birth_year=1960, degree="tien_si",
            technologies=("digital.sector_ai",), projects=("Ứng dụng trí tuệ nhân tạo trong y tế",),
        ),
        "jp_national": make_person(
            UNIT_A, "Suzuki", "", "Daisuke", birth_year=1978, keywords="deep learning",
            nationality="JP",
        ),
        "durian": make_person(
            UNIT_B, "Lý", "Văn", "Minh", birth_year=1970,
            keywords="sầu riêng; bảo quản sau thu hoạch",
            employer="Viện Cây ăn quả miền Nam",
        ),
    }  # fmt: skip


@pytest.fixture(autouse=True)
def fresh_caches():
    """The vocabulary and organisation caches outlive a test's rolled-back transaction."""
    from hientai.talent.indexer import invalidate

    invalidate()
    yield
    invalidate()
