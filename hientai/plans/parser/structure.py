"""From lines to a plan: paragraphs, numbered sections, tasks, targets and responsibilities.

1. Lines are reflowed into blocks. A block starts at a marker (I., 1., 2.1, a), đ), -, +,
   a label such as "Đơn vị chủ trì:", "Căn cứ") or where the previous line ended a
   paragraph: it ends with . ; : or is short while the next line starts with a capital.
   Tab-separated lines are table rows. Markers and labels are recognised on OCR-damaged
   lines too ("Pon vi chu tri thuc hién:", "I11.", "¢)").
2. Roman headings (in capitals) open sections, classified by their words: objectives
   (MỤC TIÊU), tasks (NHIỆM VỤ, GIẢI PHÁP, NỘI DUNG THỰC HIỆN), organisation (TỔ CHỨC
   THỰC HIỆN), reporting (BÁO CÁO), funding (KINH PHÍ). Numbered and lettered items nest
   under them; bullets, labels and paragraphs are the content of the innermost item.
3. A task is work the plan assigns (the "rõ người" of "6 rõ"):
   - an item of a task section carrying a lead / coordinator / deadline label;
   - a row of an appendix table (STT, Nội dung, Đơn vị chủ trì, Đơn vị phối hợp, Thời hạn),
     rows wrapped across page breaks (no STT) joined to the row above;
   - a sentence "Giao <unit> chủ trì, phối hợp với <units> <work>, hoàn thành <deadline>".
   Unlabelled items of a task section are directions, not tasks, when the plan assigns
   tasks elsewhere. The organisation section gives `responsibilities` (unit -> duties);
   when the plan assigns no task in any other way (a ward plan whose only assignment is
   "IV. TỔ CHỨC THỰC HIỆN"), each duty there becomes a task led by its unit.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from hientai.core.text import fold
from hientai.plans.parser import prose
from hientai.plans.parser import units as unit_names
from hientai.plans.parser.deadlines import parse_deadline
from hientai.plans.parser.model import Responsibility, Target, Task
from hientai.plans.parser.ocr_repair import repair_line
from hientai.plans.parser.targets import extract_targets, heading_year
from hientai.plans.parser.units import ocr_fold, per_char_fold

# ---------------------------------------------------------------- line level

_TIMESTAMP = re.compile(r"^\s*\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_PAGE_NUMBER = re.compile(r"^\s*[-–]?\s*\d{1,3}\s*[-–]?\s*$")
_BULLET = re.compile(r"^\s*([-–—+•▪●\uf02d\uf0b7\uf0a7*])\s*(.*)$")
_ROMAN = re.compile(r"^\s*([IVXl1]{1,5})\s*[./]\s*(.*)$")
_NUMBER = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\s*(?:[.)](?=\s|$|[^\d\s])|\s(?=\S))\s*(.*)$")
_NUMBER_DOTTED = re.compile(r"^\s*(\d{1,2}\.\d{1,2})\s+(\S.*)$")
_LETTER = re.compile(r"^\s*([a-zđ@¢])\s*[).]\s+(\S.*)$")
_LOST_LETTER = re.compile(r"^\s*\)\s+(\S.*)$")
_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9}
_CONNECTORS = {
    "va",
    "cua",
    "cac",
    "voi",
    "ngay",
    "cho",
    "trong",
    "theo",
    "ve",
    "tai",
    "la",
    "co",
    "duoc",
    "de",
    "nhung",
    "hoac",
    "tu",
    "den",
    "thuoc",
    "tham",
    "cung",
    "nhat",
    "mot",
    "ciia",
    "ctia",
    "cta",
}

LABELS = {
    "lead": ("don vi chu tri thuc hien", "don vi chu tri", "co quan chu tri", "chu tri"),
    "coordinators": (
        "don vi phoi hop thuc hien",
        "don vi phoi hop",
        "co quan phoi hop",
        "phoi hop thuc hien",
        "phoi hop",
    ),
    "deadline": (
        "thoi gian thuc hien",
        "thoi gian hoan thanh",
        "thoi han hoan thanh",
        "thoi han",
        "thoi gian",
        "tien do",
    ),
    "result": ("ket qua", "san pham", "ket qua du kien", "san pham dau ra"),
    "content": ("noi dung", "nhiem vu", "hinh thuc"),
}
_LABEL_CHOICES = [(name, pattern) for name, patterns in LABELS.items() for pattern in patterns]


@dataclass
class Block:
    kind: str  # roman, item, bullet, label, text, basis, table
    text: str
    marker: str = ""
    level: int = 0
    label: str | None = None
    cells: list[str] | None = None
    start_line: int = 0  # 1-based numbers of the source lines the block was read from
    end_line: int = 0

    def add(self, line: str, number: int = 0) -> None:
        self.text = f"{self.text} {line.strip()}".strip()
        self.end_line = max(self.end_line, number)


def span_of(*blocks: Block | None) -> tuple[int, int] | None:
    """(first, last) source line of the blocks, for the review page's highlighting."""
    numbered = [block for block in blocks if block is not None and block.start_line]
    if not numbered:
        return None
    return min(block.start_line for block in numbered), max(block.end_line for block in numbered)


