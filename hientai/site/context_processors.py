from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from hientai.accounts.scoping import scope_for
from hientai.core import nav


def shell(request: HttpRequest) -> dict:
    """Navigation entries and the current user's scope, for the base template."""
    scope = scope_for(getattr(request, "user", None))
    entries: list[dict[str, Any]] = []
    for item in nav.items():
        if item.staff_only and not scope.is_staff:
            continue
        if item.scope_flag and not getattr(scope, item.scope_flag, False):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries.append(
            {
                "label": item.label,
                "url": url,
                "active": request.path.startswith(url),
                "more": item.order >= nav.MORE_FROM,
            }
        )
    if scope.is_admin:
        url = reverse("admin:index")
        label = _("Administration")
        entries.append({"label": label, "url": url, "active": False, "more": True})
    # One entry is current: the longest address the page's path starts with.
    current = max((entry for entry in entries if entry["active"]), key=lambda e: len(str(e["url"])),
                  default=None)  # fmt: skip
    for entry in entries:
        entry["active"] = entry is current
    more = [entry for entry in entries if entry["more"]]
    if len(more) < 2:  # one entry is not worth a fold
        more = []
    inbox = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from hientai.reporting.reminders import unread_count

        inbox = {"url": reverse("reporting:inbox"), "unread": unread_count(user)}
    return {
        "inbox": inbox,
        "nav_items": [entry for entry in entries if entry not in more],
        "nav_more": more,
        "nav_more_active": any(entry["active"] for entry in more),
        "scope": scope,
    }
