"""Open a file and hand out its rows of cells, refusing a bad file before any row.

- CSV: read line by line (constant memory), in the detected or forced encoding; the
  delimiter (, ; tab) is sniffed; Excel quoting. A file whose lines mix encodings is
  refused, naming the first line that differs.
- XLSX / XLS / ODS: python-calamine (cached values; formulas are never evaluated).
  Before calamine sees a zip (xlsx, ods) the zip directory is checked: corrupt or
  truncated archives and zip bombs are refused.
- JSON: our interop format (interop.py).

Guards, all raising ImportFileError with a clear message: too big (by stat, nothing
read), content that is not what the extension says (magic bytes), corrupt zip, zip bomb.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from hientai.core.files import HostileFileError, check_office_zip
from hientai.exchange import encodings as enc
from hientai.exchange.errors import ImportFileError

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024  # the sum of a zip's members once unpacked
MAX_RATIO = 100  # compression ratio allowed on a member bigger than BIG_MEMBER
BIG_MEMBER = 10 * 1024 * 1024
SAMPLE_BYTES = 256 * 1024  # what encoding detection looks at
FORMULA_FINDINGS_LIMIT = 200

CSV_EXTENSIONS = {".csv", ".txt", ".tsv"}
EXCEL_EXTENSIONS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".ods": "ods"}
JSON_EXTENSIONS = {".json"}

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PDF_MAGIC = b"%PDF"


def max_bytes_setting() -> int:
    return int(getattr(settings, "EXCHANGE_MAX_FILE_BYTES", DEFAULT_MAX_BYTES))


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}"


def check_size(path: Path, max_bytes: int | None) -> int:
    """The file's size, from stat; refuse an empty or too big file without reading it."""
    limit = max_bytes_setting() if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportFileError(_("File '%(name)s' does not exist.") % {"name": path.name}) from None
    if size > limit:
        raise ImportFileError(
            _("The file is too big (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": _mib(size), "limit": _mib(limit)}
        )
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    return size


def _what_is(head: bytes) -> str:
    """What the first bytes say the file is."""
    if head.startswith(ZIP_MAGIC) or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(OLE2_MAGIC):
        return "ole2"
    if head.startswith(PDF_MAGIC):
        return "pdf"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        return "image"
    return "other"


def detect_format(path: Path) -> str:
    """'csv', 'xlsx', 'xls', 'ods' or 'json' from the extension, checked against the
    magic bytes (a PDF renamed .xlsx is refused here)."""
    suffix = path.suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(8)
    kind = _what_is(head)
    if suffix in EXCEL_EXTENSIONS:
        fmt = EXCEL_EXTENSIONS[suffix]
        expected = "ole2" if fmt == "xls" else "zip"
        if kind != expected:
            if kind == "pdf":
                raise ImportFileError(
                    _(
                        "The file '%(name)s' is a PDF document, not a spreadsheet. "
                        "Export the list from Excel as .xlsx or .csv and try again."
                    )
                    % {"name": path.name}
                )
            raise ImportFileError(
                _(
                    "The file '%(name)s' is not a real %(format)s spreadsheet (its content does "
                    "not match the extension)."
                )
                % {"name": path.name, "format": fmt.upper()}
            )
        return fmt
    if kind in ("zip", "ole2", "pdf", "image"):
        # Any extension (or none) on a binary we know: say what it is.
        if kind == "zip":
            return "xlsx" if suffix not in (".ods",) else "ods"
        if kind == "ole2":
            return "xls"
        raise ImportFileError(
            _("The file '%(name)s' is not a spreadsheet or a CSV file.") % {"name": path.name}
        )
    if suffix in JSON_EXTENSIONS:
        return "json"
    if suffix in CSV_EXTENSIONS or suffix == "":
        return "csv"
    raise ImportFileError(
        _("Unsupported file type '%(suffix)s'. Use .xlsx, .xls, .ods, .csv or .json.")
        % {"suffix": suffix}
    )


