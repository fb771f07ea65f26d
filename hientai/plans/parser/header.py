"""The header of a plan as real documents write it: number, date, issuer, title, legal bases.

Administrative headers are two columns (issuer and number on the left, the national motto
and the date on the right), written as a Word table, as text with long runs of spaces, or
as lines a PDF or a scan interleaves. So the header is read as one text across its lines
and cells: "Số:\\n20/KH-UBND" and "ngày\\n16 tháng 01 năm 2024" are found whatever breaks
them. The issuer is the left column's body with its place line ("ỦY BAN NHÂN DÂN" +
"TỈNH HÀ TĨNH"; "UBND TỈNH HÀ TĨNH" + "SỞ Y TẾ" -> "Sở Y tế tỉnh Hà Tĩnh"), or the body
that "ban hành Kế hoạch" in the preamble, completed with the document's own place.
"""

from __future__ import annotations

import datetime
import re

from hientai.core.text import fold
from hientai.plans.parser import units as unit_names
from hientai.plans.parser.model import ParsedPlan
from hientai.plans.parser.units import ocr_fold, per_char_fold

_ROMAN_HEAD = re.compile(r"^\s*(?:[IVX]{1,4}|PHẦN\s+[IVX]{1,4}|A|B)\s*[./]\s*\S")
_PLAN_WORD = re.compile(r"^\s*k\w{0,2}\s*ho\w{0,2}ch\b")
_NUMBER = re.compile(
    r"\bS\w{0,2}\s*[:;.]\s*(\d*\s*/\s*(?:KH|QD|QĐ|CT|CTr|NQ)[\w.&-]*)", re.IGNORECASE
)
_NUMBER_BARE = re.compile(r"(?<![\w/])(\d{1,5}\s*/\s*KH-[\w.&-]+)")
_DATE = re.compile(
    r"(?:((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s){0,3}[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)\s*,\s*)?"
    r"ng\w{1,2}y\s*(\d{1,2})?\s*th\w{1,3}ng\s*(\d{1,2})?\s*n\w{1,3}m\s*((?:19|20)\d\d)",
    re.IGNORECASE,
)
_MOTTO = re.compile(
    r"C[ỘO]NG\s+H[ÒO]A\b.*|Cộng\s+hòa\b.*|Đ[ỘO]C\s+L[ẬA]P\b.*|Độc\s+lập\b.*|"
    r"T[ỰU]\s+DO\b.*|H[ẠA]NH\s+PH[ÚU]C\b.*",
)
_LEVELS = ("thanh pho", "tinh", "huyen", "thi xa", "quan", "xa", "phuong", "dac khu")
_ISSUES = re.compile(r"\s(?:ban hành|xây dựng|triển khai)\s+(?:kế hoạch|Kế hoạch)", re.IGNORECASE)
_PARENT = re.compile(
    r"((?:Kế hoạch|Nghị quyết|Quyết định|Chỉ thị|Chương trình|Đề án)(?: hành động)? số\s*"
    r"[\w/.&-]+(?:\s+ngày\s+\d{1,2}/\d{1,2}/\d{4})?)"
)
# A preamble paragraph that is not the title: legal bases and the reasons for the plan.
_PREAMBLE_START = re.compile(
    r"^(?:can cu|thuc hien|theo de nghi|theo de xuat|de trien khai|nham|tren co so|xet de nghi"
    r"|de cu the hoa|de thuc hien|ubnd|uy ban nhan dan)\b"
)


def head_lines(lines: list[str]) -> tuple[list[str], int | None]:
    """The lines above "KẾ HOẠCH" (or the first section), and the index of that line."""
    for index, line in enumerate(lines[:40]):
        text = line.strip()
        if not text:
            continue
        if _PLAN_WORD.match(fold(text)) and _uppercase(text.split()[0] + " " + text.split()[-1]):
            return lines[:index], index
        if _ROMAN_HEAD.match(text) and index > 0:
            return lines[:index], None
    return lines[:10], None


