"""Scope on every write checks the TARGET unit, not only the row's current unit: an officer
re-posting a form (web, admin) with another unit's id is refused and nothing changes."""

import pytest
from django.core.exceptions import PermissionDenied

from hientai.core.models import AuditEntry
from hientai.orgs.models import Unit
from hientai.registry.models import Person
from hientai.registry.services import save_person
from tests.conftest import UNIT_A, UNIT_B
from tests.form_support import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_b_id(db) -> str:
    return str(Unit.objects.get(code=UNIT_B).pk)


def _state(person: Person) -> tuple:
    row = Person.objects.get(pk=person.pk)
    return row.unit.code, row.family_name, row.given_name


def test_web_edit_form_refuses_another_units_id(officer_a, make_person, login, unit_b_id):
    person = make_person(officer_a)
    before = _state(person)
    audit_rows = AuditEntry.objects.count()
    client = login(officer_a)
    data = form_data(client.get(f"/people/{person.pk}/edit/").content.decode())
    assert data["unit"] == [str(person.unit_id)]
    data["unit"] = [unit_b_id]
    data["given_name"] = ["Đổi"]
    response = client.post(f"/people/{person.pk}/edit/", data)
    assert response.status_code == 200  # the form again, with the error
    assert _state(person) == before
    assert AuditEntry.objects.count() == audit_rows


def test_web_add_form_refuses_another_units_id(officer_a, login, unit_b_id):
    client = login(officer_a)
    data = form_data(client.get("/people/new/").content.decode())
    data.update(family_name=["Trần"], given_name=["Lạ"], gender=["male"], unit=[unit_b_id])
    response = client.post("/people/new/", data)
    assert response.status_code == 200
    assert not Person.objects.filter(given_name="Lạ").exists()


def test_admin_refuses_an_officer_whatever_the_unit(officer_a, make_person, login, unit_b_id):
    person = make_person(officer_a)
    before = _state(person)
    client = login(officer_a)
    url = f"/admin/registry/person/{person.pk}/change/"
    response = client.post(url, {"unit": unit_b_id, "family_name": "X", "given_name": "Y"})
    assert response.status_code == 403
    response = client.post(
        "/admin/registry/person/add/", {"unit": unit_b_id, "family_name": "X", "given_name": "Z"}
    )
    assert response.status_code == 403
    assert _state(person) == before
    assert not Person.objects.filter(given_name__in=["Y", "Z"]).exists()


def test_service_refuses_moving_a_profile_out_of_scope(officer_a, make_person):
    """Whatever channel calls it (admin, API, command), the service checks the target unit."""
    person = make_person(officer_a)
    person.unit = Unit.objects.get(code=UNIT_B)
    person.given_name = "Chuyển"
    with pytest.raises(PermissionDenied):
        save_person(person, officer_a, "chuyển đơn vị", channel="api")
    assert _state(Person.objects.get(pk=person.pk))[0] == UNIT_A
    assert not AuditEntry.objects.filter(reason="chuyển đơn vị").exists()
