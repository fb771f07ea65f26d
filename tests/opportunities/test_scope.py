"""Scope and masking: a ward-A officer neither sees nor nominates ward-B people (404);
contacts on the candidate list are masked unless the role may see them, and logged."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from hientai.opportunities import matching, services
from hientai.registry.models import SensitiveAccess
from tests.opportunities.conftest import NOW, ON, make_opportunity

pytestmark = pytest.mark.django_db


def test_officer_a_cannot_nominate_or_see_ward_b(officer_a, officer_b, ward_people, login):
    opportunity = make_opportunity(officer_b, unit="26041", published=True)
    client = login(officer_a)
    response = client.post("/opportunities/nominations/add/",
                           {"person": ward_people["b"].pk, "opportunity": opportunity.pk,
                            "confirm": "1", "kind": "training"})  # fmt: skip
    assert response.status_code == 404
    with pytest.raises(ValidationError):
        services.create_nomination(officer_a, person_id=ward_people["b"].pk, kind="training",
                                   opportunity=opportunity, now=NOW)  # fmt: skip
    nomination = services.create_nomination(
        officer_b, person_id=ward_people["b"].pk, kind="training", opportunity=opportunity, now=NOW
    )
    assert client.get(f"/opportunities/nominations/{nomination.pk}/").status_code == 404
    assert client.post(f"/opportunities/nominations/{nomination.pk}/",
                       {"action": "withdraw"}).status_code == 404  # fmt: skip
    nomination.refresh_from_db()
    assert nomination.status == "draft"
    # The published opportunity is readable; its candidates are ward A's people only.
    names = [c.person.full_name for c in matching.candidates(officer_a, opportunity, ON)]
    assert names == [ward_people["a"].full_name]
    private = make_opportunity(officer_b, unit="26041", title="Nội bộ phường B")
    assert client.get(f"/opportunities/{private.pk}/").status_code == 404
    assert client.get(f"/opportunities/{private.pk}/candidates/").status_code == 404


def test_candidates_ranked_by_eligibility_with_masking(officer_b, leader, coordinator,
                                                       ward_people, login):  # fmt: skip
    opportunity = make_opportunity(officer_b, rules=["age-under-45"])
    found = matching.candidates(leader, opportunity, ON)
    names = [c.person.full_name for c in found]
    assert names.index(ward_people["b"].full_name) < names.index(ward_people["b_old"].full_name)
    first = next(c for c in found if c.person == ward_people["b"])
    assert first.outcome == "pass" and first.reasons
    assert first.masked and first.email != "binh@example.vn" and "•" in first.email
    assert not SensitiveAccess.objects.exists()
    page = login(coordinator).get(f"/opportunities/{opportunity.pk}/candidates/")
    assert page.status_code == 200 and "binh@example.vn" in page.content.decode()
    assert SensitiveAccess.objects.filter(person=ward_people["b"], user=coordinator).exists()
    page = login(leader).get(f"/opportunities/{opportunity.pk}/candidates/")
    assert "binh@example.vn" not in page.content.decode()


def test_open_public_opportunities(officer_b, ward_people):
    make_opportunity(officer_b, published=True, title="Mở")
    make_opportunity(officer_b, published=False, title="Chưa công bố")
    make_opportunity(officer_b, published=True, title="Đã đóng", deadline=datetime.date(2026, 1, 1))
    rows = services.open_public_opportunities(NOW)
    assert [row["title"] for row in rows] == ["Mở"]
    assert "unit" not in rows[0] and rows[0]["country"] == "JP"


def test_pages_render(officer_b, coordinator, ward_people, login):
    opportunity = make_opportunity(officer_b, published=True)
    client = login(coordinator)
    for url in (
        "/opportunities/",
        "/opportunities/?state=all&kind=scholarship&country=JP&field=2",
        f"/opportunities/{opportunity.pk}/",
        f"/opportunities/{opportunity.pk}/edit/",
        "/opportunities/add/",
        "/opportunities/rules/",
        "/opportunities/nominations/",
    ):
        assert client.get(url).status_code == 200, url
    response = client.post(
        "/opportunities/nominations/add/",
        {"person": ward_people["b"].pk, "opportunity": opportunity.pk},
    )
    assert response.status_code == 200 and "confirm" in response.content.decode()


def test_api_reads_in_scope(officer_a, officer_b, coordinator, ward_people, login):
    private = make_opportunity(officer_b, title="Nội bộ phường B")
    nomination = services.create_nomination(
        officer_b, person_id=ward_people["b"].pk, kind="training", opportunity=private, now=NOW
    )
    client_a, client_c = login(officer_a), login(coordinator)
    assert client_a.get("/api/v1/opportunities/").json() == []
    assert client_a.get(f"/api/v1/opportunities/{private.pk}").status_code == 404
    assert client_a.get(f"/api/v1/opportunities/nominations/{nomination.pk}").status_code == 404
    assert [row["title"] for row in client_c.get("/api/v1/opportunities/").json()] == [
        "Nội bộ phường B"
    ]
    row = client_c.get(f"/api/v1/opportunities/nominations/{nomination.pk}").json()
    assert row["status"] == "draft" and row["unit_code"] == "26041" and "email" not in row
