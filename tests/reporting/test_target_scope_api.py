"""The API checks the target unit of a write: an officer opening a submission with another
unit's code is refused and nothing is written."""

from __future__ import annotations

import json

from hientai.core.models import AuditEntry
from hientai.reporting.models import Submission
from tests.reporting.rep_support import *  # noqa: F403

API = "/api/v1/reporting"


def test_api_refuses_another_units_code(datasets, officer_a, login):
    client = login(officer_a)
    response = client.post(
        f"{API}/submissions",
        json.dumps({"dataset": "H", "unit": "26041", "period": "2026H1"}),
        content_type="application/json",
    )
    assert response.status_code in (403, 404)
    assert not Submission.objects.exists()
    assert not AuditEntry.objects.exists()
    # Its own unit works, and the opening is audited.
    response = client.post(
        f"{API}/submissions",
        json.dumps({"dataset": "H", "unit": "25210", "period": "2026H1"}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert AuditEntry.objects.filter(actor=officer_a, unit_code="25210").exists()
