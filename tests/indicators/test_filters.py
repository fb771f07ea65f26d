"""The filter language: each condition as SQL and in Python gives the same people."""

import datetime

import pytest

from hientai.indicators.asof import states_as_of
from hientai.indicators.filters import (
    Codes,
    Context,
    FilterError,
    compile_q,
    matches,
    validate_definition,
    with_default_status,
)
from hientai.indicators.periods import Period
from hientai.orgs.models import Unit
from hientai.registry.models import Person
from tests.indicators.conftest import RECORDED_AT

D2025 = datetime.date(2025, 5, 1)


@pytest.fixture
def people(make_person):
    from hientai.catalogs.models import Code

    engineer = make_person(categories=("intellectual", "digital_workforce"))
    engineer.st_fields.set(Code.objects.filter(scheme__key="st_field", code="202")[:1])
    engineer.strategic_technologies.set(
        Code.objects.filter(scheme__key="strategic_technology", code="digital.llm")[:1]
    )
    engineer.versions.update(at=RECORDED_AT)  # as if typed in long ago
    return {
        "engineer": engineer,
        "trained_woman": make_person(gender="female", trainings=(("digital_skills", D2025),)),
        "old_leader": make_person(birth_year=1960, leader=True, degrees=(("tien_si", 2001),)),
        "master_2026": make_person(degrees=(("thac_si", 2026),), categories=("scientist",)),
        "minority": make_person(
            ethnic="05", categories=("teacher",), digital_skills=("Khá", D2025)
        ),
        "retired": make_person(status="retired", categories=("expert",), birth_year=1950),
        "lecturer": make_person(
            "75.SKHCN", degrees=(("thac_si", 2010),), titles=(("PGS", 2018),), sector="private"
        ),
        "trained_2024": make_person(trainings=(("management", datetime.date(2024, 3, 1)),)),
    }


SPECS = [
    {"category": ["public_staff"]},
    {"gender": "female"},
    {"age_under": 45},
    {"age_at_least": 60, "status": "any"},
    {"ethnic_minority": True},
    {"ethnic_minority": False},
    {"unit_kind": ["department"]},
    {"degree_at_least": "thac_si"},
    {"degree": ["thac_si"], "not": {"degree_at_least": "tien_si"}},
    {"academic_title": ["PGS"]},
    {"sector": ["private"]},
    {"leader": True},
    {"trained_in_period": True},
    {"training": {"topics": ["digital_skills"], "within": "ever"}},
    {"training": {"within": 2024}},
    {"digital_skills": "passed"},
    {"status": ["retired"]},
    {"any": [{"gender": "female"}, {"leader": True}]},
    {"st_field_prefix": ["2"]},
    {"strategic_technology": True},
    {"strategic_technology": ["digital"]},
    {"strategic_technology": ["semiconductor"]},
    {"category": ["intellectual", "teacher"]},
    {"degree": ["tien_si"], "degree_at_least": "thac_si"},
]


@pytest.mark.parametrize("spec", SPECS, ids=[str(s) for s in SPECS])
def test_sql_and_python_agree(people, spec):
    ctx = Context(Period(2025), Codes.load(), dict(Unit.objects.values_list("id", "kind")))
    spec = with_default_status(spec)
    in_sql = set(Person.objects.filter(compile_q(spec, ctx)).values_list("pk", flat=True))
    states = states_as_of({p.pk for p in people.values()}, ctx.day)
    in_python = {pk for pk, state in states.items() if matches(spec, state, ctx)}
    assert in_sql == in_python


def test_conditions_select_the_expected_people(people):
    ctx = Context(Period(2025), Codes.load())

    def who(spec):
        pks = set(
            Person.objects.filter(compile_q(with_default_status(spec), ctx)).values_list(
                "pk", flat=True
            )
        )
        return {name for name, person in people.items() if person.pk in pks}

    assert who({"trained_in_period": True}) == {"trained_woman"}
    assert who({"training": {"within": "ever"}}) == {"trained_woman", "trained_2024"}
    # A master's degree obtained in 2026 does not count as of the end of 2025.
    assert who({"degree_at_least": "thac_si"}) == {"old_leader", "lecturer"}
    assert who({"degree": ["thac_si"], "not": {"degree_at_least": "tien_si"}}) == {"lecturer"}
    assert who({"ethnic_minority": True}) == {"minority"}
    assert who({"digital_skills": "passed"}) == {"minority"}
    assert who({"category": ["expert"]}) == set()  # retired: not active at the period end
    assert who({"category": ["expert"], "status": "any"}) == {"retired"}
    assert who({"unit_kind": ["department"], "academic_title": ["PGS"]}) == {"lecturer"}
    assert who({"age_under": 45}) >= {"trained_woman"}
    assert "old_leader" not in who({"age_under": 45})
    ctx_2026 = Context(Period(2026), Codes.load())
    pks = set(
        Person.objects.filter(
            compile_q(with_default_status({"degree_at_least": "thac_si"}), ctx_2026)
        ).values_list("pk", flat=True)
    )
    assert people["master_2026"].pk in pks


@pytest.mark.parametrize(
    "definition",
    [
        {},
        {"numerator": {"colour": "blue"}},
        {"numerator": {}, "denominator": {"any": {"gender": "female"}}},
        {"numerator": {"age_under": "45"}},
        {"numerator": {}, "scale": 0},
    ],
)
def test_malformed_definitions_are_refused(definition, vietnamese):
    with pytest.raises(FilterError) as error:
        validate_definition(definition)
    assert str(error.value) and not str(error.value).startswith(("A ", "Unknown", "The "))


def test_indicator_clean_reports_the_definition_error(make_indicator, vietnamese):
    from django.core.exceptions import ValidationError

    indicator = make_indicator("T.BAD", {"numerator": {"colour": "blue"}})
    with pytest.raises(ValidationError) as error:
        indicator.clean()
    assert "colour" in str(error.value)


@pytest.mark.parametrize("spec", SPECS, ids=[str(s) for s in SPECS])
def test_columnar_counting_agrees_with_sql(people, spec):
    from hientai.indicators.columnar import atom_columns, combine
    from hientai.indicators.filters import Atoms

    ctx = Context(Period(2025), Codes.load(), dict(Unit.objects.values_list("id", "kind")))
    spec = with_default_status(spec)
    atoms = Atoms(ctx)
    formula = atoms.formula(spec)
    source, built = atom_columns(Person.objects.all(), atoms)
    chosen = combine(formula, built, source.size) & source.alive
    in_sql = set(Person.objects.filter(compile_q(spec, ctx)).values_list("pk", flat=True))
    assert {int(pk) for pk in chosen.nonzero()[0]} == in_sql
