"""Unit names in plans: splitting lists of units, the gazetteer and generic names.

The gazetteer is orgs/data/units.csv read directly (no database), so the parser runs
anywhere. Names are kept as written; `snap` repairs OCR-damaged names against the
gazetteer and the generic names of data/generic_units.txt, and `resolve_code` finds the
unit code for the importer.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from hientai.core.text import fold

UNITS_CSV = Path(__file__).resolve().parents[2] / "orgs" / "data" / "units.csv"
GENERIC_FILE = Path(__file__).resolve().parent / "data" / "generic_units.txt"
TYPICAL_FILE = Path(__file__).resolve().parent / "data" / "typical_units.txt"
PLACES_FILE = Path(__file__).resolve().parent / "data" / "places.txt"

# OCR confusions inside words: "S&" = Sở, "s6" = số, "k¥" = kỹ, "1ap" = lập, "4n" = ăn.
_OCR_CHARS = str.maketrans(
    {
        "&": "o",
        "¢": "o",
        "@": "o",
        "$": "s",
        "§": "y",
        "¥": "y",
        "€": "e",
        "6": "o",
        "0": "o",
        "1": "l",
        "4": "a",
        "5": "s",
        "9": "o",
        "3": "a",
        "'": None,
        "’": None,
        "‘": None,
    }
)
_WORD_WITH_LETTER = re.compile(r"\S*[a-z]\S*")


def ocr_fold(text: str) -> str:
    """fold() that also undoes OCR's digit/symbol-for-letter confusions inside words."""
    folded = fold(text)
    return _WORD_WITH_LETTER.sub(lambda match: match[0].translate(_OCR_CHARS), folded)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    return (fold(char) or " ")[:1] if char.strip() else char


def per_char_fold(text: str) -> str:
    """fold() keeping the length: position i of the result is character i of `text`."""
    return "".join(map(_fold_char, text))


@dataclass(frozen=True)
class GazetteerEntry:
    code: str
    name: str
    kind: str
    parent: str
    current: bool


# Words that begin a unit name: a new unit starts after "," / "và" / "cùng" only with one.
_STARTS = (
    "cac ",
    "so ",
    "phong ",
    "van phong",
    "ban ",
    "uy ban",
    "ubnd",
    "hdnd",
    "trung tam",
    "cong an",
    "lien hiep",
    "hoi ",
    "bao ",
    "dai ",
    "cuc ",
    "chi cuc",
    "tong cuc",
    "truong ",
    "vien ",
    "bo ",
    "thong ke",
    "co so ",
    "co quan thuong truc",
    "thanh tra",
    "kho bac",
    "ngan hang",
    "bao hiem",
    "mat tran",
    "hoi dong",
    "tinh doan",
    "thanh doan",
    "lanh dao",
    "thu truong",
    "chu tich",
    "bo chi huy",
    "bo tu lenh",
    "buu dien",
    "lien doan",
    "lien minh",
    "vien thong",
    "dai hoc",
    "hoc vien",
    "hiep hoi",
    "quy phat trien",
    "toa an",
    "vien kiem sat",
    "hai quan",
    "dang uy",
    "tram y te",
    "doan thanh nien",
    "thue tinh",
    "thue thanh pho",
    "ban chi huy",
)
_STARTS_AFTER_AND = ("don vi", "co quan", "dia phuong", "doanh nghiep")
_LOCATION_SUFFIXES = (" tỉnh Đồng Nai", " thành phố Đồng Nai", " tỉnh Bình Phước", " Đồng Nai")
_ABBREVIATIONS = (
    ("Ủy ban nhân dân", "UBND"),
    ("Khoa học và Công nghệ", "KH&CN"),
    ("Khoa học và Công nghệ", "KHCN"),
    ("Khoa học và Kỹ thuật", "KH&KT"),
    ("Hội đồng nhân dân", "HĐND"),
)
_PERSON_TITLES = re.compile(
    r"^(?:thủ trưởng|chủ tịch|giám đốc|lãnh đạo|người đứng đầu)\s+(?=\S)", re.IGNORECASE
)


