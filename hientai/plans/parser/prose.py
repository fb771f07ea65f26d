"""Tasks and deadlines written as prose, the way units write them:

- "Giao Sở Nội vụ chủ trì, phối hợp với Sở Tài chính xây dựng ..., hoàn thành trước ngày
  30/9/2026." and "Đề nghị Công an tỉnh chủ trì ..." (the unit before the work);
- "Sở Tài chính: chủ trì, phối hợp với Sở Nội vụ ...; thời gian hoàn thành: Quý II/2026."
  and bullets "- Sở Y tế: tổ chức ..." under a numbered heading (the heading is their group);
- "Sở Xây dựng chủ trì, phối hợp với ... rà soát ..." (a unit that "chủ trì" opens the line);
- inline labels: "Rà soát ... (Chủ trì: Sở Nội vụ; phối hợp: Sở Tài chính; thời gian: Quý
  II/2026)" or "... . Chủ trì: Sở Nội vụ; thời gian: năm 2026."
- deadlines inside the sentence ("trình UBND tỉnh ban hành trước ngày 30/9/2026", "thực
  hiện hằng năm", "thường xuyên", "từ năm 2026", "định kỳ 02 năm một lần", "Quý II/2026",
  "năm 2027") are taken out of the title into the deadline.
"""

from __future__ import annotations

import re

from hientai.core.text import fold
from hientai.plans.parser import units as unit_names
from hientai.plans.parser.deadlines import parse_deadline
from hientai.plans.parser.model import Task
from hientai.plans.parser.units import per_char_fold

_LEAD_IN = r"(?:,\s*|\s+)(?:(?:va\s+)?(?:hoan thanh|thuc hien|xong|trien khai)\s+)?"
_DEADLINE_FORMS = (
    # (kind of phrase, pattern on the folded text); earlier forms win over later ones
    (
        "date",
        _LEAD_IN + r"(?:truoc|cham nhat(?:\s+la)?|den|trong|vao|xong truoc)\s+(?:ngay\s+)?"
        r"\d{1,2}\s*(?:/|-|\.|\s+thang\s+)\s*\d{1,2}\s*(?:/|-|\.|\s+nam\s+)\s*(?:19|20)\d\d",
    ),
    (
        "quarter",
        _LEAD_IN + r"(?:(?:trong|truoc|vao|den het|den|cuoi|trong thang cuoi)\s+)?"
        r"quy\s+(?:iv|iii|ii|i|[1-4])\s*(?:/|-|\s+nam\s+|\s+)\s*(?:19|20)\d\d",
    ),
    (
        "month",
        _LEAD_IN + r"(?:(?:trong|truoc|vao|den het|den|cuoi)\s+)?"
        r"thang\s+\d{1,2}\s*(?:/|-|\s+nam\s+)\s*(?:19|20)\d\d",
    ),
    ("from", _LEAD_IN + r"(?:bat dau\s+)?tu\s+nam\s+(?:19|20)\d\d(?:\s+tro di)?"),
    (
        "periodic",
        _LEAD_IN + r"dinh ky\s+(?:hang\s+)?(?:\d{1,2}\s+)?(?:nam|thang|quy)"
        r"(?:\s+(?:mot|1|01)\s+lan)?",
    ),
    ("yearly", _LEAD_IN + r"(?:hang|moi)\s+nam\b"),
    (
        "year",
        _LEAD_IN + r"(?:(?:trong|truoc|vao|den het|den|cuoi|ngay trong)\s+)?nam\s+(?:19|20)\d\d"
        r"(?=\s*[.;]?\s*$)",
    ),
    ("ongoing", r"(?:,\s*|\s+)(?:thuc hien\s+)?thuong xuyen(?:,?\s+lien tuc)?(?=\s*[.;]?\s*$)"),
)
_DEADLINE_RES = [(kind, re.compile(pattern)) for kind, pattern in _DEADLINE_FORMS]
_OPENING_ONGOING = re.compile(r"^thuong xuyen\b")


def split_deadline(text: str) -> tuple[str, str | None]:
    """(title without the deadline phrase, the phrase as written) for one sentence."""
    folded = per_char_fold(text)
    for _kind, pattern in _DEADLINE_RES:
        matches = list(pattern.finditer(folded))
        if not matches:
            continue
        match = matches[-1]
        raw = text[match.start() : match.end()].strip(" ,;.")
        raw = re.sub(r"^(?:và\s+)?(?:hoàn thành|thực hiện|xong|triển khai)\s+", "", raw, flags=re.I)
        raw = re.sub(r"^(?:trong|vào)\s+(?=[Qq]uý|[Tt]háng)", "", raw)
        title = (text[: match.start()] + text[match.end() :]).strip(" ,;.")
        title = re.sub(r"\s+([,.;])", r"\1", title)
        title = re.sub(r"[,;]\s*$", "", title).strip()
        if len(title.split()) < 2:
            return text, raw
        return title, raw
    if _OPENING_ONGOING.match(folded):
        return text, text.split()[0] + " " + text.split()[1]
    return text, None


def _capital(text: str) -> str:
    text = text.strip(" ,;.:-–")
    return text[:1].upper() + text[1:]


