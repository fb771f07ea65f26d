"""Reporting duties: who reports to whom, by when ("báo cáo định kỳ gửi Sở Khoa học và
Công nghệ trước ngày 15 tháng 12 hằng năm").

A duty is a "báo cáo" with a recipient unit: "gửi/về/lên/cho X", "báo cáo X", "theo yêu
cầu của X". The reporting unit is the sentence's subject ("Các đơn vị báo cáo ..."), the
previous recipient when the text goes on "để tổng hợp, báo cáo ..." (it forwards), or
else the unit whose item holds the sentence (organisation section item, task lead).
Each deadline in the clause gives one duty: "định kỳ 6 tháng (trước ngày 20/6), báo cáo
năm (trước ngày 05/12) hoặc đột xuất" is a half-yearly, a yearly and an ad hoc report.
Escalating difficulties ("nếu có khó khăn, vướng mắc ... báo cáo") is not a duty.
"""

from __future__ import annotations

import re

from hientai.core.text import fold
from hientai.plans.parser import units as unit_names
from hientai.plans.parser.deadlines import parse_deadline
from hientai.plans.parser.model import ReportingDuty
from hientai.plans.parser.structure import Context, first_verb
from hientai.plans.parser.units import per_char_fold

_REPORT = re.compile(r"\bbao\s+cao\b")
_INTRO = re.compile(
    r"^\s*(?:(?:ket qua|tinh hinh|thuc hien|trien khai|dinh ky|dot xuat|nam|6 thang|,|va)\s*)*"
)
_TO = re.compile(r"\b(?:gui|ve|len|toi|cho|theo yeu cau cua)\s+")
_RECIPIENT_END = re.compile(
    r"(?=\s+(?:truoc|de|theo|dinh ky|hang nam|trong|khi|qua|xem xet)\b|[,.;(:]|$)"
)
_DEADLINE = re.compile(r"truoc\s+ngay\s+\d{1,2}\s*(?:/|\s+thang\s+)\s*\d{1,2}(?:\s*/\s*\d{4})?")
_ESCALATION = re.compile(r"kho khan|vuong mac")


def _tidy(raw: str) -> str:
    raw = " ".join(raw.replace("*", "").split()).strip(" (,")
    return raw + ")" if raw.count("(") > raw.count(")") else raw


def _sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.])\s+(?=[A-ZĐÀ-Ỹ])", text) if part.strip()]


def _recipient(text: str, folded: str, start: int, stop: int) -> tuple[str, int] | None:
    """The recipient named after "báo cáo" at `start` (before `stop`), and where it ends."""
    window = folded[start:stop]
    intro = _INTRO.match(window)
    begin = start + (intro.end() if intro else 0)
    candidates = [begin]
    if to := _TO.search(folded, start, stop):
        candidates.insert(0, to.end())
    for position in candidates:
        chunk = text[position:stop]
        if not unit_names.starts_with_unit(chunk, after_and=True):
            continue
        end = _RECIPIENT_END.search(per_char_fold(chunk))
        name = chunk[: end.start()] if end else chunk
        if name.strip():
            return name.strip(), position + len(name)
    return None


def _deadlines(text: str, folded: str) -> list[tuple[str, str | None]]:
    """(raw deadline, period) pairs found in one clause."""
    found: list[tuple[str, str | None]] = []
    previous_end = 0
    for match in _DEADLINE.finditer(folded):
        before = folded[previous_end : match.start()]
        after = folded[match.end() : match.end() + 12]
        period = "half_year" if re.search(r"6\s+thang", before) else "year"
        lead_in = ""
        if period == "half_year" and (where := before.rfind("dinh ky")) != -1:
            lead_in = text[previous_end + where : match.start()]
            months = re.search(r"6\s+thang", folded[previous_end + where : match.start()])
            if months and not re.fullmatch(r"[\s(*]*", lead_in[months.end() :]):
                lead_in = lead_in[: months.end()] + ", "  # "định kỳ 6 tháng, trước ngày 15/6"
        elif re.search(r"bao cao nam", before):
            lead_in = text[previous_end + before.rfind("bao cao nam") : match.start()]
        raw = lead_in + text[match.start() : match.end()]
        if yearly := re.match(r"\s*hang nam", after):
            raw += text[match.end() : match.end() + len(yearly[0])]
        found.append((_tidy(raw), period))
        previous_end = match.end()
    if "dot xuat" in folded:
        start = folded.find("dot xuat")
        end = folded.find("yeu cau", start)
        raw = text[start : end + len("yeu cau")] if end != -1 and end - start < 30 else "đột xuất"
        found.append((raw, "ad_hoc"))
    dated = any(period != "ad_hoc" for _raw, period in found)
    if not dated:
        if "hang nam" in folded:
            start = folded.find("hang nam")
            found.insert(0, (text[start : start + len("hang nam")], "year"))
        elif "dinh ky" in folded:
            start = folded.find("dinh ky")
            found.insert(0, (text[start : start + len("dinh ky")], None))
    return found


def _subject(sentence: str, context: Context) -> list[str]:
    verb = first_verb(sentence)
    if not verb:
        return []
    subject = sentence[:verb].strip(" ,;-")
    subject = re.sub(r"^giao\s+", "", subject, flags=re.IGNORECASE)
    if not subject or not unit_names.starts_with_unit(subject, after_and=False):
        return []
    return context.units(subject)


def reporting_in(text: str, owner: list[str], context: Context) -> list[ReportingDuty]:
    duties: list[ReportingDuty] = []
    for sentence in _sentences(text):
        folded = per_char_fold(sentence)
        if _ESCALATION.search(folded):
            continue
        reports = list(_REPORT.finditer(folded))
        found: list[tuple[int, int, str]] = []  # (report start, recipient end, recipient)
        for index, report in enumerate(reports):
            stop = reports[index + 1].start() if index + 1 < len(reports) else len(sentence)
            if hit := _recipient(sentence, folded, report.end(), stop):
                found.append((report.start(), hit[1], hit[0]))
        clause_start = 0
        previous_recipients: list[str] = []
        for index, (start, recipient_end, recipient) in enumerate(found):
            clause_end = found[index + 1][0] if index + 1 < len(found) else len(sentence)
            clause = sentence[clause_start:clause_end]
            clause_folded = folded[clause_start:clause_end]
            recipients = context.units(recipient)
            forwards = "de tong hop" in folded[clause_start:start] and previous_recipients
            if forwards:
                senders = previous_recipients
            elif index == 0 and (subject := _subject(sentence, context)):
                senders = subject
            else:
                senders = owner
            for raw, period in _deadlines(clause, clause_folded) or [("", None)]:
                deadline = parse_deadline(raw) if raw else None
                for sender in senders:
                    for target in recipients:
                        duties.append(
                            ReportingDuty(
                                from_unit=sender,
                                to_unit=target,
                                deadline=deadline,
                                period=period,
                                text=" ".join(sentence.split()),
                            )
                        )
            previous_recipients = recipients
            clause_start = recipient_end
    return duties


def dedupe(duties: list[ReportingDuty]) -> list[ReportingDuty]:
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for duty in duties:
        key = (fold(duty.from_unit), fold(duty.to_unit), duty.deadline.raw if duty.deadline else "")
        if key not in seen:
            seen.add(key)
            kept.append(duty)
    return kept