def without_location(name: str) -> list[str]:
    """The name without its place: "Công an thành phố Đồng Nai" -> ["Công an thành phố",
    "Công an"], "Sở Thông tin và Truyền thông tỉnh Đồng Nai" -> [..., "Sở Thông tin và
    Truyền thông"]."""
    return [
        name[: -len(suffix)]
        for suffix in _LOCATION_SUFFIXES
        if name.endswith(suffix) and len(name[: -len(suffix)].split()) >= 2
    ]


@lru_cache(maxsize=1)
def gazetteer() -> tuple[GazetteerEntry, ...]:
    with UNITS_CSV.open(encoding="utf-8") as handle:
        return tuple(
            GazetteerEntry(
                code=row["code"],
                name=row["name_vi"],
                kind=row["kind"],
                parent=row["parent_code"],
                current=not row["valid_to"],
            )
            for row in csv.DictReader(handle)
        )


def _aliases(entry: GazetteerEntry) -> set[str]:
    names = {entry.name, *without_location(entry.name)}
    if entry.kind in {"ward", "commune"}:
        names |= {f"UBND {entry.name.lower()}", f"Ủy ban nhân dân {entry.name.lower()}"}
        names |= {f"UBND {entry.name}", f"Ủy ban nhân dân {entry.name}"}
    for long, short in _ABBREVIATIONS:
        names |= {name.replace(long, short) for name in names if long in name}
    return names


@lru_cache(maxsize=1)
def _alias_index() -> dict[str, tuple[str, list[GazetteerEntry]]]:
    """folded alias -> (alias as written, entries)."""
    index: dict[str, tuple[str, list[GazetteerEntry]]] = {}
    for entry in gazetteer():
        for alias in _aliases(entry):
            key = fold(alias)
            if key not in index:
                index[key] = (alias, [])
            index[key][1].append(entry)
    return index


def _data_lines(path: Path) -> tuple[str, ...]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def typical_names() -> tuple[str, ...]:
    """Units every province has, without the place ("Sở Y tế", "Bưu điện tỉnh")."""
    return _data_lines(TYPICAL_FILE)


@lru_cache(maxsize=1)
def places() -> tuple[str, ...]:
    """Provinces, cities and well-known towns ("Đà Nẵng", "Hà Tĩnh")."""
    return _data_lines(PLACES_FILE)


_LEVEL_WORDS = re.compile(
    r"\b(?:tỉnh|thành phố|huyện|thị xã|quận|xã|phường|đặc khu)\s+(?=[A-ZĐÀ-Ỹ])", re.IGNORECASE
)


@lru_cache(maxsize=1)
def _spellings() -> dict[str, str]:
    found: dict[str, str] = {}
    for name in typical_names():
        found.setdefault(fold(name), name)
    for alias, _entries in _alias_index().values():
        found.setdefault(fold(alias), alias)
    return found


def _place_spelling(text: str) -> str:
    """ "TỈNH HÀ TĨNH" / "HÀ TĨNH" -> "tỉnh Hà Tĩnh" / "Hà Tĩnh"."""
    words = text.split()
    out = []
    for index, word in enumerate(words):
        lowered = word.lower()
        is_level = fold(lowered) in {"tinh", "thanh", "pho", "huyen", "thi", "xa", "quan", "phuong"}
        if is_level and (index == 0 or fold(out[-1]) in {"thanh", "thi"}):
            out.append(lowered)
        else:
            out.append(lowered[:1].upper() + lowered[1:])
    return " ".join(out)


def spelling(text: str) -> str | None:
    """The usual spelling of a unit name written in capitals, when the name is known
    (gazetteer, typical units), with its place as written: "SỞ Y TẾ TỈNH HÀ TĨNH" ->
    "Sở Y tế tỉnh Hà Tĩnh"."""
    key = fold(text)
    known = _spellings()
    if key in known:
        return known[key]
    words = text.split()
    for cut in range(len(words) - 1, 0, -1):
        head = fold(" ".join(words[:cut]))
        if head in known:
            return f"{known[head]} {_place_spelling(' '.join(words[cut:]))}"
    return None