def _uppercase_share(text: str) -> float:
    letters = [char for char in text if char.isalpha()]
    return sum(char.isupper() for char in letters) / len(letters) if letters else 0.0


def _roman_value(marker: str) -> int | None:
    normalised = marker.replace("1", "I").replace("l", "I")
    return _ROMAN_VALUES.get(normalised)


def _label_key(head: str) -> str:
    """Folded label with OCR's usual damage undone: "Pon vj" / "Bon vi" / "QUn vi" = "don vi"."""
    words = ocr_fold(head).strip(" -–+.").split()
    if words and re.fullmatch(r"(?:dp|[pbq])[ou]n", words[0]):
        words[0] = "don"
    return " ".join("vi" if word in {"vj", "vy"} else word for word in words)


def label_of(text: str) -> tuple[str, str] | None:
    """(label name, value) when the line starts with a label, OCR damage tolerated."""
    head, colon, rest = text.partition(":")
    if colon and len(head) <= 40 and len(head.split()) <= 6:
        key = _label_key(head)
        if key:
            best = max(
                ((fuzz.ratio(key, pattern), name) for name, pattern in _LABEL_CHOICES),
                default=(0, ""),
            )
            if best[0] >= 78:
                return best[1], rest.strip()
    # "Kết quả Các cơ quan ..." (OCR lost the colon)
    words = text.split()
    if (
        len(words) >= 3
        and fuzz.ratio(ocr_fold(" ".join(words[:2])), "ket qua") >= 80
        and words[2][:1].isupper()
    ):
        return "result", " ".join(words[2:])
    return None


def classify(line: str) -> Block:
    """The block a line opens (kind "text" when it has no marker)."""
    stripped = line.strip()
    if "\t" in line and len(line.split("\t")) >= 3:
        return Block("table", stripped, cells=[" ".join(cell.split()) for cell in line.split("\t")])
    if match := _ROMAN.match(stripped):
        value = _roman_value(match[1])
        if value and re.search(r"[IVX]", match[1]) and _uppercase_share(match[2]) >= 0.6:
            return Block("roman", match[2].strip(), marker=str(value), level=1)
    if match := _NUMBER_DOTTED.match(stripped):
        return Block("item", match[2].strip(), marker=match[1], level=2 + match[1].count("."))
    if (match := _NUMBER.match(stripped)) and match[2]:
        marker = match[1].rstrip(".")
        return Block("item", match[2].strip(), marker=marker, level=2 + marker.count("."))
    if match := _LETTER.match(stripped):
        letter = {"@": "a", "¢": "c"}.get(match[1], match[1])
        return Block("item", match[2].strip(), marker=letter, level=5)
    if match := _LOST_LETTER.match(stripped):
        return Block("item", match[1].strip(), marker="?", level=5)
    body = stripped
    marker = ""
    if match := _BULLET.match(stripped):
        marker, body = "-", match[2].strip()
    if found := label_of(body):
        return Block("label", found[1], marker=marker, label=found[0])
    folded = ocr_fold(body)
    if re.match(r"can c\w{0,3}\b", folded) and fuzz.ratio(folded[:6], "can cu") >= 70:
        return Block("basis", body)
    return Block("bullet" if marker else "text", body, marker=marker)


_FORCED_START = re.compile(
    r"^(?:ke hoach$|tren day la|noi nhan|phu luc|tm\.|kt\.|giao\s|theo de xuat|de trien khai)"
)


