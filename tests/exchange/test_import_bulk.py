"""A big import into a small registry: indexes deferred to a rebuild before commit, all or
nothing kept (real files, real database; the threshold lowered so a few hundred rows count
as big)."""

import csv

import pytest
from django.db import connection

from hientai.exchange import importer
from hientai.registry import models as m
from hientai.registry.bulk import load_people, sync_statements
from tests.exchange.import_support import do_import, people, registry_counts, write_csv

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="indexes are deferred on SQLite"),
]
FULL_NAME_INDEX = "registry_person_full_name_e18a1e1c"


def _indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name LIKE 'registry_%'"
        )
        return dict(cursor.fetchall())


@pytest.fixture
def small_thresholds(monkeypatch):
    monkeypatch.setattr(importer, "DEFER_INDEXES_FROM", 100)
    monkeypatch.setattr(importer, "WRITE_BATCH", 50)
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 50)


def _index_watch() -> tuple[list[bool], object]:
    """A progress callback that records, at each call during the pass, whether the person
    table's name index exists (waiting for the writer thread first, as the importer does)."""
    seen: list[bool] = []

    def progress(done: int, total: int | None, phase: str) -> None:
        sync_statements()
        seen.append(FULL_NAME_INDEX in _indexes())

    return seen, progress


def test_a_big_import_defers_the_indexes_and_rebuilds_them(tmp_path, officer_a, small_thresholds):
    before = _indexes()
    seen, progress = _index_watch()
    records = people(300)
    result = do_import(write_csv(tmp_path / "p.csv", records), officer_a, progress=progress)
    assert result.committed and result.created == 300, result.findings[:3]
    assert seen[0] is True and False in seen, "dropped once 100 people were created"
    assert _indexes() == before, "every index is back, identical"
    assert m.Person.objects.count() == 300
    # The rebuilt indexes serve queries: a lookup by personal ID and by full name.
    sample = next(r for r in records[120:] if r.personal_id)
    assert m.Person.objects.filter(personal_id=sample.personal_id).count() == 1
    assert m.Person.objects.filter(full_name=sample.full_name).exists()
    again = do_import(tmp_path / "p.csv", officer_a)
    assert (again.created, again.unchanged) == (0, 300)


def test_a_row_rejected_after_the_indexes_went_leaves_nothing(
    tmp_path, officer_a, small_thresholds
):
    before_indexes, before_rows = _indexes(), registry_counts()
    path = write_csv(tmp_path / "p.csv", people(300))
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[250][rows[0].index("birth_date")] = "31/02/1980"  # row 250, after the drop
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    seen, progress = _index_watch()
    result = do_import(path, officer_a, progress=progress)
    assert not result.committed and result.rejected == 1
    # The pass checks every row before the write step: a bad row anywhere means the
    # indexes were never touched (the write step is where they are dropped).
    assert seen and False not in seen, "nothing is written, or dropped, before the pass ends"
    assert registry_counts() == before_rows
    assert _indexes() == before_indexes


def test_an_import_smaller_than_the_registry_keeps_its_indexes(
    tmp_path, officer_a, small_thresholds
):
    load_people(people(400, seed=9))
    seen, progress = _index_watch()
    result = do_import(write_csv(tmp_path / "p.csv", people(200, seed=10)), officer_a,
                       progress=progress)  # fmt: skip
    assert result.committed and result.created == 200, result.findings[:3]
    assert seen and all(seen), "200 new people beside 400: the indexes stay"
