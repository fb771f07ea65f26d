"""Fixed personas and the PostgreSQL gate shared by every test module.

Personas live on the real unit tree loaded by the data migrations:
officer of unit A (Phường Đồng Xoài, 25210), officer of unit B (Phường Trấn
Biên, 26041), a read-only leader over the whole city, the DOST coordinator
and an anonymous visitor.
"""

import datetime as dt
import os

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.orgs.models import Unit

UNIT_A = "25210"
UNIT_B = "26041"
PASSWORD = "persona-pass-2026"


# HIENTAI_TEST_CLOCK=2031-01-02 runs the whole suite with the clock moved to that day
# (ticking from 09:00 local time), to prove no test depends on the real date.
_clock: time_machine.travel | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _clock
    # PBKDF2 at full strength costs ~0.3 s per user created or logged in; tests need none
    # (HIENTAI_TEST_REAL_HASHER=1 keeps it, to measure what the fast one saves).
    if os.environ.get("HIENTAI_TEST_REAL_HASHER") != "1":
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    moment = os.environ.get("HIENTAI_TEST_CLOCK", "").strip()
    if moment:
        start = dt.datetime.fromisoformat(moment)
        if start.tzinfo is None:
            start = start.replace(hour=start.hour or 9, tzinfo=dt.timezone(dt.timedelta(hours=7)))
        _clock = time_machine.travel(start, tick=True)
        _clock.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    if _clock is not None:
        _clock.stop()


def pytest_report_header(config: pytest.Config) -> str:
    return f"clock: {dt.datetime.now().astimezone().isoformat(timespec='seconds')}"


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("postgres") is None:
        return
    if connection.vendor != "postgresql":
        message = "this test needs PostgreSQL (set DATABASE_URL=postgres://...)"
        if os.environ.get("HIENTAI_REQUIRE_PG") == "1":
            pytest.fail(f"HIENTAI_REQUIRE_PG=1: {message}", pytrace=False)
        pytest.skip(message)


def _persona(username: str, role: str, unit_code: str | None) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    unit = Unit.objects.get(code=unit_code) if unit_code else None
    RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """No persistent connections in tests: live-server threads would keep the test DB open."""
    from django.conf import settings

    settings.DATABASES["default"]["CONN_MAX_AGE"] = 0


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's language: a request in English (the locale middleware
    activates the reader's language for the thread) must not leak into the next test's
    fixtures, which store texts such as a plan's reading warnings."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


ICT = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def in_december_2026(time_machine):
    """For tests about "the current year" and "due soon": today is 7 December 2026, 09:00,
    whatever the real date (the clock keeps ticking from there)."""
    time_machine.move_to(dt.datetime(2026, 12, 7, 9, 0, tzinfo=ICT), tick=True)


@pytest.fixture
def officer_a(db) -> User:
    return _persona("officer_a", Role.OFFICER, UNIT_A)


@pytest.fixture
def officer_b(db) -> User:
    return _persona("officer_b", Role.OFFICER, UNIT_B)


@pytest.fixture
def leader(db) -> User:
    return _persona("leader", Role.LEADER, "75")


@pytest.fixture
def coordinator(db) -> User:
    return _persona("coordinator", Role.COORDINATOR, "75.SKHCN")


@pytest.fixture
def administrator(db) -> User:
    """A system administrator: the only role that reaches the Django admin."""
    return _persona("administrator", Role.ADMIN, None)


@pytest.fixture
def anonymous() -> AnonymousUser:
    return AnonymousUser()


@pytest.fixture
def login():
    """A logged-in test client for a persona."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def expert(db) -> User:
    """An expert: signs in to see their own profile and jobs, no unit's data."""
    return _persona("expert", Role.EXPERT, UNIT_A)


@pytest.fixture
def dept_officer(db) -> User:
    """The data officer of a department (Sở Ngoại vụ, 75.SNGV): no ward's data."""
    return _persona("dept_officer", Role.OFFICER, "75.SNGV")