_OPEN_LABELS = re.compile(r"^\s*(?:don vi |co quan )?(?:chu tri|phoi hop|thoi gian|thoi han)")
_BASIS_START = re.compile(
    r"^(?:can cu\b|thuc hien (?:quyet dinh|nghi quyet|ke hoach|chi thi|cong van|chuong trinh"
    r"|thong bao|van ban|luat|nghi dinh|thong tu|de an|y kien|chi dao)\b)"
)


def _ends_paragraph(previous: str) -> bool:
    return bool(re.search(r"[.;:!?]\W{0,3}$", previous.strip()))


def _continues(previous: str, line: str, short: float, heading: bool = False) -> bool:
    first = line.strip()[:1]
    if first.islower() and not re.search(r"[.!?]\W{0,3}$", previous.strip()):
        return True  # a list of units runs on after ";": "...thành phố;\ncác cơ quan ..."
    if _ends_paragraph(previous):
        return False
    if first.islower() or first.isdigit() or first in '(“"':
        return True
    last_word = ocr_fold(previous).split()[-1:] or [""]
    if last_word[0] in _CONNECTORS:
        return True
    # A heading ("d) Triển khai ...") runs on to a capital only from a full line.
    return len(previous.strip()) >= (short / 0.8 * 0.9 if heading else short)


def build_blocks(lines: list[str]) -> list[Block]:
    kept = [
        (number, line.replace("\uf02d", "-").replace("\uf0b7", "-"))
        for number, line in enumerate(lines, start=1)
        if not _TIMESTAMP.match(line) and not _PAGE_NUMBER.match(line)
    ]
    lengths = sorted(
        len(line.strip()) for _number, line in kept if line.strip() and "\t" not in line
    )
    width = lengths[int(len(lengths) * 0.9)] if lengths else 80
    short = 0.8 * width
    blocks: list[Block] = []
    current: Block | None = None
    previous = ""
    for number, line in kept:
        if not line.strip():
            continue
        block = classify(line)
        block.start_line = block.end_line = number
        if block.kind == "table":
            blocks.append(block)
            current, previous = None, ""
            continue
        if (
            current is not None
            and block.kind in {"text", "label", "bullet"}
            and current.text.count("(") > current.text.count(")")
            and _OPEN_LABELS.search(fold(current.text.rsplit("(", 1)[-1]))
        ):
            current.add(line, number)  # a parenthesis wrapped: "(Chủ trì: ...;\nThời gian: ...)"
            previous = line
            continue
        forced = bool(_FORCED_START.match(fold(line.strip()))) or bool(
            line.strip()[:1].isupper() and _BASIS_START.match(fold(line.strip()))
        )
        if (
            block.kind == "text"
            and current is not None
            and not forced
            and _continues(previous, line, short, current.kind in {"item", "roman"})
        ):
            current.add(line, number)
            previous = line
            continue
        blocks.append(block)
        current, previous = block, line
    return blocks


# ---------------------------------------------------------------- tree


@dataclass
class Node:
    block: Block | None
    kind: str = ""  # section kind for roman nodes
    children: list[Node] = field(default_factory=list)
    content: list[Block] = field(default_factory=list)
    parent: Node | None = None

    @property
    def title(self) -> str:
        return self.block.text if self.block else ""


_PAST = re.compile(r"\b(?:danh gia|ket qua (?:thuc hien|dat duoc)|tinh hinh|thuc trang)\b")
_GOALS = re.compile(r"\b(?:muc tieu|chi tieu|nhiem vu|giai phap)\b")


def section_kind(heading: str) -> str:
    folded = ocr_fold(heading)
    if _PAST.search(folded) and not _GOALS.search(folded.split("ket qua")[0]):
        return "results"  # last years' results are not targets
    if "to chuc thuc hien" in folded or "to chuc trien khai" in folded:
        return "organisation"
    if "nhiem vu" in folded or "giai phap" in folded or "noi dung thuc hien" in folded:
        return "tasks"
    if "muc tieu" in folded or "chi tieu" in folded:
        return "objectives"
    if "muc dich" in folded or "yeu cau" in folded or "quan diem" in folded:
        return "purpose"
    if "bao cao" in folded:
        return "reporting"
    if "kinh phi" in folded:
        return "funding"
    return "other"


