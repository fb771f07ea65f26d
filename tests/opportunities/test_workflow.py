"""The nomination workflow: every step through the service, scope-checked and audited; a
step that does not apply is refused in Vietnamese with nothing written."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hientai.core.models import AuditEntry
from hientai.opportunities import services
from hientai.opportunities.models import Nomination
from tests.opportunities.conftest import NOW, make_opportunity

pytestmark = pytest.mark.django_db


def _audit(nomination) -> int:
    return AuditEntry.objects.filter(
        object_type="opportunities.nomination", object_id=str(nomination.pk)
    ).count()


def test_the_whole_workflow(officer_b, coordinator, ward_people):
    opportunity = make_opportunity(officer_b, rules=["age-under-45", "degree-master"])
    nomination = services.create_nomination(
        officer_b, person_id=ward_people["b"].pk, kind="training", opportunity=opportunity,
        justification="Chuyên gia vi mạch", now=NOW,
    )  # fmt: skip
    assert nomination.status == "draft" and nomination.unit.code == "26041"
    nomination = services.transition(officer_b, nomination, "submit", now=NOW)
    assert nomination.status == "submitted"
    assert nomination.eligibility["outcome"] == "pass"
    assert [r["key"] for r in nomination.eligibility["rules"]] == ["age-under-45", "degree-master"]
    nomination = services.transition(coordinator, nomination, "return", comment="Bổ sung hồ sơ",
                                     now=NOW)  # fmt: skip
    assert nomination.status == "returned" and nomination.comment == "Bổ sung hồ sơ"
    nomination = services.transition(officer_b, nomination, "submit", now=NOW)
    nomination = services.transition(coordinator, nomination, "approve", now=NOW)
    assert nomination.status == "approved" and nomination.decided_by == coordinator
    nomination = services.transition(officer_b, nomination, "send", now=NOW)
    nomination = services.transition(officer_b, nomination, "record_result",
                                     result="Hoàn thành khóa học", now=NOW)  # fmt: skip
    assert nomination.status == "completed" and nomination.result == "Hoàn thành khóa học"
    actions = list(
        AuditEntry.objects.filter(object_type="opportunities.nomination",
                                  object_id=str(nomination.pk))
        .order_by("pk").values_list("action", flat=True)
    )  # fmt: skip
    assert actions == ["create", "submit", "return", "submit", "approve", "send", "record_result"]


def test_a_wrong_step_is_refused_and_nothing_is_written(officer_b, coordinator, ward_people):
    opportunity = make_opportunity(officer_b)
    nomination = services.create_nomination(
        officer_b, person_id=ward_people["b"].pk, kind="training", opportunity=opportunity, now=NOW
    )
    before = _audit(nomination)
    with pytest.raises(ValidationError) as error:
        services.transition(coordinator, nomination, "approve", now=NOW)
    assert "không thể" in str(error.value)
    with pytest.raises(PermissionDenied):
        services.transition(officer_b, nomination, "approve", now=NOW)
    services.transition(officer_b, nomination, "submit", now=NOW)
    with pytest.raises(ValidationError) as error:
        services.transition(coordinator, nomination, "return", comment="  ", now=NOW)
    assert "trả lại" in str(error.value)
    nomination.refresh_from_db()
    assert nomination.status == "submitted" and nomination.comment == ""
    with pytest.raises(ValidationError):
        services.transition(officer_b, nomination, "fly", now=NOW)
    assert _audit(nomination) == before + 1


def test_withdraw_and_no_double_nomination(officer_b, ward_people):
    opportunity = make_opportunity(officer_b)
    first = services.create_nomination(
        officer_b, person_id=ward_people["b"].pk, kind="training", opportunity=opportunity, now=NOW
    )
    with pytest.raises(ValidationError) as error:
        services.create_nomination(officer_b, person_id=ward_people["b"].pk, kind="training",
                                   opportunity=opportunity, now=NOW)  # fmt: skip
    assert "đã được đề cử" in str(error.value)
    services.transition(officer_b, first, "withdraw", now=NOW)
    again = services.create_nomination(
        officer_b, person_id=ward_people["b"].pk, kind="training", opportunity=opportunity, now=NOW
    )
    assert again.pk != first.pk and Nomination.objects.count() == 2


def test_closed_opportunity_and_honour_target(officer_b, ward_people):
    closed = make_opportunity(officer_b, deadline=datetime.date(2026, 5, 1))
    with pytest.raises(ValidationError) as error:
        services.create_nomination(officer_b, person_id=ward_people["b"].pk, kind="training",
                                   opportunity=closed, now=NOW)  # fmt: skip
    assert "hạn" in str(error.value)
    with pytest.raises(ValidationError):
        services.create_nomination(officer_b, person_id=ward_people["b"].pk, kind="honour",
                                   now=NOW)  # fmt: skip
    honour = services.create_nomination(
        officer_b, person_id=ward_people["b"].pk, kind="honour",
        target_name="Giải thưởng Khoa học và Công nghệ Đồng Nai 2026", now=NOW,
    )  # fmt: skip
    assert honour.target_label.startswith("Giải thưởng")
    honour = services.transition(officer_b, honour, "submit", now=NOW)
    assert honour.eligibility == {"outcome": "pass", "on": "2026-06-01", "rules": []}
    assert Nomination.objects.count() == 1
