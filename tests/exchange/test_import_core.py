"""The importer: counts, idempotence, versioned updates, all or nothing, duplicates,
scoping and the natural-key fallback, on real CSV and XLSX files."""

import csv

import pytest

from hientai.exchange.errors import ImportFileError
from hientai.exchange.models import ImportBatch, ImportedPerson
from hientai.registry import models as m
from hientai.registry.records import CSV_COLUMNS
from tests.exchange.import_support import (
    UNIT_A,
    UNIT_B,
    do_import,
    people,
    registry_counts,
    write_csv,
    write_rows_csv,
    write_xlsx,
)

pytestmark = pytest.mark.django_db


def _counts(result) -> tuple[int, int, int, int]:
    return (result.created, result.updated, result.unchanged, result.rejected)


def _read_rows(path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def test_first_import_creates_then_second_changes_nothing(tmp_path, officer_a):
    records = people(300)
    path = write_csv(tmp_path / "p.csv", records)
    first = do_import(path, officer_a)
    assert first.committed, first.findings[:5]
    assert _counts(first) == (300, 0, 0, 0) and first.rows == 300
    assert m.Person.objects.count() == 300
    assert m.Qualification.objects.count() == sum(1 for r in records if r.qualifications)
    batch = ImportBatch.objects.get()
    assert (batch.created, batch.rows, batch.user) == (300, 300, officer_a)
    assert ImportedPerson.objects.filter(batch=batch, action="created").count() == 300

    before = registry_counts()
    second = do_import(path, officer_a)
    assert second.committed
    assert _counts(second) == (0, 0, 300, 0)
    assert registry_counts() == before
    assert not m.ProfileVersion.objects.exists()


def test_xlsx_import_twice_changes_nothing_the_second_time(tmp_path, officer_a):
    records = people(200, seed=8)
    path = write_xlsx(tmp_path / "p.xlsx", records)
    first = do_import(path, officer_a)
    assert first.committed and _counts(first) == (200, 0, 0, 0), first.findings[:5]
    second = do_import(path, officer_a)
    assert _counts(second) == (0, 0, 200, 0), second.findings[:5]
    # The same people as CSV: the two formats agree on every value.
    third = do_import(write_csv(tmp_path / "p.csv", records), officer_a)
    assert _counts(third) == (0, 0, 200, 0), third.findings[:5]


def test_changed_rows_are_updated_through_versioned_saves(tmp_path, officer_a):
    records = people(120, seed=9)
    do_import(write_csv(tmp_path / "p.csv", records), officer_a)
    header, rows = _read_rows(tmp_path / "p.csv")
    email, family = header.index("email"), header.index("family_name")
    categories, degree = header.index("categories"), header.index("highest_degree")
    rows[0][email] = "moi.email@dongnai.gov.vn"
    rows[1][family] = "Trịnh"
    rows[2][categories] = "expert;scientist"
    rows[3][degree], rows[3][header.index("highest_level")] = "tien_si", "VQF8"
    write_rows_csv(tmp_path / "changed.csv", header, rows)

    result = do_import(tmp_path / "changed.csv", officer_a)
    assert result.committed and _counts(result) == (0, 4, 116, 0), result.findings[:5]
    source = header.index("source")
    first = m.Person.objects.get(source=rows[0][source])
    assert first.email == "moi.email@dongnai.gov.vn"
    version = m.ProfileVersion.objects.get(person=first)
    assert version.changed_fields() == ["email"] and version.user == officer_a
    assert "changed.csv" in version.reason
    second = m.Person.objects.get(source=rows[1][source])
    assert second.family_name == "Trịnh" and second.full_name.startswith("Trịnh ")
    third = m.Person.objects.get(source=rows[2][source])
    assert sorted(third.categories.values_list("code", flat=True)) == ["expert", "scientist"]
    fourth = m.Person.objects.get(source=rows[3][source])
    assert fourth.qualifications.filter(degree__code="tien_si", level__code="VQF8").exists()
    assert m.ProfileVersion.objects.filter(person=fourth, entity="qualification").count() == 1
    assert ImportedPerson.objects.filter(action="updated").count() == 4
    # Applying the same file again: nothing more to change.
    again = do_import(tmp_path / "changed.csv", officer_a)
    assert _counts(again) == (0, 0, 120, 0)


def test_dry_run_writes_nothing(tmp_path, officer_a):
    path = write_csv(tmp_path / "p.csv", people(150))
    before = registry_counts()
    result = do_import(path, officer_a, dry_run=True)
    assert result.dry_run and not result.committed
    assert _counts(result) == (150, 0, 0, 0)
    assert registry_counts() == before and not ImportBatch.objects.exists()


def test_one_bad_row_writes_nothing(tmp_path, officer_a):
    records = people(200, seed=12)
    do_import(write_csv(tmp_path / "base.csv", records[:100]), officer_a)
    header, rows = _read_rows(write_csv(tmp_path / "all.csv", records))
    rows[0][header.index("email")] = "changed@dongnai.gov.vn"  # an update
    rows[150][header.index("unit_code")] = UNIT_B  # out of the officer's reach
    write_rows_csv(tmp_path / "bad.csv", header, rows)
    before = registry_counts()
    batches = ImportBatch.objects.count()

    result = do_import(tmp_path / "bad.csv", officer_a)
    assert not result.committed and result.rejected == 1
    assert (result.created, result.updated) == (99, 1), "what the other rows would do"
    assert registry_counts() == before, "nothing written: people, parts, versions"
    assert ImportBatch.objects.count() == batches
    error = next(f for f in result.findings if f.level == "error")
    assert error.row == 152 and error.field == "unit_code" and UNIT_B in error.message


def test_rows_repeating_each_other_are_flagged_on_the_later_row(tmp_path, officer_a):
    records = people(40, seed=13)
    header, rows = _read_rows(write_csv(tmp_path / "p.csv", records))
    pid = header.index("personal_id")
    first, second = [i for i, r in enumerate(rows) if r[pid]][:2]
    rows.append(list(rows[first]))  # row 42: the same personal ID as an earlier row
    without = list(rows[second])
    without[pid] = ""
    rows.append(without)  # row 43: no ID, same name/birth/unit as a row WITH an ID: allowed
    rows.append(list(without))  # row 44: no ID, the same natural key as row 43
    write_rows_csv(tmp_path / "dup.csv", header, rows)

    result = do_import(tmp_path / "dup.csv", officer_a)
    assert not result.committed and m.Person.objects.count() == 0
    errors = [f for f in result.findings if f.level == "error"]
    assert [f.row for f in errors] == [42, 44], errors
    assert errors[0].field == "personal_id" and str(first + 2) in errors[0].message
    assert errors[1].field == "full_name" and "43" in errors[1].message
    assert result.rejected == 2 and result.created == 41


def test_officer_cannot_import_into_another_unit(tmp_path, officer_a, officer_b):
    records = people(10, seed=14, units=[UNIT_B])
    path = write_csv(tmp_path / "b.csv", records)
    result = do_import(path, officer_a)
    assert not result.committed and result.rejected == 10
    assert not m.Person.objects.exists()
    assert do_import(path, officer_b).committed
    # Officer A may not change B's profiles either, even when the file moves them to A.
    header, rows = _read_rows(path)
    for row in rows:
        row[header.index("unit_code")] = UNIT_A
    write_rows_csv(tmp_path / "moved.csv", header, rows)
    moved = do_import(tmp_path / "moved.csv", officer_a)
    assert not moved.committed and moved.rejected == 10
    # No oracle: the message names neither the owning unit nor anything of the profile.
    message = next(f.message for f in moved.findings if f.level == "error")
    owner = m.Person.objects.filter(unit__code=UNIT_B).first()
    assert "26041" not in message and owner.unit.name_vi not in message
    assert owner.full_name not in message
    assert not m.Person.objects.filter(unit__code=UNIT_A).exists()
    with pytest.raises(ImportFileError):
        do_import(path, officer_a, unit_code=UNIT_B)


def test_leader_may_not_import(tmp_path, leader):
    with pytest.raises(ImportFileError):
        do_import(write_csv(tmp_path / "p.csv", people(3)), leader)


def test_natural_key_fallback_without_personal_id(tmp_path, officer_a):
    records = people(60, seed=15)
    for record in records:
        record.personal_id = ""
    path = write_csv(tmp_path / "noid.csv", records)
    assert _counts(do_import(path, officer_a)) == (60, 0, 0, 0)
    assert _counts(do_import(path, officer_a)) == (0, 0, 60, 0)
    # Now the file brings the IDs: the profiles get them (no new profile).
    with_ids = people(60, seed=15)
    result = do_import(write_csv(tmp_path / "ids.csv", with_ids), officer_a)
    expected = sum(1 for r in with_ids if r.personal_id)
    assert _counts(result) == (0, expected, 60 - expected, 0)
    assert m.Person.objects.count() == 60
    assert m.Person.objects.exclude(personal_id="").count() == expected


def test_system_import_without_user_reaches_every_unit(tmp_path):
    records = people(20, seed=16, units=[UNIT_A, UNIT_B])
    result = do_import(write_csv(tmp_path / "p.csv", records), None)
    assert result.committed and result.created == 20
    assert ImportBatch.objects.get().user is None


def test_file_without_some_columns_compares_only_those_given(tmp_path, officer_a):
    records = people(30, seed=17)
    do_import(write_csv(tmp_path / "full.csv", records), officer_a)
    columns = [c for c in CSV_COLUMNS if c not in {"email", "phone", "categories"}]
    for record in records:
        record.email, record.phone, record.categories = "", "", []
    result = do_import(write_csv(tmp_path / "some.csv", records, columns=columns), officer_a)
    assert _counts(result) == (0, 0, 30, 0), result.findings[:3]
    assert m.Person.objects.exclude(email="").exists()


def test_a_formula_in_an_xlsx_rejects_the_file(tmp_path, officer_a):
    """Formulas are bad input: the officer is told which cell, and nothing is written."""
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path / "p.xlsx", people(30, seed=21))
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    column = header.index("address") + 1
    sheet.cell(row=5, column=column, value='=CONCATENATE("Phường ","Đồng Xoài")')
    book.save(path)
    before = registry_counts()
    result = do_import(path, officer_a)
    assert not result.committed and result.rejected == 1
    assert registry_counts() == before
    (error,) = [f for f in result.findings if f.level == "error"]
    assert (error.row, error.column) == (5, column - 1)
    assert error.message.startswith("Ô chứa công thức")
