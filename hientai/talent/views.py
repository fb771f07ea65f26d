"""Pages of the talent app: the expert finder, shortlists, organisations, the vocabulary.
Views are thin: the engine answers, the services write."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hientai.accounts.http import staff_only
from hientai.accounts.scoping import can_edit, get_visible_or_404, scope_for, visible
from hientai.core.http import error_text, is_htmx, service_form
from hientai.core.text import fold
from hientai.talent import engine, services
from hientai.talent.forms import OrganisationForm, SynonymGroupForm
from hientai.talent.models import Organisation, OrganisationKind, Shortlist, SynonymGroup

FILTER_PARAMS = ("abroad", "countries", "nationalities", "min_vqf", "min_age", "max_age",
                 "gender", "organisations")  # fmt: skip
DEGREE_CHOICES = [(8, engine.DEGREE_LABELS[8]), (7, engine.DEGREE_LABELS[7]),
                  (6, engine.DEGREE_LABELS[6])]  # fmt: skip


def _filters_from(request: HttpRequest) -> dict[str, Any] | None:
    """The filters the user set on the page (None: take them from the question)."""
    if request.GET.get("f") != "1":
        return None
    filters: dict[str, Any] = {}
    for name in FILTER_PARAMS:
        values = [value for value in request.GET.getlist(name) if value != ""]
        if not values:
            continue
        if name in ("countries", "nationalities", "organisations"):
            filters[name] = values
        elif name == "abroad":
            filters[name] = values[0] == "1"
        else:
            filters[name] = values[0]
    return filters


@login_required
def finder(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    question = request.GET.get("q", "").strip()
    result, error = None, ""
    if question or request.GET.get("f") == "1":
        try:
            result = engine.find_experts(request.user, question, _filters_from(request), limit=50)
        except engine.FinderError as problem:
            error = str(problem)
    filters = result.filters if result else {}
    context = {
        "question": question,
        "result": result,
        "error": error,
        "filters": filters,
        "countries": engine.country_choices(),
        "organisations": engine.organisation_choices(request.user),
        "degrees": DEGREE_CHOICES,
        "shortlists": services.readable_shortlists(request.user).filter(owner_id=request.user.pk),
        "examples": [
            "chuyên gia bán dẫn ở nước ngoài có bằng tiến sĩ",
            "AI experts in Japan",
            "người làm công nghệ sinh học dưới 40 tuổi",
        ],
    }
    template = "talent/_finder_results.html" if is_htmx(request) else "talent/finder.html"
    return render(request, template, context)


@login_required
@require_POST
def shortlist_add(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    try:
        name = request.POST.get("new_name", "").strip()
        if name:
            shortlist = services.create_shortlist(request.user, name, request.POST.get("q", ""))
        else:
            shortlist = get_object_or_404(
                Shortlist, pk=_int(request.POST.get("shortlist")), owner=request.user
            )
        created = services.add_to_shortlist(
            request.user,
            shortlist,
            _int(request.POST.get("person")),
            request.POST.get("reasons", ""),
        )
    except (ValidationError, PermissionDenied) as problem:
        if is_htmx(request):
            return HttpResponse(f'<span class="error">{error_text(problem)}</span>', status=400)
        messages.error(request, error_text(problem))
        return redirect("talent:finder")
    text = _("Added to “%(name)s”.") if created else _("Already in “%(name)s”.")
    text = text % {"name": shortlist.name}
    if is_htmx(request):
        return render(request, "talent/_added.html", {"text": text, "shortlist": shortlist})
    messages.success(request, text)
    return redirect("talent:shortlist_detail", pk=shortlist.pk)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("Choose a shortlist and a person.")) from None


@login_required
def shortlist_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    if request.method == "POST":
        try:
            shortlist = services.create_shortlist(request.user, request.POST.get("name", ""))
        except ValidationError as problem:
            messages.error(request, error_text(problem))
            return redirect("talent:shortlist_list")
        return redirect("talent:shortlist_detail", pk=shortlist.pk)
    shortlists = services.readable_shortlists(request.user).select_related("owner")
    return render(request, "talent/shortlist_list.html", {"shortlists": shortlists})


def _readable(request: HttpRequest, pk: int) -> Shortlist:
    shortlist = services.readable_shortlists(request.user).filter(pk=pk).first()
    if shortlist is None:
        raise Http404
    return shortlist


@login_required
def shortlist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    shortlist = _readable(request, pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "share":
                names = request.POST.get("usernames", "").replace(",", " ").split()
                services.share_shortlist(request.user, shortlist, names)
                messages.success(request, _("Sharing saved."))
            elif action == "remove":
                services.remove_from_shortlist(
                    request.user, shortlist, _int(request.POST.get("person"))
                )
            elif action == "delete":
                services.delete_shortlist(request.user, shortlist)
                messages.success(request, _("Shortlist deleted."))
                return redirect("talent:shortlist_list")
            else:
                services._own(request.user, shortlist)
                return HttpResponse(status=400)
        except ValidationError as problem:
            messages.error(request, error_text(problem))
        return redirect("talent:shortlist_detail", pk=shortlist.pk)
    context = {
        "shortlist": shortlist,
        "entries": services.shortlist_entries(shortlist, request.user),
        "owner": shortlist.owner_id == request.user.pk,
        "shared": shortlist.shared_with.order_by("username"),
    }
    return render(request, "talent/shortlist_detail.html", context)


@login_required
def shortlist_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    staff_only(request)
    shortlist = _readable(request, pk)
    try:
        content, content_type, name = services.export_shortlist(request.user, shortlist, fmt)
    except ValidationError:
        raise Http404 from None
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --------------------------------------------------------------------------- organisations


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    organisations = visible(Organisation.objects.all(), request.user).select_related("unit")
    if kind in OrganisationKind.values:
        organisations = organisations.filter(kind=kind)
    if query:
        wanted = fold(query)
        ids = [
            pk
            for pk, name, short, aliases in organisations.values_list(
                "pk", "name", "short_name", "aliases"
            )
            if wanted in fold(f"{name} {short} {aliases}")
        ]
        organisations = organisations.filter(pk__in=ids)
    context = {
        "page": Paginator(organisations, 50).get_page(request.GET.get("page")),
        "query": query,
        "kind": kind,
        "kinds": OrganisationKind.choices,
        "may_add": scope_for(request.user).can_write,
        "pager_query": urlencode({"q": query, "kind": kind}),
    }
    return render(request, "talent/organisation_list.html", context)


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    organisation = get_visible_or_404(
        Organisation.objects.select_related("unit"), request.user, pk=pk
    )
    people = services.organisation_people(organisation, request.user)
    context = {
        "organisation": organisation,
        "people": Paginator(people.order_by("given_name", "family_name", "pk"), 50).get_page(
            request.GET.get("page")
        ),
        "may_edit": can_edit(organisation, request.user),
    }
    return render(request, "talent/organisation_detail.html", context)


def _organisation_form(request: HttpRequest, organisation: Organisation | None) -> HttpResponse:
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_organisation(request.user, form.save(commit=False))
        except (ValidationError, PermissionDenied) as problem:
            form.add_error(None, error_text(problem))
        else:
            messages.success(request, _("Organisation saved."))
            return redirect("talent:organisation_detail", pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "talent/organisation_form.html", {"form": form, "organisation": organisation},
        status=status,
    )  # fmt: skip


@login_required
def organisation_add(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    if not scope_for(request.user).can_write:
        raise PermissionDenied
    return _organisation_form(request, None)


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    organisation = get_visible_or_404(Organisation.objects.all(), request.user, pk=pk)
    if not can_edit(organisation, request.user):
        raise PermissionDenied
    return _organisation_form(request, organisation)


# --------------------------------------------------------------------------- vocabulary


def _vocabulary_editor(request: HttpRequest) -> None:
    if not services.may_edit_vocabulary(request.user):
        raise PermissionDenied


@login_required
def synonym_list(request: HttpRequest) -> HttpResponse:
    _vocabulary_editor(request)
    groups = SynonymGroup.objects.order_by("label_vi")
    return render(request, "talent/synonym_list.html", {"groups": groups})


def _synonym_form(request: HttpRequest, group: SynonymGroup | None) -> HttpResponse:
    return service_form(
        request,
        SynonymGroupForm(request.POST or None, instance=group),
        lambda data: services.save_synonym_group(
            request.user,
            group,
            label_vi=data["label_vi"],
            label_en=data["label_en"],
            terms=data["terms"],
            active=data["active"],
        ),
        template="talent/synonym_form.html",
        context={"group": group},
        saved=_("Synonym group saved; the index follows it."),
        then="talent:synonym_list",
    )


@login_required
def synonym_add(request: HttpRequest) -> HttpResponse:
    _vocabulary_editor(request)
    return _synonym_form(request, None)


@login_required
def synonym_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _vocabulary_editor(request)
    return _synonym_form(request, get_object_or_404(SynonymGroup, pk=pk))
