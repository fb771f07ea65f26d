"""Acceptance: on demo-like data the consolidated DOCX converts to PDF with LibreOffice and
the PDF's text holds the national name and motto, each plan's title and each indicator.

Without LibreOffice these tests skip, unless HIENTAI_REQUIRE_LIBREOFFICE=1 (CI): then they
fail. A missing LibreOffice gives a clear Vietnamese error and no file."""

import datetime
from io import StringIO
from pathlib import Path

import pdfplumber
import pytest
from django.core.management import CommandError, call_command

from hientai.indicators.periods import Period
from hientai.plans.models import Target
from hientai.reporting.documents import pdf
from hientai.reporting.documents.content import gather
from hientai.reporting.documents.docx_report import build_docx
from tests.reporting.doc_support import (  # noqa: F401
    TODAY,
    load_demo,
    normalise,
    require_libreoffice,
    vietnamese,
)

# Every message and header is checked as an officer reads it: in Vietnamese.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("vietnamese")]


def pdf_text(path: Path) -> str:
    """The PDF's running text, then the text of every table cell: a name wrapped inside a
    table cell is interleaved with its row's other cells in the running text."""
    with pdfplumber.open(path) as document:
        parts = [page.extract_text() or "" for page in document.pages]
        for page in document.pages:
            for table in page.extract_tables():
                parts.extend(cell or "" for row in table for cell in row)
    return "\n".join(parts)


def squeezed(text: str) -> str:
    """Without any whitespace: a title broken over lines (or justified) still matches."""
    return "".join(normalise(text).split())


def test_docx_converts_to_pdf_with_motto_plans_and_indicators(tmp_path: Path):
    require_libreoffice()
    plans = load_demo(people=300)
    assert len(plans) == 5
    content = gather(Period(2026), all_plans=True, report_date=TODAY)
    indicators = {row.indicator.name_vi for row in content.target_rows if row.indicator}
    assert len(content.target_rows) == Target.objects.count()
    assert len(indicators) >= 20, "every seed target maps to a demo indicator"
    docx = build_docx(content, tmp_path / "bao-cao.docx")
    made = pdf.convert(docx)
    assert made == tmp_path / "bao-cao.pdf"
    assert made.read_bytes().startswith(b"%PDF")
    text = pdf_text(made)
    flat = squeezed(text)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in normalise(text)
    assert "Độc lập - Tự do - Hạnh phúc" in normalise(text)
    assert "Đồng Nai, ngày 23 tháng 11 năm 2026" in normalise(text)
    assert "BÁO CÁO" in text and "Nơi nhận:" in text
    for plan in plans:
        assert squeezed(plan.title) in flat, plan.title
    for name in indicators:
        assert squeezed(name) in flat, name


def test_report_command_writes_a_pdf(tmp_path: Path):
    require_libreoffice()
    load_demo(people=0)
    out = StringIO()
    target = tmp_path / "report.pdf"
    call_command("report", "--period", "2026H1", "--format", "pdf", str(target), stdout=out)
    assert "Đã ghi" in out.getvalue()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in normalise(pdf_text(target))
    assert [path.name for path in tmp_path.iterdir()] == ["report.pdf"]


def test_missing_libreoffice_is_a_clear_error_and_leaves_no_file(tmp_path: Path, monkeypatch):
    load_demo(people=0)
    monkeypatch.setenv("HIENTAI_SOFFICE", str(tmp_path / "no-soffice"))
    target = tmp_path / "report.pdf"
    with pytest.raises(CommandError, match="Chưa cài đặt LibreOffice"):
        call_command("report", "--period", "2026", str(target), stdout=StringIO())
    assert list(tmp_path.iterdir()) == []


def test_conversion_of_a_missing_file_is_refused(tmp_path: Path):
    with pytest.raises(pdf.ConversionError, match="không tồn tại"):
        pdf.convert(tmp_path / "missing.docx")


def test_parallel_conversions_do_not_clash(tmp_path: Path):
    """Each run has its own LibreOffice profile, so two at once both succeed."""
    require_libreoffice()
    from concurrent.futures import ThreadPoolExecutor

    from docx import Document

    sources = []
    for index in range(2):
        document = Document()
        document.add_paragraph(f"Tài liệu số {index} – {datetime.date(2026, 1, 1)}")
        path = tmp_path / f"doc{index}.docx"
        document.save(path)
        sources.append(path)
    with ThreadPoolExecutor(max_workers=2) as pool:
        made = list(pool.map(pdf.convert, sources))
    for index, path in enumerate(made):
        assert f"Tài liệu số {index}" in normalise(pdf_text(path))
