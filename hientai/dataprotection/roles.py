"""Who handles data-subject requests, breaches and retention: one helper to extend.

Today the coordinator (Department of Science and Technology) and administrators; the
data-protection officer role joins by adding it to HANDLER_ROLES.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from hientai.accounts.models import Role
from hientai.accounts.scoping import scope_for

HANDLER_ROLES = frozenset({Role.ADMIN, Role.COORDINATOR})


def is_handler(user: Any) -> bool:
    """May handle requests, keep the breach register and read the retention report."""
    return bool(scope_for(user).roles & HANDLER_ROLES)


def require_handler(user: Any) -> None:
    if not is_handler(user):
        raise PermissionDenied(_("Only the coordinator or an administrator may do this."))
