"""Opportunities, rules and people for the opportunities tests, made through the services."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from hientai.opportunities import services
from hientai.opportunities.models import EligibilityRule, Opportunity
from hientai.orgs.models import Unit
from hientai.registry.models import Employment, LanguageSkill
from tests.talent.conftest import code, create_person

ON = datetime.date(2026, 6, 1)
NOW = timezone.make_aware(datetime.datetime(2026, 6, 1, 9, 0))


def make_opportunity(user, unit="26041", *, rules=(), deadline=datetime.date(2026, 9, 30),
                     published=False, keywords="bán dẫn", title="Học bổng bán dẫn Nhật Bản",
                     fields=()):  # fmt: skip
    opportunity = Opportunity(
        title=title, kind="scholarship", source_kind="embassy",
        source_name="Đại sứ quán Nhật Bản", country=code("country", "JP"), keywords=keywords,
        deadline=deadline, eligibility="Dưới 45 tuổi, có bằng thạc sĩ", published=published,
        unit=Unit.objects.get(code=unit),
    )  # fmt: skip
    return services.save_opportunity(
        user, opportunity, rules=EligibilityRule.objects.filter(key__in=rules),
        st_fields=[code("st_field", c) for c in fields],
    )  # fmt: skip


def semiconductor_person(unit: str, given: str, *, birth_year=1984, degree="thac_si",
                         email="", language=""):  # fmt: skip
    person = create_person(
        unit, "Trần", "Văn", given, birth_year=birth_year, keywords="thiết kế vi mạch bán dẫn",
        degree=degree, major="Vi điện tử",
    )  # fmt: skip
    if email:
        person.email = email
        person.save()
    if language:
        LanguageSkill.objects.create(
            person=person, language=code("language", "en"), level=code("language_level", language)
        )
    Employment.objects.create(
        person=person, unit=Unit.objects.get(code=unit), sector="public",
        start=datetime.date(2015, 1, 1),
    )  # fmt: skip
    return person


@pytest.fixture
def ward_people(db):
    return {
        "a": semiconductor_person("25210", "Antoàn", email="a@example.vn"),
        "b": semiconductor_person("26041", "Bình", email="binh@example.vn", language="B2"),
        "b_old": semiconductor_person("26041", "Cường", birth_year=1970),
    }
