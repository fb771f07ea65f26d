"""Bad input gets a clear Vietnamese error, from the parser and from the command, and
nothing is written."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from hientai.plans.parser import PlanParseError, parse_plan
from tests.plans.conftest import SEED_000, make_text_pdf, seed_lines


def vietnamese_error(source: object, filename: str | None = None) -> str:
    with translation.override("vi"), pytest.raises(PlanParseError) as caught:
        parse_plan(source, filename=filename)
    return str(caught.value)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "rong.txt"
    path.write_bytes(b"")
    assert vietnamese_error(path).startswith("Tệp rỗng")
    path.write_bytes(b"  \n\n\t \n")
    assert vietnamese_error(path).startswith("Tệp rỗng")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "du-lieu.bin"
    path.write_bytes(bytes(range(256)) * 40)
    assert "nhị phân" in vietnamese_error(path)


def test_password_protected_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = make_text_pdf(seed_lines(SEED_000), tmp_path / "plain.pdf")
    writer = PdfWriter()
    for page in PdfReader(plain).pages:
        writer.add_page(page)
    writer.encrypt(user_password="bi-mat-2026", owner_password="chu-so-huu")
    locked = tmp_path / "khoa.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    assert "mật khẩu" in vietnamese_error(locked)


def test_text_that_is_not_a_plan(tmp_path: Path) -> None:
    path = tmp_path / "thu-moi.txt"
    path.write_text(
        "Kính gửi các đồng chí,\n\nTrân trọng kính mời các đồng chí dự buổi gặp mặt đầu xuân "
        "lúc 8 giờ ngày 10/02/2026 tại hội trường.\n\nTrân trọng.\n",
        encoding="utf-8",
    )
    assert vietnamese_error(path).startswith("Tệp này không phải là kế hoạch")


def test_word_document_that_is_not_a_plan(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Biên bản họp giao ban tuần.")
    document.add_paragraph("Các phòng báo cáo tình hình công việc trong tuần.")
    path = tmp_path / "bien-ban.docx"
    document.save(path)
    assert vietnamese_error(path).startswith("Tệp này không phải là kế hoạch")


def test_damaged_files(tmp_path: Path) -> None:
    pdf = tmp_path / "hong.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%garbage that is not a PDF body\n")
    assert "bị hỏng" in vietnamese_error(pdf)

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a Word document")
    assert "bị hỏng" in vietnamese_error(buffer.getvalue(), filename="ke-hoach.docx")

    assert "bị hỏng" in vietnamese_error(b"\x89PNG\r\n\x1a\nnot really", filename="scan.png")
    assert ".doc" in vietnamese_error(b"\xd0\xcf\x11\xe0" + b"\x00" * 600, filename="cu.doc")


def test_command_turns_errors_into_command_error(tmp_path: Path) -> None:
    path = tmp_path / "rong.txt"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="Tệp rỗng"):
        call_command("parse_plan", str(path))
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("parse_plan", str(tmp_path / "khong-co.txt"))


def test_command_exit_code_is_not_zero(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "rong.txt"
    path.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "hientai", "parse-plan", str(path), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Tệp rỗng" in result.stderr or "The file is empty" in result.stderr
    assert result.stdout == ""


def test_parser_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsing a PDF (OCR excluded) leaves the working directory empty."""
    work = tmp_path / "work"
    work.mkdir()
    source = make_text_pdf(seed_lines(SEED_000), tmp_path / "plan.pdf")
    monkeypatch.chdir(work)
    parse_plan(source)
    assert list(work.iterdir()) == []
    assert sorted(path.name for path in tmp_path.iterdir()) == ["plan.pdf", "work"]
