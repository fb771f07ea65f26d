"""Search by bitmaps (bitsearch.py): the same hits and counts as the row-by-row path and the
oracle, exact counts at any size, keyset pages in name order, short prefixes, scope."""

import datetime
import random

import pytest

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.accounts.scoping import visible
from hientai.registry.models import Person
from hientai.search import bitmaps, bitsearch
from hientai.search.engine import FACETS, search_people
from hientai.search.indexer import rebuild_bitmaps, rebuild_index, reindex_people
from tests.search.test_consistency import expected, oracle_facts, random_people, random_query

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 3, 15)


def facets(result) -> dict:
    return {name: {e.value: e.count for e in result.facets[name]} for name in FACETS}


def name_order(result_ids: list[int], exact: str = "") -> list[int]:
    """The order of a name-ordered list: exact full-name matches, then (sort_name, id)."""
    from hientai.search.models import PersonIndex

    rows = PersonIndex.objects.filter(person_id__in=result_ids).values_list(
        "person_id", "sort_name", "name_text"
    )
    return [
        pk
        for _exact, _name, pk in sorted(
            (name_text != exact, sort_name, pk) for pk, sort_name, name_text in rows
        )
    ]


@pytest.mark.parametrize("mode", ["ranked", "name-order", "word-bitmaps"])
def test_bitmaps_agree_with_the_oracle_and_the_row_path(
    mode, monkeypatch, coordinator, officer_a, leader
):
    rng = random.Random(14)
    random_people(rng, 150)
    if mode == "name-order":
        monkeypatch.setattr(bitsearch, "RANK_LIMIT", 0)
    if mode == "word-bitmaps":
        monkeypatch.setattr(bitmaps, "WORD_MIN_DOCS", 1)
        rebuild_index()
    facts = oracle_facts(ON)
    users = [coordinator, officer_a, leader]
    scopes = {
        user.pk: set(visible(Person.objects.all(), user).values_list("pk", flat=True))
        for user in users
    }
    for _ in range(50):
        user = rng.choice(users)
        query, filters = random_query(rng, facts)
        result = search_people(user, query, filters, per_page=200, on=ON)
        hits, counts = expected(facts, scopes[user.pk], query, filters)
        assert result.total == len(hits), (query, filters)
        assert {hit.person_id for hit in result.hits} == hits, (query, filters)
        assert facets(result) == counts, (query, filters)
        monkeypatch.setattr(bitsearch, "ENABLED", False)
        rows = search_people(user, query, filters, per_page=200, on=ON)
        monkeypatch.setattr(bitsearch, "ENABLED", True)
        assert rows.total == result.total and facets(rows) == facets(result)
        if mode != "name-order":  # ranked identically by both paths
            assert [h.person_id for h in rows.hits] == [h.person_id for h in result.hits]


def test_keyset_pages_walk_the_name_order_without_gaps(monkeypatch, coordinator):
    random_people(random.Random(3), 90)
    monkeypatch.setattr(bitsearch, "RANK_LIMIT", 0)
    everyone = search_people(coordinator, "n", per_page=200, on=ON)
    assert everyone.name_order and everyone.total > 20
    ids = [hit.person_id for hit in everyone.hits]
    assert ids == name_order(ids, "n")
    seen, after, page, pages = [], None, 1, []
    while True:
        result = search_people(coordinator, "n", per_page=7, page=page, after=after, on=ON)
        seen += [hit.person_id for hit in result.hits]
        pages.append(result)
        # A page number alone (no cursor) reaches the same rows by walking.
        by_number = search_people(coordinator, "n", per_page=7, page=page, on=ON)
        assert [h.person_id for h in by_number.hits] == [h.person_id for h in result.hits]
        if not result.next_cursor:
            break
        after, page = result.next_cursor, page + 1
    assert seen == ids
    # Back from the last page with the Previous cursors: the same pages, in reverse.
    result = pages[-1]
    for expected_page in reversed(pages[:-1]):
        result = search_people(coordinator, "n", per_page=7, after=result.prev_cursor, on=ON)
        assert [h.person_id for h in result.hits] == [h.person_id for h in expected_page.hits]
    assert (
        result.prev_cursor is None
        or not search_people(coordinator, "n", per_page=7, after=result.prev_cursor, on=ON).hits
    )
    # A cursor that is not ours reads as no cursor: the first page.
    first = search_people(coordinator, "n", per_page=7, after="zz'; drop", on=ON)
    assert [h.person_id for h in first.hits] == ids[:7]


