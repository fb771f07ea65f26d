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


# ---------------------------------------------------------------- stored plans (database)

SEED_002 = "002_557b19d3546d24e1"
SEED_004 = "004_590ba169d7dd3dbe"
SEED_UNITS = {SEED_004: "75.UBND"}  # the former province's plan: no issuer of today's city


def seed_path(seed: str) -> Path:
    return FIXTURES / f"{seed}.txt"


@pytest.fixture
def import_seed(db):
    """Import a seed plan as a draft (as the system, like the command without --as)."""
    from hientai.plans.services import import_plan

    def run(seed: str, user=None):
        return import_plan(seed_path(seed), user=user, unit_code=SEED_UNITS.get(seed))

    return run


@pytest.fixture
def city_plan(import_seed):
    """Seed 003 (the city plan) imported, its sure unit names mapped, and activated."""
    from hientai.plans import services

    plan = import_seed(SEED_003)
    services.auto_map(plan, None)
    services.activate(plan, None)
    return plan


@pytest.fixture
def officer_of(db):
    """An officer persona of any unit: officer_of("75.SNV")."""
    from hientai.accounts.models import Role, RoleAssignment, User
    from hientai.orgs.models import Unit

    def make(code: str, role: str = Role.OFFICER):
        user = User.objects.create_user(f"{role}_{code}", password="persona-pass-2026")
        RoleAssignment.objects.create(user=user, role=role, unit=Unit.objects.get(code=code))
        return user

    return make


def small_plan(
    number: str = "20/KH-UBND",
    issuer: str = "Ủy ban nhân dân thành phố Đồng Nai",
    basis: str = "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;",
    title: str = "Phát triển, trọng dụng nhân tài giai đoạn 2026-2030",
    tasks: tuple[tuple[str, str, str], ...] = (
        ("Tổ chức tuyên truyền chính sách thu hút nhân tài", "Sở Nội vụ", "Thường xuyên"),
        ("Đào tạo, bồi dưỡng nhân lực chất lượng cao", "Sở Khoa học và Công nghệ", "Quý II/2026"),
    ),
) -> bytes:
    """A short plan document, as an officer would upload it."""
    lines = [
        issuer.upper(),
        f"Số: {number}",
        "Đồng Nai, ngày 19 tháng 01 năm 2026",
        "",
        "KẾ HOẠCH",
        title,
        "",
        basis,
        "",
        f"{issuer} ban hành Kế hoạch như sau:",
        "",
        "I. NHIỆM VỤ, GIẢI PHÁP",
    ]
    for index, (content, lead, deadline) in enumerate(tasks, start=1):
        lines += [
            f"{index}. {content}",
            f"- Đơn vị chủ trì: {lead}.",
            "- Đơn vị phối hợp: các sở, ban, ngành.",
            f"- Thời gian thực hiện: {deadline}.",
        ]
    return "\n".join(lines).encode("utf-8")


@pytest.fixture
def english():
    """Messages in English (msgids): the Vietnamese catalogue may or may not have them yet."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def web(login):
    """A logged-in client that reads the pages in English (the language switch cookie)."""
    from django.conf import settings

    def make(user):
        client = login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make