def place_in(name: str) -> str | None:
    """The folded place a unit name ends with ("... thành phố Đà Nẵng" -> "da nang")."""
    folded = ocr_fold(name)
    for place in sorted(places(), key=len, reverse=True):
        key = fold(place)
        if re.search(rf"\b{re.escape(key)}$", folded):
            return key
    match = re.search(
        r"\b(?:tinh|thanh pho|huyen|thi xa|quan|xa|phuong|dac khu)\s+(\S+(?:\s+\S+){0,2})$",
        folded,
    )
    return match[1] if match else None


@lru_cache(maxsize=1)
def generic_names() -> tuple[str, ...]:
    lines = GENERIC_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _snap_choices() -> dict[str, str]:
    """ocr-folded name -> proper name, from the gazetteer aliases and the generic names."""
    choices = {ocr_fold(alias): alias for alias, _entries in _alias_index().values()}
    for name in generic_names():
        choices.setdefault(ocr_fold(name), name)
    for name in typical_names():
        choices.setdefault(ocr_fold(name), name)
    return choices


def is_generic(name: str) -> bool:
    """Names a group of bodies ("các sở, ban, ngành", "UBND các xã, phường")."""
    folded = fold(name)
    return (
        folded.startswith("cac ")
        or " cac " in folded
        or "lien quan" in folded
        or folded in _generic_groups()
    )


@lru_cache(maxsize=1)
def _generic_groups() -> frozenset[str]:
    return frozenset(
        fold(generic) for generic in generic_names() if fold(generic).startswith("cac")
    )


def _keep_case(written: str, proper: str) -> str:
    if written[:1].isupper() and proper[:1].islower():
        return proper[:1].upper() + proper[1:]
    if written[:1].islower() and proper[:1].isupper() and fold(proper).startswith("cac "):
        return proper[:1].lower() + proper[1:]
    return proper


def snap(name: str, cutoff: float = 86) -> str:
    """The proper spelling of an OCR-damaged unit name, or the name unchanged."""
    choices = _snap_choices()
    key = ocr_fold(name)
    if key in choices:
        return _keep_case(name, choices[key])
    found = process.extractOne(key, list(choices), scorer=fuzz.ratio, score_cutoff=cutoff)
    if found is None:
        return name
    proper = choices[found[0]]
    if abs(len(name.split()) - len(proper.split())) >= 2:
        return name  # not the same name: "... khu công nghiệp Đà Nẵng" keeps its place
    if not same_place(name, proper):
        return name  # "... thành phố Đà Nẵng" never becomes "... thành phố Đồng Nai"
    return _keep_case(name, proper)


def same_place(written: str, proper: str) -> bool:
    """Whether a repair keeps the place of a name: the places (if any) read alike once OCR
    confusions are undone, letter for letter up to one slip."""
    from rapidfuzz.distance import Levenshtein

    ours, theirs = place_in(written), place_in(proper)
    if theirs is None:
        return ours is None or not _ends_with_known_place(written)
    if ours is None:
        tail = " ".join(ocr_fold(written).split()[-len(theirs.split()) :])
        return Levenshtein.distance(tail, theirs) <= 1
    return Levenshtein.distance(ours, theirs) <= 1


def _ends_with_known_place(name: str) -> bool:
    folded = ocr_fold(name)
    return any(folded.endswith(fold(place)) for place in places())


