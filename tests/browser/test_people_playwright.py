"""The people search page in a real browser: diacritics-free search and htmx facets."""

import pytest
from playwright.sync_api import expect

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.catalogs.models import Code
from hientai.orgs.models import Unit
from hientai.registry.models import Person
from hientai.registry.services import save_person
from tests.browser.conftest import needs_chromium

pytestmark = [pytest.mark.browser, needs_chromium]
PEOPLE = [
    ("Nguyễn", "Văn", "Hùng", "male", "expert"),
    ("Nguyễn", "Thị", "Hương", "female", "scientist"),
    ("Đặng", "Văn", "Bình", "male", "expert"),
    ("Trần", "Thị", "Lan", "female", "teacher"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_search_without_diacritics_and_filter_by_facet(live_server, browser):
    officer = User.objects.create_user("people_officer", password="browser-pass-2026")
    ward = Unit.objects.get(code="25210")
    RoleAssignment.objects.create(user=officer, role=Role.OFFICER, unit=ward)
    for family, middle, given, gender, category in PEOPLE:
        person = Person(
            unit=ward, family_name=family, middle_name=middle, given_name=given, gender=gender
        )
        code = Code.objects.get(scheme__key="person_category", code=category)
        save_person(person, officer, "browser test", m2m={"categories": [code]})
    page = browser.new_page()
    page.goto(f"{live_server.url}/login/?next=/people/")
    page.fill("#id_username", "people_officer")
    page.fill("#id_password", "browser-pass-2026")
    page.click("button.primary")
    page.wait_for_url("**/people/")
    assert "4" in page.locator("#total").inner_text()
    page.fill("input[name=q]", "nguyen")
    expect(page.locator("#total")).to_contain_text("2")
    names = page.locator("#results table.data tbody a").all_inner_texts()
    assert sorted(names) == ["Nguyễn Thị Hương", "Nguyễn Văn Hùng"]
    page.check("fieldset[data-facet=gender] input[value=female]")
    expect(page.locator("#total")).to_contain_text("1")
    assert page.locator("#results table.data tbody a").all_inner_texts() == ["Nguyễn Thị Hương"]
    page.click("#results table.data tbody a")
    page.wait_for_url("**/people/*/")
    assert page.locator("h1").inner_text().startswith("Nguyễn Thị Hương")
