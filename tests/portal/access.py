"""Access rules and matrix objects of the portal app (merged into tests/access_rules.py
and tests/security/matrix_data.py).

The public pages answer everyone (GET only: a POST is 405); drafts answer 404 to all but
coordinators; editing is for coordinators; an expert's public-field choices for the
officers who keep the profile (ward B's officer), coordinators and administrators."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.access_rules import COORDS, EVERYONE, NOBODY, WARD_B_WRITE, Rule

LANG = {"lang": "portal_lang"}

RULES: dict[str, Rule] = {
    "portal:root": Rule(EVERYONE),
    "portal:home": Rule(EVERYONE, params=LANG),
    "portal:statistics": Rule(EVERYONE, params=LANG),
    "portal:expert_list": Rule(EVERYONE, params=LANG),
    "portal:expert_detail": Rule(EVERYONE, params={**LANG, "pk": "portal_expert"}),
    # A section another app registers (the matrix registers an empty one).
    "portal:section": Rule(EVERYONE, params={**LANG, "key": "portal_section"}),
    "portal:page_list": Rule(EVERYONE, params={**LANG, "kind": "portal_kind"}),
    "portal:page_detail": Rule(
        EVERYONE, params={**LANG, "kind": "portal_kind", "slug": "portal_slug"}
    ),
    "portal:manage": Rule(COORDS),
    "portal:page_create": Rule(COORDS, COORDS),
    "portal:page_edit": Rule(COORDS, COORDS, params={"pk": "portal_page"}),
    "portal:page_status": Rule(NOBODY, COORDS, params={"pk": "portal_page"}),
    "portal:statistics_publish": Rule(NOBODY, COORDS),
    "portal:expert_fields": Rule(WARD_B_WRITE, WARD_B_WRITE, params={"pk": "person"}),
    "robots": Rule(EVERYONE),
    "sitemap": Rule(EVERYONE),
}


def build(ids: dict[str, Any], officer_a: Any, officer_b: Any) -> None:
    """Add this app's ward-B objects to the matrix dataset's ids."""
    from hientai.dataprotection import services as privacy
    from hientai.dataprotection.models import ProcessingPurpose
    from hientai.portal import sections
    from hientai.portal.models import Page
    from hientai.registry.models import Person

    page = Page.objects.get(slug="thu-hut-chuyen-gia-kieu-bao")
    ids.update(portal_lang="vi", portal_kind="policies", portal_slug=page.slug,
               portal_page=page.pk, portal_section="matrix")  # fmt: skip
    sections.register(sections.Section("matrix", "Ma trận", lambda now, lang: [], order=99))
    # A ward-B expert who consented to a public profile (the name is public by choice).
    unit = officer_b.role_assignments.first().unit
    expert = Person.objects.create(
        unit=unit, family_name="Võ", middle_name="Thị", given_name="Công Khai"
    )
    purpose = ProcessingPurpose.objects.get(code="public_profile")
    now = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
    privacy.record_basis(expert, purpose, "given", officer_b, now=now, evidence="written")
    ids["portal_expert"] = expert.pk