def resolve_code(name: str, context: str | None = None) -> str | None:
    """The gazetteer code of a specific unit name; None for generic or unknown names.

    Ties ("Văn phòng Sở" exists in several departments) go to the unit under `context`
    (the issuer's code), then to current units.
    """
    if is_generic(name):
        return None
    index = _alias_index()
    key = fold(name)
    if key not in index:
        found = process.extractOne(key, list(index), scorer=fuzz.ratio, score_cutoff=92)
        if found is None:
            return None
        key = found[0]

    def under_context(entry: GazetteerEntry) -> bool:
        return bool(context) and (entry.parent == context or entry.code.startswith(f"{context}."))

    # A division ("Phòng Văn hóa - Xã hội") exists in many units: only the issuer's counts.
    entries = [
        entry
        for entry in index[key][1]
        if entry.kind != "division" or not context or under_context(entry)
    ]
    if not entries:
        return None
    best = min(entries, key=lambda entry: (not under_context(entry), not entry.current))
    return best.code


def starts_with_unit(text: str, after_and: bool = False) -> bool:
    """Whether `text` begins with a unit name ("Sở ...", "các ...", "UBND ..."); after "và"
    also "đơn vị ...", "cơ quan ..."."""
    folded = re.sub(r"^(?:de nghi|giao)\s+", "", fold(text).lstrip("-–+ "))
    return folded.startswith(_STARTS) or (after_and and folded.startswith(_STARTS_AFTER_AND))


# Common words that open like a unit name but are not one.
_NOT_UNITS = (
    "vien chuc",
    "bao cao",
    "ban hanh",
    "so lieu",
    "hoi nghi",
    "hoi thao",
    "truong hop",
    "dai dien",
    "bo sung",
    "phong chong",
    "co so du lieu",
    "so hoa",
    "cong an toan",
)
_ONE_WORD_STARTS = {"so", "ban", "phong", "bo", "cuc", "hoi", "bao", "dai", "truong", "vien"}


def plausible(name: str) -> bool:
    """A unit name rather than a phrase that opens with "Sở"/"Ban"...: a department's field
    is written with a capital ("Sở Nội vụ", not "Sở chỉ đạo"), unless the name is known."""
    words = name.split()
    if not words or not starts_with_unit(name, after_and=True):
        return False
    if is_generic(name) or fold(words[0]) not in _ONE_WORD_STARTS or len(words) < 2:
        return True
    if words[1][:1].isupper() or words[1][:1].isdigit():
        return True
    key = fold(name)
    return key in _spellings() or any(key.startswith(fold(t)) for t in typical_names())


def _starts_unit(chunk: str, after_and: bool) -> bool:
    """starts_with_unit() for a chunk after a separator, where a bare word never does."""
    folded = fold(chunk).lstrip("-–+ ")
    words = folded.split()
    # "ban" in "các sở, ban, ngành" is a bare word, not "Ban quản lý ...".
    if len(words) <= 1 or (len(words) == 2 and words[1] in {"nganh", "ngành"}):
        return False
    if folded.startswith(_NOT_UNITS):
        return False  # "Phòng Công chức, viên chức", "..., báo cáo ..."
    if folded.startswith(_STARTS):
        return True
    return after_and and folded.startswith(_STARTS_AFTER_AND)


_SEPARATOR = re.compile(r"(,|\s+(?:và|cùng với|cùng)\s+)")
_SHARED_PREFIX = re.compile(
    r"^(?:(?:các|Các|CÁC)\s+)?(Sở|Phòng|Bộ|Ban|sở|phòng|bộ|ban|SỞ)\s*:\s*(.+)$", re.DOTALL
)
_TRAILING = re.compile(r"\s*\((?:nếu có|b/c|để b/c)\)\s*$", re.IGNORECASE)


def clean_name(name: str) -> str:
    name = _TRAILING.sub("", " ".join(name.split()))
    name = name.strip(" .;:,-–+")
    return _PERSON_TITLES.sub("", name)


@lru_cache(maxsize=1)
def _known_with_separators() -> tuple[str, ...]:
    """Folded unit names that contain "," or "và" ("Văn phòng HĐND và UBND phường")."""
    names = set()
    for alias, _entries in _alias_index().values():
        if "," in alias or " và " in alias:
            names.add(fold(alias))
    for name in typical_names():
        if "," in name or " và " in name:
            names.add(fold(name))
    return tuple(sorted(names, key=len, reverse=True))


