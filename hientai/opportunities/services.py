"""Every write of the opportunities app: scope check, the write and its audit row in one
transaction; bad input raises ValidationError (Vietnamese) with nothing written.

- Opportunities: officers of the managing unit and the coordinator write; leaders read.
  Staff read the ones in their scope and every published one.
- Eligibility rules: the coordinator (and administrators) only; each change bumps the
  rule's version and leaves the old and new rule in the audit row.
- Nominations: unit officers nominate people they may edit; the coordinator approves or
  returns. `transition` is the one way a status moves.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from hientai.accounts.scoping import editable, scope_for, visible
from hientai.core.audit import record
from hientai.opportunities import eligibility
from hientai.opportunities.models import (
    EligibilityRule,
    Nomination,
    NominationKind,
    NominationStatus,
    Opportunity,
)
from hientai.orgs.models import Unit
from hientai.registry.models import Person

S = NominationStatus

# --------------------------------------------------------------------------- opportunities


def visible_opportunities(user: Any) -> QuerySet[Opportunity]:
    """Staff read the opportunities of their scope and every published one."""
    if not scope_for(user).is_staff:
        return Opportunity.objects.none()
    mine = visible(Opportunity.objects.all(), user).values("pk")
    return Opportunity.objects.filter(Q(pk__in=mine) | Q(published=True))


def may_edit_opportunity(user: Any, opportunity: Opportunity) -> bool:
    return editable(Opportunity.objects.filter(pk=opportunity.pk), user).exists()


OPPORTUNITY_FIELDS = ("title", "kind", "source_kind", "source_name", "country", "keywords",
                      "deadline", "starts_on", "eligibility", "description", "url",
                      "published", "unit")  # fmt: skip


def _opportunity_state(opportunity: Opportunity) -> dict[str, Any]:
    state = {name: getattr(opportunity, name) for name in OPPORTUNITY_FIELDS
             if name not in ("country", "unit")}  # fmt: skip
    state["country"] = opportunity.country.code if opportunity.country is not None else ""
    state["unit"] = opportunity.unit.code if opportunity.unit_id else ""
    if opportunity.pk:
        state["st_fields"] = sorted(opportunity.st_fields.values_list("code", flat=True))
        state["technologies"] = sorted(opportunity.technologies.values_list("code", flat=True))
        state["rules"] = sorted(opportunity.rules.values_list("key", flat=True))
    return state


def _check_unit(user: Any, unit: Unit | None) -> None:
    if unit is None or not editable(Unit.objects.filter(pk=unit.pk), user).exists():
        raise PermissionDenied(_("You may not keep records of this unit."))


def save_opportunity(
    user: Any,
    opportunity: Opportunity,
    *,
    st_fields: Any = None,
    technologies: Any = None,
    rules: Any = None,
) -> Opportunity:
    """Create or change an opportunity (fields already validated by its form)."""
    _check_unit(user, opportunity.unit if opportunity.unit_id else None)
    if not (opportunity.title or "").strip():
        raise ValidationError(_("The title is required."))
    if (
        opportunity.deadline
        and opportunity.starts_on
        and opportunity.starts_on < opportunity.deadline
    ):
        raise ValidationError(_("The programme cannot start before the application deadline."))
    before = None
    with transaction.atomic():
        if opportunity.pk:
            stored = Opportunity.objects.select_for_update().select_related("unit")
            old = stored.get(pk=opportunity.pk)
            _check_unit(user, old.unit)
            before = _opportunity_state(old)
        else:
            opportunity.created_by = user if getattr(user, "pk", None) else None
        opportunity.save()
        if st_fields is not None:
            opportunity.st_fields.set(st_fields)
        if technologies is not None:
            opportunity.technologies.set(technologies)
        if rules is not None:
            opportunity.rules.set(rules)
        record(user, "create" if before is None else "update", opportunity,
               unit=opportunity.unit, before=before,
               after=_opportunity_state(opportunity))  # fmt: skip
    return opportunity


def open_public_opportunities(now: datetime.datetime | datetime.date) -> list[dict[str, Any]]:
    """Published opportunities still open on `now`, for the public portal: no personal data,
    no unit, no nominations."""
    day = now.date() if isinstance(now, datetime.datetime) else now
    rows = (
        Opportunity.objects.filter(published=True)
        .filter(Q(deadline__isnull=True) | Q(deadline__gte=day))
        .select_related("country")
        .prefetch_related("st_fields", "technologies")
        .order_by("deadline", "pk")
    )
    return [
        {
            "id": item.pk,
            "title": item.title,
            "kind": item.kind,
            "kind_label": str(item.get_kind_display()),
            "source_kind": item.source_kind,
            "source_name": item.source_name,
            "country": item.country.code if item.country is not None else "",
            "country_label": item.country.label_vi if item.country is not None else "",
            "fields": [code.label_vi for code in item.st_fields.all()],
            "technologies": [code.label_vi for code in item.technologies.all()],
            "deadline": item.deadline,
            "starts_on": item.starts_on,
            "eligibility": item.eligibility,
            "description": item.description,
            "url": item.url,
        }
        for item in rows
    ]


# --------------------------------------------------------------------------- rules


def may_edit_rules(user: Any) -> bool:
    return scope_for(user).city_wide


RULE_FIELDS = ("key", "name", "fact", "operator", "value", "message", "source_note", "active")


def _rule_state(rule: EligibilityRule) -> dict[str, Any]:
    return {name: getattr(rule, name) for name in (*RULE_FIELDS, "version")}


def save_rule(user: Any, rule: EligibilityRule | None, **data: Any) -> EligibilityRule:
    """Create or change a rule (data, not code); a change of its test bumps the version."""
    if not may_edit_rules(user):
        raise PermissionDenied(_("Only the coordinator changes eligibility rules."))
    values = {name: data.get(name, getattr(rule, name, "")) for name in RULE_FIELDS}
    values["value"] = str(values["value"] or "").strip()
    values["name"] = str(values["name"] or "").strip()
    values["message"] = str(values["message"] or "").strip()
    if not values["name"] or not values["message"]:
        raise ValidationError(_("A rule needs a name and a reason."))
    eligibility.check_rule(values["fact"], values["operator"], values["value"])
    with transaction.atomic():
        before = None
        if rule is None:
            key = str(values["key"] or "").strip()
            if not key or EligibilityRule.objects.filter(key=key).exists():
                raise ValidationError(_("Give the rule a key not used by another rule."))
            rule = EligibilityRule(version=1)
        else:
            rule = EligibilityRule.objects.select_for_update().get(pk=rule.pk)
            before = _rule_state(rule)
            values["key"] = rule.key  # the key names the rule in captured results
        changed = before is not None and any(before[name] != values[name] for name in values)
        for name, value in values.items():
            setattr(rule, name, value)
        if changed:
            rule.version += 1
        rule.save()
        record(user, "create" if before is None else "update", rule, before=before,
               after=_rule_state(rule))  # fmt: skip
    return rule


# --------------------------------------------------------------------------- nominations


def visible_nominations(user: Any) -> QuerySet[Nomination]:
    if not scope_for(user).is_staff:
        return Nomination.objects.none()
    return visible(Nomination.objects.all(), user)


def _editable_person(user: Any, person_id: Any) -> Person:
    try:
        pk = int(person_id)
    except (TypeError, ValueError):
        raise ValidationError(_("Choose a person.")) from None
    person = editable(Person.objects.filter(pk=pk), user).select_related("unit").first()
    if person is None:
        raise ValidationError(_("This person is not in your scope."))
    return person


ACTIVE = (S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED, S.SENT)


def create_nomination(
    user: Any,
    *,
    person_id: Any,
    kind: str,
    opportunity: Opportunity | None = None,
    target_name: str = "",
    target_ref: str = "",
    justification: str = "",
    now: datetime.datetime | None = None,
) -> Nomination:
    """A draft nomination of a person the user may edit, for an opportunity or a named
    programme (an honour)."""
    if not scope_for(user).can_write:
        raise PermissionDenied(_("You may not nominate people."))
    now = now or timezone.now()
    if kind not in NominationKind.values:
        raise ValidationError(_("Choose what the nomination is for."))
    target_name = (target_name or "").strip()[:300]
    if opportunity is None and not target_name:
        raise ValidationError(_("Choose an opportunity or name the programme or honour."))
    if kind == NominationKind.TRAINING and opportunity is None:
        raise ValidationError(_("Sending someone to train needs an opportunity."))
    if opportunity is not None:
        if not visible_opportunities(user).filter(pk=opportunity.pk).exists():
            raise ValidationError(_("This opportunity is not in your scope."))
        if not opportunity.is_open(timezone.localdate(now)):
            raise ValidationError(_("The application deadline of this opportunity has passed."))
    person = _editable_person(user, person_id)
    with transaction.atomic():
        if (
            opportunity is not None
            and Nomination.objects.filter(
                person=person, opportunity=opportunity, status__in=ACTIVE
            ).exists()
        ):
            raise ValidationError(_("This person is already nominated for this opportunity."))
        nomination = Nomination.objects.create(
            kind=kind,
            person=person,
            unit=person.unit,
            opportunity=opportunity,
            target_name=target_name,
            target_ref=(target_ref or "")[:100],
            justification=(justification or "").strip(),
            created_by=user if getattr(user, "pk", None) else None,
        )
        record(user, "create", nomination, unit=person.unit, person_id=person.pk,
               after={"status": nomination.status, "kind": kind,
                      "target": nomination.target_label})  # fmt: skip
    return nomination


UNIT, COORD = "unit", "coordinator"
# action: (from statuses, to status, who may take it)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "submit": ((S.DRAFT, S.RETURNED), S.SUBMITTED, UNIT),
    "approve": ((S.SUBMITTED,), S.APPROVED, COORD),
    "return": ((S.SUBMITTED,), S.RETURNED, COORD),
    "send": ((S.APPROVED,), S.SENT, UNIT),
    "record_result": ((S.SENT, S.APPROVED), S.COMPLETED, UNIT),
    "withdraw": ((S.DRAFT, S.SUBMITTED, S.RETURNED, S.APPROVED), S.WITHDRAWN, UNIT),
}
ACTION_LABELS = {
    "submit": gettext_lazy("Submit"),
    "approve": gettext_lazy("Approve"),
    "return": gettext_lazy("Return for changes"),
    "send": gettext_lazy("Mark as sent"),
    "record_result": gettext_lazy("Record the result"),
    "withdraw": pgettext_lazy("nomination", "Withdraw"),
}


def _may(user: Any, nomination: Nomination, who: str) -> bool:
    scope = scope_for(user)
    if who == COORD:
        return scope.city_wide
    return editable(Nomination.objects.filter(pk=nomination.pk), user).exists()


def allowed_actions(user: Any, nomination: Nomination) -> list[str]:
    return [
        action
        for action, (sources, _to, who) in TRANSITIONS.items()
        if nomination.status in sources and _may(user, nomination, who)
    ]


def transition(
    user: Any,
    nomination: Nomination,
    action: str,
    *,
    comment: str = "",
    result: str = "",
    now: datetime.datetime | None = None,
) -> Nomination:
    """Move a nomination one step; a step that does not apply is refused, nothing written."""
    if action not in TRANSITIONS:
        raise ValidationError(_("Unknown action."))
    sources, target, who = TRANSITIONS[action]
    now = now or timezone.now()
    comment, result = (comment or "").strip(), (result or "").strip()
    with transaction.atomic():
        stored = (
            visible(Nomination.objects.select_for_update(of=("self",)), user)
            .select_related("unit", "person", "opportunity")
            .filter(pk=nomination.pk)
            .first()
        )
        if stored is None:
            raise ValidationError(_("This nomination is not in your scope."))
        if not _may(user, stored, who):
            if who == COORD:
                raise PermissionDenied(_("Only the coordinator approves or returns nominations."))
            raise PermissionDenied(_("Only the officers of the person's unit do this."))
        if stored.status not in sources:
            raise ValidationError(
                _("A nomination that is “%(status)s” cannot be “%(action)s”.")
                % {"status": stored.get_status_display(), "action": ACTION_LABELS[action]}
            )
        if action == "return" and not comment:
            raise ValidationError(_("Say what must change when returning a nomination."))
        if action == "record_result" and not result:
            raise ValidationError(_("Write the result."))
        before = {"status": stored.status}
        after: dict[str, Any] = {"status": target}
        stored.status = target
        if action == "submit":
            if stored.opportunity is not None and not stored.opportunity.is_open(
                timezone.localdate(now)
            ):
                raise ValidationError(_("The application deadline of this opportunity has passed."))
            outcome, results = eligibility.assess(
                stored.person, stored.opportunity, timezone.localdate(now)
            )
            stored.eligibility = {
                "outcome": outcome,
                "on": timezone.localdate(now).isoformat(),
                "rules": [item.as_json() for item in results],
            }
            stored.submitted_at = now
            after["eligibility"] = outcome
        if action in ("approve", "return"):
            stored.decided_at, stored.decided_by = now, user
            stored.comment = comment
            after["comment"] = comment
        elif comment:
            stored.comment = comment
        if action == "record_result":
            stored.result = result
            after["result"] = result
        stored.save()
        record(user, action, stored, unit=stored.unit, person_id=stored.person_id,
               before=before, after=after, reason=comment[:255], at=now)  # fmt: skip
    return stored
