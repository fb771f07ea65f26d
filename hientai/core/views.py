from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hientai.accounts.scoping import scope_for
from hientai.core.services import home_counts
from hientai.orgs.models import Unit


@login_required
def home(request: HttpRequest) -> HttpResponse:
    scope = scope_for(request.user)
    context = {
        "counts": home_counts(request.user),
        "scope_units": Unit.objects.filter(pk__in=scope.unit_ids),
    }
    return render(request, "core/home.html", context)
