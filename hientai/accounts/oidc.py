"""Single sign-on with the province's identity provider (OpenID Connect, issue 19 item 5),
through mozilla-django-oidc: the authorization-code flow, the id_token checked against the
provider's keys (JWKS, RS256) and the nonce, the claims read from the userinfo endpoint.

Off unless configured (`OIDC_RP_CLIENT_ID` and the provider's endpoints in the environment;
hientai/settings.py). Local accounts keep working either way.

Who signs in. An existing account is matched by its e-mail address (the provider must not
say the address is unverified); several accounts with one address are refused. An unknown
person gets an account WITHOUT roles: they reach nothing until a coordinator assigns a role
(docs/DESIGN.md). The roles claim (`OIDC_ROLES_CLAIM`, default `hientai_roles`, a list of
"role:unit code", e.g. "officer:26041") is authoritative for the unit roles only (officer,
leader): they are added and removed to match it at every sign-in. City-wide roles
(administrator, coordinator, data protection officer) are never granted by the provider.
Every change is audited.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.core import audit

SSO_ROLES = frozenset({Role.OFFICER, Role.LEADER})


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_ENABLED", False))


def roles_in_claims(claims: dict) -> set[tuple[str, str]]:
    """(role, unit code) pairs of the roles claim that the provider may grant."""
    raw = claims.get(getattr(settings, "OIDC_ROLES_CLAIM", "hientai_roles")) or []
    if isinstance(raw, str):
        raw = raw.replace(",", " ").split()
    pairs = set()
    for item in raw:
        role, _sep, unit = str(item).partition(":")
        if role in SSO_ROLES and unit:
            pairs.add((role, unit.strip()))
    return pairs


def sync_roles(user: User, claims: dict) -> None:
    """Make the user's unit roles match the claim (unknown unit codes are ignored)."""
    wanted: set[tuple[str, int | None]] = set()
    codes = {unit for _role, unit in roles_in_claims(claims)}
    # The unit model through the relation: orgs sits above accounts in the layers.
    unit_model: Any = RoleAssignment._meta.get_field("unit").related_model
    units = dict(unit_model.objects.filter(code__in=codes).values_list("code", "pk"))
    for role, code in roles_in_claims(claims):
        if code in units:
            wanted.add((role, units[code]))
    current = {
        (a.role, a.unit_id): a for a in RoleAssignment.objects.filter(user=user, role__in=SSO_ROLES)
    }
    with transaction.atomic():
        for key in wanted - set(current):
            assignment = RoleAssignment.objects.create(user=user, role=key[0], unit_id=key[1])
            audit.record(None, "sso.role_added", assignment, after={"role": key[0]}, channel="sso")
        for key in set(current) - wanted:
            assignment = current[key]
            audit.record(
                None, "sso.role_removed", assignment, before={"role": key[0]}, channel="sso"
            )
            assignment.delete()
    if hasattr(user, "_hientai_scope"):
        del user._hientai_scope


class ProvinceOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with our matching and role mapping."""

    def verify_claims(self, claims: dict) -> bool:
        if not claims.get("sub") or not claims.get("email"):
            return False
        return claims.get("email_verified", True) is not False

    def verify_token(self, token: str, **kwargs: Any) -> Any:
        """The signature and nonce (mozilla-django-oidc), then the audience and, when
        `OIDC_OP_ISSUER` is set, the issuer: a token minted for another client of the
        same provider is refused."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("id_token audience mismatch")
        issuer = getattr(settings, "OIDC_OP_ISSUER", "")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("id_token issuer mismatch")
        return payload

    def filter_users_by_claims(self, claims: dict) -> Any:
        return User.objects.filter(email__iexact=claims["email"], is_active=True)

    def create_user(self, claims: dict) -> User:
        username = self._free_username(claims)
        with transaction.atomic():
            user = User.objects.create_user(
                username,
                email=claims["email"],
                first_name=str(claims.get("given_name") or "")[:150],
                last_name=str(claims.get("family_name") or "")[:150],
            )
            user.set_unusable_password()  # signs in through the provider only
            user.save()
            audit.record(None, "sso.user_created", user, channel="sso")
        sync_roles(user, claims)
        return user

    def update_user(self, user: User, claims: dict) -> User:
        sync_roles(user, claims)
        return user

    @staticmethod
    def _free_username(claims: dict) -> str:
        wanted = str(claims.get("preferred_username") or "").strip()[:150]
        if wanted and not User.objects.filter(username__iexact=wanted).exists():
            return wanted
        digest = hashlib.sha256(str(claims["sub"]).encode()).hexdigest()[:12]
        return f"sso-{digest}"


def _guard(view: Any) -> Any:
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not enabled():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def authentication_init(request: HttpRequest) -> HttpResponse:
    from mozilla_django_oidc.views import OIDCAuthenticationRequestView

    return _guard(OIDCAuthenticationRequestView.as_view())(request)


def authentication_callback(request: HttpRequest) -> HttpResponse:
    from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

    return _guard(OIDCAuthenticationCallbackView.as_view())(request)
