"""Export (XLSX / CSV / interop JSON), its round trips, formula injection, privacy masking,
and the template."""

import csv
import dataclasses
import datetime
import io
import json

import pytest
from django.utils import translation
from openpyxl import load_workbook

from hientai.demo import generator
from hientai.exchange import fields as F
from hientai.exchange.export import escape_csv_cell, export_people
from hientai.exchange.interop import interop_to_record, person_to_interop, record_to_interop
from hientai.exchange.parsing import read_people
from hientai.exchange.template import build_template
from hientai.registry import records as g
from hientai.registry.bulk import load_people
from hientai.registry.models import Person, SensitiveAccess
from hientai.registry.values import is_masked, label_key

TODAY = datetime.date(2026, 11, 20)
COUNT_COLUMNS = {
    "qualification_count", "employment_count", "publication_count", "patent_count",
    "project_count", "award_count", "training_count", "trainings_this_year", "assessment_count",
}  # fmt: skip


def _records(n=80, seed=7):
    return list(generator.generate_people(n, seed=seed, today=TODAY))


def _as_dict(record):
    return dataclasses.asdict(record)


def test_every_header_label_maps_back_to_its_own_key():
    index = F.header_index(F.PEOPLE_COLUMNS)
    for column in F.PEOPLE_COLUMNS:
        assert index[label_key(column.label_vi)] == column.key, column
        assert index[label_key(column.key)] == column.key
    for sheet in F.PART_SHEETS:
        index = F.header_index(sheet.columns)
        for column in sheet.columns:
            assert index[label_key(column.label_vi)] == column.key, (sheet.key, column)
        assert F.sheet_kind(sheet.name_vi) == sheet.key
    assert F.sheet_kind("Nhân sự") == "people"


def test_record_to_json_to_record_is_lossless():
    for record in _records(300, seed=11):
        data = json.loads(json.dumps(record_to_interop(record)))
        assert _as_dict(interop_to_record(data)) == _as_dict(record)


def test_interop_document_holds_every_part():
    record = next(r for r in _records(300, seed=11) if r.publications and r.trainings)
    data = record_to_interop(record)
    for key in ("qualifications", "academic_titles", "languages", "employments", "publications",
                "patents", "projects", "awards", "trainings", "assessments"):  # fmt: skip
        assert key in data
    assert data["publications"] and data["status"]["code"] == record.status


def _load(records):
    load_people(records)
    return Person.objects.all()


def _strip_masks(record):
    return record


@pytest.mark.django_db
def test_json_export_then_import_gives_every_field_back(tmp_path):
    records = _records()
    people = _load(records)
    out = tmp_path / "people.json"
    assert export_people(people, "json", out, user=None) == len(records)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["schema"] == "hientai-interop-person"
    with read_people(out) as parsed:
        rows = list(parsed.rows())
    assert len(rows) == len(records)
    by_source = {r.record.source: r.record for r in rows}
    for record in records:
        assert _as_dict(by_source[record.source]) == _as_dict(record)


@pytest.mark.django_db
def test_person_to_interop_carries_labels():
    records = _records(5)
    people = _load(records)
    person = people.get(source=records[0].source)
    data = person_to_interop(person)
    assert data["nationality"]["code"] == records[0].nationality
    assert data["nationality"]["label"]
    assert _as_dict(interop_to_record(data)) == _as_dict(records[0])


@pytest.mark.django_db
def test_xlsx_export_then_import_gives_every_field_and_part_back(tmp_path):
    records = _records()
    people = _load(records)
    out = tmp_path / "people.xlsx"
    export_people(people, "xlsx", out, user=None)
    workbook = load_workbook(out, read_only=True)
    assert workbook.sheetnames[:4] == ["Nhân sự", "Bằng cấp", "Học hàm", "Ngoại ngữ"]
    header = next(workbook["Nhân sự"].iter_rows(max_row=1, values_only=True))
    assert header[:3] == ("Mã dòng", "Đơn vị quản lý", "Họ")
    workbook.close()
    with read_people(out) as parsed:
        assert parsed.header_findings == []
        rows = list(parsed.rows())
    assert not [f for r in rows for f in r.findings if f.level == "error"]
    by_source = {r.record.source: r.record for r in rows}
    for record in records:
        assert _as_dict(by_source[record.source]) == _as_dict(record)


@pytest.mark.django_db
def test_csv_export_is_utf8_with_bom_and_reimports_the_flat_values(tmp_path):
    records = _records()
    people = _load(records)
    out = tmp_path / "people.csv"
    export_people(people, "csv", out, user=None)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with read_people(out) as parsed:
        assert parsed.encoding == "utf-8-sig"
        rows = list(parsed.rows())
    keys = [k for k in g.CSV_COLUMNS if k not in COUNT_COLUMNS]
    positions = [g.CSV_COLUMNS.index(k) for k in keys]
    by_source = {r.record.source: r.record for r in rows}
    for record in records:
        expected = g.csv_row(record, TODAY.year)
        got = g.csv_row(by_source[record.source], TODAY.year)
        assert [got[i] for i in positions] == [expected[i] for i in positions]