def build_tree(blocks: list[Block]) -> tuple[list[Block], list[Node], list[Block]]:
    """(preamble blocks, roman section nodes, table rows)."""
    preamble: list[Block] = []
    sections: list[Node] = []
    tables: list[Block] = []
    stack: list[Node] = []
    ended = False
    for block in blocks:
        if block.kind == "table":
            tables.append(block)
            continue
        folded = fold(block.text)
        if block.kind in {"text", "bullet"} and folded.startswith(("tren day la", "noi nhan")):
            ended = True
        if ended:
            continue
        if block.kind == "roman":
            node = Node(block, kind=section_kind(block.text))
            sections.append(node)
            stack = [node]
            continue
        if not stack:
            preamble.append(block)
            continue
        if block.kind == "item":
            while len(stack) > 1 and stack[-1].block and stack[-1].block.level >= block.level:
                stack.pop()
            node = Node(block, kind=stack[0].kind, parent=stack[-1])
            stack[-1].children.append(node)
            stack.append(node)
            continue
        stack[-1].content.append(block)
    return preamble, sections, tables


def walk(node: Node) -> list[Node]:
    found = [node]
    for child in node.children:
        found.extend(walk(child))
    return found


# ---------------------------------------------------------------- the parser


_VERBS = (
    "to chuc",
    "trien khai",
    "thuc hien",
    "xay dung",
    "tham muu",
    "hoan thanh",
    "ra soat",
    "nghien cuu",
    "de xuat",
    "ban hanh",
    "huong dan",
    "theo doi",
    "kiem tra",
    "bao cao",
    "tong hop",
    "cap nhat",
    "chu dong",
    "dam bao",
    "bao dam",
    "day manh",
    "tang cuong",
    "nang cao",
    "cung cap",
    "quan triet",
    "tuyen truyen",
    "danh gia",
    "bo tri",
    "tham dinh",
    "can doi",
    "huy dong",
    "ho tro",
    "lap ",
    "chiu trach nhiem",
    "dinh ky",
    "phan dau",
    "ket noi",
    "khao sat",
    "lua chon",
    "phat dong",
    "cu can bo",
)
_VERB_RE = re.compile(r"\b(?:" + "|".join(re.escape(verb.strip()) for verb in _VERBS) + r")\b")


@functools.lru_cache(maxsize=1)
def _protected_keys() -> tuple[str, ...]:
    """Folded unit names of three words or more (verbs inside them are not verbs)."""
    names = [entry.name for entry in unit_names.gazetteer() if len(entry.name.split()) >= 3]
    names += [name for name in unit_names.generic_names() if len(name.split()) >= 3]
    names += [name for name in unit_names.typical_names() if len(name.split()) >= 3]
    keys = {
        fold(variant) for name in names for variant in (name, *unit_names.without_location(name))
    }
    return tuple(key for key in keys if len(key.split()) >= 3)


def _protected_spans(text: str) -> list[tuple[int, int]]:
    """Where gazetteer and generic unit names sit in `text` (verbs inside them don't count)."""
    folded = per_char_fold(text)
    spans = []
    for key in _protected_keys():
        start = folded.find(key)
        while start != -1:
            spans.append((start, start + len(key)))
            start = folded.find(key, start + 1)
    return spans


def first_verb(text: str, start: int = 0) -> int | None:
    """Position of the first verb phrase in `text` at or after `start` outside unit names."""
    folded = per_char_fold(text)
    spans = _protected_spans(text)
    for match in _VERB_RE.finditer(folded, start):
        if not any(begin <= match.start() < end for begin, end in spans):
            return match.start()
    return None


_COORDINATE = re.compile(r"\bphoi hop(?:\s+(?:voi|cung))?\s+")
_GIAO = re.compile(r"^giao\s+(.+?)\s+chu tri\b[\s,]*", re.IGNORECASE)
_COMPLETE = re.compile(
    r"[,;]?\s*\b(?:hoan thanh|thoi han|thoi gian hoan thanh)\s*(?:trong|truoc|vao)?\s*"
    r"(.+?)\s*[.;]?$"
)


