from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hientai.accounts.http import staff_only
from hientai.accounts.scoping import can_edit, can_edit_loaded, get_visible_or_404, scope_for
from hientai.registry import providers, services
from hientai.registry.forms import (
    PARTS,
    EmploymentFormSet,
    PartReasonForm,
    PersonForm,
    QualificationFormSet,
    StatusChangeForm,
    TrainingFormSet,
)
from hientai.registry.models import Person
from hientai.registry.presenters import (
    DETAIL_RELATED,
    facet_panel,
    history_rows,
    part_sections,
    prefetch_code_links,
    profile_sections,
    quality_findings,
    source_label,
)
from hientai.registry.privacy import sensitive_view


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    people = providers.people_search()
    query = request.GET.get("q", "").strip()
    filters = {
        name: request.GET.getlist(name) for name in people.facets if request.GET.getlist(name)
    }
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    # The next page's cursor (deep pages by keyset when the list is in name order).
    after = request.GET.get("after", "")[:40] or None
    result = people.search(request.user, query, filters, page=page, per_page=25, after=after)
    context = {
        "query": query,
        "result": result,
        "facets": facet_panel(result.facets, filters),
        "page": page,
        "pages": max(1, (result.total + 24) // 25),
        "can_create": scope_for(request.user).can_write,
        "htmx": bool(request.headers.get("HX-Request")),
    }
    template = "registry/_results.html" if context["htmx"] else "registry/person_list.html"
    return render(request, template, context)


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(Person.objects.select_related(*DETAIL_RELATED), request.user, pk=pk)
    prefetch_code_links(person)
    context = {
        "person": person,
        "sensitive": sensitive_view(person, request.user),
        "can_edit": can_edit_loaded(person, request.user),
        "findings": quality_findings(person),
        "status_form": StatusChangeForm(),
        "part_sections": part_sections(person),
        "source": source_label(person.source),
        "sections": profile_sections(person, request.user),
    }
    return render(request, "registry/person_detail.html", context)


def _edit(request: HttpRequest, person: Person) -> HttpResponse:
    creating = person.pk is None
    data = request.POST if request.method == "POST" else None
    form = PersonForm(data, request.FILES or None, instance=person, user=request.user)
    formsets = (
        QualificationFormSet(data, instance=person, prefix="qualifications"),
        EmploymentFormSet(data, instance=person, prefix="employments"),
        TrainingFormSet(data, instance=person, prefix="trainings"),
    )
    matches: list = []
    if data is not None and form.is_valid() and creating and data.get("confirm_new") != "1":
        # The entry-time check: likely existing profiles (any unit) are shown first.
        matches = providers.entry_matches(form.cleaned_data, None, request.user)
    if (
        data is not None
        and not matches
        and form.is_valid()
        and all(formset.is_valid() for formset in formsets)
    ):
        profile = form.save(commit=False)
        m2m = {
            name: form.cleaned_data[name]
            for name in ("categories", "st_fields", "strategic_technologies")
        }
        reason = form.cleaned_data["reason"] or (_("created") if creating else "")
        try:
            services.save_profile(profile, request.user, reason, m2m, formsets)
        except PermissionDenied:
            form.add_error("unit", _("You may not keep profiles for this unit."))
        else:
            messages.success(request, _("The profile was saved."))
            return redirect("registry:person_detail", pk=profile.pk)
    elif data is not None:
        messages.error(request, _("Please correct the errors below."))
    if not creating:
        # The edit form shows the sensitive fields unmasked: that is a logged view.
        sensitive_view(person, request.user, channel="web-edit")
    context = {
        "form": form,
        "part_forms": [(formset.model._meta.verbose_name_plural, formset) for formset in formsets],
        "person": person,
        "creating": creating,
        "matches": matches,
    }
    return render(request, "registry/person_form.html", context)


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    if not scope_for(request.user).can_write:
        raise PermissionDenied
    return _edit(request, Person())


@login_required
def person_edit(request: HttpRequest, pk: int, part: str = "identity") -> HttpResponse:
    """Edit one part of a profile on its own page: a bad row elsewhere never blocks this one."""
    person = get_visible_or_404(Person.objects.select_related(*DETAIL_RELATED), request.user, pk=pk)
    prefetch_code_links(person)
    if not can_edit(person, request.user):
        raise PermissionDenied
    if part not in PARTS:
        raise Http404
    section = PARTS[part]
    data = request.POST if request.method == "POST" else None
    reason_default = _("Edited: %(part)s") % {"part": section.label}
    if section.form is not None:
        form = section.form(data, request.FILES or None, instance=person, user=request.user)
        formset = None
        valid = data is not None and form.is_valid()
    else:
        form = PartReasonForm(data)
        formset = section.formset(data, instance=person, prefix=part)
        valid = data is not None and form.is_valid() and formset.is_valid()
    if valid:
        reason = form.cleaned_data.get("reason") or reason_default
        try:
            if formset is None:
                m2m = {
                    name: form.cleaned_data[name]
                    for name in ("categories", "st_fields", "strategic_technologies")
                    if name in form.cleaned_data
                }
                services.save_person(form.save(commit=False), request.user, reason, m2m)
            else:
                services.save_part(person, request.user, reason, formset)
        except PermissionDenied:
            form.add_error(None, _("You may not keep profiles for this unit."))
        else:
            messages.success(request, _("The profile was saved."))
            return redirect("registry:person_detail", pk=person.pk)
    if data is not None and not valid:
        messages.error(request, _("Please correct the errors below."))
    if part == "identity":
        # The identity form shows the sensitive fields unmasked: that is a logged view.
        sensitive_view(person, request.user, channel="web-edit")
    context = {
        "person": person,
        "part": section,
        "parts": PARTS.values(),
        "form": form,
        "formset": formset,
    }
    return render(request, "registry/person_part_form.html", context)


@login_required
def person_status(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(Person.objects.all(), request.user, pk=pk)
    if request.method != "POST" or not can_edit(person, request.user):
        raise PermissionDenied
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        try:
            services.change_status(
                person,
                form.cleaned_data["status"],
                form.cleaned_data["effective_from"],
                request.user,
                form.cleaned_data["note"],
            )
            messages.success(request, _("The status was changed."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Give a status and the date it takes effect."))
    return redirect("registry:person_detail", pk=person.pk)


@login_required
def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_visible_or_404(Person.objects.all(), request.user, pk=pk)
    return render(
        request,
        "registry/person_history.html",
        {"person": person, "rows": history_rows(person, request.user)},
    )
