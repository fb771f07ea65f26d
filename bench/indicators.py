"""Indicators at scale: every demo indicator for every unit for one period over 1,000,000 profiles.

Loads N generated profiles (`generate_people` + `registry.bulk.load_people`, the path the
demo uses) into a SQLite file once and caches it under var/bench/ (a million takes several
minutes); each run copies the cached file to a temp dir, loads the demo indicator catalogue
and a few reported values, then times `indicators.services.evaluate(period)`:

- all units: every indicator for every unit of the tree (about 430) — median of 3 runs and
  the number of SQL queries (django CaptureQueriesContext);
- 10 units: the same for 10 units only — the query count must be the same (it does not grow
  with the number of units);
- as-of correction: the same after changing 200 profiles after the period end (the
  corrected path rebuilds those profiles as of the period end);
- baseline, same run: one bare `COUNT(*) ... GROUP BY unit_id` over the person table;
- the analytics store: the period computed into it, then every indicator for every unit
  read from it (what the pages do); the lines above time the engine itself.

    .venv/bin/python bench/indicators.py                       # SQLite, 1M, cached DB
    .venv/bin/python bench/indicators.py --people 100000       # quicker
    .venv/bin/python bench/indicators.py --database-url postgres://postgres@127.0.0.1:5432/hientai_bench_ind

With --database-url the database is created when missing and filled when it holds no
profiles (left in place: drop it yourself). --append FILE adds a dated Markdown entry with
the exact command.
"""

from __future__ import annotations

import argparse
import datetime
import os
import resource
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CACHE_DIR = ROOT / "var" / "bench"
# A fixed "today" so the cached database is the same whatever day it was built.
GENERATED_ON = datetime.date(2026, 11, 1)


def setup(database_url: str, var: Path) -> None:
    os.environ["HIENTAI_VAR_DIR"] = str(var)
    os.environ["STATIC_ROOT"] = str(var / "static")
    os.environ["DATABASE_URL"] = database_url
    if database_url.startswith("postgres"):
        from bench.registry import ensure_pg_database

        ensure_pg_database(database_url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hientai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill(people: int, seed: int) -> float:
    """Load `people` generated profiles; returns the seconds it took."""
    from hientai.demo.generator import generate_people
    from hientai.registry.bulk import load_people

    started = time.perf_counter()
    load_people(generate_people(people, seed=seed, today=GENERATED_ON), batch_size=5000)
    return time.perf_counter() - started


def cached_sqlite(people: int, seed: int, fresh: bool) -> tuple[Path, str]:
    """The cached SQLite file with `people` profiles, built in a child process when missing."""
    import subprocess

    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / f"indicators-{people}-seed{seed}.sqlite3"
    if path.exists() and not fresh:
        return path, "cached"
    building = path.with_suffix(".building")
    for leftover in CACHE_DIR.glob(building.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, __file__, "--build", str(building), "--people", str(people),
         "--seed", str(seed)],
        check=True,
    )  # fmt: skip
    building.rename(path)
    return path, f"built in {time.perf_counter() - started:.0f} s"


def build(target: Path, people: int, seed: int) -> None:
    var = Path(tempfile.mkdtemp(prefix="hientai-bench-indicators-build-"))
    setup(f"sqlite:///{target}", var)
    from django.db import connection

    from hientai.registry.models import Person

    if Person.objects.exists():
        raise SystemExit("bench: the database already holds profiles")
    seconds = fill(people, seed)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"loaded {people:,} profiles in {seconds:.0f} s", flush=True)
    shutil.rmtree(var, ignore_errors=True)


def prepare_catalogue() -> int:
    """The catalogue (reference data) and the demo's reported values; returns the number of
    indicators."""
    from hientai.demo.indicators import load_demo_reported_values
    from hientai.indicators.models import Indicator
    from hientai.indicators.reference import load_catalogue

    load_catalogue()
    load_demo_reported_values()
    return Indicator.objects.filter(active=True).count()


def change_after(period_end: datetime.date, count: int, seed: int) -> int:
    """Change `count` profiles today (after the period end), through the ORM (versioned)."""
    import random

    from hientai.registry.history import recording
    from hientai.registry.models import Person

    rng = random.Random(seed)
    top = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    changed = 0
    with recording(None, "bench: changes after the period end"):
        for pk in rng.sample(range(1, top + 1), min(count, top)):
            person = Person.objects.filter(pk=pk).first()
            if person is None:
                continue
            person.gender = "female" if person.gender != "female" else "male"
            person.save()
            changed += 1
    return changed


def bare_count(period) -> list:
    """The least any per-unit count costs: people grouped by unit, no condition."""
    from django.db.models import Count

    from hientai.registry.models import Person

    return list(Person.objects.order_by().values("unit_id").annotate(n=Count("pk")))


