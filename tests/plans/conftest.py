"""Plan-parser test helpers: real Word, PDF and scanned files built from the seed text."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from hientai.plans.parser.readers import ocr_available

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "plans"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SEED_000 = "000_ce527be40c2f108b"
SEED_001 = "001_c6087919ccb67bba"
SEED_003 = "003_3430cb898c85fe5f"


def seed_lines(seed: str) -> list[str]:
    return (FIXTURES / f"{seed}.txt").read_text(encoding="utf-8").splitlines()


def requires_ocr() -> None:
    """Skip without tesseract + Vietnamese data, unless HIENTAI_REQUIRE_OCR=1 (then fail)."""
    if ocr_available():
        return
    message = "tesseract with Vietnamese data is not installed (tesseract-ocr-vie)"
    if os.environ.get("HIENTAI_REQUIRE_OCR") == "1":
        pytest.fail(f"HIENTAI_REQUIRE_OCR=1: {message}", pytrace=False)
    pytest.skip(message)


def _table_rows(lines: list[str]) -> list[list[str]]:
    """Seed table lines as Word would hold them: rows wrapped at a page break joined."""
    rows: list[list[str]] = []
    for line in lines:
        cells = [" ".join(cell.split()) for cell in line.split("\t")]
        if rows and not cells[0] and any(cells):
            for index, cell in enumerate(cells):
                if cell and index < len(rows[-1]):
                    rows[-1][index] = f"{rows[-1][index]} {cell}".strip()
        elif any(cells):
            rows.append(cells)
    return rows


def _segments(lines: list[str]) -> list[tuple[str, object]]:
    """("p", text) for paragraphs and ("table", rows) for each run of tab-separated lines."""
    segments: list[tuple[str, object]] = []
    table: list[str] = []
    for line in lines:
        if "\t" in line and len(line.split("\t")) >= 3:
            table.append(line)
            continue
        if not line.strip():
            continue
        if table:
            segments.append(("table", _table_rows(table)))
            table = []
        segments.append(("p", line.replace("\uf02d", "-").strip()))
    if table:
        segments.append(("table", _table_rows(table)))
    return segments


def make_docx(lines: list[str], path: Path) -> Path:
    import docx

    document = docx.Document()
    for kind, value in _segments(lines):
        if kind == "p":
            document.add_paragraph(value)
            continue
        rows = value
        width = max(len(row) for row in rows)
        table = document.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        for row in rows:
            cells = table.add_row().cells
            for index, text in enumerate(row[:width]):
                cells[index].text = text
    document.save(path)
    return path


def make_text_pdf(lines: list[str], path: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_font("DejaVu", size=10)
    pdf.add_page()
    for kind, value in _segments(lines):
        if kind == "p":
            pdf.multi_cell(0, 5, value, new_x="LMARGIN", new_y="NEXT")
            continue
        pdf.set_font("DejaVu", size=8)
        with pdf.table(col_widths=(8, 60, 35, 50, 22), first_row_as_headings=False) as table:
            for row in value:
                cells = table.row()
                for text in (row + [""] * 5)[:5]:
                    cells.cell(text)
        pdf.set_font("DejaVu", size=10)
    pdf.output(str(path))
    return path


def render_page(lines: list[str], width: int = 2480, size: int = 30):
    """One page of text rendered as an image (a scan without a text layer)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), size)
    step = int(size * 1.35)
    image = Image.new("L", (width, 240 + step * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((180, 120 + index * step), line, font=font, fill=0)
    return image


@pytest.fixture
def tesseract() -> str:
    requires_ocr()
    return shutil.which("tesseract") or "tesseract"