def _protect_known_names(group: str, parts: list[str]) -> list[str]:
    """Re-join separator splits that fall inside a gazetteer name."""
    folded = per_char_fold(group)
    spans = []
    for name in _known_with_separators():
        start = folded.find(name)
        while start != -1:
            spans.append((start, start + len(name)))
            start = folded.find(name, start + 1)
    if not spans:
        return parts
    merged = [parts[0]]
    position = len(parts[0])
    for index in range(1, len(parts), 2):
        separator, chunk = parts[index], parts[index + 1]
        if any(begin < position < end for begin, end in spans):
            merged[-1] = merged[-1] + separator + chunk
        else:
            merged += [separator, chunk]
        position += len(separator) + len(chunk)
    return merged


def split_units(text: str) -> list[str]:
    """Split "Sở Nội vụ, Sở Tài chính và các sở, ban, ngành liên quan" into unit names.

    ";" always separates; "," and "và"/"cùng" separate only before a word that starts a
    unit name, so "các sở, ban, ngành" and "Sở Khoa học và Công nghệ" stay whole.
    "Các Sở: Nội vụ, Y tế và ..." lists departments sharing the prefix "Sở".
    """
    text = " ".join(text.split()).strip(" .;:")
    if not text:
        return []
    if match := _SHARED_PREFIX.match(text):
        return _prefix_list(match[1][:1].upper() + match[1][1:].lower(), match[2])
    names: list[str] = []
    for group in re.split(r"\s*;\s*", text):
        parts = _protect_known_names(group, _SEPARATOR.split(group))
        current = parts[0]
        for index in range(1, len(parts), 2):
            separator, chunk = parts[index], parts[index + 1]
            is_and = separator.strip() != ","
            if _starts_unit(chunk, after_and=is_and):
                names.append(current)
                current = chunk
            else:
                current = f"{current}{separator if is_and else ', '}{chunk}"
        names.append(current)
    return [cleaned for cleaned in (clean_name(name) for name in names) if cleaned]


@lru_cache(maxsize=1)
def _known_folded() -> tuple[str, ...]:
    names = {fold(name) for name in typical_names()}
    names |= {fold(entry.name) for entry in gazetteer()}
    return tuple({_bare(name) for name in names})


def _bare(folded: str) -> str:
    return " ".join(re.sub(r"[,\-]", " ", folded).split())


def _prefix_list(prefix: str, text: str) -> list[str]:
    """ "Các Sở: Nội vụ, Xây dựng và Văn hóa, Thể thao và Du lịch" -> one name per
    department; a known name that holds "," or "và" stays whole; a generic tail ("các
    đơn vị liên quan") ends the list."""
    names: list[str] = []
    rest: list[str] = []
    for group_index, group in enumerate(re.split(r"\s*;\s*", text)):
        if group_index:
            rest.append(group)
            continue
        pieces = [piece for piece in re.split(r"\s*,\s*|\s+và\s+", group) if piece.strip()]
        index = 0
        while index < len(pieces):
            if _starts_unit(pieces[index], after_and=True) or starts_with_unit(pieces[index]):
                rest.append(", ".join(pieces[index:]))
                break
            best = 1
            for end in range(len(pieces), index + 1, -1):
                for joiner in (", ", " và "):
                    candidate = fold(f"{prefix} " + joiner.join(pieces[index:end]))
                    if _bare(candidate) in _known_folded():
                        best = max(best, end - index)
                mixed = fold(f"{prefix} " + ", ".join(pieces[index : end - 1]))
                mixed += " va " + fold(pieces[end - 1])
                if _bare(mixed) in _known_folded():
                    best = max(best, end - index)
            chunk = pieces[index : index + best]
            joined = ", ".join(chunk[:-1]) + (" và " if len(chunk) > 1 else "") + chunk[-1]
            names.append(f"{prefix} {joined}")
            index += best
    for group in rest:
        names.extend(split_units(group))
    return [cleaned for cleaned in (clean_name(name) for name in names) if cleaned]
