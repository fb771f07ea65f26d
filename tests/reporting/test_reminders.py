"""Reminders (issue 15): in the app and by e-mail (file backend), each sent once however
often `hientai remind` runs; a returned report reaches its unit's officer with the
coordinator's comment; tasks due and overdue; the daily digest."""

from __future__ import annotations

import datetime
import email
import email.policy
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hientai.orgs.models import Unit
from hientai.plans.models import Plan, PlanStatus, Task, TaskUnit, UnitRole
from hientai.reporting import reminders, services
from hientai.reporting.models import Notification, NotificationKind
from tests.reporting.rep_support import *  # noqa: F403
from tests.reporting.rep_support import at


@pytest.fixture(autouse=True)
def mail_to_files(settings, tmp_path):
    """The default file backend, into a folder of the test."""
    folder = tmp_path / "mail"
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(folder)},
        }
    }
    return folder


def mails(folder: Path) -> list[str]:
    """Every message written by the file backend (one file per connection, messages
    separated by a line of dashes)."""
    if not folder.exists():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        text = path.read_text(encoding="utf-8")
        for part in text.split("-" * 79):
            if not part.strip():
                continue
            message = email.message_from_string(part.strip(), policy=email.policy.default)
            body = message.get_body().get_content()
            found.append(f"To: {message['To']}\nSubject: {message['Subject']}\n\n{body}")
    return found


def with_mail(user, address: str):
    user.email = address
    user.save(update_fields=["email"])
    return user


def run(now: str) -> str:
    out = StringIO()
    call_command("remind", now=now, stdout=out)
    return out.getvalue()


def test_remind_twice_sends_each_reminder_once(
    datasets, officer_a, officer_b, mail_to_files, vietnamese
):
    with_mail(officer_a, "a@example.vn")
    with_mail(officer_b, "b@example.vn")
    # 28/11/2026: the yearly report (due 05/12) is due in 7 days for both units.
    # The digital-skills report (due 20/11) is overdue for both.
    first = run("2026-11-28T08:00:00+07:00")
    assert first.startswith("Đã gửi 4 nhắc việc")
    assert Notification.objects.filter(kind=NotificationKind.REPORT_DUE).count() == 2
    assert Notification.objects.filter(kind=NotificationKind.REPORT_OVERDUE).count() == 2
    messages = mails(mail_to_files)
    assert len(messages) == 4
    assert sum("05/12/2026" in text for text in messages) == 2
    assert all("http://" in text and "/reporting/" in text for text in messages)
    # Again the same day, and after a restart: nothing new.
    second = run("2026-11-28T15:00:00+07:00")
    assert second.startswith("Đã gửi 0 nhắc việc")
    assert Notification.objects.count() == 4 and len(mails(mail_to_files)) == 4
    # 02/12: due in 3 days, one more each; 06/12: overdue.
    run("2026-12-02T08:00:00+07:00")
    run("2026-12-02T09:00:00+07:00")
    assert Notification.objects.filter(key__startswith="report_due3:").count() == 2
    run("2026-12-06T08:00:00+07:00")
    run("2026-12-06T08:00:00+07:00")
    assert Notification.objects.filter(kind=NotificationKind.REPORT_OVERDUE).count() == 4
    assert len(mails(mail_to_files)) == Notification.objects.count() == 8
    # The inbox: unread counts, then read.
    assert reminders.unread_count(officer_a) == 4
    reminders.mark_read(officer_a)
    assert reminders.unread_count(officer_a) == 0


def test_returned_report_notifies_the_units_officer_with_the_comment(
    datasets,
    unit_a,
    officer_a,
    officer_b,
    coordinator,
    mail_to_files,
    vietnamese,
    django_capture_on_commit_callbacks,
):
    with_mail(officer_a, "a@example.vn")
    submission = services.open_submission(
        datasets["half"], unit_a, "2026H1", officer_a, now=at(2026, 6, 1)
    )
    services.save_values(
        submission,
        officer_a,
        {"T.TRAINED": {"numerator": "3", "denominator": "10"}, "T.EXPERTS": {"value": "2"}},
        now=at(2026, 6, 2),
    )
    services.submit(submission, officer_a, now=at(2026, 6, 3))
    with django_capture_on_commit_callbacks(execute=True):
        services.return_submission(
            submission, coordinator, "Mẫu số chưa khớp hệ thống một cửa", now=at(2026, 6, 4)
        )
    notice = Notification.objects.get(kind=NotificationKind.REPORT_RETURNED)
    assert notice.user == officer_a  # the unit's officer, not officer_b of another unit
    assert "Mẫu số chưa khớp hệ thống một cửa" in notice.body
    assert notice.link == f"/reporting/submissions/{submission.pk}/"
    (message,) = [text for text in mails(mail_to_files) if "a@example.vn" in text]
    assert "Mẫu số chưa khớp hệ thống một cửa" in message
    # `hientai remind` later finds the same decision: not sent again.
    run("2026-06-05T08:00:00+07:00")
    assert Notification.objects.filter(kind=NotificationKind.REPORT_RETURNED).count() == 1