def check_zip(path: Path, size: int) -> None:
    """Refuse a corrupt or truncated zip and a zip bomb, from the central directory only
    (nothing is unpacked)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError):
        raise ImportFileError(
            _(
                "The file '%(name)s' is damaged or incomplete (the spreadsheet cannot be opened). "
                "Save it again from Excel and retry."
            )
            % {"name": path.name}
        ) from None
    total = 0
    for member in members:
        if member.header_offset + member.compress_size > size:
            raise ImportFileError(
                _(
                    "The file '%(name)s' is damaged or incomplete (the spreadsheet cannot be "
                    "opened). Save it again from Excel and retry."
                )
                % {"name": path.name}
            )
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if total > MAX_UNCOMPRESSED_BYTES or (member.file_size > BIG_MEMBER and ratio > MAX_RATIO):
            raise ImportFileError(
                _(
                    "The file '%(name)s' unpacks to a suspicious size (%(size)s MB from "
                    "%(packed)s MB): refused as a possible zip bomb."
                )
                % {"name": path.name, "size": _mib(total), "packed": _mib(size)}
            )
    # Entity declarations (billion laughs) in any XML part: refused before calamine or
    # openpyxl parse it (issue 12).
    try:
        check_office_zip(path, sizes=False)
    except HostileFileError as error:
        raise ImportFileError(f"'{path.name}': {error}") from None


# --------------------------------------------------------------------------- CSV


@dataclass
class CsvSource:
    path: Path
    encoding: str
    delimiter: str
    _handle: Any = None

    def rows(self) -> Iterator[list[str]]:
        """Every record as a list of cells (NFC text), streamed."""
        self.close()
        if self.encoding in (enc.TCVN3, enc.VNI, enc.CP1258):
            binary = self.path.open("rb")
            self._handle = binary
            decode = enc.line_decoder(self.encoding)
            lines: Any = map(decode, binary)
        else:
            text = self.path.open(encoding=self.encoding, newline="", errors="strict")
            self._handle = text
            lines = _nfc_lines(text)
        reader = csv.reader(lines, delimiter=self.delimiter, doublequote=True, strict=False)
        try:
            yield from reader
        except UnicodeDecodeError:
            raise ImportFileError(
                _("The file is not entirely in %(encoding)s (line %(line)d cannot be read).")
                % {"encoding": self.encoding, "line": reader.line_num + 1}
            ) from None
        except csv.Error:
            raise ImportFileError(
                _("The file '%(name)s' cannot be read as CSV (line %(line)d).")
                % {"name": self.path.name, "line": reader.line_num + 1}
            ) from None
        finally:
            self.close()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def _nfc_lines(lines: Any) -> Iterator[str]:
    is_normalized, normalize = unicodedata.is_normalized, unicodedata.normalize
    for line in lines:
        yield line if line.isascii() or is_normalized("NFC", line) else normalize("NFC", line)


def sniff_delimiter(lines: list[str]) -> str:
    """The delimiter among , ; tab that splits the first lines most consistently: the
    share of lines with the most common (non-zero) number of splits, then that number."""
    best, best_score = ",", (0.0, 0)
    for delimiter in (",", ";", "\t"):
        counts = [
            len(row) - 1
            for row in csv.reader(lines, delimiter=delimiter)
            if any(cell.strip() for cell in row)
        ]
        nonzero = [c for c in counts if c]
        if not nonzero:
            continue
        mode = max(set(nonzero), key=lambda c: (nonzero.count(c), c))
        score = (nonzero.count(mode) / len(counts), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _utf8_line_kinds(path: Path) -> tuple[int, int, int | None, int | None]:
    """Scan the whole file's lines: how many non-ASCII lines are valid UTF-8 and how many
    are not, and the first line number of each kind."""
    good = bad = 0
    first_good = first_bad = None
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                bad += 1
                first_bad = first_bad or number
            else:
                good += 1
                first_good = first_good or number
    return good, bad, first_good, first_bad


def _whole_file_is_utf8(path: Path) -> bool:
    decoder = __import__("codecs").getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _mixed_error(line: int, found: str, expected: str) -> ImportFileError:
    return ImportFileError(
        _(
            "The file mixes text encodings: line %(line)d is in %(found)s while the rest of the "
            "file is in %(expected)s. Save the whole file in one encoding (UTF-8) and retry."
        )
        % {"line": line, "found": found, "expected": expected}
    )


def _check_legacy_lines(path: Path, encoding: str) -> None:
    """In a legacy-encoded file, refuse lines that read clearly better in another
    legacy encoding (a TCVN3 line pasted into a Windows-1258 file)."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            if line.isascii() or len(line) < 24:
                continue
            own = enc.vietnamese_score(enc.decode_legacy(line, encoding))
            if own[0] >= 0.5 or (own[1] >= 3 and own[0] >= 0.34):
                continue
            for other in enc.LEGACY:
                if other == encoding:
                    continue
                score = enc.vietnamese_score(enc.decode_legacy(line, other))
                if score[0] >= 0.9 and score[1] >= 3:
                    raise _mixed_error(number, _label(other), _label(encoding))


