import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose another language with the switch.

    The browser's Accept-Language is ignored on purpose: officers' machines are
    often set to English, yet the city's screens are Vietnamese first.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class BusyDatabaseMiddleware:
    """A write that waited its whole busy timeout for SQLite's lock (an import's final
    step, a backup) answers "busy, try again" with HTTP 503 and Retry-After: a page in
    the user's language, JSON for the API. Never a 500: nothing was written (the failed
    statement's transaction is rolled back by the view's atomic block or autocommit)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from hientai.core.db import RETRY_AFTER, is_locked

        if not is_locked(exception):
            return None
        logger.warning("database busy on %s %s", request.method, request.path)
        message = _("The system is busy, please try again in a moment.")
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"detail": message, "code": "busy", "retry_after": RETRY_AFTER}, status=503
            )
        else:
            response = HttpResponse(
                render_to_string("core/busy.html", {"message": message, "path": request.path}),
                status=503,
            )
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response
