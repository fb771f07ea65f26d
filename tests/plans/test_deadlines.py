"""Deadline kinds as plans write them, their due dates, and due dates per period."""

import datetime

import pytest

from hientai.plans.parser import due_dates, parse_deadline

D = datetime.date


@pytest.mark.parametrize(
    ("raw", "kind", "due"),
    [
        ("Quý II/2026", "quarter", D(2026, 6, 30)),
        ("Quý IV/2026", "quarter", D(2026, 12, 31)),
        ("trong quý 3 năm 2026", "quarter", D(2026, 9, 30)),
        ("Năm 2027", "year", D(2027, 12, 31)),
        ("hoàn thành trước ngày 30/6/2026", "date", D(2026, 6, 30)),
        ("ngày 15 tháng 3 năm 2026", "date", D(2026, 3, 15)),
        ("Tháng 02/2026", "month", D(2026, 2, 28)),
        ("tháng 9 năm 2026", "month", D(2026, 9, 30)),
        ("Hằng năm", "yearly", None),
        ("Hàng năm", "yearly", None),
        ("Hang nam", "yearly", None),  # OCR without diacritics
        ("Thường xuyên", "ongoing", None),
        ("Thuong xuyen", "ongoing", None),
        ("Khi có hướng dẫn của Bộ", "conditional", None),
        ("khi có hướng dẫn của cấp Bộ, ngành Trung ương", "conditional", None),
        ("Sau khi các Bộ ban hành có hiệu lực", "conditional", None),
        ("Theo hướng dẫn", "conditional", None),
        ("Theo kế hoạch của Bộ Thông tin và Truyền thông", "follows_plan", None),
        ("Định kỳ", "periodic", None),
        ("Từ năm 2026", "from", None),
        ("Giai đoạn 2026 - 2028", "year", D(2028, 12, 31)),
        ("Khi cần thiết theo chỉ đạo", "conditional", None),
        ("Sớm nhất có thể", "other", None),
    ],
)
def test_kinds_and_due_dates(raw: str, kind: str, due: datetime.date | None) -> None:
    deadline = parse_deadline(raw)
    assert (deadline.kind, deadline.due) == (kind, due)
    assert deadline.raw == raw


def test_no_deadline() -> None:
    assert parse_deadline(None) is None
    assert parse_deadline("  ") is None


def test_recurring_day() -> None:
    deadline = parse_deadline("trước ngày 15 tháng 12 hằng năm")
    assert (deadline.kind, deadline.day_month, deadline.period) == ("yearly", "15/12", "year")
    half = parse_deadline("định kỳ 6 tháng (trước ngày 20/6)")
    assert (half.kind, half.day_month, half.period) == ("periodic", "20/06", "half_year")
    assert parse_deadline("Từ năm 2026").start == D(2026, 1, 1)


def test_due_dates_per_period() -> None:
    assert due_dates(parse_deadline("Hằng năm"), 2026, 2028) == [
        D(2026, 12, 31),
        D(2027, 12, 31),
        D(2028, 12, 31),
    ]
    assert due_dates(parse_deadline("trước ngày 15/12 hằng năm"), 2026, 2027) == [
        D(2026, 12, 15),
        D(2027, 12, 15),
    ]
    assert due_dates(parse_deadline("định kỳ 6 tháng"), 2026, 2026) == [
        D(2026, 6, 30),
        D(2026, 12, 31),
    ]
    assert due_dates(parse_deadline("Từ năm 2027"), 2026, 2028) == [
        D(2027, 12, 31),
        D(2028, 12, 31),
    ]
    assert due_dates(parse_deadline("Quý II/2026"), 2026, 2030) == [D(2026, 6, 30)]
    assert due_dates(parse_deadline("Quý II/2026"), 2027, 2030) == []
    assert due_dates(parse_deadline("Thường xuyên"), 2026, 2030) == []
    assert due_dates(parse_deadline("Khi có hướng dẫn của Bộ"), 2026, 2030) == []


def test_due_dates_accepts_the_json_form_and_raw_text() -> None:
    as_json = parse_deadline("Năm 2027").to_json()
    assert as_json == {"raw": "Năm 2027", "kind": "year", "due": "2027-12-31"}
    assert due_dates(as_json, 2026, 2030) == [D(2027, 12, 31)]
    assert due_dates("Hàng năm", 2029, 2030) == [D(2029, 12, 31), D(2030, 12, 31)]
    assert due_dates({"raw": None, "kind": None, "due": None}, 2026, 2030) == []
