"""The admin writes through `registry.services` (scope of the target unit, audit row,
re-index, re-check) and shows a person masked and logged like the profile page."""

import pytest

from hientai.core.models import AuditEntry
from hientai.orgs.models import Unit
from hientai.quality.models import QualityIssue
from hientai.registry.models import Person, ProfileVersion, SensitiveAccess
from hientai.search.engine import search_people
from tests.conftest import UNIT_A, UNIT_B
from tests.form_support import form_data

pytestmark = pytest.mark.django_db
PERSONAL_ID = "075085000123"


def _change_url(person: Person) -> str:
    return f"/admin/registry/person/{person.pk}/change/"


def test_admin_edit_reindexes_search_and_rechecks_quality(
    administrator, officer_a, make_person, login, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = make_person(officer_a, family_name="Nguyễn", given_name="Hùng")
    assert search_people(administrator, "nguyen hung").total == 1
    assert not QualityIssue.objects.filter(person=person, rule="clean.name.casing").exists()
    client = login(administrator)
    data = form_data(client.get(_change_url(person)).content.decode())
    data["family_name"] = ["lò"]  # wrong casing: the quality engine must notice
    data["given_name"] = ["Thắm"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_change_url(person), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.given_name == "Thắm"
    # Re-indexed: the new name is found, the old one is gone.
    assert search_people(administrator, "tham").total == 1
    assert search_people(administrator, "nguyen hung").total == 0
    # Re-checked: the casing finding appears and the score drops.
    assert QualityIssue.objects.filter(person=person, rule="clean.name.casing").exists()
    assert person.quality_score is not None and person.quality_score < 100
    # Versioned and audited as the administrator, through the admin channel.
    assert ProfileVersion.objects.filter(person=person, user=administrator).exists()
    entry = AuditEntry.objects.get(person_id=person.pk, channel="admin")
    assert entry.actor == administrator and entry.action == "update"
    assert entry.after["given_name"] == "Thắm" and entry.before["given_name"] == "Hùng"


def test_administrators_view_of_a_person_in_the_admin_is_logged(
    administrator, officer_a, make_person, login
):
    person = make_person(officer_a, personal_id=PERSONAL_ID, phone="0912345678")
    page = login(administrator).get(_change_url(person))
    assert page.status_code == 200
    assert PERSONAL_ID in page.content.decode()
    access = SensitiveAccess.objects.get(person=person, user=administrator, channel="admin")
    assert "personal_id" in access.fields and "phone" in access.fields
    assert access.person_ref == person.pk and access.person_label == person.full_name


def test_admin_changelist_shows_no_sensitive_values(administrator, officer_a, make_person, login):
    make_person(officer_a, personal_id=PERSONAL_ID)
    page = login(administrator).get("/admin/registry/person/").content.decode()
    assert PERSONAL_ID not in page
    assert not SensitiveAccess.objects.exists()


def test_profile_version_page_in_the_admin_is_logged(administrator, officer_a, make_person, login):
    person = make_person(officer_a)
    person.personal_id = PERSONAL_ID
    from hientai.registry.services import save_person

    save_person(person, officer_a, "số định danh")
    version = ProfileVersion.objects.filter(person=person, action="update").latest("pk")
    page = login(administrator).get(f"/admin/registry/profileversion/{version.pk}/change/")
    assert page.status_code == 200 and PERSONAL_ID in page.content.decode()
    assert SensitiveAccess.objects.filter(
        person=person, user=administrator, channel="admin", fields__contains="personal_id"
    ).exists()


def test_admin_delete_goes_through_the_service(administrator, officer_a, make_person, login):
    person = make_person(officer_a)
    pk = person.pk
    response = login(administrator).post(f"/admin/registry/person/{pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=pk).exists()
    entry = AuditEntry.objects.get(person_id=pk, action="delete")
    assert entry.actor == administrator and entry.object_label == person.full_name
    assert entry.unit_code == UNIT_A


def test_administrator_moves_a_person_between_units(administrator, officer_a, make_person, login):
    """The same form an officer may not use: the administrator is city-wide."""
    person = make_person(officer_a)
    client = login(administrator)
    data = form_data(client.get(_change_url(person)).content.decode())
    data["unit"] = [str(Unit.objects.get(code=UNIT_B).pk)]
    assert client.post(_change_url(person), data).status_code == 302
    assert Person.objects.get(pk=person.pk).unit.code == UNIT_B
