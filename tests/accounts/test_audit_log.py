"""The coordinator's audit-log page: every service's rows in one list, filtered by person,
unit (with its subtree), actor and dates, paginated, for coordinators and administrators."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hientai.accounts import services
from hientai.accounts.models import Role, RoleAssignment
from hientai.core import audit
from hientai.core.models import AuditEntry
from hientai.orgs.models import Unit
from hientai.orgs.services import close_unit
from hientai.reporting.models import Dataset
from tests.form_support import form_data
from tests.registry.conftest import make_person  # noqa: F401 (the fixture)
from tests.reporting.rep_support import datasets, indicators, unit_a, unit_b  # noqa: F401

pytestmark = pytest.mark.django_db


def _at(day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 4, day, 10, 0))


@pytest.fixture
def entries(officer_a, officer_b, coordinator, make_person):  # noqa: F811
    """Rows written by three services, at fixed moments."""
    from hientai.registry.services import save_person

    hung = make_person(officer_a, given_name="Hùng")
    lan = make_person(officer_b, unit_code="26041", given_name="Lan")
    hung.email = "hung@dongnai.gov.vn"
    save_person(hung, officer_a, "sửa thư")
    division = Unit.objects.get(code="25210.VHXH")
    close_unit(division, datetime.date(2026, 4, 1), user=coordinator, note="giải thể")
    # Move the rows to fixed days (the services stamp them with the clock): the page's date
    # filter must not depend on today. Only a test may rewrite the log, below the ORM API.
    days = {"create": 3, "update": 9, "close": 15}
    rows = list(AuditEntry.objects.order_by("pk").values())
    AuditEntry.objects.all()._raw_delete(AuditEntry.objects.db)
    for row in rows:
        row["at"] = _at(days[row["action"]])
        AuditEntry.objects.bulk_create([AuditEntry(**row)])
    return hung, lan


def _count(client, **params) -> int:
    response = client.get("/audit/", params)
    assert response.status_code == 200
    return response.context["page"].paginator.count


def test_filters(entries, coordinator, login):
    hung, lan = entries
    client = login(coordinator)
    assert _count(client) == 4
    assert _count(client, person=str(hung.pk)) == 2
    assert _count(client, person=str(lan.pk)) == 1
    assert _count(client, unit="25210") == 3  # the ward and its division (subtree)
    assert _count(client, unit="26041") == 1
    assert _count(client, actor="coordinator") == 1
    assert _count(client, actor="officer_a") == 2
    assert _count(client, since="2026-04-05", until="2026-04-10") == 1
    assert _count(client, since="2026-04-09") == 2
    assert _count(client, action="close") == 1
    page = client.get("/audit/", {"until": "hôm qua"})
    assert page.context["page"].paginator.count == 0
    assert "không phải là ngày" in page.content.decode()
    assert _count(client, person="Hùng") == 0  # a number is asked for, with a message


def test_the_page_is_vietnamese_and_shows_the_rows(entries, coordinator, login):
    page = login(coordinator).get("/audit/", {"action": "close"}).content.decode()
    assert "Nhật ký thay đổi" in page
    assert "Người thực hiện" in page
    assert "giải thể" in page and "25210.VHXH" in page


def test_paginated(coordinator, login):
    for number in range(60):
        audit.record(coordinator, "update", object_type="test.thing", object_id=number, at=_at(1))
    client = login(coordinator)
    first = client.get("/audit/")
    assert len(first.context["page"].object_list) == 50
    second = client.get("/audit/", {"page": "2"})
    assert len(second.context["page"].object_list) == 10


@pytest.mark.parametrize("persona", ["coordinator", "administrator"])
def test_coordinators_and_administrators_reach_it(persona, request, login):
    client = login(request.getfixturevalue(persona))
    assert client.get("/audit/").status_code == 200
    assert 'href="/audit/"' in client.get("/").content.decode()


@pytest.mark.parametrize("persona", ["officer_a", "leader"])
def test_other_roles_are_refused(persona, request, login):
    client = login(request.getfixturevalue(persona))
    assert client.get("/audit/").status_code == 403
    assert 'href="/audit/"' not in client.get("/").content.decode()


def test_anonymous_is_sent_to_login(client):
    assert client.get("/audit/").status_code == 302


def test_audit_rows_are_append_only(coordinator):
    entry = audit.record(coordinator, "update", object_type="test.thing", object_id=1)
    entry.reason = "sửa"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    with pytest.raises(ValidationError):
        AuditEntry.objects.update(reason="x")
    with pytest.raises(ValidationError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().reason == ""


def test_admin_changes_to_reference_data_are_audited(administrator, datasets, login):  # noqa: F811
    dataset = Dataset.objects.get(pk=datasets["year"].pk)
    client = login(administrator)
    url = f"/admin/reporting/dataset/{dataset.pk}/change/"
    data = form_data(client.get(url).content.decode())
    data["name_vi"] = ["Tên mới của bộ dữ liệu"]
    assert client.post(url, data).status_code == 302
    entry = AuditEntry.objects.get(object_type="reporting.dataset", action="update")
    assert entry.actor == administrator and entry.after["name_vi"] == "Tên mới của bộ dữ liệu"
    assert entry.channel == "admin"


def test_role_assignments_go_through_the_service(administrator, coordinator, officer_a, login):
    ward_b = Unit.objects.get(code="26041")
    with pytest.raises(PermissionDenied):
        services.save_role_assignment(
            RoleAssignment(user=officer_a, role=Role.OFFICER, unit=ward_b), coordinator
        )
    assert not RoleAssignment.objects.filter(user=officer_a, unit=ward_b).exists()
    client = login(administrator)
    data = form_data(client.get("/admin/accounts/roleassignment/add/").content.decode())
    data.update(user=[str(officer_a.pk)], role=["officer"], unit=[str(ward_b.pk)])
    assert client.post("/admin/accounts/roleassignment/add/", data).status_code == 302
    granted = RoleAssignment.objects.get(user=officer_a, unit=ward_b)
    entry = AuditEntry.objects.get(action="assign_role")
    assert entry.actor == administrator and entry.unit_code == "26041"
    assert entry.object_id == str(granted.pk) and entry.channel == "admin"
    client.post(f"/admin/accounts/roleassignment/{granted.pk}/delete/", {"post": "yes"})
    assert not RoleAssignment.objects.filter(pk=granted.pk).exists()
    assert AuditEntry.objects.get(action="revoke_role").before["unit_id"] == ward_b.pk


def test_the_page_reads_in_words_not_codes(entries, coordinator, login):
    coordinator.first_name, coordinator.last_name = "Khoa", "Trần Minh"
    coordinator.save()
    close_unit(Unit.objects.get(code="25210.VP"), datetime.date(2026, 5, 1), user=coordinator)
    page = login(coordinator).get("/audit/").content.decode()
    assert "đã chấm dứt" in page and "tạo mới" in page  # action labels
    assert ">close<" not in page and ">update<" not in page
    assert "Trần Minh Khoa (coordinator)" in page  # family name first
    assert "registry.person" not in page and "orgs.unit" not in page  # model labels instead
