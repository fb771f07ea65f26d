"""What every management command that acts "as" a user needs: the user, or a clear error."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from hientai.accounts.models import User


def user_by_name(username: str) -> User:
    """The user called `username`; a Vietnamese CommandError when there is none."""
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist as exc:
        raise CommandError(_("Unknown user '%(name)s'") % {"name": username}) from exc
