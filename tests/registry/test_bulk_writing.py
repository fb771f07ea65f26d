"""How bulk loads write: ids drawn before the INSERT, statements on a writer thread, and the
randomly-updated indexes deferred to a rebuild. Real database, real threads."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from hientai.catalogs.models import Code
from hientai.demo.generator import generate_people
from hientai.registry import models as m
from hientai.registry.bulk import (
    DeferredIndexes,
    _execute,
    background_statements,
    load_people,
    sync_statements,
)

TODAY = datetime.date(2026, 11, 20)
CATEGORY_TABLE = m.Person.categories.through._meta.db_table

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's write path (PostgreSQL loads with COPY)"
)


def _indexes() -> dict[str, str]:
    """name -> CREATE statement of every index on the registry's tables (SQLite)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name LIKE 'registry_%'"
        )
        return dict(cursor.fetchall())


def _people(n: int, seed: int = 3) -> list:
    return list(generate_people(n, seed=seed, today=TODAY))


def test_people_ids_continue_after_the_largest_ever_given():
    load_people(_people(3))
    first = sorted(m.Person.objects.values_list("pk", flat=True))
    assert first == list(range(first[0], first[0] + 3))
    m.Person.objects.filter(pk=first[-1]).delete()
    load_people(_people(2, seed=4))
    later = sorted(m.Person.objects.values_list("pk", flat=True))[2:]
    # A deleted person's id is never given again (AUTOINCREMENT / sequence semantics).
    assert later == [first[-1] + 1, first[-1] + 2]
    # The ORM keeps counting after the bulk load's ids.
    person = m.Person.objects.get(pk=later[0])
    person.pk = None
    person.personal_id = ""
    person.save()
    assert person.pk > later[-1]


@sqlite_only
def test_deferred_indexes_are_rebuilt_identical():
    before = _indexes()
    indexes = DeferredIndexes()
    with transaction.atomic():
        dropped = indexes.drop()
        during = _indexes()
        assert dropped == len(before) - len(during) > 0
        # The person table's random keys go; each part's person_id index stays.
        assert "registry_person_full_name_e18a1e1c" not in during
        assert "unique_personal_id" not in during
        assert "registry_qualification_person_id_75272a68" in during
        assert "registry_qualification_degree_id_e516972d" not in during
        assert indexes.drop() == 0, "dropping twice does nothing"
        indexes.restore()
    assert _indexes() == before


@sqlite_only
def test_a_rolled_back_load_keeps_every_index():
    before = _indexes()
    with pytest.raises(RuntimeError), transaction.atomic():
        DeferredIndexes().drop()
        load_people(_people(5))
        raise RuntimeError("the import failed")
    assert _indexes() == before
    assert not m.Person.objects.exists()


@sqlite_only
def test_the_rebuilt_unique_index_refuses_a_repeated_personal_id():
    twins = _people(2)
    twins[1].personal_id = twins[0].personal_id = "079123456789"
    indexes = DeferredIndexes()
    with pytest.raises(IntegrityError), transaction.atomic():
        indexes.drop()
        load_people(twins)  # no unique index now: both rows go in
        indexes.restore()  # ...and the rebuild refuses them
    assert not m.Person.objects.exists()


def test_postgresql_keeps_its_indexes():
    if connection.vendor == "sqlite":
        pytest.skip("PostgreSQL's side of DeferredIndexes")
    indexes = DeferredIndexes()
    assert indexes.drop() == 0
    indexes.restore()  # nothing to rebuild: no SQLite statement reaches PostgreSQL


def _category_ids(n: int) -> list[int]:
    return list(Code.objects.filter(scheme__key="person_category").values_list("pk", flat=True)[:n])


@sqlite_only
def test_statements_run_on_the_writer_thread_in_order():
    load_people(_people(1))
    person = m.Person.objects.get()
    person.categories.clear()
    codes = _category_ids(3)
    sql = f'INSERT INTO "{CATEGORY_TABLE}" ("person_id", "code_id") VALUES (%s, %s)'
    with transaction.atomic(), background_statements() as pipe, connection.cursor() as cursor:
        assert pipe is not None and pipe.thread.is_alive()
        for code in codes:
            _execute(cursor, sql, [person.pk, code])
        sync_statements()
        with connection.cursor() as reader:
            reader.execute(f'SELECT code_id FROM "{CATEGORY_TABLE}" ORDER BY id')
            assert [row[0] for row in reader.fetchall()] == codes
    assert not pipe.thread.is_alive(), "leaving the block stops the writer"


@sqlite_only
def test_an_error_on_the_writer_thread_reaches_the_caller_and_skips_the_rest():
    load_people(_people(1))
    person = m.Person.objects.get()
    person.categories.clear()
    first, second = _category_ids(2)
    sql = f'INSERT INTO "{CATEGORY_TABLE}" ("person_id", "code_id") VALUES (%s, %s)'
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        background_statements(),
        connection.cursor() as cursor,
    ):
        _execute(cursor, sql, [person.pk, first])
        _execute(cursor, sql, [person.pk, first])  # the (person, code) pair repeats
        _execute(cursor, sql, [person.pk, second])
        sync_statements()
    assert not person.categories.exists()
    # A failed statement does not outlive its block: the next one runs normally.
    with transaction.atomic(), background_statements(), connection.cursor() as cursor:
        _execute(cursor, sql, [person.pk, second])
    assert list(person.categories.values_list("pk", flat=True)) == [second]


def test_observed_queries_run_inline():
    with CaptureQueriesContext(connection), background_statements() as pipe:
        assert pipe is None
    if connection.vendor != "sqlite":
        with background_statements() as pipe:
            assert pipe is None
