"""The REST API (django-ninja, OpenAPI at /api/v1/docs). Every router scopes its rows."""

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.security import HttpBearer, django_auth
from oauth2_provider.oauth2_backends import get_oauthlib_core

from hientai.accounts import tokens
from hientai.accounts.http import staff_only
from hientai.accounts.models import User
from hientai.catalogs.api import router as catalogs_router
from hientai.exchange.api import router as exchange_router
from hientai.indicators.api import router as indicators_router
from hientai.opportunities.api import router as opportunities_router
from hientai.orgs.api import router as orgs_router
from hientai.plans.api import router as plans_router
from hientai.registry.api import router as registry_router
from hientai.reporting.api import router as reporting_router


def bearer_user(request: HttpRequest, secret: str) -> User | None:
    """The user a bearer secret acts as: a personal token's owner (`htk_…`), or the system
    user of the OAuth2 application whose client-credentials token it is. None when the
    secret is unknown, expired or revoked, or its user inactive."""
    if secret.startswith(tokens.PREFIX):
        return tokens.user_for_secret(secret)
    valid, oauth_request = get_oauthlib_core().verify_request(request, scopes=[])
    if not valid:
        return None
    access_token = oauth_request.access_token
    user = access_token.user or (
        access_token.application.user if access_token.application else None
    )
    if user is None or not user.is_active:
        return None
    return user


class BearerAuth(HttpBearer):
    """`Authorization: Bearer <secret>`: personal tokens and OAuth2 tokens of systems. The
    request then acts as that user, scoped exactly as the web scopes them."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = bearer_user(request, token)
        if user is not None:
            request.user = user
        return user


def _bearer_secret(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, secret = header.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" and secret.strip() else None


def staff_docs(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and its docs: signed-in staff (officers, leaders, coordinators, admins),
    by session or bearer token; anonymous visitors go to the login page (a bad token gets
    401), experts get 403."""

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            secret = _bearer_secret(request)
            if secret is None:
                return redirect_to_login(request.get_full_path())
            user = bearer_user(request, secret)
            if user is None:
                return JsonResponse({"detail": _("Unauthorized")}, status=401)
            request.user = user
        staff_only(request)
        return view(request, *args, **kwargs)

    return checked


# The schema and its docs map the whole API: staff users only (issue 12).
api = NinjaAPI(
    title="hientai API",
    version="1",
    # The browser's session (with its CSRF check) or a bearer token (issue 19).
    auth=[django_auth, BearerAuth()],
    urls_namespace="api",
    docs_decorator=staff_docs,
)
api.add_router("/units", orgs_router)
api.add_router("/code-lists", catalogs_router)
api.add_router("/people", registry_router)
api.add_router("/plans", plans_router)
api.add_router("/exchange", exchange_router)
api.add_router("/indicators", indicators_router)
api.add_router("/reporting", reporting_router)
api.add_router("/opportunities", opportunities_router)


class ErrorOut(Schema):
    """Every refusal: a message, or ninja's list of validation errors (422)."""

    detail: Any


# Every operation may answer these (not signed in, outside scope, missing, bad input): the
# schema says so, so clients and schemathesis' status-code check know them (issue 12).
ERROR_CODES = (400, 401, 403, 404, 422)


def _document_errors(ninja_api: NinjaAPI) -> None:
    for _prefix, router in ninja_api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for code in ERROR_CODES:
                    if code not in operation.response_models:
                        operation.response_models[code] = operation._create_response_model(ErrorOut)


_document_errors(api)


def schema_text() -> str:
    """The OpenAPI schema as committed in docs/openapi.json (`hientai openapi`)."""
    from ninja.responses import NinjaJSONEncoder

    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return json.dumps(schema, cls=NinjaJSONEncoder, indent=2, ensure_ascii=False) + "\n"
