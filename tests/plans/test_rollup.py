"""Progress that rolls up (issue 15): a city task implemented by tasks of the units' own
plans takes its progress from them, weighted; the responsible person is a user of the lead
unit; watchers."""

import pytest
from django.core.exceptions import ValidationError

from hientai.orgs.models import Unit
from hientai.plans import services
from hientai.plans.models import Plan, PlanStatus, Task, TaskStatus, TaskUnit, UnitRole

pytestmark = pytest.mark.django_db


def make_plan(code: str, title: str, parent: Plan | None = None) -> Plan:
    return Plan.objects.create(
        issuing_unit=Unit.objects.get(code=code),
        title=title,
        start_year=2026,
        end_year=2030,
        parent=parent,
        status=PlanStatus.ACTIVE,
        source_name=f"{title}.txt",
        source_hash=title.ljust(64, "0")[:64],
    )


def make_task(plan: Plan, content: str, lead: str, parent: Task | None = None, weight: int = 1):
    task = Task.objects.create(
        plan=plan,
        content=content,
        parent_task=parent,
        weight=weight,
        deadline_raw="Quý IV/2026",
        deadline_kind="quarter",
        deadline_due="2026-12-31",
    )
    TaskUnit.objects.create(
        task=task, role=UnitRole.LEAD, name=lead, unit=Unit.objects.get(code=lead)
    )
    return task


@pytest.fixture
def linked():
    city = make_plan("75.UBND", "Kế hoạch thành phố")
    parent = make_task(city, "Ban hành Kế hoạch triển khai tại từng đơn vị", "75.SKHCN")
    children = [
        make_task(
            make_plan(code, f"Kế hoạch {code}", city), f"Kế hoạch của {code}", code, parent, w
        )
        for code, w in (("75.SNV", 1), ("75.SNGV", 2), ("25210", 3))
    ]
    return parent, children


def test_parent_progress_is_the_weighted_progress_of_its_linked_tasks(linked, officer_of):
    parent, (snv, sngv, ward) = linked
    services.post_update(snv, officer_of("75.SNV"), 100, note="Đã ban hành")
    services.post_update(sngv, officer_of("75.SNGV"), 50, note="Đang dự thảo")
    services.post_update(ward, officer_of("25210"), 20, note="Đã giao phòng chuyên môn")
    parent.refresh_from_db()
    expected = round((1 * 100 + 2 * 50 + 3 * 20) / (1 + 2 + 3))  # 43
    assert parent.progress == expected == 43
    assert parent.status == TaskStatus.IN_PROGRESS
    summary = services.rolled_up(parent)
    assert summary is not None and summary.progress == 43 and summary.total_weight == 6
    assert [part.weight for part in summary.parts] == [1, 2, 3]


def test_unlinking_a_child_recomputes_the_parent(linked, officer_of, coordinator):
    parent, (snv, sngv, ward) = linked
    services.post_update(snv, officer_of("75.SNV"), 100)
    services.update_task(ward, coordinator, {"parent_task": None})
    services.update_task(sngv, coordinator, {"parent_task": None})
    parent.refresh_from_db()
    assert (parent.progress, parent.status) == (100, TaskStatus.DONE)


def test_responsible_person_is_a_user_of_the_lead_unit(linked, officer_of, officer_a):
    _parent, (snv, _sngv, _ward) = linked
    snv_officer = officer_of("75.SNV")
    services.set_responsible_person(snv, snv_officer, "", responsible_user=snv_officer)
    snv.refresh_from_db()
    assert snv.responsible_user == snv_officer and snv.six_clear()["person"]
    with pytest.raises(ValidationError):  # a ward officer is not of Sở Nội vụ
        services.set_responsible_person(snv, snv_officer, "", responsible_user=officer_a)
    services.set_responsible_person(snv, snv_officer, "Ông Nguyễn Văn A")  # free-text fallback
    snv.refresh_from_db()
    assert snv.responsible_user is None and snv.responsible_person == "Ông Nguyễn Văn A"


def test_watchers(linked, officer_of):
    _parent, (snv, _sngv, _ward) = linked
    user = officer_of("75.SNV")
    services.set_watching(snv, user, True)
    assert list(snv.watchers.all()) == [user]
    services.set_watching(snv, user, False)
    assert not snv.watchers.exists()


def test_task_page_explains_the_roll_up_and_the_timeline_marks_overdue(
    linked, officer_of, coordinator, login
):
    parent, (snv, _sngv, _ward) = linked
    services.post_update(snv, officer_of("75.SNV"), 90)
    client = login(coordinator)
    page = client.get(f"/plans/tasks/{parent.pk}/").content.decode()
    assert "bình quân gia quyền" in page and "Trọng số × tiến độ" in page
    assert client.post(f"/plans/tasks/{parent.pk}/watch/", {"watch": "1"}).status_code == 302
    assert parent.watchers.filter(pk=coordinator.pk).exists()
    # All tasks are due 31/12/2026: overdue from 2027.
    import time_machine

    with time_machine.travel("2027-01-05 09:00 +0700"):  # a new session: the old one expired
        timeline = login(coordinator).get(f"/plans/{parent.plan_id}/timeline/").content.decode()
    assert 'class="overdue"' in timeline and "Quá hạn" in timeline
