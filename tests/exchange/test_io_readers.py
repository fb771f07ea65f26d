"""Readers: CSV dialects, XLSX / XLS / ODS made in the test, header mapping, and every bad
file refused whole with a clear message before any row."""

import datetime
import zipfile

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from hientai.exchange import readers
from hientai.exchange.errors import ImportFileError
from hientai.exchange.parsing import read_people
from hientai.exchange.rows import ERROR, WARNING

pytestmark = pytest.mark.django_db

HEADER = ["Họ và tên", "Ngày sinh", "Giới tính", "Đơn vị quản lý", "Số định danh cá nhân",
          "Điện thoại", "Văn bằng cao nhất"]  # fmt: skip
ROW_1 = ["Nguyễn Thị Hồng Nhung", "05/09/1985", "Nữ", "25210", "075185000123", "0912345678",
         "Thạc sĩ"]  # fmt: skip
ROW_2 = ["Ưng Hoàng Phúc", "1990-01-02", "Nam", "26041", "", "", "tien_si"]


def _xlsx(path, rows, title="Nhân sự"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _read(path, **options):
    with read_people(path, **options) as people:
        return people, list(people.rows())


def _refused(path, **options) -> str:
    with translation.override("en"), pytest.raises(ImportFileError) as error:
        read_people(path, **options)
    return str(error.value)


# --------------------------------------------------------------------------- formats


def _check_two_people(rows):
    assert [r.record.full_name for r in rows] == ["Nguyễn Thị Hồng Nhung", "Ưng Hoàng Phúc"]
    first, second = rows[0].record, rows[1].record
    assert (first.family_name, first.middle_name, first.given_name) == (
        "Nguyễn",
        "Thị Hồng",
        "Nhung",
    )
    assert first.birth_date == datetime.date(1985, 9, 5) and first.birth_year == 1985
    assert first.gender == "female" and second.gender == "male"
    assert first.unit_code == "25210" and second.unit_code == "26041"
    assert first.personal_id == "075185000123" and first.phone == "0912345678"
    assert first.qualifications[0].degree == "thac_si"
    assert second.qualifications[0].degree == "tien_si"
    assert not any(r.has_errors for r in rows)


def test_xlsx(tmp_path):
    people, rows = _read(_xlsx(tmp_path / "list.xlsx", [HEADER, ROW_1, ROW_2]))
    assert people.format == "xlsx" and people.total_rows == 2
    _check_two_people(rows)


def test_xls_written_with_xlwt(tmp_path):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Nhân sự")
    for r, row in enumerate([HEADER, ROW_1, ROW_2]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    path = tmp_path / "list.xls"
    book.save(str(path))
    people, rows = _read(path)
    assert people.format == "xls"
    _check_two_people(rows)


def test_ods_written_with_odfpy(tmp_path):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Nhân sự")
    for row in [HEADER, ROW_1, ROW_2]:
        table_row = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            table_row.addElement(cell)
        table.addElement(table_row)
    document.spreadsheet.addElement(table)
    path = tmp_path / "list.ods"
    document.save(str(path))
    people, rows = _read(path)
    assert people.format == "ods"
    _check_two_people(rows)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiters_are_sniffed(tmp_path, delimiter):
    import csv

    path = tmp_path / "list.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows([HEADER, ROW_1, ROW_2])
    _people, rows = _read(path)
    _check_two_people(rows)


def test_excel_numbers_for_ids_and_phones_get_their_zero_back(tmp_path):
    row = ["Lê Văn An", datetime.datetime(1980, 3, 4), "nam", 25210, 75180000123, 912345678,
           "Cử nhân"]  # fmt: skip
    _people, rows = _read(_xlsx(tmp_path / "n.xlsx", [HEADER, row]))
    record = rows[0].record
    assert record.personal_id == "075180000123" and record.phone == "0912345678"
    assert record.birth_date == datetime.date(1980, 3, 4) and record.unit_code == "25210"
    with translation.override("en"):
        _people, rows = _read(_xlsx(tmp_path / "n.xlsx", [HEADER, row]))
    warnings = {f.field: f.message for f in rows[0].findings if f.level == WARNING}
    assert warnings["personal_id"] == (
        "Restored the leading zero Excel had removed: '75180000123' -> '075180000123'"
    )
    assert "phone" in warnings


# --------------------------------------------------------------------------- headers


@pytest.mark.parametrize(
    "header",
    ["Họ và tên", "HO VA TEN", "Họ tên", "ho ten", "full_name", "Full name", "HỌ VÀ TÊN (*)"],
)
def test_header_variants_map_to_full_name(tmp_path, header):
    path = _xlsx(tmp_path / "h.xlsx", [[header, "Đơn vị"], ["Trần Văn Bình", "25210"]])
    people, rows = _read(path)
    assert people.columns == {"full_name": header, "unit_code": "Đơn vị"}
    assert rows[0].record.full_name == "Trần Văn Bình"


def test_extra_columns_are_reported_once_and_ignored(tmp_path):
    path = _xlsx(
        tmp_path / "x.xlsx",
        [["STT", "Họ và tên", "Đơn vị", "Sở thích"], [1, "Trần Văn Bình", "25210", "câu cá"],
         [2, "Lê Thị Hoa", "25210", "đọc sách"]],
    )  # fmt: skip
    with translation.override("en"):
        people, rows = _read(path)
    assert [f.message for f in people.header_findings] == [
        "Column 'Sở thích' is not a known field and was ignored"
    ]
    assert people.header_findings[0].column == 3 and people.header_findings[0].level == WARNING
    assert len(rows) == 2 and not any(r.findings for r in rows)


def test_missing_required_columns_refuse_the_file(tmp_path):
    path = _xlsx(tmp_path / "m.xlsx", [["Ngày sinh", "Giới tính"], ["01/01/1990", "Nam"]])
    assert _refused(path) == (
        "Required columns are missing: Họ và tên, Đơn vị quản lý. Add them (or choose the unit "
        "when importing) and retry."
    )
    # with a default unit only the name is missing
    assert "Họ và tên." in _refused(path, default_unit="25210")


def test_default_unit_fills_rows_without_one(tmp_path):
    path = _xlsx(tmp_path / "d.xlsx", [["Họ và tên", "Năm sinh"], ["Trần Văn Bình", 1970]])
    _people, rows = _read(path, default_unit="26041")
    assert rows[0].record.unit_code == "26041" and rows[0].record.birth_year == 1970


def test_a_title_row_above_the_header_is_skipped(tmp_path):
    path = _xlsx(tmp_path / "t.xlsx", [["DANH SÁCH CHUYÊN GIA"], [], HEADER, ROW_1, ROW_2])
    _people, rows = _read(path)
    _check_two_people(rows)
    assert rows[0].row == 4  # row numbers as Excel shows them


def test_a_title_row_merged_across_the_header_width_is_skipped(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH CHUYÊN GIA"])
    sheet.merge_cells("A1:G1")
    for row in (HEADER, ROW_1, ROW_2):
        sheet.append(row)
    path = tmp_path / "merged_title.xlsx"
    workbook.save(path)
    _people, rows = _read(path)
    _check_two_people(rows)


def test_a_two_row_header_with_field_names_below_is_resolved(tmp_path):
    top = ["Thông tin cá nhân", None, None, "Công tác"]
    below = ["Họ và tên", "Ngày sinh", "Giới tính", "Đơn vị quản lý"]
    path = _xlsx(tmp_path / "two.xlsx", [top, below, ["Lê Thị Hoa", "02/03/1991", "Nữ", "25210"]])
    people, rows = _read(path)
    assert people.columns["unit_code"] == "Đơn vị quản lý"
    assert rows[0].record.birth_date == datetime.date(1991, 3, 2)


def test_merged_header_rows_that_cannot_be_read_refuse_the_file(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Họ và tên", "Ngày sinh", None, None, "Đơn vị quản lý"])
    sheet.append([None, "Ngày", "Tháng", "Năm", None])
    sheet.append(["Lê Thị Hoa", 2, 3, 1991, "25210"])
    sheet.merge_cells("B1:D1")
    sheet.merge_cells("A1:A2")
    path = tmp_path / "merged.xlsx"
    workbook.save(path)
    assert _refused(path) == (
        "The header in sheet 'Sheet' spans two rows with merged cells and cannot be read. Keep a "
        "single header row with one column name per column (see the template)."
    )


def test_no_header_at_all(tmp_path):
    path = _xlsx(tmp_path / "n.xlsx", [["a", "b"], [1, 2]])
    assert _refused(path).startswith("No header row found in sheet 'Nhân sự'")


# --------------------------------------------------------------------------- bad files


def test_a_200_mb_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: costs no disk
    assert _refused(path) == "The file is too big (200 MB); the limit is 100 MB."


def test_the_size_limit_comes_from_settings(tmp_path, settings):
    settings.EXCHANGE_MAX_FILE_BYTES = 1024
    path = tmp_path / "small.csv"
    path.write_bytes(b"x" * 2048)
    assert _refused(path) == "The file is too big (0 MB); the limit is 0 MB."
    assert "too big" in _refused(path, max_bytes=100)


def test_an_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert _refused(path) == "The file is empty."


def test_a_pdf_renamed_xlsx(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Danh sach chuyen gia")
    path = tmp_path / "danh_sach.xlsx"
    pdf.output(str(path))
    assert _refused(path) == (
        "The file 'danh_sach.xlsx' is a PDF document, not a spreadsheet. Export the list from "
        "Excel as .xlsx or .csv and try again."
    )


def test_an_xls_that_is_really_text(tmp_path):
    path = tmp_path / "list.xls"
    path.write_text("Họ và tên,Đơn vị\n", encoding="utf-8")
    assert _refused(path) == (
        "The file 'list.xls' is not a real XLS spreadsheet (its content does not match the "
        "extension)."
    )


def test_a_truncated_xlsx(tmp_path):
    path = _xlsx(tmp_path / "whole.xlsx", [HEADER, ROW_1, ROW_2])
    data = path.read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    assert _refused(cut) == (
        "The file 'cut.xlsx' is damaged or incomplete (the spreadsheet cannot be opened). Save it "
        "again from Excel and retry."
    )


def test_a_corrupt_member_inside_a_valid_zip(tmp_path):
    path = tmp_path / "corrupt.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "not xml at all <<<")
    assert "is damaged or incomplete" in _refused(path)


def test_a_zip_bomb_is_refused_before_calamine_opens_it(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
    assert path.stat().st_size < 100_000
    message = _refused(path)
    assert message.startswith("The file 'bomb.xlsx' unpacks to a suspicious size (30 MB from ")
    assert message.endswith("refused as a possible zip bomb.")


def test_an_empty_sheet(tmp_path):
    path = _xlsx(tmp_path / "empty.xlsx", [])
    assert _refused(path) == "Sheet 'Nhân sự' is empty: there is nothing to import."


def test_a_csv_with_only_blank_lines(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("\n\n , \n", encoding="utf-8")
    assert _refused(path) == "The file holds no rows: there is nothing to import."


def test_formulas_are_refused_and_never_evaluated(tmp_path):
    rows = [HEADER, ROW_1, ["=HYPERLINK(\"http://x\",\"Bấm\")", "01/01/1990", "Nam", "25210"],
            ["Trần Văn Bình", "=DATE(1990,1,1)", "Nam", "25210"]]  # fmt: skip
    path = _xlsx(tmp_path / "f.xlsx", rows)
    with translation.override("en"):
        _people, parsed = _read(path)
    formula_rows = [r for r in parsed if any("formula" in f.message for f in r.findings)]
    assert {r.row for r in formula_rows} == {3, 4}
    for row in formula_rows:
        finding = next(f for f in row.findings if "formula" in f.message)
        assert finding.level == ERROR and row.has_errors
        assert finding.message == (
            "The cell holds a formula: formulas are not accepted. Replace it with its value "
            "(Copy, then Paste Special → Values) and import again"
        )
    assert not parsed[0].has_errors  # the plain row is fine
    # the formula's text is never run: no value came out of =DATE(...)
    assert parsed[2].record.birth_date is None


def test_formula_text_in_a_csv_is_refused(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("Họ và tên,Đơn vị,Địa chỉ\nLê Thị Hoa,25210,=1+2\n", encoding="utf-8")
    with translation.override("vi"):
        _people, rows = _read(path)
    (finding,) = [f for f in rows[0].findings if f.field == "address"]
    assert finding.level == ERROR and rows[0].has_errors
    assert finding.message == (
        "Ô chứa công thức (=1+2): không nhận công thức. Hãy thay bằng giá trị của nó "
        "(Sao chép, rồi Dán đặc biệt → Giá trị) và nhập lại"
    )


def test_nothing_is_yielded_for_a_refused_file(tmp_path):
    # the guard runs in read_people itself: no PeopleFile, so no rows to iterate
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    with pytest.raises(ImportFileError):
        read_people(path)


# --------------------------------------------------------------------------- rows and errors


def test_row_errors_name_the_cell(tmp_path):
    path = _xlsx(
        tmp_path / "e.xlsx",
        [HEADER, ["Lê Thị Hoa", "31/02/1990", "X", "99999", "12345", "12", "Thạc sỹ"]],
    )
    with translation.override("en"):
        _people, rows = _read(path)
    errors = {f.field: (f.column, f.message) for f in rows[0].findings if f.level == ERROR}
    assert errors["birth_date"] == (1, "'31/02/1990' is not a valid date")
    assert errors["gender"] == (2, "'X' is not a gender (write Nam or Nữ)")
    assert errors["unit_code"] == (3, "Unknown unit '99999'")
    assert errors["personal_id"] == (4, "Personal ID '12345' must have 12 digits")
    assert errors["phone"] == (5, "'12' is not a phone number")
    warnings = {f.field: f.message for f in rows[0].findings if f.level == WARNING}
    assert warnings["highest_degree"] == "Understood 'Thạc sỹ' as 'Thạc sĩ' (thac_si)"
    assert rows[0].has_errors


def test_a_row_without_name_has_no_record(tmp_path):
    path = _xlsx(tmp_path / "e.xlsx", [HEADER, ["", "01/01/1990", "Nam", "25210"]])
    with translation.override("en"):
        _people, rows = _read(path)
    assert rows[0].record is None
    assert rows[0].findings[0].message == "The name is empty"


def test_a_former_unit_code_resolves_to_its_successor_with_a_warning(tmp_path):
    from hientai.orgs.models import Succession, Unit

    link = (
        Succession.objects.select_related("old_unit", "new_unit")
        .filter(old_unit__valid_to__isnull=False)
        .first()
    )
    if link is None:
        pytest.skip("no succession in the unit tree")
    successors = Succession.objects.filter(old_unit=link.old_unit).count()
    path = _xlsx(tmp_path / "u.xlsx", [["Họ và tên", "Đơn vị"], ["Lê Thị Hoa", link.old_unit.code]])
    with translation.override("en"):
        _people, rows = _read(path)
    if successors == 1:
        assert rows[0].record.unit_code == link.new_unit.code
        assert rows[0].findings[0].level == WARNING
        assert "no longer exists" in rows[0].findings[0].message
    else:
        assert rows[0].has_errors
    assert Unit.objects.filter(code=rows[0].findings[0].value).exists()


def test_units_by_name(tmp_path):
    from hientai.orgs.models import Unit

    unit = Unit.objects.get(code="26041")
    path = _xlsx(
        tmp_path / "u.xlsx", [["Họ và tên", "Đơn vị"], ["Lê Thị Hoa", unit.name_vi.upper()]]
    )
    _people, rows = _read(path)
    assert rows[0].record.unit_code == "26041"


# --------------------------------------------------------------------------- hypothesis

CELL = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff\u2028\u2029\x85"
    )
    | st.sampled_from(list(",;\"\t\n\r'")),
    max_size=30,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=6))
def test_property_any_cell_text_survives_csv_write_then_read(tmp_path, rows):
    import csv
    import unicodedata

    path = tmp_path / "cells.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["a", "b", "c"])
        writer.writerows(rows)
    source = readers.open_csv(path)
    got = list(source.rows())
    expected = [["a", "b", "c"], *[[unicodedata.normalize("NFC", c) for c in r] for r in rows]]
    assert got == expected
