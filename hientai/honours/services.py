"""Every write of the honours app, what the indicators count, and the public results.

- Rounds: the coordinator (city-wide) opens and moves them: planned → open for entries →
  judging → results published (and back one step, to mend a mistake).
- Entries: an officer for people and organisations of their unit subtree, the coordinator
  for any, while the round is open; the entry belongs to the unit of its person (else of
  its organisation).
- Results: the coordinator, once entries are closed (judging or published); each entry's
  `publish_result` says whether its winner's name may be shown publicly.
- Indicators `HON_ENTRIES` and `HON_AWARDS`: entries and awarded entries by the entry's
  unit and the round's year, kept as the indicators' `ReportedValue` rows in the write's
  own transaction (the indicator engine sums them up the unit tree).
- `public_honours(now)`: published rounds and only their published awards, for the portal.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hientai.accounts.scoping import editable, scope_for, visible
from hientai.core.audit import record
from hientai.honours.models import AwardLevel, Entry, Programme, Round, RoundStatus
from hientai.indicators.models import Indicator, ReportedValue
from hientai.indicators.services import record_reported
from hientai.orgs.models import Unit
from hientai.registry.models import Person
from hientai.talent.models import Organisation

ENTRIES_INDICATOR = "HON_ENTRIES"
AWARDS_INDICATOR = "HON_AWARDS"
NEXT_STATUS = {
    RoundStatus.PLANNED: RoundStatus.OPEN,
    RoundStatus.OPEN: RoundStatus.JUDGING,
    RoundStatus.JUDGING: RoundStatus.PUBLISHED,
}


def may_manage(user: Any) -> bool:
    """Rounds and results: the coordinator and administrators."""
    return scope_for(user).city_wide


def may_enter(user: Any) -> bool:
    return scope_for(user).can_write


def entries_for(user: Any) -> QuerySet[Entry]:
    return visible(Entry.objects.all(), user)


def create_round(
    user: Any,
    programme: Programme | None,
    *,
    year: int | None,
    title: str,
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
) -> Round:
    if not may_manage(user):
        raise PermissionDenied(_("Only the coordinator opens rounds."))
    title = " ".join((title or "").split())
    if programme is None or not programme.active:
        raise ValidationError(_("Choose a programme."))
    if not year or not 2000 <= year <= 2100:
        raise ValidationError(_("Give the year of the round (2000–2100)."))
    if not title:
        raise ValidationError(_("Give the round a title."))
    if opens_on is None or closes_on is None:
        raise ValidationError(_("Give the dates entries open and close."))
    if closes_on < opens_on:
        raise ValidationError(_("Entries cannot close before they open."))
    if Round.objects.filter(programme=programme, year=year, title=title).exists():
        raise ValidationError(_("This programme already has a round with this title that year."))
    with transaction.atomic():
        item = Round.objects.create(
            programme=programme, year=year, title=title[:255], opens_on=opens_on,
            closes_on=closes_on,
        )  # fmt: skip
        record(user, "create", item, after={"programme": programme.code, "year": year,
               "title": item.title, "opens_on": opens_on, "closes_on": closes_on})  # fmt: skip
    return item


def move_round(user: Any, item: Round, status: str) -> Round:
    """One step forward (or back) in the round's life."""
    if not may_manage(user):
        raise PermissionDenied(_("Only the coordinator changes a round's status."))
    with transaction.atomic():
        item = Round.objects.select_for_update().get(pk=item.pk)
        back = {str(after): str(before) for before, after in NEXT_STATUS.items()}
        ahead = {str(before): str(after) for before, after in NEXT_STATUS.items()}
        if status not in (ahead.get(item.status), back.get(item.status)):
            raise ValidationError(
                _("A round cannot go from “%(old)s” to “%(new)s”.")
                % {
                    "old": item.get_status_display(),
                    "new": RoundStatus(status).label if status in RoundStatus.values else status,
                }
            )
        old = item.status
        item.status = status
        item.save(update_fields=["status"])
        record(user, "status", item, before={"status": old}, after={"status": status})
    return item


