"""One scoping mechanism, exercised through querysets, views, admin, API and commands."""

import io

import pytest
from django.core.management import call_command

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.accounts.scoping import _outermost, editable, scope_for, visible
from hientai.orgs.models import Unit
from tests.conftest import UNIT_A, UNIT_B

pytestmark = pytest.mark.django_db


def codes(queryset) -> set[str]:
    return set(queryset.values_list("code", flat=True))


def test_officer_sees_exactly_their_subtree(officer_a):
    seen = codes(visible(Unit.objects.all(), officer_a))
    expected = codes(Unit.objects.filter(path__startswith=f"/75/{UNIT_A}/"))
    assert seen == expected
    assert UNIT_A in seen and f"{UNIT_A}.VHXH" in seen
    assert UNIT_B not in seen and "75" not in seen


def test_officer_b_cannot_see_unit_a(officer_b):
    seen = codes(visible(Unit.objects.all(), officer_b))
    assert UNIT_B in seen
    assert not any(code.startswith(UNIT_A) for code in seen)


def test_leader_reads_city_but_edits_nothing(leader):
    assert codes(visible(Unit.objects.all(), leader)) == codes(
        Unit.objects.filter(path__startswith="/75/")
    )
    assert not editable(Unit.objects.all(), leader).exists()


def test_coordinator_is_city_wide_including_former_units(coordinator):
    assert visible(Unit.objects.all(), coordinator).count() == Unit.objects.count()
    assert editable(Unit.objects.filter(code="legacy:70"), coordinator).exists()


def test_anonymous_and_roleless_users_see_nothing(anonymous):
    assert not visible(Unit.objects.all(), anonymous).exists()
    plain = User.objects.create_user("plain", password="x-123456789")
    assert not visible(Unit.objects.all(), plain).exists()


def test_expired_assignment_gives_no_scope(officer_a):
    RoleAssignment.objects.filter(user=officer_a).update(valid_to="2020-01-01")
    fresh = User.objects.get(pk=officer_a.pk)
    assert not visible(Unit.objects.all(), fresh).exists()


def test_nested_assignments_collapse_to_outermost_path():
    assert _outermost(["/75/25210/", "/75/", "/75/25210/x/"]) == ("/75/",)
    assert _outermost(["/75/1/", "/75/2/"]) == ("/75/1/", "/75/2/")


def test_superuser_counts_as_admin(db):
    root = User.objects.create_superuser("root", password="x-123456789")
    assert scope_for(root).is_admin and scope_for(root).city_wide


def test_unit_list_view_is_scoped(officer_a, login):
    page = login(officer_a).get("/units/?q=").content.decode()
    assert "Phường Đồng Xoài" in page
    assert "Phường Trấn Biên" not in page
    assert "75.SKHCN" not in page


def test_unit_of_b_is_not_found_for_a(officer_a, login):
    client = login(officer_a)
    assert client.get(f"/units/{UNIT_A}/").status_code == 200
    assert client.get(f"/units/{UNIT_B}/").status_code == 404


def test_anonymous_is_sent_to_login(client):
    response = client.get("/units/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_only_administrators_reach_the_admin(officer_a, leader, coordinator, login):
    """The admin is for system administrators: every other role gets 403 (the full sweep
    over every registered model is in tests/accounts/test_admin_access.py)."""
    unit_a = Unit.objects.get(code=UNIT_A)
    for user in (officer_a, leader, coordinator):
        client = login(user)
        assert client.get("/admin/").status_code == 403
        assert client.get("/admin/orgs/unit/").status_code == 403
        assert client.get(f"/admin/orgs/unit/{unit_a.pk}/change/").status_code == 403


def test_officer_cannot_rename_through_the_admin(officer_a, login):
    unit_b = Unit.objects.get(code=UNIT_B)
    response = login(officer_a).post(
        f"/admin/orgs/unit/{unit_b.pk}/change/",
        {"code": UNIT_B, "name_vi": "Đổi tên trái phép", "kind": "ward"},
    )
    assert response.status_code == 403
    assert Unit.objects.get(pk=unit_b.pk).name_vi == "Phường Trấn Biên"


def test_officers_cannot_manage_accounts(officer_a, login):
    assert login(officer_a).get("/admin/accounts/user/").status_code == 403


def test_expert_has_no_back_office(db, login):
    expert = User.objects.create_user("expert", password="x-123456789")
    RoleAssignment.objects.create(user=expert, role=Role.EXPERT)
    assert login(expert).get("/admin/").status_code == 403


def test_anonymous_is_sent_to_the_admin_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_api_is_scoped(officer_a, login):
    client = login(officer_a)
    listed = {item["code"] for item in client.get("/api/v1/units/").json()}
    assert UNIT_A in listed and UNIT_B not in listed
    assert client.get(f"/api/v1/units/{UNIT_B}").status_code == 404
    assert client.get(f"/api/v1/units/{UNIT_A}").json()["parent_code"] == "75"


def test_api_requires_login(client):
    assert client.get("/api/v1/units/").status_code == 401


def test_units_command_is_scoped(officer_a):
    out = io.StringIO()
    call_command("units", "--as", "officer_a", stdout=out)
    text = out.getvalue()
    assert UNIT_A in text and UNIT_B not in text
