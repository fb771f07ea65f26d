"""Reading a plan file into lines of text: .txt, .docx, .pdf (text layer, OCR for pages
without one) and images (OCR).

Every reader returns plain lines; table rows become one line of tab-separated cells, so
a Word table, a PDF table and seed 003's tab-separated appendix reach the structure
parser in the same form. Nothing is written to disk: tesseract reads the image from
stdin.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
import unicodedata
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from hientai.core.files import HostileFileError, check_office_zip
from hientai.plans.parser.errors import PlanParseError
from hientai.plans.parser.errors import gettext as _
from hientai.plans.parser.layout import TableState, Word, page_lines

OCR_LANGUAGE = "vie"
OCR_DPI = 200
# Hostile PDFs and images are refused before anything is rendered (issue 12): a page
# bigger than A1 (about 2400 pt) is not a plan; OCR of more pages than this takes
# minutes; a rendered page never exceeds MAX_PIXELS (A4 at 300 dpi is 8.7 million).
MAX_PDF_PAGES = 400
MAX_OCR_PAGES = 40
MAX_PAGE_POINTS = 2500
MAX_PIXELS = 40_000_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"II*\x00",
    b"MM\x00*",
    b"GIF87a",
    b"GIF89a",
    b"BM",
)


@dataclass
class SourceText:
    lines: list[str]
    format: str  # txt, docx, pdf, image
    ocr_pages: int = 0
    warnings: list[str] = field(default_factory=list)


def _kind(data: bytes, filename: str | None) -> str:
    suffix = Path(filename).suffix.lower() if filename else ""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if data.startswith(_IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return "image"
    if suffix in {".pdf", ".docx", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}:
        return "broken"
    return "txt"


def read_source(source: str | Path | bytes, filename: str | None = None) -> SourceText:
    """Lines of the plan in `source` (a path or the file's bytes)."""
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        filename = filename or path.name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise PlanParseError(_("File not found: %(path)s") % {"path": path}) from None
        except OSError as error:
            raise PlanParseError(
                _("The file could not be read: %(reason)s") % {"reason": error.strerror}
            ) from None
    if not data.strip():
        raise PlanParseError(_("The file is empty."))
    kind = _kind(data, filename)
    if kind == "pdf":
        return read_pdf(data)
    if kind == "docx":
        return read_docx(data)
    if kind == "image":
        return read_image(data)
    if kind == "ole":
        raise PlanParseError(
            _("Old Word (.doc) files are not supported: save the plan as .docx or PDF.")
        )
    if kind == "broken":
        raise PlanParseError(_("The file is damaged or is not a document the parser can read."))
    return read_text(data)


def _normalise(line: str) -> str:
    line = unicodedata.normalize("NFC", line).replace("\xa0", " ").replace("\u200b", "")
    return line.rstrip(" \r\n")  # keep trailing tabs: empty cells of a table row


def read_text(data: bytes) -> SourceText:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PlanParseError(_("The file is binary, not a text document or a plan."))
    for encoding in (
        ("utf-8-sig", "utf-16")
        if data.startswith((b"\xff\xfe", b"\xfe\xff"))
        else (
            "utf-8-sig",
            "cp1258",
        )
    ):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1258 decodes almost anything
        raise PlanParseError(_("The file is binary, not a text document or a plan."))
    if len(_CONTROL.findall(text)) > max(5, len(text) // 200):
        raise PlanParseError(_("The file is binary, not a text document or a plan."))
    return SourceText([_normalise(line) for line in text.splitlines()], "txt")


def read_docx(data: bytes) -> SourceText:
    """Paragraphs and tables in document order; each table row one tab-separated line."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        check_office_zip(data)  # zip bombs and entity declarations, before lxml sees it
    except HostileFileError as error:
        raise PlanParseError(str(error)) from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise PlanParseError(
            _("The file is damaged or is not a document the parser can read.")
        ) from None
    except Exception:  # lxml's syntax errors and anything else a broken part raises
        raise PlanParseError(
            _("The file is damaged or is not a document the parser can read.")
        ) from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.extend(_normalise(part) for part in Paragraph(child, document).text.split("\n"))
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(cell.text.split()))
                lines.append(_normalise("\t".join(cells)))
            lines.append("")
    return SourceText(lines, "docx")


def _is_password_error(error: BaseException) -> bool:
    seen: BaseException | None = error
    while seen is not None:
        name = type(seen).__name__
        if "Password" in name or "Encrypt" in name or "password" in str(seen).lower():
            return True
        seen = seen.__cause__ or seen.__context__
        if seen is not None and seen.args and isinstance(seen.args[0], BaseException):
            seen = seen.args[0]
    return False


def read_pdf(data: bytes) -> SourceText:
    """Text layer with pdfplumber (ruled tables as tab-separated rows, tables without
    ruling from the words' positions); pages without text are OCR'd, in parallel."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = list(pdf.pages)
    except Exception as error:
        if _is_password_error(error):
            raise PlanParseError(
                _("The PDF is password-protected: remove the password and try again.")
            ) from None
        raise PlanParseError(
            _("The file is damaged or is not a document the parser can read.")
        ) from None
    state = TableState()
    try:
        if len(pages) > MAX_PDF_PAGES:
            raise PlanParseError(
                _("The PDF has %(count)d pages; a plan has at most %(limit)d.")
                % {"count": len(pages), "limit": MAX_PDF_PAGES}
            )
        for number, page in enumerate(pages, start=1):
            if max(page.width, page.height) > MAX_PAGE_POINTS:
                raise PlanParseError(
                    _("Page %(page)d of the PDF is too large (%(width)d × %(height)d pt).")
                    % {"page": number, "width": page.width, "height": page.height}
                )
        # Only pages without a text layer are OCR'd.
        scanned = [n for n, page in enumerate(pages) if len(page.chars) < 20]
        if len(scanned) > MAX_OCR_PAGES:
            raise PlanParseError(
                _("More than %(limit)d pages are scans without text: send a PDF with a text layer.")
                % {"limit": MAX_OCR_PAGES}
            )
        scans = {n: _render(data, n, _ocr_resolution(pages[n])) for n in scanned}
        ocr_words = _ocr_pages(scans)
        lines: list[str] = []
        for number, page in enumerate(pages):
            if number in ocr_words:
                lines.extend(_normalise(line) for line in page_lines(ocr_words[number], state))
            else:
                lines.extend(_page_lines(page, state))
    except PlanParseError:
        raise
    except Exception as error:
        if _is_password_error(error):
            raise PlanParseError(
                _("The PDF is password-protected: remove the password and try again.")
            ) from None
        raise PlanParseError(
            _("The file is damaged or is not a document the parser can read.")
        ) from None
    finally:
        pdf.close()
    text = SourceText(lines, "pdf", len(ocr_words))
    if state.unread:
        text.warnings.append(UNREAD_TABLE)
    return text


UNREAD_TABLE = "unread_table"  # a table seen whose columns could not be read


def _render(data: bytes, number: int, dpi: float = OCR_DPI):
    """The page as a greyscale image at `dpi` (pdfium, as pdfplumber renders)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        page = document[number]
        image = page.render(scale=dpi / 72, grayscale=True).to_pil()
        page.close()
        return image
    finally:
        document.close()


def _ocr_pages(images: dict[int, object]) -> dict[int, list[Word]]:
    """Word boxes of each scanned page, the pages OCR'd in parallel (one per core)."""
    if not images:
        return {}
    workers = max(1, min(len(images), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:  # tesseract runs as a process
        found = pool.map(ocr_words, images.values())
        return dict(zip(images.keys(), found, strict=True))


def _ocr_resolution(page) -> float:
    """OCR_DPI, lowered so the rendered page stays within MAX_PIXELS."""
    pixels = (page.width * OCR_DPI / 72) * (page.height * OCR_DPI / 72)
    if pixels <= MAX_PIXELS:
        return OCR_DPI
    return OCR_DPI * (MAX_PIXELS / pixels) ** 0.5


def _page_lines(page, state: TableState) -> list[str]:
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    if not tables:
        words = [
            Word(word["x0"], word["x1"], word["top"], word["bottom"], word["text"])
            for word in page.extract_words(keep_blank_chars=False, use_text_flow=False)
        ]
        if state.boundaries is not None or _has_table_header(words):
            return [_normalise(line) for line in page_lines(words, state)]

    def outside(obj: dict) -> bool:
        x0, top, x1, bottom = obj["x0"], obj["top"], obj["x1"], obj["bottom"]
        return not any(
            x0 >= box[0] - 1 and x1 <= box[2] + 1 and top >= box[1] - 1 and bottom <= box[3] + 1
            for box in boxes
        )

    placed: list[tuple[float, str]] = []
    text_page = page.filter(outside) if boxes else page
    for line in text_page.extract_text_lines(layout=False, strip=True, return_chars=False):
        placed.append((line["top"], line["text"]))
    for table in tables:
        for index, row in enumerate(table.extract()):
            cells = [" ".join((cell or "").split()) for cell in row]
            placed.append((table.bbox[1] + index * 0.001, "\t".join(cells)))
    placed.sort(key=lambda item: item[0])
    return [_normalise(text) for _top, text in placed]


def _has_table_header(words: list[Word]) -> bool:
    from hientai.plans.parser.layout import group_lines, looks_like_header, wide_gaps

    if not words:
        return False
    height = sorted(word.bottom - word.top for word in words)[len(words) // 2]
    lines = group_lines(words)
    for index, line in enumerate(lines):
        # The header may wrap: read each line with the next one.
        following = lines[index + 1] if index + 1 < len(lines) else []
        text = " ".join(word.text for word in [*line, *following])
        if wide_gaps(line, height) >= 2 and looks_like_header(text):
            return True
    return False


def read_image(data: bytes) -> SourceText:
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))  # reads the header only
        if image.width * image.height > MAX_PIXELS:
            raise PlanParseError(
                _("The image is too large (%(width)d × %(height)d pixels).")
                % {"width": image.width, "height": image.height}
            )
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
        raise PlanParseError(
            _("The file is damaged or is not a document the parser can read.")
        ) from None
    state = TableState()
    lines = [_normalise(line) for line in page_lines(ocr_words(image), state)]
    text = SourceText(lines, "image", 1)
    if state.unread:
        text.warnings.append(UNREAD_TABLE)
    return text


@functools.lru_cache(maxsize=1)
def _tesseract_languages() -> frozenset[str]:
    binary = shutil.which("tesseract")
    if binary is None:
        return frozenset()
    result = subprocess.run(
        [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
    )
    return frozenset(line.strip() for line in result.stdout.splitlines()[1:] if line.strip())


def ocr_available() -> bool:
    return OCR_LANGUAGE in _tesseract_languages()


def _tesseract(image, output: str) -> str:
    if not ocr_available():
        raise PlanParseError(
            _(
                "This page is a scan without a text layer and OCR is not available: "
                "install tesseract-ocr and tesseract-ocr-vie."
            )
        )
    image = image.convert("L")
    if image.width < 1400:  # tesseract reads small print better enlarged
        factor = 1400 / image.width
        image = image.resize((1400, int(image.height * factor)))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    command = [shutil.which("tesseract") or "tesseract", "stdin", "stdout", "-l", OCR_LANGUAGE]
    if output == "tsv":
        command.append("tsv")
    # One thread per tesseract: the pages already run in parallel, one per core.
    environment = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    result = subprocess.run(
        command,
        input=buffer.getvalue(),
        capture_output=True,
        timeout=300,
        check=False,
        env=environment,
    )
    if result.returncode != 0:
        raise PlanParseError(
            _("OCR failed on a page: %(reason)s")
            % {"reason": result.stderr.decode("utf-8", "replace").strip()[:200]}
        )
    return result.stdout.decode("utf-8", "replace")


def ocr_image(image) -> list[str]:
    """Lines tesseract reads in the image (Vietnamese data)."""
    return [_normalise(line) for line in _tesseract(image, "text").splitlines()]


def ocr_words(image) -> list[Word]:
    """Word boxes tesseract reads in the image (TSV: level 5 rows are words)."""
    words: list[Word] = []
    for row in _tesseract(image, "tsv").splitlines()[1:]:
        parts = row.split("\t")
        if len(parts) < 12 or parts[0] != "5" or not parts[11].strip():
            continue
        left, top, width, height = (int(value) for value in parts[6:10])
        words.append(
            Word(left, left + width, top, top + height, parts[11].strip(), float(parts[10]))
        )
    return words
