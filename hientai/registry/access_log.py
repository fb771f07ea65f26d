"""The personal-data access log (SensitiveAccess): search and export for coordinators,
administrators and the data protection officer. Exporting it is itself audited."""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hientai.accounts.scoping import scope_for
from hientai.core import audit
from hientai.registry.models import AccessChannel, Person, SensitiveAccess

PER_PAGE = 50
# Spreadsheet programs run cells that start like a formula: such text is neutralised.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class AccessFilters:
    person: str = ""
    actor: str = ""
    channel: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None
    errors: list[str] | None = None

    @classmethod
    def from_query(cls, params: Any) -> AccessFilters:
        errors: list[str] = []
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
        channel = (params.get("channel") or "").strip()
        if channel and channel not in dict(known_channels()):
            errors.append(_("Unknown channel '%(channel)s'.") % {"channel": channel})
        return cls(
            person=(params.get("person") or "").strip(),
            actor=(params.get("actor") or "").strip(),
            channel=channel,
            since=dates["since"],
            until=dates["until"],
            errors=errors,
        )


def known_channels() -> list[tuple[str, str]]:
    """The channels the code names, and any other one a caller logged under."""
    names: dict[str, str] = {value: str(label) for value, label in AccessChannel.choices}
    used = SensitiveAccess.objects.order_by().values_list("channel", flat=True).distinct()
    for channel in used:
        names.setdefault(channel, channel)
    return list(names.items())


def require_reader(user: Any) -> None:
    if not scope_for(user).reads_access_log:
        raise PermissionDenied


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.min), timezone.get_default_timezone()
    )


def search(user: Any, filters: AccessFilters) -> QuerySet[SensitiveAccess]:
    """Access rows matching `filters`, newest first; a person is a profile number or part
    of a name (rows of deleted people match by the id and name they kept)."""
    require_reader(user)
    if filters.errors:
        return SensitiveAccess.objects.none()
    rows = SensitiveAccess.objects.all()
    if filters.person:
        if filters.person.isdigit():
            rows = rows.filter(person_ref=int(filters.person))
        else:
            rows = rows.filter(person_label__icontains=filters.person)
    if filters.actor:
        rows = rows.filter(Q(user__username__iexact=filters.actor) | Q(user_name=filters.actor))
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    if filters.since:
        rows = rows.filter(at__gte=_day_start(filters.since))
    if filters.until:
        rows = rows.filter(at__lt=_day_start(filters.until + datetime.timedelta(days=1)))
    return rows.order_by("-at", "-pk")


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _rows(rows: QuerySet[SensitiveAccess]) -> list[list[Any]]:
    local = timezone.get_default_timezone()
    return [
        [
            timezone.localtime(row.at, local).strftime("%Y-%m-%d %H:%M:%S"),
            _cell(row.user_name),
            row.person_ref,
            _cell(row.person_label),
            _cell(row.unit_code),
            row.channel,
            row.fields,
        ]
        for row in rows.iterator(chunk_size=2000)
    ]


def _header() -> list[str]:
    return [
        _("When"),
        _("User"),
        _("Person id"),
        _("Person"),
        _("Unit code"),
        _("Channel"),
        _("Fields shown"),
    ]


@transaction.atomic
def export(user: Any, filters: AccessFilters, fmt: str) -> tuple[bytes, str, str]:
    """The matching rows as CSV or XLSX: (content, content type, file name). The export
    itself is recorded in the audit log."""
    if fmt not in ("csv", "xlsx"):
        raise ValueError(_("Unknown format '%(format)s'.") % {"format": fmt})
    rows = _rows(search(user, filters))
    audit.record(
        user,
        "export_access_log",
        object_type="registry.sensitiveaccess",
        label=_("Personal-data access log"),
        after={
            "rows": len(rows),
            "format": fmt,
            "filters": {
                "person": filters.person,
                "actor": filters.actor,
                "channel": filters.channel,
                "since": filters.since,
                "until": filters.until,
            },
        },
        changes_only=False,
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(_header())
        writer.writerows(rows)
        content = ("\ufeff" + buffer.getvalue()).encode("utf-8")
        return content, "text/csv; charset=utf-8", f"nhat-ky-truy-cap-{stamp}.csv"
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Access log")[:31])
    sheet.append(_header())
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return (
        out.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"nhat-ky-truy-cap-{stamp}.xlsx",
    )


def readable(rows: Any) -> list[SensitiveAccess]:
    """The page's rows with the channel and the fields in words, for the template."""
    channels = dict(known_channels())
    result = list(rows)
    for row in result:
        row.channel_label = channels.get(row.channel, row.channel)
        row.field_labels = ", ".join(_field_label(name) for name in row.fields.split(",") if name)
    return result


def _field_label(name: str) -> str:
    try:
        field = Person._meta.get_field(name.strip())
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))
