"""Personal data protection (Law 91/2025/QH15, Decree 356/2025/NĐ-CP): sensitive
fields are masked unless the role may see them, and every unmasked view is logged."""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeGuard

from hientai.accounts.scoping import can_edit_loaded, scope_for
from hientai.registry.models import AccessChannel, Person, SensitiveAccess

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hientai.accounts.models import User

SENSITIVE_FIELDS = ("personal_id", "old_id_number", "email", "phone", "address", "ethnic_group")
# The same fields as stored in version snapshots (foreign keys by id).
SENSITIVE_ATTNAMES = frozenset(
    ("personal_id", "old_id_number", "email", "phone", "address", "ethnic_group_id")
)


def may_see_sensitive(user: User | AnonymousUser | None, person: Person) -> TypeGuard[User]:
    """Admins, the coordinator, the officers who keep the profile, and the person
    (True only for a signed-in user)."""
    scope = scope_for(user)
    if scope.city_wide:
        return True
    if person.user_id and person.user_id == scope.user_id:
        return True
    return bool(scope.write_paths) and can_edit_loaded(person, user)


def sensitive_visible_ids(user: User | AnonymousUser | None, people: Iterable[Person]) -> set[int]:
    """`may_see_sensitive` for many people at once: one query, not one per person (API
    pages of whole profiles)."""
    people = list(people)
    scope = scope_for(user)
    if scope.user_id is None:
        return set()
    if scope.city_wide:
        return {person.pk for person in people}
    allowed = {person.pk for person in people if person.user_id and person.user_id == scope.user_id}
    if scope.write_paths and people:
        # The rows as read: their unit against the scope's units (read once per request).
        allowed |= {person.pk for person in people if can_edit_loaded(person, user)}
    return allowed


def mask(value: Any) -> str:
    """'079215000001' -> '07*********1'; short values are fully hidden."""
    text = "" if value is None else str(value)
    if not text:
        return ""
    if len(text) <= 4:
        return "•" * len(text)
    return text[:2] + "•" * (len(text) - 3) + text[-1]


def sensitive_values(person: Person) -> dict[str, str]:
    """The sensitive fields of `person` in clear (callers mask or log)."""
    return {
        "personal_id": person.personal_id,
        "old_id_number": person.old_id_number,
        "email": person.email,
        "phone": person.phone,
        "address": person.address,
        "ethnic_group": person.ethnic_group.label_vi if person.ethnic_group_id else "",
    }


def sensitive_view(person: Person, user: Any, channel: str = AccessChannel.WEB) -> dict[str, str]:
    """The sensitive fields as this user may see them; logs when anything is unmasked."""
    values = sensitive_values(person)
    if may_see_sensitive(user, person):
        log_access(person, user, [name for name, value in values.items() if value], channel)
        return values
    return {name: mask(value) for name, value in values.items()}


def system_actor() -> str:
    """Who a row without a user names: the operator's account on the server (commands)."""
    try:
        return f"system:{getpass.getuser()}"[:150]
    except (KeyError, OSError):
        return "system"


def log_access(
    person: Person, user: Any, fields: list[str], channel: str = AccessChannel.WEB
) -> None:
    """Record that `user` saw `fields` of `person` unmasked (nothing to log if none).

    Every channel calls this (page, API, export, report, admin, job file, command)."""
    if fields:
        SensitiveAccess.objects.create(
            person=person,
            user=user,
            user_name="" if user is not None else system_actor(),
            fields=",".join(fields)[:255],
            channel=channel,
        )


def log_accesses(
    user: Any,
    seen: Iterable[tuple[int, Iterable[str]]],
    channel: str = AccessChannel.EXPORT,
    loaded: Iterable[Person] | None = None,
) -> int:
    """One row per person id in `seen` (with the fields shown), in bulk: for exports and
    files that hand out many profiles at once. Returns the number of rows written.
    `loaded`: the people as just read (unit joined), to label the rows without a query."""
    fields_by_person = {pid: ",".join(fields)[:255] for pid, fields in seen if fields}
    if not fields_by_person:
        return 0
    people: dict[int, Any]
    if loaded is not None:  # the caller's rows (with their unit): nothing to read again
        people = {
            person.pk: {"full_name": person.full_name, "unit__code": person.unit.code}
            for person in loaded
            if person.pk in fields_by_person
        }
    else:
        people = {
            row["pk"]: row
            for row in Person.objects.filter(pk__in=list(fields_by_person)).values(
                "pk", "full_name", "unit__code"
            )
        }
    user_name = user.get_username()[:150] if user is not None else system_actor()
    rows = [
        SensitiveAccess(
            person_id=pid if pid in people else None,
            person_ref=pid,
            person_label=people[pid]["full_name"][:255] if pid in people else "",
            unit_code=(people[pid]["unit__code"] or "") if pid in people else "",
            user=user,
            user_name=user_name,
            fields=fields,
            channel=channel,
        )
        for pid, fields in fields_by_person.items()
    ]
    SensitiveAccess.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
