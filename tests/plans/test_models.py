"""Plan models: due dates per deadline kind, overdue, the "6 rõ", reporting duties, helpers."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hientai.orgs.models import Unit
from hientai.plans import matching, services
from hientai.plans.models import (
    OVERDUE,
    PeriodType,
    Plan,
    PlanEvent,
    ReportingDuty,
    Target,
    Task,
    TaskStatus,
    TaskUnit,
    TaskUpdate,
    UnitRole,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

D = datetime.date


@pytest.fixture
def plan(db) -> Plan:
    return Plan.objects.create(
        number="20/KH-UBND",
        issuing_unit=Unit.objects.get(code="75.UBND"),
        title="Kế hoạch thử",
        start_year=2026,
        end_year=2030,
        source_name="test.txt",
        source_hash="x" * 64,
        approver="KT. CHỦ TỊCH – PHÓ CHỦ TỊCH",
    )


def task_with(plan: Plan, raw: str | None, **fields) -> Task:
    return Task.objects.create(
        plan=plan, content="Nhiệm vụ", **services._deadline_fields(raw), **fields
    )


@pytest.mark.parametrize(
    ("raw", "kind", "dates"),
    [
        ("31/12/2026", "date", [D(2026, 12, 31)]),
        ("ngày 15 tháng 8 năm 2027", "date", [D(2027, 8, 15)]),
        ("Tháng 6/2026", "month", [D(2026, 6, 30)]),
        ("Quý II/2026", "quarter", [D(2026, 6, 30)]),
        ("Quý IV/2028", "quarter", [D(2028, 12, 31)]),
        ("Năm 2027", "year", [D(2027, 12, 31)]),
        ("Hằng năm", "yearly", [D(year, 12, 31) for year in range(2026, 2031)]),
        ("Hàng năm", "yearly", [D(year, 12, 31) for year in range(2026, 2031)]),
        ("trước ngày 15/12 hằng năm", "yearly", [D(year, 12, 15) for year in range(2026, 2031)]),
        ("Từ năm 2028", "from", [D(year, 12, 31) for year in range(2028, 2031)]),
        ("Thường xuyên", "ongoing", []),
        ("Khi có hướng dẫn của Bộ", "conditional", []),
        ("Sau khi các Bộ ban hành", "conditional", []),
        ("Theo kế hoạch của Bộ Nội vụ", "follows_plan", []),
        ("Năm 2035", "year", [D(2035, 12, 31)]),  # a one-off date stands outside the years
    ],
)
def test_due_dates_per_deadline_kind(plan, raw, kind, dates):
    task = task_with(plan, raw)
    assert task.deadline_kind == kind
    assert task.due_dates() == dates


def test_task_without_deadline_has_no_due_date(plan):
    task = task_with(plan, None)
    assert (task.deadline_kind, task.due_dates(), task.next_due()) == ("", [], None)


def test_due_dates_use_the_plan_years_or_a_given_range(plan):
    task = task_with(plan, "Hằng năm")
    assert task.due_dates((2026, 2027)) == [D(2026, 12, 31), D(2027, 12, 31)]
    plan.start_year = plan.end_year = None
    plan.date = D(2026, 5, 1)
    assert task.due_dates()[0] == D(2026, 12, 31)


def test_next_due_is_the_first_date_not_yet_past(plan):
    task = task_with(plan, "Hằng năm")
    assert task.next_due(D(2027, 3, 1)) == D(2027, 12, 31)
    assert task.next_due(D(2031, 3, 1)) == D(2030, 12, 31)  # all past: the last one


def test_one_off_task_is_overdue_after_its_due_date_unless_done(plan):
    task = task_with(plan, "Quý II/2026")
    assert not task.is_overdue(D(2026, 6, 30))
    assert task.is_overdue(D(2026, 7, 1))
    assert task.display_status(D(2026, 7, 1)) == OVERDUE
    task.status = TaskStatus.DONE
    assert not task.is_overdue(D(2026, 7, 1))


def test_an_approved_extension_replaces_the_due_date(plan):
    task = task_with(plan, "Quý II/2026", extended_due=D(2026, 9, 30))
    assert task.due_dates() == [D(2026, 9, 30)]
    assert not task.is_overdue(D(2026, 7, 1))
    assert task.is_overdue(D(2026, 10, 1))


def test_recurring_task_is_overdue_when_a_period_passed_without_a_report(plan, officer_a):
    task = task_with(plan, "Hằng năm")
    assert not task.is_overdue(D(2026, 12, 31))
    assert task.is_overdue(D(2027, 1, 5))
    update = TaskUpdate.objects.create(
        task=task, author=officer_a, progress=50, status=TaskStatus.IN_PROGRESS
    )
    TaskUpdate.objects.filter(pk=update.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2026, 11, 20, 9))
    )
    assert not task.is_overdue(D(2027, 1, 5))
    assert task.is_overdue(D(2028, 1, 5))  # nothing reported in 2027


def test_ongoing_and_conditional_tasks_are_never_overdue(plan):
    for raw in ("Thường xuyên", "Khi có hướng dẫn của Bộ", "Theo kế hoạch của Bộ"):
        assert not task_with(plan, raw).is_overdue(D(2040, 1, 1))


def test_six_clear(plan):
    task = task_with(plan, "Quý II/2026")
    assert task.six_clear() == {
        "person": False,
        "task": True,
        "time": True,
        "responsibility": False,
        "product": False,
        "authority": True,
    }
    TaskUnit.objects.create(
        task=task, role=UnitRole.LEAD, name="các sở, ban, ngành", is_generic=True
    )
    assert not task.six_clear()["responsibility"]  # a generic group names nobody
    TaskUnit.objects.create(
        task=task, role=UnitRole.LEAD, name="Sở Nội vụ", unit=Unit.objects.get(code="75.SNV")
    )
    task.responsible_person = "Nguyễn Văn A, Phó Giám đốc"
    task.expected_result = "Báo cáo kết quả"
    assert task.six_clear_count() == 6
    assert [key for key, _label, _ok in task.six_clear_items()] == [
        "person",
        "task",
        "time",
        "responsibility",
        "product",
        "authority",
    ]


def test_six_clear_time_and_authority(plan):
    assert not task_with(plan, "Sớm nhất có thể").six_clear()["time"]  # kind "other"
    plan.approver = ""
    assert not task_with(plan, "Quý II/2026").six_clear()["authority"]


def test_missing_six_clear_filter_matches_the_dots(plan):
    complete = task_with(plan, "Quý II/2026", responsible_person="Bà B", expected_result="Báo cáo")
    TaskUnit.objects.create(
        task=complete, role=UnitRole.LEAD, name="Sở Nội vụ", unit=Unit.objects.get(code="75.SNV")
    )
    no_person = task_with(plan, "Năm 2027", expected_result="Đề án")
    TaskUnit.objects.create(
        task=no_person, role=UnitRole.LEAD, name="Sở Y tế", unit=Unit.objects.get(code="75.SYT")
    )
    tasks = Task.objects.filter(plan=plan)
    assert set(services.missing_six_clear(tasks)) == {no_person}
    assert set(services.missing_six_clear(tasks, "person")) == {no_person}
    assert not services.missing_six_clear(tasks, "responsibility").exists()
    for task in tasks:
        assert (task.six_clear_count() < 6) == (task in services.missing_six_clear(tasks))


def test_reporting_duty_due_dates(plan):
    yearly = ReportingDuty(
        plan=plan, from_name="A", to_name="B", period_type=PeriodType.YEAR, due_day="15/12"
    )
    assert yearly.due_dates((2026, 2027)) == [D(2026, 12, 15), D(2027, 12, 15)]
    half = ReportingDuty(
        plan=plan, from_name="A", to_name="B", period_type=PeriodType.HALF_YEAR, due_day="20/06"
    )
    assert half.due_dates((2026, 2026)) == [D(2026, 6, 20), D(2026, 12, 20)]
    half_plain = ReportingDuty(
        plan=plan, from_name="A", to_name="B", period_type=PeriodType.HALF_YEAR
    )
    assert half_plain.due_dates((2026, 2026)) == [D(2026, 6, 30), D(2026, 12, 31)]
    ad_hoc = ReportingDuty(plan=plan, from_name="A", to_name="B", period_type=PeriodType.AD_HOC)
    assert ad_hoc.due_dates() == []


def test_target_value_display(plan):
    single = Target(plan=plan, text="", value=Decimal("61.500"), unit="%")
    ranged = Target(plan=plan, text="", value=Decimal("35"), value_max=Decimal("40"), unit="%")
    assert (single.value_display, ranged.value_display) == ("61,5", "35–40")


def test_plan_events_are_append_only(plan):
    event = PlanEvent.objects.create(plan=plan, action="edited")
    event.detail = {"changed": True}
    with pytest.raises(ValidationError):
        event.save()


def test_progress_cannot_exceed_100(plan):
    task = Task(plan=plan, content="Nhiệm vụ", progress=101)
    with pytest.raises(ValidationError):
        task.full_clean()


def test_number_keys_and_document_references():
    assert matching.number_key("20/ KH-UBND") == matching.number_key("20/KH-UBND")
    refs = matching.document_refs(
        "Căn cứ Kế hoạch số 20/ KH-UBND ngày 19/01/2026 của UBND tỉnh về Nghị quyết số "
        "57-NQ/TW ngày 22/12/2024"
    )
    assert [(ref.kind, ref.number, ref.date) for ref in refs] == [
        ("Kế hoạch", "20/KH-UBND", "19/01/2026"),
        ("Nghị quyết", "57-NQ/TW", "22/12/2024"),
    ]
    assert refs[0].is_plan and not refs[1].is_plan
    assert matching.is_numbered("20/KH-UBND") and not matching.is_numbered("/KH-UBND")


@pytest.mark.parametrize(
    ("title", "plan_year", "years"),
    [
        ("Phát triển nhân tài giai đoạn 2026 - 2030", 2026, (2026, 2030)),
        ("Triển khai Nghị quyết ... năm 2026", None, (2026, 2026)),
        ("Phát triển đội ngũ trí thức đến năm 2030, tầm nhìn đến năm 2045", 2026, (2026, 2030)),
        ("Kế hoạch không nêu năm", 2026, (2026, 2026)),
    ],
)
def test_plan_years_from_title(title, plan_year, years):
    assert matching.guess_years(title, plan_year, []) == years


def test_signature_block():
    lines = ["Nơi nhận:", "- Lưu: VT.", "", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Lê Trường Sơn"]
    assert services.signer_in(lines) == "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH – Lê Trường Sơn"
    assert services.signer_in(["Không có chữ ký"]) == ""


def test_unit_suggestions_are_ranked(db):
    city = Unit.objects.get(code="75.UBND")
    found = matching.suggest_units("Ban quản lý KCN, khu kinh tế", city)
    assert found[0].unit.code == "75.BQLKCN"
    sure = matching.suggest_units("Sở Văn hoá thể thao và Du lịch", city)
    assert sure[0].unit.code == "75.SVHTTDL" and sure[0].sure
    assert [item.score for item in found] == sorted((item.score for item in found), reverse=True)
    own_office = matching.suggest_units("Văn phòng Sở", Unit.objects.get(code="75.SNGV"))
    assert own_office[0].unit.code == "75.SNGV.VP"
    assert matching.suggest_units("", city) == []
