"""Acceptance: every page works for every role. For each persona the crawler starts at the
home page and follows the in-app links of the navigation and of the pages reached (depth 3,
a page budget), plus the object pages of the demo units: no 5xx, no 403/404 behind an
in-app link, no English or internal string on a Vietnamese page, no data of a unit outside
the persona's scope (people planted in the other ward)."""

from __future__ import annotations

import pytest
from django.test import Client

from hientai.accounts.models import User
from hientai.orgs.models import Unit
from hientai.registry.models import Person
from tests.reporting.doc_support import demo_fixture
from tests.site.crawl import crawl, english_msgids

pytestmark = pytest.mark.django_db

PLANTED = {"25210": "Phùng Kiểm Thử Đồng Xoài", "26041": "Phùng Kiểm Thử Trấn Biên"}
demo_data = demo_fixture(people=120)


@pytest.fixture(scope="module")
def msgids() -> list[str]:
    return english_msgids()


@pytest.fixture
def planted(demo_data) -> dict[str, Person]:
    from hientai.demo.accounts import load_demo_accounts
    from hientai.registry.services import save_person

    load_demo_accounts()
    # The expert's home shows their own profile, consents and requests: crawl those too.
    from hientai.demo.management.commands.demo import link_expert_profile

    assert link_expert_profile() is not None
    admin = User.objects.get(username="admin")
    people = {}
    for code, name in PLANTED.items():
        family, middle, given = (
            name.split(" ", 1)[0],
            " ".join(name.split()[1:-1]),
            name.split()[-1],
        )
        person = Person(unit=Unit.objects.get(code=code), family_name=family,
                        middle_name=middle, given_name=given)  # fmt: skip
        people[code] = save_person(person, admin, "crawl test")
    return people


def _client(username: str | None) -> Client:
    client = Client(raise_request_exception=False)  # a 500 is a finding, like a 404
    client.cookies["django_language"] = "vi"
    if username:
        client.force_login(User.objects.get(username=username))
    return client


# persona → (demo account, names that must never show to them, object pages to add)
PERSONAS = {
    "anonymous": (None, tuple(PLANTED.values())),
    "expert": ("chuyengia", tuple(PLANTED.values())),
    "officer_ward_a": ("dongxoai", (PLANTED["26041"],)),
    "officer_ward_b": ("tranbien", (PLANTED["25210"],)),
    "department_officer": ("songoaivu", tuple(PLANTED.values())),
    "leader": ("lanhdao", ()),
    "coordinator": ("sokhcn", ()),
    "administrator": ("admin", ()),
}


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_every_page_works_for_every_role(persona, planted, msgids):
    username, forbidden = PERSONAS[persona]
    extra: tuple[str, ...] = ()
    if persona == "officer_ward_a":
        extra = (f"/people/{planted['25210'].pk}/", f"/people/{planted['25210'].pk}/history/",
                 f"/people/{planted['25210'].pk}/edit/employment/", "/units/25210/")  # fmt: skip
    if persona == "officer_ward_b":
        extra = (f"/people/{planted['26041'].pk}/", "/units/26041/")
    if persona == "coordinator":  # the datasets pages, whatever the budget reaches first
        extra = ("/reporting/datasets/", "/reporting/datasets/new/")
    report = crawl(_client(username), forbidden_names=forbidden, msgids=msgids, extra=extra,
                   budget=45)  # fmt: skip
    assert report.visited, persona
    assert not report.problems, "\n".join(
        [f"{persona}: {len(report.visited)} pages", *report.problems]
    )
    if username and persona not in ("expert",):
        assert len(report.visited) > 5, report.visited