def _label(encoding: str) -> str:
    return {
        enc.UTF8: "UTF-8",
        enc.UTF8_SIG: "UTF-8",
        enc.UTF16: "UTF-16",
        enc.UTF16_LE: "UTF-16",
        enc.UTF16_BE: "UTF-16",
        enc.CP1258: "Windows-1258",
        enc.TCVN3: "TCVN3 (ABC)",
        enc.VNI: "VNI",
    }.get(encoding, encoding)


_C0_CONTROLS = frozenset(range(32)) - {9, 10, 13}


def _looks_binary(sample: bytes, encoding: str | None) -> bool:
    """NUL bytes or many control bytes: a binary file named .csv (UTF-16 aside)."""
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if encoding and enc.normalize_name(encoding) in (enc.UTF16, enc.UTF16_LE, enc.UTF16_BE):
        return False
    if not sample:
        return False
    if b"\x00" in sample:
        # UTF-16 without a BOM is full of NULs too: binary unless it detects as UTF-16.
        return enc.detect_encoding(sample) not in (enc.UTF16, enc.UTF16_LE, enc.UTF16_BE)
    controls = sum(1 for byte in sample if byte in _C0_CONTROLS)
    return controls > max(8, len(sample) // 20)


def open_csv(path: Path, encoding: str | None = None) -> CsvSource:
    """Detect (unless forced) the encoding and the delimiter; refuse mixed encodings."""
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    if _looks_binary(sample, encoding):
        raise ImportFileError(
            _(
                "The file '%(name)s' is not a text (CSV) file: it holds binary data. "
                "Save the sheet as CSV (UTF-8) or send the .xlsx file itself."
            )
            % {"name": path.name}
        )
    if encoding:
        chosen = enc.normalize_name(encoding)
        if chosen == enc.UTF8 and sample.startswith(b"\xef\xbb\xbf"):
            chosen = enc.UTF8_SIG
        if chosen in (enc.UTF8, enc.UTF8_SIG) and not _whole_file_is_utf8(path):
            first_bad = _utf8_line_kinds(path)[3]
            raise ImportFileError(
                _("The file is not entirely in %(encoding)s (line %(line)d cannot be read).")
                % {"encoding": "UTF-8", "line": first_bad or 1}
            )
    else:
        chosen = enc.detect_encoding(sample)
        if chosen in (enc.UTF8, enc.UTF8_SIG, *enc.LEGACY) and not _whole_file_is_utf8(path):
            good, bad, first_good, first_bad = _utf8_line_kinds(path)
            if (
                first_good and first_bad
            ):  # some lines UTF-8, others not: the minority is the odd one
                if good >= bad:
                    legacy = enc.best_legacy(_line(path, first_bad))
                    raise _mixed_error(first_bad, _label(legacy), "UTF-8")
                legacy = chosen if chosen in enc.LEGACY else enc.best_legacy(sample)
                raise _mixed_error(first_good, "UTF-8", _label(legacy))
            if chosen not in enc.LEGACY:
                chosen = enc.best_legacy(sample)
            _check_legacy_lines(path, chosen)
    head = _first_lines(path, chosen, 12)
    return CsvSource(path, chosen, sniff_delimiter(head))


def _line(path: Path, number: int) -> bytes:
    with path.open("rb") as handle:
        for current, line in enumerate(handle, 1):
            if current == number:
                return line
    return b""


def _first_lines(path: Path, encoding: str, count: int) -> list[str]:
    lines: list[str] = []
    if encoding in enc.LEGACY:
        decode = enc.line_decoder(encoding)
        with path.open("rb") as handle:
            for line in handle:
                lines.append(decode(line))
                if len(lines) >= count:
                    break
        return lines
    try:
        with path.open(encoding=encoding, newline="") as handle:
            for text in handle:
                lines.append(text)
                if len(lines) >= count:
                    break
    except UnicodeDecodeError:
        raise ImportFileError(
            _("The file is not entirely in %(encoding)s (line %(line)d cannot be read).")
            % {"encoding": _label(encoding), "line": len(lines) + 1}
        ) from None
    return lines


# --------------------------------------------------------------------------- Excel


@dataclass
class SheetData:
    name: str
    rows: list[list[Any]]
    formula_cells: list[tuple[int, int]] = field(default_factory=list)  # (row0, col0)
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


def read_workbook(path: Path, fmt: str, sheet: str | None = None) -> list[SheetData]:
    """Every visible sheet (or just `sheet`) of an XLSX/XLS/ODS file, as cell rows."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises several types for a damaged file
        if "password" in str(error).lower() or type(error).__name__ == "PasswordError":
            raise ImportFileError(
                _("The file '%(name)s' is protected by a password. Remove the password and retry.")
                % {"name": path.name}
            ) from None
        raise ImportFileError(
            _(
                "The file '%(name)s' is damaged or incomplete (the spreadsheet cannot be opened). "
                "Save it again from Excel and retry."
            )
            % {"name": path.name}
        ) from None
    try:
        names = list(workbook.sheet_names)
        hidden = set()
        try:
            from python_calamine import SheetVisibleEnum

            for meta in workbook.sheets_metadata:
                if meta.visible != SheetVisibleEnum.Visible:
                    hidden.add(meta.name)
        except Exception:  # older calamine: no metadata, read every sheet
            hidden = set()
        if sheet is not None:
            if sheet not in names:
                raise ImportFileError(
                    _("The workbook has no sheet '%(sheet)s' (it has: %(names)s).")
                    % {"sheet": sheet, "names": ", ".join(names)}
                )
            names = [sheet]
        else:
            names = [n for n in names if n not in hidden]
        formulas = _xlsx_formula_cells(path) if fmt == "xlsx" else {}
        sheets = []
        for name in names:
            try:
                data = workbook.get_sheet_by_name(name)
                rows = data.to_python(skip_empty_area=False)
                merged: list[Any] = []  # ((first row, col), (last row, col)) from calamine
                try:
                    merged = [tuple(map(tuple, r)) for r in (data.merged_cell_ranges or [])]
                except Exception:
                    merged = []
            except ImportFileError:
                raise
            except Exception:
                raise ImportFileError(
                    _(
                        "The file '%(name)s' is damaged or incomplete (the spreadsheet cannot be "
                        "opened). Save it again from Excel and retry."
                    )
                    % {"name": path.name}
                ) from None
            sheets.append(SheetData(name, rows, formulas.get(name, []), merged))
        return sheets
    finally:
        workbook.close()


_SHEET_TAG = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL_TAG = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_REL_TAG_REVERSED = re.compile(rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')
_CELL_REF = re.compile(rb'<c\b[^>]*?r="([A-Z]+)([0-9]+)"')


def _column_index(letters: bytes) -> int:
    index = 0
    for char in letters:
        index = index * 26 + (char - 64)
    return index - 1


def _xlsx_formula_cells(path: Path) -> dict[str, list[tuple[int, int]]]:
    """Cells that hold a formula, per sheet name (calamine only gives cached values).

    A byte scan for '<f' in each worksheet's XML: cheap, and formulas are rare."""
    found: dict[str, list[tuple[int, int]]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                return found
            book = archive.read("xl/workbook.xml")
            rels = (
                archive.read("xl/_rels/workbook.xml.rels")
                if ("xl/_rels/workbook.xml.rels" in names)
                else b""
            )
            targets = {rid: target for rid, target in _REL_TAG.findall(rels)}
            targets.update({rid: target for target, rid in _REL_TAG_REVERSED.findall(rels)})
            for raw_name, rid in _SHEET_TAG.findall(book):
                target = targets.get(rid, b"").decode()
                member = target.lstrip("/") if target.startswith("/") else "xl/" + target
                if member not in names:
                    continue
                xml = archive.read(member)
                cells: list[tuple[int, int]] = []
                start = 0
                while len(cells) < FORMULA_FINDINGS_LIMIT:
                    at = xml.find(b"<f", start)
                    if at < 0:
                        break
                    start = at + 2
                    if xml[at + 2 : at + 3] not in (b">", b" ", b"/"):
                        continue
                    cell_at = xml.rfind(b"<c ", 0, at)
                    match = _CELL_REF.match(xml, cell_at) if cell_at >= 0 else None
                    if match:
                        cells.append((int(match.group(2)) - 1, _column_index(match.group(1))))
                if cells:
                    name = raw_name.decode("utf-8")
                    name = name.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
                    found[name] = cells
    except (zipfile.BadZipFile, KeyError, OSError):
        return found
    return found


def raw_rows(path: Path, *, encoding: str | None = None) -> Iterator[tuple[str, int, list[str]]]:
    """Every row of the file as text cells, header included, for the validation report:
    (sheet name, 1-based row number as in Finding.row, cells). Same guards as read_people."""
    from hientai.registry.values import cell_text

    path = Path(path)
    size = check_size(path, None)
    fmt = detect_format(path)
    if fmt == "csv":
        source = open_csv(path, encoding)
        for number, cells in enumerate(source.rows(), 1):
            yield "", number, cells
        return
    if fmt == "json":
        return
    if fmt in ("xlsx", "ods"):
        check_zip(path, size)
    for data in read_workbook(path, fmt):
        for number, row in enumerate(data.rows, 1):
            yield data.name, number, [cell_text(c) for c in row]


def read_json_bytes(path: Path) -> Any:
    import json

    try:
        with path.open("rb") as handle:
            return json.load(handle)
    except (ValueError, UnicodeDecodeError) as error:
        raise ImportFileError(
            _("The JSON file cannot be read: %(error)s") % {"error": str(error)[:200]}
        ) from None


def text_stream(data: bytes, encoding: str) -> io.StringIO:
    return io.StringIO(enc.decode_bytes(data, encoding))


def check_upload(upload: Any) -> None:
    """The cheap file-level refusals, on an uploaded file before it is stored as a job's
    input: a binary file named .csv, a zip bomb or an XML entity declaration in a
    spreadsheet (issue 12). Reads the first bytes and the zip directory only."""
    name = upload.name or ""
    suffix = Path(name).suffix.lower()
    upload.seek(0)
    head = upload.read(SAMPLE_BYTES)
    upload.seek(0)
    if suffix in CSV_EXTENSIONS and _looks_binary(head, None):
        raise ImportFileError(
            _(
                "The file '%(name)s' is not a text (CSV) file: it holds binary data. "
                "Save the sheet as CSV (UTF-8) or send the .xlsx file itself."
            )
            % {"name": name}
        )
    if not head.startswith(ZIP_MAGIC):
        return
    temporary = getattr(upload, "temporary_file_path", None)
    if temporary is not None:
        path = Path(temporary())
        check_zip(path, path.stat().st_size)
        return
    try:
        check_office_zip(upload.read())
    except HostileFileError as error:
        raise ImportFileError(f"'{name}': {error}") from None
    finally:
        upload.seek(0)
