"""The competence-and-contribution index at scale: the stored run and the page reads.

1. `store_run` on the registry of the database (the real thing, timed by its steps).
2. Scoring arithmetic at --people (default 1,000,000): the raw sub-indicators of the real
   run resampled to that many people, then normalisation + weights + aggregation, and the
   sensitivity (22 one-at-a-time moves and 100 random draws; Spearman over a seeded sample
   of 100,000 people scored again on its own, Kendall's tau-b on 1,500 of them).
3. A stored run of --people rows (scores spread over the real units) and the queries the
   pages make, each repeated: the city's top 50, a ward's top 50, one person's rank, means
   by group over the city and over a ward, means by unit.

    HIENTAI_VAR_DIR=/tmp/demo .venv/bin/hientai demo --people 20000
    HIENTAI_VAR_DIR=/tmp/demo .venv/bin/python bench/competence.py [--append bench/RESULTS.md]
"""

from __future__ import annotations

import argparse
import datetime
import os
import shlex
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timed(fn, repeat: int = 20) -> tuple[float, float]:
    """(median, max) in milliseconds."""
    values = []
    for _i in range(repeat):
        started = time.perf_counter()
        fn()
        values.append((time.perf_counter() - started) * 1000)
    return statistics.median(values), max(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--append", help="append a Markdown entry to this file")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hientai.settings")
    import django

    django.setup()
    import numpy as np
    from django.db import connection, transaction
    from django.utils import timezone

    from hientai.orgs.models import Unit
    from hientai.registry.models import Person
    from hientai.talent import competence
    from hientai.talent.models import IndexConfig, IndexFact, IndexRun, IndexScore

    lines = []
    method = competence.active_config()
    now = timezone.now()
    started = time.perf_counter()
    run = competence.store_run(method, now, draws=100)
    real = time.perf_counter() - started
    lines.append(
        f"store_run on the registry: {run.people:,} people in {real:.1f} s "
        f"(Spearman worst {run.sensitivity['spearman_worst']}, Kendall worst "
        f"{run.sensitivity['kendall_worst']}, random draws min {run.sensitivity['random_min']})"
    )
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    started = time.perf_counter()
    raw = competence.raw_values(ids)
    lines.append(
        f"  of which reading the raw sub-indicators: {time.perf_counter() - started:.1f} s"
    )

    rng = np.random.default_rng(7)
    n = args.people
    picks = rng.integers(0, len(ids), size=n)
    big = {key: values[picks] for key, values in raw.items()}
    started = time.perf_counter()
    total, normalised = competence.compose(big, method.config)
    compose_s = time.perf_counter() - started
    scores = competence.Scores(method.version, list(range(n)), total, normalised, big,
                               competence.effective_weights(method.config))  # fmt: skip
    started = time.perf_counter()
    sens = competence.run_sensitivity(scores, method.config, draws=100)
    sens_s = time.perf_counter() - started
    lines.append(
        f"scoring arithmetic at {n:,} people: compose {compose_s:.2f} s, sensitivity "
        f"(22 moves + 100 draws) {sens_s:.1f} s; Spearman worst {sens['spearman_worst']}, "
        f"Kendall worst {sens['kendall_worst']}"
    )

    # A stored run of n rows over the real units.
    units = list(Person.objects.order_by().values_list("unit_id", flat=True).distinct())
    unit_of = np.array(units)[rng.integers(0, len(units), size=n)]
    synthetic = IndexConfig.objects.create(
        version="bench-scale", name="bench", config=method.config
    )
    started = time.perf_counter()
    with transaction.atomic():
        big_run = IndexRun.objects.create(config=synthetic, computed_at=now, people=n,
                                          lookup=run.lookup, sensitivity=sens)  # fmt: skip
        table = IndexScore._meta.db_table
        with connection.cursor() as cursor:
            rank = np.empty(n, dtype=np.int64)
            rank[np.argsort(-total, kind="stable")] = np.arange(1, n + 1)
            rows = ((big_run.pk, 10_000_000 + i, int(unit_of[i]), float(total[i]), int(rank[i]),
                     "0") for i in range(n))  # fmt: skip
            cursor.executemany(
                f"INSERT INTO {table} (run_id, person_id, unit_id, score, rank, raw) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                list(rows),
            )
        sums: dict[int, list[float]] = {}
        for u, s in zip(unit_of.tolist(), total.tolist(), strict=True):
            cell = sums.setdefault(u, [0, 0.0])
            cell[0] += 1
            cell[1] += s
        facts = []
        for key in ("all", "group:women", "group:under_45", "group:overseas", "sector:public",
                    "sector:private", "technology:digital", "orgkind:startup"):  # fmt: skip
            share = 1.0 if key == "all" else 0.3
            facts += [IndexFact(run=big_run, unit_id=u, key=key, people=max(1, int(c[0] * share)),
                                total=c[1] * share) for u, c in sums.items()]  # fmt: skip
        IndexFact.objects.bulk_create(facts, batch_size=5000)
    lines.append(
        f"storing {n:,} scores and {len(facts):,} facts: {time.perf_counter() - started:.1f} s"
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    ward = Unit.objects.get(pk=units[0])
    ward_ids = (ward.pk,)  # a ward officer's scope: one unit without children

    def top_city() -> None:
        list(IndexScore.objects.filter(run=big_run).order_by("-score", "person_id")
             .values_list("person_id", "unit_id", "score")[:51])  # fmt: skip

    def top_ward() -> None:
        rows = IndexScore.objects.filter(run=big_run, unit_id__in=ward_ids)
        list(rows.order_by("-score", "person_id").values_list("person_id", "score")[:51])

    def rank() -> None:
        IndexScore.objects.filter(run=big_run, person_id=10_000_000 + n // 2).values_list(
            "rank", "score", "raw"
        ).first()

    cases = [
        ("top 50, city", top_city),
        ("top 50, one ward", top_ward),
        ("one person's row (explanation, rank)", rank),
        ("means by group, city", lambda: competence.scope_facts(big_run, None)),
        ("means by group, one ward", lambda: competence.scope_facts(big_run, ward_ids)),
        ("means by unit, city", lambda: competence.unit_facts(big_run, None)),
    ]
    lines.append(
        f"page queries on a stored run of {n:,} people ({connection.vendor}; median / max of 20):"
    )
    for label, fn in cases:
        median, worst = timed(fn)
        lines.append(f"  {label:28s} {median:7.1f} ms  {worst:7.1f} ms")
    with transaction.atomic():
        IndexRun.objects.filter(config=synthetic).delete()
        synthetic.delete()
    print("\n".join(lines))
    if args.append:
        command = "python bench/competence.py " + shlex.join(sys.argv[1:])
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        with open(args.append, "a", encoding="utf-8") as handle:
            handle.write(f"\n## bench/competence — {stamp}\n\n`{command}`\n\n```\n")
            handle.write("\n".join(lines) + "\n```\n")


if __name__ == "__main__":
    main()
