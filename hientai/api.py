"""The REST API (django-ninja, OpenAPI at /api/v1/docs). Every router scopes its rows."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.security import django_auth

from hientai.accounts.http import staff_only
from hientai.catalogs.api import router as catalogs_router
from hientai.exchange.api import router as exchange_router
from hientai.indicators.api import router as indicators_router
from hientai.orgs.api import router as orgs_router
from hientai.plans.api import router as plans_router
from hientai.registry.api import router as registry_router
from hientai.reporting.api import router as reporting_router


def staff_docs(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and its docs: signed-in staff (officers, leaders, coordinators, admins);
    anonymous visitors go to the login page, experts get 403."""

    @login_required
    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        staff_only(request)
        return view(request, *args, **kwargs)

    return checked


# The schema and its docs map the whole API: staff users only (issue 12).
api = NinjaAPI(
    title="hientai API",
    version="1",
    auth=django_auth,
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
