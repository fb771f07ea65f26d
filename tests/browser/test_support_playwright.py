"""Issue 18 acceptance: an officer opens a visa support case for a person of the registry
and closes its steps, then the case (at 1366 and 390 px; screenshots in var/shots/)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.orgs.models import Unit
from hientai.registry.models import Person
from hientai.support.models import CaseStatus, CaseType, SupportCase
from tests.browser.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_officer_opens_a_visa_case_and_closes_its_steps(live_server, browser):
    SHOTS.mkdir(parents=True, exist_ok=True)
    officer = User.objects.create_user("support_officer", password="browser-pass-2026")
    ward = Unit.objects.get(code="25210")
    RoleAssignment.objects.create(user=officer, role=Role.OFFICER, unit=ward)
    person = Person.objects.create(
        unit=ward, family_name="Nakamura", given_name="Hiroshi", gender="male"
    )
    visa = CaseType.objects.get(code="visa")
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/login/?next=/support/")
    page.fill("#id_username", "support_officer")
    page.fill("#id_password", "browser-pass-2026")
    page.click("button.primary")
    page.wait_for_url("**/support/")
    page.click("text=Mở hồ sơ hỗ trợ")
    page.select_option("#id_case_type", str(visa.pk))
    page.fill("#id_person", str(person.pk))
    page.select_option("#id_unit", str(ward.pk))
    page.fill("#id_passport_number", "TZ1234567")
    page.fill("#id_summary", "Gia hạn thị thực làm việc cho chuyên gia bán dẫn")
    page.screenshot(path=str(SHOTS / "support-open-1366.png"), full_page=True)
    page.click("form button.primary")
    page.wait_for_url("**/support/*/")
    expect(page.locator("h1")).to_contain_text("Nakamura Hiroshi")
    steps = page.locator("#steps tbody tr")
    expect(steps).to_have_count(visa.steps.count())
    expect(page.locator("#steps")).to_contain_text("Phòng Quản lý xuất nhập cảnh")
    page.screenshot(path=str(SHOTS / "support-case-1366.png"), full_page=True)
    for number in range(1, visa.steps.count() + 1):
        row = page.locator(f"#steps tr[data-step='{number}']")
        row.locator("input[name=note]").fill(f"Xong bước {number}")
        row.locator("button.primary").click()
        expect(page.locator(f"#steps tr[data-step='{number}']")).to_contain_text(
            f"Xong bước {number}"
        )
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "support-case-390.png"), full_page=True)
    page.click("text=Đóng hồ sơ")
    expect(page.locator("#case-status")).to_contain_text("đã đóng")
    page.screenshot(path=str(SHOTS / "support-closed-390.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/support/")
    page.screenshot(path=str(SHOTS / "support-list-1366.png"), full_page=True)
    case = SupportCase.objects.get()
    assert case.status == CaseStatus.CLOSED
    assert case.steps.filter(done_on__isnull=True).count() == 0
    page.close()
