"""Personal API tokens and OAuth2 client credentials (issues 12 and 19): bearer secrets act
as their user with the web's scope; only a digest is stored; every make and revoke is
audited; a ward's system sees only that ward."""

from __future__ import annotations

import base64
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from hientai.accounts import tokens
from hientai.accounts.models import ApiToken
from hientai.core.models import AuditEntry
from hientai.orgs.models import Unit
from hientai.registry.models import Person, Qualification, SensitiveAccess
from hientai.registry.services import save_person

pytestmark = pytest.mark.django_db


def _person(user, unit_code: str, given: str, personal_id: str = "") -> Person:
    person = Person(
        unit=Unit.objects.get(code=unit_code),
        family_name="Nguyễn",
        middle_name="Văn",
        given_name=given,
        gender="male",
        personal_id=personal_id,
        email=f"{given.lower()}@example.vn",
    )
    return save_person(person, user, "api test")


def _bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _command(*args: str) -> str:
    out = io.StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue()


def test_a_token_acts_as_its_user_with_the_web_scope(officer_a, officer_b):
    mine = _person(officer_a, "25210", "Antoan", "079215000001")
    theirs = _person(officer_b, "26041", "Binh")
    output = _command("create", "officer_a", "--name", "Đồng bộ", "--days", "30")
    secret = output.strip().splitlines()[-1]
    assert secret.startswith("htk_")
    token = ApiToken.objects.get(user=officer_a)
    assert secret not in (token.digest, token.prefix) and token.digest == tokens.digest(secret)
    assert token.name == "Đồng bộ"
    client = Client()
    answer = client.get(f"/api/v1/people/{mine.pk}/profile", **_bearer(secret))
    assert answer.status_code == 200, answer.content
    assert answer.json()["personal_id"] == "079215000001"  # the keeping officer sees it
    assert client.get(f"/api/v1/people/{theirs.pk}/profile", **_bearer(secret)).status_code == 404
    listed = client.get("/api/v1/people/profiles", **_bearer(secret)).json()
    assert [row["id"] for row in listed["items"]] == [mine.pk]
    token.refresh_from_db()
    assert token.last_used_at is not None
    # The schema and its docs take a staff token too.
    assert client.get("/api/v1/openapi.json", **_bearer(secret)).status_code == 200
    assert client.get("/api/v1/openapi.json", **_bearer("htk_nope")).status_code == 401
    # Revoked: refused at once.
    _command("revoke", str(token.pk))
    assert client.get(f"/api/v1/people/{mine.pk}/profile", **_bearer(secret)).status_code == 401
    actions = list(
        AuditEntry.objects.filter(object_type="accounts.apitoken").values_list("action", flat=True)
    )
    assert sorted(actions) == ["create", "revoke_token"]
    assert "revoked" in _command("list", "officer_a") or "thu hồi" in _command("list", "officer_a")


def test_expired_and_unknown_tokens_are_refused(officer_a):
    person = _person(officer_a, "25210", "Antoan")
    past = timezone.now() - dt.timedelta(days=40)
    _token, secret = tokens.create_token(officer_a, officer_a, "cũ", days=30, now=past)
    client = Client()
    assert client.get(f"/api/v1/people/{person.pk}", **_bearer(secret)).status_code == 401
    assert client.get(f"/api/v1/people/{person.pk}", **_bearer("garbage")).status_code == 401
    assert client.get(f"/api/v1/people/{person.pk}").status_code == 401


def test_bad_token_requests_are_refused_in_vietnamese(officer_a, expert):
    with pytest.raises(CommandError, match="từ 1 đến 366"):
        _command("create", "officer_a", "--days", "0")
    with pytest.raises(CommandError):
        _command("create", "expert")
    with pytest.raises(CommandError):
        _command("create", "nobody-here")
    assert not ApiToken.objects.exists()


def test_the_profile_carries_every_part_masked_for_a_reader(officer_a, leader):
    person = _person(officer_a, "25210", "Antoan", "079215000001")
    from hientai.catalogs.models import Code

    degree = Code.objects.filter(scheme__key="degree").first()
    Qualification.objects.create(
        person=person, major="Hoá học", institution="ĐH Bách khoa", degree=degree
    )
    _token, secret = tokens.create_token(leader, leader, "đọc", days=10)
    data = Client().get(f"/api/v1/people/{person.pk}/profile", **_bearer(secret)).json()
    assert data["masked"] is True and data["personal_id"] == "07•••••••••1"
    assert data["qualifications"][0]["major"] == "Hoá học"
    assert data["qualifications"][0]["degree"] == {"code": degree.code, "label": degree.label_vi}
    assert data["qualifications"][0]["level"] is None
    for part in (
        "academic_titles", "languages", "employments", "trainings", "publications",
        "patents", "projects", "awards", "assessments", "status_periods", "categories",
    ):  # fmt: skip
        assert part in data
    assert not SensitiveAccess.objects.filter(user=leader).exists()


