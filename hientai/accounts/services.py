"""Role assignments: the one write path (admin, commands), scoped and audited."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from hientai.accounts.models import RoleAssignment
from hientai.accounts.scoping import scope_for
from hientai.core import audit


def _require_admin(user: Any) -> None:
    if not scope_for(user).is_admin:
        raise PermissionDenied(_("Only a system administrator may change roles."))


def _label(assignment: RoleAssignment) -> str:
    return str(assignment)


@transaction.atomic
def save_role_assignment(
    assignment: RoleAssignment, user: Any, reason: str = "", channel: str = ""
) -> RoleAssignment:
    """Create or change a role assignment as `user` (administrators only), audited."""
    _require_admin(user)
    before = audit.snapshot(audit.stored(assignment))
    assignment.full_clean()
    assignment.save()
    audit.record(
        user,
        audit.Action.ASSIGN_ROLE,
        assignment,
        label=_label(assignment),
        unit=assignment.unit,
        before=before,
        after=audit.snapshot(assignment),
        reason=reason,
        channel=channel,
    )
    return assignment


@transaction.atomic
def delete_role_assignment(
    assignment: RoleAssignment, user: Any, reason: str = "", channel: str = ""
) -> None:
    """Take a role away (administrators only), audited."""
    _require_admin(user)
    audit.record(
        user,
        audit.Action.REVOKE_ROLE,
        assignment,
        label=_label(assignment),
        unit=assignment.unit,
        before=audit.snapshot(assignment),
        after=None,
        reason=reason,
        channel=channel,
    )
    assignment.delete()
