from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hientai.accounts.scoping import scope_for
from hientai.orgs.models import Unit
from hientai.portal import views as portal_views
from hientai.site.services import home_counts
from hientai.site.work import work_for


def home(request: HttpRequest) -> HttpResponse:
    """Signed-in users: their work. Anonymous visitors: the public portal (issue 19)."""
    if not request.user.is_authenticated:
        return portal_views.home(request, "vi")
    return _work_home(request)


@login_required
def _work_home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    context = {
        "counts": home_counts(request.user),
        "scope_units": Unit.objects.filter(pk__in=scope.unit_ids),
        "work": work_for(request.user),
    }
    return render(request, "site/home.html", context)
