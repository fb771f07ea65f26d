"""search_people on a crafted set: folding, word order, prefixes, ranking, facets, scope."""

import datetime
import unicodedata

import pytest

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.registry.models import Person
from hientai.search.engine import (
    FACETS,
    SYSTEM,
    UnknownFacet,
    UnknownUnit,
    search_people,
)
from tests.conftest import UNIT_A, UNIT_B

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 6, 1)


@pytest.fixture
def crowd(make_person):
    """Six profiles across unit A (and its division), unit B and a department."""
    return {
        "hung": make_person(
            UNIT_A, "Nguyễn", "Văn", "Hùng", gender="male", birth_year=1985,
            categories=("expert", "scientist"), degrees=("tien_si",),
            qualification_fields=("102",), keywords="trí tuệ nhân tạo",
        ),
        "lan": make_person(
            UNIT_B, "Đặng", "Thị", "Lan", gender="female",
            birth_date=datetime.date(1996, 6, 15), categories=("intellectual",),
            degrees=("thac_si",), qualification_fields=("301",), st_fields=("101",),
        ),
        "nam": make_person(
            f"{UNIT_A}.VHXH", "Trần", "Văn", "Nam", gender="male", birth_year=1960,
            categories=("public_staff",), degrees=("cu_nhan",),
        ),
        "huong": make_person(
            "75.SKHCN", "Lê", "Thị", "Hương", gender="female", birth_year=1970,
            categories=("expert",), degrees=("cu_nhan", "thac_si"),
            technologies=("digital",), overseas="vietnamese_abroad",
        ),
        "minh": make_person(
            UNIT_B, "Phạm", "Minh", "Hùng", gender="male", categories=("talent",),
            overseas="foreign_expert", other_names="Tony Pham",
        ),
        "mai": make_person(
            UNIT_B, "Võ", "Thị", "Mai", gender="female", birth_year=1990,
            categories=("expert", "intellectual"), keywords="lịch sử thời Hùng Vương",
            personal_id="079190001234",
        ),
    }  # fmt: skip


def names(result) -> list[str]:
    return [hit.full_name for hit in result.hits]


def facet(result, name: str) -> dict[str, int]:
    return {entry.value: entry.count for entry in result.facets[name]}


EVERYONE_FACETS = {
    "unit": {UNIT_B: 3, UNIT_A: 1, f"{UNIT_A}.VHXH": 1, "75.SKHCN": 1},
    "category": {"expert": 3, "intellectual": 2, "scientist": 1, "public_staff": 1, "talent": 1},
    "degree": {"thac_si": 2, "tien_si": 1, "cu_nhan": 1},
    "field": {"1": 2, "3": 1},
    "strategic_technology": {"digital": 1},
    "overseas": {"none": 4, "vietnamese_abroad": 1, "foreign_expert": 1},
    "gender": {"male": 3, "female": 3},
    "age_band": {"under_30": 1, "30_44": 2, "45_59": 1, "60_plus": 1, "unknown": 1},
}


@pytest.mark.parametrize(
    "query",
    ["nguyen van hung", "Hung Nguyen", "NGUYỄN VĂN HÙNG", "hùng nguyễn văn", "van hung"],
)
def test_diacritics_and_word_order_do_not_matter(crowd, coordinator, query):
    assert "Nguyễn Văn Hùng" in names(search_people(coordinator, query))


def test_d_with_stroke_folds_to_d(crowd, coordinator):
    for query in ("dang", "Đặng", "DANG thi lan", "đang"):
        assert names(search_people(coordinator, query)) == ["Đặng Thị Lan"]


def test_decomposed_input_and_two_mark_vowels(crowd, coordinator):
    decomposed = unicodedata.normalize("NFD", "Lê Thị Hương")
    assert names(search_people(coordinator, decomposed)) == ["Lê Thị Hương"]
    assert names(search_people(coordinator, "le thi huong")) == ["Lê Thị Hương"]


def test_every_word_is_a_prefix_and_all_must_match(crowd, coordinator):
    assert names(search_people(coordinator, "ngu")) == ["Nguyễn Văn Hùng"]
    assert set(names(search_people(coordinator, "hu"))) == {
        "Nguyễn Văn Hùng",
        "Phạm Minh Hùng",
        "Lê Thị Hương",
        "Võ Thị Mai",  # keywords: "Hùng Vương"
    }
    assert search_people(coordinator, "guyen").total == 0  # inside a word: no match
    assert search_people(coordinator, "nguyen lan").total == 0  # words are AND'ed


