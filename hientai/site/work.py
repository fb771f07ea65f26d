"""The user's work for the home page: what is due, overdue or returned, what waits for
them, each item with the page where it is done. Every list is cut to the user's scope.

`work_for(user, today)` gathers sections in the order a user acts on them; the home page
shows them before the figures. `today` is a parameter so tests never depend on the clock.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from hientai.accounts.scoping import scope_for, visible

SHOWN = 8  # items listed per section; the section links to the full list
SOON = 30  # days ahead for "due soon"


@dataclass
class Item:
    text: str
    url: str
    note: str = ""
    level: str = ""  # "overdue", "returned", "soon", "" (plain)


@dataclass
class Section:
    key: str
    title: str
    more_url: str
    items: list[Item] = field(default_factory=list)
    total: int = 0


def _day(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _reports(user: Any, today: datetime.date) -> Section | None:
    from hientai.reporting import services

    scope = scope_for(user)
    if not scope.can_write:
        return None
    rows = services.expectations(services.recent_periods(today), user=user, today=today)
    todo = []
    for row in rows:
        if row.status == "returned":
            level, note = "returned", _("returned for correction")
        elif row.delivered:
            continue
        elif row.due_date and row.due_date < today:
            level, note = "overdue", _("overdue since %(date)s") % {"date": _day(row.due_date)}
        elif row.due_date and row.due_date <= today + datetime.timedelta(days=SOON):
            level, note = "soon", _("due %(date)s") % {"date": _day(row.due_date)}
        else:
            continue
        url = (
            reverse("reporting:submission", args=[row.submission.pk])
            if row.submission
            else reverse("reporting:home") + f"?period={row.period}"
        )
        todo.append(
            Item(
                f"{row.dataset.name_vi} – {row.unit.name_vi}, {row.period.label}", url, note, level
            )
        )
    order = {"returned": 0, "overdue": 1, "soon": 2}
    todo.sort(key=lambda item: order.get(item.level, 3))
    return Section(
        "reports", _("Reports to deliver"), reverse("reporting:home") + "?state=todo",
        todo[:SHOWN], len(todo),
    )  # fmt: skip


def _period_label(text: str) -> str:
    from hientai.indicators.periods import Period

    try:
        return Period.parse(text).label
    except ValueError:
        return text


def _review(user: Any) -> Section | None:
    from hientai.reporting import services

    if not scope_for(user).city_wide and not scope_for(user).can_write:
        return None
    queue = services.review_queue(user)
    total = queue.count()
    if not total:
        return None
    items = [
        Item(
            f"{item.dataset.name_vi} – {item.unit.name_vi}, {_period_label(item.period)}",
            reverse("reporting:submission", args=[item.pk]),
            _("submitted %(date)s")
            % {"date": _day(item.submitted_at and item.submitted_at.date())},
        )
        for item in queue[:SHOWN]
    ]
    return Section("review", _("Reports waiting for your review"), reverse("reporting:review"),
                   items, total)  # fmt: skip


def _tasks(user: Any, today: datetime.date) -> Section | None:
    from hientai.plans.models import PlanStatus, TaskStatus
    from hientai.plans.services import visible_tasks

    tasks = (
        visible_tasks(user)
        .filter(plan__status=PlanStatus.ACTIVE)
        .exclude(status=TaskStatus.DONE)
        .prefetch_related("updates")
    )
    soon = today + datetime.timedelta(days=SOON)
    found = []
    for task in tasks[:2000]:
        if task.is_overdue(today):
            due = task.next_due(today)
            found.append((0, due, task, "overdue", _("overdue")))
        else:
            due = task.next_due(today)
            if due and today <= due <= soon:
                found.append((1, due, task, "soon", _("due %(date)s") % {"date": _day(due)}))
    found.sort(key=lambda entry: (entry[0], entry[1] or today))
    items = [
        Item(task.content[:120], reverse("plans:task_detail", args=[task.pk]), note, level)
        for _order, _due, task, level, note in found[:SHOWN]
    ]
    return Section("tasks", _("Tasks overdue or due within 30 days"),
                   reverse("plans:task_list"), items, len(found))  # fmt: skip


def _quality(user: Any) -> Section | None:
    from hientai.quality.models import QualityIssue

    scope = scope_for(user)
    if not scope.can_write:
        return None
    issues = visible(QualityIssue.objects.filter(severity="error"), user)
    total = issues.values("person").distinct().count()
    items = [
        Item(
            issue.person.full_name,
            reverse("registry:person_detail", args=[issue.person_id]),
            issue.message[:140],
        )
        for issue in issues.select_related("person").order_by("person_id")[:SHOWN]
    ]
    return Section("quality", _("Profiles with data errors to fix"),
                   reverse("quality:worklist"), items, total)  # fmt: skip


def _imports(user: Any) -> Section | None:
    from hientai.jobs.models import Job, JobStatus

    checked = Job.objects.filter(
        user=user, kind="import_people", status=JobStatus.SUCCEEDED, params__dry_run=True
    ).order_by("-created_at")[:50]
    committed_inputs = set(
        Job.objects.filter(user=user, kind="import_people", params__dry_run=False).values_list(
            "input_path", flat=True
        )
    )
    waiting = [
        job for job in checked
        if not (job.result or {}).get("errors") and not (job.result or {}).get("rejected")
        and job.input_path not in committed_inputs
    ]  # fmt: skip
    if not waiting:
        return None
    items = [
        Item(
            job.input_name or f"#{job.pk}",
            reverse("exchange:job", args=[job.pk]),
            _("checked without error, not committed yet"),
            "soon",
        )
        for job in waiting[:SHOWN]
    ]
    return Section("imports", _("Imports waiting for commit"), reverse("exchange:jobs"),
                   items, len(waiting))  # fmt: skip


def _risks(user: Any) -> Section | None:
    from hientai.reporting.dashboards import build

    board = build(user)
    rows = [
        row
        for group in board.plans
        for row in group.rows
        if row.status in ("not_achieved", "at_risk")
    ]
    rows.sort(key=lambda row: (row.status != "not_achieved", row.achievement or 0))
    dashboard = reverse("reporting:dashboard")
    items = [
        Item(
            row.name[:120],
            f"{dashboard}?period={board.period}&indicator={row.indicator.code}"
            if row.indicator
            else dashboard,
            f"{row.status_label} · {row.achievement_display} %",
            "overdue" if row.status == "not_achieved" else "soon",
        )
        for row in rows[:SHOWN]
    ]
    return Section("risks", _("Targets most at risk"), dashboard, items, len(rows))


def _own_profile(user: Any) -> list[Section]:
    """An expert's own work: their profile with its completeness and what to complete, their
    consents and their data requests."""
    from hientai.dataprotection import services as privacy
    from hientai.dataprotection.models import BasisState
    from hientai.registry.presenters import quality_findings

    person = getattr(user, "person", None) if hasattr(user, "person") else None
    if person is None:
        return []
    profile_url = reverse("registry:person_detail", args=[person.pk])
    findings = quality_findings(person)
    score = person.quality_score
    items = [
        Item(
            person.full_name,
            profile_url,
            _("completeness %(score)s/100") % {"score": score}
            if score is not None
            else _("not checked yet"),
        )
    ]
    items += [
        Item(
            str(getattr(finding, "message", finding))[:140],
            profile_url,
            _("to complete"),
            "overdue" if getattr(finding, "severity", "") == "error" else "soon",
        )
        for finding in findings[: SHOWN - 1]
    ]
    sections = [Section("profile", _("Your profile"), profile_url, items, len(items))]
    privacy_url = reverse("dataprotection:person", args=[person.pk])
    lines = [
        Item(
            line.purpose.name_vi,
            privacy_url,
            line.record.get_state_display()
            if line.record is not None
            else _("no consent recorded")
            if line.purpose.needs_consent
            else _("legal basis applies"),
            "soon"
            if line.record is None and line.purpose.needs_consent
            else "overdue"
            if line.record is not None and line.record.state == BasisState.WITHDRAWN
            else "",
        )
        for line in privacy.overview(person)
    ]
    requests = person.data_requests.order_by("-received_at")
    lines += [
        Item(
            f"{request.reference} – {request.get_kind_display()}",
            reverse("dataprotection:request", args=[request.pk]),
            request.get_status_display(),
        )
        for request in requests[:SHOWN]
    ]
    sections.append(
        Section(
            "privacy", _("Your consents and data requests"), privacy_url, lines[:SHOWN], len(lines)
        )
    )
    return sections


def work_for(user: Any, today: datetime.date | None = None) -> list[Section]:
    """The sections of the user's work, by role: an officer's reports, tasks, data errors and
    imports; a coordinator's review queue too; a leader's targets at risk and tasks; an
    expert's own profile, consents and requests."""
    day = today or datetime.date.today()
    scope = scope_for(user)
    if not scope.is_staff:
        return _own_profile(user) if getattr(user, "is_authenticated", False) else []
    sections = [
        _reports(user, day),
        _review(user),
        _tasks(user, day),
        _quality(user),
        _imports(user),
    ]
    if not scope.can_write or scope.city_wide:
        sections.append(_risks(user))
    return [section for section in sections if section is not None]
