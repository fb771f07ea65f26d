"""Exports and the template from the import/export page: scoped to the officer's units."""

import csv
import io

import pytest

from hientai.jobs.models import Job, JobStatus
from hientai.registry.bulk import load_people
from tests.exchange.import_support import UNIT_A, UNIT_B, people

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def jobs_in_tmp(settings, tmp_path):
    settings.JOBS_DIR = tmp_path / "jobs"
    settings.TASKS = IMMEDIATE


def _unit_pk(code: str) -> int:
    from hientai.orgs.models import Unit

    return Unit.objects.get(code=code).pk


def test_officer_exports_only_their_units(officer_a, officer_b, login):
    load_people(people(4, seed=1, units=[UNIT_A]) + people(3, seed=2, units=[UNIT_B]))
    client = login(officer_a)
    response = client.post(
        "/exchange/",
        {"action": "export", "export-format": "csv", "export-unit": _unit_pk(UNIT_A)},
    )
    job = Job.objects.get()
    assert response["Location"] == f"/exchange/jobs/{job.pk}/"
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.result == {"count": 4, "format": "csv"}
    page = client.get(response["Location"]).content.decode()
    assert 'id="export-download"' in page
    download = client.get(f"/exchange/jobs/{job.pk}/files/export/")
    assert download.status_code == 200
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + 4
    # Officer A cannot ask for unit B, and officer B cannot fetch A's file.
    refused = client.post(
        "/exchange/",
        {"action": "export", "export-format": "csv", "export-unit": _unit_pk(UNIT_B)},
    )
    assert refused.status_code == 200 and Job.objects.count() == 1
    assert login(officer_b).get(f"/exchange/jobs/{job.pk}/files/export/").status_code == 404


def test_template_download(officer_a, login):
    response = login(officer_a).get("/exchange/template.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames
