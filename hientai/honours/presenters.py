from __future__ import annotations

from typing import Any

from hientai.accounts.scoping import scope_for
from hientai.honours import services
from hientai.registry.models import Person


def profile_section(person: Person, user: Any) -> dict[str, Any] | None:
    """The person's entries and awards the user may see, on their profile page."""
    if not scope_for(user).is_staff:
        return None
    entries = list(
        services.entries_for(user)
        .filter(person=person)
        .select_related("round__programme")
        .order_by("-round__year", "pk")[:20]
    )
    if not entries:
        return None
    return {"template": "honours/_profile_section.html", "entries": entries}
