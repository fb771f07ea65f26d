"""Request checks that need the user's scope, and the request type of views that only
signed-in users reach, for every app's views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from hientai.accounts.models import User
from hientai.accounts.scoping import scope_for


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind `login_required` (or an API that authenticates): `user` is a User.

    Only an annotation for the type checker (django-stubs' recommended pattern); Django
    still builds plain HttpRequests.
    """

    user: User


def staff_only(request: HttpRequest) -> None:
    """Staff screens: officers, coordinators, leaders and admins; experts and others get 403."""
    if not scope_for(request.user).is_staff:
        raise PermissionDenied