@pytest.mark.django_db
def test_exports_are_safe_against_formula_injection(tmp_path):
    record = _records(1)[0]
    record.family_name = '=HYPERLINK("http://evil.example","bấm")'
    record.phone = "+84912345678"
    record.address = "@SUM(1+1)"
    record.personal_id = "075190012345"
    people = _load([record])
    csv_out = tmp_path / "p.csv"
    export_people(people, "csv", csv_out, user=None)
    rows = list(csv.reader(io.StringIO(csv_out.read_text(encoding="utf-8-sig"))))
    columns = ["row_key", *g.CSV_COLUMNS]
    row = dict(zip(columns, rows[1], strict=True))
    assert row["family_name"] == "'" + record.family_name
    assert row["full_name"].startswith("'=HYPERLINK")
    assert row["phone"] == "'+84912345678"  # Excel shows +84912345678 as text
    assert row["address"] == "'@SUM(1+1)"
    assert row["personal_id"] == "075190012345"
    xlsx_out = tmp_path / "p.xlsx"
    export_people(people, "xlsx", xlsx_out, user=None)
    sheet = load_workbook(xlsx_out)["Nhân sự"]
    header = [c.value for c in sheet[1]]
    family = sheet.cell(row=2, column=header.index("Họ") + 1)
    phone = sheet.cell(row=2, column=header.index("Điện thoại") + 1)
    assert family.data_type == "s" and family.value == record.family_name
    assert phone.data_type == "s" and phone.value == "+84912345678"
    # both re-import to the real values
    for out in (csv_out, xlsx_out):
        with read_people(out) as parsed:
            back = next(parsed.rows()).record
        assert back.family_name == record.family_name
        assert back.phone == "+84912345678" and back.address == "@SUM(1+1)"


def test_escape_csv_cell():
    assert escape_csv_cell("=1+1") == "'=1+1"
    assert escape_csv_cell("-5") == "'-5"
    assert escape_csv_cell("\tx") == "'\tx"
    assert escape_csv_cell("Nguyễn") == "Nguyễn"
    assert escape_csv_cell("") == ""


@pytest.mark.django_db
def test_export_masks_what_the_user_may_not_see_and_reimport_keeps_the_masks(
    tmp_path, officer_a, officer_b
):
    records = [r for r in _records(200) if r.personal_id][:3]
    for record in records:
        record.unit_code = "25210"
    people = _load(records)
    out = tmp_path / "masked.csv"
    export_people(people, "csv", out, user=officer_b)
    text = out.read_text(encoding="utf-8-sig")
    assert records[0].personal_id not in text
    assert SensitiveAccess.objects.count() == 0
    with read_people(out) as parsed:
        rows = list(parsed.rows())
        masked = parsed.masked_columns
    assert "personal_id" in masked
    assert all(is_masked(r.record.personal_id) for r in rows)
    assert not any(r.has_errors for r in rows)
    # the officer of the unit sees (and is logged seeing) the real values
    export_people(people, "json", tmp_path / "open.json", user=officer_a)
    assert records[0].personal_id in (tmp_path / "open.json").read_text(encoding="utf-8")
    assert SensitiveAccess.objects.filter(user=officer_a, channel="export").count() == 3
    document = json.loads((tmp_path / "open.json").read_text(encoding="utf-8"))
    assert "masked" not in document["people"][0]


@pytest.mark.django_db
def test_template_has_headers_lists_and_instructions(tmp_path):
    out = tmp_path / "template.xlsx"
    build_template(out)
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["Nhân sự", "Danh mục", "Hướng dẫn"]
    assert workbook["Danh mục"].sheet_state == "hidden"
    sheet = workbook["Nhân sự"]
    headers = [c.value for c in sheet[1]]
    assert headers[:2] == ["Đơn vị quản lý", "Họ và tên"]
    validations = sheet.data_validations.dataValidation
    assert len(validations) >= 8
    lists = workbook["Danh mục"]
    list_headers = [c.value for c in lists[1]]
    assert "Dân tộc" in list_headers and "Văn bằng cao nhất" in list_headers
    degree = list_headers.index("Văn bằng cao nhất") + 1
    values = [lists.cell(row=r, column=degree).value for r in range(2, 40)]
    assert "Thạc sĩ" in values
    # a filled template imports: labels from the drop-downs map back to codes
    sheet.cell(row=2, column=1, value="25210")
    sheet.cell(row=2, column=2, value="Lê Thị Hoa")
    sheet.cell(row=2, column=headers.index("Văn bằng cao nhất") + 1, value="Thạc sĩ")
    sheet.cell(row=2, column=headers.index("Dân tộc") + 1, value="Kinh")
    workbook.save(out)
    with translation.override("en"), read_people(out) as parsed:
        assert parsed.header_findings == []
        row = next(parsed.rows())
    assert row.record.qualifications[0].degree == "thac_si"
    assert row.record.ethnic_group == "01"
