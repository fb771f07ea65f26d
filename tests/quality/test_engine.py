"""Running the rules: stored issues, scores, idempotence, hooks, batch efficiency."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from hientai.orgs.models import Unit
from hientai.quality.engine import run_batch, run_for
from hientai.quality.models import QualityIssue
from hientai.quality.scores import profile_score
from hientai.quality.services import issues_for
from hientai.registry import services as registry_services
from hientai.registry.models import Person, ProfileVersion
from tests.quality.conftest import make_person

pytestmark = pytest.mark.django_db


def _issues(person: Person) -> list[tuple]:
    return sorted(
        QualityIssue.objects.filter(person=person).values_list(
            "rule", "family", "severity", "field", "suggested", "detected_at"
        )
    )


def test_run_for_stores_issues_and_score():
    person = make_person(given_name="HÙNG", phone="", email="")
    scores = run_for([person.pk])
    person.refresh_from_db()
    # one warning (casing) + one warning (no contact): 100 - 2 × 3
    assert scores == {person.pk: 94}
    assert person.quality_score == 94
    assert {issue[0] for issue in _issues(person)} == {"clean.name.casing", "complete.contact"}


def test_score_formula_weights_errors_and_floors_at_zero():
    class F:
        def __init__(self, severity):
            self.severity = severity

    assert profile_score([]) == 100
    assert profile_score([F("error"), F("warning"), F("warning")]) == 84
    assert profile_score([F("error")] * 11) == 0


def test_rerunning_is_idempotent_and_keeps_first_detection_time():
    person = make_person(given_name="HÙNG", personal_id="", old_id_number="12")
    run_for([person.pk])
    first = _issues(person)
    run_for([person.pk])
    run_batch()
    assert _issues(person) == first
    assert QualityIssue.objects.filter(person=person).count() == len(first)


def test_a_fixed_profile_loses_its_issue():
    person = make_person(given_name="HÙNG")
    run_for([person.pk])
    Person.objects.filter(pk=person.pk).update(given_name="Hùng")
    run_for([person.pk])
    person.refresh_from_db()
    assert not QualityIssue.objects.filter(person=person).exists()
    assert person.quality_score == 100


def test_scores_are_written_without_a_profile_version():
    person = make_person(email="")
    versions = ProfileVersion.objects.filter(person=person).count()
    updated_at = person.updated_at
    run_for([person.pk])
    person.refresh_from_db()
    assert ProfileVersion.objects.filter(person=person).count() == versions
    assert person.updated_at == updated_at


def test_renaming_a_duplicate_clears_the_other_profile_too():
    first = make_person()
    second = make_person(family_name="NGUYỄN", given_name="an")
    run_for([first.pk])
    assert QualityIssue.objects.filter(person=second, rule="clean.duplicate.name").exists()
    Person.objects.filter(pk=first.pk).update(given_name="Bình")
    run_for([first.pk])
    assert not QualityIssue.objects.filter(rule="clean.duplicate.name").exists()


def test_saving_through_the_registry_runs_the_checks(officer_a, django_capture_on_commit_callbacks):
    person = Person(
        unit=Unit.objects.get(code="25210"), family_name="trần", given_name="Bình", gender="female"
    )
    with django_capture_on_commit_callbacks(execute=True):
        registry_services.save_person(person, officer_a, reason="test")
    person.refresh_from_db()
    rules = set(QualityIssue.objects.filter(person=person).values_list("rule", flat=True))
    assert {"clean.name.casing", "complete.birth", "complete.category"} <= rules
    assert person.quality_score is not None and person.quality_score < 100


def test_bulk_load_hook_checks_everyone():
    people = [make_person(middle_name=middle, given_name="HÙNG") for middle in ("Văn", "Minh")]
    registry_services.run_after_bulk_load()
    for person in people:
        person.refresh_from_db()
        assert person.quality_score == 97
        assert QualityIssue.objects.filter(person=person, rule="clean.name.casing").exists()


def test_batch_over_a_unit_leaves_other_units_alone():
    mine = make_person(given_name="HÙNG")
    theirs = make_person(unit="26041", given_name="HÙNG")
    report = run_batch(Unit.objects.get(code="25210"))
    assert report.people == 1
    assert report.by_rule == {"clean.name.casing": 1}
    assert report.by_family == {"clean": 1}
    assert report.average_score == 97
    assert QualityIssue.objects.filter(person=mine).exists()
    assert not QualityIssue.objects.filter(person=theirs).exists()


def test_batch_queries_do_not_grow_with_the_number_of_profiles():
    def queries_for(unit: str, count: int) -> int:
        for _ in range(count):
            make_person(unit=unit, given_name="HÙNG", phone="0912 345 678")
        with CaptureQueriesContext(connection) as captured:
            run_batch(Unit.objects.get(code=unit))
        return len(captured)

    assert queries_for("26041", 30) == queries_for("25210", 3)


def test_issues_for_gives_vietnamese_explanations():
    person = make_person(given_name="HÙNG", birth_date=datetime.date(1980, 5, 1))
    run_for([person.pk])
    with translation.override("vi"):
        explanations = issues_for(person)
    assert len(explanations) == 1
    item = explanations[0]
    assert item.family_label == "Sạch"
    assert item.severity_label == "Cảnh báo"
    assert "chưa viết hoa chữ cái đầu" in item.message
    assert item.suggested == "Hùng"


def test_batch_and_single_checks_agree():
    """The preloaded batch path and the lazy one-profile path give the same findings."""
    from hientai.quality.engine import check_person
    from tests.quality.test_rules import FIRE

    people = [case.build() for case in FIRE[::3]]
    run_batch(Person.objects.filter(pk__in=[person.pk for person in people]))
    for person in people:
        fresh = Person.objects.get(pk=person.pk)
        lazy = sorted((f.rule, f.field, f.suggested) for f in check_person(fresh))
        stored = sorted(
            QualityIssue.objects.filter(person=person).values_list("rule", "field", "suggested")
        )
        assert lazy == stored, person
