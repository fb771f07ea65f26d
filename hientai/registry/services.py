"""Writing profiles: every write goes through here so it is scoped, versioned and
checked, whether it comes from a form, the API, an import or a command."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hientai.accounts.scoping import can_edit, editable
from hientai.orgs.models import Unit
from hientai.registry.history import recording
from hientai.registry.models import Person, Status, StatusPeriod

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hientai.accounts.models import User

# Called after each saved profile (the quality engine and the search index plug in here).
_after_save_hooks: list = []


def register_after_save(hook: Any) -> None:
    """`hook(person_ids: list[int])` runs after a profile change commits."""
    if hook not in _after_save_hooks:
        _after_save_hooks.append(hook)


def run_after_save(person_ids: list[int]) -> None:
    for hook in _after_save_hooks:
        hook(person_ids)


# Called once after a bulk load (generator, import): hooks rebuild what they derive.
_after_bulk_hooks: list = []


def register_after_bulk_load(hook: Any) -> None:
    """`hook()` runs after bulk_create-style loads that bypass per-row signals."""
    if hook not in _after_bulk_hooks:
        _after_bulk_hooks.append(hook)


def run_after_bulk_load() -> None:
    for hook in _after_bulk_hooks:
        hook()


def _check_unit(user: User | AnonymousUser | None, unit: Unit) -> None:
    if not editable(Unit.objects.filter(pk=unit.pk), user).exists():
        raise PermissionDenied(_("You may not keep profiles for unit %(unit)s.") % {"unit": unit})


@transaction.atomic
def save_person(
    person: Person,
    user: User | AnonymousUser | None,
    reason: str = "",
    m2m: dict[str, list] | None = None,
) -> Person:
    """Create or update a profile as `user` (scoped), with its many-to-many codes."""
    if person.pk and not can_edit(person, user):
        raise PermissionDenied(_("You may not edit this profile."))
    _check_unit(user, person.unit)
    with recording(user, reason):
        created = person.pk is None
        person.save()
        if created and not person.status_periods.exists():
            StatusPeriod.objects.create(
                person=person, status=person.status, effective_from=datetime.date.today()
            )
        for name, values in (m2m or {}).items():
            getattr(person, name).set(values)
    transaction.on_commit(lambda: run_after_save([person.pk]))
    return person


@transaction.atomic
def save_profile(
    person: Person,
    user: User | AnonymousUser | None,
    reason: str = "",
    m2m: dict[str, list] | None = None,
    part_formsets: tuple = (),
) -> Person:
    """Save a profile and its edited parts (inline formsets) as one versioned change."""
    save_person(person, user, reason, m2m)
    with recording(user, reason):
        for formset in part_formsets:
            formset.instance = person
            formset.save()
    return person


@transaction.atomic
def change_status(
    person: Person,
    status: str,
    effective_from: datetime.date,
    user: User | AnonymousUser | None,
    note: str = "",
) -> StatusPeriod:
    """Close the open status period the day before `effective_from` and open a new one."""
    if not can_edit(person, user):
        raise PermissionDenied(_("You may not edit this profile."))
    if status not in Status.values:
        raise ValidationError(_("Unknown status '%(status)s'.") % {"status": status})
    with recording(user, note or _("status change")):
        periods = person.status_periods.order_by("effective_from")
        last = periods.last()
        if last and effective_from <= last.effective_from:
            raise ValidationError(
                _("The new status must start after %(date)s, when the current one started.")
                % {"date": last.effective_from.strftime("%d/%m/%Y")}
            )
        if last and last.effective_to is None:
            last.effective_to = effective_from - datetime.timedelta(days=1)
            last.save()
        period = StatusPeriod.objects.create(
            person=person, status=status, effective_from=effective_from, note=note
        )
        if effective_from <= datetime.date.today():
            person.status = status
            person.save()
    transaction.on_commit(lambda: run_after_save([person.pk]))
    return period


def status_on(person: Person, day: datetime.date) -> str | None:
    period = (
        person.status_periods.filter(effective_from__lte=day)
        .exclude(effective_to__lt=day)
        .order_by("-effective_from")
        .first()
    )
    return period.status if period else None
