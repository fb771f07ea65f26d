"""Understanding a question: filters (place, overseas, degree, age, gender, organisation)
taken out of the text, the rest matched to concepts of the vocabulary (longest phrase
first) and to plain words.

    parse("chuyên gia bán dẫn ở nước ngoài có bằng tiến sĩ", vocabulary, organisations)
    -> Parsed(concepts=["semiconductor"], words=[], filters={"abroad": True, "min_vqf": 8})

Everything is folded first (lower case, no tone marks, đ -> d), so a question typed
without diacritics is the same question.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hientai.core.text import fold

WORD = re.compile(r"[^\W_]+")
MAX_TERM_WORDS = 8

# Words that say "who" rather than "what": dropped from the question.
STOP_WORDS = frozenset(
    [
        "chuyen",
        "gia",
        "nha",
        "khoa",
        "hoc",
        "nguoi",
        "lam",
        "nhung",
        "cac",
        "mot",
        "co",
        "bang",
        "ve",
        "trong",
        "linh",
        "vuc",
        "nganh",
        "nghien",
        "cuu",
        "can",
        "bo",
        "tim",
        "cho",
        "toi",
        "va",
        "hoac",
        "o",
        "tai",
        "tu",
        "den",
        "la",
        "dang",
        "hien",
        "cong",
        "tac",
        "song",
        "gioi",
        "expert",
        "experts",
        "specialist",
        "specialists",
        "scientist",
        "scientists",
        "researcher",
        "researchers",
        "people",
        "person",
        "who",
        "with",
        "in",
        "the",
        "of",
        "for",
        "on",
        "at",
        "a",
        "an",
        "and",
        "or",
        "from",
        "working",
        "work",
        "works",
        "find",
        "me",
        "show",
        "living",
        "based",
        "degree",
        "holding",
        "holder",
        "holders",
        "field",
        "fields",
        "area",
        "areas",
        "someone",
        "any",
        "all",
        "professional",
        "professionals",
        "engineer",
        "engineers",
    ]
)
# "ky su" stays a word: it is a degree too, but the finder does not filter on it.

ABROAD_PHRASES = (
    "o nuoc ngoai",
    "tai nuoc ngoai",
    "nuoc ngoai",
    "hai ngoai",
    "viet kieu",
    "kieu bao",
    "nguoi viet nam o nuoc ngoai",
    "overseas",
    "abroad",
    "diaspora",
)
DOMESTIC_PHRASES = ("trong nuoc", "o viet nam", "tai viet nam", "in vietnam", "domestic")
DEGREE_PHRASES: tuple[tuple[str, int], ...] = (
    ("tien si khoa hoc", 8),
    ("tien si", 8),
    ("tien sy", 8),
    ("ts", 8),
    ("phd", 8),
    ("ph d", 8),
    ("doctorate", 8),
    ("doctoral", 8),
    ("doctor", 8),
    ("doctors", 8),
    ("thac si", 7),
    ("thac sy", 7),
    ("ths", 7),
    ("master", 7),
    ("masters", 7),
    ("msc", 7),
    ("dai hoc", 6),
    ("cu nhan", 6),
    ("bachelor", 6),
    ("bachelors", 6),
)
GENDER_PHRASES = (
    ("nu", "female"),
    ("phu nu", "female"),
    ("women", "female"),
    ("woman", "female"),
    ("female", "female"),
    ("nam gioi", "male"),
    ("men", "male"),
    ("male", "male"),
)
_YEARS = r"\s*(?:tuoi|years? old|years?)"
AGE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"\b(?:duoi|nho hon|it hon|under|below|younger than|less than)\s+(\d{2})" + _YEARS + "?"
        ),
        "max",
    ),
    (
        re.compile(
            r"\b(?:tren|hon|lon hon|over|above|older than|more than)\s+(\d{2})" + _YEARS + r"\b"
        ),
        "min",
    ),
    (
        re.compile(
            r"\b(?:tu|from|aged)\s+(\d{2})\s*(?:den|toi|to|-)\s*(\d{2})"
            + r"\s*(?:tuoi|years? old)?"
        ),
        "range",
    ),
    (re.compile(r"\b(?:tre|tre tuoi|young)\b"), "young"),
)
YOUNG_MAX_AGE = 35
# Country words that are also ordinary words or names: only after a place word.
AMBIGUOUS_COUNTRY = frozenset(
    {"anh", "my", "duc", "phap", "y", "uc", "nga", "lao", "bi", "nhat", "han"}
)
PLACE_WORDS = ("o", "tai", "in", "at", "from", "nuoc", "sang", "ve", "den", "to", "nguoi", "tich")
# "người Nhật", "quốc tịch Nhật", "from Japan", "Japanese": nationality, not residence.
NATIONALITY_WORDS = ("nguoi", "tich", "from")
NATIONALITY_ADJECTIVES = {
    "japanese": "JP", "korean": "KR", "american": "US", "german": "DE", "french": "FR",
    "british": "GB", "australian": "AU", "taiwanese": "TW", "singaporean": "SG",
    "indian": "IN", "dutch": "NL", "chinese": "CN", "canadian": "CA", "russian": "RU",
}  # fmt: skip
EXTRA_COUNTRIES = {
    "US": ("my", "usa", "america", "united states of america", "hoa ky"),
    "GB": ("anh", "uk", "england", "britain", "great britain", "vuong quoc anh"),
    "AU": ("uc", "australia"),
    "JP": ("nhat", "nhat ban", "japan"),
    "KR": ("han", "han quoc", "korea", "south korea"),
    "TW": ("dai loan", "taiwan"),
    "DE": ("duc", "germany"),
    "FR": ("phap", "france"),
    "RU": ("nga", "russia"),
    "SG": ("singapore", "xin ga po", "xinh ga po"),
    "CA": ("canada", "ca na da"),
    "CN": ("trung quoc", "china"),
    "NL": ("ha lan", "netherlands", "holland"),
    "IN": ("an do", "india"),
    "IT": ("y", "italy"),
    "TH": ("thai lan", "thailand"),
}


def words(text: str) -> list[str]:
    return WORD.findall(fold(text or ""))


def phrase(text: str) -> tuple[str, ...]:
    return tuple(words(text))


@functools.lru_cache(maxsize=1)
def countries() -> dict[tuple[str, ...], str]:
    """Folded country names (Vietnamese, English, common) -> ISO code."""
    path = Path(__file__).resolve().parent.parent / "catalogs" / "data" / "codes"
    names: dict[tuple[str, ...], str] = {}
    with open(path / "country@ISO3166-1.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for column in ("label_vi", "label_en", "x_common_name_en", "x_iso_codes_vi"):
                key = phrase(row.get(column) or "")
                if key and row["code"] != "VN":
                    names.setdefault(key, row["code"])
    for code, extra in EXTRA_COUNTRIES.items():
        for name in extra:
            names[phrase(name)] = code
    return names


@functools.lru_cache(maxsize=1)
def countries_longest_first() -> list[tuple[tuple[str, ...], str]]:
    return sorted(countries().items(), key=lambda item: -len(item[0]))


@dataclass
class Vocabulary:
    """Folded term (a tuple of words) -> concept key, and each concept's labels."""

    terms: dict[tuple[str, ...], str] = field(default_factory=dict)
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    longest: int = 1
    # First word of a term -> the lengths of the terms starting with it, longest first.
    starts: dict[str, list[int]] = field(default_factory=dict)

    def add(self, concept: str, term: str) -> None:
        key = phrase(term)
        if key:
            self.terms.setdefault(key, concept)
            self.longest = max(self.longest, len(key))
            sizes = self.starts.setdefault(key[0], [])
            if len(key) not in sizes:
                sizes.append(len(key))
                sizes.sort(reverse=True)

    def find(self, tokens: list[str]) -> list[tuple[int, int, str]]:
        """(start, end, concept) of the longest terms in `tokens`, left to right."""
        found, index, count = [], 0, len(tokens)
        starts, terms = self.starts, self.terms
        while index < count:
            for size in starts.get(tokens[index], ()):
                if size <= count - index:
                    concept = terms.get(tuple(tokens[index : index + size]))
                    if concept:
                        found.append((index, index + size, concept))
                        index += size
                        break
            else:
                index += 1
        return found