def test_other_names_keywords_and_unit_name_are_searched(crowd, coordinator):
    assert names(search_people(coordinator, "tony")) == ["Phạm Minh Hùng"]
    assert names(search_people(coordinator, "tri tue")) == ["Nguyễn Văn Hùng"]
    assert set(names(search_people(coordinator, "tran bien"))) == {
        "Đặng Thị Lan",
        "Phạm Minh Hùng",
        "Võ Thị Mai",
    }
    assert names(search_people(coordinator, "khoa hoc cong nghe")) == ["Lê Thị Hương"]


def test_administrative_level_word_of_a_unit_is_not_indexed(crowd, coordinator):
    # "Phường" folds to "phuong", the given name Phương: it must not match a whole ward.
    assert search_people(coordinator, "phuong").total == 0
    assert names(search_people(coordinator, "dong xoai")) == ["Nguyễn Văn Hùng"]


def test_personal_id_is_not_searchable(crowd, coordinator):
    assert search_people(coordinator, "079190001234").total == 0
    assert search_people(coordinator, "0791").total == 0


def test_rank_exact_name_then_name_matches_then_name_order(crowd, coordinator, make_person):
    make_person(UNIT_A, "Hùng", "Văn", "Nguyễn")
    ranked = names(search_people(coordinator, "nguyen van hung"))
    assert ranked == ["Nguyễn Văn Hùng", "Hùng Văn Nguyễn"]
    ranked = names(search_people(coordinator, "hung"))
    # Name matches (sorted by given name, then family name) before the keyword match.
    assert ranked == ["Nguyễn Văn Hùng", "Phạm Minh Hùng", "Hùng Văn Nguyễn", "Võ Thị Mai"]
    scores = [hit.score for hit in search_people(coordinator, "hung").hits]
    assert scores[0] == scores[1] > scores[-1] > 0


def test_hit_fields(crowd, coordinator):
    hit = search_people(coordinator, "lan", on=ON).hits[0]
    assert hit.person_id == crowd["lan"].pk
    assert (hit.unit_code, hit.unit_name) == (UNIT_B, "Phường Trấn Biên")
    assert (hit.birth_year, hit.gender, hit.highest_degree) == (1996, "female", "Thạc sĩ")
    hit = search_people(coordinator, "huong").hits[0]
    assert hit.highest_degree == "Thạc sĩ"  # the highest of cử nhân and thạc sĩ


def test_facet_counts_of_everyone_are_exact(crowd, coordinator):
    result = search_people(coordinator, on=ON)
    assert result.total == 6
    assert {name: facet(result, name) for name in FACETS} == EVERYONE_FACETS
    # The same counts through the full-text path (a filter every profile passes).
    everyone = {"overseas": ["none", "vietnamese_abroad", "foreign_expert"]}
    result = search_people(coordinator, filters=everyone, on=ON)
    assert {name: facet(result, name) for name in FACETS} == EVERYONE_FACETS


def test_facet_labels(crowd, coordinator):
    result = search_people(coordinator, on=ON)
    labels = {name: {e.value: e.label for e in result.facets[name]} for name in FACETS}
    assert labels["unit"][UNIT_A] == "Phường Đồng Xoài"
    assert labels["degree"]["tien_si"] == "Tiến sĩ"
    assert labels["field"]["1"] == "Khoa học tự nhiên"
    assert labels["category"]["expert"] == "Chuyên gia"
    assert [e.value for e in result.facets["age_band"]] == [
        "under_30",
        "30_44",
        "45_59",
        "60_plus",
        "unknown",
    ]


def test_facet_counts_follow_query_and_filters(crowd, coordinator):
    result = search_people(coordinator, "thi", on=ON)
    assert result.total == 3
    assert facet(result, "gender") == {"female": 3}
    assert facet(result, "category") == {"expert": 2, "intellectual": 2}
    assert facet(result, "age_band") == {"under_30": 1, "30_44": 1, "45_59": 1}
    assert facet(result, "unit") == {UNIT_B: 2, "75.SKHCN": 1}


def test_values_of_a_facet_are_ored_and_facets_anded(crowd, coordinator):
    def total(filters):
        return search_people(coordinator, filters=filters, on=ON).total

    assert total({"category": ["expert"]}) == 3
    assert total({"category": ["expert", "talent"]}) == 4
    assert total({"category": ["expert"], "gender": ["female"]}) == 2
    assert total({"category": ["expert"], "gender": ["female"], "age_band": ["30_44"]}) == 1
    assert total({"degree": ["thac_si"]}) == 2
    assert total({"field": ["1"]}) == 2
    assert total({"strategic_technology": ["digital"]}) == 1
    assert total({"overseas": ["none"]}) == 4
    assert total({"unit": [UNIT_B]}) == 3
    assert total({"gender": ["male"], "age_band": ["unknown", "60_plus"]}) == 2
    assert total({"gender": ["nobody"]}) == 0
    assert total({"category": []}) == 6  # an empty list filters nothing
    result = search_people(coordinator, "hung", {"category": ["talent", "expert"]}, on=ON)
    assert names(result) == ["Nguyễn Văn Hùng", "Phạm Minh Hùng", "Võ Thị Mai"]
    assert facet(result, "category") == {
        "expert": 2,
        "scientist": 1,
        "talent": 1,
        "intellectual": 1,
    }


