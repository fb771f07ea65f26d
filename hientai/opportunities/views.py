"""Pages of opportunities, candidates, nominations and eligibility rules. Thin: the
services write, matching ranks, eligibility evaluates."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hientai.accounts.http import staff_only
from hientai.accounts.scoping import get_visible_or_404, scope_for
from hientai.core.http import error_text
from hientai.core.models import AuditEntry
from hientai.opportunities import matching, services
from hientai.opportunities.forms import NominationForm, OpportunityForm, RuleForm
from hientai.opportunities.models import (
    EligibilityRule,
    Nomination,
    NominationKind,
    NominationStatus,
    Opportunity,
    OpportunityKind,
)
from hientai.registry.models import Person
from hientai.talent import services as talent


def _opportunity(request: HttpRequest, pk: int) -> Opportunity:
    found = services.visible_opportunities(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
def opportunity_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    today = timezone.localdate()
    state = request.GET.get("state", "open")
    kind = request.GET.get("kind", "")
    country = request.GET.get("country", "").upper()[:2]
    field = request.GET.get("field", "")
    items = services.visible_opportunities(request.user).select_related("country", "unit")
    if state == "open":
        items = items.filter(Q(deadline__isnull=True) | Q(deadline__gte=today))
    elif state == "closed":
        items = items.filter(deadline__lt=today)
    if kind in OpportunityKind.values:
        items = items.filter(kind=kind)
    if country:
        items = items.filter(country__code=country)
    if field:
        items = items.filter(
            Q(st_fields__code=field) | Q(st_fields__code__startswith=f"{field}.")
        ).distinct()
    form = OpportunityForm(user=request.user)
    context = {
        "page": Paginator(items.order_by("deadline", "pk"), 50).get_page(request.GET.get("page")),
        "state": state,
        "kind": kind,
        "country": country,
        "field": field,
        "kinds": OpportunityKind.choices,
        "countries": form.fields["country"].queryset,  # type: ignore[attr-defined]
        "fields": form.fields["st_fields"].queryset.filter(level=1),  # type: ignore[attr-defined]
        "today": today,
        "may_add": scope_for(request.user).can_write,
        "may_rules": services.may_edit_rules(request.user),
        "pager_query": urlencode(
            {"state": state, "kind": kind, "country": country, "field": field}
        ),
    }
    return render(request, "opportunities/opportunity_list.html", context)


@login_required
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    opportunity = _opportunity(request, pk)
    nominations = (
        services.visible_nominations(request.user)
        .filter(opportunity=opportunity)
        .select_related("person", "unit")
    )
    context = {
        "opportunity": opportunity,
        "rules": opportunity.rules.order_by("key"),
        "nominations": nominations,
        "may_edit": services.may_edit_opportunity(request.user, opportunity),
        "shortlists": talent.readable_shortlists(request.user),
        "is_open": opportunity.is_open(timezone.localdate()),
    }
    return render(request, "opportunities/opportunity_detail.html", context)


def _opportunity_form(request: HttpRequest, opportunity: Opportunity | None) -> HttpResponse:
    form = OpportunityForm(request.POST or None, instance=opportunity, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.save_opportunity(
                request.user, form.save(commit=False), st_fields=data["st_fields"],
                technologies=data["technologies"], rules=data["rules"],
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as problem:
            form.add_error(None, error_text(problem))
        else:
            messages.success(request, _("Opportunity saved."))
            return redirect("opportunities:opportunity_detail", pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "opportunities/opportunity_form.html",
                  {"form": form, "opportunity": opportunity}, status=status)  # fmt: skip


@login_required
def opportunity_add(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    if not scope_for(request.user).can_write:
        raise PermissionDenied
    return _opportunity_form(request, None)


@login_required
def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    opportunity = _opportunity(request, pk)
    if not services.may_edit_opportunity(request.user, opportunity):
        raise PermissionDenied
    return _opportunity_form(request, opportunity)


@login_required
def candidates(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    opportunity = _opportunity(request, pk)
    shortlist = None
    if request.GET.get("shortlist"):
        try:
            shortlist_pk = int(request.GET["shortlist"])
        except ValueError:
            raise Http404 from None
        shortlist = talent.readable_shortlists(request.user).filter(pk=shortlist_pk).first()
        if shortlist is None:
            raise Http404
    today = timezone.localdate()
    found = matching.candidates(request.user, opportunity, today, shortlist=shortlist)
    context = {
        "opportunity": opportunity,
        "candidates": found,
        "shortlist": shortlist,
        "shortlists": talent.readable_shortlists(request.user),
        "question": matching.question_for(opportunity),
        "rules": opportunity.rules.filter(active=True).order_by("key"),
        "may_nominate": scope_for(request.user).can_write and opportunity.is_open(today),
    }
    return render(request, "opportunities/candidates.html", context)


# --------------------------------------------------------------------------- nominations


@login_required
def nomination_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    status = request.GET.get("status", "")
    items = services.visible_nominations(request.user).select_related(
        "person", "unit", "opportunity"
    )
    if status in NominationStatus.values:
        items = items.filter(status=status)
    context = {
        "page": Paginator(items, 50).get_page(request.GET.get("page")),
        "status": status,
        "statuses": NominationStatus.choices,
        "pager_query": urlencode({"status": status}),
    }
    return render(request, "opportunities/nomination_list.html", context)


@login_required
def nomination_add(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    if not scope_for(request.user).can_write:
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    person = None
    if source.get("person"):
        try:
            person = get_visible_or_404(
                Person.objects.select_related("unit"), request.user, pk=int(source["person"])
            )
        except ValueError:
            raise Http404 from None
    opportunity = None
    if source.get("opportunity"):
        try:
            opportunity = _opportunity(request, int(source["opportunity"]))
        except ValueError:
            raise Http404 from None
    initial = {"kind": NominationKind.TRAINING if opportunity else NominationKind.HONOUR}
    form = NominationForm(request.POST if request.POST.get("confirm") else None, initial=initial)
    if request.method == "POST" and request.POST.get("confirm") and form.is_valid():
        data = form.cleaned_data
        try:
            nomination = services.create_nomination(
                request.user, person_id=person.pk if person else None, kind=data["kind"],
                opportunity=opportunity, target_name=data["target_name"],
                justification=data["justification"],
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as problem:
            form.add_error(None, error_text(problem))
        else:
            messages.success(request, _("Nomination saved as a draft."))
            return redirect("opportunities:nomination_detail", pk=nomination.pk)
    status = 400 if request.method == "POST" and request.POST.get("confirm") else 200
    if request.method == "POST" and person is None:
        status = 400
    context = {"form": form, "person": person, "opportunity": opportunity}
    return render(request, "opportunities/nomination_form.html", context, status=status)


@login_required
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    nomination = get_visible_or_404(
        Nomination.objects.select_related("person", "unit", "opportunity", "decided_by"),
        request.user,
        pk=pk,
    )
    if request.method == "POST":
        try:
            services.transition(
                request.user, nomination, request.POST.get("action", ""),
                comment=request.POST.get("comment", ""), result=request.POST.get("result", ""),
            )  # fmt: skip
        except ValidationError as problem:
            messages.error(request, error_text(problem))
        else:
            messages.success(request, _("Nomination updated."))
        return redirect("opportunities:nomination_detail", pk=nomination.pk)
    actions = services.allowed_actions(request.user, nomination)
    history = [
        {
            "at": entry.at,
            "actor": entry.actor_name,
            "action": services.ACTION_LABELS.get(entry.action, _("Created")),
            "status": _status_label((entry.after or {}).get("status", "")),
            "reason": entry.reason,
        }
        for entry in AuditEntry.objects.filter(
            object_type="opportunities.nomination", object_id=str(nomination.pk)
        ).order_by("at", "pk")
    ]
    context = {
        "nomination": nomination,
        "actions": [(name, services.ACTION_LABELS[name]) for name in actions],
        "history": history,
        "eligibility": nomination.eligibility or {},
    }
    return render(request, "opportunities/nomination_detail.html", context)


def _status_label(value: str) -> str:
    return str(NominationStatus(value).label) if value in NominationStatus.values else ""


# --------------------------------------------------------------------------- rules


def _rule_editor(request: HttpRequest) -> None:
    if not services.may_edit_rules(request.user):
        raise PermissionDenied


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    _rule_editor(request)
    return render(request, "opportunities/rule_list.html",
                  {"rules": EligibilityRule.objects.order_by("key")})  # fmt: skip


def _rule_form(request: HttpRequest, rule: EligibilityRule | None) -> HttpResponse:
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_rule(request.user, rule, **form.cleaned_data)
        except ValidationError as problem:
            form.add_error(None, error_text(problem))
        else:
            messages.success(request, _("Rule saved; new evaluations use it."))
            return redirect("opportunities:rule_list")
    history: Any = []
    if rule is not None:
        history = AuditEntry.objects.filter(
            object_type="opportunities.eligibilityrule", object_id=str(rule.pk)
        ).order_by("-at", "-pk")[:50]
    status = 400 if request.method == "POST" else 200
    return render(request, "opportunities/rule_form.html",
                  {"form": form, "rule": rule, "history": history}, status=status)  # fmt: skip


@login_required
def rule_add(request: HttpRequest) -> HttpResponse:
    _rule_editor(request)
    return _rule_form(request, None)


@login_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _rule_editor(request)
    return _rule_form(request, get_object_or_404(EligibilityRule, pk=pk))
