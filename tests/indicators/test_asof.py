"""As-of semantics: a period is evaluated as the registry stood at its end, so a profile
changed afterwards does not change that period's value."""

import datetime

import pytest
from django.utils import timezone

from hientai.catalogs.models import Code
from hientai.indicators.asof import changed_after, states_as_of
from hientai.indicators.services import evaluate
from hientai.orgs.models import Unit
from hientai.registry.history import as_of, recording
from hientai.registry.models import Person, StatusPeriod, TrainingRecord

PAST_TRAINING = datetime.date(2025, 4, 10)


@pytest.fixture
def ward(db):
    return Unit.objects.get(code="25210")


def value(indicator, period, unit):
    return evaluate(period, units=[unit], indicators=[indicator])[0]


@pytest.mark.usefixtures("in_december_2026")
def test_a_profile_changed_after_the_period_end_keeps_that_period_value(
    make_person, trained_share, ward
):
    trained = make_person(trainings=(("digital_skills", PAST_TRAINING),))
    untrained = make_person()
    make_person(gender="female")
    leaver = make_person()
    before = value(trained_share, "2025", ward)
    assert (before.numerator, before.denominator) == (1, 4)

    # Today (after 31/12/2025): one training deleted, one added, one person left the city,
    # one moved to another unit, one stopped being public staff.
    with recording(None, "test: changes after the period end"):
        TrainingRecord.objects.filter(person=trained).delete()
        TrainingRecord.objects.create(
            person=untrained,
            topic=Code.objects.filter(scheme__key="training_topic").first(),
            start=PAST_TRAINING,
            end=PAST_TRAINING,  # back-dated: typed in today, so not known at the period end
        )
        period = StatusPeriod.objects.get(person=leaver)
        period.effective_to = datetime.date(2025, 12, 31)
        period.save()
        StatusPeriod.objects.create(
            person=leaver, status="moved_out", effective_from=datetime.date(2026, 1, 1)
        )
        untrained.unit = Unit.objects.get(code="26041")
        untrained.save()
        untrained.categories.remove(
            Code.objects.get(scheme__key="person_category", code="public_staff")
        )
    assert changed_after(datetime.date(2025, 12, 31)) == {trained.pk, untrained.pk, leaver.pk}

    after = value(trained_share, "2025", ward)
    assert (after.numerator, after.denominator, after.value) == (
        before.numerator,
        before.denominator,
        before.value,
    )
    # The current year (its end is still ahead) sees today's registry.
    now = value(trained_share, "2026", ward)
    assert now.denominator == 2  # the leaver and the moved person are gone


@pytest.mark.usefixtures("in_december_2026")
def test_a_profile_created_after_the_period_end_is_not_counted(make_person, trained_share, ward):
    make_person()
    newcomer = make_person()
    newcomer.versions.update(at=timezone.now())  # typed in today, with all its parts
    assert value(trained_share, "2025", ward).denominator == 1
    assert value(trained_share, "2026", ward).denominator == 2


def test_rebuilt_state_matches_history_as_of(make_person):
    person = make_person(trainings=(("digital_skills", PAST_TRAINING),))
    with recording(None, "test"):
        person.gender = "female"
        person.save()
        TrainingRecord.objects.filter(person=person).delete()
    day = datetime.date(2025, 12, 31)
    rebuilt = states_as_of({person.pk}, day)[person.pk]
    reference = as_of(Person.objects.get(pk=person.pk), day)
    assert rebuilt.person["gender"] == reference.person["gender"] == "male"
    assert len(rebuilt.parts["trainingrecord"]) == len(reference.parts["trainingrecord"]) == 1
