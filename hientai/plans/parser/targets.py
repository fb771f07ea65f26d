"""Quantitative targets in the objectives of a plan: "tối thiểu 30% cán bộ ...",
"12 người/vạn dân", "tăng tối thiểu 20%/năm", "13-15 bác sĩ/vạn dân", "30 kỹ sư".

Rules (the expected fixtures follow them):
- only objective sections are read (the caller decides); quoted names (“Đào tạo 1.000
  chuyên gia”), document numbers (57-NQ/TW), dates and years are not quantities;
- a clause with a percentage or a ratio has no count targets ("tối thiểu 01 nội dung",
  "dưới 45 tuổi" qualify it); counts written with a leading zero ("03 cấp độ") are
  ordinals of the text, and counts of time (năm, tháng, tuổi, đợt, lần) are not targets;
- the year is the clause's own ("đến năm 2026", "Đến năm 2026:", "giai đoạn 2026 - 2030"
  gives 2030), else the heading's ("Mục tiêu cụ thể đến năm 2030").
"""

from __future__ import annotations

import re

from hientai.core.text import fold
from hientai.plans.parser.model import Target, Value

_NUM = r"\d+(?:[.,]\d+)*"
_QUANTITY = re.compile(
    rf"(?<![\w/.,¢§¥€&@$-])(?P<lo>{_NUM})(?:\s*[-–]\s*(?P<hi>{_NUM}))?(?![\w/]|[.,]\d)", re.UNICODE
)
_PERCENT_YEAR = re.compile(r"\s*%\s*/\s*n\w{0,2}m\b")
_PERCENT = re.compile(r"\s*%")
_PER_10K = re.compile(r"\s*([^\W\d_]+(?:\s+[^\W\d_]+)?)\s*/\s*v\w{1,2}n\s+d\w{1,2}n\b", re.UNICODE)
_COUNT_UNIT = re.compile(r"\s+([^\W\d_]+)(?:\s+([^\W\d_]+))?(?:\s+([^\W\d_]+))?", re.UNICODE)
# Counted things of three syllables ("02 phòng thí nghiệm"); others are one or two words.
_THREE_WORD_NOUNS = {
    "phong thi nghiem",
    "nha khoa hoc",
    "co so du lieu",
    "trung tam du lieu",
    "doanh nghiep cong nghe",
    "nen tang so",
    "khu cong nghiep",
    "san pham chu luc",
    "nha dau tu",
    "co so giao duc",
    "hop tac xa",
    "to chuc khoa hoc",
    "de tai khoa hoc",
    "san pham ocop",
}
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_DOC_REF = re.compile(r"\b\d+(?:/\d+)*\s*[/-]\s*(?=[^\W\d_])[^\s,;)]+", re.UNICODE)
_DATE = re.compile(r"\b\d{1,2}/\d{1,2}/\d{4}\b|\b\d{1,2}/\d{4}\b")
_YEAR_IN_TEXT = re.compile(r"\b(?:den|het|trong|vao|nam|n\w{0,2}m)\s+((?:19|20)\d\d)\b")
_YEAR_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\b")
_LEADING_YEAR = re.compile(
    r"^\W*(?:[a-z]\)\s*)?(?:phan dau\s+)?(?:den het|den|trong|nam|giai doan|tu nay den)\s+"
    r"(?:nam\s+)?((?:19|20)\d\d)"
    r"(?:\s*[-–]\s*((?:19|20)\d\d))?\s*[:,]"
)
# A count is a target only when the clause says so ("đạt", "đào tạo được 30 kỹ sư").
_COUNT_CONTEXT = re.compile(
    r"\b(?:duoc|phan dau|toi thieu|it nhat|khoang|tren|thu hut|xay dung|dao tao|ho tro"
    r"|to chuc|phat trien|hinh thanh|thanh lap|ton vinh)\b[^.;]*$"
)
_COUNT_CONTEXT_EXACT = re.compile(r"(?:^|\s)(?:đạt|có|tăng|mỗi)\s[^.;]*$")
_PAST = re.compile(r"(?:^|\s)(?:đã|Đã)\s|\b(?:kết quả đạt được|đạt được trong năm qua)\b")
_NOT_TARGET_BEFORE = {"theo", "gom", "thanh", "cua", "tai", "thuoc", "qua", "so", "lan"}
_TIME_WORDS = {"nam", "thang", "ngay", "tuoi", "gio", "lan", "dot", "tuan", "quy", "phut"}
_FUNCTION_WORDS = {
    "tai",
    "cac",
    "trong",
    "cua",
    "va",
    "duoc",
    "tren",
    "cho",
    "theo",
    "ve",
    "la",
    "co",
    "tu",
    "den",
    "voi",
    "o",
    "nhung",
    "mot",
    "so",
    "nay",
}
_COMPARATORS = (
    ("min", re.compile(r"(?:toi thieu|it nhat|khong duoi|tren|tu)\s*$")),
    ("max", re.compile(r"(?:toi da|khong qua|duoi)\s*$")),
    ("approx", re.compile(r"(?:khoang|xap xi|gan)\s*$")),
)


def _number(text: str) -> float | int:
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        text = text.replace(".", "")
    value = float(text)
    return int(value) if value.is_integer() else value


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda match: " " * len(match[0]), text)


