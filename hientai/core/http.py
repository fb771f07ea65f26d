"""Small request helpers every app's views share (no app of ours below them: the
scope check `staff_only` lives in accounts/http.py)."""

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