@dataclass
class Context:
    repair: bool
    issuer_code: str | None = None
    # OCR repairs made: (written, read) -> confidence, for the review page.
    repairs: dict[tuple[str, str], float] = field(default_factory=dict)

    def text(self, value: str) -> str:
        if not self.repair:
            return value
        changes: list[tuple[str, str, float]] = []
        repaired = repair_line(value, changes)
        for written, read, sure in changes:
            self.repairs[(written, read)] = min(sure, self.repairs.get((written, read), 1.0))
        return repaired

    def units(self, value: str) -> list[str]:
        value = re.sub(r"\((?:qua|b/c)[^)]*\)", "", value)
        names = unit_names.split_units(value)
        if self.repair:
            names = [unit_names.snap(name) for name in names]
        return names

    def codes(self, names: list[str]) -> list[str | None]:
        return [unit_names.resolve_code(name, self.issuer_code) for name in names]


def coordinators_in(text: str, context: Context) -> list[str]:
    """Units after "phối hợp (với)" up to the work they do: "phối hợp với các phòng, đơn vị
    tổ chức thực hiện" -> ["các phòng, đơn vị"]."""
    folded = per_char_fold(text)
    match = _COORDINATE.search(folded)
    if not match:
        return []
    end = first_verb(text, match.end())
    stop = re.search(r"[.;:(]", text[match.end() :])
    limit = match.end() + stop.start() if stop else len(text)
    end = min(end, limit) if end is not None else limit
    chunk = text[match.end() : end].strip(" ,")
    if not chunk or not unit_names.starts_with_unit(chunk, after_and=True):
        return []
    return context.units(chunk)


def deadline_in(text: str) -> str | None:
    folded = per_char_fold(text)
    if match := _COMPLETE.search(folded):
        return text[match.start(1) : match.end(1)].strip(" .;")
    return None


def assignment_task(text: str, context: Context) -> Task | None:
    """ "Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính xây dựng ..., hoàn thành trong
    Quý III/2026" -> a task."""
    folded = per_char_fold(text)
    match = _GIAO.match(folded)
    if not match:
        return None
    lead = context.units(text[match.start(1) : match.end(1)])
    rest_start = match.end()
    coordinators: list[str] = []
    if coordinate := _COORDINATE.match(folded, rest_start):
        verb = first_verb(text, coordinate.end())
        end = verb if verb is not None else len(text)
        coordinators = context.units(text[coordinate.end() : end].strip(" ,"))
        rest_start = end
    rest = text[rest_start:].strip(" ,")
    deadline_raw = deadline_in(rest)
    if deadline_raw:
        cut = per_char_fold(rest).rfind(fold(deadline_raw))
        title = rest[:cut]
        title = re.sub(r"[,;]?\s*\b(?:hoàn thành|thời hạn)\s*(?:trong|trước|vào)?\s*$", "", title)
    else:
        title = rest
    title = title.strip(" ,.;")
    if not title:
        return None
    return Task(
        title=title[:1].upper() + title[1:],
        lead=lead,
        coordinators=coordinators,
        deadline=parse_deadline(deadline_raw),
        source="assignment",
    )


def _item_number(node: Node) -> str:
    parts = []
    current: Node | None = node
    while current is not None and current.block is not None and current.block.kind == "item":
        parts.append(current.block.marker)
        current = current.parent
    return ".".join(reversed(parts))


def _group(node: Node, context: Context) -> str | None:
    parent = node.parent
    if parent is None or parent.block is None:
        return None
    return context.text(parent.block.text).strip(" :")


def prose_task(text: str, context: Context) -> Task | None:
    """A task written as a sentence (see prose.py), or None."""
    return prose.inline_task(text, context, label_of) or prose.unit_task(
        text, context, label_of, first_verb
    )


def block_tasks(section: Node, context: Context) -> list[Task]:
    tasks: list[Task] = []
    for node in walk(section):
        labels = [block for block in node.content if block.kind == "label"]
        values: dict[str, str] = {}
        for block in labels:
            if block.label and block.label != "content" and block.label not in values:
                values[block.label] = block.text
        heading = context.text(node.block.text).strip().rstrip(":").strip() if node.block else ""
        if node.block is not None and {"lead", "coordinators", "deadline"} & set(values):
            lead = context.units(context.text(values.get("lead", "")))
            coordinators = context.units(context.text(values.get("coordinators", "")))
            raw = context.text(values["deadline"]) if "deadline" in values else None
            title = heading
            if raw is None:
                title, raw = prose.split_deadline(heading)
            result = context.text(values["result"]).strip() if values.get("result") else None
            tasks.append(
                Task(
                    title=title,
                    lead=lead,
                    coordinators=coordinators,
                    deadline=parse_deadline(raw),
                    result=result or None,
                    number=_item_number(node),
                    group=_group(node, context),
                    source="block",
                    span=span_of(node.block, *node.content),
                )
            )
            continue
        is_item = node.block is not None and node.block.kind == "item"
        if is_item and (task := prose_task(heading, context)):
            task.number = _item_number(node)
            task.group = _group(node, context)
            task.span = span_of(node.block)
            tasks.append(task)
        for block in node.content:
            if block.kind not in {"text", "bullet"}:
                continue
            task = prose_task(context.text(block.text), context)
            if task is None:
                continue
            if prose.generic_work(task.title) and heading:
                task.title = heading  # "Sở Y tế: chủ trì thực hiện." under its heading
            task.group = heading or None
            task.span = span_of(block)
            tasks.append(task)
    return tasks


