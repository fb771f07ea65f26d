"""The index follows the registry: saves, edits, deletes, qualifications, units, rebuilds."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import translation
from django.utils.translation import gettext

from hientai.orgs.models import Unit
from hientai.registry import services
from hientai.registry.models import Person, ProfileVersion, Qualification
from hientai.search.engine import search_people
from hientai.search.indexer import rebuild_index, reindex_people
from hientai.search.models import PersonIndex, SearchTerm, UnitFacetCount
from tests.conftest import UNIT_A, UNIT_B
from tests.search.conftest import code

pytestmark = pytest.mark.django_db


def facet(result, name: str) -> dict[str, int]:
    return {entry.value: entry.count for entry in result.facets[name]}


def snapshot() -> tuple:
    """Everything the index holds, comparable between an incremental path and a rebuild."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM search_personindex ORDER BY person_id")
        rows = [tuple(row) for row in cursor.fetchall()]
    counts = sorted(UnitFacetCount.objects.values_list("unit_id", "tag", "count"))
    terms = sorted(SearchTerm.objects.values_list("term", "docs"))
    return rows, counts, terms


def test_hooks_are_registered():
    assert reindex_people in services._after_save_hooks
    assert rebuild_index in services._after_bulk_hooks


def test_save_person_indexes_after_commit(officer_a, django_capture_on_commit_callbacks):
    person = Person(unit=Unit.objects.get(code=UNIT_A), family_name="Bùi", given_name="Xuân")
    with django_capture_on_commit_callbacks(execute=True):
        services.save_person(
            person, officer_a, m2m={"categories": [code("person_category", "talent")]}
        )
    result = search_people(officer_a, "bui xuan")
    assert [hit.person_id for hit in result.hits] == [person.pk]
    assert facet(result, "category") == {"talent": 1}


def test_edit_moves_the_person_in_search_and_counts(
    officer_a, coordinator, make_person, django_capture_on_commit_callbacks
):
    person = make_person(UNIT_A, "Hồ", "Thị", "Xuân", gender="female", categories=("talent",))
    assert facet(search_people(coordinator), "category") == {"talent": 1}
    person.given_name = "Yến"
    person.gender = "other"
    with django_capture_on_commit_callbacks(execute=True):
        services.save_person(
            person, officer_a, m2m={"categories": [code("person_category", "expert")]}
        )
    assert search_people(coordinator, "xuan").total == 0
    assert search_people(coordinator, "ho thi yen").total == 1
    everyone = search_people(coordinator)  # per-unit counts
    assert facet(everyone, "category") == {"expert": 1}
    assert facet(everyone, "gender") == {"other": 1}
    assert not SearchTerm.objects.filter(term="xuan").exists()


def test_moving_to_another_unit_moves_the_counts(coordinator, officer_a, officer_b, make_person):
    person = make_person(UNIT_A, "Lý", "Văn", "Sơn")
    assert search_people(officer_a).total == 1
    person.unit = Unit.objects.get(code=UNIT_B)
    person.save()
    reindex_people([person.pk])
    assert search_people(officer_a).total == 0
    assert search_people(officer_a, "son").total == 0
    assert search_people(officer_b, "son").total == 1
    assert facet(search_people(coordinator), "unit") == {UNIT_B: 1}


def test_delete_removes_from_index_and_counts(coordinator, make_person):
    keep = make_person(UNIT_A, "Đỗ", "Văn", "An", categories=("expert",))
    gone = make_person(UNIT_A, "Đỗ", "Thị", "Bình", categories=("expert",))
    assert search_people(coordinator, "do").total == 2
    gone.delete()
    assert not PersonIndex.objects.filter(person_id=gone.pk).exists()
    assert [hit.person_id for hit in search_people(coordinator, "do").hits] == [keep.pk]
    assert search_people(coordinator, "binh").total == 0
    everyone = search_people(coordinator)
    assert everyone.total == 1
    assert facet(everyone, "category") == {"expert": 1}


def test_queryset_delete_also_cleans_up(coordinator, make_person):
    for given in ("Một", "Hai", "Ba"):
        make_person(UNIT_A, "Tô", "Văn", given)
    Person.objects.filter(family_name="Tô").delete()
    assert search_people(coordinator).total == 0
    assert search_people(coordinator, "to").total == 0
    assert not UnitFacetCount.objects.exists()


