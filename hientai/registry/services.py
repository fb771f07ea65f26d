"""Writing profiles: every write goes through here so it is scoped, versioned and
checked, whether it comes from a form, the API, an import or a command."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hientai.accounts.scoping import can_edit, editable, scope_for
from hientai.core import audit
from hientai.orgs.models import Unit
from hientai.registry.history import recording, snapshot
from hientai.registry.models import Person, Status, StatusPeriod
from hientai.registry.privacy import SENSITIVE_ATTNAMES, mask

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


def _check_unit(user: Any, unit: Unit) -> None:
    """The TARGET unit of a write must be in the user's write scope (a re-posted form with
    another unit's id is refused here, whatever the row's current unit)."""
    if unit is None or not editable(Unit.objects.filter(pk=unit.pk), user).exists():
        raise PermissionDenied(_("You may not keep profiles for unit %(unit)s.") % {"unit": unit})


def _audit_state(person: Person) -> dict[str, Any]:
    """A profile's state for the audit row, sensitive values masked (the exact values
    are in the profile's own versions, which only those who may see them read)."""
    state = snapshot(person) if person.pk else {}
    for name in SENSITIVE_ATTNAMES & set(state):
        if state[name]:
            state[name] = mask(state[name])
    return state


def _stored_state(person: Person) -> dict[str, Any] | None:
    if person.pk is None:
        return None
    stored = Person.objects.filter(pk=person.pk).first()
    return _audit_state(stored) if stored is not None else None


def _write_person(person: Person, user: Any, reason: str, m2m: dict[str, list] | None) -> bool:
    if person.pk and not can_edit(person, user):
        raise PermissionDenied(_("You may not edit this profile."))
    _check_unit(user, person.unit if person.unit_id else None)
    with recording(user, reason):
        created = person.pk is None
        person.save()
        if created and not person.status_periods.exists():
            StatusPeriod.objects.create(
                person=person, status=person.status, effective_from=datetime.date.today()
            )
        for name, values in (m2m or {}).items():
            getattr(person, name).set(values)
    return created


def _audit_person(
    person: Person,
    user: Any,
    action: str,
    before: dict[str, Any] | None,
    reason: str,
    channel: str,
    parts: dict[str, dict[str, int]] | None = None,
) -> None:
    after = _audit_state(person)
    if parts:
        after = {**after, "parts": parts}
        before = {**(before or {}), "parts": {}} if before is not None else None
    audit.record(
        user,
        action,
        person,
        label=person.full_name,
        unit=person.unit,
        person_id=person.pk,
        before=before,
        after=after,
        reason=reason,
        channel=channel,
    )


@transaction.atomic
def save_person(
    person: Person,
    user: Any,
    reason: str = "",
    m2m: dict[str, list] | None = None,
    channel: str = "",
) -> Person:
    """Create or update a profile as `user` (scoped), with its many-to-many codes; writes
    its versions and one audit row in the same transaction, then the after-save hooks."""
    before = _stored_state(person)
    created = _write_person(person, user, reason, m2m)
    _audit_person(
        person, user, audit.Action.CREATE if created else audit.Action.UPDATE, before, reason,
        channel,
    )  # fmt: skip
    transaction.on_commit(lambda: run_after_save([person.pk]))
    return person


def _part_changes(formsets: tuple) -> dict[str, dict[str, int]]:
    """How many rows of each part a set of saved formsets created, changed, deleted."""
    changes: dict[str, dict[str, int]] = {}
    for formset in formsets:
        counts = {
            "created": len(getattr(formset, "new_objects", []) or []),
            "changed": len(getattr(formset, "changed_objects", []) or []),
            "deleted": len(getattr(formset, "deleted_objects", []) or []),
        }
        if any(counts.values()):
            name = formset.model._meta.model_name
            previous = changes.get(name, {"created": 0, "changed": 0, "deleted": 0})
            changes[name] = {key: previous[key] + counts[key] for key in counts}
    return changes


@transaction.atomic
def save_profile(
    person: Person,
    user: Any,
    reason: str = "",
    m2m: dict[str, list] | None = None,
    part_formsets: tuple = (),
    channel: str = "",
) -> Person:
    """Save a profile and its edited parts (inline formsets) as one versioned, audited change."""
    before = _stored_state(person)
    created = _write_person(person, user, reason, m2m)
    with recording(user, reason):
        for formset in part_formsets:
            formset.instance = person
            formset.save()
    _audit_person(
        person,
        user,
        audit.Action.CREATE if created else audit.Action.UPDATE,
        before,
        reason,
        channel,
        parts=_part_changes(part_formsets),
    )
    transaction.on_commit(lambda: run_after_save([person.pk]))
    return person


@transaction.atomic
def delete_person(person: Person, user: Any, reason: str = "", channel: str = "") -> None:
    """Delete a profile (system administrators only); the audit row and the access log
    outlive it."""
    if not scope_for(user).is_admin:
        raise PermissionDenied(_("Only a system administrator may delete a profile."))
    pk = person.pk
    audit.record(
        user,
        audit.Action.DELETE,
        person,
        label=person.full_name,
        unit=person.unit,
        person_id=pk,
        before=_audit_state(person),
        after=None,
        reason=reason,
        channel=channel,
    )
    with recording(user, reason):
        person.delete()
    transaction.on_commit(lambda: run_after_save([pk]))


