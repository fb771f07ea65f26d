"""The profile page and API read a fixed, small number of queries (issue 14 item 5), and
the display-time edit check on a loaded row agrees with the stored-row check."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from hientai.accounts.scoping import can_edit, can_edit_loaded
from hientai.catalogs.models import Code
from hientai.registry.models import Person, SensitiveAccess


def test_the_profile_page_reads_its_code_lists_in_one_query(make_person, officer_a, login):
    person = make_person(officer_a, categories=("expert", "scientist"), phone="0912345678")
    fields = list(Code.objects.filter(scheme__key="st_field").order_by("code")[:2])
    person.st_fields.set(fields)
    client = login(officer_a)
    client.get(f"/people/{person.pk}/")
    logged = SensitiveAccess.objects.filter(person=person).count()
    with CaptureQueriesContext(connection) as captured:
        page = client.get(f"/people/{person.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    for code in [*person.categories.all(), *fields]:
        assert code.label_vi in text
    # The listed order is the code list's own (scheme, then code).
    labels = [code.label_vi for code in person.categories.all()]
    assert text.index(labels[0]) < text.index(labels[-1])
    # Queries that read the code table itself (not joins of a part's codes): the one UNION.
    code_reads = [
        q
        for q in captured.captured_queries
        if 'FROM "catalogs_code"' in q["sql"] or "FROM catalogs_code" in q["sql"]
    ]
    assert len(code_reads) == 1
    assert len(captured.captured_queries) <= 26
    # Every unmasked view is still logged, in the request.
    assert SensitiveAccess.objects.filter(person=person).count() == logged + 1


def test_the_profile_api_logs_each_view(make_person, officer_a, login):
    person = make_person(officer_a, phone="0912345678")
    client = login(officer_a)
    answer = client.get(f"/api/v1/people/{person.pk}/profile")
    assert answer.status_code == 200
    assert answer.json()["masked"] is False
    row = SensitiveAccess.objects.filter(person=person, channel="api").get()
    assert row.person_label == person.full_name
    assert row.unit_code == person.unit.code


def test_can_edit_loaded_agrees_with_the_stored_row_check(
    make_person, officer_a, officer_b, coordinator, leader, administrator
):
    people = [make_person(administrator), make_person(administrator, unit_code="26041")]
    for user in (officer_a, officer_b, coordinator, leader, administrator):
        for person in people:
            loaded = Person.objects.get(pk=person.pk)
            assert can_edit_loaded(loaded, user) == can_edit(loaded, user), (user, person)