def test_qualification_changes_reindex_after_commit(coordinator, make_person):
    person = make_person(UNIT_A, "Cao", "Văn", "Cường")
    assert facet(search_people(coordinator), "degree") == {}
    with transaction.atomic():
        Qualification.objects.create(
            person=person, degree=code("degree", "tien_si"), st_field=code("st_field", "205")
        )
    # Tests run inside a transaction: commit hooks do not fire, so reindex as they would.
    reindex_people([person.pk])
    result = search_people(coordinator, "cuong")
    assert facet(result, "degree") == {"tien_si": 1}
    assert facet(result, "field") == {"2": 1}
    assert result.hits[0].highest_degree == "Tiến sĩ"


def test_qualification_signal_schedules_a_reindex(
    coordinator, make_person, django_capture_on_commit_callbacks
):
    person = make_person(UNIT_A, "Cao", "Thị", "Dung")
    with django_capture_on_commit_callbacks(execute=True):
        Qualification.objects.create(person=person, degree=code("degree", "thac_si"))
    assert facet(search_people(coordinator, "dung"), "degree") == {"thac_si": 1}


def test_renaming_a_unit_reindexes_its_people(coordinator, make_person):
    make_person(UNIT_A, "Mai", "Văn", "Tài")
    assert search_people(coordinator, "dong xoai").total == 1
    unit = Unit.objects.get(code=UNIT_A)
    unit.name_vi = "Phường Bình Minh Mới"
    unit.save()
    assert search_people(coordinator, "dong xoai").total == 0
    assert search_people(coordinator, "binh minh moi").total == 1
    assert search_people(coordinator, "tai").hits[0].unit_name == "Phường Bình Minh Mới"


def test_moving_a_unit_moves_its_subtree_in_scope(officer_a, make_person):
    make_person(f"{UNIT_A}.VHXH", "Lưu", "Văn", "Phát")
    assert search_people(officer_a, "phat").total == 1
    division = Unit.objects.get(code=f"{UNIT_A}.VHXH")
    division.parent = Unit.objects.get(code=UNIT_B)
    division.save()
    assert search_people(officer_a, "phat").total == 0
    assert search_people(officer_a).total == 0


def test_rebuild_gives_the_same_index_as_incremental_updates(make_person):
    people = [
        make_person(UNIT_A, "Nguyễn", "Văn", "Hùng", gender="male", birth_year=1980),
        make_person(
            UNIT_B, "Trần", "Thị", "Lan", gender="female", categories=("expert", "talent"),
            degrees=("cu_nhan", "thac_si"), qualification_fields=("301", "101"),
            technologies=("digital",), keywords="kinh tế số",
        ),
        make_person("75.SKHCN", "Lê", "", "Minh", overseas="foreign_expert"),
    ]  # fmt: skip
    people[0].given_name = "Hải"
    people[0].save()
    reindex_people([people[0].pk])
    people[2].delete()
    incremental = snapshot()
    assert rebuild_index() == 2
    assert snapshot() == incremental


def test_reindex_of_a_missing_person_removes_it(make_person):
    person = make_person(UNIT_A, "Dương", "Văn", "Khánh")
    # Gone behind the ORM's back (no signal): its history first, then the row itself.
    ProfileVersion.objects.filter(person=person)._raw_delete(Person.objects.db)
    Person.objects.filter(pk=person.pk)._raw_delete(Person.objects.db)
    assert PersonIndex.objects.filter(person_id=person.pk).exists()
    reindex_people([person.pk])
    assert not PersonIndex.objects.exists()
    assert not UnitFacetCount.objects.exists()
    assert list(SearchTerm.objects.values_list("term", flat=True)) == []


def test_bulk_load_hook_rebuilds(make_person, coordinator):
    make_person(UNIT_A, "Huỳnh", "Văn", "Lộc", index=False)
    assert search_people(coordinator, "loc").total == 0
    services.run_after_bulk_load()
    assert search_people(coordinator, "loc").total == 1


def test_rebuild_command(make_person, coordinator):
    make_person(UNIT_A, "Kiều", "Văn", "Vinh", index=False)
    out = io.StringIO()
    call_command("search_rebuild", stdout=out)
    with translation.override("vi"):
        assert out.getvalue().strip() == gettext("Search index rebuilt: %(count)d people.") % {
            "count": 1
        }
    assert search_people(coordinator, "kieu vinh").total == 1
