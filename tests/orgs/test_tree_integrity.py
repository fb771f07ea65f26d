"""A unit can never become its own ancestor: the model, the service, the admin and the
database each refuse the cycle, and every walk of the tree is bounded."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.test import Client

from hientai.accounts.models import User
from hientai.orgs.models import MAX_TREE_DEPTH, Unit, UnitCycleError, UnitKind
from hientai.orgs.services import UnitDataError, move_unit
from hientai.registry.models import Person
from hientai.search import signals

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def ward() -> Unit:
    return Unit.objects.get(code="25210")


@pytest.fixture
def division(ward) -> Unit:
    return Unit.objects.get(code="25210.VHXH")


def test_model_validation_refuses_a_descendant_as_parent(ward, division):
    ward.parent = division
    with pytest.raises(ValidationError) as caught:
        ward.full_clean()
    assert "parent" in caught.value.message_dict


def test_model_validation_refuses_itself_as_parent(ward):
    ward.parent = ward
    with pytest.raises(ValidationError) as caught:
        ward.full_clean()
    assert "parent" in caught.value.message_dict


def test_save_refuses_the_cycle_and_writes_nothing(ward, division):
    before = Unit.objects.get(pk=ward.pk).parent_id
    ward.parent = division
    with pytest.raises(UnitCycleError):
        ward.save()
    assert Unit.objects.get(pk=ward.pk).parent_id == before


def test_service_refuses_the_two_step_cycle(ward):
    other = Unit.objects.get(code="26041")
    move_unit(other, ward)  # Y under X: fine
    with pytest.raises(UnitDataError):
        move_unit(ward, other)  # X under Y: a cycle
    ward.refresh_from_db()
    assert ward.parent.code == "75"
    assert Unit.objects.get(pk=other.pk).path.startswith(ward.path)


def test_raw_update_is_refused_by_the_database(ward, division):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE orgs_unit SET parent_id = %s WHERE id = %s", [division.pk, ward.pk])
    assert Unit.objects.get(pk=ward.pk).parent.code == "75"


def test_raw_update_to_itself_is_refused_by_the_database(ward):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE orgs_unit SET parent_id = id WHERE id = %s", [ward.pk])


def test_raw_two_step_cycle_is_refused_by_the_database(ward):
    """Paths are not consulted: the guard walks parent links, so stale paths cannot fool it."""
    other = Unit.objects.get(code="26041")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE orgs_unit SET parent_id = %s WHERE id = %s", [ward.pk, other.pk])
        with pytest.raises(DatabaseError), transaction.atomic():
            cursor.execute("UPDATE orgs_unit SET parent_id = %s WHERE id = %s", [other.pk, ward.pk])


def test_a_too_deep_chain_is_refused(ward):
    parent = ward
    for level in range(MAX_TREE_DEPTH):
        parent = Unit(code=f"deep-{level}", name_vi="Sâu", kind=UnitKind.DIVISION, parent=parent)
        try:
            parent.save()
        except UnitCycleError:
            break
    else:
        pytest.fail("a chain deeper than MAX_TREE_DEPTH was accepted")


def test_admin_change_form_refuses_the_cycle(ward, division):
    admin = User.objects.create_superuser("root", password="root-pass-2026-long")
    client = Client()
    client.force_login(admin)
    url = f"/admin/orgs/unit/{ward.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["parent"] = division.pk
    for prefix in ("populations",):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert Unit.objects.get(pk=ward.pk).parent.code == "75"
    errors = response.context["adminform"].form.errors
    assert "parent" in errors


def test_search_signal_walk_ends_even_on_a_corrupted_tree(ward, division):
    """A cycle written behind every guard (trigger dropped) still ends the subtree walk."""
    person_count = Person.objects.count()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER orgs_unit_no_cycle_update")
        else:
            cursor.execute("ALTER TABLE orgs_unit DISABLE TRIGGER orgs_unit_no_cycle")
        cursor.execute("UPDATE orgs_unit SET parent_id = %s WHERE id = %s", [division.pk, ward.pk])
    ward.refresh_from_db()
    ward._search_before = (ward.name_vi, Unit.objects.get(code="75").pk)
    signals._unit_saved(Unit, ward, created=False)  # returns: bounded walk
    assert Person.objects.count() == person_count
