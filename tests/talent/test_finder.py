"""The expert finder over crafted profiles: expertise, not names; filters from the question."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from hientai.talent.engine import SYSTEM, FinderError, find_experts
from hientai.talent.indexer import vocabulary
from hientai.talent.query import parse
from tests.talent.conftest import ON

pytestmark = pytest.mark.django_db

CHIP_PHDS_ABROAD = {"chip_us", "chip_jp", "chip_de"}


def ids(result) -> list[int]:
    return [hit.person_id for hit in result.hits]


def keys(result, experts) -> list[str]:
    by_id = {person.pk: key for key, person in experts.items()}
    return [by_id[hit.person_id] for hit in result.hits]


@pytest.mark.parametrize(
    "question",
    [
        "chuyên gia bán dẫn ở nước ngoài có bằng tiến sĩ",
        "chuyen gia ban dan o nuoc ngoai co bang tien si",
        "overseas semiconductor experts with a PhD",
        "semiconductor experts abroad, doctorate",
        "TS vi mạch ở nước ngoài",
    ],
)
def test_overseas_semiconductor_phds_come_first(experts, question):
    result = find_experts(SYSTEM, question, on=ON)
    found = keys(result, experts)
    assert set(found[:3]) == CHIP_PHDS_ABROAD
    # Precision at 10 is 1: nobody else meets the question.
    assert set(found[:10]) == CHIP_PHDS_ABROAD
    assert result.filters == {"abroad": True, "min_vqf": 8}
    assert result.parsed.concepts == ["semiconductor"]


def test_a_name_never_makes_an_expert(experts):
    for question in ("bán dẫn", "ban dan", "vi mạch", "Danh", "Mạch"):
        found = keys(find_experts(SYSTEM, question, on=ON), experts)
        assert "ban_van_danh" not in found[:10]
        assert "mach" not in found[:10]
    found = keys(find_experts(SYSTEM, "bán dẫn", on=ON), experts)
    assert set(found) == CHIP_PHDS_ABROAD | {"chip_master", "chip_home"}


def test_synonyms_and_translations(experts):
    for question in ("AI", "trí tuệ nhân tạo", "machine learning", "học máy", "tri tue nhan tao"):
        found = keys(find_experts(SYSTEM, question, on=ON), experts)
        assert set(found) == {"ai_young", "ai_old", "jp_national"}, question
    found = keys(find_experts(SYSTEM, "biotechnology", on=ON), experts)
    assert found == ["bio_abroad"]


def test_place_age_and_nationality_from_the_question(experts):
    result = find_experts(SYSTEM, "AI experts in Japan", on=ON)
    assert keys(result, experts) == ["ai_young"]
    assert result.filters == {"countries": ["JP"]}
    result = find_experts(SYSTEM, "người làm trí tuệ nhân tạo dưới 40 tuổi", on=ON)
    assert keys(result, experts) == ["ai_young"]
    assert result.filters == {"max_age": 39}
    result = find_experts(SYSTEM, "Japanese AI experts", on=ON)
    assert keys(result, experts) == ["jp_national"]
    result = find_experts(SYSTEM, "người làm công nghệ sinh học dưới 40 tuổi", on=ON)
    assert keys(result, experts) == ["bio_abroad"]


def test_the_user_can_change_the_filters(experts):
    result = find_experts(SYSTEM, "chuyên gia bán dẫn ở nước ngoài có bằng tiến sĩ", {}, on=ON)
    assert set(keys(result, experts)) == CHIP_PHDS_ABROAD | {"chip_master", "chip_home"}
    result = find_experts(SYSTEM, "bán dẫn", {"countries": ["de"]}, on=ON)
    assert keys(result, experts) == ["chip_de"]


def test_plain_words_not_in_the_vocabulary(experts):
    result = find_experts(SYSTEM, "chuyên gia sầu riêng", on=ON)
    assert "durian" in keys(result, experts)[:1]


def test_reasons_name_the_term_and_the_field(experts):
    result = find_experts(SYSTEM, "semiconductor PhD abroad", on=ON)
    hit = next(h for h in result.hits if h.person_id == experts["chip_us"].pk)
    texts = {(r.field, r.text) for r in hit.reasons if r.kind == "concept"}
    assert ("major", "Thiết kế vi mạch") in texts or ("chuyên ngành", "Thiết kế vi mạch") in texts
    assert any(r.term == "integrated circuit" for r in hit.reasons)
    assert any(r.kind == "filter" for r in hit.reasons)


def test_scope_follows_the_people_search(experts, officer_a, officer_b, anonymous, coordinator):
    found = set(keys(find_experts(officer_a, "bán dẫn", on=ON), experts))
    assert found == {"chip_us", "chip_master", "chip_home"}
    found = set(keys(find_experts(officer_b, "bán dẫn", on=ON), experts))
    assert found == {"chip_jp"}
    assert find_experts(anonymous, "bán dẫn", on=ON).hits == []
    assert len(find_experts(coordinator, "bán dẫn", on=ON).hits) == 5


def test_bad_input_is_a_clear_error(experts):
    with pytest.raises(FinderError, match="500"):
        find_experts(SYSTEM, "x" * 501)
    with pytest.raises(FinderError):
        find_experts(SYSTEM, "AI", {"max_age": "forty"})
    with pytest.raises(FinderError):
        find_experts(SYSTEM, "AI", {"countries": ["Japan"]})


def test_parse_keeps_ambiguous_country_words_as_words(db):
    parsed = parse("chuyên gia tiếng Anh", vocabulary())
    assert "countries" not in parsed.filters
    parsed = parse("kỹ sư ở Anh", vocabulary())
    assert parsed.filters["countries"] == ["GB"]


def test_command_prints_json(experts, capsys):
    call_command("find_experts", "bán dẫn nước ngoài tiến sĩ", "--limit", "3", "--json")
    payload = json.loads(capsys.readouterr().out)
    assert len(payload["hits"]) == 3
    assert {"id", "full_name", "score", "reasons"} <= set(payload["hits"][0])
    assert {hit["id"] for hit in payload["hits"]} == {experts[k].pk for k in CHIP_PHDS_ABROAD}


def test_a_deleted_person_leaves_the_index(experts):
    from hientai.talent.models import ExpertDoc, ExpertPosting

    person = experts["chip_us"]
    pk = person.pk
    person.delete()
    assert not ExpertDoc.objects.filter(person_id=pk).exists()
    assert not ExpertPosting.objects.filter(person_id=pk).exists()
    assert pk not in ids(find_experts(SYSTEM, "bán dẫn", on=ON))
