"""Access rules and matrix objects of the selfservice app (merged into tests/access_rules.py
and tests/security/matrix_data.py)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tests.access_rules import (
    EVERYONE,
    LEADER,
    NOBODY,
    SIGNED_IN,
    STAFF,
    WARD_B_WRITE,
    Rule,
    _p,
)

RULES: dict[str, Rule] = {
    # Registration and its e-mail link: anyone may knock (a signed-in user is sent home).
    "selfservice:register": Rule(EVERYONE, EVERYONE, open_door=True),
    "selfservice:register_sent": Rule(EVERYONE, EVERYONE, open_door=True),
    "selfservice:verify": Rule(EVERYONE, EVERYONE, params=_p(token="ss_token"), open_door=True),
    # The expert's own pages: any signed-in user (no linked profile: a page saying so).
    "selfservice:home": Rule(SIGNED_IN, SIGNED_IN),
    "selfservice:consent": Rule(SIGNED_IN, SIGNED_IN),
    "selfservice:profile": Rule(SIGNED_IN, SIGNED_IN),
    "selfservice:changes": Rule(SIGNED_IN, SIGNED_IN),
    "selfservice:data": Rule(SIGNED_IN, SIGNED_IN),
    "selfservice:invitations": Rule(SIGNED_IN, SIGNED_IN),
    # Withdrawing and exporting act on one's own profile: no persona of the matrix has one.
    "selfservice:withdraw": Rule(NOBODY, NOBODY, params=_p(code="ss_purpose")),
    "selfservice:export": Rule(NOBODY, params=_p(fmt="fmt_json")),
    # POST only, and only by the ward-B expert who owns them (not a persona).
    "selfservice:change_cancel": Rule(NOBODY, NOBODY, params=_p(pk="ss_change")),
    "selfservice:invitation_answer": Rule(NOBODY, NOBODY, params=_p(pk="ss_invitation")),
    # Officers: the review of ward B's proposals by those who keep ward B's profiles.
    "selfservice:review_list": Rule(STAFF, STAFF),
    "selfservice:review": Rule(WARD_B_WRITE, WARD_B_WRITE, params=_p(pk="ss_change")),
    "selfservice:connect": Rule(STAFF - {LEADER}, STAFF - {LEADER}),
}


def build(ids: dict[str, Any], officer_a: Any, officer_b: Any) -> None:
    """Add this app's ward-B objects to the matrix dataset's ids: an expert of ward B with
    their own account, a proposal of theirs and an invitation from ward B."""
    from django.http import QueryDict

    from hientai.accounts.models import Role, RoleAssignment, User
    from hientai.dataprotection.services import current_notice
    from hientai.orgs.models import Unit
    from hientai.registry.models import Person
    from hientai.registry.services import save_person
    from hientai.selfservice import services

    now = timezone.now()
    user = User.objects.create_user(username="matrix_expert_b", email="b@example.org")
    RoleAssignment.objects.create(user=user, role=Role.EXPERT)
    person = save_person(
        Person(
            unit=Unit.objects.get(code="26041"),
            family_name="Chuyên",
            given_name="Giaba",
            user=user,
        ),
        officer_b,
        "access matrix",
    )
    services.give_consents(
        person, user, ["opportunities"], current_notice(now.date()).version, now=now
    )
    data = QueryDict(mutable=True)
    data.update({"keywords": "ma trận"})
    for prefix in ("qualifications", "employments", "languages", "publications"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    change = services.submit_change(person, user, data, now=now)
    invitation = services.invite(officer_b, person, now=now, title="access matrix")
    ids.update(
        {
            "ss_token": "not-a-token",
            "ss_purpose": "public_profile",
            "ss_change": change.pk,
            "ss_invitation": invitation.pk,
        }
    )
