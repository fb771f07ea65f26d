"""The eligibility engine: rules are data (a fact, an operator, a value, a reason), never
code. `facts_for` reads what the registry knows of people; `evaluate` applies one rule and
answers pass / fail / unknown with its reason. Nothing here evaluates user text as code.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hientai.core.text import fold
from hientai.opportunities.models import EligibilityRule, Fact, Operator, Opportunity
from hientai.registry.models import Person

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"
NUMERIC = {Fact.AGE, Fact.DEGREE, Fact.SERVICE_YEARS, Fact.LANGUAGE}
BOOLEAN = {Fact.PUBLIC_OFFICIAL, Fact.DISCIPLINED, Fact.FIELD_MATCH, Fact.ABROAD}
TEXT = {Fact.GENDER, Fact.STATUS}
NUMBER_OPS = {Operator.LT, Operator.LTE, Operator.GT, Operator.GTE, Operator.EQ, Operator.NE}
BOOL_OPS = {Operator.IS_TRUE, Operator.IS_FALSE}
TEXT_OPS = {Operator.EQ, Operator.NE, Operator.IN}
CEFR = {"A1": 1, "A2": 2, "B1": 3, "B2": 4, "C1": 5, "C2": 6}
PREFETCH = (
    "qualifications__degree", "qualifications__level", "qualifications__st_field",
    "languages__level", "employments", "categories", "st_fields", "strategic_technologies",
)  # fmt: skip


@dataclass
class RuleResult:
    key: str
    name: str
    outcome: str
    reason: str
    version: int

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "outcome": self.outcome,
                "reason": self.reason, "version": self.version}  # fmt: skip


def check_rule(fact: str, operator: str, value: str) -> None:
    """A rule's parts fit together; raises ValidationError in the active language."""
    if fact not in Fact.values:
        raise ValidationError(_("Unknown fact."))
    if operator not in Operator.values:
        raise ValidationError(_("Unknown operator."))
    if fact in NUMERIC:
        if operator not in NUMBER_OPS:
            raise ValidationError(_("A number is compared with <, ≤, >, ≥, = or ≠."))
        try:
            float(value.replace(",", "."))
        except ValueError:
            raise ValidationError(_("The value of this rule must be a number.")) from None
    elif fact in BOOLEAN:
        if operator not in BOOL_OPS:
            raise ValidationError(_("A yes/no fact is tested with “is yes” or “is no”."))
    elif operator not in TEXT_OPS or not value.strip():
        raise ValidationError(_("A text fact is tested with =, ≠ or “one of” and a value."))


def _vqf(code: Any) -> int:
    if code is None:
        return 0
    raw = str(code.code if code.code.startswith("VQF") else "")
    raw = raw or str((code.extra or {}).get("x_vqf") or (code.extra or {}).get("vqf") or "")
    return int(raw[3:]) if raw.startswith("VQF") and raw[3:].isdigit() else 0


def _cefr(code: Any) -> int:
    if code is None:
        return 0
    raw = code.code if code.code in CEFR else str((code.extra or {}).get("x_cefr") or "")
    return CEFR.get(raw.upper(), 0)


def _codes(person: Person) -> set[str]:
    codes = {f"f:{c.code}" for c in person.st_fields.all()}
    codes |= {f"t:{c.code}" for c in person.strategic_technologies.all()}
    codes |= {f"f:{q.st_field.code}" for q in person.qualifications.all() if q.st_field_id}
    return codes


def _field_match(person: Person, opportunity: Opportunity | None) -> bool:
    if opportunity is None or opportunity.pk is None:
        return True
    wanted = {f"f:{c.code}" for c in opportunity.st_fields.all()}
    wanted |= {f"t:{c.code}" for c in opportunity.technologies.all()}
    words = [fold(w).strip() for w in opportunity.keywords.replace(";", ",").split(",")]
    words = [w for w in words if w]
    if not wanted and not words:
        return True
    mine = _codes(person)
    # A field matches its sub-fields both ways ("2" and "2.02").
    for code in wanted:
        for have in mine:
            if have[:2] == code[:2] and (
                have == code or have.startswith(code + ".") or code.startswith(have + ".")
            ):
                return True
    text = fold(" ".join([person.keywords, *[q.major for q in person.qualifications.all()]]))
    return any(word in text for word in words)


