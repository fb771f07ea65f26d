"""The in-app inbox: every reminder sent to the user, unread first counted in the header;
mark read, and choose single e-mails or one daily digest. Thin: reminders.py does the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hientai.reporting import reminders
from hientai.reporting.models import Notification


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "notifications": reminders.inbox(user),  # type: ignore[arg-type]
        "unread": reminders.unread_count(user),  # type: ignore[arg-type]
        "digest": reminders.wants_digest(user),  # type: ignore[arg-type]
    }
    return render(request, "reporting/inbox.html", context)


@login_required
@require_POST
def inbox_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification read and follow its link, or mark all read."""
    pk = request.POST.get("pk")
    if pk and pk.isdigit():
        notification = get_object_or_404(Notification, pk=int(pk), user=request.user)
        reminders.mark_read(request.user, notification.pk)  # type: ignore[arg-type]
        if notification.link and url_has_allowed_host_and_scheme(
            notification.link, allowed_hosts={request.get_host()}
        ):
            return redirect(notification.link)
        return redirect("reporting:inbox")
    count = reminders.mark_read(request.user)  # type: ignore[arg-type]
    messages.success(request, _("%(count)d notifications marked read.") % {"count": count})
    return redirect("reporting:inbox")


@login_required
@require_POST
def inbox_preference(request: HttpRequest) -> HttpResponse:
    digest = request.POST.get("digest") == "1"
    reminders.set_digest(request.user, digest)  # type: ignore[arg-type]
    messages.success(
        request,
        _("You will get one daily digest e-mail.")
        if digest
        else _("You will get an e-mail for each reminder."),
    )
    return redirect("reporting:inbox")
