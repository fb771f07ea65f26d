"""The words officers write, kept as data files an administrator can extend.

Three CSV files ship in `hientai/exchange/data/`; a file of the same name in
`$HIENTAI_VAR_DIR/exchange/` adds rows (and wins where both say something about the same
text). Both are read again whenever one changes (no restart):

- `header_synonyms.csv` (`column,header,note`): a header text -> one of our column keys
  (`fields.PEOPLE_COLUMNS`), on top of the built-in aliases (a synonym wins over an
  alias, never over a column's own label);
- `unit_name_rules.csv` (`rule,written,meaning,note`): how a unit written with a prefix or
  an abbreviation is read. `start`: a leading word replaced ("P." -> "Phường");
  `anywhere`: an abbreviation replaced wherever it stands ("KH&CN" -> "Khoa học và Công
  nghệ"); `drop`: a leading phrase removed when what follows is a unit ("Ủy ban nhân
  dân" phường X -> Phường X); `kind`: a word put before a bare name ("Trấn Biên" ->
  "Phường Trấn Biên");
- `qualification_words.csv` (`text,title,degree,level,note`): a word of a "Trình độ" or
  "Học hàm/Học vị" column -> academic title, degree and VQF level codes.

Texts are compared folded (`values.label_key`: lower case, no tones, đ -> d, punctuation
as spaces), so "Số CMND/CCCD" and "SO CMND CCCD" are the same header.
"""

from __future__ import annotations

import csv
import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from hientai.registry.values import label_key

DATA_DIR = Path(__file__).resolve().parent / "data"
FILES = ("header_synonyms.csv", "unit_name_rules.csv", "qualification_words.csv")


def local_dir() -> Path:
    return Path(settings.VAR_DIR) / "exchange"


@dataclass
class UnitRules:
    starts: list[tuple[str, str]] = field(default_factory=list)  # written -> meaning
    anywhere: list[tuple[str, str]] = field(default_factory=list)
    drops: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)


@dataclass
class Synonyms:
    headers: dict[str, str] = field(default_factory=dict)  # folded header -> column key
    unit_rows: list[tuple[str, str, str]] = field(default_factory=list)  # rule, written, meaning
    qualifications: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    unit_rules: dict[Callable[[str], str], UnitRules] = field(default_factory=dict)

    def rules(self, keyer: Callable[[str], str]) -> UnitRules:
        """The unit-name rules with their texts keyed by `keyer` (folded, or tones kept)."""
        found = self.unit_rules.get(keyer)
        if found is not None:
            return found
        found = UnitRules()
        seen: set[tuple[str, str]] = set()
        for rule, written_text, meaning_text in self.unit_rows:
            written, meaning = keyer(written_text), keyer(meaning_text)
            if not written or (rule, written) in seen:
                continue
            seen.add((rule, written))
            if rule == "start" and meaning:
                found.starts.append((written, meaning))
            elif rule == "anywhere" and meaning:
                found.anywhere.append((written, meaning))
            elif rule == "drop":
                found.drops.append(written)
            elif rule == "kind":
                found.kinds.append(written)
        # Longest first: "uy ban nhan dan" before "uy ban".
        for pairs in (found.starts, found.anywhere):
            pairs.sort(key=lambda pair: -len(pair[0]))
        found.drops.sort(key=len, reverse=True)
        self.unit_rules[keyer] = found
        return found


def _rows(name: str) -> list[dict[str, str]]:
    """Local rows first (they win), then the shipped ones."""
    rows: list[dict[str, str]] = []
    for folder in (local_dir(), DATA_DIR):
        path = folder / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows.extend(
                {k.strip(): (v or "").strip() for k, v in row.items() if k}
                for row in csv.DictReader(handle)
            )
    return rows


def _build() -> Synonyms:
    found = Synonyms()
    for row in _rows("header_synonyms.csv"):
        key = label_key(row.get("header", ""))
        if key and row.get("column"):
            found.headers.setdefault(key, row["column"])
    for row in _rows("unit_name_rules.csv"):
        found.unit_rows.append(
            (row.get("rule", ""), row.get("written", ""), row.get("meaning", ""))
        )
    for row in _rows("qualification_words.csv"):
        key = label_key(row.get("text", ""))
        if key:
            found.qualifications.setdefault(
                key, (row.get("title", ""), row.get("degree", ""), row.get("level", ""))
            )
    return found


_lock = threading.Lock()
_cache: tuple[tuple, Synonyms] | None = None


def _stamp() -> tuple:
    stamps: list[tuple[int, int] | None] = []
    for folder in (local_dir(), DATA_DIR):
        for name in FILES:
            path = folder / name
            try:
                stat = path.stat()
            except OSError:
                stamps.append(None)
                continue
            stamps.append((stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


def current() -> Synonyms:
    """The synonyms now (read again when a file changed)."""
    global _cache
    stamp = _stamp()
    with _lock:
        if _cache is None or _cache[0] != stamp:
            _cache = (stamp, _build())
        return _cache[1]


_PUNCT = re.compile(r"[^\w]+")


def tone_key(text: str) -> str:
    """Lower case, punctuation as spaces, tones kept: 'Xã Lộc Thạnh' is not 'Xã Lộc Thành'."""
    return " ".join(_PUNCT.sub(" ", unicodedata.normalize("NFC", text).lower()).split())


def unit_name_candidates(text: str, keyer: Callable[[str], str] = label_key) -> list[str]:
    """Names (keyed by `keyer`) a written unit may stand for, in the order they are tried:
    the text with its abbreviations expanded, then without a dropped leading phrase, then
    with a kind word put before a bare name."""
    rules = current().rules(keyer)
    key = keyer(text)
    if not key:
        return []
    expanded = f" {key} "
    for written, meaning in rules.anywhere:
        expanded = expanded.replace(f" {written} ", f" {meaning} ")
    expanded = expanded.strip()
    for written, meaning in rules.starts:
        if expanded == written:
            break
        if expanded.startswith(written + " "):
            expanded = meaning + expanded[len(written) :]
            break
    candidates = [expanded]
    for drop in rules.drops:
        if expanded.startswith(drop + " "):
            candidates.append(expanded[len(drop) + 1 :])
            break
    bare = candidates[-1]
    if not any(bare.startswith(kind + " ") for kind in rules.kinds):
        candidates.extend(f"{kind} {bare}" for kind in rules.kinds)
    return list(dict.fromkeys(c for c in candidates if c))


def qualification(text: str) -> tuple[str, str, str] | None:
    """(title, degree, level) codes of a qualification word, or of a compound such as
    "PGS.TS" or "Phó giáo sư, Tiến sĩ"; None when a part is unknown."""
    words = current().qualifications
    key = label_key(text)
    if not key:
        return None
    if key in words:
        return words[key]
    parts = _split_compound(key, words)
    if parts is None:
        return None
    title = degree = level = ""
    for part in parts:
        t, d, lv = words[part]
        title, degree, level = title or t, degree or d, level or lv
    return title, degree, level


def _split_compound(key: str, words: dict[str, tuple[str, str, str]]) -> list[str] | None:
    """Split the folded text into known words, longest first (greedy over tokens)."""
    tokens = key.split()
    parts: list[str] = []
    start = 0
    while start < len(tokens):
        for end in range(len(tokens), start, -1):
            candidate = " ".join(tokens[start:end])
            if candidate in words:
                parts.append(candidate)
                start = end
                break
        else:
            return None
    return parts
