"""Lines and tables from word positions: a PDF's text layer (pdfplumber words) or a scan's
OCR (tesseract TSV word boxes) become the same lines the other readers give, table rows as
tab-separated cells.

Words are grouped into lines by their vertical position. A task table is found by its
header (STT / Nội dung / Đơn vị chủ trì / Phối hợp / Thời gian ...), which may wrap over
several lines ("ST" over "T", "Đơn vị" over "chủ trì"): the header words' horizontal
extents, merged, give the columns. The boundary between two columns is where the rows
below leave the most empty space (the gutter), so left-aligned cell text is not taken
for its neighbour's. Rows start at a number in the STT column; the lines between two
numbers are the row's wrapped cell text. The table ends where a line runs across a
column boundary like a paragraph, at a section heading or at "Nơi nhận", and goes on at
the top of the next page when nothing ended it. Rulings are not needed.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass, field

from hientai.core.text import fold

_HEADER_KEYS = {
    "number": ("stt", "tt", "sott"),
    "title": ("noi dung", "nhiem vu", "ten nhiem vu", "cong viec", "hoat dong", "ten de an"),
    "lead": ("chu tri",),
    "coordinators": ("phoi hop",),
    "deadline": ("thoi gian", "thoi han", "tien do", "hoan thanh"),
    "result": ("ket qua", "san pham"),
}
_ROW_NUMBER = re.compile(r"^(?:\d{1,3}[.)]?|[IVX]{1,4}\.?|[a-zđ]\))$")
_STOP = re.compile(r"^(?:noi nhan|tm\.|kt\.|tm |kt |[ivx]{1,4}\s*[./]\s|phu luc)")
_PAGE_NUMBER = re.compile(r"^[-–]?\s*\d{1,3}\s*[-–]?$")


@dataclass
class Word:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    conf: float = 100.0

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Column:
    x0: float
    x1: float
    words: list[Word] = field(default_factory=list)

    @property
    def text(self) -> str:
        ordered = sorted(self.words, key=lambda word: (round(word.top / 4), word.x0))
        return " ".join(word.text for word in ordered)


@dataclass
class TableState:
    """Carried from page to page: the columns of a table the page break did not end."""

    boundaries: list[float] | None = None
    number_column: int = 0
    unread: int = 0  # tables seen whose header could not be read


_RULING = re.compile(r"^[|_‖¦\[\]!]+$")


def clean_words(words: list[Word]) -> list[Word]:
    """Words without the table rulings OCR reads as "|", "_" or "[" and without boxes far
    taller than the text (a ruling or a stain)."""
    kept = []
    for word in words:
        text = word.text.strip().strip("|¦‖")
        if not text or _RULING.match(text):
            continue
        kept.append(Word(word.x0, word.x1, word.top, word.bottom, text, word.conf))
    if not kept:
        return kept
    median = statistics.median(word.height for word in kept)
    return [word for word in kept if word.height <= 2.5 * median]


def group_lines(words: list[Word]) -> list[list[Word]]:
    """Words on the same visual line, top to bottom, each line left to right."""
    lines: list[list[Word]] = []
    centres: list[float] = []
    heights = [word.height for word in words]
    tolerance = 0.45 * (statistics.median(heights) if heights else 10)
    for word in sorted(words, key=lambda item: (item.middle, item.x0)):
        if lines and abs(word.middle - centres[-1]) <= tolerance:
            lines[-1].append(word)
            count = len(lines[-1])
            centres[-1] = (centres[-1] * (count - 1) + word.middle) / count
        else:
            lines.append([word])
            centres.append(word.middle)
    return [sorted(line, key=lambda word: word.x0) for line in lines]


def _height(words: list[Word]) -> float:
    return statistics.median([word.height for word in words]) if words else 10.0


def line_text(line: list[Word], height: float) -> str:
    """The words joined by spaces; a wide gap (two header columns) becomes a run of spaces."""
    parts: list[str] = []
    for index, word in enumerate(line):
        if index:
            gap = word.x0 - line[index - 1].x1
            parts.append("     " if gap > 3.0 * height else " ")
        parts.append(word.text)
    return "".join(parts)


def _keys_in(text: str) -> set[str]:
    folded = fold(text)
    squashed = folded.replace(" ", "")
    found = set()
    for name, keys in _HEADER_KEYS.items():
        if name == "number":
            if re.search(r"(?:^|\s)(?:s\s?t\s?t|t\s?t)(?:\s|$)", folded) or squashed.startswith(
                ("stt", "tt")
            ):
                found.add(name)
        elif any(key in folded for key in keys):
            found.add(name)
    return found


def looks_like_header(text: str) -> bool:
    """A short line naming a task table's columns (content and lead or deadline)."""
    keys = _keys_in(text)
    return len(text.split()) <= 30 and "title" in keys and bool({"lead", "deadline"} & keys)


def wide_gaps(line: list[Word], height: float) -> int:
    """Gaps wider than a word space: a table row's or a header's column gutters."""
    return sum(
        1 for first, second in itertools.pairwise(line) if second.x0 - first.x1 > 1.0 * height
    )


def _header_band(lines: list[list[Word]], start: int, height: float) -> int | None:
    """The index after the header lines when a task table's header starts at `start`."""
    keys = _keys_in(" ".join(word.text for word in lines[start]))
    if not keys or len(lines[start]) > 30 or wide_gaps(lines[start], height) < 2:
        return None  # a header's first line has column gutters; a sentence has none
    end = start + 1
    while end < len(lines) and end - start < 4:
        line = lines[end]
        gap = line[0].top - max(word.bottom for word in lines[end - 1])
        text = " ".join(word.text for word in line)
        if gap > 1.6 * height or _ROW_NUMBER.match(line[0].text) or len(text) > 90:
            break
        keys |= _keys_in(text)
        end += 1
    # The band's words taken together: "Đơn vị" over "chủ trì" is one header.
    band_text = " ".join(word.text for line in lines[start:end] for word in line)
    keys |= _keys_in(band_text)
    if "title" in keys and ({"lead", "deadline"} & keys) and len(keys) >= 3:
        return end
    return None


def _columns(words: list[Word], height: float) -> list[Column]:
    """Header words merged into columns: neighbours on a line, and overlaps across lines."""
    spans: list[Column] = []
    for line in group_lines(words):
        current: Column | None = None
        for word in line:
            if current is not None and word.x0 - current.x1 < 0.9 * height:
                current.x1 = max(current.x1, word.x1)
                current.words.append(word)
            else:
                current = Column(word.x0, word.x1, [word])
                spans.append(current)
    spans.sort(key=lambda column: column.x0)
    merged: list[Column] = []
    for span in spans:
        if merged and span.x0 <= merged[-1].x1 + 0.3 * height:
            merged[-1].x1 = max(merged[-1].x1, span.x1)
            merged[-1].words += span.words
        else:
            merged.append(Column(span.x0, span.x1, list(span.words)))
    return merged


def _boundaries(columns: list[Column], body: list[list[Word]]) -> list[float]:
    """Between each pair of columns, the x the body's words cover least (the gutter)."""
    found = []
    for left, right in itertools.pairwise(columns):
        lo, hi = left.x1, right.x0
        if hi <= lo:
            found.append((lo + hi) / 2)
            continue
        best_x, best_cover = (lo + hi) / 2, None
        steps = max(int(hi - lo), 1)
        for step in range(steps + 1):
            x = lo + (hi - lo) * step / steps
            cover = sum(1 for line in body for word in line if word.x0 <= x <= word.x1)
            # Prefer the emptiest x; among equals the one nearest the left header (cells
            # are left-aligned, so the gutter ends just before the right column's text).
            if best_cover is None or cover < best_cover:
                best_x, best_cover = x, cover
        found.append(best_x)
    return found


def _cells(line: list[Word], boundaries: list[float]) -> list[list[Word]]:
    cells: list[list[Word]] = [[] for _ in range(len(boundaries) + 1)]
    for word in line:
        centre = (word.x0 + word.x1) / 2
        index = sum(1 for boundary in boundaries if centre > boundary)
        cells[index].append(word)
    return cells


