"""Eligibility rules are data: editing a rule changes the next evaluation, no code involved."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hientai.core.models import AuditEntry
from hientai.opportunities import eligibility, services
from hientai.opportunities.models import EligibilityRule
from tests.opportunities.conftest import ON, make_opportunity

pytestmark = pytest.mark.django_db


def test_starter_rules_are_loaded_with_their_source_note():
    keys = set(EligibilityRule.objects.values_list("key", flat=True))
    assert {"age-under-45", "degree-master", "language-b2", "no-discipline"} <= keys
    note = EligibilityRule.objects.get(key="age-under-45").source_note
    assert "249/2025/NĐ-CP" in note and "đối chiếu" in note


def test_editing_a_rule_changes_the_evaluation(coordinator, officer_b, ward_people):
    opportunity = make_opportunity(officer_b, rules=["age-under-45"])
    person = ward_people["b"]  # born 1984: 42 on 1 June 2026
    outcome, results = eligibility.assess(person, opportunity, ON)
    assert outcome == "pass" and results[0].outcome == "pass"
    assert "Dưới 45 tuổi" in results[0].reason and "42" in results[0].reason

    rule = EligibilityRule.objects.get(key="age-under-45")
    services.save_rule(coordinator, rule, value="40", message="Dưới 40 tuổi tại thời điểm xét")
    rule.refresh_from_db()
    assert rule.version == 2
    outcome, results = eligibility.assess(person, opportunity, ON)
    assert outcome == "fail" and "Dưới 40 tuổi" in results[0].reason
    entry = AuditEntry.objects.filter(object_type="opportunities.eligibilityrule").last()
    assert entry.before["value"] == "45" and entry.after["value"] == "40"


def test_editing_a_rule_on_its_page(coordinator, officer_b, ward_people, login):
    opportunity = make_opportunity(officer_b, rules=["degree-master"])
    person = ward_people["b"]  # a master's degree
    assert eligibility.assess(person, opportunity, ON)[0] == "pass"
    rule = EligibilityRule.objects.get(key="degree-master")
    response = login(coordinator).post(
        f"/opportunities/rules/{rule.pk}/",
        {"name": "Tiến sĩ", "fact": "degree", "operator": "gte", "value": "8",
         "message": "Có bằng tiến sĩ", "source_note": rule.source_note, "active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert eligibility.assess(person, opportunity, ON)[0] == "fail"


def test_a_bad_rule_is_refused_and_nothing_changes(coordinator, officer_b):
    rule = EligibilityRule.objects.get(key="age-under-45")
    with pytest.raises(ValidationError) as error:
        services.save_rule(coordinator, rule, value="bốn mươi")
    assert "phải là một số" in str(error.value)
    with pytest.raises(ValidationError):
        services.save_rule(coordinator, rule, operator="true")
    with pytest.raises(PermissionDenied):
        services.save_rule(officer_b, rule, value="30")
    rule.refresh_from_db()
    assert (rule.value, rule.operator, rule.version) == ("45", "lt", 1)
    assert not AuditEntry.objects.filter(object_type="opportunities.eligibilityrule").exists()


def test_unrecorded_facts_are_unknown_with_a_reason(officer_b, ward_people):
    opportunity = make_opportunity(officer_b, rules=["no-discipline", "language-b2"])
    outcome, results = eligibility.assess(ward_people["b_old"], opportunity, ON)
    by_key = {item.key: item for item in results}
    assert outcome == "unknown"
    assert by_key["no-discipline"].outcome == "unknown"
    assert "chưa ghi nhận" in by_key["language-b2"].reason
    assert eligibility.assess(ward_people["b"], opportunity, ON)[1][0].outcome == "pass"
