"""Access rules and matrix objects of the interop app (merged into tests/access_rules.py
and tests/security/matrix_data.py)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tests.access_rules import COORDS, EVERYONE, NOBODY, Rule

_ENDPOINT = {"pk": "interop_endpoint"}

RULES: dict[str, Rule] = {
    # The national exchange: coordinators and administrators only (an empty POST to a
    # form is refused input; "push now" is POST only and starts a job).
    "interop:home": Rule(COORDS),
    "interop:endpoint_add": Rule(COORDS, COORDS),
    "interop:endpoint_edit": Rule(COORDS, COORDS, params=_ENDPOINT),
    "interop:push_now": Rule(NOBODY, COORDS, params=_ENDPOINT),
    "interop:push_detail": Rule(COORDS, params={"pk": "interop_push"}),
    "interop:mapping_list": Rule(COORDS),
    "interop:mapping_add": Rule(COORDS, COORDS),
    "interop:mapping_edit": Rule(COORDS, COORDS, params={"pk": "interop_mapping"}),
    # Single sign-on (issue 19 item 5): sign-in doors, 404 while OIDC is not configured.
    "oidc_authentication_init": Rule(EVERYONE, EVERYONE, open_door=True),
    "oidc_authentication_callback": Rule(EVERYONE, EVERYONE, open_door=True),
}


def build(ids: dict[str, Any], officer_a: Any, officer_b: Any) -> None:
    """Add this app's ward-B objects to the matrix dataset's ids."""
    from hientai.interop.models import ElementMapping, Endpoint, Push

    # Nothing listens on port 9: a push fails at once, without waiting on retries.
    endpoint = Endpoint.objects.create(
        name="Matrix endpoint", url="http://127.0.0.1:9/", max_attempts=1
    )
    ids["interop_endpoint"] = endpoint.pk
    ids["interop_push"] = Push.objects.create(endpoint=endpoint, started_at=timezone.now()).pk
    ids["interop_mapping"] = ElementMapping.objects.order_by("pk").first().pk
