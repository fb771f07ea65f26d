"""The home page is the user's work: reports due, overdue or returned; data errors to fix;
imports waiting; for a leader the targets at risk. Every item links to where it is done,
and nothing from outside the user's scope shows."""

import datetime

import pytest
import time_machine

from hientai.reporting import services
from hientai.site.work import work_for
from tests.reporting.rep_support import *  # noqa: F403
from tests.reporting.rep_support import at

TODAY = datetime.date(2026, 12, 7)


def _section(sections, key):
    return next((section for section in sections if section.key == key), None)


def test_officer_sees_overdue_and_returned_reports_of_their_unit_only(
    datasets, officer_a, coordinator, unit_a, unit_b
):
    returned = services.open_submission(datasets["year"], unit_a, "2026", officer_a)
    services.save_values(
        returned,
        officer_a,
        {
            "T.TRAINED": {"numerator": "30", "denominator": "120"},
            "T.EXPERTS": {"value": "4"},
            "T.RND": {"numerator": "12", "denominator": "98000"},
            "T.GROWTH": {"value": "2"},
        },
    )
    services.submit(returned, officer_a, now=at(2026, 12, 1))
    services.return_submission(returned, coordinator, "Thiếu số liệu", now=at(2026, 12, 2))
    reports = _section(work_for(officer_a, TODAY), "reports")
    assert reports is not None and reports.items
    assert reports.items[0].level == "returned"
    assert reports.items[0].url == f"/reporting/submissions/{returned.pk}/"
    assert any(item.level == "overdue" for item in reports.items)
    assert all("Phường Trấn Biên" not in item.text for item in reports.items)


def test_home_page_lists_the_work_with_links(datasets, officer_a, login):
    client = login(officer_a)
    client.cookies["django_language"] = "vi"
    with time_machine.travel(datetime.datetime(2026, 12, 7, 9, tzinfo=datetime.UTC), tick=False):
        page = client.get("/").content.decode()
    assert "Việc của bạn" in page and 'id="work-reports"' in page
    assert "Báo cáo cần nộp" in page and "quá hạn" in page
    assert "Phường Trấn Biên" not in page


@pytest.mark.parametrize("persona", ["leader", "coordinator"])
def test_leaders_get_targets_at_risk(persona, request, datasets):
    user = request.getfixturevalue(persona)
    keys = [section.key for section in work_for(user, TODAY)]
    assert "risks" in keys
    if persona == "leader":
        assert "reports" not in keys and "quality" not in keys  # a leader changes nothing


def test_an_expert_has_no_work_list(db):
    from hientai.accounts.models import Role, RoleAssignment, User

    expert = User.objects.create_user("expert_home", password="x-2026-pass")
    RoleAssignment.objects.create(user=expert, role=Role.EXPERT)
    assert work_for(expert, TODAY) == []


def test_expert_home_is_their_own_profile_not_unit_counts(unit_a, login):
    from hientai.accounts.models import Role, RoleAssignment, User
    from hientai.registry.models import Person
    from hientai.registry.services import save_person

    expert = User.objects.create_user("home_expert", password="expert-pass-2026")
    RoleAssignment.objects.create(user=expert, role=Role.EXPERT)
    admin = User.objects.create_superuser("home_admin", password="admin-pass-2026")
    person = save_person(
        Person(unit=unit_a, family_name="Đặng", middle_name="Quốc", given_name="Bảo"),
        admin,
        "home test",
    )
    person.user = expert
    person.save(update_fields=["user"])
    sections = work_for(expert, TODAY)
    assert [section.key for section in sections] == ["profile", "privacy"]
    assert sections[0].items[0].url == f"/people/{person.pk}/"
    assert all(item.url == f"/privacy/people/{person.pk}/" for item in sections[1].items)
    client = login(expert)
    client.cookies["django_language"] = "vi"
    page = client.get("/").content.decode()
    assert "Hồ sơ của bạn" in page and "Đặng Quốc Bảo" in page
    assert "Sự đồng ý và yêu cầu về dữ liệu của bạn" in page
    assert "Đơn vị trong phạm vi" not in page and 'class="cards"' not in page
    assert client.get(f"/people/{person.pk}/").status_code == 200
    assert client.get(f"/privacy/people/{person.pk}/").status_code == 200