def test_exact_full_name_matches_come_first_in_name_order(monkeypatch, coordinator, make_person):
    monkeypatch.setattr(bitsearch, "RANK_LIMIT", 0)
    for given in ("An", "Bình", "Hùng", "Hùng Anh"):
        make_person("75.SKHCN", "Nguyễn", "Văn", given)
    make_person("75.SKHCN", "Trần", "Văn", "Hùng")
    result = search_people(coordinator, "nguyen van hung", on=ON)
    assert [h.full_name for h in result.hits] == ["Nguyễn Văn Hùng", "Nguyễn Văn Hùng Anh"]
    first = search_people(coordinator, "nguyen van hung", per_page=1, on=ON)
    second = search_people(coordinator, "nguyen van hung", per_page=1, after=first.next_cursor)
    assert [h.full_name for h in second.hits] == ["Nguyễn Văn Hùng Anh"]
    back = search_people(coordinator, "nguyen van hung", per_page=1, after=second.prev_cursor)
    assert [h.full_name for h in back.hits] == ["Nguyễn Văn Hùng"] and back.prev_cursor is None
    result = search_people(coordinator, "van", per_page=2, on=ON)
    assert result.total == 5 and result.next_cursor
    rest = search_people(coordinator, "van", per_page=10, after=result.next_cursor, on=ON)
    names = [h.full_name for h in result.hits + rest.hits]
    # Name order is given name first ("hung anh nguyen van" < "hung nguyen van").
    assert names == ["Nguyễn Văn An", "Nguyễn Văn Bình", "Nguyễn Văn Hùng Anh",
                     "Nguyễn Văn Hùng", "Trần Văn Hùng"]  # fmt: skip


def test_one_and_two_letter_prefixes_come_from_prefix_bitmaps(coordinator, make_person):
    make_person("75.SKHCN", "Bùi", "Văn", "An")
    make_person("75.SKHCN", "Bạch", "Thị", "Lan")
    make_person("75.SKHCN", "Lê", "Văn", "Bình")
    make_person("75.SKHCN", "Lê", "Thị", "Hoa")
    assert search_people(coordinator, "b", on=ON).total == 3  # Bùi, Bạch, Bình
    assert search_people(coordinator, "B", on=ON).total == 3
    assert search_people(coordinator, "bu", on=ON).total == 1
    assert search_people(coordinator, "bạ", on=ON).total == 1
    assert search_people(coordinator, "bac", on=ON).total == 1
    assert search_people(coordinator, "b l", on=ON).total == 2  # Bạch Lan, Bình Lê
    assert search_people(coordinator, "q", on=ON).total == 0
    from hientai.search.models import Bitmap

    assert Bitmap.objects.filter(key__in=["p:b", "p:bu", "p:ba", "p:bi"]).count() == 4
    assert not Bitmap.objects.filter(key="p:bac").exists()  # only one and two letters


def test_counts_follow_edits_and_deletes(coordinator, make_person):
    person = make_person("75.SKHCN", "Nguyễn", "Văn", "An", gender="male")
    make_person("75.SKHCN", "Nguyễn", "Thị", "Hoa", gender="female")
    assert search_people(coordinator, "ng", {"gender": ["male"]}, on=ON).total == 1
    Person.objects.filter(pk=person.pk).update(
        gender="female", given_name="Bảo", full_name="Nguyễn Văn Bảo"
    )
    reindex_people([person.pk])
    result = search_people(coordinator, "ng", on=ON)
    assert facets(result)["gender"] == {"female": 2}
    assert search_people(coordinator, "an", on=ON).total == 0
    assert search_people(coordinator, "bao", on=ON).total == 1
    person.delete()
    assert search_people(coordinator, "ng", on=ON).total == 1
    assert search_people(coordinator, "bao", on=ON).total == 0


def test_scope_is_applied_by_unit_bitmaps(officer_a, officer_b, make_person):
    from tests.conftest import UNIT_A, UNIT_B

    mine = make_person(f"{UNIT_A}.VHXH", "Nguyễn", "Văn", "An")
    make_person(UNIT_B, "Nguyễn", "Văn", "Bình")
    result = search_people(officer_a, "nguyen", on=ON)
    assert [hit.person_id for hit in result.hits] == [mine.pk]
    assert facets(result)["unit"] == {f"{UNIT_A}.VHXH": 1}
    assert search_people(officer_b, "an", on=ON).total == 0
    expert = User.objects.create_user("expert_an")
    RoleAssignment.objects.create(user=expert, role=Role.EXPERT)
    Person.objects.filter(pk=mine.pk).update(user=expert)
    assert search_people(expert, "nguyen", on=ON).total == 1


def test_an_index_built_before_the_bitmaps_gets_them_from_its_rows(coordinator, make_person):
    make_person("75.SKHCN", "Nguyễn", "Văn", "An", gender="male")
    from hientai.search.models import Bitmap

    Bitmap.objects.all().delete()  # as before the migration: not ready, row-by-row path
    assert search_people(coordinator, "ng", on=ON).total == 1
    assert rebuild_bitmaps() == 1
    assert Bitmap.objects.filter(key="").exists()
    assert search_people(coordinator, "ng", {"gender": ["male"]}, on=ON).total == 1


def test_people_list_pages_by_cursor_and_says_it_is_in_name_order(
    monkeypatch, coordinator, login, make_person
):
    monkeypatch.setattr(bitsearch, "RANK_LIMIT", 0)
    for given in ("An", "Bình", "Chi"):
        make_person("75.SKHCN", "Nguyễn", "Văn", given)
    client = login(coordinator)
    first = search_people(coordinator, "nguyen", per_page=25)
    page = client.get("/people/", {"q": "nguyen"}).content.decode()
    assert "theo thứ tự tên" in page  # the list says it is in name order
    response = client.get("/people/", {"q": "nguyen", "after": "n999999999"})
    assert response.status_code == 200  # a cursor to nobody: the page number decides
    assert "Nguyễn Văn An" in response.content.decode()
    assert first.total == 3
