"""Where bench/dedup's Vietnamese model loses F1: false negatives and false positives
by what the two records share, and blocking recall (true pairs no blocking rule
compares). Not part of the bench's figures; a tool for improving the model.

    .venv/bin/python bench/dedup_analyse.py --records 100000
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _features(a: dict, b: dict) -> str:
    def both(k):
        return a[k] is not None and b[k] is not None

    def same(k):
        return both(k) and a[k] == b[k]

    tags = []
    for k in ("personal_id", "old_id", "phone", "email"):
        if same(k):
            tags.append(k + "=")
        elif both(k):
            tags.append(k + "!")
    if same("birth_date"):
        tags.append("date=")
    elif both("birth_date"):
        tags.append("date!")
    elif same("birth_year"):
        tags.append("year=")
    elif a["birth_year"] is None or b["birth_year"] is None:
        tags.append("nobirth")
    else:
        tags.append("year!")
    tags.append(
        "name="
        if a["full_name"] == b["full_name"]
        else ("sorted=" if a["name_sorted"] == b["name_sorted"] else "name!")
    )
    if same("unit"):
        tags.append("unit=")
    return " ".join(tags)


SHOWN = 6


def _blocked(a: dict, b: dict) -> bool:
    """Whether one of the model's blocking rules compares the two records."""

    def eq(*keys):
        return all(a[k] is not None and a[k] == b[k] for k in keys)

    if eq("personal_id") or eq("old_id") or eq("phone") or eq("email"):
        return True
    if eq("family", "given", "birth_year"):
        return True
    if eq("given", "birth_date") or eq("family", "birth_date"):
        return True
    if eq("name_sorted", "birth_md") or eq("name_sorted", "birth_year"):
        return True
    return eq("full_name") and (a["birth_year"] is None or b["birth_year"] is None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=16)
    parser.add_argument("--threshold", type=float, default=0.9)
    args = parser.parse_args()
    from bench.dedup_data import generate, pair_scores
    from hientai.dedup import model

    data = generate(args.records, args.seed)
    truth = {rid: pid for rid, _raw, pid in data}
    raws = {rid: raw for rid, raw, _pid in data}
    started = time.monotonic()
    frame = model.normalised_frame([(rid, raw) for rid, raw, _ in data])
    print(f"normalised in {time.monotonic() - started:.1f} s", flush=True)
    started = time.monotonic()
    captured = {}
    original = model.cluster

    def capture(ids, scored, conflicts):
        captured.update(ids=ids, scored=scored, conflicts=conflicts)
        return original(ids, scored, conflicts)

    model.cluster = capture
    model.run(frame, threshold=0.3)
    model.cluster = original
    print(f"model in {time.monotonic() - started:.1f} s", flush=True)
    for threshold in (0.5, 0.7, 0.8, 0.9, 0.95, 0.98):
        kept = [s for s in captured["scored"] if s[2] >= threshold]
        clusters = original(captured["ids"], kept, captured["conflicts"])
        print(threshold, {k: round(v, 4) for k, v in pair_scores(truth, clusters).items()})
    result = model.Result(
        clusters=original(
            captured["ids"],
            [s for s in captured["scored"] if s[2] >= args.threshold],
            captured["conflicts"],
        )
    )
    print(pair_scores(truth, result.clusters))
    plain = frame.astype(object).where(frame.notna(), None)
    rows = {r["unique_id"]: r for r in plain.to_dict("records")}
    by_person = defaultdict(list)
    for rid, pid in truth.items():
        by_person[pid].append(rid)
    fn, fp = Counter(), Counter()
    fn_examples, fp_examples = defaultdict(list), defaultdict(list)
    for rids in by_person.values():
        for x, y in itertools.combinations(rids, 2):
            if result.clusters[x] != result.clusters[y]:
                key = _features(rows[x], rows[y])
                if not _blocked(rows[x], rows[y]):
                    key = "NOT BLOCKED " + key
                fn[key] += 1
                fn_examples[key].append((x, y))
    by_cluster = defaultdict(list)
    for rid, cid in result.clusters.items():
        by_cluster[cid].append(rid)
    for rids in by_cluster.values():
        for x, y in itertools.combinations(rids, 2):
            if truth[x] != truth[y]:
                key = _features(rows[x], rows[y])
                fp[key] += 1
                fp_examples[key].append((x, y))
    sections = (("FALSE NEGATIVES", fn, fn_examples), ("FALSE POSITIVES", fp, fp_examples))
    for title, counter, examples in sections:
        print(f"\n{title}: {sum(counter.values())}")
        for key, count in counter.most_common(args.show):
            print(f"{count:6d}  {key}")
            for x, y in examples[key][:SHOWN]:
                print("        ", raws[x])
                print("        ", raws[y])


if __name__ == "__main__":
    main()
