"""What the retention rules make due for deletion or anonymisation, as of `now`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from hientai.dataprotection.models import (
    Breach,
    BreachStatus,
    DataSubjectRequest,
    RetentionRule,
    RetentionTrigger,
)
from hientai.registry.models import Person, ProfileVersion, Status
from hientai.registry.services import ANONYMISED_NAME

LEFT = (Status.MOVED_OUT, Status.INACTIVE)


@dataclass
class DueItem:
    label: str
    since: datetime.date | None
    person_id: int | None = None
    count: int = 1


@dataclass
class RuleReport:
    rule: RetentionRule
    cutoff: datetime.date
    total: int = 0
    items: list[DueItem] = field(default_factory=list)


def _people_whose_status_started(statuses: tuple[str, ...], cutoff: datetime.date) -> QuerySet:
    """People now in one of `statuses` since `cutoff` or earlier (open period)."""
    return (
        Person.objects.filter(status__in=statuses)
        .exclude(family_name=ANONYMISED_NAME)
        .filter(
            status_periods__status__in=statuses,
            status_periods__effective_to__isnull=True,
            status_periods__effective_from__lte=cutoff,
        )
        .distinct()
    )


def _since(person: Person) -> datetime.date | None:
    period = person.status_periods.filter(effective_to__isnull=True).order_by("-effective_from")
    first = period.first()
    return first.effective_from if first else None


def _people_items(people: QuerySet, limit: int) -> tuple[int, list[DueItem]]:
    items = [
        DueItem(person.full_name, _since(person), person.pk)
        for person in people.order_by("pk")[:limit]
    ]
    return people.count(), items


def _evaluate(rule: RetentionRule, cutoff: datetime.date, limit: int) -> tuple[int, list[Any]]:
    # The end of the cutoff day in the city's time zone.
    cutoff_end = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.max))
    if rule.trigger == RetentionTrigger.LEFT_TRACKING:
        return _people_items(_people_whose_status_started(LEFT, cutoff), limit)
    if rule.trigger == RetentionTrigger.DECEASED:
        return _people_items(_people_whose_status_started((Status.DECEASED,), cutoff), limit)
    if rule.trigger == RetentionTrigger.CONTACTS_AFTER_LEAVING:
        people = _people_whose_status_started((*LEFT, Status.DECEASED), cutoff).filter(
            ~Q(email="") | ~Q(phone="") | ~Q(address="")
        )
        return _people_items(people, limit)
    if rule.trigger == RetentionTrigger.VERSION_AGE:
        old = ProfileVersion.objects.filter(at__lte=cutoff_end)
        per_person = (
            old.values("person_id", "person__full_name")
            .annotate(n=Count("pk"))
            .order_by("person_id")
        )
        items = [
            DueItem(row["person__full_name"], None, row["person_id"], row["n"])
            for row in per_person[:limit]
        ]
        return old.count(), items
    if rule.trigger == RetentionTrigger.REQUEST_CLOSED:
        requests = DataSubjectRequest.objects.filter(closed_at__lte=cutoff_end).order_by("pk")
        items = [DueItem(r.reference, r.closed_at.date()) for r in requests[:limit]]
        return requests.count(), items
    if rule.trigger == RetentionTrigger.BREACH_CLOSED:
        breaches = Breach.objects.filter(
            status=BreachStatus.CLOSED, closed_at__lte=cutoff_end
        ).order_by("pk")
        items = [DueItem(b.title, b.closed_at.date()) for b in breaches[:limit]]
        return breaches.count(), items
    return 0, []


def due_report(now: datetime.datetime, limit: int = 50) -> list[RuleReport]:
    """Per rule: how many items are past their retention period on `now`'s date, and
    the first `limit` of them."""
    today = now.date()
    reports = []
    for rule in RetentionRule.objects.all():
        cutoff = today - datetime.timedelta(days=rule.period_days)
        total, items = _evaluate(rule, cutoff, limit)
        reports.append(RuleReport(rule, cutoff, total, items))
    return reports
