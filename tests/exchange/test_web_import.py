"""The import/export screens: upload → job → report → commit; bad files; scoping; API.

Jobs run with the immediate task backend (inside the request), so each page shows the
finished job; the background worker itself is tested in tests/jobs."""

import json
import re

import pytest
from django.urls import reverse

from hientai.jobs.models import Job, JobStatus
from hientai.registry.models import Person
from tests.exchange.import_support import UNIT_A, people, registry_counts, write_csv

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
HOME = "/exchange/"


@pytest.fixture(autouse=True)
def jobs_in_tmp(settings, tmp_path):
    settings.JOBS_DIR = tmp_path / "jobs"
    settings.TASKS = IMMEDIATE


def _upload(client, path, *, unit_pk, dry_run=True, encoding=""):
    data = {"action": "import", "import-unit": unit_pk, "import-encoding": encoding}
    if dry_run:
        data["import-dry_run"] = "on"
    with path.open("rb") as handle:
        data["import-file"] = handle
        return client.post(HOME, data)


def _unit_pk(code: str) -> int:
    from hientai.orgs.models import Unit

    return Unit.objects.get(code=code).pk


def test_anonymous_is_sent_to_login(client):
    response = client.get(HOME)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get("/exchange/jobs/1/").status_code == 302


def test_dry_run_then_commit(officer_a, login, tmp_path):
    client = login(officer_a)
    page = client.get(HOME)
    assert page.status_code == 200
    assert 'name="import-file"' in page.content.decode()
    # Dry run by default.
    assert re.search(r'<input type="checkbox" name="import-dry_run"[^>]* checked', page.text)
    source = write_csv(tmp_path / "danh-sach.csv", people(3, units=[UNIT_A]))

    response = _upload(client, source, unit_pk=_unit_pk(UNIT_A))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/exchange/jobs/{job.pk}/"
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.params["dry_run"] is True
    assert (job.result["rows"], job.result["created"], job.result["rejected"]) == (3, 3, 0)
    assert Person.objects.count() == 0  # a dry run writes nothing
    page = client.get(response["Location"]).content.decode()
    assert 'data-count="created">3<' in page
    assert "Phường Đồng Xoài" in page  # the job's unit
    assert 'id="commit"' in page
    assert "hx-trigger" not in page  # finished: no more polling
    report = client.get(f"/exchange/jobs/{job.pk}/files/report_json/")
    assert report.status_code == 200
    assert json.loads(b"".join(report.streaming_content))["created"] == 3
    xlsx = client.get(f"/exchange/jobs/{job.pk}/files/report_xlsx/")
    assert xlsx.status_code == 200
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"

    response = client.post(f"/exchange/jobs/{job.pk}/commit/")
    commit = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == f"/exchange/jobs/{commit.pk}/"
    assert commit.status == JobStatus.SUCCEEDED, commit.message
    assert commit.result["committed"] is True and commit.result["created"] == 3
    assert Person.objects.filter(unit__code=UNIT_A).count() == 3
    page = client.get(response["Location"]).content.decode()
    assert 'data-count="created">3<' in page and 'id="commit"' not in page
    # The jobs list ("Việc nền") lists both.
    listing = client.get("/exchange/jobs/").content.decode()
    assert f"/exchange/jobs/{job.pk}/" in listing and f"/exchange/jobs/{commit.pk}/" in listing


def test_a_file_refused_whole_shows_the_message_and_writes_nothing(officer_a, login, tmp_path):
    client = login(officer_a)
    fake = tmp_path / "danh-sach.xlsx"
    fake.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n")  # a PDF renamed .xlsx
    before = registry_counts()
    response = _upload(client, fake, unit_pk=_unit_pk(UNIT_A), dry_run=False)
    job = Job.objects.get()
    assert job.status == JobStatus.FAILED
    assert job.message and "Traceback" not in job.message
    # The officer reads why in Vietnamese (the page's language), naming the file.
    assert job.message == (
        "Tệp 'danh-sach.xlsx' là tài liệu PDF, không phải bảng tính. "
        "Hãy xuất danh sách từ Excel dưới dạng .xlsx hoặc .csv rồi thử lại."
    )
    page = client.get(response["Location"]).content.decode()
    assert 'id="job-message"' in page
    from django.utils.html import escape

    assert escape(job.message) in page
    assert registry_counts() == before