def test_task_due_and_overdue_reach_the_responsible_user_and_watchers(
    db, officer_a, officer_b, mail_to_files
):
    plan = Plan.objects.create(
        issuing_unit=Unit.objects.get(code="25210"),
        title="Kế hoạch phường",
        start_year=2026,
        end_year=2030,
        status=PlanStatus.ACTIVE,
        source_name="p.txt",
        source_hash="1" * 64,
    )
    task = Task.objects.create(
        plan=plan,
        content="Rà soát đội ngũ",
        deadline_raw="15/12/2026",
        deadline_kind="date",
        deadline_due=datetime.date(2026, 12, 15),
        responsible_user=officer_a,
    )
    TaskUnit.objects.create(
        task=task, role=UnitRole.LEAD, name="Phường", unit=Unit.objects.get(code="25210")
    )
    task.watchers.add(officer_b)
    run("2026-12-09T08:00:00+07:00")
    due = Notification.objects.filter(kind=NotificationKind.TASK_DUE)
    assert set(due.values_list("user__username", flat=True)) == {"officer_a", "officer_b"}
    run("2026-12-10T08:00:00+07:00")
    assert due.count() == 2
    run("2026-12-16T08:00:00+07:00")
    run("2026-12-17T08:00:00+07:00")
    assert Notification.objects.filter(kind=NotificationKind.TASK_OVERDUE).count() == 2


def test_digest_users_get_one_mail_a_day(datasets, officer_a, mail_to_files, vietnamese):
    with_mail(officer_a, "a@example.vn")
    reminders.set_digest(officer_a, True)
    run("2026-11-28T08:00:00+07:00")
    assert Notification.objects.filter(user=officer_a, kind=NotificationKind.REPORT_DUE).exists()
    (digest,) = mails(mail_to_files)  # the digest, not single messages
    assert "a@example.vn" in digest
    run("2026-11-28T18:00:00+07:00")
    assert len(mails(mail_to_files)) == 1


def test_remind_refuses_a_bad_time(db):
    with pytest.raises(CommandError, match="2026-12-07T08:00"):
        call_command("remind", now="hôm qua")


def test_narrative_is_saved_by_the_officer_and_refused_when_bad(
    datasets, unit_a, officer_a, officer_b, vietnamese
):
    from django.core.exceptions import PermissionDenied, ValidationError

    from hientai.reporting.models import Submission

    submission = services.open_submission(
        datasets["year"], unit_a, "2026", officer_a, now=at(2026, 11, 1)
    )
    services.save_narrative(submission, officer_a, " Thiếu kinh phí ", "Đề nghị bổ sung")
    submission.refresh_from_db()
    assert (submission.difficulties, submission.proposals) == ("Thiếu kinh phí", "Đề nghị bổ sung")
    with pytest.raises(ValidationError, match="ký tự"):
        services.save_narrative(submission, officer_a, "x" * 5001, "Khác")
    with pytest.raises(PermissionDenied):
        services.save_narrative(submission, officer_b, "Khác", "Khác")
    assert Submission.objects.get(pk=submission.pk).proposals == "Đề nghị bổ sung"


def test_inbox_page_counts_marks_read_and_keeps_the_choice(
    datasets, officer_a, login, mail_to_files
):
    run("2026-11-28T08:00:00+07:00")
    client = login(officer_a)
    page = client.get("/reporting/inbox/").content.decode()
    assert "Thông báo" in page and 'class="badge"' in page  # the header's unread count
    notice = Notification.objects.filter(user=officer_a).first()
    response = client.post("/reporting/inbox/read/", {"pk": notice.pk})
    assert response.status_code == 302 and response["Location"] == notice.link
    notice.refresh_from_db()
    assert notice.read_at is not None
    client.post("/reporting/inbox/read/")
    assert reminders.unread_count(officer_a) == 0
    client.post("/reporting/inbox/preference/", {"digest": "1"})
    assert reminders.wants_digest(officer_a)
    # Another user's notification is not theirs to open.
    assert client.post("/reporting/inbox/read/", {"pk": 999999}).status_code == 404


def test_signers_page(db, coordinator, officer_a, login):
    skhcn = Unit.objects.get(code="75.SKHCN")
    client = login(coordinator)
    response = client.post(
        "/reporting/signers/",
        {"unit": skhcn.pk, "authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "A B"},
    )
    assert response.status_code == 302
    assert "PHÓ GIÁM ĐỐC" in client.get("/reporting/signers/").content.decode()
    bad = client.post("/reporting/signers/", {"unit": skhcn.pk, "title": "", "name": ""})
    assert bad.status_code == 200 and "This field" not in bad.content.decode()
    assert login(officer_a).get("/reporting/signers/").status_code == 403
