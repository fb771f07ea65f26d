from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hientai.accounts.audit_log import action_choices, audit_page, describe


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Every change made through the services, filtered by person, unit, actor and dates."""
    filters, page = audit_page(request.user, request.GET)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "rows": describe(page),
        "actions": action_choices(),
        "query": query.urlencode(),
    }
    return render(request, "accounts/audit_log.html", context)
