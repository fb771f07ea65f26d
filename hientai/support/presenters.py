from __future__ import annotations

from typing import Any

from hientai.accounts.scoping import scope_for
from hientai.registry.models import Person
from hientai.support import services


def profile_section(person: Person, user: Any) -> dict[str, Any] | None:
    """The person's support cases the user may see, on their profile page."""
    scope = scope_for(user)
    if not scope.is_staff:
        return None
    cases = list(
        services.cases_for(user).filter(person=person).select_related("case_type", "unit")[:20]
    )
    return {
        "template": "support/_profile_section.html",
        "person": person,
        "cases": cases,
        "may_open": services.may_open(user),
    }
