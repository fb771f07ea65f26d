"""Tables read from layout (issue 16): a 28-row appendix as a text-layer PDF whose narrow
number column wraps "STT" to "ST T", and as an image-only scan; a table without ruling;
a table seen but not read is a warning, never silent."""

from __future__ import annotations

import pytest

from hientai.plans.parser import parse_plan
from hientai.plans.parser.layout import TableState, Word, page_lines
from tests.plans.conftest import requires_ocr
from tests.plans.documents import document, soffice

UNITS = [
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Y tế",
    "Sở Xây dựng",
    "Công an thành phố",
    "Bưu điện thành phố",
    "Sở Giáo dục và Đào tạo",
]
WORKS = [
    "Rà soát đội ngũ trí thức",
    "Xây dựng cơ sở dữ liệu chuyên gia",
    "Tổ chức hội nghị tôn vinh nhân tài",
    "Đào tạo kỹ năng số cho công chức",
    "Ban hành chính sách thu hút nhân lực",
    "Khảo sát nhu cầu nhân lực",
    "Tuyên truyền về chuyển đổi số",
]
QUARTERS = ["Quý I/2026", "Quý II/2026", "Quý III/2026", "Quý IV/2026"]


def appendix_plan(rows: int = 28) -> str:
    lines = [
        "ỦY BAN NHÂN DÂN THÀNH PHỐ ĐÀ NẴNG",
        "Số: 12/KH-UBND",
        "Đà Nẵng, ngày 15 tháng 01 năm 2026",
        "KẾ HOẠCH",
        "Phát triển đội ngũ trí thức năm 2026",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Phát huy vai trò của đội ngũ trí thức.",
        "II. NHIỆM VỤ",
        "Các nhiệm vụ cụ thể tại Phụ lục kèm theo.",
        "PHỤ LỤC NHIỆM VỤ",
        "STT\tNội dung nhiệm vụ\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian hoàn thành",
    ]
    for number in range(1, rows + 1):
        work = f"{WORKS[number % len(WORKS)]} đợt {number} của thành phố"
        lead = UNITS[number % len(UNITS)]
        partner = UNITS[(number + 3) % len(UNITS)]
        lines.append(f"{number}\t{work}\t{lead}\t{partner}\t{QUARTERS[number % 4]}")
    return "\n".join(lines) + "\n"


def check_appendix(plan, rows: int = 28) -> None:
    appendix = [task for task in plan.tasks if task.source == "appendix"]
    assert len(appendix) == rows, [task.title for task in plan.tasks]
    for number, task in enumerate(appendix, start=1):
        assert task.number == str(number)
        assert task.lead == [UNITS[number % len(UNITS)]], (number, task.lead)
        assert task.coordinators == [UNITS[(number + 3) % len(UNITS)]]
        assert f"đợt {number} " in task.title
    assert plan.issuer == "Ủy ban nhân dân thành phố Đà Nẵng"


@pytest.fixture
def libreoffice() -> None:
    if soffice() is None:
        pytest.skip("LibreOffice is not installed")


def test_text_layer_pdf_with_a_wrapped_stt_header(libreoffice) -> None:
    path = document(appendix_plan(), "pdf")
    plan = parse_plan(path)
    assert plan.ocr_pages == 0
    assert any(line.split("\t")[0].replace(" ", "") == "STT" for line in plan.lines)
    check_appendix(plan)


def test_text_layer_pdf_of_a_table_without_ruling(libreoffice) -> None:
    plan = parse_plan(document(appendix_plan(), "pdf", ruled=False))
    check_appendix(plan)


def test_image_only_pdf_of_a_28_row_appendix(libreoffice) -> None:
    requires_ocr()
    plan = parse_plan(document(appendix_plan(), "scan"))
    assert plan.ocr_pages >= 1
    appendix = [task for task in plan.tasks if task.source == "appendix"]
    assert len(appendix) == 28
    leads = [task.lead for task in appendix]
    expected = [[UNITS[number % len(UNITS)]] for number in range(1, 29)]
    assert sum(got == want for got, want in zip(leads, expected, strict=True)) >= 27
    assert plan.issuer == "Ủy ban nhân dân thành phố Đà Nẵng"


def _word(x0: float, top: float, text: str) -> Word:
    return Word(x0, x0 + 6 * len(text), top, top + 10, text)


def test_columns_from_word_boxes_and_rows_from_the_number_column() -> None:
    words = []
    for x, text in (
        (10, "ST"),
        (60, "Nội"),
        (82, "dung"),
        (300, "Chủ"),
        (324, "trì"),
        (420, "Thời"),
        (450, "gian"),
    ):
        words.append(_word(x, 0, text))
    words.append(_word(14, 12, "T"))
    rows = [
        (1, ["Rà", "soát", "quy", "định"], ["Sở", "Nội", "vụ"], ["Quý", "II/2026"]),
        (2, ["Tổ", "chức", "hội", "nghị"], ["Sở", "Y", "tế"], ["Năm", "2026"]),
    ]
    top = 30
    for number, work, lead, when in rows:
        words.append(_word(12, top, str(number)))
        x = 40
        for text in work:
            words.append(_word(x, top, text))
            x += 6 * len(text) + 3
        words.append(_word(40, top + 12, "(tiếp)"))  # the cell wraps
        x = 290
        for text in lead:
            words.append(_word(x, top, text))
            x += 6 * len(text) + 3
        x = 410
        for text in when:
            words.append(_word(x, top, text))
            x += 6 * len(text) + 3
        top += 30
    lines = page_lines(words, TableState())
    assert lines[0].split("\t") == ["ST T", "Nội dung", "Chủ trì", "Thời gian"]
    assert lines[1].split("\t") == ["1", "Rà soát quy định (tiếp)", "Sở Nội vụ", "Quý II/2026"]
    assert lines[2].split("\t")[2] == "Sở Y tế"


def test_a_table_seen_but_not_read_is_a_warning() -> None:
    text = "\n".join(
        [
            "KẾ HOẠCH",
            "Phát triển nhân lực",
            "I. NHIỆM VỤ",
            "Cột 1\tCột 2\tChủ trì",
            "a\tb\tSở Nội vụ",
            "c\td\tSở Y tế",
        ]
    )
    from django.utils import translation

    with translation.override("en"):
        plan = parse_plan(text.encode("utf-8"), filename="plan.txt")
    assert any("could not be read" in warning for warning in plan.warnings)