def _runs_across(line: list[Word], boundaries: list[float], height: float) -> bool:
    """A paragraph line: two words a space apart sit on both sides of a boundary."""
    for first, second in itertools.pairwise(line):
        if second.x0 - first.x1 < 0.42 * height:
            for boundary in boundaries:
                if first.x1 <= boundary + 0.5 and second.x0 >= boundary - 0.5:
                    return True
                if first.x0 < boundary < first.x1 - 0.5 * height:
                    return True
    return False


def _is_stop(line: list[Word]) -> bool:
    return bool(_STOP.match(fold(" ".join(word.text for word in line[:4]))))


def _rows(
    lines: list[list[Word]], start: int, boundaries: list[float], number_column: int, height: float
) -> tuple[list[list[str]], int, bool]:
    """(rows as cell texts, index after the table, whether the table ended on this page)."""
    rows: list[list[list[Word]]] = []
    index = start
    while index < len(lines):
        line = lines[index]
        text = " ".join(word.text for word in line)
        if _PAGE_NUMBER.match(text.strip()) and len(line) == 1:
            index += 1
            continue
        if _is_stop(line) or _runs_across(line, boundaries, height):
            return _texts(rows), index, True
        cells = _cells(line, boundaries)
        marker = cells[number_column][0].text.rstrip("_-—~") if cells[number_column] else ""
        if _ROW_NUMBER.match(marker) or not rows or _opens_row(cells, number_column, rows[-1]):
            rows.append(cells)
        else:
            for column, words in enumerate(cells):
                rows[-1][column].extend(words)
        index += 1
    return _texts(rows), index, False


def _opens_row(cells: list[list[Word]], number_column: int, previous: list[list[Word]]) -> bool:
    """A row whose number OCR lost: two cells or more open with a capital on this line,
    where the row above already has text (a wrapped cell goes on in lower case)."""
    opening = 0
    for column, words in enumerate(cells):
        if column == number_column or not words:
            continue
        first = words[0].text.lstrip("(\"“'-–")
        if first[:1].isupper() and previous[column]:
            opening += 1
    return opening >= 2 and not cells[number_column]


def _texts(rows: list[list[list[Word]]]) -> list[list[str]]:
    return [[" ".join(word.text for word in cell) for cell in row] for row in rows]


def page_lines(words: list[Word], state: TableState) -> list[str]:
    """The page's lines; task tables as one tab-separated line per row (header first)."""
    words = clean_words(words)
    lines = group_lines(words)
    height = _height(words)
    out: list[str] = []
    index = 0
    if state.boundaries is not None and lines:
        rows, index, ended = _rows(lines, 0, state.boundaries, state.number_column, height)
        out += ["\t".join(row) for row in rows]
        if ended:
            state.boundaries = None
            out.append("")
    while index < len(lines):
        end = _header_band(lines, index, height)
        if end is None:
            text = " ".join(word.text for word in lines[index])
            if looks_like_header(text) and wide_gaps(lines[index], height) >= 2:
                state.unread += 1  # looks like a table's header, but its columns were not found
            out.append(line_text(lines[index], height))
            index += 1
            continue
        header_words = [word for line in lines[index:end] for word in line]
        columns = _columns(header_words, height)
        if len(columns) < 3:
            state.unread += 1
            out.append(line_text(lines[index], height))
            index += 1
            continue
        body = []
        for line in lines[end:]:
            if _is_stop(line):
                break
            body.append(line)
        boundaries = _boundaries(columns, body)
        header = [[] for _ in range(len(columns))]
        for word in header_words:
            header[sum(1 for b in boundaries if (word.x0 + word.x1) / 2 > b)].append(word)
        header_texts = [Column(0, 0, cell).text for cell in header]
        number_column = next(
            (i for i, text in enumerate(header_texts) if "number" in _keys_in(text)), 0
        )
        out.append("\t".join(header_texts))
        rows, index, ended = _rows(lines, end, boundaries, number_column, height)
        out += ["\t".join(row) for row in rows]
        if ended:
            out.append("")
            state.boundaries = None
        else:
            state.boundaries, state.number_column = boundaries, number_column
    return out
