"""Logins are guarded: lockout by account and by address with a log row for every attempt,
password rules with Vietnamese messages, idle and absolute session limits, the optional
TOTP second factor, and the security headers (CSP without inline code, Permissions-Policy,
no-store on pages with personal data)."""

import re
import time

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from hientai.accounts.models import User
from hientai.demo.accounts import DEMO_PASSWORD, load_demo_accounts
from hientai.security.middleware import SEEN, STARTED
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
OFFICE = "198.51.100.20"


def _login(username: str, password: str, address: str) -> int:
    client = Client(REMOTE_ADDR=address)
    return client.post("/login/", {"username": username, "password": password}).status_code


def test_31_wrong_passwords_lock_the_account_and_the_address(officer_a, officer_b, settings):
    statuses = [_login("officer_a", f"sai-mat-khau-{n}", ATTACKER) for n in range(31)]
    assert statuses[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert statuses[-1] == 429
    # The right password no longer works: not from the attacker's address ...
    assert _login("officer_a", PASSWORD, ATTACKER) == 429
    # ... nor for the account from another address (locked by account) ...
    assert _login("officer_a", PASSWORD, OFFICE) == 429
    # ... nor for another account from the attacker's address (locked by address).
    assert _login("officer_b", PASSWORD, ATTACKER) == 429
    # Every attempt has its row: 31 + 3 failures, locked ones marked.
    failures = AccessFailureLog.objects.all()
    assert failures.count() == 34
    assert failures.filter(locked_out=True).count() >= 34 - settings.AXES_FAILURE_LIMIT
    assert not AccessLog.objects.exists()
    assert User.objects.get(username="officer_a").last_login is None


def test_the_address_is_counted_on_its_own(officer_a, officer_b, settings):
    """Guessing many accounts from one address, none reaching the limit itself, locks the
    address (not the accounts): each failure has its row."""
    limit = settings.AXES_FAILURE_LIMIT
    statuses = [_login(f"doan-ten-{n}", "sai-mat-khau", ATTACKER) for n in range(limit)]
    assert statuses == [200] * (limit - 1) + [429]  # the limit-th failure locks
    assert _login("officer_b", PASSWORD, ATTACKER) == 429
    assert _login("officer_b", PASSWORD, OFFICE) == 302
    assert AccessFailureLog.objects.count() == settings.AXES_FAILURE_LIMIT + 1
    assert AccessLog.objects.filter(username="officer_b", ip_address=OFFICE).count() == 1


def test_the_account_is_counted_on_its_own(officer_a, officer_b, settings):
    """Guessing one account from many addresses, none reaching the limit itself, locks the
    account (not the addresses)."""
    limit = settings.AXES_FAILURE_LIMIT
    statuses = [_login("officer_a", "sai-mat-khau", f"203.0.113.{100 + n}") for n in range(limit)]
    assert statuses == [200] * (limit - 1) + [429]
    assert _login("officer_a", PASSWORD, OFFICE) == 429
    assert _login("officer_b", PASSWORD, "203.0.113.100") == 302
    assert AccessFailureLog.objects.filter(username="officer_a").count() == (
        settings.AXES_FAILURE_LIMIT + 1
    )


def test_a_success_is_logged_and_clears_the_failures(officer_a):
    assert _login("officer_a", "sai-mat-khau", OFFICE) == 200
    response = Client(REMOTE_ADDR=OFFICE).post(
        "/login/", {"username": "officer_a", "password": PASSWORD}
    )
    assert response.status_code == 302
    log = AccessLog.objects.get()
    assert (log.username, log.ip_address) == ("officer_a", OFFICE)
    assert AccessFailureLog.objects.count() == 1
    assert not AccessAttempt.objects.filter(username="officer_a").exists()


def test_lockout_page_is_vietnamese(officer_a, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login("officer_a", f"sai-{n}", ATTACKER)
    page = Client(REMOTE_ADDR=ATTACKER).post(
        "/login/", {"username": "officer_a", "password": PASSWORD}
    )
    assert page.status_code == 429
    assert "Đăng nhập bị khóa" in page.content.decode()


def test_test_client_login_without_request_still_works(officer_a):
    assert Client().login(username="officer_a", password=PASSWORD)


def test_demo_accounts_can_log_in():
    accounts = load_demo_accounts()
    client = Client(REMOTE_ADDR=OFFICE)
    response = client.post("/login/", {"username": accounts[0].username, "password": DEMO_PASSWORD})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("matkhau123", "quá ngắn"),
        ("matkhau123456", "quá phổ biến"),
        ("Dongnai@2026!!", "quá phổ biến"),
        ("password12345", "quá phổ biến"),
        ("123456789012", "hoàn toàn là số"),
    ],
)
def test_weak_passwords_are_refused_in_vietnamese(password, message):
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        validate_password(password)
    assert any(message in text for text in error.value.messages), error.value.messages


def test_a_long_uncommon_password_is_accepted():
    validate_password("Rừng tràm Mã Đà 9")


def _aged_session(client: Client, **ages: float) -> None:
    session = client.session
    now = time.time()
    for key, seconds in ages.items():
        session[{"seen": SEEN, "started": STARTED}[key]] = now - seconds
    session.save()


