"""Small request helpers every app's views share (no app of ours below them: the
scope check `staff_only` lives in accounts/http.py)."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _


def is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def error_text(error: ValidationError | PermissionDenied) -> str:
    """The message of a service error, for the page."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")


class ClientErrorsOneLine(logging.Filter):
    """A refused (403) or missing (404) page is logged as one line, not a traceback: it is
    the reader's mistake or an out-of-scope link, not a fault of the application."""

    def filter(self, record: logging.LogRecord) -> bool:
        if 400 <= getattr(record, "status_code", 0) < 500:
            record.exc_info = None
            record.exc_text = None
        return True


def install_log_filters() -> None:
    logger = logging.getLogger("django.request")
    if not any(isinstance(item, ClientErrorsOneLine) for item in logger.filters):
        logger.addFilter(ClientErrorsOneLine())
