"""Units that change (issue 17, item 5): a merge, rename, split or closure moves the
unit's profiles, role assignments, open tasks, datasets and open submissions to the
successor, after a preview, audited; the history keeps where each was."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hientai.accounts.models import RoleAssignment
from hientai.accounts.scoping import visible
from hientai.core.models import AuditEntry
from hientai.exchange.importer import import_people
from hientai.orgs import changes
from hientai.orgs.models import Succession, Unit
from hientai.orgs.services import UnitDataError
from hientai.registry.models import Employment, Person, ProfileVersion
from tests.exchange.import_support import UNIT_A, UNIT_B, people, write_csv

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 12, 1)


def _load_people_of_b(tmp_path, n=6):
    result = import_people(write_csv(tmp_path / "b.csv", people(n, units=[UNIT_B])), user=None)
    assert result.committed
    return set(Person.objects.filter(unit__code=UNIT_B).values_list("pk", flat=True))


def test_a_unit_merge_moves_its_profiles_and_the_successors_officer_sees_them(
    tmp_path, officer_a, officer_b, coordinator
):
    moved_ids = _load_people_of_b(tmp_path)
    a, b = Unit.objects.get(code=UNIT_A), Unit.objects.get(code=UNIT_B)
    assert not visible(Person.objects.filter(pk__in=moved_ids), officer_a).exists()
    current_jobs = Employment.objects.filter(unit=b, end__isnull=True).count()

    change = changes.UnitChange(changes.MERGE, b, DAY, targets=[a], note="NQ 1/2026")
    preview = {item.key: item.count for item in changes.preview(change)}
    assert preview["people"] == len(moved_ids) and preview["roles"] == 1
    assert Person.objects.filter(unit=b).count() == len(moved_ids)  # a preview writes nothing

    successor, moved = changes.apply(change, coordinator, "test")
    assert successor == a
    assert {m.key: m.count for m in moved}["people"] == len(moved_ids)
    # The successor's officer sees them; the profiles are A's now.
    assert set(visible(Person.objects.all(), officer_a).values_list("pk", flat=True)) >= moved_ids
    assert not Person.objects.filter(unit=b).exists()
    # officer_b's role is rooted at the successor.
    assert RoleAssignment.objects.get(user=officer_b).unit == a
    # History: the old unit closed and linked, each profile's version says it was B's,
    # a current job at B was closed the day before and continued at A.
    b.refresh_from_db()
    assert b.valid_to == DAY - datetime.timedelta(days=1)
    assert Succession.objects.filter(old_unit=b, new_unit=a).exists()
    assert ProfileVersion.objects.filter(person_id__in=moved_ids).count() >= len(moved_ids)
    assert Employment.objects.filter(unit=b, end=DAY - datetime.timedelta(days=1)).count() == (
        current_jobs
    )
    assert Employment.objects.filter(unit=a, start=DAY).count() == current_jobs
    entry = AuditEntry.objects.get(action="unit_change")
    assert entry.after["moved"]["people"] == len(moved_ids) and entry.actor == coordinator


def test_closing_a_unit_that_holds_profiles_needs_a_successor(tmp_path, coordinator):
    _load_people_of_b(tmp_path, 2)
    b = Unit.objects.get(code=UNIT_B)
    with pytest.raises(UnitDataError, match="2"):
        changes.apply(changes.UnitChange(changes.CLOSE, b, DAY), coordinator)
    b.refresh_from_db()
    assert b.valid_to is None and Person.objects.filter(unit=b).count() == 2
    assert not AuditEntry.objects.filter(action="unit_change").exists()


def test_rename_and_split_move_to_the_new_or_main_unit(tmp_path, coordinator):
    ids = _load_people_of_b(tmp_path, 3)
    b = Unit.objects.get(code=UNIT_B)
    renamed, _moved = changes.apply(
        changes.UnitChange(changes.RENAME, b, DAY, new_code="26041N", new_name_vi="Phường Mới"),
        coordinator,
    )
    assert set(Person.objects.filter(unit=renamed).values_list("pk", flat=True)) == ids
    a, other = Unit.objects.get(code=UNIT_A), Unit.objects.get(code="26068")
    later = DAY + datetime.timedelta(days=10)
    main, _moved = changes.apply(
        changes.UnitChange(changes.SPLIT, renamed, later, targets=[other, a]), coordinator
    )
    assert main == other
    assert Person.objects.filter(unit=other, pk__in=ids).count() == 3
    assert Succession.objects.filter(old_unit=renamed).count() == 2


def test_only_city_wide_roles_may_change_units(tmp_path, officer_b):
    b, a = Unit.objects.get(code=UNIT_B), Unit.objects.get(code=UNIT_A)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        changes.apply(changes.UnitChange(changes.MERGE, b, DAY, targets=[a]), officer_b)
    assert Unit.objects.get(code=UNIT_B).valid_to is None


def test_the_page_previews_then_applies(tmp_path, coordinator, login):
    ids = _load_people_of_b(tmp_path, 4)
    client = login(coordinator)
    page = client.get(f"/units/{UNIT_B}/")
    assert "Xem trước" in page.content.decode() or "preview" in page.content.decode().lower()
    data = {"action": "merge", "effective_date": DAY.isoformat(), "into": UNIT_A, "note": "x"}
    preview = client.post(f"/units/{UNIT_B}/change/", data)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert 'data-count="people">4<' in text and 'id="confirm-change"' in text
    assert Person.objects.filter(unit__code=UNIT_B).count() == 4  # not yet
    done = client.post(f"/units/{UNIT_B}/change/", {**data, "confirm": "1"})
    assert done.status_code == 302 and done["Location"].endswith(f"/{UNIT_A}/")
    assert set(Person.objects.filter(unit__code=UNIT_A).values_list("pk", flat=True)) >= ids


def test_the_command_line_previews_and_merges(tmp_path, capsys):
    _load_people_of_b(tmp_path, 2)
    call_command("unit", "merge", UNIT_B, "--into", UNIT_A, "--date", "2026-12-01", "--preview")
    assert Person.objects.filter(unit__code=UNIT_B).count() == 2
    call_command("unit", "merge", UNIT_B, "--into", UNIT_A, "--date", "2026-12-01")
    assert Person.objects.filter(unit__code=UNIT_B).count() == 0
    with pytest.raises(CommandError):
        call_command("unit", "merge", UNIT_B, "--into", UNIT_A, "--date", "2026-12-01")


def test_a_unit_merged_earlier_by_the_functions_alone_settles_its_profiles(
    tmp_path, officer_a, coordinator
):
    """The issue's case: ward 26041 merged into 25210 with `merge_units` left its profiles
    on the closed unit; `hientai unit settle 26041` moves them to the successor."""
    from hientai.orgs.services import merge_units

    ids = _load_people_of_b(tmp_path, 3)
    a, b = Unit.objects.get(code=UNIT_A), Unit.objects.get(code=UNIT_B)
    merge_units([b], a, datetime.date(2026, 1, 1), user=None)
    assert Person.objects.filter(unit=b).count() == 3  # left behind
    call_command("unit", "settle", UNIT_B, "--as", coordinator.username)
    assert set(visible(Person.objects.all(), officer_a).values_list("pk", flat=True)) >= ids
    assert AuditEntry.objects.get(action="unit_change").after["action"] == "settle"
    with pytest.raises(CommandError):
        call_command("unit", "settle", UNIT_A)  # still in force
