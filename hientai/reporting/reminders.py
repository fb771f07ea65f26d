"""Reminders: in the app (the inbox, with an unread count in the header) and by e-mail.

What is due (`due_reminders(now)`):
- a report a unit owes, due in 7, 3 or 1 days (the nearest step only, so a day the worker
  missed sends one reminder, not three), then overdue: to the unit's officers;
- a report returned with the coordinator's comment, or approved: to the unit's officers
  (also sent at once by `notify_decision`, which the workflow calls);
- a task due in 7 days, then overdue: to its responsible user, its watchers and the lead
  units' officers;
- a deadline extension decided: to whoever asked, and the task's watchers.

Each reminder has a key (kind, object, step, user) stored unique in `Notification`: `send`
writes the row and e-mails in one go, so however many times `hientai remind` runs (and
whatever restarts in between), a reminder goes out once. Users who chose the daily digest
get their unmailed reminders in one e-mail a day (`send_digests`).

The mail goes through Django's mailer: a file backend into var/mail by default, SMTP when
the settings say so (EMAIL_BACKEND, EMAIL_HOST, ...).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.orgs.models import Unit
from hientai.plans.models import (
    DeadlineExtension,
    ExtensionStatus,
    PlanStatus,
    Task,
    TaskStatus,
    UnitRole,
)
from hientai.reporting.models import (
    Action,
    Notification,
    NotificationKind,
    NotificationPreference,
    Submission,
    SubmissionEvent,
)

logger = logging.getLogger(__name__)

DUE_STEPS = (7, 3, 1)  # days before a report's due date
TASK_DUE_DAYS = 7
RECENT_DAYS = 30  # decisions older than this are not announced by a first run


@dataclass
class Reminder:
    user: User
    key: str
    kind: str
    subject: str
    body: str
    link: str


def site_url(path: str) -> str:
    base = getattr(settings, "HIENTAI_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    return base + path


def unit_officers(unit: Unit, day: datetime.date | None = None) -> list[User]:
    """The active users holding the officer role at `unit` on `day`."""
    day = day or timezone.localdate()
    rows = (
        RoleAssignment.objects.filter(role=Role.OFFICER, unit=unit, user__is_active=True)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("user")
        .order_by("user__username")
    )
    seen: dict[int, User] = {}
    for row in rows:
        seen.setdefault(row.user_id, row.user)
    return list(seen.values())


def wants_digest(user: User) -> bool:
    return NotificationPreference.objects.filter(user=user, digest=True).exists()


def set_digest(user: User, digest: bool) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"digest": digest}
    )
    return preference


# ---------------------------------------------------------------- sending


def _mail_text(reminder: Reminder) -> str:
    return f"{reminder.body}\n\n{_('Open')}: {site_url(reminder.link)}\n\n— hientai"


def send(reminder: Reminder, now: datetime.datetime | None = None) -> Notification | None:
    """Record the reminder (unique key) and e-mail it unless the user takes the digest;
    None when it had gone out already."""
    moment = now or timezone.now()
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=reminder.user,
                key=reminder.key[:200],
                kind=reminder.kind,
                subject=reminder.subject[:255],
                body=reminder.body,
                link=reminder.link,
                created_at=moment,
            )
    except IntegrityError:
        return None
    if reminder.user.email and not wants_digest(reminder.user):
        _email(reminder.user.email, reminder.subject, _mail_text(reminder))
        notification.emailed_at = moment
        notification.save(update_fields=["emailed_at"])
    return notification


def _email(address: str, subject: str, text: str) -> None:
    send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address])


def send_digests(now: datetime.datetime | None = None) -> int:
    """One e-mail per digest user with every reminder not mailed yet; returns how many."""
    moment = now or timezone.now()
    sent = 0
    for preference in NotificationPreference.objects.filter(digest=True).select_related("user"):
        user = preference.user
        if not user.email:
            continue
        pending = list(
            Notification.objects.filter(user=user, emailed_at__isnull=True).order_by("created_at")
        )
        if not pending:
            continue
        # One digest a day: the day's key in the same ledger.
        day = timezone.localdate(moment)
        try:
            with transaction.atomic():
                Notification.objects.create(
                    user=user,
                    key=f"digest:{day.isoformat()}:{user.pk}",
                    kind="digest",
                    subject=_("Daily summary of reminders"),
                    body="",
                    created_at=moment,
                    read_at=moment,
                    emailed_at=moment,
                )
        except IntegrityError:
            continue
        lines = [
            f"- {item.subject}\n  {item.body}\n  {site_url(item.link)}" if item.link else ""
            for item in pending
        ]
        with override("vi"):
            subject = _("hientai: %(count)d reminders for %(day)s") % {
                "count": len(pending),
                "day": day.strftime("%d/%m/%Y"),
            }
            _email(user.email, subject, "\n\n".join(lines) + "\n\n— hientai")
        Notification.objects.filter(pk__in=[item.pk for item in pending]).update(emailed_at=moment)
        sent += 1
    return sent


# ---------------------------------------------------------------- what is due


def _report_reminders(today: datetime.date) -> Iterable[Reminder]:
    from hientai.reporting.services import expectations

    periods = {
        f"{year}{suffix}"
        for year in (today.year - 1, today.year, today.year + 1)
        for suffix in ("", "H1")
    }
    for item in expectations(sorted(periods), today=today):
        if item.delivered or item.due_date is None:
            continue
        left = (item.due_date - today).days
        link = (
            reverse("reporting:submission", args=[item.submission.pk])
            if item.submission is not None
            else reverse("reporting:home")
        )
        names = {
            "dataset": item.dataset.name_vi,
            "period": item.period.label,
            "due": item.due_date.strftime("%d/%m/%Y"),
            "unit": item.unit.name_vi,
        }
        base = f"{item.dataset.pk}:{item.unit.pk}:{item.period}"
        if 0 <= left <= max(DUE_STEPS):
            step = min(s for s in DUE_STEPS if left <= s)
            kind, key = NotificationKind.REPORT_DUE, f"report_due{step}:{base}"
            subject = _("Report due in %(days)d days: %(dataset)s") % {"days": left, **names}
            if left == 0:
                subject = _("Report due today: %(dataset)s") % names
            body = (
                _("%(unit)s must send the report “%(dataset)s” for %(period)s by %(due)s.") % names
            )
        elif left < 0:
            if (today - item.due_date).days > 90:
                continue  # long-missing reports are on the completeness page, not mailed
            kind, key = NotificationKind.REPORT_OVERDUE, f"report_overdue:{base}"
            subject = _("Report overdue: %(dataset)s") % names
            body = (
                _(
                    "The report “%(dataset)s” of %(unit)s for %(period)s was due on %(due)s "
                    "and has not been sent."
                )
                % names
            )
        else:
            continue
        for user in unit_officers(item.unit, today):
            yield Reminder(user, f"{key}:{user.pk}", kind, subject, body, link)


def decision_reminders(event: SubmissionEvent) -> list[Reminder]:
    """The unit's officers hear that their report was returned (with the comment) or
    approved (in Vietnamese, whatever language the deciding request used)."""
    with override("vi"):
        return _decision_reminders_of(event)


def _decision_reminders_of(event: SubmissionEvent) -> list[Reminder]:
    submission: Submission = event.submission
    names = {
        "dataset": submission.dataset.name_vi,
        "period": submission.period_label,
        "comment": event.comment,
    }
    if event.action == Action.RETURNED:
        kind = NotificationKind.REPORT_RETURNED
        subject = _("Report returned: %(dataset)s (%(period)s)") % names
        body = (
            _(
                "The coordinator returned the report “%(dataset)s” for %(period)s. "
                "Comment: %(comment)s"
            )
            % names
        )
    elif event.action == Action.APPROVED:
        kind = NotificationKind.REPORT_APPROVED
        subject = _("Report approved: %(dataset)s (%(period)s)") % names
        body = _("The report “%(dataset)s” for %(period)s was approved.") % names
        if event.comment:
            body += " " + _("Comment: %(comment)s") % names
    else:
        return []
    link = reverse("reporting:submission", args=[submission.pk])
    return [
        Reminder(user, f"{kind}:{event.pk}:{user.pk}", kind, subject, body, link)
        for user in unit_officers(submission.unit, timezone.localdate(event.at))
    ]


def notify_decision(event: SubmissionEvent) -> int:
    """Send the decision's reminders once the transaction commits; returns how many."""
    reminders = decision_reminders(event)

    def deliver() -> None:
        for reminder in reminders:
            send(reminder, now=event.at)

    transaction.on_commit(deliver)
    return len(reminders)