def add_entry(
    user: Any,
    item: Round,
    *,
    title: str,
    field: str = "",
    person: Person | None = None,
    organisation: Organisation | None = None,
) -> Entry:
    if not may_enter(user):
        raise PermissionDenied(_("You may not add entries."))
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(_("Give the entry a title."))
    if person is None and organisation is None:
        raise ValidationError(_("Choose a person from the registry, an organisation, or both."))
    if person is not None and not visible(Person.objects.filter(pk=person.pk), user).exists():
        raise ValidationError(_("This person is not in your scope."))
    if (
        organisation is not None
        and not visible(Organisation.objects.filter(pk=organisation.pk), user).exists()
    ):
        raise ValidationError(_("This organisation is not in your scope."))
    unit: Unit = person.unit if person is not None else organisation.unit  # type: ignore[union-attr]
    if not editable(Unit.objects.filter(pk=unit.pk), user).exists():
        raise PermissionDenied(_("You may not keep records of this unit."))
    with transaction.atomic():
        item = Round.objects.select_for_update().get(pk=item.pk)
        if item.status != RoundStatus.OPEN:
            raise ValidationError(_("This round does not take entries now."))
        duplicate = Entry.objects.filter(round=item, title__iexact=title)
        if person is not None:
            duplicate = duplicate.filter(person=person)
        if organisation is not None:
            duplicate = duplicate.filter(organisation=organisation)
        if duplicate.exists():
            raise ValidationError(_("This entry is already in the round."))
        entry = Entry.objects.create(
            round=item,
            person=person,
            organisation=organisation,
            unit=unit,
            title=title[:500],
            field=(field or "").strip()[:200],
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        record(user, "create", entry, unit=unit, person_id=person.pk if person else None,
               after={"round": item.pk, "title": entry.title, "field": entry.field,
                      "organisation": organisation.pk if organisation else None})  # fmt: skip
        refresh_counts(unit, item.year)
    return entry


def record_result(
    user: Any,
    entry: Entry,
    *,
    award_level: str,
    prize: str = "",
    publish: bool = False,
    now: datetime.datetime | None = None,
) -> Entry:
    if not may_manage(user):
        raise PermissionDenied(_("Only the coordinator records results."))
    if award_level not in AwardLevel.values:
        raise ValidationError(_("Choose the award level (or “No award”)."))
    prize = (prize or "").strip()
    if award_level == AwardLevel.NONE and (prize or publish):
        raise ValidationError(_("An entry without an award has no prize to publish."))
    with transaction.atomic():
        entry = Entry.objects.select_for_update().select_related("round", "unit").get(pk=entry.pk)
        if entry.round.status not in (RoundStatus.JUDGING, RoundStatus.PUBLISHED):
            raise ValidationError(_("Results are recorded once the round's entries are closed."))
        before = {"award_level": entry.award_level, "prize": entry.prize,
                  "publish_result": entry.publish_result}  # fmt: skip
        entry.award_level, entry.prize, entry.publish_result = award_level, prize[:255], publish
        entry.result_at = now or timezone.now()
        entry.save(update_fields=["award_level", "prize", "publish_result", "result_at"])
        record(user, "update", entry, unit=entry.unit, person_id=entry.person_id, before=before,
               after={"award_level": award_level, "prize": entry.prize,
                      "publish_result": publish})  # fmt: skip
        refresh_counts(entry.unit, entry.round.year)
    return entry


# ----------------------------------------------------------------------- indicators


def counts(unit: Unit, year: int) -> tuple[int, int]:
    """(entries, awarded entries) the unit itself keeps in rounds of `year`."""
    rows = Entry.objects.filter(unit=unit, round__year=year)
    awarded = rows.exclude(award_level__in=["", AwardLevel.NONE]).count()
    return rows.count(), awarded


def refresh_counts(unit: Unit, year: int) -> None:
    """The unit's values of the two indicators for the year (no row for nothing)."""
    entries, awarded = counts(unit, year)
    for code, amount in ((ENTRIES_INDICATOR, entries), (AWARDS_INDICATOR, awarded)):
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            continue
        if amount == 0:
            ReportedValue.objects.filter(indicator=indicator, unit=unit, period=str(year)).delete()
        else:
            record_reported(indicator, unit, str(year), value=Decimal(amount), source="honours")


# ----------------------------------------------------------------------- public


def public_honours(now: datetime.datetime | datetime.date | None = None) -> list[dict[str, Any]]:
    """Published rounds (opened by `now`) with the awards whose result is published: the
    programme, the round, and per award the title, field, level, prize and the winner's
    name (person and/or organisation) — nothing else of the person."""
    if isinstance(now, datetime.datetime):
        today = timezone.localdate(now) if timezone.is_aware(now) else now.date()
    else:
        today = now or timezone.localdate()
    rounds = (
        Round.objects.filter(status=RoundStatus.PUBLISHED, opens_on__lte=today)
        .select_related("programme")
        .order_by("-year", "programme__position", "pk")
    )
    result = []
    for item in rounds:
        awards = (
            item.entries.filter(publish_result=True)
            .exclude(award_level__in=["", AwardLevel.NONE])
            .select_related("person", "organisation")
        )
        order = {level: index for index, level in enumerate(AwardLevel.values)}
        result.append(
            {
                "programme": item.programme.name_vi,
                "kind": item.programme.kind,
                "round": item.title,
                "year": item.year,
                "results": [
                    {
                        "title": entry.title,
                        "field": entry.field,
                        "award_level": str(AwardLevel(entry.award_level).label),
                        "prize": entry.prize,
                        "winner": entry.entrant,
                    }
                    for entry in sorted(awards, key=lambda e: (order[e.award_level], e.pk))
                ],
            }
        )
    return result
