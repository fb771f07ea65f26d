"""`scope_extra_path_fields`: more unit paths that bring a row into scope (read and write)."""

import pytest

from hientai.accounts.scoping import editable, visible
from hientai.orgs.models import Succession, SuccessionKind, Unit
from tests.conftest import UNIT_A, UNIT_B

pytestmark = pytest.mark.django_db


@pytest.fixture
def succession(db) -> Succession:
    # A made-up link from unit B to unit A: scoped by its new unit (A) only.
    return Succession.objects.create(
        old_unit=Unit.objects.get(code=UNIT_B),
        new_unit=Unit.objects.get(code=UNIT_A),
        kind=SuccessionKind.RENAME,
        effective_date="2026-01-01",
    )


def only(succession: Succession):
    return Succession.objects.filter(pk=succession.pk)


def test_without_extra_fields_only_the_main_path_counts(succession, officer_a, officer_b):
    assert visible(only(succession), officer_a).exists()
    assert not visible(only(succession), officer_b).exists()


def test_an_extra_path_brings_the_row_into_scope(monkeypatch, succession, officer_a, officer_b):
    monkeypatch.setattr(Succession, "scope_extra_path_fields", ("old_unit__path",), raising=False)
    assert list(visible(only(succession), officer_b)) == [succession]
    assert list(editable(only(succession), officer_b)) == [succession]
    assert list(visible(only(succession), officer_a)) == [succession]


def test_extra_paths_follow_read_and_write_paths(monkeypatch, succession, leader):
    monkeypatch.setattr(Succession, "scope_extra_path_fields", ("old_unit__path",), raising=False)
    assert visible(only(succession), leader).exists()
    assert not editable(only(succession), leader).exists()


def test_to_many_extra_path_gives_each_row_once(monkeypatch, db):
    from hientai.accounts.models import Role, RoleAssignment, User

    # An officer of one division reaches the parent unit through "children__path".
    user = User.objects.create_user("division_officer", password="x-123456789")
    RoleAssignment.objects.create(
        user=user, role=Role.OFFICER, unit=Unit.objects.get(code=f"{UNIT_A}.VHXH")
    )
    monkeypatch.setattr(Unit, "scope_extra_path_fields", ("children__path",), raising=False)
    seen = list(visible(Unit.objects.all(), user).values_list("code", flat=True))
    assert seen.count(UNIT_A) == 1
    assert sorted(seen) == sorted([UNIT_A, f"{UNIT_A}.VHXH"])


def test_anonymous_gets_nothing_through_extra_paths(monkeypatch, succession, anonymous):
    monkeypatch.setattr(Succession, "scope_extra_path_fields", ("old_unit__path",), raising=False)
    assert not visible(only(succession), anonymous).exists()