def _decision_reminders(now: datetime.datetime) -> Iterable[Reminder]:
    since = now - datetime.timedelta(days=RECENT_DAYS)
    events = SubmissionEvent.objects.filter(
        action__in=[Action.RETURNED, Action.APPROVED], at__gte=since, at__lte=now
    ).select_related("submission__dataset", "submission__unit")
    for event in events:
        yield from decision_reminders(event)


def task_people(task: Task, day: datetime.date) -> list[User]:
    """Who hears about a task: its responsible user, its watchers, the lead units' officers."""
    people: dict[int, User] = {}
    responsible = task.responsible_user
    if responsible is not None and responsible.is_active:
        people[responsible.pk] = responsible
    for user in task.watchers.filter(is_active=True):
        people.setdefault(user.pk, user)
    for link in task.units.all():
        if link.role == UnitRole.LEAD and link.unit is not None:
            for user in unit_officers(link.unit, day):
                people.setdefault(user.pk, user)
    return list(people.values())


def _task_reminders(today: datetime.date) -> Iterable[Reminder]:
    tasks = (
        Task.objects.filter(plan__status=PlanStatus.ACTIVE)
        .exclude(status=TaskStatus.DONE)
        .select_related("plan", "responsible_user")
        .prefetch_related("units__unit", "updates", "watchers")
    )
    for task in tasks:
        due = task.next_due(today)
        if due is None:
            continue
        link = reverse("plans:task_detail", args=[task.pk])
        names = {
            "task": " ".join(task.content.split())[:120],
            "plan": task.plan.title[:120],
            "due": due.strftime("%d/%m/%Y"),
        }
        if task.is_overdue(today):
            past = [date for date in task.due_dates() if date < today]
            kind = NotificationKind.TASK_OVERDUE
            key = f"task_overdue:{task.pk}:{past[-1] if past else due}"
            names["due"] = (past[-1] if past else due).strftime("%d/%m/%Y")
            subject = _("Task overdue: %(task)s") % names
            body = _("The task “%(task)s” of the plan “%(plan)s” was due on %(due)s.") % names
        elif 0 <= (due - today).days <= TASK_DUE_DAYS:
            kind = NotificationKind.TASK_DUE
            key = f"task_due:{task.pk}:{due}"
            subject = _("Task due on %(due)s: %(task)s") % names
            body = _("The task “%(task)s” of the plan “%(plan)s” is due on %(due)s.") % names
        else:
            continue
        for user in task_people(task, today):
            yield Reminder(user, f"{key}:{user.pk}", kind, subject, body, link)


