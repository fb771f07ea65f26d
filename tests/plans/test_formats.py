"""Every format gives the same plan: Word (with seed 003's appendix as a real table), a PDF
with a text layer, a scanned PDF and an image (both read by tesseract)."""

from pathlib import Path

import pytest

from hientai.plans.parser import parse_plan
from tests.plans.conftest import (
    FIXTURES,
    SEED_000,
    SEED_001,
    SEED_003,
    make_docx,
    make_text_pdf,
    render_page,
    seed_lines,
)
from tests.plans.scoring import match_tasks, unit_key


def _without_spans(value: object) -> object:
    if isinstance(value, dict):
        return {key: _without_spans(item) for key, item in value.items() if key != "span"}
    if isinstance(value, list):
        return [_without_spans(item) for item in value]
    return value


def without_source(plan: dict) -> dict:
    """The plan without what depends on the format: the source block and the line spans
    (a Word paragraph or a wrapped PDF line is not a line of the .txt)."""
    return {key: _without_spans(value) for key, value in plan.items() if key != "source"}


def from_text(seed: str) -> dict:
    return parse_plan(FIXTURES / f"{seed}.txt").as_dict()


def test_docx_with_the_appendix_as_a_word_table(tmp_path: Path) -> None:
    import docx

    path = make_docx(seed_lines(SEED_003), tmp_path / "ke-hoach.docx")
    tables = docx.Document(path).tables
    assert len(tables) == 1 and len(tables[0].rows) == 32  # header, 3 groups, 28 tasks

    got = parse_plan(path).as_dict()
    assert got["source"]["format"] == "docx"
    assert without_source(got) == without_source(from_text(SEED_003))
    assert len(got["tasks"]) == 28


@pytest.mark.parametrize("seed", [SEED_000, SEED_001])
def test_docx_paragraphs(tmp_path: Path, seed: str) -> None:
    path = make_docx(seed_lines(seed), tmp_path / f"{seed}.docx")
    assert without_source(parse_plan(path).as_dict()) == without_source(from_text(seed))


@pytest.mark.parametrize("seed", [SEED_000, SEED_003])
def test_text_layer_pdf(tmp_path: Path, seed: str) -> None:
    """Long lines wrap in the PDF and the appendix is a drawn table: same result."""
    path = make_text_pdf(seed_lines(seed), tmp_path / f"{seed}.pdf")
    got = parse_plan(path).as_dict()
    assert got["source"] == {"format": "pdf", "ocr_pages": 0, "ocr_repaired": False}
    assert without_source(got) == without_source(from_text(seed))


def test_bytes_and_filename(tmp_path: Path) -> None:
    path = make_text_pdf(seed_lines(SEED_000), tmp_path / "plan.pdf")
    from_bytes = parse_plan(path.read_bytes(), filename="plan.pdf").as_dict()
    assert without_source(from_bytes) == without_source(from_text(SEED_000))


def _scan_lines() -> list[str]:
    """Seed 000's header and task section: one page."""
    lines = [line.replace("\uf02d", "-").strip() for line in seed_lines(SEED_000)]
    header = [line for line in lines[:23] if line]
    tasks = [line for line in lines[65:130] if line]
    return header + tasks


def test_scanned_pdf_is_read_by_ocr(tmp_path: Path, tesseract: str) -> None:
    path = tmp_path / "scan.pdf"
    render_page(_scan_lines()).save(path, "PDF", resolution=300)
    got = parse_plan(path).as_dict()
    assert got["source"]["ocr_pages"] == 1

    truth = from_text(SEED_000)
    assert got["plan"]["number"] == "/KH-SNgV"
    assert got["plan"]["issuer"] == "Sở Ngoại vụ"
    pairs = match_tasks(got["tasks"], truth["tasks"])
    assert len(pairs) == len(truth["tasks"]) == len(got["tasks"]) == 5
    for i, j in pairs:
        found, expected = got["tasks"][i], truth["tasks"][j]
        assert [unit_key(name) for name in found["lead"]] == [
            unit_key(name) for name in expected["lead"]
        ]
        assert found["deadline"]["kind"] == expected["deadline"]["kind"]


def test_image_is_read_by_ocr(tmp_path: Path, tesseract: str) -> None:
    lines = [
        "KẾ HOẠCH",
        "Tổ chức hội thảo chuyển đổi số năm 2026",
        "I. NHIỆM VỤ",
        "1. Tổ chức hội thảo khoa học về chuyển đổi số",
        "- Đơn vị chủ trì: Sở Khoa học và Công nghệ.",
        "- Đơn vị phối hợp: Sở Nội vụ, các đơn vị liên quan.",
        "- Thời gian thực hiện: Quý III/2026.",
    ]
    path = tmp_path / "trang.png"
    render_page(lines, width=1800, size=32).save(path)
    got = parse_plan(path)
    assert got.source_format == "image"
    [task] = got.tasks
    assert task.lead == ["Sở Khoa học và Công nghệ"]
    assert task.coordinators == ["Sở Nội vụ", "các đơn vị liên quan"]
    assert (task.deadline.kind, task.deadline.due.isoformat()) == ("quarter", "2026-09-30")