def test_a_row_error_rejects_the_whole_file(officer_a, login, tmp_path):
    client = login(officer_a)
    records = people(3, units=[UNIT_A])
    source = write_csv(tmp_path / "loi.csv", records)
    text = source.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    cells = text[2].split(",")
    cells[header.index("birth_date")] = "31/02/1990"
    text[2] = ",".join(cells)
    source.write_text("\n".join(text) + "\n", encoding="utf-8")
    response = _upload(client, source, unit_pk=_unit_pk(UNIT_A), dry_run=False)
    job = Job.objects.get()
    assert job.status == JobStatus.SUCCEEDED  # the job ran; the file was rejected
    assert job.result["committed"] is False and job.result["rejected"] >= 1
    assert Person.objects.count() == 0
    page = client.get(response["Location"]).content.decode()
    assert 'id="findings"' in page and "31/02/1990" in page
    assert 'id="commit"' not in page


def test_unsupported_extension_is_refused_by_the_form(officer_a, login, tmp_path):
    client = login(officer_a)
    source = tmp_path / "notes.docx"
    source.write_bytes(b"PK\x03\x04 not a people list")
    response = _upload(client, source, unit_pk=_unit_pk(UNIT_A))
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Job.objects.exists()


def test_officer_cannot_import_into_another_unit(officer_a, login, tmp_path):
    client = login(officer_a)
    source = write_csv(tmp_path / "b.csv", people(1, units=[UNIT_A]))
    response = _upload(client, source, unit_pk=_unit_pk("26041"))
    assert response.status_code == 200  # the unit is not a choice for officer A
    assert not Job.objects.exists()


def test_officer_b_never_sees_officer_a_jobs(officer_a, officer_b, login, tmp_path):
    source = write_csv(tmp_path / "a.csv", people(2, units=[UNIT_A]))
    _upload(login(officer_a), source, unit_pk=_unit_pk(UNIT_A))
    job = Job.objects.get()
    other = login(officer_b)
    assert other.get(f"/exchange/jobs/{job.pk}/").status_code == 404
    assert other.get(f"/exchange/jobs/{job.pk}/files/report_json/").status_code == 404
    assert other.post(f"/exchange/jobs/{job.pk}/commit/").status_code == 404
    assert other.get(f"/api/v1/exchange/jobs/{job.pk}").status_code == 404
    assert f"/exchange/jobs/{job.pk}/" not in other.get("/exchange/jobs/").content.decode()


def test_leader_reads_but_cannot_upload(officer_a, leader, login, tmp_path):
    source = write_csv(tmp_path / "a.csv", people(2, units=[UNIT_A]))
    _upload(login(officer_a), source, unit_pk=_unit_pk(UNIT_A))
    job = Job.objects.get()
    client = login(leader)
    page = client.get(HOME)
    assert page.status_code == 200 and 'name="import-file"' not in page.content.decode()
    assert _upload(client, source, unit_pk=_unit_pk("75")).status_code == 403
    # The city leader reads the ward's job but may not commit it.
    assert client.get(f"/exchange/jobs/{job.pk}/").status_code == 200
    assert 'id="commit"' not in client.get(f"/exchange/jobs/{job.pk}/").content.decode()
    assert client.post(f"/exchange/jobs/{job.pk}/commit/").status_code == 403
    assert Job.objects.count() == 1


def test_expert_has_no_access(login):
    from hientai.accounts.models import Role, RoleAssignment, User

    expert = User.objects.create_user("expert_x", password="x-pass-2026-long")
    RoleAssignment.objects.create(user=expert, role=Role.EXPERT)
    assert login(expert).get(HOME).status_code == 403


