"""Finding things by name: document numbers in legal bases, units for the names a plan
writes, tasks of the higher plan for a task of the lower one, the years a plan runs.

Suggestions are ranked with rapidfuzz over folded text (no diacritics, lower case), so
"Sở Văn hoá thể thao và Du lịch" finds "Sở Văn hóa, Thể thao và Du lịch".
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from hientai.core.text import fold
from hientai.orgs.models import Unit
from hientai.plans.parser.units import is_generic, resolve_code, without_location

_DOCUMENT = re.compile(
    r"(Kế hoạch|Nghị quyết|Quyết định|Chỉ thị|Chương trình|Văn bản|Công văn|Thông báo|Đề án)"
    r"(?:\s+hành\s+động)?\s+s[ốoố]\s*"
    r"(\d+\s*[/-]\s*[A-ZĐa-zđ&.]+(?:\s*[/-]\s*[A-ZĐa-zđ&.]+)*)"
    r"(?:,?\s+ngày\s+(\d{1,2}/\d{1,2}/\d{4}))?",
    re.IGNORECASE,
)
PLAN_KIND = "Kế hoạch"


def number_key(number: str | None) -> str:
    """A document number for comparison: "20/ KH-UBND" and "20/KH-UBND" are the same."""
    return re.sub(r"\s+", "", fold(number or ""))


@dataclass(frozen=True)
class DocumentRef:
    kind: str  # "Kế hoạch", "Nghị quyết", ...
    number: str  # "20/KH-UBND"
    date: str | None  # "19/01/2026" as written
    text: str  # the reference as written, "Kế hoạch số 20/KH-UBND ngày 19/01/2026"

    @property
    def is_plan(self) -> bool:
        return fold(self.kind) == fold(PLAN_KIND)

    @property
    def key(self) -> str:
        return number_key(self.number)


def document_refs(text: str) -> list[DocumentRef]:
    """The documents a text cites, in order ("Căn cứ Kế hoạch số 20/ KH-UBND ngày ...")."""
    found = []
    for match in _DOCUMENT.finditer(" ".join(text.split())):
        kind = match[1][:1].upper() + match[1][1:].lower()
        number = re.sub(r"\s+", "", match[2]).rstrip(".")
        found.append(DocumentRef(kind, number, match[3], " ".join(match[0].split())))
    return found


def is_numbered(number: str | None) -> bool:
    """A signed plan has digits before its symbol; drafts carry "/KH-UBND" alone."""
    return bool(number and re.match(r"^\s*\d", number))


# ---------------------------------------------------------------- units


@dataclass(frozen=True)
class UnitSuggestion:
    unit: Unit
    score: int
    sure: bool = False  # the parser's gazetteer resolved the name itself


# Abbreviations plans use in unit names (folded), spelt out before comparing.
_ABBREVIATIONS = {
    "kh&cn": "khoa hoc va cong nghe",
    "khcn": "khoa hoc va cong nghe",
    "kh&kt": "khoa hoc va ky thuat",
    "kcn": "khu cong nghiep",
    "kkt": "khu kinh te",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "gd&dt": "giao duc va dao tao",
    "gddt": "giao duc va dao tao",
    "tt&tt": "thong tin va truyen thong",
    "ld-tb&xh": "lao dong - thuong binh va xa hoi",
    "ubmttq": "uy ban mat tran to quoc",
}
_ABBREVIATION = re.compile(
    r"(?<![\w&])(" + "|".join(re.escape(key) for key in _ABBREVIATIONS) + r")(?![\w&])"
)


def _unit_key(name: str) -> str:
    return _ABBREVIATION.sub(lambda match: _ABBREVIATIONS[match[1]], fold(name))


def _unit_keys(unit: Unit) -> set[str]:
    return {_unit_key(name) for name in (unit.name_vi, *without_location(unit.name_vi))}


def _score(query: str, choice: str, **_kwargs: Any) -> float:
    # token_set_ratio forgives extra words ("Cục Thống kê" / "Thống kê"), ratio keeps
    # "Sở Nội vụ" and "Sở Ngoại vụ" apart; the mean ranks well on both.
    return (fuzz.token_set_ratio(query, choice) + fuzz.ratio(query, choice)) / 2


def suggest_units(
    name: str, context: Unit | None = None, limit: int = 6, on: datetime.date | None = None
) -> list[UnitSuggestion]:
    """Current units ranked by how well their name matches `name`. A name the parser's
    gazetteer resolves comes first (sure); divisions outside `context` (the issuing unit)
    rank lower, since a plan's "Văn phòng Sở" is its own."""
    if not name.strip():
        return []
    units = list(Unit.objects.current(on).only("id", "code", "name_vi", "path", "kind"))
    keys: list[str] = []
    owners: list[Unit] = []
    for unit in units:
        for key in _unit_keys(unit):
            keys.append(key)
            owners.append(unit)
    hits = process.extract(_unit_key(name), keys, scorer=_score, limit=limit * 8, score_cutoff=50)
    best: dict[int, UnitSuggestion] = {}
    inside = context.path if context else None
    for _key, score, index in hits:
        unit = owners[index]
        ranked = round(score)
        if inside and unit.path.startswith(inside):
            ranked = min(100, ranked + 3)
        elif unit.kind == "division" and inside:
            ranked -= 20
        if unit.pk not in best or best[unit.pk].score < ranked:
            best[unit.pk] = UnitSuggestion(unit, ranked)
    code = resolve_code(name, context.code if context else None)
    sure = next((unit for unit in units if unit.code == code), None) if code else None
    if sure is not None:
        best[sure.pk] = UnitSuggestion(sure, 100, sure=True)
    ranked_list = sorted(best.values(), key=lambda item: (-item.sure, -item.score, item.unit.path))
    return ranked_list[:limit]


