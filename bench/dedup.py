"""Duplicate detection at scale: the Vietnamese Splink model against Splink with generic
settings, on the same generated data in the same run, and the entry-time check.

bench/dedup_data.py makes N records of people the way officers write them (lost
diacritics, typos, reversed orders, Huỳnh/Hoàng, date forms, missing or old IDs,
phones and e-mails in other forms, namesakes with close birth dates), with the true
person of each record. Each model runs in its own process (its peak memory is its
own): normalise, estimate the parameters on the data, predict, cluster; pairwise
precision, recall and F1 against the truth.

The entry-time check loads N profiles and their blocking keys into a fresh SQLite
database (raw bulk inserts), then times `likely_matches()` (the function the profile
form and the import check call) for 300 records, against a bare one-key indexed
lookup on the same table.

    .venv/bin/python bench/dedup.py --records 100000
    .venv/bin/python bench/dedup.py --records 1000000 --append bench/RESULTS.md
    .venv/bin/python bench/dedup.py --records 20000 --skip-entry      # quick
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _stage_model(kind: str, records: int, seed: int, threads: int) -> dict:
    from bench.dedup_data import generate, pair_scores
    from hientai.dedup import model

    started = time.monotonic()
    data = generate(records, seed)
    generated = time.monotonic() - started
    truth = {rid: pid for rid, _raw, pid in data}
    raw = [(rid, raw) for rid, raw, _pid in data]
    del data
    started = time.monotonic()
    cpu_started = time.process_time()  # every thread of this process (DuckDB's too)
    if kind == "vietnamese":
        result = model.find_duplicates(raw, threads=threads)
    else:
        result = model.find_duplicates_generic(raw, threads=threads)
    seconds = time.monotonic() - started
    cpu_seconds = time.process_time() - cpu_started
    scores = pair_scores(truth, result.clusters)
    return {
        "kind": kind,
        "generate_s": generated,
        "seconds": seconds,
        "cpu_s": cpu_seconds,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **scores,
    }


def _stage_entry(records: int, seed: int, queries: int) -> dict:
    """Load `records` profiles and their keys, then time the entry-time check."""
    import random

    var = Path(tempfile.mkdtemp(prefix="hientai-bench-dedup-"))
    os.environ["HIENTAI_VAR_DIR"] = str(var)
    os.environ["STATIC_ROOT"] = str(var / "static")
    os.environ["DATABASE_URL"] = f"sqlite:///{var / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hientai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.dedup_data import generate
    from bench.registry import Writer, defaults_for
    from hientai.dedup.models import PersonKey
    from hientai.dedup.normalise import blocking_keys, normalise, parse_birth, split_full_name
    from hientai.dedup.services import likely_matches
    from hientai.orgs.models import Unit
    from hientai.registry.models import Person

    call_command("migrate", verbosity=0)
    data = generate(records, seed)
    unit_ids = list(Unit.objects.order_by("id").values_list("id", flat=True)[:200])
    writer = Writer()
    generated = [
        "id", "unit_id", "family_name", "middle_name", "given_name", "full_name",
        "birth_date", "birth_year", "gender", "personal_id", "phone", "email",
    ]  # fmt: skip
    defaults = defaults_for(Person, set(generated))
    tail = tuple(
        value.isoformat() if isinstance(value, datetime.date | datetime.datetime) else value
        for value in defaults.values()
    )
    columns = [*generated, *defaults]
    started = time.monotonic()
    seen_ids: set[str] = set()
    rows, keys = [], []
    key_count = 0
    for rid, raw, _pid in data:
        words = raw["full_name"].split()
        family, middle, given = split_full_name(" ".join(words))
        date, year = parse_birth(raw["birth_date"])
        record = normalise(raw)
        personal_id = record.personal_id if record.personal_id not in seen_ids else ""
        seen_ids.add(personal_id)
        rows.append(
            (
                rid, unit_ids[rid % len(unit_ids)], family or "?", middle, given or "?",
                raw["full_name"][:200], date or None, year, record.gender, personal_id,
                raw["phone"][:20], raw["email"].strip()[:254], *tail,
            )
        )  # fmt: skip
        keys.extend((rid, key) for key in blocking_keys(record))
        if len(rows) >= 50_000:
            writer.insert(Person._meta.db_table, columns, rows)
            writer.insert(PersonKey._meta.db_table, ["person_id", "key"], keys)
            writer.commit()
            key_count += len(keys)
            rows, keys = [], []
    writer.insert(Person._meta.db_table, columns, rows)
    writer.insert(PersonKey._meta.db_table, ["person_id", "key"], keys)
    writer.commit()
    key_count += len(keys)
    loaded = time.monotonic() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    rng = random.Random(seed + 1)
    sample = [data[rng.randrange(len(data))][1] for _ in range(queries)]
    del data
    # Warm the page cache once, then measure.
    for raw in sample[:20]:
        likely_matches(raw)
    timings, found = [], 0
    for raw in sample:
        started = time.perf_counter()
        matches = likely_matches(raw)
        timings.append((time.perf_counter() - started) * 1000)
        found += bool(matches)
    bare = []
    table = PersonKey._meta.db_table
    with connection.cursor() as cursor:
        for raw in sample:
            key = (blocking_keys(normalise(raw)) or ["x"])[0]
            started = time.perf_counter()
            cursor.execute(f"SELECT person_id FROM {table} WHERE key = %s", [key])
            cursor.fetchall()
            bare.append((time.perf_counter() - started) * 1000)
    return {
        "kind": "entry",
        "profiles": records,
        "keys": key_count,
        "load_s": loaded,
        "median_ms": statistics.median(timings),
        "p95_ms": sorted(timings)[int(0.95 * (len(timings) - 1))],
        "max_ms": max(timings),
        "bare_median_ms": statistics.median(bare),
        "with_matches": found,
        "queries": len(timings),
        "db_mib": (var / "bench.sqlite3").stat().st_size / 2**20,
        "var": str(var),
    }


def _child(stage: str, args: argparse.Namespace) -> dict:
    command = [
        sys.executable, __file__, "--stage", stage, "--records", str(args.records),
        "--seed", str(args.seed), "--threads", str(args.threads), "--queries", str(args.queries),
    ]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--skip-generic", action="store_true")
    parser.add_argument("--skip-entry", action="store_true")
    parser.add_argument("--append", default=None, help="add a Markdown entry to this file")
    parser.add_argument("--stage", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage in ("vietnamese", "generic"):
        print(json.dumps(_stage_model(args.stage, args.records, args.seed, args.threads)))
        return
    if args.stage == "entry":
        result = _stage_entry(args.records, args.seed, args.queries)
        import shutil

        shutil.rmtree(result.pop("var"), ignore_errors=True)
        print(json.dumps(result))
        return

    lines = []
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = os.getloadavg()[0]
    lines.append(
        f"records {args.records:,}  seed {args.seed}  threads {args.threads}  "
        f"load average at the start {load:.1f}"
    )
    stages = ["vietnamese"] + ([] if args.skip_generic else ["generic"])
    results = {}
    for stage in stages:
        result = _child(stage, args)
        results[stage] = result
        lines.append(
            f"{stage:<11} precision {result['precision']:.4f}  recall {result['recall']:.4f}  "
            f"F1 {result['f1']:.4f}  time {result['seconds']:7.1f} s "
            f"(CPU {result['cpu_s']:.0f} s)  "
            f"peak {result['peak_mib']:7.0f} MiB  (true pairs {result['true_pairs']:,}, "
            f"predicted {result['predicted_pairs']:,}; generating {result['generate_s']:.0f} s)"
        )
        print(lines[-1], flush=True)
    if "generic" in results:
        ours, generic = results["vietnamese"], results["generic"]
        lines.append(
            f"ratio      F1 {ours['f1'] / max(generic['f1'], 1e-9):.2f}x the generic model's, "
            f"time {ours['seconds'] / max(generic['seconds'], 1e-9):.2f}x"
        )
        print(lines[-1], flush=True)
    ours = results["vietnamese"]
    time_goal = (
        f"1,000,000 in < 600 s: {'met' if ours['seconds'] < 600 else 'NOT met'}"
        if args.records >= 1_000_000
        else "the 10-minute goal is for 1,000,000 records"
    )
    lines.append(f"load average at the end {os.getloadavg()[0]:.1f}")
    lines.append(
        f"goals      F1 >= 0.97: {'met' if ours['f1'] >= 0.97 else 'NOT met'} ({ours['f1']:.4f}); "
        f"peak < 8 GiB: {'met' if ours['peak_mib'] < 8192 else 'NOT met'}; {time_goal}"
    )
    print(lines[-1], flush=True)
    if not args.skip_entry:
        entry = _child("entry", args)
        lines.append(
            f"entry check at {entry['profiles']:,} profiles ({entry['keys']:,} keys, "
            f"{entry['db_mib']:.0f} MiB, loaded in {entry['load_s']:.0f} s): "
            f"median {entry['median_ms']:.2f} ms  p95 {entry['p95_ms']:.2f} ms  "
            f"max {entry['max_ms']:.2f} ms  ({entry['with_matches']}/{entry['queries']} found "
            f"a match); bare one-key lookup median {entry['bare_median_ms']:.3f} ms, ratio "
            f"{entry['median_ms'] / max(entry['bare_median_ms'], 1e-6):.1f}x; "
            f"goal < 100 ms: {'met' if entry['p95_ms'] < 100 else 'NOT met'}"
        )
        print(lines[-1], flush=True)
    if args.append:
        command = "python bench/dedup.py " + shlex.join(sys.argv[1:])
        with open(args.append, "a", encoding="utf-8") as handle:
            handle.write(f"\n## bench/dedup — {when}\n\n`{command}`\n\n```\n")
            handle.write("\n".join(lines) + "\n```\n")


if __name__ == "__main__":
    main()
