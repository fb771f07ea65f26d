"""The plan reader on its own evaluation corpus (issue 16): tests/plans/corpus/*.txt are
plans written the way units write them (prose tasks, mixed forms, several header
layouts, tables with and without ruling, other provinces' units, leading-zero counts,
year phrases), each with its expected result written by hand (*.json).

Every document is read as .txt and as .docx (python-docx) in the normal run; with
HIENTAI_SLOW=1 also as a text-layer PDF (LibreOffice) and a scanned PDF (150 dpi,
image-only). Generated files are cached (tests/plans/documents.py). Per format:
tasks F1, lead accuracy and targets F1 >= 0.9 and within 0.05 of the .txt; number, date
and issuer right on every document. The per-form and per-format tables are printed.

Matching: tasks pair one-to-one by folded title (tests/plans/scoring.py, similarity >=
75); a lead is right when its set of unit names equals the expected one; a target pairs
on value, folded unit and year; a deadline on kind and due date.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from hientai.plans.parser import parse_plan
from tests.plans.documents import document, slow, soffice
from tests.plans.scoring import _f1, _multiset_matches, _target_key, match_tasks, unit_key

CORPUS = Path(__file__).resolve().parent / "corpus"
DOCUMENTS = sorted(path.stem for path in CORPUS.glob("*.txt"))
FORMATS = ("txt", "docx", "pdf", "scan") if slow() else ("txt", "docx")
MINIMUM = 0.9
SPREAD = 0.05


def form(name: str) -> str:
    """The form a document is written in: the second part of its name."""
    return name.split("_")[2] if len(name.split("_")) > 2 else "other"


def expected(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))


@cache
def parsed(name: str, kind: str) -> dict:
    text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
    path = document(text, kind, ruled="noruling" not in name)
    return parse_plan(path).as_dict()


def scores(got: dict, want: dict) -> dict[str, float]:
    pairs = match_tasks(got["tasks"], want["tasks"])
    lead = deadline = 0
    for i, j in pairs:
        p, e = got["tasks"][i], want["tasks"][j]
        lead += {unit_key(n) for n in p["lead"]} == {unit_key(n) for n in e["lead"]}
        p_dl = p["deadline"] or {}
        deadline += (p_dl.get("kind"), p_dl.get("due")) == (
            e["deadline"]["kind"],
            e["deadline"]["due"],
        )
    total = max(len(want["tasks"]), 1)
    p_targets = [_target_key(t) for t in got["targets"]]
    e_targets = [_target_key(t) for t in want["targets"]]
    identity = all(got["plan"][key] == want["plan"][key] for key in ("number", "date", "issuer"))
    return {
        "tasks_f1": _f1(len(pairs), len(got["tasks"]), len(want["tasks"])),
        "lead": lead / total,
        "deadline": deadline / total,
        "targets_f1": _f1(_multiset_matches(p_targets, e_targets), len(p_targets), len(e_targets)),
        "identity": float(identity),
    }


METRICS = ("tasks_f1", "lead", "deadline", "targets_f1", "identity")


def _table(title: str, rows: dict[str, list[dict[str, float]]]) -> str:
    header = f"{title:<22}" + "".join(f"{name:>12}" for name in METRICS) + "   docs"
    lines = [header, "-" * len(header)]
    for key, found in rows.items():
        means = "".join(f"{sum(s[m] for s in found) / len(found):>12.2f}" for m in METRICS)
        lines.append(f"{key:<22}{means}   {len(found):4d}")
    return "\n".join(lines)


def mean(found: list[dict[str, float]], metric: str) -> float:
    return sum(item[metric] for item in found) / len(found)


def test_corpus_has_enough_documents() -> None:
    assert len(DOCUMENTS) >= 25
    for name in DOCUMENTS:
        assert (CORPUS / f"{name}.json").exists(), name


@pytest.mark.parametrize("kind", FORMATS)
def test_corpus_scores(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    if kind in {"pdf", "scan"} and soffice() is None:
        pytest.skip("LibreOffice is not installed")
    if kind == "scan":
        from tests.plans.conftest import requires_ocr

        requires_ocr()
    per_form: dict[str, list[dict[str, float]]] = defaultdict(list)
    every: dict[str, dict[str, float]] = {}
    for name in DOCUMENTS:
        found = scores(parsed(name, kind), expected(name))
        every[name] = found
        per_form[form(name)].append(found)
    baseline = [scores(parsed(name, "txt"), expected(name)) for name in DOCUMENTS]
    with capsys.disabled():
        print(f"\n\nCorpus scores, format {kind} ({len(DOCUMENTS)} documents)")
        print(_table("form", dict(sorted(per_form.items()))))
        print(_table("all", {kind: list(every.values()), "txt (baseline)": baseline}))
        wrong = [name for name, found in every.items() if found["identity"] < 1]
        weak = [
            f"{name}: " + ", ".join(f"{m} {found[m]:.2f}" for m in METRICS if found[m] < 1)
            for name, found in every.items()
            if any(found[m] < 1 for m in METRICS)
        ]
        if weak:
            print("below 1.00: " + "; ".join(weak))
    values = list(every.values())
    for metric in ("tasks_f1", "lead", "targets_f1"):
        assert mean(values, metric) >= MINIMUM, (kind, metric, mean(values, metric))
        assert mean(values, metric) >= mean(baseline, metric) - SPREAD, (kind, metric)
    assert not wrong, f"identity wrong in {kind}: {wrong}"
