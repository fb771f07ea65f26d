"""The import page in a real browser: upload a CSV, watch the job page poll (htmx) while
the background worker runs it, see the counts, commit."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.jobs.models import Job
from hientai.orgs.models import Unit
from hientai.registry.models import Person
from tests.browser.conftest import needs_chromium
from tests.exchange.import_support import UNIT_A, people, write_csv

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_upload_watch_progress_and_commit(live_server, browser, settings, tmp_path):
    settings.JOBS_DIR = tmp_path / "jobs"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    officer = User.objects.create_user("import_officer", password="browser-pass-2026")
    ward = Unit.objects.get(code=UNIT_A)
    RoleAssignment.objects.create(user=officer, role=Role.OFFICER, unit=ward)
    source = write_csv(tmp_path / "danh-sach.csv", people(3, units=[UNIT_A]))

    page = browser.new_page()
    page.goto(f"{live_server.url}/login/?next=/exchange/")
    page.fill("#id_username", "import_officer")
    page.fill("#id_password", "browser-pass-2026")
    page.click("button.primary")
    page.wait_for_url("**/exchange/")
    page.select_option("#id_import-unit", str(ward.pk))
    page.set_input_files("#id_import-file", str(source))
    expect(page.locator("#id_import-dry_run")).to_be_checked()
    page.click("#import-form button[type=submit]")
    page.wait_for_url("**/exchange/jobs/*/")
    # No worker yet: the job waits and the page polls.
    status = page.locator("#job-status")
    expect(status).to_have_attribute("data-status", "queued")
    expect(page.locator("#job-progress")).to_be_visible()

    call_command("worker", batch=True, verbosity=0)  # what `hientai serve` runs beside the server
    expect(status).to_have_attribute("data-status", "succeeded", timeout=15_000)
    expect(page.locator("[data-count=created]")).to_have_text("3")
    expect(page.locator("[data-count=rejected]")).to_have_text("0")
    assert Person.objects.count() == 0

    page.click("#commit")
    page.wait_for_url("**/exchange/jobs/*/")
    expect(page.locator("#job-status")).to_have_attribute("data-status", "queued")
    call_command("worker", batch=True, verbosity=0)
    expect(page.locator("#job-status")).to_have_attribute(
        "data-status", "succeeded", timeout=15_000
    )
    expect(page.locator("[data-count=created]")).to_have_text("3")
    assert Person.objects.filter(unit=ward).count() == 3
    assert Job.objects.count() == 2
