"""Tracking active plans: progress reports with evidence, deadline extensions, the API."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hientai.plans import services
from hientai.plans.models import (
    EVIDENCE_MAX_BYTES,
    DeadlineExtension,
    ExtensionStatus,
    PlanEvent,
    Task,
    TaskStatus,
    TaskUpdate,
)
from tests.plans.conftest import SEED_001

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def snv(officer_of):
    return officer_of("75.SNV")  # an officer of Sở Nội vụ


def snv_task(plan) -> Task:
    """A task of the city plan that Sở Nội vụ leads, with a one-off deadline."""
    return (
        Task.objects.filter(plan=plan, units__unit__code="75.SNV", units__role="lead")
        .filter(deadline_kind__in=["quarter", "year"])
        .order_by("position")
        .first()
    )


def pdf(name: str = "bao-cao.pdf", size: int = 100) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"x" * size, content_type="application/pdf")


def test_lead_unit_officer_reports_progress_with_evidence(city_plan, snv):
    task = snv_task(city_plan)
    update = services.post_update(task, snv, 40, note="Đã xây dựng dự thảo", evidence=pdf())
    task.refresh_from_db()
    assert (task.progress, task.status) == (40, TaskStatus.IN_PROGRESS)
    assert update.author == snv and update.evidence.name.endswith(".pdf")
    event = PlanEvent.objects.get(task=task, action="updated")
    assert event.actor == snv and event.detail["progress"] == 40
    services.post_update(task, snv, 100)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and not task.is_overdue(datetime.date(2040, 1, 1))


def test_done_means_100_percent(city_plan, snv):
    task = snv_task(city_plan)
    services.post_update(task, snv, 60, status=TaskStatus.DONE)
    task.refresh_from_db()
    assert (task.progress, task.status) == (100, TaskStatus.DONE)


@pytest.mark.parametrize(
    "evidence",
    [
        SimpleUploadedFile("script.exe", b"MZ"),
        SimpleUploadedFile("ghi-chu.html", b"<script>"),
    ],
)
def test_evidence_extension_is_checked(city_plan, snv, evidence):
    with pytest.raises(ValidationError):
        services.post_update(snv_task(city_plan), snv, 10, evidence=evidence)
    assert not TaskUpdate.objects.exists()


def test_evidence_size_is_checked(city_plan, snv, monkeypatch):
    monkeypatch.setattr("hientai.plans.models.EVIDENCE_MAX_BYTES", 50)
    with pytest.raises(ValidationError):
        services.post_update(snv_task(city_plan), snv, 10, evidence=pdf(size=100))
    assert EVIDENCE_MAX_BYTES == 20 * 1024 * 1024


def test_progress_out_of_range(city_plan, snv):
    with pytest.raises(ValidationError):
        services.post_update(snv_task(city_plan), snv, 120)


def test_no_tracking_on_drafts_or_closed_plans(import_seed, officer_a, city_plan, snv):
    draft = import_seed(SEED_001)
    with pytest.raises(PermissionDenied):
        services.post_update(draft.tasks.first(), officer_a, 10)
    services.close(city_plan, None)
    with pytest.raises(PermissionDenied):
        services.post_update(snv_task(city_plan), snv, 10)


def test_others_cannot_report(city_plan, officer_b, leader):
    task = snv_task(city_plan)
    for user in (officer_b, leader):
        with pytest.raises(PermissionDenied):
            services.post_update(task, user, 10)


def test_responsible_person_named_by_the_lead_unit(city_plan, snv, web):
    task = snv_task(city_plan)
    assert not task.six_clear()["person"]
    web(snv).post(f"/plans/tasks/{task.pk}/person/", {"responsible_person": "Bà Trần Thị B"})
    task.refresh_from_db()
    assert task.responsible_person == "Bà Trần Thị B" and task.six_clear()["person"]


# ---------------------------------------------------------------- extensions


def test_extension_request_and_approval(city_plan, snv, coordinator):
    task = snv_task(city_plan)
    old_due = task.next_due()
    new_due = old_due + datetime.timedelta(days=90)
    extension = services.request_extension(task, snv, new_due, "Chờ hướng dẫn của Bộ")
    assert (extension.old_due, extension.status) == (old_due, ExtensionStatus.PENDING)
    with pytest.raises(ValidationError):
        services.request_extension(task, snv, new_due, "Lần hai")  # one pending at a time
    with pytest.raises(PermissionDenied):
        services.decide_extension(extension, snv, approve=True)  # not the plan's unit
    services.decide_extension(extension, coordinator, approve=True, note="Đồng ý")
    extension.refresh_from_db()
    task.refresh_from_db()
    assert extension.status == ExtensionStatus.APPROVED
    assert extension.decided_by == coordinator and extension.decided_at
    assert task.extended_due == new_due and task.next_due(old_due) == new_due
    with pytest.raises(ValidationError):
        services.decide_extension(extension, coordinator, approve=False)
    actions = list(PlanEvent.objects.filter(task=task).values_list("action", flat=True))
    assert {"extension_requested", "extension_approved"} <= set(actions)


def test_the_plan_units_officer_may_decide(import_seed, officer_a):
    plan = import_seed(SEED_001)
    services.activate(plan, officer_a)
    task = plan.tasks.first()
    extension = services.request_extension(
        task, officer_a, datetime.date(2027, 3, 31), "Thiếu kinh phí"
    )
    services.decide_extension(extension, officer_a, approve=False, note="Không đồng ý")
    extension.refresh_from_db()
    task.refresh_from_db()
    assert extension.status == ExtensionStatus.REJECTED and task.extended_due is None


def test_extension_must_move_the_date_later_and_give_a_reason(city_plan, snv):
    task = snv_task(city_plan)
    with pytest.raises(ValidationError):
        services.request_extension(task, snv, task.next_due(), "Lý do")
    with pytest.raises(ValidationError):
        services.request_extension(task, snv, task.next_due() + datetime.timedelta(days=5), " ")
    assert not DeadlineExtension.objects.exists()


def test_an_extension_needs_a_person_to_ask_for_it(city_plan):
    """The system (user None) passes the scope checks, but a request records who asked:
    it is refused before anything is written (it failed with an IntegrityError)."""
    task = snv_task(city_plan)
    new_due = task.next_due() + datetime.timedelta(days=30)
    with pytest.raises(PermissionDenied):
        services.request_extension(task, None, new_due, "Lý do")
    assert not DeadlineExtension.objects.exists()


def test_extension_screens(city_plan, snv, coordinator, web):
    task = snv_task(city_plan)
    new_due = (task.next_due() + datetime.timedelta(days=30)).isoformat()
    web(snv).post(f"/plans/tasks/{task.pk}/extension/", {"new_due": new_due, "reason": "Chờ"})
    extension = DeadlineExtension.objects.get()
    page = web(snv).get(f"/plans/tasks/{task.pk}/").content.decode()
    assert "Ask for more time" in page and "Approve" not in page
    page = web(coordinator).get(f"/plans/tasks/{task.pk}/").content.decode()
    assert "Approve" in page
    web(snv).post(f"/plans/extensions/{extension.pk}/decide/", {"decision": "approve"})
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.PENDING
    web(coordinator).post(f"/plans/extensions/{extension.pk}/decide/", {"decision": "approve"})
    extension.refresh_from_db()
    assert extension.status == ExtensionStatus.APPROVED


# ---------------------------------------------------------------- web


def test_task_page_and_update_form(city_plan, snv, web):
    task = snv_task(city_plan)
    client = web(snv)
    page = client.get(f"/plans/tasks/{task.pk}/").content.decode()
    assert "Report progress" in page and 'data-six="person"' in page
    response = client.post(
        f"/plans/tasks/{task.pk}/update/",
        {"progress": "30", "status": "in_progress", "note": "Đang làm", "evidence": pdf()},
    )
    assert response.status_code == 302
    update = TaskUpdate.objects.get()
    assert update.progress == 30
    download = client.get(f"/plans/updates/{update.pk}/evidence/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_bad_evidence_through_the_form(city_plan, snv, web):
    task = snv_task(city_plan)
    response = web(snv).post(
        f"/plans/tasks/{task.pk}/update/",
        {"progress": "30", "status": "in_progress", "evidence": SimpleUploadedFile("x.exe", b"MZ")},
        follow=True,
    )
    assert "extension" in response.content.decode()
    assert not TaskUpdate.objects.exists()


def test_evidence_is_scoped(city_plan, snv, officer_b, web):
    update = services.post_update(snv_task(city_plan), snv, 10, evidence=pdf())
    assert web(officer_b).get(f"/plans/updates/{update.pk}/evidence/").status_code == 404


def test_overdue_filter_and_six_clear_filter(city_plan, coordinator, web):
    client = web(coordinator)
    page = client.get(f"/plans/{city_plan.pk}/?missing=any").content.decode()
    assert page.count('data-six="person"') == city_plan.tasks.count()  # no task names a person
    task = snv_task(city_plan)
    Task.objects.filter(pk=task.pk).update(deadline_due=datetime.date(2020, 1, 1))
    page = client.get(f"/plans/{city_plan.pk}/?status=overdue").content.decode()
    assert f'href="/plans/tasks/{task.pk}/"' in page
    page = client.get("/plans/tasks/?status=overdue").content.decode()
    assert f'href="/plans/tasks/{task.pk}/"' in page


# ---------------------------------------------------------------- API


def test_api_lists_plans_and_details_tasks(city_plan, snv, login):
    client = login(snv)
    plans = client.get("/api/v1/plans/").json()["items"]
    assert [plan["id"] for plan in plans] == [city_plan.pk]
    detail = client.get(f"/api/v1/plans/{city_plan.pk}").json()
    assert detail["tasks"] and all(
        any(unit["unit"] and unit["unit"].startswith("75.SNV") for unit in task["units"])
        for task in detail["tasks"]
    )
    assert {"six_clear", "deadline", "span"} <= set(detail["tasks"][0])
    assert detail["targets"] == []  # targets belong to the plan's own unit


def test_api_posts_an_update(city_plan, snv, officer_b, leader, login):
    task = snv_task(city_plan)
    url = f"/api/v1/plans/tasks/{task.pk}/updates"
    body = json.dumps({"progress": 25, "note": "Qua API"})
    response = login(snv).post(url, body, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["status"] == "in_progress"
    assert login(officer_b).post(url, body, content_type="application/json").status_code == 404
    assert login(leader).post(url, body, content_type="application/json").status_code == 403
    bad = json.dumps({"progress": 250})
    assert login(snv).post(url, bad, content_type="application/json").status_code == 422
    assert TaskUpdate.objects.count() == 1
