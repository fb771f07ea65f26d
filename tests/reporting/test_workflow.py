"""The submission workflow: draft → submitted → approved | returned, who may do what, the audit
trail, and the lock on approval (acceptance: an approved submission cannot be edited)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.indicators.models import ReportedValue
from hientai.orgs.models import Unit
from hientai.reporting import services
from hientai.reporting.models import (
    Action,
    Assignment,
    Status,
    Submission,
    SubmissionEvent,
    SubmissionLocked,
    SubmissionValue,
)
from tests.reporting.rep_support import *  # noqa: F403
from tests.reporting.rep_support import at

FULL_YEAR = {
    "T.TRAINED": {"numerator": "30", "denominator": "120", "note": "Theo báo cáo Phòng Nội vụ"},
    "T.EXPERTS": {"value": "4"},
    "T.RND": {"numerator": "12", "denominator": "98000"},
    "T.GROWTH": {"value": "5,5"},
}


@pytest.fixture
def draft(datasets, unit_a, officer_a) -> Submission:
    return services.open_submission(
        datasets["year"], unit_a, "2026", officer_a, now=at(2026, 11, 20)
    )


@pytest.fixture
def submitted(draft, officer_a) -> Submission:
    # Every step carries its own moment: the events are compared in time order.
    services.save_values(draft, officer_a, FULL_YEAR, now=at(2026, 11, 25))
    return services.submit(draft, officer_a, now=at(2026, 12, 1))


def test_open_creates_one_draft_with_its_due_date(datasets, unit_a, officer_a):
    first = services.open_submission(datasets["year"], unit_a, "2026", officer_a)
    again = services.open_submission(datasets["year"], unit_a, "2026", officer_a)
    assert first.pk == again.pk
    assert first.status == Status.DRAFT
    assert first.due_date.isoformat() == "2026-12-05"
    assert Submission.objects.count() == 1
    event = SubmissionEvent.objects.get(submission=first)
    assert (event.action, event.user, event.to_status) == (Action.CREATED, officer_a, "draft")


def test_open_only_for_assigned_units_and_own_scope(datasets, unit_a, unit_b, officer_a):
    other = Unit.objects.get(code="25195")  # a ward not assigned the dataset
    RoleAssignment.objects.create(user=officer_a, role=Role.OFFICER, unit=other)
    officer_a = User.objects.get(pk=officer_a.pk)  # a fresh scope with the second unit
    with pytest.raises(ValidationError):
        services.open_submission(datasets["year"], other, "2026", officer_a)
    with pytest.raises(PermissionDenied):  # officer A may not write unit B's reports
        services.open_submission(datasets["year"], unit_b, "2026", officer_a)
    assert not Submission.objects.filter(unit__in=[other, unit_b]).exists()


def test_open_rejects_a_period_of_the_wrong_kind(datasets, unit_a, officer_a):
    with pytest.raises(ValidationError):
        services.open_submission(datasets["half"], unit_a, "2026", officer_a)
    with pytest.raises(ValidationError):
        services.open_submission(datasets["year"], unit_a, "2026H1", officer_a)
    with pytest.raises(ValidationError):
        services.open_submission(datasets["year"], unit_a, "năm ngoái", officer_a)
    assert not Submission.objects.exists()


def test_assignment_period_limits(datasets, unit_a, officer_a):
    Assignment.objects.filter(dataset=datasets["year"], unit=unit_a).update(
        since=at(2026, 1, 1).date()
    )
    with pytest.raises(ValidationError):
        services.open_submission(datasets["year"], unit_a, "2024", officer_a)
    assert services.open_submission(datasets["year"], unit_a, "2026", officer_a).pk


def test_leader_cannot_open_or_enter(datasets, unit_a, leader, draft):
    with pytest.raises(PermissionDenied):
        services.open_submission(datasets["half"], unit_a, "2026H1", leader)
    with pytest.raises(PermissionDenied):
        services.save_values(draft, leader, {"T.EXPERTS": {"value": "3"}})
    assert not SubmissionValue.objects.exists()


def test_full_path_to_approval_counts_in_indicators(submitted, coordinator, officer_a):
    assert submitted.status == Status.SUBMITTED
    assert submitted.submitted_by == officer_a
    services.approve(submitted, coordinator, "Đạt yêu cầu", now=at(2026, 12, 3))
    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED
    assert submitted.decided_by == coordinator
    assert submitted.approved_at == at(2026, 12, 3)
    reported = {
        row.indicator.code: row for row in ReportedValue.objects.filter(unit=submitted.unit)
    }
    assert set(reported) == set(FULL_YEAR)
    assert reported["T.TRAINED"].period == "2026"
    assert reported["T.TRAINED"].value == Decimal("25")
    assert reported["T.TRAINED"].numerator == 30 and reported["T.TRAINED"].denominator == 120
    assert reported["T.EXPERTS"].value == 4
    actions = list(
        SubmissionEvent.objects.filter(submission=submitted)
        .order_by("at", "pk")
        .values_list("action", "user__username", "from_status", "to_status", "comment")
    )
    assert actions == [
        ("created", "officer_a", "", "draft", ""),
        ("saved", "officer_a", "draft", "draft", ""),
        ("submitted", "officer_a", "draft", "submitted", ""),
        ("approved", "coordinator", "submitted", "approved", "Đạt yêu cầu"),
    ]


def test_saved_event_records_the_changes(draft, officer_a):
    services.save_values(draft, officer_a, {"T.EXPERTS": {"value": "4"}})
    services.save_values(draft, officer_a, {"T.EXPERTS": {"value": "6"}})
    services.save_values(draft, officer_a, {"T.EXPERTS": {"value": "6"}})  # no change: no event
    saved = SubmissionEvent.objects.filter(submission=draft, action=Action.SAVED).order_by("pk")
    assert saved.count() == 2
    change = saved.last().changes["T.EXPERTS"]
    assert change["before"]["value"] == "4" and change["after"]["value"] == "6"


def test_submit_twice_is_refused(submitted, officer_a):
    with pytest.raises(ValidationError):
        services.submit(submitted, officer_a)
    assert SubmissionEvent.objects.filter(submission=submitted, action="submitted").count() == 1


def test_submit_needs_every_required_value(draft, officer_a, vietnamese):
    services.save_values(draft, officer_a, {"T.EXPERTS": {"value": "4"}})
    with pytest.raises(ValidationError) as caught:
        services.submit(draft, officer_a)
    message = " ".join(caught.value.messages)
    assert message.startswith("Hãy nhập đủ các giá trị bắt buộc")
    assert "Tỷ lệ CBCCVC được bồi dưỡng" in message
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and draft.submitted_at is None


def test_approving_a_draft_is_refused(draft, coordinator):
    with pytest.raises(ValidationError):
        services.approve(draft, coordinator)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert not ReportedValue.objects.exists()


def test_officer_cannot_approve_own_unit(submitted, officer_a):
    with pytest.raises(PermissionDenied):
        services.approve(submitted, officer_a)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_other_officer_and_leader_cannot_decide(submitted, officer_b, leader):
    for user in (officer_b, leader):
        with pytest.raises(PermissionDenied):
            services.approve(submitted, user)
        with pytest.raises(PermissionDenied):
            services.return_submission(submitted, user, "Sai số liệu")
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_officer_of_a_unit_above_may_approve(datasets, submitted):
    city_officer = User.objects.create_user("city_officer", password="x-2026-pass")
    RoleAssignment.objects.create(
        user=city_officer, role=Role.OFFICER, unit=Unit.objects.get(code="75")
    )
    assert services.can_decide(city_officer, submitted)
    services.approve(submitted, city_officer)
    assert Submission.objects.get(pk=submitted.pk).status == Status.APPROVED


def test_nobody_approves_what_they_submitted(datasets, unit_a, coordinator):
    submission = services.open_submission(datasets["digital"], unit_a, "2026", coordinator)
    services.save_values(submission, coordinator, {"T.TRAINED": {"value": "40"}})
    services.submit(submission, coordinator)
    with pytest.raises(PermissionDenied):
        services.approve(submission, coordinator)
    assert Submission.objects.get(pk=submission.pk).status == Status.SUBMITTED


def test_return_needs_a_comment_then_the_unit_edits_again(submitted, coordinator, officer_a):
    with pytest.raises(ValidationError):
        services.return_submission(submitted, coordinator, "   ")
    assert Submission.objects.get(pk=submitted.pk).status == Status.SUBMITTED
    services.return_submission(submitted, coordinator, "Kiểm tra lại mẫu số", now=at(2026, 12, 2))
    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED and submitted.comment == "Kiểm tra lại mẫu số"
    event = SubmissionEvent.objects.filter(submission=submitted).order_by("-pk").first()
    assert (event.action, event.user, event.comment) == (
        Action.RETURNED,
        coordinator,
        "Kiểm tra lại mẫu số",
    )
    services.save_values(
        submitted, officer_a, {"T.TRAINED": {"numerator": "30", "denominator": "100"}}
    )
    services.submit(submitted, officer_a, now=at(2026, 12, 8))
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    # Timeliness keeps the first submission (1/12), not the resubmission after the due day.
    assert submitted.first_submitted_at == at(2026, 12, 1)
    assert submitted.submitted_at == at(2026, 12, 8)
    assert submitted.timeliness(today=at(2026, 12, 20).date()) == "on_time"


def test_reopen_withdraws_a_submission_awaiting_review(submitted, officer_a, officer_b):
    with pytest.raises(PermissionDenied):
        services.reopen(submitted, officer_b)
    services.reopen(submitted, officer_a, "Bổ sung số liệu")
    submitted.refresh_from_db()
    assert submitted.status == Status.DRAFT
    assert SubmissionEvent.objects.filter(submission=submitted, action=Action.REOPENED).exists()


def test_submitted_report_cannot_be_edited_until_withdrawn(submitted, officer_a):
    with pytest.raises(ValidationError):
        services.save_values(submitted, officer_a, {"T.EXPERTS": {"value": "9"}})
    assert SubmissionValue.objects.get(submission=submitted, indicator__code="T.EXPERTS").value == 4


# ---------------------------------------------------------------- the lock


@pytest.fixture
def approved(submitted, coordinator) -> Submission:
    return services.approve(submitted, coordinator, now=at(2026, 12, 3))


def test_approved_submission_cannot_be_edited_through_the_services(
    approved, officer_a, coordinator
):
    before = list(SubmissionValue.objects.values_list("indicator__code", "value").order_by("pk"))
    events = SubmissionEvent.objects.count()
    for call in (
        lambda: services.save_values(approved, officer_a, {"T.EXPERTS": {"value": "99"}}),
        lambda: services.save_values(approved, coordinator, {"T.EXPERTS": {"value": "99"}}),
        lambda: services.submit(approved, officer_a),
        lambda: services.return_submission(approved, coordinator, "Mở lại"),
        lambda: services.reopen(approved, officer_a),
        lambda: services.approve(approved, coordinator),
    ):
        with pytest.raises(SubmissionLocked):
            call()
    assert (
        list(SubmissionValue.objects.values_list("indicator__code", "value").order_by("pk"))
        == before
    )
    assert SubmissionEvent.objects.count() == events
    assert Submission.objects.get(pk=approved.pk).status == Status.APPROVED


def test_approved_submission_cannot_be_edited_through_the_models(approved):
    value = SubmissionValue.objects.get(submission=approved, indicator__code="T.EXPERTS")
    value.value = Decimal(99)
    with pytest.raises(SubmissionLocked):
        value.save()
    with pytest.raises(SubmissionLocked):
        value.delete()
    approved.status = Status.DRAFT
    with pytest.raises(SubmissionLocked):
        approved.save()
    with pytest.raises(SubmissionLocked):
        Submission.objects.get(pk=approved.pk).delete()
    assert SubmissionValue.objects.get(pk=value.pk).value == 4
    assert Submission.objects.get(pk=approved.pk).status == Status.APPROVED


def test_approved_submission_cannot_be_edited_through_the_view(approved, officer_a, login):
    client = login(officer_a)
    url = f"/reporting/submissions/{approved.pk}/"
    response = client.post(url, {"v-T.EXPERTS-value": "99", "save": "1"})
    assert response.status_code == 403
    response = client.post(url, {"v-T.EXPERTS-value": "99", "submit": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 403
    assert SubmissionValue.objects.get(submission=approved, indicator__code="T.EXPERTS").value == 4
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="v-T.EXPERTS-value"' not in page.content.decode()


def test_approved_submission_cannot_be_edited_through_the_admin(approved, administrator, login):
    client = login(administrator)
    url = f"/admin/reporting/submission/{approved.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()  # read-only view
    response = client.post(url, {"status": "draft", "comment": "sửa"})
    assert response.status_code == 403
    response = client.post(f"/admin/reporting/submission/{approved.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Submission.objects.get(pk=approved.pk).status == Status.APPROVED


def test_audit_trail_is_append_only(submitted):
    event = SubmissionEvent.objects.filter(submission=submitted).first()
    event.comment = "sửa lịch sử"
    with pytest.raises(ValidationError):
        event.save()
