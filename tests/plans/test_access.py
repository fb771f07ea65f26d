"""Who sees which plans and tasks: the plan's unit subtree, the officers of a task's lead and
coordinating units, city-wide roles; nobody else (404 exactly like a missing row)."""

import pytest

from hientai.accounts.scoping import editable, visible
from hientai.core import nav
from hientai.plans import services
from hientai.plans.models import Plan, PlanEvent, Target, Task, TaskUnit, TaskUpdate
from tests.plans.conftest import SEED_000, SEED_001

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def ward_plan(import_seed):
    return import_seed(SEED_001)  # Phường Đồng Xoài (officer_a)


@pytest.fixture
def snv(officer_of):
    return officer_of("75.SNV")


def assigned_to(plan: Plan, code: str):
    return Task.objects.filter(plan=plan, units__unit__path__contains=f"/{code}/").distinct()


def test_officer_of_another_unit_sees_nothing(ward_plan, officer_b, web, login):
    assert not visible(Plan.objects.all(), officer_b).exists()
    assert not visible(Task.objects.all(), officer_b).exists()
    assert not visible(Target.objects.all(), officer_b).exists()
    assert not services.readable_plans(officer_b).exists()
    client = web(officer_b)
    assert "Phường Đồng Xoài" not in client.get("/plans/").content.decode()
    task = ward_plan.tasks.first()
    for url in (
        f"/plans/{ward_plan.pk}/",
        f"/plans/{ward_plan.pk}/review/",
        f"/plans/{ward_plan.pk}/source/?start=1&end=2",
        f"/plans/tasks/{task.pk}/",
        f"/plans/tasks/{task.pk}/edit/",
        f"/plans/target/{ward_plan.targets.first().pk}/edit/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/plans/{ward_plan.pk}/activate/").status_code == 404
    assert login(officer_b).get(f"/api/v1/plans/{ward_plan.pk}").status_code == 404
    assert login(officer_b).get("/api/v1/plans/").json()["items"] == []


def test_officer_of_the_issuing_unit_sees_and_edits_the_whole_plan(ward_plan, officer_a, web):
    assert (
        visible(Task.objects.filter(plan=ward_plan), officer_a).count() == ward_plan.tasks.count()
    )
    assert editable(Plan.objects.filter(pk=ward_plan.pk), officer_a).exists()
    client = web(officer_a)
    assert client.get(f"/plans/{ward_plan.pk}/").status_code == 200
    assert client.get(f"/plans/{ward_plan.pk}/review/").status_code == 200
    assert services.can_edit_structure(ward_plan, officer_a)


def test_lead_unit_officer_sees_assigned_tasks_only(city_plan, snv, web, login):
    assigned = set(assigned_to(city_plan, "75.SNV"))
    assert assigned
    seen = set(visible(Task.objects.all(), snv))
    assert seen == assigned
    assert len(visible(Task.objects.all(), snv)) == len(seen)  # no duplicate rows
    # Sở Nội vụ's officer may report on them, not change the plan.
    task = next(iter(assigned))
    assert services.can_track(task, snv)
    assert not services.can_edit_structure(city_plan, snv)
    assert not visible(Plan.objects.all(), snv).exists()  # the plan belongs to its unit
    assert list(services.readable_plans(snv)) == [city_plan]  # ... and is reached via tasks
    client = web(snv)
    assert client.get(f"/plans/tasks/{task.pk}/").status_code == 200
    other = Task.objects.filter(plan=city_plan).exclude(pk__in=[t.pk for t in assigned]).first()
    assert client.get(f"/plans/tasks/{other.pk}/").status_code == 404
    page = client.get(f"/plans/{city_plan.pk}/").content.decode()
    assert page.count('data-six="person"') == len(assigned)
    assert "Review and correct" not in page
    assert client.get(f"/plans/{city_plan.pk}/review/").status_code == 404
    listed = client.get("/plans/tasks/").content.decode()
    assert f'href="/plans/tasks/{task.pk}/"' in listed
    assert f'href="/plans/tasks/{other.pk}/"' not in listed
    detail = login(snv).get(f"/api/v1/plans/{city_plan.pk}").json()
    assert {item["id"] for item in detail["tasks"]} == {t.pk for t in assigned}


