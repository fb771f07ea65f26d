"""The coordinator changes the unit tree on a page (not the admin): merge, rename, close
through `orgs.services`, audited with the actor; other roles are refused, nothing changes."""

import pytest

from hientai.core.models import AuditEntry
from hientai.orgs.models import Succession, Unit, UnitKind
from tests.conftest import UNIT_A

pytestmark = pytest.mark.django_db


@pytest.fixture
def wards(db) -> tuple[Unit, Unit]:
    city = Unit.objects.get(code="75")
    old = Unit.objects.create(code="T.W1", name_vi="Phường Cũ", kind=UnitKind.WARD, parent=city)
    new = Unit.objects.create(code="T.W2", name_vi="Phường Mới", kind=UnitKind.WARD, parent=city)
    return old, new


def test_coordinator_merges_on_the_page(wards, coordinator, login):
    old, new = wards
    client = login(coordinator)
    assert "Thay đổi đơn vị này" in client.get(f"/units/{old.code}/").content.decode()
    response = client.post(
        f"/units/{old.code}/change/",
        {"action": "merge", "effective_date": "2025-07-01", "into": new.code, "note": "NQ 1",
         "confirm": "1"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Unit.objects.get(pk=old.pk).valid_to.isoformat() == "2025-06-30"
    assert Succession.objects.filter(old_unit=old, new_unit=new).exists()
    entry = AuditEntry.objects.get(action="merge")
    assert entry.actor == coordinator and entry.channel == "web" and entry.unit_code == "T.W1"


def test_coordinator_renames_and_closes(wards, coordinator, login):
    old, new = wards
    client = login(coordinator)
    client.post(
        f"/units/{old.code}/change/",
        {"action": "rename", "effective_date": "2025-07-01", "new_code": "T.W3",
         "new_name_vi": "Phường Đổi Tên", "confirm": "1"},
    )  # fmt: skip
    assert Unit.objects.get(code="T.W3").name_vi == "Phường Đổi Tên"
    client.post(
        f"/units/{new.code}/change/",
        {"action": "close", "effective_date": "2025-07-01", "confirm": "1"},
    )
    assert Unit.objects.get(pk=new.pk).valid_to is not None
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {
        "rename", "close", "unit_change"}  # fmt: skip


def test_bad_input_is_refused_with_a_message(wards, coordinator, login):
    old, _new = wards
    client = login(coordinator)
    response = client.post(
        f"/units/{old.code}/change/",
        {"action": "merge", "effective_date": "2025-07-01", "into": "KHONG.CO"},
        follow=True,
    )
    assert "Hãy nhập mã của một đơn vị đang có." in response.content.decode()
    response = client.post(
        f"/units/{old.code}/change/",
        {"action": "merge", "effective_date": "2025-07-01", "into": old.code},
        follow=True,
    )
    assert "chính nó" in response.content.decode()
    assert Unit.objects.get(pk=old.pk).valid_to is None
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("persona", ["officer_a", "leader"])
def test_other_roles_are_refused(persona, request, login):
    client = login(request.getfixturevalue(persona))
    assert "Thay đổi đơn vị này" not in client.get(f"/units/{UNIT_A}/").content.decode()
    response = client.post(
        f"/units/{UNIT_A}/change/", {"action": "close", "effective_date": "2025-07-01"}
    )
    assert response.status_code == 403
    assert Unit.objects.get(code=UNIT_A).valid_to is None
    assert not AuditEntry.objects.exists()
