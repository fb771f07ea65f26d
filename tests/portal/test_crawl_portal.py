"""Acceptance: every portal page in Vietnamese, English and Chinese, as every persona: no
5xx, no dead in-app link, no English string on a Vietnamese page (the English and Chinese
pages declare their language, so the crawler's check applies to the Vietnamese ones)."""

from __future__ import annotations

import pytest
from django.test import Client

from hientai.portal import services
from tests.portal.conftest import NOW
from tests.site.crawl import crawl, english_msgids

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "expert", "officer_a", "officer_b", "dept_officer", "leader",
            "coordinator", "administrator")  # fmt: skip


@pytest.fixture(scope="module")
def msgids() -> list[str]:
    return english_msgids()


@pytest.mark.parametrize("persona", PERSONAS)
def test_portal_pages_work_in_every_language(persona, request, public_expert, coordinator,
                                             msgids):  # fmt: skip
    services.publish_statistics(coordinator, now=NOW)
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "vi"
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    visited = []
    for lang in ("vi", "en", "zh"):
        report = crawl(client, start=f"/public/{lang}/", msgids=msgids, budget=40,
                       extra=(f"/public/{lang}/experts/{public_expert.pk}/",)
                       if lang != "zh" else ())  # fmt: skip
        assert not report.problems, "\n".join([f"{persona} {lang}", *report.problems])
        visited += report.visited
    portal = [url for url in visited if url.startswith("/public/")]
    assert any("/zh/policies/" in url for url in portal)
    assert any("/en/statistics/" in url for url in portal)
    assert any("/vi/events/" in url for url in portal)
