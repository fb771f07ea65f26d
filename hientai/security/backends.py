"""The lockout check in front of Django's ModelBackend (django-axes).

Every login through HTTP carries a request, so axes counts it (by account and by
address) and refuses a locked one. `authenticate()` without a request (Django's test
`Client.login()`, a shell) has no address to count and no HTTP attacker behind it: it
is passed on to the next backend instead of failing.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