def looks_generic(name: str) -> bool:
    return is_generic(name)


# ---------------------------------------------------------------- tasks


# Function words and the verbs every task starts with ("tổ chức triển khai thực hiện ...")
# say nothing about what the task is.
_TASK_STOPWORDS = frozenset(
    [
        "va",
        "cac",
        "cua",
        "ve",
        "trong",
        "cho",
        "de",
        "voi",
        "tai",
        "theo",
        "nhung",
        "mot",
        "thuc",
        "hien",
        "trien",
        "khai",
        "to",
        "chuc",
    ]
)


def _task_key(text: str) -> str:
    words = re.sub(r"[^\w\s]", " ", fold(text)).split()
    return " ".join(word for word in words if word not in _TASK_STOPWORDS)


def _task_score(query: str, choice: str, **_kwargs: Any) -> float:
    # token_set_ratio alone rates any short title contained in a long one at 100.
    return (fuzz.token_set_ratio(query, choice) + fuzz.token_sort_ratio(query, choice)) / 2


def suggest_parent_tasks(content: str, candidates: list, limit: int = 5) -> list[tuple]:
    """(task, score) of the higher plan's tasks, by title similarity, best first."""
    if not content.strip() or not candidates:
        return []
    choices = {index: _task_key(task.content) for index, task in enumerate(candidates)}
    hits = process.extract(
        _task_key(content), choices, scorer=_task_score, limit=limit, score_cutoff=40
    )
    return [(candidates[index], round(score)) for _key, score, index in hits]


# ---------------------------------------------------------------- years

_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")
_UNTIL = re.compile(r"\bden\s+nam\s+((?:19|20)\d\d)\b")
_YEAR = re.compile(r"\bnam\s+((?:19|20)\d\d)\b")


def guess_years(
    title: str, plan_year: int | None, target_years: list[int]
) -> tuple[int | None, int | None]:
    """The years a plan runs, from its title ("giai đoạn 2026-2030", "năm 2026", "đến năm
    2030"), else from its date and its targets' years."""
    folded = fold(title or "")
    if match := _RANGE.search(folded):
        return int(match[1]), int(match[2])
    if match := _UNTIL.search(folded):
        end = int(match[1])
        start = plan_year if plan_year and plan_year <= end else None
        return start, end
    if match := _YEAR.search(folded):
        year = int(match[1])
        return year, year
    if target_years:
        end = max(target_years)
        return (plan_year if plan_year and plan_year <= end else None), end
    return plan_year, plan_year
