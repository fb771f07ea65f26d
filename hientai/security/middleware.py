"""Session limits, the second factor and the security headers of every page.

- Idle timeout (SESSION_IDLE_TIMEOUT, 30 minutes by default) and an absolute limit
  (SESSION_MAX_AGE, 10 hours) counted from the login, whatever the activity.
- A user with a confirmed TOTP device must enter a code before any page but the
  login, logout and code pages (django-otp marks the session verified).
- Permissions-Policy on every response; `Cache-Control: no-store` on every response to
  a logged-in user (pages with personal data must not stay in a shared browser's cache).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

STARTED = "_hientai_started"
SEEN = "_hientai_seen"
SEEN_RESOLUTION = 60  # seconds: the session is written at most once a minute for this

PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "browsing-topics=()"
)


def start_session_clock(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    now = time.time()
    request.session[STARTED] = now
    request.session[SEEN] = now


def _expired(request: HttpRequest, now: float) -> bool:
    session = request.session
    started = session.get(STARTED)
    seen = session.get(SEEN)
    if started is None or seen is None:
        # A session from before these limits: start counting now.
        session[STARTED] = session[SEEN] = now
        return False
    idle = settings.SESSION_IDLE_TIMEOUT
    absolute = settings.SESSION_MAX_AGE
    return now - seen > idle or now - started > absolute


def _to_login(request: HttpRequest) -> HttpResponse:
    target = f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Your session has expired. Log in again.")}, status=401)
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return HttpResponseRedirect(target)


class SessionLimitsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            if _expired(request, now):
                logout(request)
                messages.info(request, _("Your session has expired. Log in again."))
                return _to_login(request)
            if now - request.session.get(SEEN, 0) >= SEEN_RESOLUTION:
                request.session[SEEN] = now
        return self.get_response(request)


def _otp_exempt(path: str) -> bool:
    exempt = [
        reverse("login"),
        reverse("logout"),
        reverse("security:otp_verify"),
        "/i18n/",
        settings.STATIC_URL if settings.STATIC_URL.startswith("/") else f"/{settings.STATIC_URL}",
    ]
    return any(path.startswith(prefix) for prefix in exempt)


class SecondFactorMiddleware:
    """After the password, a user with a confirmed device must give a TOTP code."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not _otp_exempt(request.path)
        ):
            from django_otp import user_has_device

            if user_has_device(user, confirmed=True):
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"detail": _("Enter the code of your authenticator app first.")},
                        status=401,
                    )
                target = reverse("security:otp_verify")
                return HttpResponseRedirect(
                    f"{target}?{urlencode({'next': request.get_full_path()})}"
                )
        return self.get_response(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
