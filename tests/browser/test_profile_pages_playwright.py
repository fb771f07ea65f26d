"""Profiles and small screens in a real browser (Debian's chromium): an officer saves the
phone of a profile whose past job is at a former (merged) unit, edits parts on their own
pages; at 390 × 844 the key pages have no horizontal scroll and the menu opens."""

import datetime
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.orgs.models import Unit
from hientai.registry.history import recording
from hientai.registry.models import Employment, Person
from hientai.registry.services import save_person
from tests.browser.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]
PASSWORD = "browser-pass-2026"
SHOTS = (
    Path(os.environ.get("HIENTAI_SCREENSHOTS", ""))
    if os.environ.get("HIENTAI_SCREENSHOTS")
    else None
)


def _officer_and_profile() -> tuple[User, Person]:
    officer = User.objects.create_user(
        "profile_officer", password=PASSWORD, last_name="Lê Thị", first_name="Thu"
    )
    ward = Unit.objects.get(code="25210")
    RoleAssignment.objects.create(user=officer, role=Role.OFFICER, unit=ward)
    person = save_person(
        Person(unit=ward, family_name="Hoàng", middle_name="Thị", given_name="Anh",
               gender="female", phone="0912345678"),
        officer, "browser test",
    )  # fmt: skip
    with recording(officer, "browser test"):
        Employment.objects.create(
            person=person,
            unit=Unit.objects.get(code="legacy:25195"),  # Phường Tân Phú, merged in 2025
            position="Cán bộ địa chính",
            start=datetime.date(2015, 1, 1),
            end=datetime.date(2025, 6, 30),
        )
    return officer, person


def _login(page, live_server, username: str, next_url: str) -> None:
    page.goto(f"{live_server.url}/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"**{next_url}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_officer_saves_a_phone_and_edits_parts(live_server, browser):
    _officer, person = _officer_and_profile()
    page = browser.new_page()
    page.context.add_cookies([{"name": "django_language", "value": "vi", "url": live_server.url}])
    _login(page, live_server, "profile_officer", f"/people/{person.pk}/edit/")
    page.fill("#id_phone", "0987654321")
    page.click("button.primary")
    page.wait_for_url(f"**/people/{person.pk}/")
    expect(page.locator(".messages")).to_contain_text("Đã lưu hồ sơ")
    person.refresh_from_db()
    assert person.phone == "0987654321"
    # The past job keeps its former unit, shown with its successor.
    expect(page.locator("#part-employment")).to_contain_text("nay là Phường Bình Phước")
    # Languages: a part of its own.
    page.click("#part-languages a.button")
    page.wait_for_url(f"**/people/{person.pk}/edit/languages/")
    page.select_option("#id_languages-0-language", label="Tiếng Anh")
    page.click("button.primary")
    page.wait_for_url(f"**/people/{person.pk}/")
    expect(page.locator("#part-languages")).to_contain_text("Tiếng Anh")
    # Awards, then the employment part saved unchanged (the former unit stays).
    page.goto(f"{live_server.url}/people/{person.pk}/edit/awards/")
    page.fill("#id_awards-0-name", "Bằng khen của Chủ tịch UBND tỉnh")
    page.click("button.primary")
    page.wait_for_url(f"**/people/{person.pk}/")
    page.goto(f"{live_server.url}/people/{person.pk}/edit/employment/")
    page.click("button.primary")
    page.wait_for_url(f"**/people/{person.pk}/")
    assert person.employments.get().unit.code == "legacy:25195"
    assert person.awards.count() == 1 and person.languages.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_small_screen_has_no_horizontal_scroll_and_the_menu_opens(live_server, browser):
    from hientai.reporting import services
    from hientai.reporting.models import Dataset

    officer, person = _officer_and_profile()
    dataset = Dataset.objects.filter(assignments__unit__code="25210", period_type="year").first()
    submission = (
        services.open_submission(dataset, person.unit, "2026", officer) if dataset else None
    )
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies([{"name": "django_language", "value": "vi", "url": live_server.url}])
    page = context.new_page()
    _login(page, live_server, "profile_officer", "/")
    pages = {
        "home": "/",
        "people": "/people/",
        "profile": f"/people/{person.pk}/",
        "profile-edit": f"/people/{person.pk}/edit/",
        "dashboard": "/reporting/dashboard/",
    }
    if submission is not None:
        pages["data-entry"] = f"/reporting/submissions/{submission.pk}/"
    for name, url in pages.items():
        page.goto(f"{live_server.url}{url}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{name}: {width}px wide"
        if SHOTS:
            page.screenshot(path=str(SHOTS / f"phone-{name}.png"))
    menu = page.locator(".menubutton")
    expect(menu).to_be_visible()
    expect(page.locator("#mainnav")).to_be_hidden()
    menu.click()
    expect(page.locator("#mainnav")).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#mainnav a", has_text="Nhân lực")).to_be_visible()
    context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_leader_downloads_the_pdf_report_and_it_opens(live_server, browser, settings, tmp_path):
    import io

    from pypdf import PdfReader

    from hientai.reporting.documents.pdf import soffice_path
    from tests.reporting.doc_support import load_demo

    if not soffice_path():
        pytest.skip("LibreOffice is not installed")
    settings.JOBS_DIR = tmp_path / "jobs"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    load_demo(people=0)
    leader = User.objects.create_user("report_leader", password=PASSWORD)
    RoleAssignment.objects.create(user=leader, role=Role.LEADER, unit=Unit.objects.get(code="75"))
    page = browser.new_page(accept_downloads=True)
    page.set_default_timeout(240_000)  # the job runs inside the request (LibreOffice)
    page.context.add_cookies([{"name": "django_language", "value": "vi", "url": live_server.url}])
    _login(page, live_server, "report_leader", "/reporting/report/")
    page.select_option("#id_unit", "75")
    page.check("input[value=pdf]")
    page.click("#report-form button.primary")
    page.wait_for_selector("#report-download", timeout=180_000)
    with page.expect_download() as info:
        page.click("#report-download")
    data = Path(info.value.path()).read_bytes()
    assert data[:5] == b"%PDF-"
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)
    assert "Đồng Nai" in text or "ĐỒNG NAI" in text
