import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hientai.accounts.scoping import get_visible_or_404, scope_for, visible
from hientai.catalogs.models import Scheme
from hientai.catalogs.services import CodeListError, import_codes
from hientai.core.text import fold


@login_required
def scheme_list(request: HttpRequest) -> HttpResponse:
    schemes = visible(Scheme.objects.all(), request.user).annotate(size=Count("codes"))
    context = {
        "schemes": schemes,
        "language": get_language(),
        "can_import": scope_for(request.user).city_wide,
    }
    return render(request, "catalogs/scheme_list.html", context)


MAX_UPLOAD = 2 * 1024 * 1024  # code lists are small; anything bigger is a mistake


@login_required
@require_POST
def import_page(request: HttpRequest) -> HttpResponse:
    """The coordinator uploads a code-list CSV (the same file `hientai import_codes` reads):
    validated whole, written in one transaction with one audit row, or refused whole."""
    if not scope_for(request.user).city_wide:
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a CSV file."))
    elif (upload.size or 0) > MAX_UPLOAD:
        messages.error(request, _("The file is too large (at most 2 MB)."))
    else:
        try:
            text = upload.read().decode("utf-8-sig")
            report = import_codes(io.StringIO(text), user=request.user, channel="web")
        except UnicodeDecodeError:
            messages.error(request, _("The file is not UTF-8 text."))
        except CodeListError as error:
            messages.error(request, _("The file was rejected; nothing was written."))
            for line in error.errors[:20]:
                messages.error(request, line)
        else:
            messages.success(
                request,
                _("Created %(created)d, updated %(updated)d, unchanged %(unchanged)d codes.")
                % {
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                },
            )
    return redirect("catalogs:scheme_list")


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