_LABEL_SPLIT = re.compile(r"\s*;\s*|\.\s+(?=[A-ZĐ])")
_INLINE_LABELS = re.compile(
    r"(?:\(|[.;]\s+|\s[-–]\s)\s*(?:(?:đơn vị|cơ quan)\s+)?(?:chủ trì|chu tri)"
    r"(?:\s+thực hiện)?\s*:",
    re.IGNORECASE,
)
_GIAO = re.compile(r"^(?:giao|de nghi|yeu cau)\s+", re.IGNORECASE)
_CHU_TRI = re.compile(r"\bchu tri\b[\s,]*(?:thuc hien\b[\s,]*)?")
_COORDINATE = re.compile(r"^(?:va\s+)?phoi hop(?:\s+(?:voi|cung))?\s+")


def _labelled(parts: list[str], label_of) -> dict[str, str]:
    values: dict[str, str] = {}
    for part in parts:
        found = label_of(part.strip(" ()."))
        if found and found[0] not in values:
            values[found[0]] = found[1].strip(" ().;")
    return values


def inline_task(text: str, context, label_of) -> Task | None:
    """ "Work (Chủ trì: X; phối hợp: Y; thời gian: Z)" or "Work. Chủ trì: X; thời gian: Z"."""
    match = _INLINE_LABELS.search(text)
    if not match or match.start() < 8:
        return None
    title = text[: match.start()].strip(" ,;.(")
    tail = text[match.start() :].strip(" .;-–(")
    tail = tail.rstrip(")").strip()
    values = _labelled(_LABEL_SPLIT.split(tail), label_of)
    if "lead" not in values:
        return None
    lead = context.units(values["lead"])
    if not lead:
        return None
    raw = values.get("deadline")
    if not raw:
        title, raw = split_deadline(title)
    return Task(
        title=_capital(title),
        lead=lead,
        coordinators=context.units(values.get("coordinators", "")),
        deadline=parse_deadline(raw),
        result=values.get("result") or None,
        source="assignment",
    )


def _work_and_deadline(rest: str, label_of) -> tuple[str, str | None, dict[str, str]]:
    """The work after the units, the deadline (a label or a phrase) and other labels."""
    parts = re.split(r"\s*;\s*", rest)
    work_parts, labels = [], {}
    for part in parts:
        found = label_of(part.strip(" ().-–"))
        if found and found[0] in {"deadline", "coordinators", "result", "lead"}:
            labels.setdefault(found[0], found[1].strip(" ().;"))
        else:
            work_parts.append(part)
    work = "; ".join(part for part in work_parts if part.strip()).strip(" ,;.")
    raw = labels.get("deadline")
    if not raw:
        work, raw = split_deadline(work)
    return work, raw, labels


def unit_task(text: str, context, label_of, first_verb) -> Task | None:
    """ "Giao/Đề nghị X chủ trì ...", "X: chủ trì, phối hợp với Y W; thời gian: D",
    "X: W" and "X chủ trì, phối hợp ... W"."""
    folded = per_char_fold(text)
    start = 0
    if giao := _GIAO.match(folded):
        start = giao.end()
    head, colon, body = text[start:].partition(":")
    subject, rest = None, ""
    if (
        colon
        and len(head.split()) <= 16
        and unit_names.starts_with_unit(head)
        and not label_of(text[start:])
        and "(" not in head
    ):
        subject, rest = head, body
    else:
        chu_tri = _CHU_TRI.search(folded, start)
        verb = first_verb(text, start)
        cut = None
        if chu_tri and (verb is None or chu_tri.start() <= verb):
            cut = chu_tri.start()
        elif giao and verb is not None:
            cut = verb
        if cut is None or cut <= start:
            return None
        candidate = text[start:cut].strip(" ,")
        if not unit_names.starts_with_unit(candidate):
            return None
        subject, rest = candidate, text[cut:]
    lead = context.units(subject)
    if not lead or not all(unit_names.plausible(name) for name in lead):
        return None  # "Về chỉ đạo, điều hành: ..." read by OCR as "Sở chỉ đạo ..."
    rest = rest.strip()
    if match := _CHU_TRI.match(per_char_fold(rest)):
        rest = rest[match.end() :]
    rest = rest.strip(" ,")
    rest_folded = per_char_fold(rest)
    coordinators: list[str] = []
    if coordinate := _COORDINATE.match(rest_folded):
        verb = first_verb(rest, coordinate.end())
        stop = re.search(r"[;:(]", rest[coordinate.end() :])
        limit = coordinate.end() + stop.start() if stop else len(rest)
        end = min(verb, limit) if verb is not None else limit
        chunk = rest[coordinate.end() : end].strip(" ,")
        if chunk and unit_names.starts_with_unit(chunk, after_and=True):
            coordinators = context.units(chunk)
            rest = rest[end:].strip(" ,")
    work, raw, labels = _work_and_deadline(rest, label_of)
    if labels.get("coordinators") and not coordinators:
        coordinators = context.units(labels["coordinators"])
    return Task(
        title=_capital(work),
        lead=lead,
        coordinators=coordinators,
        deadline=parse_deadline(raw),
        result=labels.get("result") or None,
        source="assignment",
    )


def generic_work(title: str) -> bool:
    """Work that only points at the heading ("thực hiện nội dung trên", "" )."""
    folded = fold(title)
    return len(folded.split()) < 3 or bool(
        re.fullmatch(
            r"(?:to chuc\s+)?(?:thuc hien|trien khai)(?:\s+thuc hien)?"
            r"(?:\s+(?:nhiem vu|noi dung)(?:\s+(?:nay|tren|neu tren))?)?",
            folded,
        )
    )
