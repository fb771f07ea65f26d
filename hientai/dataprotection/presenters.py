"""What the data-protection app adds to pages of the apps below it."""

from __future__ import annotations

from typing import Any

from hientai.accounts.scoping import scope_for
from hientai.dataprotection import services
from hientai.registry.models import Person


def profile_section(person: Person, user: Any) -> dict[str, Any] | None:
    """A small section on the profile page: the purposes and whether each may be
    pursued, open requests, and a link to the person's data-protection page."""
    scope = scope_for(user)
    own = bool(person.user_id) and person.user_id == scope.user_id
    if not (scope.is_staff or own):
        return None
    return {
        "template": "dataprotection/_profile_section.html",
        "person": person,
        "lines": services.overview(person),
        "open_requests": services.requests_for(user)
        .filter(person=person, status__in=services.OPEN_STATUSES)
        .count(),
    }
