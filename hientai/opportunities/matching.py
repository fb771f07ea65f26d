"""Candidates for an opportunity: the expert finder (hientai.talent) ranks people of the
user's scope by the opportunity's fields, technologies and keywords; each candidate is then
checked against the opportunity's eligibility rules. Eligible first (all rules pass), then
those with unknowns, then those failing a rule; within each, the finder's order.

Contacts are masked unless the role may see them (registry.privacy); unmasked ones are
written to the access log.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from hientai.accounts.scoping import visible
from hientai.opportunities import eligibility
from hientai.opportunities.models import Opportunity
from hientai.registry.models import AccessChannel, Person, Status
from hientai.registry.privacy import log_accesses, mask, sensitive_visible_ids
from hientai.talent import engine
from hientai.talent import services as talent
from hientai.talent.models import Shortlist

ORDER = {eligibility.PASS: 0, eligibility.UNKNOWN: 1, eligibility.FAIL: 2}


@dataclass
class Candidate:
    person: Person
    score: float
    reasons: list[str]
    outcome: str
    results: list[eligibility.RuleResult]
    email: str = ""
    phone: str = ""
    masked: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> int:
        return sum(1 for item in self.results if item.outcome == eligibility.PASS)


def question_for(opportunity: Opportunity) -> str:
    """The finder question an opportunity asks: its fields, technologies and keywords."""
    parts = [code.label_vi for code in opportunity.st_fields.all()]
    parts += [code.label_vi for code in opportunity.technologies.all()]
    parts += [opportunity.keywords]
    return " ".join(part for part in parts if part).strip()[:500]


def candidates(
    user: Any,
    opportunity: Opportunity,
    on: datetime.date,
    *,
    limit: int = 50,
    shortlist: Shortlist | None = None,
) -> list[Candidate]:
    found: list[tuple[int, float, list[str]]] = []
    if shortlist is not None:
        for entry in talent.shortlist_entries(shortlist, user):
            found.append((entry.person_id, 0.0, [entry.reasons] if entry.reasons else []))
    else:
        question = question_for(opportunity)
        if question:
            result = engine.find_experts(user, question, {}, limit=min(limit * 2, 200), on=on)
            found = [
                (hit.person_id, hit.score, [str(r) for r in hit.reasons]) for hit in result.hits
            ]
        else:
            active = visible(Person.objects.filter(status=Status.ACTIVE), user).order_by("pk")
            found = [(pk, 0.0, []) for pk in active.values_list("pk", flat=True)[: limit * 2]]
    ids = [pid for pid, _score, _reasons in found]
    # Visible again: a shared shortlist or the finder never widens the user's scope.
    people = {
        person.pk: person
        for person in visible(Person.objects.filter(pk__in=ids), user)
        .select_related("unit")
        .prefetch_related(*eligibility.PREFETCH)
    }
    rules = eligibility.rules_of(opportunity)
    out: list[Candidate] = []
    for rank, (pid, score, reasons) in enumerate(found):
        person = people.get(pid)
        if person is None:
            continue
        facts = eligibility.facts_for(person, opportunity, on)
        results = [eligibility.evaluate(rule, facts) for rule in rules]
        candidate = Candidate(person, score, reasons, eligibility.overall(results), results)
        candidate.extra["rank"] = rank
        out.append(candidate)
    out.sort(key=lambda c: (ORDER[c.outcome], -c.passed, c.extra["rank"]))
    out = out[:limit]
    clear = sensitive_visible_ids(user, [c.person for c in out])
    seen = []
    for candidate in out:
        person = candidate.person
        if person.pk in clear:
            candidate.email, candidate.phone, candidate.masked = person.email, person.phone, False
            shown = [name for name in ("email", "phone") if getattr(person, name)]
            if shown:
                seen.append((person.pk, shown))
        else:
            candidate.email, candidate.phone = mask(person.email), mask(person.phone)
    log_accesses(user, seen, channel=AccessChannel.WEB)
    return out
