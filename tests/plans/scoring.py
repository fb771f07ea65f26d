"""Scoring a parsed plan against a hand-checked expected JSON (see test_parser_scores.py)."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from hientai.core.text import fold
from hientai.plans.parser import parse_plan

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "plans"
SEEDS = sorted(path.name.removesuffix(".txt") for path in FIXTURES.glob("*.txt"))
TITLE_THRESHOLD = 75

# Old and new tone placement are both proper Vietnamese ("hoá" / "hóa").
_TONE_PLACEMENT = {
    "oà": "òa",
    "oá": "óa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "oè": "òe",
    "oé": "óe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
    "uỳ": "ùy",
    "uý": "úy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
}


def unit_key(name: str) -> str:
    """A unit name for comparison: case, spacing and tone placement ignored, diacritics kept."""
    text = unicodedata.normalize("NFC", name).casefold()
    for old, new in _TONE_PLACEMENT.items():
        text = text.replace(old, new)
    return " ".join(text.split()).strip(" .;:,")


def title_key(title: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", fold(title or "")).split())


def _f1(matched: int, predicted: int, expected: int) -> float:
    if predicted == 0 and expected == 0:
        return 1.0
    if matched == 0:
        return 0.0
    precision, recall = matched / predicted, matched / expected
    return 2 * precision * recall / (precision + recall)


def match_tasks(predicted: list[dict], expected: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs (predicted index, expected index), best title similarity first."""
    scored = sorted(
        (
            (fuzz.ratio(title_key(p["title"]), title_key(e["title"])), i, j)
            for i, p in enumerate(predicted)
            for j, e in enumerate(expected)
        ),
        reverse=True,
    )
    used_p: set[int] = set()
    used_e: set[int] = set()
    pairs = []
    for score, i, j in scored:
        if score < TITLE_THRESHOLD:
            break
        if i not in used_p and j not in used_e:
            used_p.add(i)
            used_e.add(j)
            pairs.append((i, j))
    return pairs


def _value_key(value: Any) -> tuple[float, ...]:
    values = value if isinstance(value, list) else [value]
    return tuple(round(float(item), 3) for item in values)


def _target_key(target: dict) -> tuple:
    return (_value_key(target["value"]), fold(target["unit"] or ""), target["year"])


def _report_key(duty: dict) -> tuple:
    deadline = duty.get("deadline") or {}
    return (
        unit_key(duty["from"]),
        unit_key(duty["to"]),
        deadline.get("kind"),
        deadline.get("day_month"),
    )


def _multiset_matches(predicted: list, expected: list) -> int:
    remaining = list(expected)
    matched = 0
    for item in predicted:
        if item in remaining:
            remaining.remove(item)
            matched += 1
    return matched


@dataclass
class Scores:
    tasks_f1: float
    lead_accuracy: float
    coordinator_f1: float
    deadline_accuracy: float
    targets_f1: float
    reporting_f1: float
    counts: str

    METRICS = (
        "tasks_f1",
        "lead_accuracy",
        "coordinator_f1",
        "deadline_accuracy",
        "targets_f1",
        "reporting_f1",
    )


def score(predicted: dict, expected: dict) -> Scores:
    p_tasks, e_tasks = predicted["tasks"], expected["tasks"]
    pairs = match_tasks(p_tasks, e_tasks)
    lead_ok = deadline_ok = 0
    tp = fp = fn = 0
    for i, j in pairs:
        p, e = p_tasks[i], e_tasks[j]
        if {unit_key(name) for name in p["lead"]} == {unit_key(name) for name in e["lead"]}:
            lead_ok += 1
        p_dl, e_dl = p["deadline"] or {}, e["deadline"] or {}
        if (p_dl.get("kind"), p_dl.get("due")) == (e_dl.get("kind"), e_dl.get("due")):
            deadline_ok += 1
        p_co = [unit_key(name) for name in p["coordinators"]]
        e_co = [unit_key(name) for name in e["coordinators"]]
        hit = _multiset_matches(p_co, e_co)
        tp, fp, fn = tp + hit, fp + len(p_co) - hit, fn + len(e_co) - hit
    matched_p = {i for i, _j in pairs}
    matched_e = {j for _i, j in pairs}
    fp += sum(len(t["coordinators"]) for i, t in enumerate(p_tasks) if i not in matched_p)
    fn += sum(len(t["coordinators"]) for j, t in enumerate(e_tasks) if j not in matched_e)
    total = max(len(e_tasks), 1)

    p_targets = [_target_key(t) for t in predicted["targets"]]
    e_targets = [_target_key(t) for t in expected["targets"]]
    target_hits = _multiset_matches(p_targets, e_targets)
    p_reports = [_report_key(r) for r in predicted["reporting"]]
    e_reports = [_report_key(r) for r in expected["reporting"]]
    report_hits = _multiset_matches(p_reports, e_reports)
    return Scores(
        tasks_f1=_f1(len(pairs), len(p_tasks), len(e_tasks)),
        lead_accuracy=lead_ok / total if e_tasks else float(not p_tasks),
        coordinator_f1=_f1(tp, tp + fp, tp + fn),
        deadline_accuracy=deadline_ok / total if e_tasks else float(not p_tasks),
        targets_f1=_f1(target_hits, len(p_targets), len(e_targets)),
        reporting_f1=_f1(report_hits, len(p_reports), len(e_reports)),
        counts=(
            f"tasks {len(pairs)}/{len(p_tasks)}/{len(e_tasks)}, "
            f"targets {target_hits}/{len(p_targets)}/{len(e_targets)}, "
            f"reporting {report_hits}/{len(p_reports)}/{len(e_reports)}"
        ),
    )


def expected(seed: str) -> dict:
    return json.loads((FIXTURES / f"{seed}.expected.json").read_text(encoding="utf-8"))


@cache
def parsed(seed: str) -> dict:
    return parse_plan(FIXTURES / f"{seed}.txt").as_dict()


def table(rows: dict[str, Scores]) -> str:
    header = "seed                  tasks F1  lead acc  coord F1  deadline  targets F1  report F1"
    lines = [header, "-" * len(header)]
    for seed, found in rows.items():
        values = "".join(f"{getattr(found, name):>10.2f}" for name in Scores.METRICS)
        lines.append(f"{seed[:20]:<20}{values}   ({found.counts})")
    return "\n".join(lines)
