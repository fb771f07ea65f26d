"""Personal data protection (Law 91/2025/QH15, Decree 356/2025/NĐ-CP): sensitive
fields are masked unless the role may see them, and every unmasked view is logged."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeGuard

from hientai.accounts.scoping import can_edit, scope_for
from hientai.registry.models import Person, SensitiveAccess

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
    return bool(scope.write_paths) and can_edit(person, user)


def mask(value: Any) -> str:
    """'079215000001' -> '07*********1'; short values are fully hidden."""
    text = "" if value is None else str(value)
    if not text:
        return ""
    if len(text) <= 4:
        return "•" * len(text)
    return text[:2] + "•" * (len(text) - 3) + text[-1]


def sensitive_view(
    person: Person, user: User | AnonymousUser | None, channel: str = "web"
) -> dict[str, str]:
    """The sensitive fields as this user may see them; logs when anything is unmasked."""
    values = {
        "personal_id": person.personal_id,
        "old_id_number": person.old_id_number,
        "email": person.email,
        "phone": person.phone,
        "address": person.address,
        "ethnic_group": person.ethnic_group.label_vi if person.ethnic_group_id else "",
    }
    if may_see_sensitive(user, person):
        log_access(person, user, [name for name, value in values.items() if value], channel)
        return values
    return {name: mask(value) for name, value in values.items()}


def log_access(person: Person, user: User, fields: list[str], channel: str) -> None:
    """Record that `user` saw `fields` of `person` unmasked (nothing to log if none)."""
    if fields:
        SensitiveAccess.objects.create(
            person=person, user=user, fields=",".join(fields)[:255], channel=channel
        )
