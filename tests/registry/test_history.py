"""Every change is versioned in the same transaction; as-of reads return the old state."""

import datetime

import pytest
from django.utils import timezone

from hientai.catalogs.models import Code
from hientai.registry.history import as_of, recording
from hientai.registry.models import Person, ProfileVersion, Qualification, StatusPeriod
from hientai.registry.services import change_status, save_person, status_on

pytestmark = pytest.mark.django_db


def _backdate(person: Person, days: int) -> None:
    """Move the profile and its versions `days` into the past (as if made back then)."""
    delta = datetime.timedelta(days=days)
    Person.objects.filter(pk=person.pk).update(created_at=person.created_at - delta)
    for version in ProfileVersion.objects.filter(person=person):
        ProfileVersion.objects.filter(pk=version.pk).update(at=version.at - delta)
    person.refresh_from_db()


def test_creating_a_profile_writes_a_version_with_who_and_why(officer_a, make_person):
    person = make_person(officer_a)
    version = ProfileVersion.objects.get(person=person, entity="person", action="create")
    assert version.user == officer_a and version.reason == "test"
    assert version.after["family_name"] == "Nguyễn" and version.before is None
    assert StatusPeriod.objects.filter(person=person, status="active").exists()


def test_editing_creates_a_version_and_as_of_returns_the_old_value(officer_a, make_person):
    person = make_person(officer_a, email="hung@old.vn")
    _backdate(person, 30)
    person.email = "hung@new.vn"
    save_person(person, officer_a, "new e-mail address")
    change = ProfileVersion.objects.filter(person=person, action="update").latest("at")
    assert change.before["email"] == "hung@old.vn" and change.after["email"] == "hung@new.vn"
    assert change.changed_fields() == ["email"] and change.reason == "new e-mail address"
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    assert as_of(person, last_week).person["email"] == "hung@old.vn"
    assert as_of(person, timezone.localdate()).person["email"] == "hung@new.vn"
    assert as_of(person, timezone.localdate() - datetime.timedelta(days=60)) is None


def test_parts_and_codes_are_versioned_and_read_as_of(officer_a, make_person):
    person = make_person(officer_a)
    doctorate = Code.objects.get(scheme__key="degree", code="tien_si")
    with recording(officer_a, "diploma"):
        qualification = Qualification.objects.create(person=person, degree=doctorate, year=2015)
    _backdate(person, 10)
    scientist = Code.objects.get(scheme__key="person_category", code="scientist")
    with recording(officer_a, "recategorised"):
        person.categories.add(scientist)
        qualification.delete()
    yesterday_week = timezone.localdate() - datetime.timedelta(days=5)
    old = as_of(person, yesterday_week)
    assert [row["degree_id"] for row in old.parts["qualification"]] == [doctorate.pk]
    assert scientist.pk not in old.person["categories"]
    now = as_of(person, timezone.localdate())
    assert now.parts["qualification"] == [] and scientist.pk in now.person["categories"]
    deleted = ProfileVersion.objects.get(entity="qualification", action="delete")
    assert deleted.user == officer_a and deleted.reason == "recategorised"


def test_saving_without_changes_writes_no_version(officer_a, make_person):
    person = make_person(officer_a)
    before = ProfileVersion.objects.count()
    save_person(person, officer_a, "no-op")
    assert ProfileVersion.objects.count() == before


def test_status_timeline(officer_a, make_person):
    person = make_person(officer_a)
    StatusPeriod.objects.filter(person=person).update(effective_from=datetime.date(2020, 1, 1))
    change_status(person, "overseas", datetime.date(2026, 7, 1), officer_a, "postdoc in Japan")
    assert status_on(person, datetime.date(2026, 6, 30)) == "active"
    assert status_on(person, datetime.date(2026, 7, 1)) == "overseas"
    person.refresh_from_db()
    assert person.status == "overseas"


def test_status_must_move_forward(officer_a, make_person):
    from django.core.exceptions import ValidationError

    person = make_person(officer_a)
    with pytest.raises(ValidationError):
        change_status(person, "retired", datetime.date(2000, 1, 1), officer_a)
    assert person.status_periods.count() == 1
