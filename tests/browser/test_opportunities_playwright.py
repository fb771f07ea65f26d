"""Issue 18 acceptance in a real browser: the coordinator finds experts, saves a shortlist,
checks it against a programme's eligibility rules and nominates one of them, then submits
and approves the nomination. Screenshots at 1366 and 390 px go to var/shots/."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.opportunities import services
from hientai.opportunities.models import EligibilityRule, Nomination, Opportunity
from hientai.orgs.models import Unit
from tests.browser.conftest import needs_chromium
from tests.talent.conftest import code, create_person

pytestmark = [pytest.mark.browser, needs_chromium]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots"


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        # Nothing wider than the screen at 390 px (tables scroll inside themselves).
        if width == 390:
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= 392, f"{name}: page is {overflow}px wide at 390px"
    page.set_viewport_size({"width": 1366, "height": 900})


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_coordinator_finds_shortlists_and_nominates(live_server, browser):
    coordinator = User.objects.create_user("opp_coord", password="browser-pass-2026")
    RoleAssignment.objects.create(
        user=coordinator, role=Role.COORDINATOR, unit=Unit.objects.get(code="75.SKHCN")
    )
    this_year = datetime.date.today().year
    chips = "thiết kế vi mạch bán dẫn"
    create_person("26041", "Lê", "Minh", "Khoa", birth_year=this_year - 38, keywords=chips,
                  degree="tien_si", major="Vi điện tử")  # fmt: skip
    create_person("26041", "Phạm", "Thu", "Hà", birth_year=this_year - 52,
                  keywords="đóng gói chip bán dẫn", degree="thac_si", major="Vật liệu")  # fmt: skip
    create_person("26041", "Bàn", "Văn", "Danh", birth_year=this_year - 30, keywords="nông nghiệp")
    opportunity = services.save_opportunity(
        coordinator,
        Opportunity(
            title="Chương trình đào tạo vi mạch tại Nhật Bản", kind="training",
            source_kind="embassy", source_name="Đại sứ quán Nhật Bản",
            country=code("country", "JP"), keywords="bán dẫn",
            deadline=datetime.date.today() + datetime.timedelta(days=60),
            unit=Unit.objects.get(code="75.SKHCN"), published=True,
        ),
        rules=EligibilityRule.objects.filter(key__in=["age-under-45", "degree-master"]),
    )  # fmt: skip

    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/login/?next=/talent/finder/")
    page.fill("#id_username", "opp_coord")
    page.fill("#id_password", "browser-pass-2026")
    page.click("button.primary")
    page.wait_for_url("**/talent/finder/")
    # 1. Find experts.
    page.fill("input[name=q]", "chuyên gia bán dẫn")
    page.click("#finder-form button[type=submit]")
    rows = page.locator("#finder-results table.list tbody tr")
    expect(rows.first).to_be_visible()
    names = page.locator("#finder-results table.list tbody tr td:nth-child(2) a").all_inner_texts()
    assert set(names[:2]) == {"Lê Minh Khoa", "Phạm Thu Hà"} and "Bàn Văn Danh" not in names
    _shoot(page, "1-finder")
    # 2. Save both in a new shortlist.
    first = rows.filter(has_text="Lê Minh Khoa")
    first.locator("input[name=new_name]").fill("Bán dẫn — đào tạo Nhật Bản")
    first.locator("button[type=submit]").click()
    expect(first.locator(".success")).to_be_visible()
    page.reload()
    second = page.locator("#finder-results table.list tbody tr").filter(has_text="Phạm Thu Hà")
    second.locator("button[type=submit]").click()
    expect(second.locator(".success")).to_be_visible()
    # 3. Check the shortlist against the programme's rules.
    page.goto(f"{live_server.url}/opportunities/{opportunity.pk}/")
    page.select_option("select[name=shortlist]", label="Bán dẫn — đào tạo Nhật Bản")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/candidates/?shortlist=*")
    table = page.locator("table.list tbody tr")
    expect(table).to_have_count(2)
    assert "Đủ điều kiện" in table.nth(0).inner_text()
    assert "Lê Minh Khoa" in table.nth(0).inner_text()
    assert "Không đủ điều kiện" in table.nth(1).inner_text()  # 52: over the age limit
    _shoot(page, "2-candidates")
    # 4. Nominate the eligible one, submit, approve.
    table.nth(0).get_by_role("button", name="Đề cử").click()
    page.wait_for_url("**/nominations/add/")
    page.fill("textarea[name=justification]", "Tiến sĩ vi điện tử, phù hợp chương trình")
    page.get_by_role("button", name="Lưu bản nháp").click()
    page.wait_for_url("**/nominations/*/")
    page.get_by_role("button", name="Gửi").click()
    expect(page.locator("dl.facts")).to_contain_text("Đã gửi")
    expect(page.locator("ul.reasons")).to_contain_text("Dưới 45 tuổi")
    page.get_by_role("button", name="Chấp thuận").click()
    expect(page.locator("dl.facts")).to_contain_text("Đã chấp thuận")
    _shoot(page, "3-nomination")
    nomination = Nomination.objects.get()
    assert nomination.status == "approved" and nomination.person.full_name == "Lê Minh Khoa"
    assert nomination.eligibility["outcome"] == "pass"
    page.close()