@dataclass
class Parsed:
    question: str
    concepts: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    filters: dict[str, Any] = field(default_factory=dict)
    # What was understood, for the screen: (kind, the words of the question).
    understood: list[tuple[str, str]] = field(default_factory=list)
    # The very words the question used for each concept (folded): an exact-term bonus.
    terms: dict[str, list[str]] = field(default_factory=dict)


def _take(tokens: list[str | None], target: tuple[str, ...]) -> int | None:
    """Blank out the first occurrence of `target` in `tokens`; its start or None."""
    size = len(target)
    for index in range(len(tokens) - size + 1):
        if tuple(tokens[index : index + size]) == target:
            for offset in range(size):
                tokens[index + offset] = None
            return index
    return None


def parse(
    question: str, vocabulary: Vocabulary, organisations: dict[tuple[str, ...], int] | None = None
) -> Parsed:
    parsed = Parsed(question=question)
    text = " ".join(words(question))
    # Ages first: they carry numbers.
    for pattern, kind in AGE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        if kind == "max":
            parsed.filters["max_age"] = int(match.group(1)) - 1
        elif kind == "min":
            parsed.filters["min_age"] = int(match.group(1)) + 1
        elif kind == "range":
            low, high = sorted((int(match.group(1)), int(match.group(2))))
            parsed.filters["min_age"], parsed.filters["max_age"] = low, high
        elif "max_age" not in parsed.filters:
            parsed.filters["max_age"] = YOUNG_MAX_AGE
        parsed.understood.append(("age", match.group(0)))
        text = text[: match.start()] + " " + text[match.end() :]
    tokens: list[str | None] = list(text.split())

    present = set(text.split())
    for organisation_phrase, organisation_id in sorted(
        (item for item in (organisations or {}).items() if item[0][0] in present),
        key=lambda item: -len(item[0]),
    ):
        if len(organisation_phrase) >= 2 and _take(tokens, organisation_phrase) is not None:
            parsed.filters.setdefault("organisations", []).append(organisation_id)
            parsed.understood.append(("organisation", " ".join(organisation_phrase)))
    for name in ABROAD_PHRASES:
        if _take(tokens, phrase(name)) is not None:
            parsed.filters["abroad"] = True
            parsed.understood.append(("abroad", name))
    for name in DOMESTIC_PHRASES:
        if _take(tokens, phrase(name)) is not None:
            parsed.filters["abroad"] = False
            parsed.understood.append(("domestic", name))
    for country, code in countries_longest_first():
        if country[0] not in present:
            continue
        start = None
        while True:
            probe = list(tokens)
            start = _take(probe, country)
            if start is None:
                break
            ambiguous = len(country) == 1 and country[0] in AMBIGUOUS_COUNTRY
            before = tokens[start - 1] if start > 0 else None
            if ambiguous and before not in PLACE_WORDS:
                break
            tokens[:] = probe
            kind = "nationalities" if before in NATIONALITY_WORDS else "countries"
            codes = parsed.filters.setdefault(kind, [])
            if code not in codes:
                codes.append(code)
            parsed.understood.append((kind, " ".join(country)))
    for adjective, code in NATIONALITY_ADJECTIVES.items():
        if _take(tokens, (adjective,)) is not None:
            codes = parsed.filters.setdefault("nationalities", [])
            if code not in codes:
                codes.append(code)
            parsed.understood.append(("nationalities", adjective))
    for name, level in DEGREE_PHRASES:
        if _take(tokens, phrase(name)) is not None:
            parsed.filters["min_vqf"] = max(parsed.filters.get("min_vqf", 0), level)
            parsed.understood.append(("degree", name))
    for name, gender in GENDER_PHRASES:
        if _take(tokens, phrase(name)) is not None:
            parsed.filters["gender"] = gender
            parsed.understood.append(("gender", name))

    # What remains is the expertise: concepts by longest phrase, then plain words.
    index = 0
    while index < len(tokens):
        if tokens[index] is None:
            index += 1
            continue
        run = []
        while index < len(tokens) and tokens[index] is not None:
            run.append(tokens[index])
            index += 1
        covered: set[int] = set()
        for start, end, concept in vocabulary.find([str(token) for token in run]):
            if concept not in parsed.concepts:
                parsed.concepts.append(concept)
            term = " ".join(str(t) for t in run[start:end])
            parsed.understood.append(("concept", term))
            parsed.terms.setdefault(concept, []).append(term)
            covered.update(range(start, end))
        for position, token in enumerate(run):
            if position in covered or token is None or token in STOP_WORDS:
                continue
            if len(token) < 2 and not token.isdigit():
                continue
            if token not in parsed.words:
                parsed.words.append(str(token))
    return parsed
