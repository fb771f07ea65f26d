from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from hientai.accounts.scoping import scope_for
from hientai.core import nav


def shell(request: HttpRequest) -> dict:
    """Navigation entries and the current user's scope, for the base template."""
    scope = scope_for(getattr(request, "user", None))
    entries = []
    for item in nav.items():
        if item.staff_only and not scope.is_staff:
            continue
        if item.scope_flag and not getattr(scope, item.scope_flag, False):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries.append({"label": item.label, "url": url, "active": request.path.startswith(url)})
    inbox = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from hientai.reporting.reminders import unread_count

        inbox = {"url": reverse("reporting:inbox"), "unread": unread_count(user)}
    return {"nav_items": entries, "scope": scope, "inbox": inbox}
