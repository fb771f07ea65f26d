"""Support cases: due dates from the time limits, overdue, the on-time rate as an
indicator, reminders, scope and workflow errors. Every date is passed in, never today's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from hientai.core.models import AuditEntry
from hientai.indicators import services as indicators
from hientai.indicators.models import ReportedValue
from hientai.orgs.models import Unit
from hientai.registry.models import Person, SensitiveAccess
from hientai.registry.privacy import mask
from hientai.reporting.models import Notification
from hientai.reporting.reminders import remind
from hientai.support import services
from hientai.support.models import CaseStatus, CaseStep, CaseType, SupportCase
from tests.conftest import UNIT_A, UNIT_B

ICT = dt.timezone(dt.timedelta(hours=7))
MONDAY = dt.date(2026, 11, 2)  # a Monday


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=ICT)


@pytest.fixture
def person_a(db) -> Person:
    return Person.objects.create(
        unit=Unit.objects.get(code=UNIT_A), family_name="Smith", given_name="John", gender="male"
    )


@pytest.fixture
def person_b(db) -> Person:
    return Person.objects.create(
        unit=Unit.objects.get(code=UNIT_B), family_name="Tanaka", given_name="Ken", gender="male"
    )


def open_visa(user, person, day=MONDAY, **extra) -> SupportCase:
    return services.open_case(
        user,
        case_type=CaseType.objects.get(code="visa"),
        unit=person.unit,
        person=person,
        now=day,
        opened_on=day,
        **extra,
    )


def test_working_days_skip_the_weekend():
    friday = dt.date(2026, 11, 6)
    assert services.add_days(friday, 1) == dt.date(2026, 11, 9)
    assert services.add_days(friday, 5) == dt.date(2026, 11, 13)
    assert services.add_days(friday, 2, working=False) == dt.date(2026, 11, 8)


def test_steps_and_due_dates_come_from_the_template(officer_a, person_a):
    case = open_visa(officer_a, person_a)
    steps = list(case.steps.order_by("position"))
    assert [s.name for s in steps][2] == "Gửi hồ sơ đến Phòng Quản lý xuất nhập cảnh – Công an tỉnh"
    # 1, 2, 1, 5, 1 working days one after the other from Monday 2 November.
    assert [s.due_on for s in steps] == [
        dt.date(2026, 11, 3),
        dt.date(2026, 11, 5),
        dt.date(2026, 11, 6),
        dt.date(2026, 11, 13),
        dt.date(2026, 11, 16),
    ]
    assert (
        AuditEntry.objects.filter(object_type="support.supportcase", action="create").count() == 1
    )


def test_a_step_done_moves_the_later_due_dates(officer_a, person_a):
    case = open_visa(officer_a, person_a)
    first = case.steps.get(position=1)
    services.complete_step(officer_a, first, "Đủ hồ sơ", now=dt.date(2026, 11, 5))
    second = case.steps.get(position=2)
    assert second.due_on == dt.date(2026, 11, 9)  # Thursday + 2 working days
    first.refresh_from_db()
    assert first.on_time() is False and first.note == "Đủ hồ sơ"


def test_overdue_detection(officer_a, person_a):
    case = open_visa(officer_a, person_a)
    cases = SupportCase.objects.all()
    assert not services.overdue_cases(cases, dt.date(2026, 11, 3)).exists()
    assert list(services.overdue_cases(cases, dt.date(2026, 11, 4))) == [case]
    for step in case.steps.order_by("position"):
        services.complete_step(officer_a, step, now=dt.date(2026, 11, 3))
    assert not services.overdue_cases(cases, dt.date(2026, 12, 31)).exists()


def test_on_time_rate_is_the_indicator_value(officer_a, officer_b, person_a, person_b):
    case_a = open_visa(officer_a, person_a)
    steps = list(case_a.steps.order_by("position"))
    services.complete_step(officer_a, steps[0], now=dt.date(2026, 11, 3))  # due 3/11: on time
    services.complete_step(officer_a, steps[1], now=dt.date(2026, 11, 10))  # due 5/11: late
    services.complete_step(officer_a, steps[2], now=dt.date(2026, 11, 11))  # replanned: on time
    case_b = open_visa(officer_b, person_b)
    services.complete_step(officer_b, case_b.steps.get(position=1), now=dt.date(2026, 11, 2))
    unit_a, unit_b = Unit.objects.get(code=UNIT_A), Unit.objects.get(code=UNIT_B)
    assert services.on_time_counts(unit_a, 2026) == (2, 3)
    row = ReportedValue.objects.get(indicator__code="SUP_ONTIME", unit=unit_a, period="2026")
    assert float(row.value) == pytest.approx(66.67, abs=0.01)
    values = {
        v.unit.code: v
        for v in indicators.evaluate("2026", indicators=["SUP_ONTIME"], units=[unit_a, unit_b])
    }
    assert float(values[UNIT_A].value) == pytest.approx(200 / 3, abs=0.01)
    assert float(values[UNIT_B].value) == 100
    # The province rolls the units up as a ratio of sums: 3 on time out of 4.
    city = Unit.objects.get(code="75")
    total = indicators.evaluate("2026", indicators=["SUP_ONTIME"], unit=city)[0]
    assert float(total.value) == 75
    # Reopening the only step of ward B removes its value: nothing done, no rate.
    services.reopen_step(officer_b, case_b.steps.get(position=1), "nhầm", now=dt.date(2026, 11, 3))
    assert not ReportedValue.objects.filter(indicator__code="SUP_ONTIME", unit=unit_b).exists()


def test_reminders_for_steps_near_and_over_due(officer_a, person_a):
    case = open_visa(officer_a, person_a)
    result = remind(at(dt.date(2026, 11, 2)))  # step 1 due tomorrow
    assert result.sent >= 1
    due = Notification.objects.get(user=officer_a, key__startswith="support_due:")
    assert due.kind == "task_due" and f"/support/{case.pk}/" in due.link
    assert "Tiếp nhận hồ sơ" in due.subject
    remind(at(dt.date(2026, 11, 2)))  # once only
    assert Notification.objects.filter(user=officer_a, key__startswith="support_").count() == 1
    remind(at(dt.date(2026, 11, 5)))  # step 1 is late now
    late = Notification.objects.get(user=officer_a, key__startswith="support_overdue:")
    assert late.kind == "task_overdue"
    services.complete_step(officer_a, case.steps.get(position=1), now=dt.date(2026, 11, 5))
    # Step 2 is due on 9 November, beyond two days: no more reminders on the 5th.
    before = Notification.objects.count()
    remind(at(dt.date(2026, 11, 5)))
    assert Notification.objects.count() == before


def test_workflow_errors_leave_nothing_written(officer_a, person_a):
    case = open_visa(officer_a, person_a)
    steps = list(case.steps.order_by("position"))
    audits = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="Finish the steps before"):
        services.complete_step(officer_a, steps[2], now=dt.date(2026, 11, 3))
    with pytest.raises(ValidationError, match="future"):
        services.complete_step(
            officer_a, steps[0], done_on=dt.date(2026, 11, 9), now=dt.date(2026, 11, 3)
        )
    with pytest.raises(ValidationError, match="Every step must be done"):
        services.close_case(officer_a, case, now=dt.date(2026, 11, 3))
    with pytest.raises(ValidationError, match="not done"):
        services.reopen_step(officer_a, steps[0])
    assert not CaseStep.objects.filter(case=case, done_on__isnull=False).exists()
    assert AuditEntry.objects.count() == audits
    assert SupportCase.objects.get(pk=case.pk).status == CaseStatus.OPEN
    for step in steps:
        services.complete_step(officer_a, step, now=dt.date(2026, 11, 6))
    with pytest.raises(ValidationError, match="Reopen the later steps"):
        services.reopen_step(officer_a, steps[0])
    services.close_case(officer_a, case, now=dt.date(2026, 11, 7))
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_on == dt.date(2026, 11, 7)
    with pytest.raises(ValidationError, match="already closed"):
        services.close_case(officer_a, case)
    with pytest.raises(ValidationError, match="closed"):
        services.reopen_step(officer_a, steps[-1])
    with pytest.raises(ValidationError, match="Say why"):
        services.reopen_case(officer_a, case, "")
    services.reopen_case(officer_a, case, "Thiếu bản dịch")
    assert SupportCase.objects.get(pk=case.pk).status == CaseStatus.OPEN


def test_opening_errors(officer_a, person_a, person_b, leader):
    visa = CaseType.objects.get(code="visa")
    count = SupportCase.objects.count()
    with pytest.raises(ValidationError, match="not in your scope"):
        services.open_case(
            officer_a, case_type=visa, unit=person_a.unit, person=person_b, now=MONDAY
        )
    with pytest.raises(ValidationError, match="lead unit"):
        services.open_case(officer_a, case_type=visa, unit=person_b.unit, person=person_a)
    with pytest.raises(ValidationError, match="foreign expert's name"):
        services.open_case(officer_a, case_type=visa, unit=person_a.unit)
    with pytest.raises(PermissionDenied):
        services.open_case(leader, case_type=visa, unit=person_a.unit, person=person_a)
    assert SupportCase.objects.count() == count
    # A foreign expert not in the registry: a name is enough.
    case = services.open_case(
        officer_a,
        case_type=CaseType.objects.get(code="residence_card"),
        unit=person_a.unit,
        expert_name="Maria  Rossi",
        expert_nationality="Ý",
        passport_number="ya 1234567",
        now=MONDAY,
    )
    assert case.subject_name == "Maria Rossi" and case.passport_number == "YA1234567"


def test_scope_other_ward_is_404_and_leader_reads_masked(
    officer_a, officer_b, leader, coordinator, person_b
):
    case = open_visa(officer_b, person_b, passport_number="C7654321")
    client = Client()
    client.force_login(officer_a)
    assert client.get(f"/support/{case.pk}/").status_code == 404
    step = case.steps.get(position=1)
    response = client.post(f"/support/{case.pk}/steps/{step.pk}/", {"action": "done"})
    assert response.status_code == 404
    assert client.post(f"/support/{case.pk}/status/", {"action": "close"}).status_code == 404
    assert not CaseStep.objects.filter(pk=step.pk, done_on__isnull=False).exists()
    assert f"/support/{case.pk}/" not in client.get("/support/").content.decode()
    with pytest.raises(PermissionDenied):
        services.complete_step(officer_a, step)
    client.force_login(leader)
    page = client.get(f"/support/{case.pk}/").content.decode()
    assert "C7654321" not in page
    assert mask("C7654321") in page
    assert "Mark done" not in page and "Đánh dấu xong" not in page
    with pytest.raises(PermissionDenied):
        services.complete_step(leader, step)
    logged = SensitiveAccess.objects.count()
    client.force_login(officer_b)
    assert "C7654321" in client.get(f"/support/{case.pk}/").content.decode()
    assert SensitiveAccess.objects.count() == logged + 1
    client.force_login(coordinator)
    assert client.get("/support/?overdue=1").status_code == 200


def test_officer_pages_open_and_close(officer_a, person_a):
    client = Client()
    client.force_login(officer_a)
    visa = CaseType.objects.get(code="visa")
    response = client.post(
        "/support/add/",
        {"case_type": visa.pk, "person": person_a.pk, "unit": person_a.unit.pk, "summary": "x"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    case = SupportCase.objects.get()
    assert client.post("/support/add/", {"case_type": visa.pk}).status_code == 400
    for step in case.steps.order_by("position"):
        response = client.post(
            f"/support/{case.pk}/steps/{step.pk}/", {"action": "done", "note": "ok"}
        )
        assert response.status_code == 302
    assert client.post(f"/support/{case.pk}/status/", {"action": "close"}).status_code == 302
    assert SupportCase.objects.get().status == CaseStatus.CLOSED
    assert client.get("/support/?status=closed&type=visa").status_code == 200
    assert client.get(f"/people/{person_a.pk}/").status_code == 200
