from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from hientai.accounts.scoping import get_visible_or_404, visible
from hientai.catalogs.models import Scheme
from hientai.core.text import fold


@login_required
def scheme_list(request: HttpRequest) -> HttpResponse:
    schemes = visible(Scheme.objects.all(), request.user).annotate(size=Count("codes"))
    return render(
        request, "catalogs/scheme_list.html", {"schemes": schemes, "language": get_language()}
    )


@login_required
def scheme_detail(request: HttpRequest, key: str, version: str) -> HttpResponse:
    scheme = get_visible_or_404(Scheme.objects.all(), request.user, key=key, version=version)
    query = request.GET.get("q", "").strip()
    codes = list(scheme.codes.select_related("parent").order_by("code"))
    if query:
        wanted = fold(query)
        codes = [
            code for code in codes if wanted in fold(f"{code.code} {code.label_vi} {code.label_en}")
        ]
    context = {"scheme": scheme, "codes": codes, "query": query, "language": get_language()}
    return render(request, "catalogs/scheme_detail.html", context)
