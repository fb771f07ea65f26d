"""The portal in a real browser (Debian's chromium): axe-core finds no serious or critical
violation on its pages in Vietnamese, English and Chinese, at 1366 and 390 px wide; no page
scrolls sideways on a phone. Screenshots go to var/shots/ for a person to look at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.browser.conftest import needs_chromium
from tests.browser.test_accessibility_playwright import _serious, needs_axe

pytestmark = [pytest.mark.browser, needs_chromium]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots"
NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


@needs_axe
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_portal_pages_are_accessible_in_three_languages(live_server, browser):
    from hientai.demo.accounts import load_demo_accounts
    from hientai.demo.portal import load_demo_portal
    from hientai.portal import services
    from tests.reporting.doc_support import load_demo

    load_demo(people=60)
    load_demo_accounts()
    assert load_demo_portal(now=NOW)
    expert = services.public_people().order_by("pk").first()
    paths = [
        ("home-vi", "/"),
        ("home-en", "/public/en/"),
        ("home-zh", "/public/zh/"),
        ("policies-vi", "/public/vi/policies/"),
        ("policy-vi", "/public/vi/policies/thu-hut-chuyen-gia-kieu-bao/"),
        ("policy-en", "/public/en/policies/thu-hut-chuyen-gia-kieu-bao/"),
        ("policy-zh", "/public/zh/policies/thu-hut-chuyen-gia-kieu-bao/"),
        ("policies-zh", "/public/zh/policies/"),
        ("calls-en", "/public/en/calls/"),
        ("event-vi", "/public/vi/events/dien-dan-tri-thuc-kieu-bao-2026/"),
        ("statistics-vi", "/public/vi/statistics/"),
        ("statistics-en", "/public/en/statistics/"),
        ("experts-vi", "/public/vi/experts/"),
        ("expert-en", f"/public/en/experts/{expert.pk}/"),
    ]
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for width, height in ((1366, 900), (390, 844)):
        context = browser.new_context(
            viewport={"width": width, "height": height}, bypass_csp=True
        )  # axe is injected inline; fmt: skip
        page = context.new_page()
        for name, path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, path
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
            problems += [f"{path} @{width}: {found}" for found in _serious(page)]
            sideways = page.evaluate(
                "document.documentElement.scrollWidth > document.documentElement.clientWidth"
            )
            if sideways:
                problems.append(f"{path} @{width}: scrolls sideways")
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_portal_works_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.click("text=Tiếng Việt >> xpath=..//a[@hreflang='en']")
    assert page.url.endswith("/public/en/")
    page.click("nav.p-nav >> text=Policies")
    page.click("text=Attracting overseas Vietnamese experts and scientists")
    page.click("a[hreflang='zh-Hans']")
    assert "吸引海外越南籍知识分子和专家的政策" in page.content()
    page.click("text=Sign in")
    assert page.url.endswith("/login/")
    context.close()
