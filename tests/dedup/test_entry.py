"""The entry-time check: keys kept on save, likely matches across units on the profile
form and when an import is checked."""

import datetime

from django.urls import reverse

from hientai.dedup.models import PersonKey
from hientai.dedup.services import likely_matches, rebuild_keys
from hientai.exchange.importer import import_people
from hientai.orgs.models import Unit
from hientai.registry.models import Person
from tests.exchange.import_support import write_rows_csv


def test_keys_follow_saves_and_deletes(make_person, officer_a):
    person = make_person(officer_a, birth_date=datetime.date(1990, 2, 1), phone="0912345678")
    keys = set(PersonKey.objects.filter(person=person).values_list("key", flat=True))
    assert {"p:0912345678", "n:nguyen|hung|1990", "d:hung|1990-02-01"} <= keys
    assert rebuild_keys() == PersonKey.objects.count()
    person.delete()
    assert not PersonKey.objects.exists()


def test_likely_matches_across_units(make_person, officer_a, officer_b):
    there = make_person(officer_b, unit_code="26041", birth_date=datetime.date(1990, 2, 1))
    make_person(officer_b, unit_code="26041", given_name="Nam", birth_year=1991)
    found = likely_matches(
        {"full_name": "HUNG NGUYEN VAN", "birth_date": "01/02/1990", "gender": "Nam"}
    )
    assert [pk for pk, _strength, _kinds in found] == [there.pk]
    assert set(found[0][2]) >= {"n", "d"}


def test_profile_form_shows_likely_matches_then_saves_when_confirmed(
    make_person, officer_a, officer_b, login
):
    make_person(officer_b, unit_code="26041", birth_date=datetime.date(1990, 2, 1))
    client = login(officer_a)
    data = {
        "unit": Unit.objects.get(code="25210").pk,
        "family_name": "Nguyen",
        "middle_name": "Van",
        "given_name": "Hung",
        "birth_date": "1990-02-01",
        "gender": "male",
        "status": "active",
        **{f"{p}-TOTAL_FORMS": "0" for p in ("qualifications", "employments", "trainings")},
        **{f"{p}-INITIAL_FORMS": "0" for p in ("qualifications", "employments", "trainings")},
    }
    response = client.post(reverse("registry:person_create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "entry-matches" in page
    assert Person.objects.count() == 1
    response = client.post(reverse("registry:person_create"), {**data, "confirm_new": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Person.objects.count() == 2


def test_import_check_warns_of_likely_matches(make_person, officer_b, coordinator, tmp_path):
    existing = make_person(officer_b, unit_code="26041", birth_date=datetime.date(1990, 2, 1))
    path = write_rows_csv(
        tmp_path / "list.csv",
        ["Đơn vị quản lý", "Họ và tên", "Ngày sinh", "Giới tính"],
        [["25210", "Nguyễn Văn Hùng", "01/02/1990", "Nam"]],
    )
    result = import_people(path, user=coordinator, dry_run=True)
    messages = [finding.message for finding in result.findings]
    assert any(f"{existing.pk}" in message and "26041" in message for message in messages), messages


def test_matches_outside_scope_are_not_named(make_person, officer_a, officer_b, login, tmp_path):
    """A ward officer learns that a likely match exists in another unit, never who or where
    (issue 12's no-oracle rule), on the profile form and in the import check."""
    existing = make_person(officer_b, unit_code="26041", birth_date=datetime.date(1990, 2, 1))
    path = write_rows_csv(
        tmp_path / "list.csv",
        ["Đơn vị quản lý", "Họ và tên", "Ngày sinh", "Giới tính"],
        [["25210", "Nguyễn Văn Hùng", "01/02/1990", "Nam"]],
    )
    result = import_people(path, user=officer_a, dry_run=True)
    messages = [finding.message for finding in result.findings]
    assert any("outside your scope" in m or "ngoài phạm vi" in m for m in messages), messages
    assert not any("26041" in m or str(existing.pk) in m for m in messages), messages
    client = login(officer_a)
    data = {
        "unit": Unit.objects.get(code="25210").pk,
        "family_name": "Nguyen",
        "middle_name": "Van",
        "given_name": "Hung",
        "birth_date": "1990-02-01",
        "gender": "male",
        "status": "active",
        **{f"{p}-TOTAL_FORMS": "0" for p in ("qualifications", "employments", "trainings")},
        **{f"{p}-INITIAL_FORMS": "0" for p in ("qualifications", "employments", "trainings")},
    }
    page = client.post(reverse("registry:person_create"), data).content.decode()
    assert "entry-matches" in page
    assert "Trấn Biên" not in page.split("entry-matches")[1].split("</section>")[0]
