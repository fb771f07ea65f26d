from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from hientai.catalogs.models import Code
from hientai.selfservice import services

NOW = timezone.make_aware(dt.datetime(2026, 12, 7, 10, 0))
PASSWORD = "Mat-khau-rat-dai-2026!"


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def registration(email: str = "lan.nguyen@example.org", **extra) -> dict:
    return {
        "family_name": "Nguyễn",
        "middle_name": "Thị",
        "given_name": "Lan",
        "email": email,
        "password": PASSWORD,
        "overseas": True,
        "country": Code.objects.filter(scheme__key="country", code="DE").first()
        or Code.objects.filter(scheme__key="country").first(),
        "st_field": Code.objects.filter(scheme__key="st_field", level=2).first(),
        "unit": None,
        **extra,
    }


@pytest.fixture
def registered_expert(db):
    """An expert registered and verified through the services (profile in Sở KH&CN)."""
    user = services.register(registration(), now=NOW)
    person = services.verify(services.make_token(user, NOW), now=NOW)
    user.refresh_from_db()
    return person
