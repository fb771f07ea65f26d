"""Reporting pages: officers reach only their subtree (404 otherwise), leaders read only,
the data-entry form shows Vietnamese errors inline and saves nothing on bad input, the
coordinator approves or returns from the review queue."""

from __future__ import annotations

import pytest

from hientai.reporting import services
from hientai.reporting.models import Status, Submission, SubmissionValue
from tests.reporting.rep_support import *  # noqa: F403
from tests.reporting.rep_support import at

FULL = {
    "v-T.TRAINED-numerator": "30",
    "v-T.TRAINED-denominator": "120",
    "v-T.TRAINED-value": "",
    "v-T.EXPERTS-value": "4",
    "v-T.RND-numerator": "12",
    "v-T.RND-denominator": "98000",
    "v-T.GROWTH-value": "2",
}


@pytest.fixture
def draft(datasets, unit_a, officer_a) -> Submission:
    return services.open_submission(datasets["year"], unit_a, "2026", officer_a)


def url(submission: Submission, action: str = "") -> str:
    return f"/reporting/submissions/{submission.pk}/{action + '/' if action else ''}"


@pytest.mark.usefixtures("in_december_2026")
def test_home_lists_my_obligations_with_due_dates(datasets, officer_a, login, vietnamese):
    page = login(officer_a).get("/reporting/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Báo cáo Y" in text and "05/12/2026" in text and "20/06/2026" in text
    assert "Phường Đồng Xoài" in text and "Phường Trấn Biên" not in text
    assert 'name="unit" value="25210"' in text  # the officer may start a report


def test_overdue_is_highlighted(datasets, officer_a, login):
    # 2025's reports were all due in the past and nothing was delivered.
    page = login(officer_a).get("/reporting/?period=2025")
    assert 'class="overdue"' in page.content.decode()


def test_start_opens_a_draft_and_refuses_other_units(datasets, officer_a, login):
    client = login(officer_a)
    response = client.post("/reporting/start/", {"dataset": "Y", "unit": "25210", "period": "2026"})
    submission = Submission.objects.get()
    assert response.status_code == 302 and response["Location"] == url(submission)
    response = client.post("/reporting/start/", {"dataset": "Y", "unit": "26041", "period": "2026"})
    assert response.status_code == 404
    assert Submission.objects.count() == 1


def test_officer_b_cannot_see_officer_a_submission(draft, officer_b, login):
    client = login(officer_b)
    assert client.get(url(draft)).status_code == 404
    assert client.post(url(draft), FULL).status_code == 404
    assert not SubmissionValue.objects.exists()


def test_leader_reads_but_cannot_write(draft, leader, login):
    client = login(leader)
    page = client.get(url(draft))
    assert page.status_code == 200
    assert 'name="v-T.EXPERTS-value"' not in page.content.decode()
    assert client.post(url(draft), FULL).status_code == 403
    assert (
        client.post(
            "/reporting/start/", {"dataset": "H", "unit": "25210", "period": "2026H1"}
        ).status_code
        == 403
    )
    assert not SubmissionValue.objects.exists()
    assert client.get("/reporting/").status_code == 200
    assert client.get("/reporting/completeness/?period=2026").status_code == 200


def test_expert_and_anonymous_are_kept_out(draft, db, login, client):
    from hientai.accounts.models import Role, RoleAssignment, User

    expert = User.objects.create_user("expert_x", password="x-2026-pass")
    RoleAssignment.objects.create(user=expert, role=Role.EXPERT)
    assert login(expert).get("/reporting/").status_code == 403
    assert client.get("/reporting/").status_code == 302  # to the login page


def test_bad_input_shows_vietnamese_errors_inline_and_saves_nothing(
    draft, officer_a, login, vietnamese
):
    client = login(officer_a)
    posted = {**FULL, "v-T.TRAINED-numerator": "300", "save": "1"}
    response = client.post(url(draft), posted)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Tử số (300) không được lớn hơn mẫu số (120)." in text
    assert 'value="300"' in text  # what the officer typed is kept
    assert not SubmissionValue.objects.exists()
    # The same through htmx: the form fragment comes back with the error.
    response = client.post(url(draft), posted, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Tử số (300)" in response.content.decode()
    assert "<html" not in response.content.decode()
    assert not SubmissionValue.objects.exists()


def test_save_then_submit_through_the_form(draft, officer_a, login, vietnamese):
    client = login(officer_a)
    response = client.post(url(draft), {**FULL, "save": "1"})
    assert response.status_code == 302
    assert SubmissionValue.objects.filter(submission=draft).count() == 4
    response = client.post(url(draft), {**FULL, "save": "1"}, HTTP_HX_REQUEST="true")
    assert "Không có thay đổi." in response.content.decode()
    response = client.post(url(draft), {**FULL, "submit": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == url(draft)
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED
    # Submitted: the form is gone; posting again is refused and changes nothing.
    page = client.get(url(draft))
    assert 'name="v-T.EXPERTS-value"' not in page.content.decode()
    response = client.post(url(draft), {**FULL, "v-T.EXPERTS-value": "9", "save": "1"})
    assert response.status_code == 400
    assert SubmissionValue.objects.get(submission=draft, indicator__code="T.EXPERTS").value == 4


def test_submit_with_missing_values_keeps_the_draft(draft, officer_a, login, vietnamese):
    response = login(officer_a).post(url(draft), {"v-T.EXPERTS-value": "4", "submit": "1"})
    assert response.status_code == 400
    assert "Hãy nhập đủ các giá trị bắt buộc" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT and not SubmissionValue.objects.exists()


@pytest.fixture
def submitted(draft, officer_a) -> Submission:
    services.save_values(
        draft,
        officer_a,
        {
            "T.TRAINED": {"value": "40"},
            "T.EXPERTS": {"value": "4"},
            "T.RND": {"numerator": "1", "denominator": "9000"},
            "T.GROWTH": {"value": "1"},
        },
    )
    return services.submit(draft, officer_a, now=at(2026, 12, 1))


def test_review_queue_approve_and_history(submitted, coordinator, officer_a, login, vietnamese):
    client = login(coordinator)
    queue = client.get("/reporting/review/").content.decode()
    assert url(submitted) in queue
    assert url(submitted) not in login(officer_a).get("/reporting/review/").content.decode()
    page = client.get(url(submitted)).content.decode()
    assert url(submitted, "approve") in page and url(submitted, "return") in page
    response = client.post(url(submitted, "approve"), {"comment": "Tốt"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED
    page = client.get(url(submitted)).content.decode()
    assert "đã khóa" in page
    assert "Tốt" in page  # the approval comment in the history
    assert url(submitted) not in client.get("/reporting/review/").content.decode()


def test_return_needs_a_comment_in_the_view(submitted, coordinator, login, vietnamese):
    client = login(coordinator)
    response = client.post(url(submitted, "return"), {"comment": ""}, follow=True)
    assert "Hãy ghi rõ nội dung đơn vị cần sửa" in response.content.decode()
    assert Submission.objects.get(pk=submitted.pk).status == Status.SUBMITTED
    client.post(url(submitted, "return"), {"comment": "Sai mẫu số"})
    assert Submission.objects.get(pk=submitted.pk).status == Status.RETURNED


def test_officer_cannot_approve_own_report_in_the_view(submitted, officer_a, leader, login):
    for user in (officer_a, leader):
        assert login(user).post(url(submitted, "approve")).status_code == 403
    assert Submission.objects.get(pk=submitted.pk).status == Status.SUBMITTED


def test_officer_withdraws_to_correct(submitted, officer_a, login):
    response = login(officer_a).post(url(submitted, "reopen"))
    assert response.status_code == 302
    assert Submission.objects.get(pk=submitted.pk).status == Status.DRAFT


def test_completeness_page(submitted, coordinator, officer_b, login, vietnamese):
    text = login(coordinator).get("/reporting/completeness/?period=2026").content.decode()
    assert "Thành phố Đồng Nai" in text and "Phường Đồng Xoài" in text
    text = login(officer_b).get("/reporting/completeness/?period=2026").content.decode()
    assert "Phường Trấn Biên" in text and "Phường Đồng Xoài" not in text


def test_nav_item(officer_a, login):
    assert 'href="/reporting/"' in login(officer_a).get("/").content.decode()


def test_history_speaks_in_labels_and_names(draft, officer_a, login):
    officer_a.last_name, officer_a.first_name = "Phạm Văn", "Lộc"
    officer_a.save()
    client = login(officer_a)
    client.cookies["django_language"] = "vi"
    client.post(url(draft), {**FULL, "save": "1"})
    client.post(url(draft), {**FULL, "v-T.EXPERTS-value": "5", "submit": "1"})
    page = client.get(url(draft)).content.decode()
    history = page[page.index('id="history"') :]
    assert "Dự thảo → Đã gửi" in history
    assert "draft" not in history and "submitted" not in history
    assert "Phạm Văn Lộc" in history and "officer_a" not in history
    assert "T.EXPERTS" not in history and "T.TRAINED" not in page.replace('name="v-T.', "")
