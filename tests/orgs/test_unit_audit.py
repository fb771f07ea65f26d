"""Unit merges, renames and closures go through `orgs.services`: city-wide roles only, one
audit row each with its actor, in the same transaction."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from hientai.core.models import AuditEntry
from hientai.orgs.models import Succession, Unit, UnitKind
from hientai.orgs.services import close_unit, merge_units, rename_unit, save_unit
from tests.conftest import UNIT_A, UNIT_B

pytestmark = pytest.mark.django_db
JULY_2025 = datetime.date(2025, 7, 1)


def _unit(code: str, parent: Unit | None = None) -> Unit:
    return Unit.objects.create(
        code=code, name_vi=f"Đơn vị {code}", kind=UnitKind.WARD, parent=parent
    )


def test_unit_merge_writes_an_audit_row_with_its_actor(coordinator):
    old_a, old_b, new = _unit("T.OLD.A"), _unit("T.OLD.B"), _unit("T.NEW")
    merge_units(
        [old_a, old_b], into=new, effective_date=JULY_2025, note="NQ sáp nhập", user=coordinator
    )
    entries = AuditEntry.objects.filter(action="merge").order_by("unit_code")
    assert [entry.unit_code for entry in entries] == ["T.OLD.A", "T.OLD.B"]
    for entry in entries:
        assert entry.actor == coordinator
        assert entry.actor_name == "coordinator"
        assert entry.object_type == "orgs.unit"
        assert entry.after["merged_into"] == "T.NEW"
        assert entry.after["valid_to"] == "2025-06-30" and entry.before["valid_to"] is None
        assert entry.reason == "NQ sáp nhập"
        assert entry.unit_path == f"/T.OLD.{entry.unit_code[-1]}/"


def test_officer_may_not_merge_and_nothing_changes(officer_a):
    unit_a = Unit.objects.get(code=UNIT_A)
    target = Unit.objects.get(code=UNIT_B)
    with pytest.raises(PermissionDenied):
        merge_units([unit_a], into=target, effective_date=JULY_2025, user=officer_a)
    assert Unit.objects.get(code=UNIT_A).valid_to is None
    assert not Succession.objects.filter(old_unit=unit_a, new_unit=target).exists()
    assert not AuditEntry.objects.exists()


def test_rename_and_close_are_audited(administrator):
    old = _unit("T.SO")
    rename_unit(old, "T.SO.MOI", "Sở Mới", JULY_2025, user=administrator)
    other = _unit("T.CLOSE")
    close_unit(other, JULY_2025, user=administrator, note="giải thể")
    rename = AuditEntry.objects.get(action="rename")
    assert rename.unit_code == "T.SO" and rename.after["renamed_to"] == "T.SO.MOI"
    close = AuditEntry.objects.get(action="close")
    assert close.actor == administrator and close.reason == "giải thể"


def test_the_audit_row_outlives_the_unit_code(administrator):
    """Rows keep the unit as text: they read the same after the unit is renamed."""
    old = _unit("T.KEEP")
    close_unit(old, JULY_2025, user=administrator)
    Unit.objects.filter(pk=old.pk).update(name_vi="Tên khác")
    assert AuditEntry.objects.get(action="close").unit_code == "T.KEEP"


def test_save_unit_checks_the_target_parent(officer_a):
    """An officer cannot create or move a unit under another unit's tree."""
    unit_b = Unit.objects.get(code=UNIT_B)
    with pytest.raises(PermissionDenied):
        save_unit(
            Unit(code="T.NEW.B", name_vi="Mới", kind=UnitKind.DIVISION, parent=unit_b), officer_a
        )
    assert not Unit.objects.filter(code="T.NEW.B").exists()
    mine = Unit.objects.get(code=f"{UNIT_A}.VHXH")
    mine.parent = unit_b
    with pytest.raises(PermissionDenied):
        save_unit(mine, officer_a)
    assert Unit.objects.get(pk=mine.pk).parent.code == UNIT_A
    created = save_unit(
        Unit(
            code="T.NEW.A",
            name_vi="Mới",
            kind=UnitKind.DIVISION,
            parent=Unit.objects.get(code=UNIT_A),
        ),
        officer_a,
    )
    assert AuditEntry.objects.get(object_id=str(created.pk), action="create").actor == officer_a
