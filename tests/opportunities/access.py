"""Access rules and matrix objects of the opportunities app (merged into tests/access_rules.py
and tests/security/matrix_data.py)."""

from __future__ import annotations

from typing import Any

from tests.access_rules import COORDS, LEADER, SIGNED_IN, STAFF, WARD_B, WARD_B_WRITE, Rule

NOMINATORS = STAFF - {LEADER}

RULES: dict[str, Rule] = {
    # Staff read the opportunities of their scope and the published ones; officers of the
    # managing unit and coordinators write; leaders read.
    "opportunities:opportunity_list": Rule(STAFF),
    "opportunities:opportunity_add": Rule(NOMINATORS, NOMINATORS),
    "opportunities:opportunity_detail": Rule(WARD_B, params={"pk": "opportunity"}),
    "opportunities:opportunity_edit": Rule(
        WARD_B_WRITE, WARD_B_WRITE, params={"pk": "opportunity"}
    ),
    "opportunities:candidates": Rule(WARD_B, params={"pk": "opportunity"}),
    # Nominations: unit officers nominate people of their scope; the coordinator decides.
    "opportunities:nomination_list": Rule(STAFF),
    "opportunities:nomination_add": Rule(NOMINATORS, NOMINATORS),
    "opportunities:nomination_detail": Rule(WARD_B, WARD_B_WRITE, params={"pk": "nomination"}),
    # Eligibility rules: the coordinator's data.
    "opportunities:rule_list": Rule(COORDS),
    "opportunities:rule_add": Rule(COORDS, COORDS),
    "opportunities:rule_edit": Rule(COORDS, COORDS, params={"pk": "eligibility_rule"}),
    # The API: lists are empty outside the caller's scope; one object is a 404.
    "api:list_opportunities": Rule(SIGNED_IN),
    "api:get_opportunity": Rule(WARD_B, params={"opportunity_id": "opportunity"}),
    "api:list_nominations": Rule(SIGNED_IN),
    "api:get_nomination": Rule(WARD_B, params={"nomination_id": "nomination"}),
}


def build(ids: dict[str, Any], officer_a: Any, officer_b: Any) -> None:
    """Add this app's ward-B objects to the matrix dataset's ids."""
    import datetime

    from hientai.opportunities import services
    from hientai.opportunities.models import EligibilityRule, Opportunity
    from hientai.orgs.models import Unit

    opportunity = services.save_opportunity(
        officer_b,
        Opportunity(
            title="Học bổng ma trận", kind="scholarship", source_kind="embassy",
            keywords="bán dẫn", deadline=datetime.date(2099, 12, 31),
            unit=Unit.objects.get(code="26041"),
        ),
        rules=EligibilityRule.objects.filter(key="age-under-45"),
    )  # fmt: skip
    nomination = services.create_nomination(
        officer_b, person_id=ids["person"], kind="training", opportunity=opportunity
    )
    ids["opportunity"] = opportunity.pk
    ids["nomination"] = nomination.pk
    ids["eligibility_rule"] = EligibilityRule.objects.order_by("pk").first().pk
