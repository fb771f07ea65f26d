"""Shared helpers of the consolidated-report and dashboard tests: demo-like data (the five
seed plans, the demo indicators and reporting, a few hundred generated people), Vietnamese
as the active language, text normalisation for PDF extraction, and the LibreOffice gate."""

from __future__ import annotations

import datetime
import os
import re
import unicodedata
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import translation

from hientai.reporting.documents.pdf import soffice_path

ROOT = Path(__file__).resolve().parents[2]
TODAY = datetime.date(2026, 11, 23)
SEED = 6


def load_demo(people: int = 300, accounts: bool = False) -> list:
    """The demo as `hientai demo` loads it, with fewer people (and without the demo
    accounts, so without submissions, unless `accounts`); returns the plans."""
    from hientai.demo.generator import generate_people
    from hientai.demo.indicators import load_demo_indicators
    from hientai.demo.plans import load_demo_plans
    from hientai.demo.reporting import load_demo_reporting
    from hientai.demo.tracking import load_demo_tracking
    from hientai.plans.models import Plan
    from hientai.registry.bulk import load_people

    if accounts:
        from hientai.demo.accounts import load_demo_accounts

        load_demo_accounts()
    if people:
        load_people(generate_people(people, seed=SEED, today=TODAY))
    load_demo_plans()
    load_demo_indicators()
    load_demo_reporting()
    load_demo_tracking()
    return list(Plan.objects.order_by("pk"))


def demo_fixture(people: int, accounts: bool = False):
    """A module-scoped fixture loading the demo once for a test module, inside a transaction
    rolled back after the module; each test still runs in its own savepoint (`db`), so what a
    test changes is undone before the next one."""

    @pytest.fixture(scope="module")
    def demo_data(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            outer = transaction.atomic()
            outer.__enter__()
            try:
                yield load_demo(people, accounts)
            finally:
                transaction.set_rollback(True)
                outer.__exit__(None, None, None)

    return demo_data


@pytest.fixture
def vietnamese():
    with translation.override("vi"):
        yield


def normalise(text: str) -> str:
    """One space between words, NFC: PDF extraction breaks lines and may decompose marks."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def require_libreoffice() -> None:
    """Skip without LibreOffice, unless HIENTAI_REQUIRE_LIBREOFFICE=1 (CI): then fail."""
    if soffice_path() is not None:
        return
    message = "LibreOffice (soffice) is not installed"
    if os.environ.get("HIENTAI_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail(f"HIENTAI_REQUIRE_LIBREOFFICE=1: {message}", pytrace=False)
    pytest.skip(message)
