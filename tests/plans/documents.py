"""Real documents made from a plan's text, as units send them: Word (.docx, python-docx),
text-layer PDF (LibreOffice converts the .docx) and scanned PDF (the PDF's pages rendered
at 150 dpi, kept as images only).

In the text, a run of tab-separated lines is a table; its first row is the header. The
number column is made narrow (1 cm), as units make it, so "STT" wraps to "ST" / "T".
Generated files are cached under the system's temporary folder by the text's hash, so a
test run makes each document once.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CACHE = Path(tempfile.gettempdir()) / "hientai-plan-documents"
FORMATS = ("txt", "docx", "pdf", "scan")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _segments(text: str) -> list[tuple[str, object]]:
    segments: list[tuple[str, object]] = []
    table: list[list[str]] = []
    for line in text.splitlines():
        if "\t" in line and len(line.split("\t")) >= 3:
            table.append([cell.strip() for cell in line.split("\t")])
            continue
        if table:
            segments.append(("table", table))
            table = []
        if line.strip():
            segments.append(("p", line.strip()))
    if table:
        segments.append(("table", table))
    return segments


def make_docx(text: str, path: Path, ruled: bool = True) -> Path:
    import docx
    from docx.shared import Cm, Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    for kind, value in _segments(text):
        if kind == "p":
            document.add_paragraph(value)
            continue
        rows = value
        width = max(len(row) for row in rows)
        table = document.add_table(rows=0, cols=width)
        if ruled:
            table.style = "Table Grid"
        table.autofit = False
        widths = [Cm(1.0)] + [Cm(16.0 / (width - 1))] * (width - 1)
        for row in rows:
            cells = table.add_row().cells
            for index, cell_text in enumerate((row + [""] * width)[:width]):
                cells[index].text = cell_text
                cells[index].width = widths[index]
        for index, column in enumerate(table.columns):
            column.width = widths[index]
    document.save(path)
    return path


def docx_to_pdf(docx_path: Path, folder: Path) -> Path:
    """LibreOffice's conversion, with a profile of its own (other runs may be open)."""
    binary = soffice()
    if binary is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    profile = folder / "lo-profile"
    subprocess.run(
        [
            binary,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / f"{docx_path.stem}.pdf"


def pdf_to_scan(pdf_path: Path, path: Path, dpi: int = 150) -> Path:
    """Each page rendered at `dpi` and saved as an image-only PDF (no text layer)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf_path))
    images = []
    for page in document:
        images.append(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
        page.close()
    document.close()
    images[0].save(path, save_all=True, append_images=images[1:], resolution=dpi)
    return path


def document(text: str, kind: str, ruled: bool = True) -> Path:
    """The plan `text` as a file of `kind` (txt, docx, pdf, scan), cached by content."""
    key = hashlib.sha256(f"{ruled}\n{text}".encode()).hexdigest()[:16]
    folder = CACHE / key
    folder.mkdir(parents=True, exist_ok=True)
    txt = folder / "plan.txt"
    if not txt.exists():
        txt.write_text(text, encoding="utf-8")
    if kind == "txt":
        return txt
    docx_path = folder / "plan.docx"
    if not docx_path.exists():
        make_docx(text, docx_path, ruled=ruled)
    if kind == "docx":
        return docx_path
    pdf_path = folder / "plan.pdf"
    if not pdf_path.exists():
        docx_to_pdf(docx_path, folder)
    if kind == "pdf":
        return pdf_path
    scan = folder / "plan-scan.pdf"
    if not scan.exists():
        pdf_to_scan(pdf_path, scan)
    return scan


def slow() -> bool:
    return os.environ.get("HIENTAI_SLOW") == "1"