def _clause_year(folded: str) -> int | None:
    if match := _YEAR_RANGE.search(folded):
        return int(match[2])
    years = [int(match[1]) for match in _YEAR_IN_TEXT.finditer(folded)]
    return years[-1] if years else None


def heading_year(text: str) -> int | None:
    """The year a heading sets for its targets ("Mục tiêu cụ thể đến năm 2030" -> 2030)."""
    folded = fold(text)
    years = re.findall(r"\b((?:19|20)\d\d)\b", folded)
    return int(years[-1]) if years else None


def _comparator(before: str, after: str) -> str | None:
    before = fold(before)[-24:]
    if re.match(r"\s*%?\s*tro len", fold(after)):
        return "min"
    for name, pattern in _COMPARATORS:
        if pattern.search(before):
            return name
    return None


def _clauses(text: str) -> list[str]:
    # Keep "1,5" and "1.000" whole: split on ";" and on ". " between sentences only.
    parts = re.split(r";\s*|(?<=[^\d\s])\.\s+(?=[A-ZĐÀ-Ỹ])|\.\s*$", text)
    return [part for part in parts if part and part.strip()]


def extract_targets(text: str, context_year: int | None = None) -> list[Target]:
    """Quantitative targets in one paragraph of an objectives section."""
    targets: list[Target] = []
    leading = _LEADING_YEAR.match(fold(text))
    paragraph_year = None
    if leading:
        paragraph_year = int(leading[2] or leading[1])
    for clause in _clauses(text):
        if _PAST.search(clause):
            continue  # "năm 2023 đã đào tạo được 50 kỹ sư" is a result, not a target
        masked = _mask(clause, _QUOTED)
        masked = _mask(masked, _DOC_REF)
        masked = _mask(masked, _DATE)
        folded = fold(masked)
        year = _clause_year(folded) if not leading else None
        year = year or paragraph_year or context_year
        found: list[tuple[int, int, Target]] = []
        has_ratio = False
        for match in _QUANTITY.finditer(masked):
            lo, hi = match["lo"], match["hi"]
            after = masked[match.end() :]
            value: Value = [_number(lo), _number(hi)] if hi else _number(lo)
            end = match.end()
            if found_unit := _PERCENT_YEAR.match(after):
                unit, kind = "%/năm", "growth_per_year"
            elif found_unit := _PERCENT.match(after):
                unit, kind = "%", "percent"
            elif found_unit := _PER_10K.match(after):
                unit, kind = f"{found_unit[1].lower()}/vạn dân", "per_10k"
            else:
                found_unit = None
                unit, kind = "", "count"
            if found_unit:
                end += found_unit.end()
                has_ratio = True
            else:
                if re.fullmatch(r"(?:19|20)\d\d", lo) or re.fullmatch(r"0+", lo):
                    continue
                if hi and re.fullmatch(r"(?:19|20)\d\d", hi):
                    continue
                words = _COUNT_UNIT.match(after)
                before = masked[: match.start()][-40:]
                # "thành lập 02 phòng thí nghiệm và 01 trung tâm": a count that follows
                # another count of the clause shares its verb.
                follows = (
                    bool(found)
                    and found[-1][2].kind == "count"
                    and bool(
                        re.fullmatch(
                            r"[^.;:]{0,60}?(?:,|\bva\b|\bvoi\b)\s*",
                            fold(masked[found[-1][1] : match.start()]),
                        )
                    )
                )
                previous_word = fold(before).split()[-1:] or [""]
                if previous_word[0] in _NOT_TARGET_BEFORE:
                    continue  # "cụ thể hóa theo 03 cấp độ", "gồm 02 phần"
                if not words or not (
                    follows
                    or _COUNT_CONTEXT.search(fold(before))
                    or _COUNT_CONTEXT_EXACT.search(before.lower())
                ):
                    continue
                first = fold(words[1])
                if first in _TIME_WORDS or first in _FUNCTION_WORDS:
                    continue
                second = words[2] if words[2] and fold(words[2]) not in _FUNCTION_WORDS else None
                unit = words[1].lower() + (f" {second.lower()}" if second else "")
                if second and words[3] and fold(f"{unit} {words[3]}") in _THREE_WORD_NOUNS:
                    unit = f"{unit} {words[3].lower()}"
            target = Target(
                text="",
                value=value,
                unit=unit,
                year=year,
                kind=kind,
                comparator=_comparator(masked[: match.start()], after),
            )
            if not found_unit and words:
                end = match.end() + words.end()
            found.append((match.start(), end, target))
        if has_ratio:
            found = [item for item in found if item[2].kind != "count"]
        for index, (start, end, target) in enumerate(found):
            target.text = _segment(clause, found, index, start, end)
            targets.append(target)
    return targets


def _segment(clause: str, found: list, index: int, start: int, end: int) -> str:
    """The part of the clause about one quantity (commas split "1,15%, tiến sĩ đạt 20%")."""
    if len(found) == 1:
        return _tidy(clause)
    left = found[index - 1][1] if index else 0
    right = found[index + 1][0] if index + 1 < len(found) else len(clause)
    comma_before = clause.rfind(", ", left, start)
    comma_after = clause.find(", ", end, right)
    begin = comma_before + 2 if comma_before != -1 else 0
    finish = comma_after if comma_after != -1 else len(clause)
    return _tidy(clause[begin:finish])


def _tidy(text: str) -> str:
    return " ".join(text.split()).strip(" -–+.;,:")
