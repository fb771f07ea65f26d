"""The bulk loader (all or nothing, every part, no versions, one hook call) and the demo
command's generated profiles."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction

from hientai.accounts.models import User
from hientai.demo.generator import generate_people
from hientai.registry import models as m
from hientai.registry import services
from hientai.registry.bulk import BulkLoadError, load_people

TODAY = datetime.date(2026, 11, 20)
PART_MODELS = [
    (m.Qualification, "qualifications"),
    (m.AcademicTitle, "academic_titles"),
    (m.LanguageSkill, "languages"),
    (m.Employment, "employments"),
    (m.Publication, "publications"),
    (m.Patent, "patents"),
    (m.STProject, "projects"),
    (m.Award, "awards"),
    (m.TrainingRecord, "trainings"),
    (m.SkillAssessment, "assessments"),
]

pytestmark = pytest.mark.django_db


@pytest.fixture
def bulk_hook_calls():
    """A real after-bulk-load hook that counts its calls (removed afterwards)."""
    calls: list[int] = []

    def hook() -> None:
        calls.append(m.Person.objects.count())

    services.register_after_bulk_load(hook)
    yield calls
    services._after_bulk_hooks.remove(hook)


def _nothing_written() -> bool:
    tables = [m.Person, m.StatusPeriod, *(model for model, _ in PART_MODELS)]
    return not any(model.objects.exists() for model in tables)


def test_load_people_writes_people_with_all_their_parts(bulk_hook_calls):
    records = list(generate_people(400, seed=11, today=TODAY))
    assert load_people(records, batch_size=150) == 400
    assert m.Person.objects.count() == 400
    assert bulk_hook_calls == [400], "the hooks run once, after the load"
    for model, name in PART_MODELS:
        expected = sum(len(getattr(r, name)) for r in records)
        assert model.objects.count() == expected, name
    assert m.Publication.objects.exists() and m.TrainingRecord.objects.exists()
    assert m.StatusPeriod.objects.count() == 400
    for name in ("categories", "st_fields", "strategic_technologies"):
        through = getattr(m.Person, name).through
        assert through.objects.count() == sum(len(set(getattr(r, name))) for r in records)
    assert not m.ProfileVersion.objects.exists(), "bulk loads bypass versioning"

    by_source = {p.source: p for p in m.Person.objects.select_related("unit", "ethnic_group")}
    for record in records[:50]:
        person = by_source[record.source]
        assert person.full_name == record.full_name
        assert person.unit.code == record.unit_code
        assert person.birth_year == record.birth_year and person.birth_date == record.birth_date
        assert person.personal_id == record.personal_id
        assert (person.ethnic_group.code if person.ethnic_group else "") == record.ethnic_group
        assert person.status == record.status and person.created_at is not None
        assert sorted(person.categories.values_list("code", flat=True)) == sorted(
            set(record.categories)
        )
        period = person.status_periods.get()
        assert (period.status, period.effective_from) == (record.status, record.status_since)
        assert person.employments.count() == len(record.employments)
    leaders = m.Employment.objects.filter(leadership_level__in=["division", "unit"])
    assert leaders.exists()
    assert not leaders.filter(is_division_leader_or_above=False).exists()
    assert not m.Employment.objects.filter(
        leadership_level="", is_division_leader_or_above=True
    ).exists()
    scores = m.SkillAssessment.objects.exclude(score=None)
    assert scores.exists() and all(0 < s.score <= 1000 for s in scores)
    # The status timeline answers as-of questions for bulk-loaded people too.
    assert m.Person.objects.with_status_on(TODAY).count() > 300


def test_an_unknown_unit_rejects_the_whole_load(bulk_hook_calls):
    records = list(generate_people(300, seed=12, today=TODAY))
    records[249].unit_code = "no-such-unit"
    with pytest.raises(BulkLoadError) as caught:
        load_people(records, batch_size=100)  # two batches were written before the bad one
    assert "250" in str(caught.value) and "no-such-unit" in str(caught.value)
    assert "Dòng 250" in str(caught.value)
    assert _nothing_written()
    assert bulk_hook_calls == []


def test_an_unknown_code_rejects_the_whole_load():
    records = list(generate_people(120, seed=13, today=TODAY))
    records[-1].categories.append("astronaut")
    with pytest.raises(BulkLoadError) as caught:
        load_people(records, batch_size=50)
    assert "astronaut" in str(caught.value) and "person_category" in str(caught.value)
    assert _nothing_written()


def test_a_personal_id_already_in_the_registry_rejects_the_whole_load():
    load_people(generate_people(30, seed=14, today=TODAY))
    records = list(generate_people(60, seed=15, today=TODAY))
    records[45].personal_id = m.Person.objects.exclude(personal_id="").first().personal_id
    with pytest.raises(IntegrityError), transaction.atomic():
        load_people(records)
    assert m.Person.objects.count() == 30


def test_load_works_without_any_hook():
    saved = list(services._after_bulk_hooks)
    services._after_bulk_hooks.clear()
    try:
        assert load_people(generate_people(20, seed=16, today=TODAY)) == 20
    finally:
        services._after_bulk_hooks.extend(saved)


def test_demo_loads_people_once_and_links_the_expert(capsys):
    call_command("demo", "--people", "300")
    first = capsys.readouterr().out
    assert m.Person.objects.count() == 300
    expert = User.objects.get(username="chuyengia")
    profile = m.Person.objects.get(user=expert)
    assert profile.full_name == "Đặng Quốc Bảo"
    assert {"scientist", "expert"} & set(profile.categories.values_list("code", flat=True))
    assert "chuyengia" in first and "300" in first

    call_command("demo", "--people", "300")
    second = capsys.readouterr().out
    assert m.Person.objects.count() == 300, "a second run adds nothing"
    assert m.Person.objects.get(user=expert).pk == profile.pk
    assert "chuyengia" in second and "hientai-demo-2026" in second

    call_command("demo", "--if-empty")
    assert m.Person.objects.count() == 300


def test_demo_rejects_a_bad_people_count():
    with pytest.raises(CommandError) as caught:
        call_command("demo", "--people", "nhiều")
    assert "--people phải là số nguyên" in str(caught.value)
    assert not m.Person.objects.exists()
