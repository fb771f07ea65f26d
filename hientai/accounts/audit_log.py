"""The coordinator's audit-log page: every change any service made, in one list.

It reads `core.AuditEntry` only, by its text columns (unit code/path, actor name), so it
needs no app above `accounts` and still shows rows of closed units and deleted people."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


# What a reader sees instead of the codes the services record (codes stay in the rows).
ACTION_LABELS: dict[str, Any] = {
    "create": gettext_lazy("created"),
    "update": gettext_lazy("changed"),
    "delete": gettext_lazy("deleted"),
    "status": gettext_lazy("status changed"),
    "merge": gettext_lazy("merged"),
    "rename": gettext_lazy("renamed"),
    "close": gettext_lazy("closed"),
    "import": gettext_lazy("imported"),
    "assign_role": gettext_lazy("role given"),
    "revoke_role": gettext_lazy("role taken away"),
    "request_report": gettext_lazy("report requested"),
    "submission_created": gettext_lazy("report opened"),
    "submission_saved": gettext_lazy("report saved"),
    "submission_submitted": gettext_lazy("report submitted"),
    "submission_approved": gettext_lazy("report approved"),
    "submission_returned": gettext_lazy("report returned"),
    "submission_reopened": gettext_lazy("report withdrawn for changes"),
    "access_log_export": gettext_lazy("access log exported"),
}


def action_label(action: str) -> str:
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action.replace("_", " ")


def _model(object_type: str) -> Any:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def type_label(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


def field_labels(entry: AuditEntry) -> list[str]:
    """The changed fields by their labels (the model's verbose names)."""
    model = _model(entry.object_type)
    labels = []
    for name in entry.changed_fields():
        label = name
        if model is not None:
            try:
                label = str(model._meta.get_field(name).verbose_name)
            except FieldDoesNotExist:
                label = str(FIELD_LABELS.get(name, name))
        labels.append(label)
    return labels


FIELD_LABELS: dict[str, Any] = {
    "parts": gettext_lazy("parts of the profile"),
    "changes": gettext_lazy("values"),
    "values": gettext_lazy("values"),
    "categories": gettext_lazy("categories"),
}


CHANNEL_LABELS: dict[str, Any] = {
    "web": gettext_lazy("web page"),
    "admin": gettext_lazy("administration"),
    "api": gettext_lazy("API"),
    "import": gettext_lazy("import"),
    "command": gettext_lazy("command line"),
}


def describe(entries: Any) -> list[AuditEntry]:
    """The page's rows with their labels attached for the template."""
    rows = list(entries)
    for entry in rows:
        entry.action_label = action_label(entry.action)
        entry.type_label = type_label(entry.object_type)
        entry.field_labels = field_labels(entry)
        entry.channel_label = str(CHANNEL_LABELS.get(entry.channel, entry.channel))
    return rows


def action_choices() -> list[tuple[str, str]]:
    return [(action, action_label(action)) for action in known_actions()]