def test_idle_timeout_logs_out(officer_a, login, settings):
    client = login(officer_a)
    assert client.get("/people/").status_code == 200
    _aged_session(client, seen=settings.SESSION_IDLE_TIMEOUT - 120)
    assert client.get("/people/").status_code == 200  # still within the idle limit
    _aged_session(client, seen=settings.SESSION_IDLE_TIMEOUT + 1)
    response = client.get("/people/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert "_auth_user_id" not in client.session  # the session is gone
    assert client.get("/people/").status_code == 302  # still signed out ("/" is the portal)


def test_absolute_limit_logs_out_even_when_active(officer_a, login, settings):
    client = login(officer_a)
    assert client.get("/").status_code == 200
    _aged_session(client, seen=5, started=settings.SESSION_MAX_AGE + 1)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_idle_timeout_is_configurable(officer_a, login, settings):
    settings.SESSION_IDLE_TIMEOUT = 60
    client = login(officer_a)
    _aged_session(client, seen=61)
    assert client.get("/").status_code == 302


def test_idle_session_on_the_api_gets_401(officer_a, login, settings):
    client = login(officer_a)
    _aged_session(client, seen=settings.SESSION_IDLE_TIMEOUT + 1)
    assert client.get("/api/v1/orgs/units").status_code == 401


def _token(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():0{device.digits}d}"


def test_coordinator_turns_on_totp_and_each_login_asks_for_it(coordinator, login, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code would otherwise delay the next one
    client = login(coordinator)
    assert client.get("/security/second-factor/").status_code == 200
    device = TOTPDevice.objects.get(user=coordinator)
    assert not device.confirmed
    client.post(
        "/security/second-factor/", {"token": "000000" if _token(device) != "000000" else "111111"}
    )
    device.refresh_from_db()
    assert not device.confirmed
    client.post("/security/second-factor/", {"token": _token(device)})
    device.refresh_from_db()
    assert device.confirmed

    fresh = login(coordinator)  # a new login: password only so far
    response = fresh.get("/people/")
    assert response.status_code == 302
    assert response["Location"].startswith("/security/second-factor/verify/")
    assert fresh.get("/api/v1/orgs/units").status_code == 401
    wrong = fresh.post("/security/second-factor/verify/", {"token": "12345", "next": "/people/"})
    assert wrong.status_code == 200
    right = fresh.post(
        "/security/second-factor/verify/", {"token": _token(device, 30), "next": "/people/"}
    )
    assert right.status_code == 302 and right["Location"] == "/people/"
    assert fresh.get("/people/").status_code == 200


def test_officers_have_no_second_factor_page(officer_a, login):
    assert login(officer_a).get("/security/second-factor/").status_code == 403


# Code inline is refused; a data block (<script type="application/json">, the charts' data;
# "application/ld+json", the portal's structured data) is never executed and CSP does not
# apply to it.
INLINE = re.compile(
    r"<script(?![^>]*\b(?:src=|type=\"application/(?:ld\+)?json\"))[^>]*>|\son[a-z]+\s*=|\sstyle\s*=|javascript:",
    re.I,
)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/people/",
        "/plans/",
        "/units/",
        "/exchange/",
        "/indicators/",
        "/quality/",
        "/reporting/",
        "/reporting/dashboard/",
        "/code-lists/",
        "/public/vi/",
        "/public/zh/policies/thu-hut-chuyen-gia-kieu-bao/",
    ],
)
def test_pages_have_a_strict_csp_and_no_inline_code(coordinator, login, path):
    response = login(coordinator).get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    html = response.content.decode()
    assert not INLINE.search(html), INLINE.search(html).group(0)
    assert "camera=()" in response["Permissions-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_login_page_has_the_headers(db):
    response = Client().get("/login/")
    assert "Content-Security-Policy" in response and "Permissions-Policy" in response


def test_templates_use_no_htmx_feature_that_needs_eval():
    """Trigger filters (`[...]`), hx-on and js: values need eval, which the CSP forbids."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "hientai"
    offending = []
    for path in root.rglob("*.html"):
        text = path.read_text()
        if re.search(r"hx-on|hx-vals=.js:|hx-vars", text):
            offending.append(str(path))
        for trigger in re.findall(r'hx-trigger="([^"]*)"', text):
            # A filter follows the event name: "change[...]"; "from:input[name=q]" is CSS.
            if any(re.match(r"\s*[\w.-]+\[", part) for part in trigger.split(",")):
                offending.append(str(path))
    assert not offending


@pytest.mark.parametrize("path", ["/admin/", "/admin/orgs/unit/", "/admin/orgs/unit/1/change/"])
def test_admin_pages_have_no_inline_script(db, path):
    admin = User.objects.create_superuser("root", password="root-pass-2026-long")
    client = Client()
    client.force_login(admin)
    response = client.get(path)
    assert response.status_code == 200
    found = re.search(
        r"<script(?![^>]*\b(src|type=\"application/json\")=?)[^>]*>", response.content.decode()
    )
    assert not found, found.group(0)