# Appendix tables: which column is which, read from the header row.
_COLUMNS = (
    ("number", ("stt", "tt", "so tt")),
    ("lead", ("chu tri",)),
    ("coordinators", ("phoi hop",)),
    ("deadline", ("thoi han", "thoi gian", "tien do")),
    ("result", ("ket qua", "san pham")),
    ("title", ("noi dung", "nhiem vu", "ten nhiem vu", "cong viec")),
)


def _header_columns(cells: list[str]) -> dict[str, int] | None:
    """Column positions when the row is a task table's header, else None."""
    if any(re.fullmatch(r"\d+\.?", cell.strip()) or len(cell) > 60 for cell in cells):
        return None  # a data row ("12 | ... nhiệm vụ ... | ... chủ trì ...")
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        folded = ocr_fold(cell)
        if folded.replace(" ", "") in {"stt", "tt", "sott"} and "number" not in columns:
            columns["number"] = index  # "ST T": the narrow column wrapped the header
            continue
        for name, keys in _COLUMNS:
            if name not in columns and any(key == folded or key in folded for key in keys):
                columns[name] = index
                break
    if "title" in columns and ("lead" in columns or "deadline" in columns):
        return columns
    return None


def cells_filled(cells: list[str]) -> bool:
    return sum(1 for cell in cells if cell) >= 2


def table_tasks(rows: list[Block], context: Context) -> list[Task]:
    tasks: list[Task] = []
    columns: dict[str, int] | None = None
    current: dict[str, str] | None = None
    group: str | None = None
    pending: list[dict[str, str]] = []
    spans: list[tuple[int, int]] = []  # source lines of each pending row

    def cell(cells: list[str], name: str) -> str:
        index = columns.get(name) if columns else None
        return cells[index].strip() if index is not None and index < len(cells) else ""

    for row in rows:
        cells = row.cells or []
        if header := _header_columns(cells):
            if "number" not in header and header["title"] > 0:
                header["number"] = 0  # the number column's header was lost (OCR)
            columns = header
            continue
        if columns is None:
            continue  # no header row (STT, Nội dung, Chủ trì ...): not a list of tasks
        number = cell(cells, "number").rstrip("_-—~ ")
        title = cell(cells, "title")
        others = [cell(cells, name) for name in ("lead", "coordinators", "deadline")]
        if not number and pending and title[:1].isupper() and cells_filled(others):
            # A row whose number OCR lost: it has its own title and lead, unlike the
            # rest of a row wrapped across a page break.
            number = str(int(pending[-1]["number"]) + 1) if pending[-1]["number"].isdigit() else ""
        if re.fullmatch(r"\d{1,3}\.?", number):
            current = {name: cell(cells, name) for name, _keys in _COLUMNS}
            current["number"] = number.rstrip(".")
            current["group"] = group or ""
            pending.append(current)
            spans.append((row.start_line, row.end_line))
        elif number and not any(others) and (_roman_value(number) or _uppercase_share(title) > 0.6):
            group = title  # "I  NHÓM NHIỆM VỤ THƯỜNG XUYÊN"
            current = None
        elif not number and current is not None:
            spans[-1] = (spans[-1][0], row.end_line)
            for name, _keys in _COLUMNS:  # a row wrapped across a page break
                if name != "number" and (value := cell(cells, name)):
                    current[name] = f"{current[name]} {value}".strip()
    for found, span in zip(pending, spans, strict=True):
        lead = context.units(context.text(found["lead"]))
        coordinators = context.units(context.text(found["coordinators"]))
        tasks.append(
            Task(
                title=context.text(" ".join(found["title"].split())),
                lead=lead,
                coordinators=coordinators,
                deadline=parse_deadline(context.text(found["deadline"])),
                result=context.text(found["result"]) or None,
                number=found["number"],
                group=context.text(found["group"]) or None,
                source="appendix",
                span=span if span[0] else None,
            )
        )
    return tasks


