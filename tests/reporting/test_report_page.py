"""The consolidated report on the web: a job per file, scoped choices, earlier reports listed
to those whose scope holds them; the file opens."""

import io
import zipfile

import pytest

from hientai.jobs.models import Job, JobStatus
from tests.reporting.doc_support import demo_fixture

# The period choices follow today (the latest years): the tests ask for 2026, in late 2026.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_december_2026")]
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
URL = "/reporting/report/"

demo_data = demo_fixture(people=200)


@pytest.fixture(autouse=True)
def jobs_in_tmp(settings, tmp_path):
    settings.JOBS_DIR = tmp_path / "jobs"
    settings.TASKS = IMMEDIATE


def _vi(client):
    client.cookies["django_language"] = "vi"
    return client


def test_leader_gets_the_docx_of_a_unit_through_a_job(demo_data, leader, login):
    client = _vi(login(leader))
    page = client.get(URL).content.decode()
    assert 'value="25210"' in page and 'value="docx"' in page
    response = client.post(URL, {"period": "2026", "unit": "75", "format": "docx"})
    job = Job.objects.get(kind="consolidated_report")
    assert response.status_code == 302 and response["Location"] == f"{URL}{job.pk}/"
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.unit.code == "75" and job.user == leader
    status = client.get(response["Location"]).content.decode()
    assert 'id="report-download"' in status and "Sẵn sàng" in status
    download = client.get(f"{URL}{job.pk}/file/")
    data = b"".join(download.streaming_content)
    assert download.status_code == 200 and data[:2] == b"PK"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "Đồng Nai" in archive.read("word/document.xml").decode()
    listing = client.get(URL).content.decode()
    assert f"{URL}{job.pk}/file/" in listing


def test_the_xlsx_annex_too(demo_data, coordinator, login):
    client = login(coordinator)
    client.post(URL, {"period": "2026", "unit": "75", "format": "xlsx"})
    job = Job.objects.get(kind="consolidated_report")
    assert job.status == JobStatus.SUCCEEDED, job.message
    data = b"".join(client.get(f"{URL}{job.pk}/file/").streaming_content)
    assert data[:2] == b"PK"


def test_an_officer_chooses_only_within_scope_and_sees_only_their_reports(
    demo_data, officer_a, officer_b, login
):
    client_a = _vi(login(officer_a))
    page = client_a.get(URL).content.decode()
    assert 'value="25210"' in page and 'value="26041"' not in page and 'value="75"' not in page
    refused = client_a.post(URL, {"period": "2026", "unit": "26041", "format": "docx"})
    assert refused.status_code == 400 and not Job.objects.exists()
    client_a.post(URL, {"period": "2026", "unit": "25210", "format": "xlsx"})
    job = Job.objects.get()
    client_b = login(officer_b)
    assert client_b.get(f"{URL}{job.pk}/").status_code == 404
    assert client_b.get(f"{URL}{job.pk}/file/").status_code == 404
    assert f"{URL}{job.pk}/" not in client_b.get(URL).content.decode()


def test_bad_input_is_refused_in_vietnamese(demo_data, leader, login):
    response = _vi(login(leader)).post(URL, {"period": "2026H7", "unit": "75", "format": "odt"})
    assert response.status_code == 400 and not Job.objects.exists()
    assert 'role="alert"' in response.content.decode()


def test_a_unit_without_an_active_plan_is_told_in_plain_words(demo_data, officer_a, login):
    client = _vi(login(officer_a))
    response = client.post(URL, {"period": "2026", "unit": "25210", "format": "docx"})
    job = Job.objects.get()
    if job.status == JobStatus.FAILED:
        page = client.get(response["Location"]).content.decode()
        assert "--plan" not in page and "Phường Đồng Xoài" in page and 'role="alert"' in page
