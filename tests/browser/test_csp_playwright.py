"""The strict Content-Security-Policy in a real browser: logging in and using the main
pages (htmx search included) raises no CSP violation."""

import pytest

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.orgs.models import Unit
from tests.browser.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_csp_violation_on_the_main_pages(live_server, browser):
    user = User.objects.create_user("csp_coordinator", password="browser-pass-2026")
    RoleAssignment.objects.create(
        user=user, role=Role.COORDINATOR, unit=Unit.objects.get(code="75.SKHCN")
    )
    page = browser.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None
        ),
    )
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "csp_coordinator")
    page.fill("#id_password", "browser-pass-2026")
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/")
    for path in ["/people/", "/plans/", "/units/", "/exchange/", "/reporting/dashboard/"]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/people/")
    page.fill("input[name=q]", "nguyen")
    page.wait_for_load_state("networkidle")
    assert not violations, violations
