"""Organisations in indicators (issue 18 item 6): how many S&T enterprises and innovative
start-ups each unit manages in the register of organisations (talent), kept as the unit's
value for the year of the change, in the change's own transaction (signals on the register,
which sits below this app and cannot call it). The values roll up the unit tree like any
other count; a unit with none keeps no row."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone

from hientai.indicators.models import Indicator, ReportedValue
from hientai.indicators.services import record_reported
from hientai.orgs.models import Unit
from hientai.talent.models import Organisation, OrganisationKind

INDICATOR_KINDS = {
    "ORG_ST_ENTERPRISES": OrganisationKind.ST_ENTERPRISE,
    "ORG_STARTUPS": OrganisationKind.STARTUP,
}
SOURCE = "organisations"


def refresh(unit_id: int, year: int) -> None:
    """The unit's counts for `year` from the register as it stands now."""
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        return
    for code, kind in INDICATOR_KINDS.items():
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            continue
        count = Organisation.objects.filter(unit_id=unit_id, kind=kind).count()
        if count == 0:
            ReportedValue.objects.filter(indicator=indicator, unit=unit, period=str(year)).delete()
        else:
            record_reported(indicator, unit, str(year), value=count, source=SOURCE)


def _year(now: datetime.datetime | None = None) -> int:
    return timezone.localdate(now or timezone.now()).year


def _before(sender: Any, instance: Organisation, raw: bool = False, **_kwargs: Any) -> None:
    # A change of managing unit or kind recounts the unit it leaves too.
    instance._previous_unit_id = (  # type: ignore[attr-defined]
        Organisation.objects.filter(pk=instance.pk).values_list("unit_id", flat=True).first()
        if instance.pk and not raw
        else None
    )


def _saved(sender: Any, instance: Organisation, raw: bool = False, **_kwargs: Any) -> None:
    if raw:
        return
    year = _year()
    previous = getattr(instance, "_previous_unit_id", None)
    if previous and previous != instance.unit_id:
        refresh(previous, year)
    refresh(instance.unit_id, year)


def _deleted(sender: Any, instance: Organisation, **_kwargs: Any) -> None:
    refresh(instance.unit_id, _year())


def connect() -> None:
    uid = "indicators_organisations"
    pre_save.connect(_before, sender=Organisation, dispatch_uid=f"{uid}_before", weak=False)
    post_save.connect(_saved, sender=Organisation, dispatch_uid=f"{uid}_saved", weak=False)
    post_delete.connect(_deleted, sender=Organisation, dispatch_uid=f"{uid}_deleted", weak=False)
