"""Job files carry their reader's rights: only the user who made them and the roles that
may see their content unmasked can download them (anyone else: 404); they are stored
0600 in 0700 folders, expire after the retention by themselves, and every download of
personal data writes an access-log row per person."""

import datetime
import io
import stat

import pytest
from django.core.management import call_command
from django.utils import timezone

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.jobs import services
from hientai.jobs.models import Job, JobStatus
from hientai.orgs.models import Unit
from hientai.registry.bulk import load_people
from hientai.registry.models import SensitiveAccess
from tests.exchange.import_support import UNIT_A, UNIT_B, people, write_csv

pytestmark = pytest.mark.django_db
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def jobs_in_tmp(settings, tmp_path):
    settings.JOBS_DIR = tmp_path / "jobs"
    settings.TASKS = IMMEDIATE


@pytest.fixture
def officer_a2(db) -> User:
    """A second officer of unit A: keeps the same profiles as officer A."""
    user = User.objects.create_user(username="officer_a2", password="x-2026-files")
    RoleAssignment.objects.create(user=user, role=Role.OFFICER, unit=Unit.objects.get(code=UNIT_A))
    return user


def _export(client, unit_code: str) -> Job:
    response = client.post(
        "/exchange/",
        {
            "action": "export",
            "export-format": "csv",
            "export-unit": Unit.objects.get(code=unit_code).pk,
        },
    )
    assert response.status_code == 302, response.content[:500]
    job = Job.objects.latest("pk")
    assert job.status == JobStatus.SUCCEEDED, job.message
    return job


def _get(client, job: Job, key: str):
    return client.get(f"/exchange/jobs/{job.pk}/files/{key}/")


def test_export_file_readable_by_its_maker_and_unmasked_roles_only(
    officer_a, officer_a2, officer_b, leader, coordinator, login
):
    load_people(people(5, seed=1, units=[UNIT_A]) + people(3, seed=2, units=[UNIT_B]))
    job = _export(login(officer_a), UNIT_A)
    export_log = SensitiveAccess.objects.filter(channel="export").count()
    assert export_log == 5  # the export itself, as before

    # The leader reads unit A's job page (read scope) but not the file with 5 people
    # unmasked: 404, as for a missing file. Officer B (another unit) neither.
    assert login(leader).get(f"/exchange/jobs/{job.pk}/").status_code == 200
    assert _get(login(leader), job, "export").status_code == 404
    assert _get(login(officer_b), job, "export").status_code == 404
    assert not SensitiveAccess.objects.filter(channel="job_file").exists()

    # The maker, an officer keeping the same unit, the coordinator: 200, each logged.
    for user in (officer_a, officer_a2, coordinator):
        response = _get(login(user), job, "export")
        assert response.status_code == 200, user
        assert "no-store" in response["Cache-Control"]
        b"".join(response.streaming_content)
        rows = SensitiveAccess.objects.filter(channel="job_file", user=user)
        assert rows.count() == 5, user
        assert "personal_id" in rows.first().fields


def test_import_reports_are_for_the_uploader_and_city_wide_roles(
    tmp_path, officer_a, officer_a2, leader, coordinator, login
):
    load_people(people(4, seed=3, units=[UNIT_A]))
    # A dry run of the same people: the reports hold their raw ID numbers.
    again = people(4, seed=3, units=[UNIT_A])
    path = write_csv(tmp_path / "p.csv", [*again, again[0]])  # the last row repeats an ID
    job = services.submit(
        "import_people",
        user=officer_a,
        unit=Unit.objects.get(code=UNIT_A),
        params={"dry_run": True},
        input_file=path,
        input_name="danh-sach.csv",
    )
    assert job.status == JobStatus.SUCCEEDED, job.message
    # The rejected rows (the repeated ID) come back as a file too, protected the same way.
    assert set(job.files) == {"report_json", "report_xlsx", "rejected"}
    # An upload may hold rows of any unit: a colleague of the same unit gets 404 too,
    # and the job's page and API give them the counts without the quoted cells.
    assert again[0].personal_id in str(job.result["findings"])
    for user in (leader, officer_a2):
        client = login(user)
        assert _get(client, job, "report_json").status_code == 404, user
        assert _get(client, job, "rejected").status_code == 404, user
        page = client.get(f"/exchange/jobs/{job.pk}/").content.decode()
        assert 'id="findings"' not in page and "/files/report_json/" not in page
        api = client.get(f"/api/v1/exchange/jobs/{job.pk}").json()
        assert api["result"]["findings"] == [] and api["files"] == []
    page = login(officer_a).get(f"/exchange/jobs/{job.pk}/").content.decode()
    assert 'id="findings"' in page and "/files/report_json/" in page
    for user in (officer_a, coordinator):
        response = _get(login(user), job, "report_json")
        assert response.status_code == 200, user
        assert SensitiveAccess.objects.filter(channel="job_file", user=user).count() == 4


def test_files_and_folders_are_private(officer_a, tmp_path, settings):
    source = tmp_path / "mine.csv"
    source.write_bytes(b"a,b\n1,2\n")
    source.chmod(0o644)
    job = services.submit("export_people", user=officer_a, params={"format": "csv"})
    uploaded = services.submit(
        "export_people",
        user=officer_a,
        params={"format": "json"},
        input_file=io.BytesIO(b"x"),
        input_name="upload.csv",
    )
    copied = services.submit(
        "export_people", user=officer_a, params={"format": "json"}, input_file=source
    )
    files = [services.job_file(job, job.files["export"]), services.input_path(uploaded)]
    files.append(services.input_path(copied))
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        folder = path.parent
        while folder != settings.JOBS_DIR.parent:
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
            folder = folder.parent
    # The user's own file keeps its mode: it was copied, not linked.
    assert stat.S_IMODE(source.stat().st_mode) == 0o644


def _old_job(user: User, days: int) -> Job:
    job = services.submit("export_people", user=user, params={"format": "csv"})
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - datetime.timedelta(days))
    job.refresh_from_db()
    return job


def test_files_expire_after_the_configured_retention(officer_a, settings):
    settings.JOBS_RETENTION_DAYS = 7
    old, recent = _old_job(officer_a, 8), _old_job(officer_a, 6)
    assert services.prune_files() == 1  # the retention is the default age
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.files == {} and not services.job_dir(old).exists()
    assert recent.files and services.job_dir(recent).exists()


# The worker closes its database connections between rounds, as a long-lived process must;
# inside a test transaction PostgreSQL would lose the test's own connection.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_prunes_expired_files_by_itself(officer_a, settings):
    settings.JOBS_RETENTION_DAYS = 30
    old, recent = _old_job(officer_a, 31), _old_job(officer_a, 1)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    out = io.StringIO()
    call_command("worker", "--batch", stdout=out)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.files == {} and not services.job_dir(old).exists()
    assert recent.files and services.job_dir(recent).exists()


def test_a_pruned_file_is_gone_for_everyone(officer_a, coordinator, login, settings):
    settings.JOBS_RETENTION_DAYS = 30
    job = _old_job(officer_a, 40)
    services.prune_files()
    assert _get(login(officer_a), job, "export").status_code == 404
    assert _get(login(coordinator), job, "export").status_code == 404
