"""Acceptance of issue 19 item 2 in a real browser: an expert registers, verifies the e-mail
address, consents to two of three purposes, edits the profile; an officer accepts the
change, which shows on the profile and in its history; the expert exports the data and
withdraws one consent, and the registry stops using the data for that purpose (the
officer's invitation form no longer lists the expert)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.dataprotection.models import BasisRecord
from hientai.registry.models import Person
from tests.browser.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "shots"
EXPERT_PASSWORD = "Chuyen-gia-Duc-2026!"
OFFICER_PASSWORD = "browser-pass-2026"


def _login(page, base: str, username: str, password: str, next_url: str) -> None:
    page.goto(f"{base}/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button.primary")
    page.wait_for_url(f"**{next_url}")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"selfservice-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_expert_registers_consents_edits_and_withdraws(live_server, browser, tmp_path):
    base = live_server.url
    officer = User.objects.create_user("skhcn_officer", password=OFFICER_PASSWORD)
    from hientai.orgs.models import Unit

    RoleAssignment.objects.create(
        user=officer, role=Role.OFFICER, unit=Unit.objects.get(code="75.SKHCN")
    )
    mail.outbox.clear()
    page = browser.new_page(accept_downloads=True)
    page.set_viewport_size({"width": 1366, "height": 900})

    # 1. Registration
    page.goto(f"{base}/me/register/")
    page.fill("#id_family_name", "Trần")
    page.fill("#id_middle_name", "Minh")
    page.fill("#id_given_name", "Khoa")
    page.fill("#id_email", "khoa.tran@example.de")
    page.fill("#id_password", EXPERT_PASSWORD)
    page.check("#id_overseas")
    from hientai.catalogs.models import Code

    country = Code.objects.filter(scheme__key="country", scheme__is_current=True).order_by("-code")
    country = country.filter(code="DE").first() or country.first()
    page.select_option("#id_country", value=str(country.pk))
    _shot(page, "register")
    page.click("#register-form button.primary")
    page.wait_for_url("**/me/register/sent/")
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/me/verify/\S+/", mail.outbox[0].body).group(0)
    path = link[link.index("/me/verify/") :]

    # 2. Verification
    page.goto(f"{base}{path}")
    page.click("main button.primary")
    expect(page.locator("#verified")).to_be_visible()
    person = Person.objects.get(user__email="khoa.tran@example.de")
    assert person.unit.code == "75.SKHCN"

    # 3. Consent to two purposes of three (none ticked beforehand)
    _login(page, base, "khoa.tran@example.de", EXPERT_PASSWORD, "/me/consent/")
    boxes = page.locator("#consent-form input[name=purpose]")
    assert boxes.count() == 3
    for index in range(3):
        assert not boxes.nth(index).is_checked()
    page.check("#purpose-public_profile input[name=purpose]")
    page.check("#purpose-opportunities input[name=purpose]")
    page.click("#consent-form button.primary")
    expect(page.locator("#purpose-opportunities")).to_contain_text("Rút lại")
    records = BasisRecord.objects.filter(person=person, state="given")
    assert sorted(records.values_list("purpose__code", flat=True)) == [
        "opportunities",
        "public_profile",
    ]
    assert all(record.notice.version for record in records)
    _shot(page, "consent")

    # 4. The expert edits the profile: a change request, not yet in the registry
    page.goto(f"{base}/me/profile/")
    page.fill("#id_keywords", "trí tuệ nhân tạo, thị giác máy tính")
    page.fill("#id_publications-0-title", "Rice field segmentation with deep learning")
    page.fill("#id_publications-0-year", "2024")
    page.select_option("#id_availability", "open")
    _shot(page, "profile")
    page.click("#profile-form button.primary")
    page.wait_for_url("**/me/changes/")
    person.refresh_from_db()
    assert person.keywords == ""

    # 5. The officer reviews the side-by-side diff and accepts
    officer_page = browser.new_page()
    officer_page.set_viewport_size({"width": 1366, "height": 900})
    _login(officer_page, base, "skhcn_officer", OFFICER_PASSWORD, "/me/review/")
    officer_page.click("#pending a.button")
    expect(officer_page.locator("ins").first).to_be_visible()
    _shot(officer_page, "review")
    officer_page.click("#accept-form button")
    officer_page.wait_for_url("**/me/review/")
    officer_page.goto(f"{base}/people/{person.pk}/")
    expect(officer_page.locator("main")).to_contain_text("Rice field segmentation")
    expect(officer_page.locator("main")).to_contain_text("trí tuệ nhân tạo")
    officer_page.goto(f"{base}/people/{person.pk}/history/")
    expect(officer_page.locator("main")).to_contain_text("chuyên gia đề nghị")
    _shot(officer_page, "history")

    # The officer may invite the expert (they agree to be contacted)
    officer_page.goto(f"{base}/me/connect/")
    assert officer_page.locator(f"#id_person option[value='{person.pk}']").count() == 1

    # 6. The expert sees the change accepted and exports the data
    page.goto(f"{base}/me/changes/")
    expect(page.locator("#changes")).to_contain_text("Đã chấp nhận")
    page.goto(f"{base}/me/data/")
    _shot(page, "data")
    with page.expect_download() as download:
        page.click("#export-json")
    target = tmp_path / "export.json"
    download.value.save_as(target)
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert exported["person"]["keywords"] == "trí tuệ nhân tạo, thị giác máy tính"
    assert {row["purpose"] for row in exported["legal_bases"]} == {
        "public_profile",
        "opportunities",
    }
    with page.expect_download() as download:
        page.click("#export-xlsx")
    assert download.value.suggested_filename.endswith(".xlsx")

    # 7. Withdrawal: the registry stops using the data for that purpose
    page.goto(f"{base}/me/consent/")
    page.click("#purpose-opportunities button")
    expect(page.locator("#purpose-opportunities input[name=purpose]")).to_be_visible()
    _shot(page, "withdrawn")
    officer_page.goto(f"{base}/me/connect/")
    assert officer_page.locator(f"#id_person option[value='{person.pk}']").count() == 0
    page.goto(f"{base}/me/")
    _shot(page, "home")