def test_age_bands_on_a_given_day(crowd, coordinator):
    # Đặng Thị Lan was born on 15 June 1996: 29 the day before her birthday, 30 on it.
    for query in ("", "lan"):
        before = search_people(coordinator, query, on=datetime.date(2026, 6, 14))
        on_birthday = search_people(coordinator, query, on=datetime.date(2026, 6, 15))
        assert facet(before, "age_band").get("under_30") == 1
        assert "under_30" not in facet(on_birthday, "age_band")
        lan = {"age_band": ["under_30"]}
        assert search_people(coordinator, query, lan, on=datetime.date(2026, 6, 14)).total == 1
        assert search_people(coordinator, query, lan, on=datetime.date(2026, 6, 15)).total == 0


def test_pagination(crowd, coordinator):
    first = search_people(coordinator, per_page=4)
    second = search_people(coordinator, page=2, per_page=4)
    assert first.total == second.total == 6
    assert len(first.hits) == 4 and len(second.hits) == 2
    # Without words, Vietnamese order: by given name, then family and middle name.
    assert names(first) == ["Nguyễn Văn Hùng", "Phạm Minh Hùng", "Lê Thị Hương", "Đặng Thị Lan"]
    assert names(second) == ["Võ Thị Mai", "Trần Văn Nam"]
    assert search_people(coordinator, page=3, per_page=4).hits == []


def test_officers_see_only_their_subtree(crowd, officer_a, officer_b):
    seen_a = search_people(officer_a, on=ON)
    assert set(names(seen_a)) == {"Nguyễn Văn Hùng", "Trần Văn Nam"}
    assert facet(seen_a, "unit") == {UNIT_A: 1, f"{UNIT_A}.VHXH": 1}
    assert search_people(officer_a, "lan").total == 0
    assert search_people(officer_a, "tran bien").total == 0
    assert search_people(officer_a, filters={"unit": [UNIT_B]}).total == 0
    seen_b = search_people(officer_b, "hung")
    assert set(names(seen_b)) == {"Phạm Minh Hùng", "Võ Thị Mai"}
    assert facet(seen_b, "unit") == {UNIT_B: 2}


def test_anonymous_sees_nothing(crowd, anonymous):
    for query in ("", "hung"):
        result = search_people(anonymous, query)
        assert result.total == 0 and result.hits == []
        assert all(values == [] for values in result.facets.values())


def test_leader_and_coordinator_see_the_city(crowd, leader, coordinator):
    assert search_people(leader).total == 6
    assert search_people(coordinator).total == 6
    assert search_people(SYSTEM).total == 6


def test_expert_sees_only_their_own_profile(crowd):
    user = User.objects.create_user("expert_huong")
    RoleAssignment.objects.create(user=user, role=Role.EXPERT)
    crowd["huong"].user = user
    crowd["huong"].save()
    assert names(search_people(user)) == ["Lê Thị Hương"]
    assert names(search_people(user, "thi")) == ["Lê Thị Hương"]
    assert search_people(user, "hung").total == 0


def test_unit_code_narrows_to_a_subtree_inside_the_scope(crowd, officer_a, coordinator):
    assert set(names(search_people(coordinator, unit_code=UNIT_A))) == {
        "Nguyễn Văn Hùng",
        "Trần Văn Nam",
    }
    assert names(search_people(officer_a, unit_code=f"{UNIT_A}.VHXH")) == ["Trần Văn Nam"]
    assert names(search_people(coordinator, "van", unit_code=f"{UNIT_A}.VHXH")) == ["Trần Văn Nam"]
    # Out of scope looks exactly like unknown.
    with pytest.raises(UnknownUnit) as out_of_scope:
        search_people(officer_a, unit_code=UNIT_B)
    with pytest.raises(UnknownUnit) as unknown:
        search_people(officer_a, unit_code="no-such-unit")
    assert str(out_of_scope.value).replace(UNIT_B, "?") == str(unknown.value).replace(
        "no-such-unit", "?"
    )


def test_person_scope_is_what_the_engine_assumes():
    # The index scopes by unit id (subtree of unit paths) and owner; anything more on
    # Person (extra path fields) would need the engine to follow.
    assert Person.scope_path_field == "unit__path"
    assert Person.scope_owner_field == "user"
    assert not getattr(Person, "scope_extra_path_fields", ())


def test_unknown_facet_is_an_error(coordinator):
    with pytest.raises(UnknownFacet):
        search_people(coordinator, "x", {"colour": ["red"]})