def test_an_unmasked_api_read_is_in_the_access_log(officer_a, coordinator, login):
    person = _person(officer_a, "25210", "Antoan", "079215000001")
    before = SensitiveAccess.objects.count()
    answer = login(coordinator).get("/api/v1/people/profiles")
    assert answer.json()["items"][0]["personal_id"] == "079215000001"
    row = SensitiveAccess.objects.order_by("-pk").first()
    assert SensitiveAccess.objects.count() == before + 1
    assert (row.person_id, row.channel, row.user_id) == (person.pk, "api", coordinator.pk)


def test_cursor_pages_and_updated_since(officer_a, coordinator, login):
    people = [_person(officer_a, "25210", f"Ten{n}") for n in range(5)]
    client = login(coordinator)
    seen, cursor = [], None
    while True:
        query = "limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(f"/api/v1/people/profiles?{query}").json()
        seen += [row["id"] for row in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(p.pk for p in people)
    bad = client.get("/api/v1/people/profiles?cursor=abc")
    assert bad.status_code == 400 and "không hợp lệ" in bad.json()["detail"]
    later = timezone.now() + dt.timedelta(seconds=1)
    Person.objects.filter(pk=people[3].pk).update(updated_at=later + dt.timedelta(seconds=5))
    since = later.isoformat().replace("+00:00", "Z")
    page = client.get("/api/v1/people/profiles", {"updated_since": since}).json()
    assert [row["id"] for row in page["items"]] == [people[3].pk]
    refused = client.get("/api/v1/people/profiles?unit=99999")
    assert refused.status_code == 400


def _client_credentials(client_id: str, secret: str) -> str:
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    answer = Client().post(
        "/oauth/token/",
        {"grant_type": "client_credentials"},
        HTTP_AUTHORIZATION=f"Basic {basic}",
    )
    assert answer.status_code == 200, answer.content
    return answer.json()["access_token"]


def test_a_wards_system_sees_only_that_ward(officer_a, officer_b):
    mine = _person(officer_a, "25210", "Antoan")
    theirs = _person(officer_b, "26041", "Binh")
    out = io.StringIO()
    call_command("api_client", "create", "Hệ thống phường A", "--unit", "25210", stdout=out)
    lines = dict(line.split("=", 1) for line in out.getvalue().splitlines() if "=" in line)
    access = _client_credentials(lines["client_id"], lines["client_secret"])
    client = Client()
    page = client.get("/api/v1/people/profiles", **_bearer(access)).json()
    assert [row["id"] for row in page["items"]] == [mine.pk]
    assert client.get(f"/api/v1/people/{theirs.pk}/profile", **_bearer(access)).status_code == 404
    # Incremental: nothing changed since a moment in the future.
    future = (timezone.now() + dt.timedelta(hours=1)).isoformat().replace("+00:00", "Z")
    page = client.get(
        "/api/v1/people/profiles", {"updated_since": future}, **_bearer(access)
    ).json()
    assert page["items"] == []
    assert AuditEntry.objects.filter(object_type="oauth2_provider.application").exists()
    # Revoked: its tokens stop working.
    call_command("api_client", "revoke", lines["client_id"], stdout=io.StringIO())
    assert client.get("/api/v1/people/profiles", **_bearer(access)).status_code == 401


def test_a_city_system_and_bad_registrations(officer_a, officer_b):
    _person(officer_a, "25210", "Antoan")
    _person(officer_b, "26041", "Binh")
    out = io.StringIO()
    call_command("api_client", "create", "Cổng thành phố", "--city", stdout=out)
    lines = dict(line.split("=", 1) for line in out.getvalue().splitlines() if "=" in line)
    access = _client_credentials(lines["client_id"], lines["client_secret"])
    page = Client().get("/api/v1/people/profiles", **_bearer(access)).json()
    assert len(page["items"]) == 2
    with pytest.raises(CommandError, match="99999"):
        call_command("api_client", "create", "X", "--unit", "99999", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("api_client", "create", "Cổng thành phố", "--city", stdout=io.StringIO())


def test_a_page_of_profiles_costs_the_same_queries_whatever_its_size(officer_a, login):
    """Issue 14 item 5: parts are prefetched and rights checked once per page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(officer_a)

    def queries(limit: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/api/v1/people/profiles?limit={limit}").status_code == 200
        return len(captured)

    for n in range(6):
        _person(officer_a, "25210", f"Ten{n}", f"07921500000{n}")
    assert queries(2) == queries(6)
    assert SensitiveAccess.objects.filter(user=officer_a, channel="api").count() == 2 + 6


def test_a_read_only_system_is_a_leader_of_its_unit(db):
    from hientai.accounts.models import RoleAssignment
    from hientai.security import clients

    application, _secret = clients.create_client(
        "Chỉ đọc", None, unit=Unit.objects.get(code="25210"), read_only=True
    )
    assignment = RoleAssignment.objects.get(user=application.user)
    assert (assignment.role, assignment.unit.code) == ("leader", "25210")
    assert not application.user.has_usable_password()
