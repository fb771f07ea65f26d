"""Report requests are made on a page (not the admin), through `request_report`: the
coordinator only, audited; bad input gets a Vietnamese message and nothing is written."""

from __future__ import annotations

import pytest

from hientai.core.models import AuditEntry
from hientai.reporting.models import ReportRequest
from tests.reporting.rep_support import *  # noqa: F403

URL = "/reporting/requests/"


def test_coordinator_requests_a_report(datasets, coordinator, login):
    client = login(coordinator)
    assert client.get(URL).status_code == 200
    response = client.post(
        URL,
        {"dataset": datasets["year"].pk, "period": "2026", "due_date": "2026-12-10", "note": "gấp"},
    )
    assert response.status_code == 302
    request = ReportRequest.objects.get(dataset=datasets["year"], period="2026")
    assert request.due_date.isoformat() == "2026-12-10" and request.created_by == coordinator
    entry = AuditEntry.objects.get(action="request_report")
    assert entry.actor == coordinator and entry.channel == "web" and entry.reason == "gấp"


def test_bad_period_is_refused(datasets, coordinator, login):
    response = login(coordinator).post(
        URL, {"dataset": datasets["year"].pk, "period": "2026Q9", "due_date": "2026-12-10"}
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not ReportRequest.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.parametrize("persona", ["officer_a", "leader"])
def test_other_roles_are_refused(persona, datasets, request, login):
    client = login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    response = client.post(
        URL, {"dataset": datasets["year"].pk, "period": "2026", "due_date": "2026-12-10"}
    )
    assert response.status_code == 403
    assert not ReportRequest.objects.exists()