def test_coordinating_unit_officer_sees_the_task_too(city_plan, officer_of):
    links = TaskUnit.objects.filter(task__plan=city_plan, role="coordinator", unit__isnull=False)
    link = links.exclude(unit__code__startswith="75.SNV").first()
    officer = officer_of(link.unit.code)
    assert visible(Task.objects.filter(pk=link.task_id), officer).exists()


def test_division_officer_sees_tasks_of_their_division(import_seed, officer_of):
    plan = import_seed(SEED_000)  # Sở Ngoại vụ: tasks led by its divisions
    officer = officer_of("75.SNGV.LS")  # Phòng Lãnh sự
    seen = visible(Task.objects.all(), officer)
    assert seen.exists()
    assert all(task.units.filter(unit__code="75.SNGV.LS").exists() for task in seen), (
        "only tasks naming Phòng Lãnh sự"
    )
    assert not visible(Plan.objects.filter(pk=plan.pk), officer).exists()


def test_drafts_are_not_in_the_assigned_task_list(import_seed, snv, web):
    plan = import_seed("003_3430cb898c85fe5f")  # still a draft
    page = web(snv).get("/plans/tasks/").content.decode()
    assert 'data-six="person"' not in page
    assert not services.readable_plans(snv).exists()
    assert web(snv).get(f"/plans/{plan.pk}/").status_code == 404
    assert visible(Task.objects.filter(plan=plan), snv).exists()  # scoping itself allows it


def test_leader_reads_everything_and_changes_nothing(city_plan, leader, web):
    assert visible(Task.objects.all(), leader).count() == city_plan.tasks.count()
    assert not editable(Task.objects.all(), leader).exists()
    task = city_plan.tasks.first()
    assert not services.can_track(task, leader)
    client = web(leader)
    assert client.get(f"/plans/{city_plan.pk}/review/").status_code == 200
    assert client.get(f"/plans/tasks/{task.pk}/edit/").status_code == 403
    assert client.post(f"/plans/{city_plan.pk}/close/").status_code == 302
    city_plan.refresh_from_db()
    assert city_plan.status == "active"


def test_coordinator_is_city_wide(city_plan, ward_plan, coordinator):
    assert set(services.readable_plans(coordinator)) == {city_plan, ward_plan}
    assert services.can_edit_structure(city_plan, coordinator)
    assert services.can_decide_extension(city_plan.tasks.first(), coordinator)


def test_anonymous_is_sent_to_login(ward_plan, client):
    assert client.get("/plans/").status_code == 302
    assert client.get(f"/plans/{ward_plan.pk}/").status_code == 302
    assert client.get("/api/v1/plans/").status_code == 401


def test_an_expert_without_staff_role_is_refused(db, login):
    from hientai.accounts.models import Role, RoleAssignment, User

    expert = User.objects.create_user("expert", password="x-123456789")
    RoleAssignment.objects.create(user=expert, role=Role.EXPERT)
    assert login(expert).get("/plans/").status_code == 403


def test_audit_and_updates_follow_the_same_scope(city_plan, snv, officer_b):
    task = next(iter(assigned_to(city_plan, "75.SNV")))
    update = services.post_update(task, snv, 10)
    assert visible(TaskUpdate.objects.filter(pk=update.pk), snv).exists()
    assert not visible(TaskUpdate.objects.all(), officer_b).exists()
    assert not visible(PlanEvent.objects.all(), officer_b).exists()


def test_admin_is_for_administrators_only(ward_plan, officer_a, officer_b, administrator, login):
    listing = login(administrator).get("/admin/plans/plan/").content.decode()
    assert f"/admin/plans/plan/{ward_plan.pk}/change/" in listing
    for officer in (officer_a, officer_b):
        assert login(officer).get("/admin/plans/plan/").status_code == 403
        assert login(officer).get(f"/admin/plans/plan/{ward_plan.pk}/change/").status_code == 403


def test_navigation_entry(officer_a, web):
    assert any(item.url_name == "plans:plan_list" for item in nav.items())
    assert 'href="/plans/"' in web(officer_a).get("/").content.decode()


def test_admin_changes_are_for_administrators(city_plan, officer_of, administrator, login):
    snv = officer_of("75.SNV")
    task = Task.objects.filter(plan=city_plan, units__unit__code="75.SNV").first()
    url = f"/admin/plans/task/{task.pk}/change/"
    assert login(snv).get(url).status_code == 403
    response = login(snv).post(url, {"content": "Sửa qua trang quản trị"})
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.content != "Sửa qua trang quản trị"
    assert login(administrator).get(url).status_code == 200