def measure(function, repeat: int = 3) -> tuple[float, int, object]:
    """Median seconds over `repeat` runs, the SQL queries of one run, and its result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    result = None
    for attempt in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = function()
            times.append(time.perf_counter() - started)
        if attempt == 0:
            queries = len(captured.captured_queries)
    return statistics.median(times), queries, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--period", default="2025")
    parser.add_argument("--database-url", help="PostgreSQL URL (default: cached SQLite file)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--fresh", action="store_true", help="rebuild the cached SQLite file")
    parser.add_argument("--append", help="append the result to this Markdown file")
    parser.add_argument("--build", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build(Path(args.build), args.people, args.seed)
        return
    command = "python " + " ".join(shlex.quote(arg) for arg in sys.argv)
    var = Path(tempfile.mkdtemp(prefix="hientai-bench-indicators-"))
    lines: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    if args.database_url:
        setup(args.database_url, var)
        from hientai.registry.models import Person

        if not Person.objects.exists():
            say(f"load: {args.people:,} profiles in {fill(args.people, args.seed):.0f} s")
        engine = "PostgreSQL"
    else:
        cached, how = cached_sqlite(args.people, args.seed, args.fresh)
        working = var / "bench.sqlite3"
        started = time.perf_counter()
        shutil.copyfile(cached, working)
        say(
            f"database: {cached.relative_to(ROOT)} ({how}), copied in "
            f"{time.perf_counter() - started:.0f} s"
        )
        setup(f"sqlite:///{working}", var)
        engine = "SQLite"

    from django.db import connection

    from hientai.indicators.periods import Period
    from hientai.indicators.services import evaluate
    from hientai.orgs.models import Unit
    from hientai.registry.models import Person

    people = Person.objects.count()
    indicators = prepare_catalogue()
    period = Period.parse(args.period)
    units = list(Unit.objects.order_by("path"))
    some = [*[unit for unit in units if unit.kind == "ward"][:9], units[0]]
    say(
        f"{people:,} profiles, {indicators} active indicators, {len(units)} units, "
        f"period {period} (as of {period.end})"
    )
    from hientai.indicators import analytics

    started = time.perf_counter()
    written = analytics.rebuild([period])
    say(
        f"analytics store: {period} computed in {time.perf_counter() - started:6.2f} s "
        f"({sum(written.values()):,} facts)"
    )
    store_s, store_q, stored = measure(lambda: evaluate(period, units=units), repeat=7)
    say(
        f"evaluate(period, all {len(units)} units) from the store: median {store_s * 1000:7.1f} ms"
        f"   {store_q} SQL queries   {len(stored):,} values"
    )
    evaluate(period, source="engine")  # warm the caches once

    all_s, all_q, values = measure(lambda: evaluate(period, units=units, source="engine"))
    say(
        f"evaluate(period, all {len(units)} units):   median {all_s:6.2f} s   "
        f"{all_q} SQL queries   {len(values):,} values"
    )
    few_s, few_q, few_values = measure(lambda: evaluate(period, units=some, source="engine"))
    say(
        f"evaluate(period, {len(some)} units):          median {few_s:6.2f} s   "
        f"{few_q} SQL queries   {len(few_values):,} values"
    )
    say(
        f"query count all units / 10 units:  {all_q} / {few_q} "
        f"({'same' if all_q == few_q else 'DIFFERENT'})"
    )
    bare_s, _bare_q, _rows = measure(lambda: bare_count(period))
    say(
        f"baseline: one COUNT(*) GROUP BY unit over the person table: median {bare_s:6.2f} s; "
        f"ratio evaluate / baseline {all_s / bare_s:.1f}"
    )
    changed = change_after(period.end, 200, args.seed)
    corrected_s, corrected_q, _values = measure(
        lambda: evaluate(period, units=units, source="engine")
    )
    say(
        f"after {changed} profiles changed after {period.end}: median {corrected_s:6.2f} s   "
        f"{corrected_q} SQL queries (as-of correction)"
    )
    say(f"ratio corrected / plain:           {corrected_s / all_s:.2f}")
    say(f"ratio engine / store (all units):  {all_s / store_s:.0f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    say(f"peak RSS of this process:          {peak:.0f} MB")
    connection.close()
    shutil.rmtree(var, ignore_errors=True)

    if args.append:
        stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        with open(args.append, "a", encoding="utf-8") as handle:
            handle.write(
                f"\n### {stamp} · indicators · {engine}, {people:,} people · `{command}`\n\n"
                "```\n" + "\n".join(lines) + "\n```\n"
            )


if __name__ == "__main__":
    main()
