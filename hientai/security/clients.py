"""OAuth2 clients for other systems (issue 19): an application registered by an
administrator gets client-credentials tokens that act as its own system user, whose one
role assignment scopes it exactly as a user of that role would be (an officer of a ward
reaches that ward's subtree; `--city`, a coordinator, the whole city).

The client secret is hashed by django-oauth-toolkit; it is shown once, when made."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import Application

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.accounts.scoping import scope_for
from hientai.core import audit
from hientai.orgs.models import Unit

SYSTEM_USER_PREFIX = "api-"


def _system_username(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "client"
    base = f"{SYSTEM_USER_PREFIX}{slug}"
    username, n = base, 1
    while User.objects.filter(username=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


def _snapshot(application: Application) -> dict[str, Any] | None:
    return audit.snapshot(application, exclude=("client_secret",))


@transaction.atomic
def create_client(
    name: str,
    actor: Any,
    unit: Unit | None = None,
    city: bool = False,
    read_only: bool = False,
    channel: str = "",
) -> tuple[Application, str]:
    """Register a system: its user, its role (officer or leader of `unit`, or coordinator
    city-wide) and its confidential client-credentials application. Returns the
    application and its secret (shown once). `actor` None is the operator (command)."""
    if actor is not None and not scope_for(actor).is_admin:
        raise PermissionDenied(_("Only a system administrator may register a system."))
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the system a name."))
    if (unit is None) == (not city):
        raise ValidationError(_("Give either a unit or the whole city, not both."))
    if city and read_only:
        raise ValidationError(_("A read-only system needs a unit."))
    if Application.objects.filter(name=name).exists():
        raise ValidationError(_("A system with this name is already registered."))
    user = User(username=_system_username(name), first_name=name[:150])
    user.set_unusable_password()
    user.save()
    role = Role.COORDINATOR if city else (Role.LEADER if read_only else Role.OFFICER)
    assignment = RoleAssignment.objects.create(user=user, role=role, unit=unit)
    secret = generate_client_secret()
    application = Application.objects.create(
        name=name,
        user=user,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
        redirect_uris="",
    )
    audit.record(
        actor,
        audit.Action.ASSIGN_ROLE,
        assignment,
        label=str(assignment),
        unit=unit,
        after=audit.snapshot(assignment),
        channel=channel,
    )
    audit.record(
        actor,
        audit.Action.CREATE,
        application,
        label=name,
        unit=unit,
        after=_snapshot(application),
        channel=channel,
    )
    return application, secret


@transaction.atomic
def revoke_client(application: Application, actor: Any, channel: str = "") -> None:
    """Take a system's access away: its tokens are deleted and its user deactivated."""
    if actor is not None and not scope_for(actor).is_admin:
        raise PermissionDenied(_("Only a system administrator may revoke a system."))
    before = _snapshot(application)
    application.accesstoken_set.all().delete()
    if application.user_id:
        User.objects.filter(pk=application.user_id).update(is_active=False)
    audit.record(
        actor, "revoke_client", application, label=application.name, before=before,
        after=None, channel=channel,
    )  # fmt: skip
    application.delete()


@transaction.atomic
def save_client(application: Application, actor: Any, channel: str = "admin") -> Application:
    """An application saved in the admin: audited, client credentials of an existing user."""
    if not scope_for(actor).is_admin:
        raise PermissionDenied(_("Only a system administrator may register a system."))
    before = _snapshot(audit.stored(application))
    application.save()
    audit.record(
        actor,
        audit.Action.UPDATE if before else audit.Action.CREATE,
        application,
        label=application.name,
        before=before,
        after=_snapshot(application),
        channel=channel,
    )
    return application


def client_scope_label(application: Application) -> str:
    assignment = (
        RoleAssignment.objects.filter(user_id=application.user_id).select_related("unit").first()
    )
    if assignment is None:
        return "-"
    return f"{assignment.get_role_display()} {assignment.unit.code if assignment.unit else ''}"
