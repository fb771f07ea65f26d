"""Single sign-on against a local OpenID Connect provider started by the test: a real HTTP
server that runs the authorization-code flow (authorize → code → token exchange over HTTP
with PKCE → RS256 id_token checked against its JWKS → userinfo). The Django test client
plays the browser on our side, `requests` on the provider's."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.accounts.scoping import scope_for

CLIENT_ID = "hientai-test"
CLIENT_SECRET = "client-secret-2026"

pytestmark = pytest.mark.django_db


class Provider:
    """The provider's state: its key, the codes it issued, the user who signs in."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.signing_key = self.key  # a test swaps it for a key the JWKS does not hold
        self.codes: dict[str, dict] = {}
        self.tokens: dict[str, dict] = {}
        self.claims: dict[str, Any] = {}
        self.url = ""
        self.token_requests: list[dict] = []

    def jwks(self) -> dict:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": "k1", "alg": "RS256", "use": "sig"})
        return {"keys": [jwk]}


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _json(self, status: int, data: dict) -> None:
            body = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/authorize":
                assert query["response_type"] == "code" and query["client_id"] == CLIENT_ID
                assert "openid" in query["scope"].split()
                code = secrets.token_urlsafe(16)
                provider.codes[code] = query
                target = (
                    query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
                )
                self.send_response(302)
                self.send_header("Location", target)
                self.end_headers()
            elif url.path == "/jwks":
                self._json(200, provider.jwks())
            elif url.path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                if token not in provider.tokens:
                    self._json(401, {"error": "invalid_token"})
                else:
                    self._json(200, provider.claims)
            else:
                self._json(404, {})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            provider.token_requests.append(form)
            request = provider.codes.pop(form.get("code", ""), None)
            if (
                request is None
                or form.get("client_id") != CLIENT_ID
                or form.get("client_secret") != CLIENT_SECRET
                or form.get("redirect_uri") != request["redirect_uri"]
            ):
                self._json(400, {"error": "invalid_grant"})
                return
            # PKCE (S256): the verifier must match the challenge of the authorize step.
            digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
            challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
            if challenge != request.get("code_challenge"):
                self._json(400, {"error": "invalid_grant", "error_description": "pkce"})
                return
            now = int(time.time())
            id_token = jwt.encode(
                {"iss": provider.url, "sub": provider.claims["sub"], "aud": CLIENT_ID,
                 "iat": now, "exp": now + 300, "nonce": request.get("nonce")},
                provider.signing_key, algorithm="RS256", headers={"kid": "k1"},
            )  # fmt: skip
            access = secrets.token_urlsafe(16)
            provider.tokens[access] = provider.claims
            self._json(
                200,
                {"access_token": access, "id_token": id_token, "token_type": "Bearer",
                 "expires_in": 300},
            )  # fmt: skip

    return Handler


@pytest.fixture
def provider(settings):
    state = Provider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = state.url + "/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = state.url + "/token"
    settings.OIDC_OP_USER_ENDPOINT = state.url + "/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = state.url + "/jwks"
    settings.OIDC_OP_ISSUER = state.url
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "hientai.accounts.oidc.ProvinceOIDCBackend",
    ]
    yield state
    server.shutdown()
    server.server_close()


def sign_in(client: Client, provider: Provider) -> Any:
    """The whole flow; returns our callback's response."""
    start = client.get("/sso/start/", {"next": "/people/"})
    assert start.status_code == 302 and start["Location"].startswith(provider.url + "/authorize")
    # The browser follows the redirect to the provider, which sends it back with a code.
    at_provider = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == "/sso/callback/"
    return client.get(back.path + "?" + back.query)


def test_sso_logs_in_a_new_officer_with_the_role_of_the_claim(provider):
    provider.claims = {
        "sub": "vneid-0001", "email": "lan.tran@dongnai.gov.vn", "email_verified": True,
        "preferred_username": "lan.tran", "given_name": "Lan", "family_name": "Trần",
        "hientai_roles": ["officer:26041", "coordinator:"],  # city-wide: never from SSO
    }  # fmt: skip
    client = Client()
    done = sign_in(client, provider)
    assert done.status_code == 302 and done["Location"] == "/people/"
    user = User.objects.get(username="lan.tran")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert not user.has_usable_password()
    roles = set(RoleAssignment.objects.filter(user=user).values_list("role", "unit__code"))
    assert roles == {(Role.OFFICER, "26041")}
    assert scope_for(user).can_write and not scope_for(user).city_wide
    assert client.get("/people/").status_code == 200
    # The token exchange went over HTTP with the client's secret and the PKCE verifier.
    [token_request] = provider.token_requests
    assert token_request["grant_type"] == "authorization_code" and token_request["code_verifier"]


def test_sso_links_an_existing_account_by_email_and_follows_the_claim(provider):
    user = User.objects.create_user("hoa", email="Hoa@DongNai.gov.vn", password="local-pass-1")
    RoleAssignment.objects.create(user=user, role=Role.OFFICER, unit_id=_unit("25210"))
    RoleAssignment.objects.create(user=user, role=Role.COORDINATOR)
    provider.claims = {"sub": "vneid-0002", "email": "hoa@dongnai.gov.vn",
                       "hientai_roles": "leader:26041"}  # fmt: skip
    client = Client()
    assert sign_in(client, provider).status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    roles = set(RoleAssignment.objects.filter(user=user).values_list("role", "unit__code"))
    # Unit roles follow the claim; the city-wide role given locally stays.
    assert roles == {(Role.LEADER, "26041"), (Role.COORDINATOR, None)}
    assert user.check_password("local-pass-1")  # the local account still works


def test_an_unknown_person_gets_an_account_without_any_role(provider):
    provider.claims = {"sub": "vneid-0003", "email": "new@example.vn"}
    client = Client()
    assert sign_in(client, provider).status_code == 302
    user = User.objects.get(email="new@example.vn")
    assert user.username.startswith("sso-") and not user.role_assignments.exists()
    assert client.get("/people/").status_code == 403


def test_a_token_not_signed_by_the_provider_keys_is_refused(provider):
    provider.signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    provider.claims = {"sub": "vneid-0004", "email": "mallory@example.vn"}
    client = Client()
    done = sign_in(client, provider)
    assert done.status_code == 400  # SuspiciousOperation: a forged token
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="mallory@example.vn").exists()


def test_the_login_page_offers_sso_only_when_configured(provider, settings):
    page = Client().get("/login/").content.decode()
    assert "/sso/start/" in page
    settings.OIDC_ENABLED = False
    assert "/sso/start/" not in Client().get("/login/").content.decode()
    assert Client().get("/sso/start/").status_code == 404


def _unit(code: str) -> int:
    from hientai.orgs.models import Unit

    return Unit.objects.get(code=code).pk
