"""The unit tree: reference data, paths, successions (mergers, renames), loading errors."""

import datetime
from pathlib import Path

import pytest
from django.db import connection

from hientai.orgs.models import Succession, Unit, UnitKind, UnitPopulation
from hientai.orgs.services import (
    UnitDataError,
    load_units,
    merge_units,
    rename_unit,
    resolve_code,
    successors,
)

pytestmark = pytest.mark.django_db
JULY_2025 = datetime.date(2025, 7, 1)


def test_migrations_load_the_city_tree():
    city = Unit.objects.get(code="75")
    local = Unit.objects.current().filter(parent=city, kind__in=[UnitKind.WARD, UnitKind.COMMUNE])
    assert local.count() == 95
    assert Unit.objects.get(code="25210").name_vi == "Phường Đồng Xoài"
    assert Unit.objects.get(code="75.SKHCN").path == "/75/75.SKHCN/"
    assert Unit.objects.get(code="75.SNGV.LS").depth == 2
    assert UnitPopulation.objects.filter(unit=city).exists()


def test_subtree_query_uses_the_path():
    ward = Unit.objects.get(code="25210")
    subtree = set(Unit.objects.subtree(ward).values_list("code", flat=True))
    assert "25210" in subtree and "25210.VHXH" in subtree
    assert all(code.startswith("25210") for code in subtree)


def test_binh_phuoc_was_absorbed_by_dong_nai():
    old_province = Unit.objects.get(code="legacy:70")
    assert old_province.valid_to == datetime.date(2025, 6, 30)
    assert [unit.code for unit in successors(old_province)] == ["75"]


def test_former_commune_resolves_to_todays_ward():
    links = Succession.objects.filter(new_unit__code="25210", old_unit__code__startswith="legacy:")
    assert links.exists()
    old_code = links.first().old_unit.code
    assert "25210" in [unit.code for unit in resolve_code(old_code)]
    # Before the merger the old commune was itself in force.
    assert [unit.code for unit in resolve_code(old_code, on=datetime.date(2024, 1, 1))] == [
        old_code
    ]


def test_resolve_unknown_code_is_a_clear_error():
    with pytest.raises(UnitDataError):
        resolve_code("no-such-unit")


def _unit(code: str, parent: Unit | None = None, kind: str = UnitKind.DEPARTMENT) -> Unit:
    return Unit.objects.create(code=code, name_vi=f"Đơn vị {code}", kind=kind, parent=parent)


def test_merge_closes_old_units_and_moves_their_children():
    city = Unit.objects.get(code="75")
    old_a, old_b, new = _unit("T.A", city), _unit("T.B", city), _unit("T.NEW", city)
    child = _unit("T.A.P1", old_a, UnitKind.DIVISION)
    merge_units([old_a, old_b], into=new, effective_date=JULY_2025, note="test merger")
    old_a.refresh_from_db()
    child.refresh_from_db()
    assert old_a.valid_to == datetime.date(2025, 6, 30)
    assert Succession.objects.filter(new_unit=new).count() == 2
    assert child.parent == new and child.path == "/75/T.NEW/T.A.P1/"
    assert successors(old_b) == [new]
    assert successors(old_b, on=datetime.date(2025, 1, 1)) == [old_b]


def test_merge_into_itself_is_refused_and_writes_nothing():
    unit = _unit("T.SELF", Unit.objects.get(code="75"))
    with pytest.raises(UnitDataError):
        merge_units([unit], into=unit, effective_date=JULY_2025)
    unit.refresh_from_db()
    assert unit.valid_to is None and not Succession.objects.filter(old_unit=unit).exists()


def test_rename_keeps_history_and_children_follow():
    old = _unit("T.OLD", Unit.objects.get(code="75"))
    _unit("T.OLD.D1", old, UnitKind.DIVISION)
    renamed = rename_unit(old, "T.RENAMED", "Sở Mới", JULY_2025, note="đổi tên")
    assert Unit.objects.get(code="T.OLD.D1").path == "/75/T.RENAMED/T.OLD.D1/"
    assert successors(old) == [renamed]
    with pytest.raises(UnitDataError):
        rename_unit(renamed, "25210", "Trùng mã", JULY_2025)


def test_moving_a_unit_rewrites_descendant_paths():
    parent = _unit("T.P", Unit.objects.get(code="75"))
    child = _unit("T.P.C", parent, UnitKind.DIVISION)
    grandchild = _unit("T.P.C.G", child, UnitKind.DIVISION)
    parent.parent = Unit.objects.get(code="75.SKHCN")
    parent.save()
    grandchild.refresh_from_db()
    assert grandchild.path == "/75/75.SKHCN/T.P/T.P.C/T.P.C.G/"
    assert grandchild.depth == 4


def test_bad_unit_file_is_rejected_whole(tmp_path: Path):
    path = tmp_path / "units.csv"
    path.write_text(
        "code,parent_code,kind,name_vi,name_en,valid_from,valid_to,source\n"
        "X.GOOD,75,department,Sở Thử,Test,,,t\n"
        "X.BAD,75,spaceship,Tàu,Ship,,,t\n",
        encoding="utf-8",
    )
    before = Unit.objects.count()
    with pytest.raises(UnitDataError, match="spaceship"):
        load_units(path)
    assert Unit.objects.count() == before


def test_loading_the_shipped_file_again_changes_nothing():
    result = load_units()
    assert result.created == 0 and result.updated == 0 and result.unchanged > 400


@pytest.mark.postgres
def test_postgres_answers_subtree_queries_from_the_path_index():
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        queryset = Unit.objects.filter(path__startswith="/75/25210/")
        sql, params = queryset.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "unit_path_idx" in plan
