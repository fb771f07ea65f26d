"""`hientai dedup-file`: any file the importer reads, record_id,cluster_id for every row."""

import csv

from django.core.management import call_command

from hientai.exchange.encodings import encode_legacy

ROWS = [
    ["HS1", "Nguyễn Văn Hùng", "07/03/1985", "Nam", "079085001234", "0912345678"],
    ["HS2", "Hung Nguyen Van", "1985", "Nam", "79085001234", "+84 912 345 678"],
    ["HS3", "Trần Thị Lan", "02/09/1990", "Nữ", "", "0987654321"],
    ["HS4", "Huỳnh Thị Mai", "1992-05-04", "Nữ", "", "0977000111"],
    ["HS5", "Hoàng Thị Mai", "04/05/1992", "Nữ", "", "84977000111"],
    ["HS6", "Lê Văn Tài", "01/01/1970", "Nam", "048070111222", ""],
    ["HS7", "Lê Văn Tài", "03/11/1971", "Nam", "048071333444", ""],
    ["HS8", "Phạm Minh Châu", "12/12/1980", "Nữ", "", ""],
]
HEADER = ["Mã hồ sơ", "Họ tên", "Ngày tháng năm sinh", "Giới", "Số CMND/CCCD", "SĐT"]


def _clusters(path) -> dict[str, str]:
    with open(path, encoding="utf-8") as handle:
        return {row["record_id"]: row["cluster_id"] for row in csv.DictReader(handle)}


def test_tcvn3_file_with_other_headers(tmp_path):
    text = "\r\n".join(",".join(row) for row in [HEADER, *ROWS]) + "\r\n"
    source = tmp_path / "danh-sach.csv"
    source.write_bytes(encode_legacy(text, "tcvn3"))
    out = tmp_path / "clusters.csv"
    call_command("dedup_file", str(source), "--out", str(out), "--threads", "1")
    clusters = _clusters(out)
    assert list(clusters) == [row[0] for row in ROWS]
    assert clusters["HS1"] == clusters["HS2"]
    assert clusters["HS4"] == clusters["HS5"]
    assert clusters["HS6"] != clusters["HS7"]  # same name, other ID and date: two people
    assert len({clusters[k] for k in ("HS1", "HS3", "HS4", "HS6", "HS7", "HS8")}) == 6


def test_row_numbers_without_a_record_column(tmp_path):
    source = tmp_path / "list.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER[1:])
        writer.writerows(row[1:] for row in ROWS)
    out = tmp_path / "clusters.csv"
    call_command("dedup_file", str(source), "--out", str(out), "--threads", "1")
    clusters = _clusters(out)
    assert list(clusters) == [str(n) for n in range(1, len(ROWS) + 1)]
    assert clusters["1"] == clusters["2"]


def test_xlsx_with_a_title_row_name_parts_and_number_cells(tmp_path):
    import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["DANH SÁCH CÁN BỘ KHOA HỌC"])
    sheet.append(["STT", "Họ", "Tên đệm", "Tên", "Ngày sinh", "Số CCCD", "Điện thoại", "Ghi chú"])
    sheet.append([1, "Nguyễn", "Văn", "Hùng", datetime.date(1985, 3, 7), 79085001234, 912345678])
    sheet.append([2, "Nguyen", "Van", "Hung", "07/03/1985", "079085001234", "+84912345678"])
    sheet.append([3, "Trần", "Thị", "Lan", datetime.date(1990, 9, 2), None, 987654321])
    source = tmp_path / "danh-sach.xlsx"
    book.save(source)
    out = tmp_path / "clusters.csv"
    call_command("dedup_file", str(source), "--out", str(out), "--threads", "1")
    clusters = _clusters(out)
    assert list(clusters) == ["1", "2", "3"]
    assert clusters["1"] == clusters["2"] != clusters["3"]


def test_dedup_command_over_one_unit(make_person, coordinator, capsys):
    import datetime

    for number in range(6):
        make_person(
            coordinator, unit_code="26041", given_name=f"Tên{number}",
            birth_date=datetime.date(1980 + number, 4, 2), phone=f"09{number:08d}",
        )  # fmt: skip
    make_person(
        coordinator, unit_code="26041", given_name="Ten2", family_name="Nguyen",
        birth_date=datetime.date(1982, 4, 2), phone="0900000002",
    )  # fmt: skip
    call_command("dedup", "--unit", "26041", "--threads", "1")
    from hientai.dedup.models import Candidate

    assert Candidate.objects.filter(status="open").count() == 1
    assert "7" in capsys.readouterr().out
