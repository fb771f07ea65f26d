"""Restoring Vietnamese diacritics in OCR-damaged text ("Pon vi chu tri" -> "Đơn vị chủ trì").

A small noisy-channel corrector: the vocabulary of administrative terms (data/vocabulary.txt),
the generic unit names and the gazetteer give the syllables Vietnamese plans use and which
syllable follows which. Each damaged token gets candidate syllables whose folded form
(no diacritics, OCR confusions undone) is equal or close to its own; a Viterbi pass picks
the sequence that both resembles the tokens and follows known word pairs. Tokens without a
good candidate stay as written. Unit names are snapped to the gazetteer afterwards
(units.snap), which is stricter.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations, pairwise
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from hientai.core.text import fold
from hientai.plans.parser.units import gazetteer, generic_names, ocr_fold, places, typical_names

VOCABULARY_FILE = Path(__file__).resolve().parent / "data" / "vocabulary.txt"

# Labels and deadline words are part of the vocabulary as well.
EXTRA_PHRASES = (
    "Đơn vị chủ trì thực hiện",
    "Đơn vị phối hợp thực hiện",
    "Thời gian thực hiện",
    "Thời hạn hoàn thành",
    "Kết quả",
    "Chủ trì",
    "Phối hợp",
    "Nhiệm vụ",
    "Nội dung",
    "Hình thức",
    "Căn cứ",
    "Nơi nhận",
    "Thường xuyên",
    "Hằng năm",
    "Hàng năm",
    "Định kỳ",
    "Theo kế hoạch của Bộ",
    "Khi có hướng dẫn của cấp Bộ, ngành Trung ương",
    "Giao Sở",
    "TM. Ủy ban nhân dân",
    "KT. Chủ tịch",
    "Phó Chủ tịch",
    "KT. Giám đốc",
    "Lưu: VT",
    "đặc khu",
    "các xã, phường, đặc khu",
    "UBND các xã, phường, đặc khu",
    "Bưu điện tỉnh",
    "Bưu điện thành phố",
    "Số:",
)

_WORD = re.compile(r"[^\W_]+(?:[&'’‘][^\W_]+)*|[&@$¢§¥€]+[^\W_]*", re.UNICODE)
_TOKEN = re.compile(r"^([(“\"‘\[«]*)(.*?)([.,;:!?)”\"’\]»]*)$", re.UNICODE)
_MARKER = re.compile(r"^(?:[\w@¢&]|[IVX]{1,4}|\d{1,2}(?:\.\d{1,2})*)[.)]$")
# Several OCR confusions span two letters: "ciia" = "cua", "chirc" = "chuc", "nwoc" = "nuoc".
_MULTI = (
    ("ii", "u"),
    ("ir", "u"),
    ("il", "u"),
    ("ti", "u"),
    ("tt", "u"),
    ("tr", "u"),
    ("li", "u"),
    ("w", "u"),
    ("w", "uo"),
    ("w", "ư"),
    ("rn", "m"),
    ("in", "an"),
)
_JUNK = set("¢§¥€&@$")
# Scores of the corrector: each letter of edit distance costs, a known word pair earns.
DISTANCE_COST = 2.0
PAIR_BONUS = 2.0
_VOWELS = set("aeiouy")


@dataclass
class _Lexicon:
    unigrams: Counter[str]
    bigrams: set[tuple[str, str]]
    by_fold: dict[str, set[str]]
    deletes: dict[str, set[str]]


def _phrases() -> list[str]:
    lines = VOCABULARY_FILE.read_text(encoding="utf-8").splitlines()
    phrases = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    phrases += list(generic_names())
    phrases += [entry.name for entry in gazetteer() if entry.kind not in {"ward", "commune"}]
    phrases += list(EXTRA_PHRASES)
    phrases += list(typical_names())
    # Places as words of their own and after their level: "thành phố Đà Nẵng".
    for place in places():
        phrases += [place, f"tỉnh {place}", f"thành phố {place}", f"{place}, ngày", f"{place} năm"]
    return phrases


def _delete_keys(word: str, distance: int) -> set[str]:
    keys = {word}
    for count in range(1, distance + 1):
        if len(word) - count < 1:
            break
        for positions in combinations(range(len(word)), count):
            keys.add("".join(char for i, char in enumerate(word) if i not in positions))
    return keys


def _max_distance(word: str) -> int:
    return 1 if len(word) <= 4 else 2


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    unigrams: Counter[str] = Counter()
    bigrams: set[tuple[str, str]] = set()
    for phrase in _phrases():
        words = [word.lower() for word in _WORD.findall(phrase)]
        unigrams.update(words)
        bigrams.update(pairwise(words))
    by_fold: dict[str, set[str]] = defaultdict(set)
    for word in unigrams:
        by_fold[fold(word)].add(word)
    deletes: dict[str, set[str]] = defaultdict(set)
    for key in by_fold:
        for deleted in _delete_keys(key, _max_distance(key)):
            deletes[deleted].add(key)
    return _Lexicon(unigrams, bigrams, dict(by_fold), dict(deletes))


def _variants(token: str) -> set[str]:
    """Folded readings of a token: as is, with OCR confusions undone, with Đ read for P/B/Q."""
    lowered = token.lower()
    variants = {fold(lowered), ocr_fold(lowered)}
    for variant in list(variants):
        for wrong, right in _MULTI:
            # "tr"/"ti"/"tt" begin real syllables ("trì"): only undo them inside a word.
            skip = 1 if wrong[0] == "t" else 0
            if wrong in variant[skip:]:
                variants.add(variant[:skip] + variant[skip:].replace(wrong, fold(right), 1))
    for variant in list(variants):
        if variant[:1] in {"p", "b", "q"} and len(variant) > 1:
            variants.add("d" + variant[1:])  # "Pon vi" = "Đơn vị", "Bon vi", "QUn vi"
        if variant.startswith("dp"):
            variants.add("d" + variant[2:])  # "DPon vi"
    return {variant for variant in variants if variant}


# Letters OCR takes for one another (folded, both ways), and thin letters it drops or adds.
_LOOKALIKES = {
    frozenset(pair)
    for pair in (
        "ao",
        "ae",
        "oe",
        "oc",
        "ce",
        "ec",
        "il",
        "it",
        "lt",
        "ij",
        "uv",
        "yv",
        "nm",
        "nr",
        "rt",
        "hb",
        "hn",
        "hk",
        "gq",
        "gy",
        "da",
        "do",
        "db",
        "dp",
        "pb",
        "cg",
        "ui",
        "un",
        "mn",
        "ft",
        "fr",
        "sa",
        "so",
        "ou",
        "au",
        "eu",
        "iu",
        "yu",
        "ay",
        "iy",
        "ih",
        "uo",
    )
}
_LOOKALIKES |= {frozenset(pair) for pair in ("cz", "sz", "ce", "ci", "ev", "hi", "hl", "wu", "wv")}
_THIN = set("iltrjf1")


def explained(written: str, word: str) -> bool:
    """Whether OCR's confusions explain the edits from `written` to `word` (folded): every
    edit is a look-alike or a thin letter, but for one speck in a word of five letters."""
    unexplained = 0
    for operation, source, target in Levenshtein.editops(written, word):
        if operation == "replace":
            ok = frozenset((written[source], word[target])) in _LOOKALIKES
        elif operation == "delete":
            ok = written[source] in _THIN
        else:
            ok = word[target] in _THIN or word[target] in "aeiouy"
        unexplained += not ok
    return unexplained == 0 or (unexplained == 1 and len(written) >= 5)


def confidence(written: str, word: str) -> float:
    """How sure a repair is: restoring tone marks only is sure, each edit costs."""
    variants = _variants(written)
    distance = min(Levenshtein.distance(variant, fold(word)) for variant in variants)
    if any(char.isdigit() for char in written):
        distance += 1
    return {0: 0.95, 1: 0.8}.get(distance, 0.5)


@lru_cache(maxsize=65536)
def _candidates(token: str) -> list[tuple[str, float]]:
    lex = lexicon()
    lowered = token.lower()
    found: dict[str, float] = {}
    for variant in _variants(token):
        limit = _max_distance(variant) if variant.isalpha() else 0
        keys = set()
        for deleted in _delete_keys(variant, limit):
            keys |= lex.deletes.get(deleted, set())
        for key in keys:
            distance = Levenshtein.distance(variant, key)
            if distance > limit or (distance and not explained(variant, key)):
                continue
            for word in lex.by_fold[key]:
                score = -DISTANCE_COST * distance + 0.25 * math.log1p(lex.unigrams[word])
                if word == lowered:
                    score += 1.0
                elif distance == 0 and variant == fold(lowered):
                    score += 0.5
                found[word] = max(found.get(word, -math.inf), score)
    return sorted(found.items(), key=lambda item: -item[1])[:12]


def _restore_case(written: str, word: str) -> str:
    letters = [char for char in written if char.isalpha()]
    if len(letters) > 1 and all(char.isupper() for char in letters):
        return word.upper()
    if written[:1].isupper() or (written[:1] in {"&", "@", "$"}):
        return word[:1].upper() + word[1:]
    return word


def _protected(core: str) -> bool:
    """Tokens the repair leaves alone: numbers with units, acronyms, codes, e-mails."""
    if not core or any(char in core for char in "/%.:=") or "-" in core.strip("-"):
        return True
    letters = [char for char in core if char.isalpha()]
    if not letters:
        return not (core.isdigit() and len(core) <= 2)  # "s6" is "số", "56" may be too
    return (
        len(letters) >= 2
        and all(c.isupper() for c in letters)
        and not (set(fold("".join(letters))) & _VOWELS)
    )


def repair_line(line: str, changes: list[tuple[str, str, float]] | None = None) -> str:
    """The line with each damaged token replaced by its most likely syllable; each change
    is added to `changes` as (written, read, confidence)."""
    repaired, made = _repair_line(line)
    if changes is not None:
        changes.extend(made)
    return repaired


@lru_cache(maxsize=8192)
def _repair_line(line: str) -> tuple[str, tuple[tuple[str, str, float], ...]]:
    changes: list[tuple[str, str, float]] = []
    pieces = line.split(" ")
    lex = lexicon()
    slots: list[tuple[str, str, str, list[tuple[str, float]]]] = []
    for position, piece in enumerate(pieces):
        if position == 0 and _MARKER.match(piece.lstrip("-–+")):
            slots.append(("", piece, "", []))
            continue
        match = _TOKEN.match(piece)
        prefix, core, suffix = (match[1], match[2], match[3]) if match else ("", piece, "")
        core = core.replace("'", "").replace("’", "").replace("‘", "")
        if _protected(core):
            slots.append((prefix, core, suffix, []))
            continue
        options = _candidates(core)
        if core.isdigit():
            # A digit token becomes a word only with a neighbour's support ("đổi 50" = "đổi số").
            options = [(word, score - 2.2) for word, score in options]
        keep = 1.0 if core.lower() in lex.unigrams else -2.0
        slots.append((prefix, core, suffix, [(core, keep), *options]))

    # Viterbi over the repairable tokens; protected tokens break the chain.
    result = [prefix + core + suffix for prefix, core, suffix, _options in slots]
    index = 0
    while index < len(slots):
        if not slots[index][3]:
            index += 1
            continue
        end = index
        while end < len(slots) and slots[end][3]:
            end += 1
        # Strong punctuation ("Kết quả: Các") ends the context: no word pair across it.
        breaks = [bool(set(slot[2]) & set(".:;!?)")) for slot in slots[index:end]]
        chosen = _viterbi([slot[3] for slot in slots[index:end]], lex.bigrams, breaks)
        for offset, word in enumerate(chosen):
            prefix, core, suffix, _options = slots[index + offset]
            repaired = core if word == core else _restore_case(core, word)
            result[index + offset] = prefix + repaired + suffix
            if repaired != core:
                changes.append((core, repaired, confidence(core, word)))
        index = end
    return " ".join(result), tuple(changes)


def _viterbi(
    options: list[list[tuple[str, float]]], bigrams: set[tuple[str, str]], breaks: list[bool]
) -> list[str]:
    best: list[dict[str, tuple[float, str | None]]] = []
    for position, choices in enumerate(options):
        column: dict[str, tuple[float, str | None]] = {}
        for word, emission in choices:
            key = word.lower()
            if position == 0:
                column[word] = (emission, None)
                continue
            previous_best = None
            for previous, (score, _back) in best[-1].items():
                linked = not breaks[position - 1] and (previous.lower(), key) in bigrams
                total = score + emission + (PAIR_BONUS if linked else 0.0)
                if previous_best is None or total > previous_best[0]:
                    previous_best = (total, previous)
            column[word] = previous_best  # type: ignore[assignment]
        best.append(column)
    word = max(best[-1], key=lambda candidate: best[-1][candidate][0])
    path = [word]
    for position in range(len(best) - 1, 0, -1):
        word = best[position][word][1]  # type: ignore[assignment]
        path.append(word)
    return path[::-1]


def damage_ratio(lines: list[str]) -> float:
    """Share of words that look OCR-damaged: junk symbols, digits inside words, or plain
    ASCII spellings of syllables that Vietnamese always writes with diacritics ("cac")."""
    lex = lexicon()
    words = damaged = 0
    for line in lines:
        for token in line.split():
            core = token.strip(".,;:()“”\"'!?-–")
            if len(core) < 2 or core.isdigit():
                continue
            words += 1
            if set(core) & _JUNK or (
                any(char.isdigit() for char in core) and any(char.isalpha() for char in core)
            ):
                if "/" not in core and "-" not in core:
                    damaged += 1
                continue
            lowered = core.lower()
            if lowered.isascii() and lowered.isalpha():
                proper = lex.by_fold.get(lowered)
                if proper and lowered not in proper:
                    damaged += 1
    return damaged / words if words else 0.0


def needs_repair(lines: list[str]) -> bool:
    return damage_ratio(lines) > 0.06
