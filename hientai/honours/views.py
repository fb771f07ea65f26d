"""Pages of the honours app: programmes and rounds, a round's entries and results, adding an
entry, recording a result. Views are thin: the services check scope, write and audit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hientai.accounts.http import staff_only
from hientai.accounts.scoping import get_visible_or_404
from hientai.core.http import error_text, service_form
from hientai.honours import services
from hientai.honours.forms import EntryForm, ResultForm, RoundForm
from hientai.honours.models import Entry, Programme, Round, RoundStatus


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    programmes = list(Programme.objects.filter(active=True).prefetch_related("rounds"))
    return render(
        request,
        "honours/programme_list.html",
        {"programmes": programmes, "may_manage": services.may_manage(request.user)},
    )


@login_required
def round_add(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    if not services.may_manage(request.user):
        raise PermissionDenied
    programme = get_object_or_404(Programme, pk=pk, active=True)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.create_round(
                request.user,
                programme,
                year=data["year"],
                title=data["title"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
            )
        except (ValidationError, PermissionDenied) as problem:
            form.add_error(None, error_text(problem))
        else:
            messages.success(request, _("Round created."))
            return redirect("honours:round_detail", pk=item.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "honours/round_form.html", {"form": form, "programme": programme}, status=status
    )


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    item = get_object_or_404(Round.objects.select_related("programme"), pk=pk)
    if request.method == "POST":
        if not services.may_manage(request.user):
            raise PermissionDenied
        status = request.POST.get("status", "")
        if status not in RoundStatus.values:
            return HttpResponseBadRequest(_("Unknown status."))
        try:
            services.move_round(request.user, item, status)
        except ValidationError as problem:
            messages.error(request, error_text(problem))
        else:
            messages.success(request, _("Round status changed."))
        return redirect("honours:round_detail", pk=item.pk)
    entries = (
        services.entries_for(request.user)
        .filter(round=item)
        .select_related("person", "organisation", "unit")
        .order_by("pk")
    )
    back = {after: before for before, after in services.NEXT_STATUS.items()}
    context = {
        "round": item,
        "entries": entries,
        "may_manage": services.may_manage(request.user),
        "may_enter": services.may_enter(request.user) and item.status == RoundStatus.OPEN,
        "next_status": services.NEXT_STATUS.get(RoundStatus(item.status)),
        "previous_status": back.get(RoundStatus(item.status)),
        "results_open": item.status in (RoundStatus.JUDGING, RoundStatus.PUBLISHED),
    }
    return render(request, "honours/round_detail.html", context)


@login_required
def entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    if not services.may_enter(request.user):
        raise PermissionDenied
    item = get_object_or_404(Round.objects.select_related("programme"), pk=pk)
    initial = {}
    if request.GET.get("person", "").isdigit():
        initial["person"] = int(request.GET["person"])
    return service_form(
        request,
        EntryForm(request.POST or None, user=request.user, initial=initial),
        lambda data: services.add_entry(
            request.user,
            item,
            title=data["title"],
            field=data["field"],
            person=data["person"],
            organisation=data["organisation"],
        ),
        template="honours/entry_form.html",
        context={"round": item},
        saved=_("Entry added."),
        then=reverse("honours:round_detail", args=[item.pk]),
        refusals=(ValidationError, PermissionDenied),
    )


@login_required
def entry_result(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    if not services.may_manage(request.user):
        raise PermissionDenied
    entry = get_visible_or_404(
        Entry.objects.select_related("round__programme", "person", "organisation"),
        request.user,
        pk=pk,
    )
    return service_form(
        request,
        ResultForm(request.POST or None, instance=entry),
        lambda data: services.record_result(
            request.user,
            entry,
            award_level=data["award_level"],
            prize=data["prize"],
            publish=data["publish_result"],
        ),
        template="honours/result_form.html",
        context={"entry": entry},
        saved=_("Result recorded."),
        then=reverse("honours:round_detail", args=[entry.round_id]),
        refusals=(ValidationError, PermissionDenied),
    )
