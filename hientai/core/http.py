"""Small request helpers every app's views share."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from hientai.accounts.scoping import scope_for


def staff_only(request: HttpRequest) -> None:
    """Staff screens: officers, coordinators, leaders and admins; experts and others get 403."""
    if not scope_for(request.user).is_staff:
        raise PermissionDenied


def is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def error_text(error: ValidationError | PermissionDenied) -> str:
    """The message of a service error, for the page."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")
