"""Public profiles: only experts whose public-profile consent is in force; contacts and
identifiers only when chosen one by one; a withdrawal removes the profile at once."""

from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from hientai.core.models import AuditEntry
from hientai.portal import services
from tests.portal.conftest import NOW, consent, make_person

pytestmark = pytest.mark.django_db


def test_profile_shows_name_field_expertise_organisation_but_no_contacts(public_expert):
    html = Client().get(f"/public/vi/experts/{public_expert.pk}/").content.decode()
    assert "Lê Thị Hạnh" in html and "Trường Đại học Đồng Nai" in html
    assert "trí tuệ nhân tạo" in html
    assert "hanh.le@example.org" not in html and "0909123456" not in html
    assert "0000-0002-1825-0097" not in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    person = next(i for i in json.loads(block.group(1)) if i["@type"] == "Person")
    assert person["worksFor"] == {"@type": "Organization", "name": "Trường Đại học Đồng Nai"}
    assert "email" not in person


def test_contacts_only_when_chosen_and_audited(public_expert, officer_b, officer_a):
    with pytest.raises(PermissionDenied):
        services.set_public_fields(public_expert, officer_a, now=NOW, show_email=True)
    services.set_public_fields(public_expert, officer_b, now=NOW, show_email=True)
    html = Client().get(f"/public/en/experts/{public_expert.pk}/").content.decode()
    assert "hanh.le@example.org" in html and "0909123456" not in html
    assert AuditEntry.objects.filter(object_type="portal.publicfields",
                                     person_id=public_expert.pk).exists()  # fmt: skip


def test_no_consent_no_profile(officer_b):
    person = make_person(given="Minh")
    assert Client().get(f"/public/vi/experts/{person.pk}/").status_code == 404
    consent(person, officer_b, "refused")
    assert Client().get(f"/public/vi/experts/{person.pk}/").status_code == 404
    assert "Trần Thị Minh" not in Client().get("/public/vi/experts/").content.decode()


def test_withdrawing_consent_removes_the_public_profile_at_once(public_expert, officer_b):
    url = f"/public/vi/experts/{public_expert.pk}/"
    assert Client().get(url).status_code == 200
    assert "Lê Thị Hạnh" in Client().get("/public/en/experts/").content.decode()
    assert url in Client().get("/sitemap.xml").content.decode()
    consent(public_expert, officer_b, "withdrawn")
    assert Client().get(url).status_code == 404
    assert "Lê Thị Hạnh" not in Client().get("/public/en/experts/").content.decode()
    assert url not in Client().get("/sitemap.xml").content.decode()
    # Given again later: back on the portal.
    consent(public_expert, officer_b, "given")
    assert Client().get(url).status_code == 200


def test_officer_page_for_the_choices(public_expert, officer_b, officer_a, login):
    url = f"/public/manage/experts/{public_expert.pk}/"
    assert login(officer_a).get(url).status_code == 404
    client = login(officer_b)
    assert client.get(url).status_code == 200
    assert client.post(url, {"show_titles": "on", "show_orcid": "on"}).status_code == 302
    html = Client().get(f"/public/vi/experts/{public_expert.pk}/").content.decode()
    assert "0000-0002-1825-0097" in html
