"""Profiles move with their unit when it is merged, renamed, split or closed
(`orgs.changes`). Each profile's managing unit changes through the ORM inside
`history.recording`, so its version history says where it was; a current job at the old
unit is closed the day before and continued at the successor (the employment history
keeps both)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hientai.orgs.changes import Dependent, register
from hientai.orgs.models import Unit
from hientai.registry.history import recording
from hientai.registry.models import Employment, Person
from hientai.registry.services import run_after_save


def count_people(unit: Unit) -> int:
    return Person.objects.filter(unit=unit).count()


def move_people(old: Unit, new: Unit, day: datetime.date, user: Any) -> int:
    reason = _("Unit %(old)s continued by %(new)s from %(date)s") % {
        "old": old.code,
        "new": new.code,
        "date": day.strftime("%d/%m/%Y"),
    }
    moved: list[int] = []
    with recording(user, reason):
        for person in Person.objects.filter(unit=old).order_by("pk"):
            person.unit = new
            person.save(update_fields=["unit", "updated_at"])
            moved.append(person.pk)
        touched = set(moved)
        for job in Employment.objects.filter(unit=old, end__isnull=True).select_related("person"):
            touched.add(job.person_id)
            if job.start is not None and job.start >= day:
                job.unit = new
                job.save()
                continue
            job.end = day - datetime.timedelta(days=1)
            job.save()
            Employment(
                person=job.person, unit=new, organization=job.organization,
                position=job.position, leadership_level=job.leadership_level,
                sector=job.sector, occupation_group=job.occupation_group, start=day,
                source=job.source,
            ).save()  # fmt: skip
    if touched:
        run_after_save(sorted(touched))
    return len(moved)


def register_moves() -> None:
    register(Dependent("people", gettext_lazy("profiles"), count_people, move_people, order=10))
