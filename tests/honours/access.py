"""Access rules and matrix objects of the honours app (merged into tests/access_rules.py
and tests/security/matrix_data.py)."""

from __future__ import annotations

from typing import Any

from tests.access_rules import COORDS, LEADER, STAFF, WARD_B, Rule

RULES: dict[str, Rule] = {
    # Programmes and rounds are the city's (every staff role reads them); entries are
    # listed by the reader's scope; the coordinator runs rounds and records results.
    "honours:programme_list": Rule(STAFF),
    "honours:round_add": Rule(COORDS, COORDS, params={"pk": "honours_programme"}),
    "honours:round_detail": Rule(STAFF, COORDS, params={"pk": "honours_round"}),
    "honours:entry_add": Rule(STAFF - {LEADER}, STAFF - {LEADER}, params={"pk": "honours_round"}),
    "honours:entry_result": Rule(WARD_B & COORDS, WARD_B & COORDS, params={"pk": "honours_entry"}),
}


def build(ids: dict[str, Any], officer_a: Any, officer_b: Any) -> None:
    """An open round of the technical-creativity contest with ward B's planted person's entry."""
    import datetime

    from hientai.accounts.models import Role, RoleAssignment, User
    from hientai.honours import services
    from hientai.honours.models import Programme
    from hientai.orgs.models import Unit
    from hientai.registry.models import Person

    coordinator = User.objects.create_user("honours_matrix_coordinator")
    RoleAssignment.objects.create(
        user=coordinator, role=Role.COORDINATOR, unit=Unit.objects.get(code="75.SKHCN")
    )
    programme = Programme.objects.get(code="creativity_contest")
    item = services.create_round(
        coordinator,
        programme,
        year=2026,
        title="Hội thi Sáng tạo kỹ thuật lần thứ 12",
        opens_on=datetime.date(2026, 3, 1),
        closes_on=datetime.date(2026, 9, 30),
    )
    services.move_round(coordinator, item, "open")
    entry = services.add_entry(
        officer_b,
        item,
        title="Máy sấy nông sản dùng năng lượng mặt trời",
        field="Cơ khí",
        person=Person.objects.get(pk=ids["person"]),
    )
    ids["honours_programme"] = programme.pk
    ids["honours_round"] = item.pk
    ids["honours_entry"] = entry.pk
