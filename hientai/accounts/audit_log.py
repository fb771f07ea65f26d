"""The coordinator's audit-log page: every change any service made, in one list.

It reads `core.AuditEntry` only, by its text columns (unit code/path, actor name), so it
needs no app above `accounts` and still shows rows of closed units and deleted people."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hientai.accounts.scoping import scope_for
from hientai.core.models import AuditEntry

PER_PAGE = 50


@dataclass
class AuditFilters:
    """What the page's filter form asks for; `errors` are shown above the list."""

    person: int | None = None
    unit: str = ""
    actor: str = ""
    action: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None
    q: str = ""
    errors: list[str] | None = None

    @classmethod
    def from_query(cls, params: Any) -> AuditFilters:
        errors: list[str] = []
        person: int | None = None
        raw_person = (params.get("person") or "").strip()
        if raw_person:
            if raw_person.isdigit():
                person = int(raw_person)
            else:
                errors.append(_("The person must be given by the number of their profile."))
        dates: dict[str, datetime.date | None] = {}
        for name in ("since", "until"):
            raw = (params.get(name) or "").strip()
            dates[name] = None
            if raw:
                try:
                    dates[name] = datetime.date.fromisoformat(raw)
                except ValueError:
                    errors.append(_("'%(value)s' is not a date (YYYY-MM-DD).") % {"value": raw})
        if dates["since"] and dates["until"] and dates["until"] < dates["since"]:
            errors.append(_("The end date is before the start date."))
        return cls(
            person=person,
            unit=(params.get("unit") or "").strip(),
            actor=(params.get("actor") or "").strip(),
            action=(params.get("action") or "").strip(),
            since=dates["since"],
            until=dates["until"],
            q=(params.get("q") or "").strip(),
            errors=errors,
        )


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.min), timezone.get_default_timezone()
    )


def filtered(filters: AuditFilters) -> QuerySet[AuditEntry]:
    """Audit rows matching `filters`, newest first. A unit filter takes its whole subtree
    (by the path kept as text, so closed units still match)."""
    rows = AuditEntry.objects.select_related("actor")
    if filters.person is not None:
        rows = rows.filter(
            Q(person_id=filters.person)
            | Q(object_type="registry.person", object_id=str(filters.person))
        )
    if filters.unit:
        rows = rows.filter(Q(unit_code=filters.unit) | Q(unit_path__contains=f"/{filters.unit}/"))
    if filters.actor:
        rows = rows.filter(
            Q(actor__username__iexact=filters.actor) | Q(actor_name__icontains=filters.actor)
        )
    if filters.action:
        rows = rows.filter(action=filters.action)
    if filters.q:
        rows = rows.filter(Q(object_label__icontains=filters.q) | Q(reason__icontains=filters.q))
    if filters.since:
        rows = rows.filter(at__gte=_day_start(filters.since))
    if filters.until:
        rows = rows.filter(at__lt=_day_start(filters.until + datetime.timedelta(days=1)))
    return rows.order_by("-at", "-pk")


def audit_page(user: Any, params: Any) -> tuple[AuditFilters, Page]:
    """One page of the audit log for `user`: administrators and coordinators only."""
    if not scope_for(user).reads_audit_log:
        raise PermissionDenied
    filters = AuditFilters.from_query(params)
    rows = AuditEntry.objects.none() if filters.errors else filtered(filters)
    return filters, Paginator(rows, PER_PAGE).get_page(params.get("page"))


def known_actions() -> list[str]:
    return list(AuditEntry.objects.order_by().values_list("action", flat=True).distinct())
