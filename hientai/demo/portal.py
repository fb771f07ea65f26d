"""The portal's demo: a few experts who consented to a public profile (the consent
recorded in writing by the coordinator, as the ledger allows), one who also shows their
e-mail, and a first published statistics snapshot."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from hientai.accounts.models import User
from hientai.dataprotection import services as privacy
from hientai.dataprotection.models import ProcessingPurpose
from hientai.portal import services as portal
from hientai.registry.models import Person

PUBLIC_EXPERTS = 8


def load_demo_portal(now: datetime.datetime | None = None) -> str:
    now = now or timezone.now()
    coordinator = (
        User.objects.filter(username="sokhcn").first()
        or User.objects.filter(is_superuser=True).first()
    )
    if coordinator is None or portal.public_people().exists():
        return ""
    purpose = ProcessingPurpose.objects.get(code="public_profile")
    candidates = (
        Person.objects.filter(st_fields__isnull=False, status="active")
        .exclude(keywords="")
        .distinct()
        .order_by("pk")[:PUBLIC_EXPERTS]
    )
    count = 0
    for index, person in enumerate(candidates):
        privacy.record_basis(person, purpose, "given", coordinator, now=now, evidence="written",
                             note=_("Demo: consent form signed at the expert forum"))  # fmt: skip
        if index == 0:
            portal.set_public_fields(person, coordinator, now=now, show_email=True)
        count += 1
    portal.publish_statistics(coordinator, now=now)
    return _("%(count)d experts with a public profile; statistics published on the portal.") % {
        "count": count
    }
