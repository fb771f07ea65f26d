"""The request type of views that only signed-in users reach."""

from __future__ import annotations

from django.http import HttpRequest

from hientai.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind `login_required` (or an API that authenticates): `user` is a User.

    Only an annotation for the type checker (django-stubs' recommended pattern); Django
    still builds plain HttpRequests.
    """

    user: User