def _extension_reminders(now: datetime.datetime) -> Iterable[Reminder]:
    since = now - datetime.timedelta(days=RECENT_DAYS)
    decided = DeadlineExtension.objects.filter(decided_at__gte=since, decided_at__lte=now).exclude(
        status=ExtensionStatus.PENDING
    )
    for extension in decided.select_related("task__plan", "requested_by"):
        task = extension.task
        names = {
            "task": " ".join(task.content.split())[:120],
            "due": extension.new_due.strftime("%d/%m/%Y"),
            "note": extension.decision_note,
        }
        if extension.status == ExtensionStatus.APPROVED:
            subject = _("Extension approved: %(task)s") % names
            body = _("The task “%(task)s” may now be finished by %(due)s.") % names
        else:
            subject = _("Extension refused: %(task)s") % names
            body = _("The extension of the task “%(task)s” to %(due)s was refused.") % names
        if extension.decision_note:
            body += " " + _("Note: %(note)s") % names
        people = {extension.requested_by.pk: extension.requested_by}
        for user in task.watchers.filter(is_active=True):
            people.setdefault(user.pk, user)
        link = reverse("plans:task_detail", args=[task.pk])
        for user in people.values():
            yield Reminder(
                user,
                f"extension:{extension.pk}:{user.pk}",
                NotificationKind.EXTENSION_DECIDED,
                subject,
                body,
                link,
            )


# Apps above add what they remind of (support cases' steps): `source(now)` yields Reminders.
_sources: list[Callable[[datetime.datetime], Iterable[Reminder]]] = []


def register_source(source: Callable[[datetime.datetime], Iterable[Reminder]]) -> None:
    if source not in _sources:
        _sources.append(source)


def due_reminders(now: datetime.datetime | None = None) -> list[Reminder]:
    """Every reminder due at `now` (sent or not: `send` skips those already sent)."""
    moment = now or timezone.now()
    today = timezone.localdate(moment)
    with override("vi"):
        found = [
            *_report_reminders(today),
            *_decision_reminders(moment),
            *_task_reminders(today),
            *_extension_reminders(moment),
        ]
        for source in _sources:
            found.extend(source(moment))
    return found


@dataclass
class RemindResult:
    due: int
    sent: int
    digests: int


def remind(now: datetime.datetime | None = None) -> RemindResult:
    """Send every reminder due at `now` that has not gone out yet, then the digests."""
    moment = now or timezone.now()
    found = due_reminders(moment)
    sent = 0
    with override("vi"):
        for reminder in found:
            if send(reminder, now=moment) is not None:
                sent += 1
        digests = send_digests(moment)
    return RemindResult(due=len(found), sent=sent, digests=digests)


# ---------------------------------------------------------------- inbox


def unread_count(user: User) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return (
        Notification.objects.filter(user=user, read_at__isnull=True).exclude(kind="digest").count()
    )


def inbox(user: User, limit: int = 100) -> list[Notification]:
    return list(Notification.objects.filter(user=user).exclude(kind="digest")[:limit])


def mark_read(user: User, pk: int | None = None, now: datetime.datetime | None = None) -> int:
    """Mark one notification (or all) of `user` read; returns how many changed."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        rows = rows.filter(pk=pk)
    return rows.update(read_at=now or timezone.now())
