"""Breakdowns of a computed indicator: gender, under 45, ethnic minority, sector, technology."""

import datetime

import pytest

from hientai.catalogs.models import Code
from hientai.indicators.services import IndicatorError, breakdown
from hientai.orgs.models import Unit
from hientai.registry.history import recording

TRAINED = datetime.date(2025, 6, 1)


@pytest.fixture
def staff(make_person):
    return [
        make_person(gender="female", trainings=(("digital_skills", TRAINED),)),
        make_person(gender="female"),
        make_person(gender="male", birth_year=1960, trainings=(("management", TRAINED),)),
        make_person(gender="male", ethnic="05", sector="private"),
        make_person("26041", gender="female", trainings=(("digital_skills", TRAINED),)),
    ]


def rows(indicator, by, unit_code="25210", period="2025"):
    return {
        row.key: (
            int(row.numerator),
            None if row.denominator is None else int(row.denominator),
            None if row.value is None else float(row.value),
        )
        for row in breakdown(indicator, period, Unit.objects.get(code=unit_code), by)
    }


def test_breakdowns_split_numerator_and_denominator(staff, trained_share):
    assert rows(trained_share, "gender") == {"female": (1, 2, 50), "male": (1, 2, 50)}
    assert rows(trained_share, "under_45") == {
        "under_45": (1, 3, pytest.approx(33.33, 0.01)),
        "45_plus": (1, 1, 100),
    }
    assert rows(trained_share, "ethnic_minority") == {
        "kinh": (2, 3, pytest.approx(66.67, 0.01)),
        "minority": (0, 1, 0),
    }
    assert rows(trained_share, "sector") == {
        "public": (2, 3, pytest.approx(66.67, 0.01)),
        "private": (0, 1, 0),
        "fdi": (0, 0, None),
        "overseas": (0, 0, None),
    }
    city = rows(trained_share, "gender", unit_code="75")
    assert city["female"] == (2, 3, pytest.approx(66.67, 0.01))


def test_breakdown_by_technology_group(make_person, make_indicator):
    person = make_person(categories=("intellectual",))
    with recording(None, "test"):
        person.strategic_technologies.set(
            Code.objects.filter(scheme__key="strategic_technology", code="digital.llm")[:1]
        )
    from hientai.registry.models import ProfileVersion

    ProfileVersion.objects.update(at=person.versions.order_by("at").first().at)
    make_person(categories=("intellectual",))
    share = make_indicator(
        "T.TECH",
        {
            "numerator": {"strategic_technology": True},
            "denominator": {"category": ["intellectual"]},
        },
    )
    assert rows(share, "technology_group") == {"digital": (1, 1, 100)}


@pytest.mark.usefixtures("in_december_2026")
def test_breakdown_keeps_as_of_semantics(staff, trained_share):
    before = rows(trained_share, "gender")
    with recording(None, "test: after the period end"):
        staff[1].gender = "male"
        staff[1].save()
    assert rows(trained_share, "gender") == before
    assert rows(trained_share, "gender", period="2026")["male"][1] == 3


def test_bad_breakdowns(staff, trained_share, make_indicator, vietnamese):
    with pytest.raises(IndicatorError, match="Không có cách phân tổ"):
        breakdown(trained_share, "2025", Unit.objects.get(code="75"), "colour")
    reported = make_indicator("T.REP")
    with pytest.raises(IndicatorError, match="Chỉ phân tổ được"):
        breakdown(reported, "2025", Unit.objects.get(code="75"), "gender")
