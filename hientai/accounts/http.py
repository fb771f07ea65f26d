"""Request checks that need the user's scope, for every app's views."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from hientai.accounts.scoping import scope_for


def staff_only(request: HttpRequest) -> None:
    """Staff screens: officers, coordinators, leaders and admins; experts and others get 403."""
    if not scope_for(request.user).is_staff:
        raise PermissionDenied
