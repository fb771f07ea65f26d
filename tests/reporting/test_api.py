"""Reporting API: scoped lists and details, saving values (400 with the Vietnamese message,
nothing written), submitting, completeness."""

from __future__ import annotations

import json

import pytest

from hientai.reporting import services
from hientai.reporting.models import Status, Submission, SubmissionValue
from tests.reporting.rep_support import *  # noqa: F403

API = "/api/v1/reporting"
FULL = {
    "T.TRAINED": {"numerator": "30", "denominator": "120"},
    "T.EXPERTS": {"value": 4},
    "T.RND": {"numerator": 12, "denominator": 98000},
    "T.GROWTH": {"value": "-1,5"},
}


@pytest.fixture
def draft(datasets, unit_a, officer_a) -> Submission:
    return services.open_submission(datasets["year"], unit_a, "2026", officer_a)


def put(client, path: str, payload: dict):
    return client.put(path, json.dumps(payload), content_type="application/json")


def post(client, path: str, payload: dict | None = None):
    return client.post(path, json.dumps(payload or {}), content_type="application/json")


def test_list_is_scoped(draft, datasets, unit_b, officer_a, officer_b, coordinator, login):
    services.open_submission(datasets["year"], unit_b, "2026", officer_b)
    mine = login(officer_a).get(f"{API}/submissions").json()["items"]
    assert [row["unit"] for row in mine] == ["25210"]
    assert mine[0]["due_date"] == "2026-12-05" and mine[0]["status"] == "draft"
    everything = login(coordinator).get(f"{API}/submissions?period=2026").json()["items"]
    assert {row["unit"] for row in everything} == {"25210", "26041"}
    assert login(officer_a).get(f"{API}/submissions?period=xyz").status_code == 400


def test_get_one_is_scoped(draft, officer_a, officer_b, login):
    assert login(officer_a).get(f"{API}/submissions/{draft.pk}").json()["id"] == draft.pk
    assert login(officer_b).get(f"{API}/submissions/{draft.pk}").status_code == 404


def test_open_through_the_api(datasets, officer_a, login, vietnamese):
    client = login(officer_a)
    response = post(
        client, f"{API}/submissions", {"dataset": "H", "unit": "25210", "period": "2026h1"}
    )
    assert response.status_code == 201 and response.json()["period"] == "2026H1"
    again = post(
        client, f"{API}/submissions", {"dataset": "H", "unit": "25210", "period": "2026H1"}
    )
    assert again.status_code == 200 and again.json()["id"] == response.json()["id"]
    wrong = post(client, f"{API}/submissions", {"dataset": "H", "unit": "25210", "period": "2026"})
    assert wrong.status_code == 400
    assert "Báo cáo 6 tháng là báo cáo 6 tháng đầu năm" in wrong.json()["detail"]
    other = post(
        client, f"{API}/submissions", {"dataset": "H", "unit": "26041", "period": "2026H1"}
    )
    assert other.status_code == 404
    assert Submission.objects.count() == 1


def test_save_values_and_submit(draft, officer_a, login):
    client = login(officer_a)
    response = put(client, f"{API}/submissions/{draft.pk}/values", {"values": FULL})
    assert response.status_code == 200
    body = response.json()
    assert sorted(body["changed"]) == sorted(FULL)
    values = {row["indicator"]: row for row in body["values"]}
    assert float(values["T.TRAINED"]["value"]) == 25.0
    assert float(values["T.GROWTH"]["value"]) == -1.5
    response = post(client, f"{API}/submissions/{draft.pk}/submit")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    again = post(client, f"{API}/submissions/{draft.pk}/submit")
    assert again.status_code == 400


def test_bad_values_answer_400_in_vietnamese_and_write_nothing(draft, officer_a, login, vietnamese):
    client = login(officer_a)
    payload = {"values": {**FULL, "T.TRAINED": {"numerator": "130", "denominator": "120"}}}
    response = put(client, f"{API}/submissions/{draft.pk}/values", payload)
    assert response.status_code == 400
    assert "T.TRAINED: Tử số (130) không được lớn hơn mẫu số (120)." in response.json()["detail"]
    assert not SubmissionValue.objects.exists()
    response = post(client, f"{API}/submissions/{draft.pk}/submit")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Hãy nhập đủ các giá trị bắt buộc")
    assert Submission.objects.get(pk=draft.pk).status == Status.DRAFT


def test_save_and_submit_in_one_call(draft, officer_a, login):
    response = put(
        login(officer_a), f"{API}/submissions/{draft.pk}/values", {"values": FULL, "submit": True}
    )
    assert response.status_code == 200 and response.json()["status"] == "submitted"


def test_leader_and_other_officer_cannot_write(draft, leader, officer_b, login):
    response = put(login(leader), f"{API}/submissions/{draft.pk}/values", {"values": FULL})
    assert response.status_code == 403
    response = put(login(officer_b), f"{API}/submissions/{draft.pk}/values", {"values": FULL})
    assert response.status_code == 404
    assert not SubmissionValue.objects.exists()


def test_approved_cannot_be_changed_through_the_api(draft, officer_a, coordinator, login):
    positive = {**FULL, "T.GROWTH": {"value": "2"}}
    services.save_values(draft, officer_a, positive, submit_after=True)
    services.approve(draft, coordinator)
    response = put(
        login(officer_a),
        f"{API}/submissions/{draft.pk}/values",
        {"values": {"T.EXPERTS": {"value": 99}}},
    )
    assert response.status_code == 403
    assert SubmissionValue.objects.get(submission=draft, indicator__code="T.EXPERTS").value == 4


def test_completeness_endpoint(draft, coordinator, officer_a, login):
    rows = login(coordinator).get(f"{API}/completeness?period=2026").json()
    assert rows[0]["unit"] == "75" and rows[0]["expected"] == 4
    rows = login(officer_a).get(f"{API}/completeness?period=2026").json()
    assert [row["unit"] for row in rows] == ["25210"]
    assert login(officer_a).get(f"{API}/completeness?period=2026&unit=26041").status_code == 404


def test_anonymous_is_refused(draft, client):
    assert client.get(f"{API}/submissions").status_code == 401


def test_no_oracle_about_another_units_reports(datasets, unit_b, officer_a, officer_b, vietnamese):
    """Issue 12: opening another unit's report names neither the unit nor whether it has
    already opened one for the period."""
    from django.core.exceptions import PermissionDenied

    messages = []
    for _round in range(2):
        with pytest.raises(PermissionDenied) as refused:
            services.open_submission(datasets["year"], unit_b, "2026", officer_a)
        messages.append(str(refused.value))
        services.open_submission(datasets["year"], unit_b, "2026", officer_b)
    assert messages[0] == messages[1]
    assert unit_b.name_vi not in messages[0] and "26041" not in messages[0]
    assert "đơn vị này" in messages[0]
