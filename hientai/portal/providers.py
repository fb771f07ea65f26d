"""The portal's sections fed by the apps below it: open opportunities (issue 18 item 3) and
contests and honours (item 5). Each provider returns only what those apps already publish."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from hientai.honours.services import public_honours
from hientai.opportunities.services import open_public_opportunities
from hientai.portal.sections import SectionItem


def opportunities(now: datetime.datetime, lang: str) -> list[SectionItem]:
    section_url = reverse("portal:section", args=[lang, "opportunities"])
    items = []
    for row in open_public_opportunities(now):
        facts = [row["kind_label"], row["source_name"], row["country_label"], *row["fields"]]
        items.append(
            SectionItem(
                title=row["title"],
                url=row["url"] or f"{section_url}#opportunity-{row['id']}",
                summary=" · ".join(fact for fact in facts if fact),
                deadline=row["deadline"],
            )
        )
    return items


def honours(now: datetime.datetime, lang: str) -> list[SectionItem]:
    section_url = reverse("portal:section", args=[lang, "honours"])
    items = []
    for index, row in enumerate(public_honours(now), start=1):
        winners = [
            f"{result['award_level']}: {result['winner']} — {result['title']}"
            for result in row["results"][:5]
        ]
        summary = "; ".join(winners) if winners else _("Results not yet announced")
        items.append(
            SectionItem(
                title=f"{row['programme']} — {row['round']} ({row['year']})",
                url=f"{section_url}#round-{index}",
                summary=summary,
            )
        )
    return items