@transaction.atomic
def save_part(person: Person, user: Any, reason: str, formset: Any, channel: str = "") -> Person:
    """Save one edited part of a profile (an inline formset of its rows), scoped and versioned.

    Each part is saved on its own, so a problem in one part never blocks a change to another.
    """
    if not can_edit(person, user):
        raise PermissionDenied(_("You may not edit this profile."))
    before = _stored_state(person)
    with recording(user, reason):
        formset.instance = person
        formset.save()
    _audit_person(
        person, user, audit.Action.UPDATE, before, reason, channel,
        parts=_part_changes((formset,)),
    )  # fmt: skip
    transaction.on_commit(lambda: run_after_save([person.pk]))
    return person


@transaction.atomic
def change_status(
    person: Person,
    status: str,
    effective_from: datetime.date,
    user: Any,
    note: str = "",
    channel: str = "",
) -> StatusPeriod:
    """Close the open status period the day before `effective_from` and open a new one."""
    if not can_edit(person, user):
        raise PermissionDenied(_("You may not edit this profile."))
    before_status = person.status
    with recording(user, note or _("status change")):
        period = open_status_period(person, status, effective_from, note=note)
    audit.record(
        user,
        audit.Action.STATUS,
        person,
        label=person.full_name,
        unit=person.unit,
        person_id=person.pk,
        before={"status": before_status},
        after={"status": status, "effective_from": effective_from},
        reason=note,
        channel=channel,
        changes_only=False,
    )
    transaction.on_commit(lambda: run_after_save([person.pk]))
    return period


def open_status_period(
    person: Person,
    status: str,
    effective_from: datetime.date,
    *,
    note: str = "",
    today: datetime.date | None = None,
) -> StatusPeriod:
    """The versioned core of `change_status`, for callers that have checked the scope
    already and run the after-save hooks themselves: the importer checks every row's
    unit against the user's units and refreshes search and quality once for all the
    people it touched. Runs inside the caller's `recording` and transaction."""
    if status not in Status.values:
        raise ValidationError(_("Unknown status '%(status)s'.") % {"status": status})
    last = person.status_periods.order_by("effective_from").last()
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
    if effective_from <= (today or datetime.date.today()):
        person.status = status
        person.save()
    return period


def status_on(person: Person, day: datetime.date) -> str | None:
    period = (
        person.status_periods.filter(effective_from__lte=day)
        .exclude(effective_to__lt=day)
        .order_by("-effective_from")
        .first()
    )
    return period.status if period else None


# ---------------------------------------------------------------- data-subject deletion
# Called by the data-protection app when it carries out a deletion request. Both check
# scope, run in one transaction and re-index after commit.

# Fields that identify a person and are blanked by anonymisation (coded, statistical
# fields such as unit, gender, year of birth, categories and status stay).
ANONYMISED_PERSON_FIELDS = {
    "middle_name": "",
    "other_names": "",
    "birth_date": None,
    "ethnic_group": None,
    "personal_id": "",
    "old_id_number": "",
    "email": "",
    "phone": "",
    "address": "",
    "residence_unit": None,
    "overseas_city": "",
    "keywords": "",
    "orcid": "",
    "scopus_id": "",
    "source": "",
    "user": None,
}
# Free-text columns of parts that may name the person (cleared), and parts whose rows
# identify the person by their titles (deleted).
ANONYMISED_PART_FIELDS = {
    "qualifications": {"major": "", "institution": "", "source": ""},
    "academic_titles": {"source": ""},
    "languages": {"source": ""},
    "employments": {"organization": "", "position": "", "source": ""},
    "trainings": {"title": "", "provider": "", "certificate": "", "source": ""},
    "assessments": {"source": ""},
    "status_periods": {"note": "", "source": ""},
}
IDENTIFYING_PARTS = ("publications", "patents", "st_projects", "awards")
ANONYMISED_NAME = "Ẩn danh"  # stored data, not interface text: the same in every language


def _delete_photo_after_commit(name: str) -> None:
    if name:
        from django.core.files.storage import default_storage

        transaction.on_commit(lambda: default_storage.delete(name))


@transaction.atomic
def erase_person(person: Person, user: Any, reason: str = "") -> int:
    """Delete a profile with its parts and history (a data subject's deletion request).
    Returns the id the person had."""
    if not can_edit(person, user):
        raise PermissionDenied(_("You may not edit this profile."))
    person_id, photo = person.pk, person.photo.name
    with recording(user, reason):
        person.delete()
    _delete_photo_after_commit(photo)
    transaction.on_commit(lambda: run_after_save([person_id]))
    return person_id


@transaction.atomic
def anonymise_person(person: Person, user: Any, reason: str = "") -> Person:
    """Blank everything that identifies the person, delete the parts that name them and
    the change history (it holds the old values); keep the coded fields the city's
    statistics count. The row then no longer holds personal data."""
    from hientai.registry.models import ProfileVersion

    if not can_edit(person, user):
        raise PermissionDenied(_("You may not edit this profile."))
    photo = person.photo.name
    with recording(user, reason):
        for name in IDENTIFYING_PARTS:
            getattr(person, name).all().delete()
        for name, values in ANONYMISED_PART_FIELDS.items():
            getattr(person, name).all().update(**values)
        for field, value in ANONYMISED_PERSON_FIELDS.items():
            setattr(person, field, value)
        person.family_name = ANONYMISED_NAME
        person.given_name = f"#{person.pk}"
        person.photo = ""
        person.save()
    # Versions written above included the old values: the history goes as a whole.
    ProfileVersion.objects.filter(person=person).delete()
    _delete_photo_after_commit(photo)
    transaction.on_commit(lambda: run_after_save([person.pk]))
    return person
