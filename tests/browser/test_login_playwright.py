"""Key page in a real browser: Debian's chromium driven by Playwright."""

import pytest

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.orgs.models import Unit
from tests.browser.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_login_switch_language_and_see_home(live_server, browser):
    user = User.objects.create_user("browser_officer", password="browser-pass-2026")
    RoleAssignment.objects.create(user=user, role=Role.OFFICER, unit=Unit.objects.get(code="25210"))
    page = browser.new_page()
    page.goto(f"{live_server.url}/")  # a visitor lands on the public portal
    assert "nhân tài" in page.locator("h1").inner_text()
    page.get_by_role("link", name="Đăng nhập").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Đăng nhập"
    page.fill("#id_username", "browser_officer")
    page.fill("#id_password", "browser-pass-2026")
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/")
    assert "Nhân tài" in page.locator("h1").inner_text()
    page.click("button[data-lang=en]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Talent")
    assert page.locator(".card").count() >= 4
    page.click("#mainnav summary")  # Units sit under "More" (the menu keeps one row)
    page.click("#mainnav a[href='/units/']")
    page.wait_for_url("**/units/")
    assert page.get_by_text("Phường Đồng Xoài").count() >= 1
    assert page.get_by_text("Phường Trấn Biên").count() == 0
