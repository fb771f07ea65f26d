"""`hientai import-people` / `export-people`: counts in Vietnamese, exit codes, reports."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import load_workbook

from hientai.exchange.errors import ImportFileError
from hientai.exchange.parsing import read_people
from hientai.exchange.report import ERROR_FILL, WARNING_FILL
from hientai.registry import models as m
from tests.exchange.import_support import (
    UNIT_B,
    people,
    registry_counts,
    write_csv,
    write_rows_csv,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_people", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_cli_prints_vietnamese_counts_and_is_idempotent(tmp_path, officer_a):
    path = write_csv(tmp_path / "p.csv", people(50))
    out, _err = _run(str(path), "--as", "officer_a")
    assert "tạo mới 50 / cập nhật 0 / không đổi 0 / bị từ chối 0" in out
    assert m.Person.objects.count() == 50
    out, _err = _run(str(path), "--as", "officer_a")
    assert "tạo mới 0 / cập nhật 0 / không đổi 50 / bị từ chối 0" in out


def test_cli_dry_run_writes_nothing(tmp_path):
    path = write_csv(tmp_path / "p.csv", people(20))
    out, _err = _run(str(path), "--dry-run")  # the system: no --as
    assert "tạo mới 20" in out and "không ghi" in out.lower()
    assert not m.Person.objects.exists()


def _bad_file(tmp_path):
    path = write_csv(tmp_path / "p.csv", people(30, seed=21))
    rows = path.read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    import csv

    parsed = list(csv.reader(rows))
    unit = header.index("unit_code")
    parsed[5][unit] = UNIT_B  # file row 6: another unit
    birth = header.index("birth_date")
    parsed[8][birth] = "31/02/1990"  # file row 9: no such day
    return write_rows_csv(tmp_path / "bad.csv", parsed[0], parsed[1:]), unit, birth


def test_cli_rejects_and_writes_nothing_with_a_report(tmp_path, officer_a):
    path, unit_column, birth_column = _bad_file(tmp_path)
    report, report_json = tmp_path / "r.xlsx", tmp_path / "r.json"
    before = registry_counts()
    with pytest.raises(CommandError) as raised:
        _run(str(path), "--as", "officer_a", "--report", str(report),
             "--report-json", str(report_json))  # fmt: skip
    assert "bị từ chối" in str(raised.value) or "từ chối" in str(raised.value)
    assert registry_counts() == before

    data = json.loads(report_json.read_text(encoding="utf-8"))
    assert data["rejected"] == 2 and data["committed"] is False
    rows = {f["row"] for f in data["findings"] if f["level"] == "error"}
    assert rows == {6, 9}

    book = load_workbook(report)
    assert {"Tổng hợp", "Lỗi và cảnh báo"} <= set(book.sheetnames)
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True)}
    assert summary["Bị từ chối"] == 2
    findings = list(book["Lỗi và cảnh báo"].iter_rows(values_only=True))
    assert findings[0][:3] == ("Dòng", "Trang tính", "Cột")
    source = book[book.sheetnames[2]]
    # Column 1 holds the source row number, so source column c is report column c + 2.
    unit_cell = source.cell(row=6, column=unit_column + 2)
    assert source.cell(row=6, column=1).value == 6 and unit_cell.value == UNIT_B
    assert unit_cell.fill.start_color.rgb.endswith(ERROR_FILL.start_color.rgb[-6:])
    assert "26041" in unit_cell.comment.text
    birth_cell = source.cell(row=9, column=birth_column + 2)
    assert birth_cell.value == "31/02/1990" and birth_cell.comment is not None
    assert birth_cell.fill.start_color.rgb.endswith(ERROR_FILL.start_color.rgb[-6:])
    clean = source.cell(row=3, column=unit_column + 2)
    assert clean.comment is None and clean.fill.fill_type is None


def test_report_marks_warnings_yellow(tmp_path, officer_a):
    from hientai.exchange.importer import import_people
    from hientai.exchange.report import write_report_xlsx

    path = write_csv(tmp_path / "p.csv", people(5, seed=22))
    text = path.read_text(encoding="utf-8").splitlines()
    text[0] = text[0] + ",ghi_chu_them"  # an unknown column: a warning on the header
    text[1:] = [line + ",x" for line in text[1:]]
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    result = import_people(path, user=officer_a, dry_run=True)
    warning = next(f for f in result.findings if f.level == "warning")
    out = tmp_path / "r.xlsx"
    write_report_xlsx(result, path, out)
    sheet = load_workbook(out)[load_workbook(out).sheetnames[2]]
    row = warning.row or 1
    cell = sheet.cell(row=row, column=(warning.column + 2) if warning.column is not None else 1)
    assert cell.fill.start_color.rgb.endswith(WARNING_FILL.start_color.rgb[-6:])
    assert cell.comment is not None and warning.message in cell.comment.text


def test_cli_file_errors_are_vietnamese(tmp_path, officer_b):
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"%PDF-1.4 not a workbook")
    with pytest.raises(CommandError) as raised:
        _run(str(fake))
    # The reader's own message, translated (the reader's tests check its wording).
    with translation.override("vi"), pytest.raises(ImportFileError) as direct:
        read_people(fake)
    assert str(raised.value) == str(direct.value) and "fake.xlsx" in str(raised.value)
    with pytest.raises(CommandError, match="25210"):
        _run(str(write_csv(tmp_path / "p.csv", people(2))), "--as", "officer_b", "--unit",
             "25210")  # fmt: skip


def test_cli_unknown_user_and_missing_file(tmp_path, officer_b):
    with pytest.raises(CommandError):
        _run(str(tmp_path / "nothing.csv"))
    with pytest.raises(CommandError):
        _run(str(write_csv(tmp_path / "p.csv", people(2))), "--as", "nobody")


def test_cli_max_size(tmp_path):
    path = write_csv(tmp_path / "p.csv", people(200))
    with pytest.raises(CommandError):
        _run(str(path), "--max-size", "0.01")
    assert not m.Person.objects.exists()


def test_export_people_command_writes_each_format(tmp_path, officer_a):
    _run(str(write_csv(tmp_path / "p.csv", people(12))), "--as", "officer_a")
    for fmt in ("csv", "xlsx", "json"):
        out = tmp_path / f"out.{fmt}"
        buffer = io.StringIO()
        call_command("export_people", str(out), "--format", fmt, "--as", "officer_a",
                     stdout=buffer)  # fmt: skip
        assert out.stat().st_size > 0 and "12" in buffer.getvalue()
    with pytest.raises(CommandError):
        call_command("export_people", str(tmp_path / "x.pdf"), "--format", "pdf")
