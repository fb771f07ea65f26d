"""Access rules and matrix objects of the support app (merged into tests/access_rules.py
and tests/security/matrix_data.py)."""

from __future__ import annotations

from typing import Any

from tests.access_rules import LEADER, STAFF, WARD_B, WARD_B_WRITE, Rule

CASE = {"pk": "support_case"}

RULES: dict[str, Rule] = {
    "support:case_list": Rule(STAFF),
    "support:case_add": Rule(STAFF - {LEADER}, STAFF - {LEADER}),
    "support:case_detail": Rule(WARD_B, params=CASE),
    # POST only: a GET is 405; an empty POST is refused (400) for the case's writers.
    "support:step_action": Rule(WARD_B, WARD_B_WRITE, params={**CASE, "step": "support_step"}),
    "support:case_status": Rule(WARD_B, WARD_B_WRITE, params=CASE),
}


def build(ids: dict[str, Any], officer_a: Any, officer_b: Any) -> None:
    """A visa case of ward B's planted person, opened by officer B."""
    from hientai.orgs.models import Unit
    from hientai.registry.models import Person
    from hientai.support import services
    from hientai.support.models import CaseType

    case = services.open_case(
        officer_b,
        case_type=CaseType.objects.get(code="visa"),
        unit=Unit.objects.get(code="26041"),
        person=Person.objects.get(pk=ids["person"]),
        passport_number="B1234567",
    )
    ids["support_case"] = case.pk
    ids["support_step"] = case.steps.order_by("position").first().pk
