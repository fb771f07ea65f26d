"""System checks that make a production install fail loudly instead of running half-secured.

They run with every command (not only `check --deploy`) when HIENTAI_PROFILE=production, so
`hientai serve` refuses to start with a missing key, DEBUG on, no host or no HTTPS.
"""

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def production_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not getattr(settings, "PRODUCTION", False):
        return []
    errors: list[checks.CheckMessage] = []

    def error(code: int, message: str, hint: str) -> None:
        errors.append(checks.Error(message, hint=hint, id=f"hientai.E{code:03d}"))

    if settings.SECRET_KEY.startswith("unset-") or len(settings.SECRET_KEY) < 50:
        error(1, "SECRET_KEY is not set.", "Set SECRET_KEY to a random string of 50+ characters.")
    if settings.DEBUG:
        error(2, "DEBUG is on in production.", "Set DEBUG=0.")
    local = {"127.0.0.1", "localhost", "[::1]"}
    if (
        not settings.ALLOWED_HOSTS
        or set(settings.ALLOWED_HOSTS) <= local
        or "*" in settings.ALLOWED_HOSTS
    ):
        error(3, "ALLOWED_HOSTS does not name the site's host.", "Set ALLOWED_HOSTS=host.name.")
    https = {
        "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
        "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
        "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    }
    for name, value in https.items():
        if not value:
            error(4, f"{name} is off in production.", f"Serve over HTTPS and leave {name} on.")
    if not settings.SECURE_HSTS_SECONDS:
        error(5, "HSTS is off in production.", "Set SECURE_HSTS_SECONDS (e.g. 31536000).")
    return errors