def test_progress_partial_polls_until_finished(officer_a, login, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from hientai.jobs import services
    from hientai.orgs.models import Unit

    job = services.submit(
        "import_people", user=officer_a, unit=Unit.objects.get(code=UNIT_A), params={}
    )
    client = login(officer_a)
    partial = client.get(f"/exchange/jobs/{job.pk}/", headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert body.lstrip().startswith('<div id="job-status"') and "<html" not in body
    assert 'hx-trigger="every 1s"' in body and 'data-status="queued"' in body
    # While running, the partial shows the progress file written by the worker.
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    services.Progress(job)(4_000, 10_000, "import")
    body = client.get(f"/exchange/jobs/{job.pk}/", headers={"HX-Request": "true"}).content
    assert b'value="40"' in body and b"4000" in body
    assert client.post(f"/exchange/jobs/{job.pk}/cancel/").status_code == 302
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED)
    body = client.get(f"/exchange/jobs/{job.pk}/", headers={"HX-Request": "true"}).content
    assert b"hx-trigger" not in body


def test_api_submit_and_follow(officer_a, officer_b, leader, login, tmp_path):
    source = write_csv(tmp_path / "api.csv", people(2, units=[UNIT_A]))
    client = login(officer_a)
    with source.open("rb") as handle:
        response = client.post(
            "/api/v1/exchange/imports", {"file": handle, "unit": UNIT_A, "dry_run": "true"}
        )
    assert response.status_code == 202, response.content
    job_id = response.json()["id"]
    status = client.get(f"/api/v1/exchange/jobs/{job_id}").json()
    assert status["status"] == "succeeded" and status["result"]["created"] == 2
    assert status["unit"] == UNIT_A and "report_json" in status["files"]
    assert Person.objects.count() == 0
    with source.open("rb") as handle:
        refused = login(leader).post("/api/v1/exchange/imports", {"file": handle, "unit": "75"})
    assert refused.status_code == 403
    with source.open("rb") as handle:
        other_unit = login(officer_b).post(
            "/api/v1/exchange/imports", {"file": handle, "unit": UNIT_A}
        )
    assert other_unit.status_code == 404
    assert Job.objects.count() == 1


def test_nav_item_for_staff(officer_a, login):
    page = login(officer_a).get("/").content.decode()
    assert reverse("exchange:home") in page


def _with_bad_birth_date(path):
    text = path.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    cells = text[2].split(",")
    cells[header.index("birth_date")] = "31/02/1990"
    text[2] = ",".join(cells)
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    return path


def _status_label(page: str) -> str:
    return re.search(r'id="job-status-label">([^<]*)<', page).group(1)


def test_the_status_says_exactly_what_happened(officer_a, login, tmp_path):
    client = login(officer_a)
    client.cookies["django_language"] = "vi"
    bad = _with_bad_birth_date(write_csv(tmp_path / "loi.csv", people(3, units=[UNIT_A])))
    checked = client.get(_upload(client, bad, unit_pk=_unit_pk(UNIT_A))["Location"]).text
    assert _status_label(checked) == "Đã kiểm tra: 1 lỗi"
    rejected = _upload(client, bad, unit_pk=_unit_pk(UNIT_A), dry_run=False)
    assert _status_label(client.get(rejected["Location"]).text) == "Bị từ chối: không ghi gì"
    good = write_csv(tmp_path / "dung.csv", people(2, seed=11, units=[UNIT_A]))
    dry = _upload(client, good, unit_pk=_unit_pk(UNIT_A))
    assert _status_label(client.get(dry["Location"]).text) == "Đã kiểm tra: không có lỗi"
    done = _upload(client, good, unit_pk=_unit_pk(UNIT_A), dry_run=False)
    assert _status_label(client.get(done["Location"]).text) == "Đã nhập: 2 tạo mới, 0 cập nhật"
    for page in (checked,):
        assert "Thành công" not in page


def test_export_help_agrees_with_a_required_unit(officer_a, login):
    client = login(officer_a)
    client.cookies["django_language"] = "vi"
    page = client.get(HOME).text
    assert "Để trống: mọi hồ sơ bạn được xem" not in page
    assert "Chọn một đơn vị của bạn" in page
