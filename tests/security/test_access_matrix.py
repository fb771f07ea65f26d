"""The access matrix: every route of the URL configuration (site, admin, API) × every persona,
read (GET) and write (POST), with the ids of ward B's objects, against the one declaration in
tests/access_rules.py. A route without a rule fails; a declared route that no longer exists
fails; a denied write changes nothing; officer A never sees ward B's planted name."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from hientai.jobs.models import Job
from hientai.plans.models import Plan, Task
from hientai.registry.models import Person
from hientai.reporting.models import Dataset as ReportingDataset
from hientai.reporting.models import Submission
from tests import access_rules
from tests.access_rules import ANON, DEPT, OFFICER_A, RULES
from tests.security import matrix_data
from tests.security.routes import all_routes, fill

pytestmark = pytest.mark.django_db

FIXED = {
    "fmt_csv": "csv",
    "fmt_json": "json",
    "part": "identity",
    "target_kind": "target",
    "file_key": "export",
    "action": "acknowledge",
    "any": "1",
}
ALLOWED = {200, 201, 202, 204, 301, 302, 303}
# A signed-in user's write that reached the view but whose (empty) data was refused.
REFUSED_INPUT = {400, 405, 409, 422}


def test_every_route_has_exactly_one_rule():
    routes = set(all_routes())
    undeclared = sorted(routes - set(RULES))
    stale = sorted(set(RULES) - routes)
    assert not undeclared, f"routes without an access rule in tests/access_rules.py: {undeclared}"
    assert not stale, f"rules for routes that no longer exist: {stale}"


@pytest.fixture
def personas(expert, officer_a, officer_b, dept_officer, leader, coordinator, administrator):
    return {
        access_rules.EXPERT: expert,
        access_rules.OFFICER_A: officer_a,
        access_rules.OFFICER_B: officer_b,
        access_rules.DEPT: dept_officer,
        access_rules.LEADER: leader,
        access_rules.COORD: coordinator,
        access_rules.ADMIN: administrator,
    }


@pytest.fixture
def dataset(personas):
    data = matrix_data.build(personas[OFFICER_A], personas[access_rules.OFFICER_B])
    values = {**FIXED, **data.ids}
    user_b = personas[access_rules.OFFICER_B]
    values["user_b"] = user_b.pk
    values["roleassignment_b"] = user_b.role_assignments.first().pk
    values["unit_pk"] = Person.objects.get(pk=data.ids["person"]).unit_id
    values["version_b"] = Person.objects.get(pk=data.ids["person"]).versions.first().pk
    values["person_type"] = ContentType.objects.get_for_model(Person).pk
    values["group"] = "1"
    values["scheme_pk"] = "1"
    return values


def _denied(persona: str, path: str, response) -> bool:
    status = response.status_code
    if persona == ANON:
        if status == 401:
            return True
        return status == 302 and "login" in response.get("Location", "")
    if status in (403, 404):
        return True
    # The admin sends signed-in users without staff rights to its own login page.
    return status == 302 and "/admin/login/" in response.get("Location", "")


def _fingerprint(values) -> tuple:
    """Ward B's objects as stored: a denied write must leave them unchanged."""
    return (
        tuple(Person.objects.filter(pk=values["person"]).values_list()),
        tuple(Plan.objects.filter(pk=values["plan"]).values_list()),
        tuple(Task.objects.filter(pk=values["task"]).values_list()),
        tuple(Submission.objects.filter(pk=values["submission"]).values_list()),
        tuple(Job.objects.filter(pk=values["job"]).values_list()),
        tuple(ReportingDataset.objects.filter(pk=values["reporting_dataset"]).values_list()),
        ReportingDataset.objects.count(),
        Person.objects.count(),
        Plan.objects.count(),
        Task.objects.count(),
    )


def _client(user) -> Client:
    client = Client(enforce_csrf_checks=False)
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("persona", access_rules.PERSONAS)
def test_access_matrix(persona, personas, dataset):
    user = personas.get(persona)
    routes = all_routes()
    problems: list[str] = []
    for key, route in sorted(routes.items()):
        rule = RULES.get(key)
        if rule is None:
            continue  # reported by test_every_route_has_exactly_one_rule
        path = fill(route, {**dataset, **{k: dataset[v] for k, v in rule.params.items()}})
        client = _client(user)
        response = client.get(path + (f"?{rule.query}" if rule.query else ""))
        status = response.status_code
        if status >= 500:
            problems.append(f"GET {path}: {status}")
        elif rule.open_door or status == 405:
            pass
        elif persona in rule.read:
            if status not in ALLOWED or _denied(persona, path, response):
                problems.append(f"GET {path}: {status} but {persona} may read it")
        elif not _denied(persona, path, response) and not (
            # The admin's object shortcut and a missing object's history redirect to a page
            # that is itself refused.
            status == 302
            and (
                response["Location"] == "/admin/"  # a missing object: back to the index
                or _denied(persona, path, client.get(response["Location"]))
            )
        ):
            problems.append(f"GET {path}: {status} but {persona} may not read it")
        if persona in (OFFICER_A, DEPT) and status == 200:
            raw = b"".join(response.streaming_content) if response.streaming else response.content
            body = raw.decode(errors="replace")
            if matrix_data.PLANTED_GIVEN in body:
                problems.append(f"GET {path}: ward B's planted name shown to {persona}")
    # Writes: the denied ones first, proving they change nothing, then the allowed ones.
    ordered = sorted(routes.items(), key=lambda item: persona in RULES[item[0]].write)
    before = _fingerprint(dataset)
    checked = False
    for key, route in ordered:
        rule = RULES.get(key)
        if rule is None:
            continue
        allowed = persona in rule.write
        if allowed and not checked:
            checked = True
            if _fingerprint(dataset) != before:
                problems.append(f"denied writes by {persona} changed ward B's objects")
        path = fill(route, {**dataset, **{k: dataset[v] for k, v in rule.params.items()}})
        response = _client(user).post(path, {})
        status = response.status_code
        if status >= 500:
            problems.append(f"POST {path}: {status}")
        elif rule.open_door or status == 405:
            pass
        elif allowed:
            if _denied(persona, path, response) or status not in ALLOWED | REFUSED_INPUT:
                problems.append(f"POST {path}: {status} but {persona} may write it")
        elif status == 302 and persona != ANON and _fingerprint(dataset) == before:
            pass  # refused with a message and a redirect: nothing changed
        elif path.startswith("/api/") and status in REFUSED_INPUT and persona != ANON:
            pass  # the empty body is refused before the scope check; nothing changed
        elif not _denied(persona, path, response) and persona not in rule.read:
            # A page the persona may read may ignore a POST (the fingerprint proves nothing
            # changed); anything else must be refused.
            problems.append(f"POST {path}: {status} but {persona} may not write it")
    if not checked and _fingerprint(dataset) != before:
        problems.append(f"denied writes by {persona} changed ward B's objects")
    assert not problems, "\n".join(problems)
