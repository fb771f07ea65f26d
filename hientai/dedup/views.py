"""The review pages: the queue of likely duplicates, one pair side by side with the
model's evidence and a choice per field, merge / not the same person, and undoing a
merge. Coordinators see every pair, officers the pairs whose two profiles they see."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hientai.accounts.http import staff_only
from hientai.accounts.scoping import can_edit, visible
from hientai.dedup import services
from hientai.dedup.models import Candidate, CandidateStatus, Merge
from hientai.registry.models import Person
from hientai.registry.privacy import mask, sensitive_view

PAGE_SIZE = 50
MASKED_EVIDENCE = frozenset({"personal_id", "old_id", "phone", "email"})


def _field_label(name: str) -> str:
    labels = {
        "name": _("full name"),
        "family": _("family name"),
        "middle": _("middle name"),
        "given": _("given name"),
        "birth": _("date of birth"),
        "gender": _("gender"),
        "personal_id": _("personal ID number"),
        "old_id": _("old ID card number"),
        "phone": _("phone"),
        "email": _("e-mail"),
        "unit": _("unit"),
    }
    return labels.get(name, name)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    page = Paginator(services.queue(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    sizes = services.cluster_sizes(page.object_list)
    for pair in page.object_list:
        pair.cluster_pairs = sizes.get(pair.cluster, 0)
    people = visible(Person.objects.all(), request.user)
    merges = (
        Merge.objects.filter(survivor__in=people, undone_at__isnull=True)
        .select_related("survivor", "survivor__unit")
        .order_by("-at", "-pk")[:20]
    )
    distinct = Candidate.objects.filter(
        status=CandidateStatus.DISTINCT, left__in=people, right__in=people
    ).count()
    return render(
        request,
        "dedup/queue.html",
        {"page": page, "merges": merges, "distinct": distinct},
    )


def _candidate(request: HttpRequest, pk: int) -> Candidate:
    people = visible(Person.objects.all(), request.user)
    candidate = (
        Candidate.objects.filter(pk=pk, left__in=people, right__in=people)
        .select_related("left", "right", "left__unit", "right__unit")
        .first()
    )
    if candidate is None:
        raise Http404
    return candidate


def _rows(survivor: Person, other: Person, user: Any) -> list[dict]:
    """Field by field, the sensitive values as the user may see them (unmasked views are
    logged in the access log, as on the profile page)."""
    choices = services.default_choices(survivor, other)
    shown_survivor = sensitive_view(survivor, user)
    shown_other = sensitive_view(other, user)
    rows = []
    fields = {field.attname: field for field in Person._meta.concrete_fields}
    for name, label in services.merge_fields():
        shown = fields[name].name  # a code or unit shown by its name, not its id
        mine, theirs = getattr(survivor, shown), getattr(other, shown)
        if shown in shown_survivor:
            mine, theirs = shown_survivor[shown], shown_other[shown]
        rows.append(
            {
                "name": name,
                "label": label,
                "survivor": "" if mine is None else mine,
                "other": "" if theirs is None else theirs,
                "same": mine == theirs,
                "choice": choices[name],
            }
        )
    return rows


@login_required
def candidate(request: HttpRequest, pk: int) -> HttpResponse:
    """One pair side by side: the evidence per field, the values to keep, the decision."""
    staff_only(request)
    pair = _candidate(request, pk)
    keep_left = request.POST.get("survivor", request.GET.get("survivor", "left")) != "right"
    survivor, other = (pair.left, pair.right) if keep_left else (pair.right, pair.left)
    error = ""
    if request.method == "POST":
        if not (can_edit(pair.left, request.user) and can_edit(pair.right, request.user)):
            raise PermissionDenied
        action = request.POST.get("action", "")
        reason = request.POST.get("reason", "").strip()[:255]
        try:
            if action == "merge":
                choices = {
                    name: request.POST.get(f"field_{name}", "")
                    for name, _label in services.merge_fields()
                    if request.POST.get(f"field_{name}")
                }
                record = services.merge(survivor, other, request.user, choices, reason)
                pair.status = CandidateStatus.MERGED
                messages.success(
                    request,
                    _("The profiles were merged into %(name)s.")
                    % {"name": record.survivor.full_name},
                )
                return redirect("dedup:queue")
            if action == "distinct":
                services.mark_distinct(pair, request.user, reason)
                messages.success(
                    request, _("Marked as two people: this pair is not proposed again.")
                )
                return redirect("dedup:queue")
            error = _("Choose merge or “not the same person”.")
        except ValidationError as problem:
            error = " ".join(problem.messages)
        except PermissionDenied:
            raise
    evidence = []
    for item in pair.evidence or []:
        if item["field"] in MASKED_EVIDENCE:  # equal or not is the evidence, not the value
            item = {**item, "left": mask(item["left"]), "right": mask(item["right"])}
        evidence.append({**item, "label": _field_label(item["field"])})
    context = {
        "pair": pair,
        "survivor": survivor,
        "other": other,
        "keep_left": keep_left,
        "rows": _rows(survivor, other, request.user),
        "evidence": evidence,
        "error": error,
        "may_edit": can_edit(pair.left, request.user) and can_edit(pair.right, request.user),
    }
    return render(request, "dedup/candidate.html", context, status=400 if error else 200)


@login_required
@require_POST
def unmerge(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    people = visible(Person.objects.all(), request.user)
    record = Merge.objects.filter(pk=pk, survivor__in=people).first()
    if record is None:
        raise Http404
    if not can_edit(record.survivor, request.user):
        raise PermissionDenied
    try:
        restored = services.unmerge(record, request.user, request.POST.get("reason", "")[:255])
    except ValidationError as problem:
        messages.error(request, " ".join(problem.messages))
        return redirect("dedup:queue")
    messages.success(
        request, _("The merge was undone: %(name)s is back.") % {"name": restored.full_name}
    )
    return redirect("dedup:queue")
