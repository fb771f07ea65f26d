"""The PostgreSQL implementation: unaccent wrapper, generated tsvector, GIN index, COPY rebuild."""

import pytest
from django.db import connection

from hientai.core.text import fold
from hientai.search import backends
from hientai.search.documents import tag
from hientai.search.engine import search_people
from hientai.search.indexer import rebuild_index
from tests.conftest import UNIT_A, UNIT_B

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

NAMES = ["Đặng Thị Hà Nội", "Nguyễn Văn Đức", "Huỳnh Thị Ngọc Ánh", "Trương Quốc Bảo", "Lưu Ý"]


def scalar(sql: str, params: list | None = None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone()[0]


def test_unaccent_wrapper_is_immutable_and_folds_like_python():
    assert scalar("SELECT provolatile FROM pg_proc WHERE proname = 'search_unaccent'") == "i"
    for name in NAMES:
        assert scalar("SELECT lower(search_unaccent(%s))", [name]) == fold(name)
    assert scalar("SELECT count(*) FROM pg_extension WHERE extname IN ('unaccent', 'pg_trgm')") == 2


def test_generated_document_and_gin_index(make_person):
    person = make_person(UNIT_A, "Đặng", "Thị", "Hà", categories=("expert",))
    document = scalar(
        "SELECT document::text FROM search_personindex WHERE person_id = %s", [person.pk]
    )
    assert "'dang':1A" in document and "'ha':3A" in document and "'xoai':5B" in document
    assert f"'{tag('category', 'expert')}':" in document
    definition = scalar(
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'search_pi_document_idx'"
    )
    assert "gin (document)" in definition


def test_full_text_path_uses_the_gin_index(make_person, coordinator, monkeypatch):
    monkeypatch.setattr(backends, "PUSH_MARGIN", 0.0)  # every condition in the tsquery
    make_person(UNIT_A, "Nguyễn", "Văn", "Hùng", gender="male", categories=("expert",))
    make_person(UNIT_B, "Nguyễn", "Thị", "Hương", gender="female", categories=("expert",))
    make_person(UNIT_B, "Trần", "Văn", "Hùng", gender="male", categories=("talent",))
    result = search_people(coordinator, "hung ng", {"category": ["expert"]})
    assert [hit.full_name for hit in result.hits] == ["Nguyễn Văn Hùng"]
    assert {e.value: e.count for e in result.facets["gender"]} == {"male": 1}
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT person_id FROM search_personindex i "
            "WHERE i.document @@ to_tsquery('simple', %s)",
            [f"'hung':*AB & ('{tag('category', 'expert')}':D)"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_pi_document_idx" in plan


def test_rebuild_with_copy_keeps_the_index(make_person, coordinator):
    make_person(UNIT_A, "Phan", "Văn", "Lợi", index=False)
    make_person(UNIT_B, "Phan", "Thị", "Lụa", index=False)
    assert rebuild_index() == 2
    assert scalar("SELECT count(*) FROM pg_indexes WHERE indexname = 'search_pi_document_idx'") == 1
    result = search_people(coordinator, "phan lu")
    assert [hit.full_name for hit in result.hits] == ["Phan Thị Lụa"]
    assert search_people(coordinator).total == 2