def facts_for(person: Person, opportunity: Opportunity | None, on: datetime.date) -> dict:
    """What the registry says of `person` for the rules (None: not recorded)."""
    qualifications = list(person.qualifications.all())
    degree = max([max(_vqf(q.degree), _vqf(q.level)) for q in qualifications] or [0])
    language = max([_cefr(skill.level) for skill in person.languages.all()] or [0])
    employments = list(person.employments.all())
    public_jobs = [job for job in employments if job.sector == "public" or job.unit_id]
    starts = [job.start for job in public_jobs if job.start]
    service = None
    if starts:
        service = (on - min(starts)).days // 365
    categories = {code.code for code in person.categories.all()}
    current = [job for job in employments if job.end is None or job.end >= on]
    public: bool | None
    if "public_staff" in categories:
        public = True
    elif current:
        public = any(job.sector == "public" or job.unit_id for job in current)
    else:
        public = None
    return {
        Fact.AGE: person.age_on(on),
        Fact.DEGREE: degree or None,
        Fact.SERVICE_YEARS: service,
        Fact.LANGUAGE: language or None,
        Fact.PUBLIC_OFFICIAL: public,
        # The registry keeps no disciplinary record: the unit confirms it outside.
        Fact.DISCIPLINED: None,
        Fact.FIELD_MATCH: _field_match(person, opportunity),
        Fact.ABROAD: bool(person.overseas_kind) or person.status == "overseas",
        Fact.GENDER: person.gender or None,
        Fact.STATUS: person.status or None,
    }


SHORT = {
    Fact.AGE: gettext_lazy("age"),
    Fact.DEGREE: gettext_lazy("degree"),
    Fact.SERVICE_YEARS: gettext_lazy("years of service"),
    Fact.LANGUAGE: gettext_lazy("foreign language"),
    Fact.PUBLIC_OFFICIAL: gettext_lazy("public official"),
    Fact.DISCIPLINED: gettext_lazy("disciplinary measures"),
    Fact.FIELD_MATCH: gettext_lazy("expertise matches"),
    Fact.ABROAD: gettext_lazy("abroad"),
    Fact.GENDER: gettext_lazy("gender"),
    Fact.STATUS: gettext_lazy("status"),
}
DEGREES = {
    8: gettext_lazy("doctorate"),
    7: gettext_lazy("master's degree"),
    6: gettext_lazy("university degree"),
}


def _shown(fact: str, value: Any) -> str:
    if value is None:
        return _("not recorded")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if fact == Fact.LANGUAGE:
        return {v: k for k, v in CEFR.items()}.get(value, str(value))
    if fact == Fact.DEGREE:
        return str(DEGREES.get(value, value))
    return str(value)


def evaluate(rule: EligibilityRule, facts: dict) -> RuleResult:
    value = facts.get(rule.fact)
    label = SHORT.get(Fact(rule.fact), Fact(rule.fact).label)
    said = f"{rule.message} — {label}: {_shown(rule.fact, value)}"
    if value is None:
        return RuleResult(rule.key, rule.name, UNKNOWN, said, rule.version)
    op = rule.operator
    ok: bool
    if op in BOOL_OPS:
        ok = bool(value) is (op == Operator.IS_TRUE)
    elif rule.fact in NUMERIC:
        limit = float(rule.value.replace(",", "."))
        number = float(value)
        tests: dict[str, bool] = {
            Operator.LT: number < limit,
            Operator.LTE: number <= limit,
            Operator.GT: number > limit,
            Operator.GTE: number >= limit,
            Operator.EQ: number == limit,
            Operator.NE: number != limit,
        }
        ok = tests.get(op, False)  # fmt: skip
    else:
        choices = [part.strip() for part in rule.value.split(",") if part.strip()]
        if op == Operator.IN:
            ok = str(value) in choices
        elif op == Operator.EQ:
            ok = str(value) == rule.value.strip()
        else:
            ok = str(value) != rule.value.strip()
    return RuleResult(rule.key, rule.name, PASS if ok else FAIL, said, rule.version)


def overall(results: Iterable[RuleResult]) -> str:
    outcomes = {result.outcome for result in results}
    if FAIL in outcomes:
        return FAIL
    return UNKNOWN if UNKNOWN in outcomes else PASS


def rules_of(opportunity: Opportunity | None) -> list[EligibilityRule]:
    if opportunity is None or opportunity.pk is None:
        return []
    return list(opportunity.rules.filter(active=True).order_by("key"))


def assess(
    person: Person, opportunity: Opportunity | None, on: datetime.date,
    rules: list[EligibilityRule] | None = None,
) -> tuple[str, list[RuleResult]]:  # fmt: skip
    """Every active rule of the opportunity on `person`: (overall outcome, results)."""
    rules = rules_of(opportunity) if rules is None else rules
    facts = facts_for(person, opportunity, on)
    results = [evaluate(rule, facts) for rule in rules]
    return overall(results), results
