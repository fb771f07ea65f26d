"""Read endpoints: opportunities and nominations in the caller's scope (no contacts)."""

import datetime

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router, Schema

from hientai.opportunities import services
from hientai.opportunities.models import Nomination, Opportunity

router = Router(tags=["opportunities"])


class OpportunityOut(Schema):
    id: int
    title: str
    kind: str
    source_kind: str
    source_name: str
    country: str | None
    st_fields: list[str]
    technologies: list[str]
    keywords: str
    deadline: datetime.date | None
    starts_on: datetime.date | None
    eligibility: str
    url: str
    published: bool
    unit_code: str
    rules: list[str]

    @staticmethod
    def resolve_country(item: Opportunity) -> str | None:
        return item.country.code if item.country is not None else None

    @staticmethod
    def resolve_st_fields(item: Opportunity) -> list[str]:
        return [code.code for code in item.st_fields.all()]

    @staticmethod
    def resolve_technologies(item: Opportunity) -> list[str]:
        return [code.code for code in item.technologies.all()]

    @staticmethod
    def resolve_unit_code(item: Opportunity) -> str:
        return item.unit.code

    @staticmethod
    def resolve_rules(item: Opportunity) -> list[str]:
        return [rule.key for rule in item.rules.all()]


class NominationOut(Schema):
    id: int
    kind: str
    status: str
    person_id: int
    person_name: str
    unit_code: str
    opportunity_id: int | None
    target: str
    eligibility: str | None
    submitted_at: datetime.datetime | None
    decided_at: datetime.datetime | None

    @staticmethod
    def resolve_person_name(item: Nomination) -> str:
        return item.person.full_name

    @staticmethod
    def resolve_unit_code(item: Nomination) -> str:
        return item.unit.code

    @staticmethod
    def resolve_target(item: Nomination) -> str:
        return item.target_label

    @staticmethod
    def resolve_eligibility(item: Nomination) -> str | None:
        return (item.eligibility or {}).get("outcome")


def _opportunities(request: HttpRequest) -> QuerySet[Opportunity]:
    return (
        services.visible_opportunities(request.user)
        .select_related("country", "unit")
        .prefetch_related("st_fields", "technologies", "rules")
        .order_by("deadline", "pk")
    )


@router.get("/", response=list[OpportunityOut])
def list_opportunities(request: HttpRequest, open_on: datetime.date | None = None):
    """Opportunities of the caller's scope and every published one; `open_on`: only those
    whose deadline is not before that day."""
    items = _opportunities(request)
    if open_on is not None:
        items = items.exclude(deadline__lt=open_on)
    return items[:500]


@router.get("/nominations", response=list[NominationOut])
def list_nominations(request: HttpRequest, status: str | None = None):
    """Nominations of the caller's scope, newest first (at most 500)."""
    items = services.visible_nominations(request.user).select_related(
        "person", "unit", "opportunity"
    )
    if status:
        items = items.filter(status=status)
    return items[:500]


@router.get("/nominations/{nomination_id}", response=NominationOut)
def get_nomination(request: HttpRequest, nomination_id: int):
    found = (
        services.visible_nominations(request.user)
        .select_related("person", "unit", "opportunity")
        .filter(pk=nomination_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


@router.get("/{opportunity_id}", response=OpportunityOut)
def get_opportunity(request: HttpRequest, opportunity_id: int):
    found = _opportunities(request).filter(pk=opportunity_id).first()
    if found is None:
        raise Http404
    return found
