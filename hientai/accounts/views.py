from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hientai.accounts.audit_log import audit_page, known_actions


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Every change made through the services, filtered by person, unit, actor and dates."""
    filters, page = audit_page(request.user, request.GET)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "actions": known_actions(),
        "query": query.urlencode(),
    }
    return render(request, "accounts/audit_log.html", context)