def org_unit(node: Node, context: Context) -> tuple[str, str] | None:
    """(unit, duty written on the heading line) of an organisation-section item, if it
    names a unit ("2. Sở Nội vụ", "3. Phòng Kinh tế, Hạ tầng và Đô thị: Thẩm định ...")."""
    heading = context.text(node.title)
    head, _colon, inline = heading.partition(":")
    if re.fullmatch(r"(?:cac\s+)?(?:so|ban|phong)", fold(head).strip()):
        # "Các Sở: Y tế, Xây dựng" names the units; their duty is written on the next lines
        head, inline = heading, ""
    unit = re.sub(r"^\s*Đề nghị\s+", "", head.strip(), flags=re.IGNORECASE)
    unit = re.sub(r"\s*\(.*?\)\s*$", "", unit).strip(" .")
    if not unit_names.starts_with_unit(unit):
        return None
    if context.repair:
        unit = unit_names.snap(unit)
    return unit, inline.strip()


def responsibilities(section: Node, context: Context) -> list[Responsibility]:
    found: list[Responsibility] = []
    for node in section.children:
        named = org_unit(node, context)
        if named is None:
            continue
        unit, inline = named
        pairs = [(inline, span_of(node.block))] if inline else []
        pairs += [
            (context.text(block.text), span_of(block))
            for block in node.content
            if block.kind not in {"label", "basis"}
        ]
        pairs = [(duty.strip(), span) for duty, span in pairs if duty.strip()]
        found.append(
            Responsibility(
                unit,
                [duty for duty, _span in pairs],
                unit_names.resolve_code(unit, context.issuer_code),
                spans=[span for _duty, span in pairs],
            )
        )
    for block in section.content:
        text = context.text(block.text)
        if fold(text).startswith("giao ") and (task := assignment_task(text, context)):
            unit = ", ".join(task.lead)
        else:
            verb = first_verb(text)
            subject = text[:verb].strip(" ,;") if verb else ""
            if not subject or not unit_names.starts_with_unit(subject):
                continue
            unit = "; ".join(context.units(subject))
        found.append(
            Responsibility(
                unit,
                [text],
                unit_names.resolve_code(unit, context.issuer_code),
                spans=[span_of(block)],
            )
        )
    return found


def organisation_tasks(items: list[Responsibility], context: Context) -> list[Task]:
    tasks = []
    for item in items:
        lead = context.units(item.unit)
        for index, duty in enumerate(item.duties):
            title, raw = prose.split_deadline(duty)
            if raw is None:
                title, raw = duty, deadline_in(duty)
            title = title[:1].upper() + title[1:]
            tasks.append(
                Task(
                    title=title,
                    lead=lead,
                    coordinators=coordinators_in(duty, context),
                    deadline=parse_deadline(raw),
                    group=item.unit,
                    source="organisation",
                    span=item.spans[index] if index < len(item.spans) else None,
                )
            )
    return tasks


# ---------------------------------------------------------------- targets


def _year_context(node: Node | None) -> int | None:
    while node is not None and node.block is not None:
        text = node.block.text
        folded = ocr_fold(text)
        first_words = " ".join(folded.split()[:2])
        is_goal = (
            fuzz.ratio(first_words, "muc tieu") >= 75
            or folded.startswith(
                ("tam nhin", "chi tieu", "dinh huong", "den nam", "muc tieu", "den het nam")
            )
            or re.match(r"^(?:nam|trong nam|giai doan|phan dau den nam)\s+(?:19|20)\d\d", folded)
            or node.block.kind == "roman"
        )
        if is_goal and (year := heading_year(text)):
            return year
        node = node.parent
    return None


def section_targets(section: Node, context: Context) -> list[Target]:
    found: list[Target] = []
    for node in walk(section):
        year = _year_context(node)
        blocks = [node.block] if node.block is not None and node.block.kind == "item" else []
        blocks += node.content
        for block in blocks:
            for target in extract_targets(context.text(block.text), year):
                target.span = span_of(block)
                found.append(target)
    return found
