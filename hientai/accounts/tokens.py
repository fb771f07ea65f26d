"""Personal API tokens (issue 19): made, listed and revoked through here, audited; the
API's bearer authentication looks secrets up here.

A secret reads `htk_<43 characters>`; the prefix tells the API it is a personal token
(OAuth2 access tokens of systems have none)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hientai.accounts.models import ApiToken, User
from hientai.accounts.scoping import scope_for
from hientai.core import audit

PREFIX = "htk_"
MAX_DAYS = 366
# last_used_at is written at most this often per token (a busy client costs no write per call).
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _may_manage(actor: Any, owner: User) -> bool:
    """A user manages their own tokens; an administrator any user's. None is the operator
    at the command line."""
    if actor is None:
        return True
    return actor.pk == owner.pk or scope_for(actor).is_admin


@transaction.atomic
def create_token(
    owner: User,
    actor: Any,
    name: str,
    days: int | None = 90,
    channel: str = "",
    now: datetime.datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token for `owner`; returns it with its secret, which is never shown again."""
    if not _may_manage(actor, owner):
        raise PermissionDenied(_("You may not make a token for another user."))
    if not scope_for(owner).is_staff:
        raise ValidationError(
            _("Only staff users (officers, leaders, coordinators) get API tokens.")
        )
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the token a name."))
    if len(name) > 100:
        raise ValidationError(_("The name is too long (at most 100 characters)."))
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise ValidationError(_("A token lasts from 1 to %(max)d days.") % {"max": MAX_DAYS})
    now = now or timezone.now()
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=owner,
        name=name,
        prefix=secret[: len(PREFIX) + 6],
        digest=digest(secret),
        expires_at=now + datetime.timedelta(days=days) if days else None,
    )
    audit.record(
        actor,
        audit.Action.CREATE,
        token,
        label=str(token),
        after=audit.snapshot(token, exclude=("digest",)),
        channel=channel,
    )
    return token, secret


@transaction.atomic
def revoke_token(
    token: ApiToken, actor: Any, channel: str = "", now: datetime.datetime | None = None
) -> ApiToken:
    """Revoke `token` at once (its owner, an administrator, or the operator)."""
    if not _may_manage(actor, token.user):
        raise PermissionDenied(_("You may not revoke this token."))
    if token.revoked_at is not None:
        return token
    before = audit.snapshot(token, exclude=("digest",))
    token.revoked_at = now or timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        actor,
        "revoke_token",
        token,
        label=str(token),
        before=before,
        after=audit.snapshot(token, exclude=("digest",)),
        channel=channel,
    )
    return token


def user_for_secret(secret: str, now: datetime.datetime | None = None) -> User | None:
    """The active user a token secret belongs to, or None (unknown, expired, revoked)."""
    if not secret.startswith(PREFIX):
        return None
    now = now or timezone.now()
    token = ApiToken.objects.select_related("user").filter(digest=digest(secret)).first()
    if token is None or not token.active_on(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
