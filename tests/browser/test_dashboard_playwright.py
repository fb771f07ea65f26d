"""The dashboard in a real browser: every seed target with its status, server-drawn SVG
charts, htmx filters that swap the body and push the URL, nothing fetched from elsewhere."""

import pytest
from playwright.sync_api import expect

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.orgs.models import Unit
from hientai.plans.models import Target
from tests.browser.conftest import needs_chromium
from tests.reporting.doc_support import load_demo

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_dashboard_lists_targets_and_filters_with_htmx(live_server, browser):
    load_demo(people=60)
    leader = User.objects.create_user("dash_leader", password="browser-pass-2026")
    RoleAssignment.objects.create(user=leader, role=Role.LEADER, unit=Unit.objects.get(code="75"))
    targets = Target.objects.count()
    page = browser.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{live_server.url}/login/?next=/reporting/dashboard/")
    page.fill("#id_username", "dash_leader")
    page.fill("#id_password", "browser-pass-2026")
    page.click("button.primary")
    page.wait_for_url("**/reporting/dashboard/")
    expect(page.locator("h1")).to_contain_text("Thành phố Đồng Nai")
    rows = page.locator("#targets tr[data-target]")
    expect(rows).to_have_count(targets)
    page.click("#targets summary")  # the tables are folded below the summary and charts
    badges = page.locator("#targets tr[data-target] .badge.status").all_inner_texts()
    assert len(badges) == targets and all(text.strip() for text in badges)
    assert page.locator("svg.chart").count() >= 3

    page.select_option("#filter-period", "2025H2")
    expect(page.locator("#dashboard-period")).to_contain_text("6 tháng cuối năm 2025")
    assert "period=2025H2" in page.url
    expect(page.locator("#targets tr[data-target]")).to_have_count(targets)

    page.select_option("#filter-unit", "25210")
    expect(page.locator("#dashboard-period")).to_contain_text("Phường Đồng Xoài")
    assert "unit=25210" in page.url
    assert all(url.startswith(live_server.url) for url in requested), requested