def _uppercase(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return bool(letters) and sum(char.isupper() for char in letters) / len(letters) >= 0.6


def is_plan(lines: list[str]) -> bool:
    """The header says KẾ HOẠCH (a plan may have any sections)."""
    return head_lines(lines)[1] is not None


def _cells(line: str) -> list[str]:
    """A header line split into its columns (table cells, long runs of spaces, the motto)."""
    parts = re.split(r"\t|\s{3,}", line.strip())
    cells: list[str] = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        motto = _MOTTO.search(part)
        if motto and motto.start() > 0:
            pieces = [part[: motto.start()].strip(), part[motto.start() :].strip()]
        else:
            pieces = [part]
        for piece in pieces:
            number = re.search(r"\bS\w{0,2}\s*[:;]\s*[\d/]", piece)
            if number and number.start() > 0:
                cells += [piece[: number.start()].strip(), piece[number.start() :].strip()]
            else:
                cells.append(piece)
    return cells


def _is_place(folded: str) -> bool:
    return folded.startswith(tuple(f"{level} " for level in _LEVELS))


def _proper_place(text: str) -> str:
    """ "TỈNH HÀ TĨNH" -> "tỉnh Hà Tĩnh"."""
    words = text.split()
    folded = fold(text)
    level_words = 0
    for level in _LEVELS:
        if folded.startswith(level + " "):
            level_words = len(level.split())
            break
    level = " ".join(word.lower() for word in words[:level_words])
    name = " ".join(word[:1].upper() + word[1:].lower() for word in words[level_words:])
    return f"{level} {name}".strip()


def proper_unit(text: str) -> str:
    """An upper-case unit name in its usual spelling: "SỞ Y TẾ" -> "Sở Y tế" (the gazetteer
    and the typical units give the spelling; else the first word capitalised)."""
    text = " ".join(text.split())
    if not _uppercase(text):
        return text
    known = unit_names.spelling(text)
    if known:
        return known
    folded = fold(text)
    for level in _LEVELS:
        position = folded.find(f" {level} ")
        if position != -1 and level not in {"xa"}:
            words = text.split()
            count = len(folded[:position].split())
            body = proper_unit(" ".join(words[:count]))
            return f"{body} {_proper_place(' '.join(words[count:]))}"
    if folded.startswith("ubnd "):
        return "UBND " + _proper_place(text.split(" ", 1)[1])
    lowered = text.lower()
    return lowered[:1].upper() + lowered[1:]


def header_issuer(lines: list[str], repair) -> str | None:
    """The issuer from the header's left column, with its place line."""
    left: list[str] = []
    for line in lines:
        cells = _cells(repair(line) if repair else line)
        if not cells:
            continue
        first = cells[0]
        folded = ocr_fold(first)
        if _MOTTO.match(first) or re.match(r"^(?:cong hoa|doc lap|tu do)", folded):
            continue
        if re.match(r"^s\w{0,2}\s*[:;]", folded) or _DATE.search(first):
            break
        if re.fullmatch(r"[\W_]*", first):
            continue
        left.append(first)
        if len(left) >= 3:
            break
    left = [part.strip(" -_–—*") for part in left if part.strip(" -_–—*")]
    if not left:
        return None
    parts = [" ".join(part.split()) for part in left]
    folded = [fold(part) for part in parts]
    if not unit_names.starts_with_unit(parts[0]) and not _is_place(folded[0]):
        return None
    # "ỦY BAN NHÂN DÂN" + "TỈNH HÀ TĨNH"
    if len(parts) >= 2 and _is_place(folded[1]) and not _has_place(folded[0]):
        return f"{proper_unit(parts[0])} {_proper_place(parts[1])}"
    # "UBND TỈNH HÀ TĨNH" + "SỞ Y TẾ": the department of that province.
    if len(parts) >= 2 and unit_names.starts_with_unit(parts[1]) and _has_place(folded[0]):
        place = _place_of(parts[0])
        body = proper_unit(parts[1])
        return f"{body} {place}" if place and not _has_place(fold(body)) else body
    return proper_unit(parts[0])


def _has_place(folded: str) -> bool:
    return any(re.search(rf"\b{level} \w", folded) for level in _LEVELS if level != "xa") or bool(
        re.search(r"\bxa \w", folded) and not folded.startswith(("cong hoa", "hoi"))
    )


def _place_of(text: str) -> str | None:
    folded = fold(text)
    for level in _LEVELS:
        match = re.search(rf"\b{level} \w", folded)
        if match:
            words = text.split()
            count = len(folded[: match.start()].split())
            return _proper_place(" ".join(words[count:]))
    return None


def identity(lines: list[str], plan: ParsedPlan) -> None:
    """Number and date, read across the header's line breaks and cells."""
    head, _index = head_lines(lines)
    joined = " ".join(" ".join(line.split()) for line in head if line.strip())
    if (match := _NUMBER.search(joined)) or (match := _NUMBER_BARE.search(joined)):
        plan.number = re.sub(r"\s+", "", match[1])
    if plan.number:
        plan.number = plan.number.replace("QD", "QĐ").rstrip(".,;")
    folded = per_char_fold(joined)
    for match in _DATE.finditer(folded):
        # Match on the folded text (OCR loses tone marks), take the words as written.
        day_at = folded.find("ng", match.end(1) if match[1] else match.start())
        raw = joined[day_at : match.end()]
        if match[1]:
            place = joined[match.start(1) : match.end(1)]
            place = re.sub(r"^.*\b(?:[Pp]húc|PHÚC|phuc|PHUC)\s+", "", place).strip()
            raw = f"{place}, {raw}"
        plan.date_raw = " ".join(raw.split()).strip(" ,")
        if match[2] and match[3]:
            try:
                plan.date = datetime.date(int(match[4]), int(match[3]), int(match[2]))
            except ValueError:
                plan.date = None
        break


def title_of(lines: list[str], preamble: list, repair) -> str | None:
    """What follows "KẾ HOẠCH" up to the first basis or preamble paragraph."""
    _head, index = head_lines(lines)
    blocks = list(preamble)
    title: list[str] = []
    started = index is None
    for block in blocks:
        text = block.text.strip()
        folded = ocr_fold(text)
        if not started:
            if block.start_line and index is not None and block.start_line > index + 1:
                started = True
            elif _PLAN_WORD.match(folded) and _uppercase(text[:8]):
                started = True
                rest = re.sub(r"^\s*\S+\s+\S+\s*", "", text)
                if rest and len(folded.split()) > 2:
                    title.append(rest)
                continue
            else:
                continue
        if _PLAN_WORD.fullmatch(folded.strip()) or re.fullmatch(r"k\w{0,2} ho\w{0,2}ch", folded):
            title = []
            continue
        if "\t" in block.text or _is_header_line(text):
            continue
        if re.fullmatch(r"[\W_]+", text):
            if title:
                break
            continue
        if block.kind in {"basis", "roman", "item", "label"}:
            break
        if title and (_PREAMBLE_START.match(folded) or _ISSUES.search(text)):
            break
        if not title and _PREAMBLE_START.match(folded) and folded.startswith("can cu"):
            break
        title.append(text)
        if text.endswith((";", ":")):
            break
    if not title:
        return None
    return (repair(" ".join(title)) if repair else " ".join(title)).strip()


def _is_header_line(text: str) -> bool:
    folded = ocr_fold(text)
    return bool(
        re.match(r"^(?:so\s*:|doc lap|cong hoa|\S+(?: \S+)?, ngay)", folded)
        or "tu do - hanh phuc" in folded
        or "tu do hanh phuc" in folded
        or (_DATE.search(text) and len(text) < 60)
    )


def legal_bases(preamble: list, repair, title: str | None = None) -> list[str]:
    """ "Căn cứ ..." paragraphs, "Thực hiện ..." clauses and numbered lists after "Căn cứ:"."""
    bases: list[str] = []
    in_list = False
    for block in preamble:
        text = (repair(block.text) if repair else block.text).strip()
        if title and text and title.startswith(text):
            continue  # the title itself ("Thực hiện Chương trình ...")
        folded = ocr_fold(text)
        if block.kind == "basis":
            body = re.sub(r"^\S+\s+\S+\s*:?\s*", "", text) if folded.startswith("can cu") else ""
            if not body.strip(" :;,."):
                in_list = True  # "Căn cứ:" then a numbered list
                continue
            bases.append(text.strip(" ;,."))
            in_list = False
            continue
        if in_list and block.kind in {"item", "bullet"}:
            bases.append(text.strip(" ;,."))
            continue
        in_list = False
        if folded.startswith("thuc hien ") and re.search(
            r"\b(?:nghi quyet|quyet dinh|ke hoach|chi thi|cong van|chuong trinh|thong bao|"
            r"van ban|luat|nghi dinh|thong tu|de an)\b",
            folded[:80],
        ):
            # "Thực hiện Quyết định số ...; Thực hiện ..., UBND tỉnh ban hành Kế hoạch ..."
            for clause in re.split(r";\s*(?=[Tt]h[ựu]c hi[ệe]n\b)", text):
                clause = _ISSUES.split(clause)[0]
                clause = re.split(r",\s*(?=(?:UBND|Ủy ban|Sở|Ban|Phòng)\b[^,]*$)", clause)[0]
                if clause.strip():
                    bases.append(clause.strip(" ;,."))
    return bases


def issuer_from_text(preamble: list, repair) -> str | None:
    for block in preamble:
        text = repair(block.text) if repair else block.text
        if block.kind == "basis" or not (match := _ISSUES.search(text)):
            continue
        before = re.split(r"[,;]", text[: match.start()])[-1].strip()
        before = re.sub(r"^(?:nay|Nay)\s+", "", before)
        if before and unit_names.starts_with_unit(before, after_and=False):
            return before
    return None


def complete_issuer(issuer: str, *sources: str) -> str:
    """ "Ủy ban nhân dân phường" + "... trên địa bàn phường Đồng Xoài" -> "... phường Đồng Xoài"."""
    words = issuer.split()
    level = words[-1].lower() if words else ""
    if level == "phố" and len(words) >= 2 and words[-2].lower() == "thành":
        level = "thành phố"
    if level not in {"phường", "xã", "tỉnh", "thành phố", "huyện"}:
        return issuer
    for source in sources:
        match = re.search(rf"(?i:{level})\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s*){{1,3}})", source or "")
        if match:
            return f"{issuer} {match[1].strip()}"
    return issuer


def parent_of(title: str | None) -> str | None:
    if title and (match := _PARENT.search(title)):
        return match[1]
    return None


def parse_header(lines: list[str], preamble: list, plan: ParsedPlan, context) -> None:
    """Fill the plan's identity, title, legal bases and issuer."""
    repair = context.text if context.repair else None
    identity(lines, plan)
    plan.title = title_of(lines, preamble, repair)
    plan.parent = parent_of(plan.title)
    plan.legal_bases = legal_bases(preamble, repair, plan.title)
    head, _index = head_lines(lines)
    from_header = header_issuer(head, repair)
    from_text = issuer_from_text(preamble, repair)
    if context.repair:
        from_header = unit_names.snap(from_header) if from_header else None
        from_text = unit_names.snap(from_text) if from_text else None
    header_place = _place_of(from_header) if from_header else None
    issuer = None
    if from_header and _has_place(fold(from_header)):
        issuer = from_header
    elif from_text:
        issuer = complete_issuer(from_text, header_place or "", plan.title or "")
        if from_header and not _has_place(fold(issuer)) and len(from_header) > len(issuer):
            issuer = from_header
    else:
        issuer = from_header
    if issuer and not _has_place(fold(issuer)):
        issuer = complete_issuer(issuer, plan.title or "")
    plan.issuer = issuer
    if plan.issuer:
        plan.issuer_code = unit_names.resolve_code(plan.issuer)
