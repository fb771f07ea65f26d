"""schemathesis against the API (issues 12, 19): cases generated from the ninja OpenAPI schema
run through the WSGI application as a signed-in coordinator (browser session), as an officer
with a personal API token, and as a ward's system with an OAuth2 client-credentials token.
Checks: no server error, every status code documented, every response conforming to the
schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from hientai.accounts import tokens
from hientai.api import api
from hientai.orgs.models import Unit
from hientai.security import clients

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
schema.app = get_wsgi_application()

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture
def keep_test_connection():
    """Requests go straight to the WSGI app, not through Django's test Client, so the
    request signals would close the test's database connection (with CONN_MAX_AGE=0)
    inside its transaction: PostgreSQL then fails every later query. The test Client
    disconnects the same handler."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def session_cookie(coordinator, settings, keep_test_connection) -> dict[str, str]:
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(coordinator)
    return {django_settings.SESSION_COOKIE_NAME: client.cookies["sessionid"].value}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_as_a_signed_in_coordinator(case, session_cookie):
    # The schema's cookie security scheme would otherwise get a generated value.
    case.cookies = {**(case.cookies or {}), **session_cookie}
    case.call_and_validate(checks=CHECKS)


@pytest.fixture
def token_header(officer_a, settings, keep_test_connection) -> dict[str, str]:
    settings.ALLOWED_HOSTS = ["*"]
    _token, secret = tokens.create_token(officer_a, officer_a, "schemathesis", days=1)
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_with_a_personal_token(case, token_header):
    case.headers = {**(case.headers or {}), **token_header}
    case.cookies = {}
    case.call_and_validate(checks=CHECKS)


@pytest.fixture
def system_header(db, settings, request) -> dict[str, str]:
    import base64

    settings.ALLOWED_HOSTS = ["*"]
    application, secret = clients.create_client(
        "schemathesis", None, unit=Unit.objects.get(code="25210")
    )
    basic = base64.b64encode(f"{application.client_id}:{secret}".encode()).decode()
    answer = Client().post(
        "/oauth/token/", {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=f"Basic {basic}"
    )
    # After the test Client's request: it reconnects the request signals when it is done.
    request.getfixturevalue("keep_test_connection")
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


@pytest.mark.django_db
@schema.include(method="GET").parametrize()
@settings(
    max_examples=3,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_reads_with_a_systems_oauth2_token(case, system_header):
    case.headers = {**(case.headers or {}), **system_header}
    case.cookies = {}
    case.call_and_validate(checks=CHECKS)


def test_indicator_values_have_their_own_schema_component():
    """Bug found by schemathesis: indicators' and reporting's `ValueOut` shared one OpenAPI
    component, so the indicator values were documented as strings."""
    components = api.get_openapi_schema(path_prefix="/api/v1")["components"]["schemas"]
    numerator = components["IndicatorValueOut"]["properties"]["numerator"]
    assert {"type": "number"} in numerator["anyOf"]


def test_every_operation_documents_its_refusals():
    paths = api.get_openapi_schema(path_prefix="/api/v1")["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            assert {"401", "403", "404", "422"} <= {str(code) for code in operation["responses"]}, (
                method,
                path,
            )


@pytest.mark.django_db
def test_the_schema_needs_a_signed_in_staff_user(expert, officer_a, login):
    assert Client().get("/api/v1/openapi.json").status_code == 302
    assert login(expert).get("/api/v1/openapi.json").status_code == 403
    assert login(officer_a).get("/api/v1/openapi.json").status_code == 200
