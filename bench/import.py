"""Import people end to end on SQLite, against raw sqlite3 executemany; Excel reading speed.

Every measurement runs in its own subprocess on its own temporary SQLite file (a copy
of one migrated template), so peak memory (ru_maxrss) is that measurement's alone:

1. `import csv`: `import_people()` of a gen-people CSV of --rows people into an empty
   registry (read, validate, normalise, upsert, commit); the search/quality refresh
   that follows a commit is left out (it is timed with --refresh);
2. `re-import csv`: the same file again into the registry the first import made
   (every row compared, 0 changes expected);
3. `raw executemany`: the rows the import wrote (people, their parts, code links,
   status periods, import links), read back from the imported database beforehand,
   inserted with sqlite3 `executemany` into the identical tables (same migrations, same
   indexes, same PRAGMAs) of an empty copy in one transaction: the baseline of the ratio;
4. `write ceiling`: the same rows stored the import's way (multi-row INSERTs, the
   randomly-updated indexes rebuilt after) with no file read and nothing checked: no
   import on this machine can beat it;
5. Excel: an XLSX of --xlsx-rows people read cell by cell with python-calamine and with
   openpyxl read-only (the same file, --runs times each, medians), then the importer's
   reader and the whole import on that XLSX.

    .venv/bin/python bench/import.py                          # 1,000,000 rows, ~15 min
    .venv/bin/python bench/import.py --rows 100000 --xlsx-rows 20000
    .venv/bin/python bench/import.py --append bench/RESULTS.md

Goals (issue 4): >= 30,000 rows/s and ratio >= 0.25 for CSV, peak memory < 1 GiB,
Excel reading >= 5x openpyxl.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import resource
import shlex
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GOAL_ROWS_PER_S = 30_000
GOAL_RATIO = 0.25
GOAL_MEMORY_MIB = 1024
GOAL_EXCEL = 5.0


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --------------------------------------------------------------------------- workers


def setup_django(db: Path) -> None:
    os.environ["HIENTAI_VAR_DIR"] = str(db.parent)
    os.environ["STATIC_ROOT"] = str(db.parent / "static")
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hientai.settings")
    import django

    django.setup()


def worker_migrate(args: argparse.Namespace) -> dict:
    setup_django(Path(args.db))
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return {}


def worker_generate(args: argparse.Namespace) -> dict:
    setup_django(Path(args.db))
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("gen_people", str(args.rows), args.file, seed=str(args.seed))
    return {"seconds": time.perf_counter() - started}


def worker_xlsx(args: argparse.Namespace) -> dict:
    """The first --rows rows of the CSV as an XLSX (write-only openpyxl)."""
    import csv

    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("people")
    with open(args.source, encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle)):
            if number > args.rows:
                break
            sheet.append(row)
    book.save(args.file)
    return {}


def worker_import(args: argparse.Namespace) -> dict:
    setup_django(Path(args.db))
    from hientai.exchange import importer

    if not args.refresh:
        importer._Importer.refresh = lambda self: None
    marks: dict[str, float] = {}

    def progress(done: int, total: int | None, phase: str) -> None:
        marks.setdefault(phase, time.perf_counter())

    started = time.perf_counter()
    path = Path(args.file)
    # The size limit (100 MB by default) is not what is measured here.
    limit = path.stat().st_size + 1
    result = importer.import_people(path, user=None, progress=progress, max_bytes=limit)
    ended = time.perf_counter()
    import_s = marks.get("index", ended) - started
    return {
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "rejected": result.rejected,
        "committed": result.committed,
        "seconds": import_s,
        "refresh_seconds": ended - marks["index"] if "index" in marks else None,
        "peak_mib": peak_mib(),
    }


def worker_read(args: argparse.Namespace) -> dict:
    """Read every cell of the XLSX with one library (nothing else)."""
    path = args.file
    started = time.perf_counter()
    cells = 0
    if args.library == "calamine":
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(path)
        for row in book.get_sheet_by_index(0).iter_rows():
            cells += len(row)
        book.close()
    elif args.library == "openpyxl":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        for row in book.worksheets[0].iter_rows(values_only=True):
            cells += len(row)
        book.close()
    else:  # the importer's reader: calamine + header mapping + normalisation
        setup_django(Path(args.db))
        from hientai.exchange.parsing import read_people

        people = read_people(Path(path), max_bytes=Path(path).stat().st_size + 1)
        for _row in people.rows():
            cells += 1
        people.close()
    return {"seconds": time.perf_counter() - started, "cells": cells, "peak_mib": peak_mib()}


def _tables_written(connection: sqlite3.Connection) -> list[str]:
    prefixes = ("registry_", "exchange_import")  # the batch and its links too
    names = [
        row[0]
        for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if row[0].startswith(prefixes)
    ]
    return [n for n in names if connection.execute(f'SELECT 1 FROM "{n}" LIMIT 1').fetchone()]


def worker_raw(args: argparse.Namespace) -> dict:
    """executemany of the imported rows into the identical tables of an empty database.

    Rows are read from the imported database 50,000 at a time outside the timed part;
    only executemany and the commit are timed."""
    source = sqlite3.connect(args.source)
    target = sqlite3.connect(args.db, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
        target.execute(f"PRAGMA {pragma}")
    timings: dict[str, float] = {}
    counts: dict[str, int] = {}
    tables = _tables_written(source)
    # Foreign keys are checked at COMMIT (Django creates them DEFERRABLE INITIALLY DEFERRED).
    tables.sort(key=lambda name: (name != "registry_person", name))
    target.execute("BEGIN")
    for table in tables:
        columns = [row[1] for row in source.execute(f'PRAGMA table_info("{table}")')]
        marks = ", ".join("?" * len(columns))
        names = ", ".join(f'"{c}"' for c in columns)
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'
        cursor = source.execute(f'SELECT {names} FROM "{table}" ORDER BY rowid')
        spent = 0.0
        count = 0
        while rows := cursor.fetchmany(50_000):
            started = time.perf_counter()
            target.executemany(sql, rows)
            spent += time.perf_counter() - started
            count += len(rows)
        timings[table], counts[table] = spent, count
    started = time.perf_counter()
    target.execute("COMMIT")
    commit_s = time.perf_counter() - started
    return {
        "person_seconds": timings.get("registry_person", 0.0),
        "seconds": sum(timings.values()) + commit_s,
        "rows": sum(counts.values()),
        "people": counts.get("registry_person", 0),
        "peak_mib": peak_mib(),
    }


def worker_ceiling(args: argparse.Namespace) -> dict:
    """The import's own write path without the import: the same rows as `raw`, written as
    multi-row INSERTs (16,000 parameters each, as `registry.bulk` does) with the same
    indexes deferred to a rebuild (`registry.bulk.DeferredIndexes`), in one transaction.
    No file is read and nothing is checked: the fastest any import could store them."""
    setup_django(Path(args.db))
    from django.db import connection, transaction

    from hientai.registry.bulk import DeferredIndexes

    source = sqlite3.connect(args.source)
    tables = _tables_written(source)
    tables.sort(key=lambda name: (name != "registry_person", name))
    spent = 0.0
    with transaction.atomic():
        started = time.perf_counter()
        indexes = DeferredIndexes()
        indexes.drop()
        spent += time.perf_counter() - started
        cursor = connection.connection.cursor()  # the raw sqlite3 cursor, as bulk's _execute
        for table in tables:
            columns = [row[1] for row in source.execute(f'PRAGMA table_info("{table}")')]
            names = ", ".join(f'"{c}"' for c in columns)
            per = 16_000 // len(columns)
            marks = "(" + ", ".join("?" * len(columns)) + ")"
            head = f'INSERT INTO "{table}" ({names}) VALUES '
            rows_cursor = source.execute(f'SELECT {names} FROM "{table}" ORDER BY rowid')
            while rows := rows_cursor.fetchmany(per * 50):
                started = time.perf_counter()
                for chunk in itertools.batched(rows, per):
                    sql = head + ", ".join([marks] * len(chunk))
                    cursor.execute(sql, [value for row in chunk for value in row])
                spent += time.perf_counter() - started
        started = time.perf_counter()
        indexes.restore()
        spent += time.perf_counter() - started
        commit_started = time.perf_counter()
    spent += time.perf_counter() - commit_started
    people = source.execute("SELECT COUNT(*) FROM registry_person").fetchone()[0]
    return {"seconds": spent, "people": people, "peak_mib": peak_mib()}


WORKERS = {
    "ceiling": worker_ceiling,
    "migrate": worker_migrate,
    "generate": worker_generate,
    "xlsx": worker_xlsx,
    "import": worker_import,
    "read": worker_read,
    "raw": worker_raw,
}


# --------------------------------------------------------------------------- driver


def run(kind: str, **options: object) -> dict:
    command = [sys.executable, __file__, "--worker", kind]
    for key, value in options.items():
        if value is True:
            command.append(f"--{key.replace('_', '-')}")
        elif value not in (None, False):
            command += [f"--{key.replace('_', '-')}", str(value)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"bench worker {kind} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def fresh(template: Path, folder: Path, name: str) -> Path:
    db = folder / name
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.copy(template, db)
    return db


def drop_repeated_keys(source: Path, target: Path) -> int:
    """Copy the CSV without the rows the importer would reject as repeats: the generator
    gives a few people (foreign experts, year-only birth dates) without a personal ID the
    same name, birth date and unit — one natural key, so one profile. Returns how many."""
    import csv

    from hientai.core.text import fold

    seen: set[tuple[str, str, str]] = set()
    dropped = 0
    with (
        source.open(encoding="utf-8", newline="") as inp,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        reader, writer = csv.reader(inp), csv.writer(out)
        header = next(reader)
        writer.writerow(header)
        at = {name: i for i, name in enumerate(header)}
        for row in reader:
            if not row[at["personal_id"]]:
                born = row[at["birth_date"]] or "y" + row[at["birth_year"]]
                key = (fold(row[at["full_name"]]), born, row[at["unit_code"]])
                if key in seen:
                    dropped += 1
                    continue
                seen.add(key)
            writer.writerow(row)
    return dropped


def median_of(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each Excel read")
    parser.add_argument("--import-runs", type=int, default=1, help="runs of each CSV import")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--refresh", action="store_true", help="include the after-commit refresh")
    parser.add_argument("--append", help="append the result to this Markdown file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--csv", help="gen-people CSV to use (written there first if missing)")
    # worker mode
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--source", help=argparse.SUPPRESS)
    parser.add_argument("--library", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(WORKERS[args.worker](args)))
        return

    command = "python " + " ".join(shlex.quote(arg) for arg in sys.argv)
    folder = Path(tempfile.mkdtemp(prefix="hientai-bench-import-"))
    lines: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    try:
        template = folder / "template.sqlite3"
        run("migrate", db=template)
        if args.csv and Path(args.csv).exists():
            csv_path = Path(args.csv)  # made by an earlier run (same --rows and --seed)
        else:
            csv_path = Path(args.csv) if args.csv else folder / "people.csv"
            generated = run("generate", db=fresh(template, folder, "gen.sqlite3"),
                            rows=args.rows, file=csv_path, seed=args.seed)  # fmt: skip
            print(f"(generated {args.rows:,} rows in {generated['seconds']:.0f} s)")
        unique_path = folder / "people-unique.csv"
        dropped = drop_repeated_keys(csv_path, unique_path)
        if dropped:
            print(f"({dropped} rows repeating a natural key left out of the bench file)")
            csv_path = unique_path
        rows = args.rows - dropped
        size_mb = csv_path.stat().st_size / 1e6

        firsts, seconds = [], []
        for attempt in range(args.import_runs):
            db = fresh(template, folder, f"import{attempt}.sqlite3")
            firsts.append(run("import", db=db, file=csv_path, refresh=args.refresh))
            seconds.append(run("import", db=db, file=csv_path))
            imported = db
        raw = []
        for attempt in range(args.import_runs):
            raw.append(run("raw", db=fresh(template, folder, f"raw{attempt}.sqlite3"),
                           source=imported))  # fmt: skip
        ceilings = []
        for attempt in range(args.import_runs):
            ceilings.append(run("ceiling", db=fresh(template, folder, f"ceil{attempt}.sqlite3"),
                                source=imported))  # fmt: skip
        ceiling_s = median_of([r["seconds"] for r in ceilings])
        first_s = median_of([r["seconds"] for r in firsts])
        second_s = median_of([r["seconds"] for r in seconds])
        raw_s = median_of([r["seconds"] for r in raw])
        raw_person_s = median_of([r["person_seconds"] for r in raw])
        first, second, base = firsts[-1], seconds[-1], raw[-1]
        if not first["committed"]:
            raise SystemExit(f"bench: the import was rejected: {first}")
        rate = rows / first_s
        ratio = rate / (rows / raw_s)
        say(f"CSV {rows:,} rows ({size_mb:.0f} MB), SQLite, empty registry, "
            f"{args.import_runs} run(s), medians")  # fmt: skip
        say(
            f"import csv (new):          {first_s:7.1f} s  {rate:9,.0f} rows/s  "
            f"peak {max(r['peak_mib'] for r in firsts):6.0f} MiB   created {first['created']:,} "
            f"updated {first['updated']:,} unchanged {first['unchanged']:,} "
            f"rejected {first['rejected']:,}"
        )
        if first.get("refresh_seconds") is not None:
            say(
                f"  after-commit refresh (search index + quality): {first['refresh_seconds']:.1f} s"
            )
        say(
            f"re-import csv (same file): {second_s:7.1f} s  {rows / second_s:9,.0f} rows/s  "
            f"peak {max(r['peak_mib'] for r in seconds):6.0f} MiB   created {second['created']:,} "
            f"updated {second['updated']:,} unchanged {second['unchanged']:,}"
        )
        say(
            f"raw executemany, all {base['rows']:,} rows the import wrote: {raw_s:6.1f} s "
            f"({rows / raw_s:,.0f} people/s); people table alone: {raw_person_s:.1f} s "
            f"({rows / raw_person_s:,.0f} rows/s)"
        )
        say(
            f"write ceiling (the same rows, multi-row INSERTs, indexes rebuilt after, no "
            f"parsing): {ceiling_s:6.1f} s ({rows / ceiling_s:,.0f} people/s)"
        )
        say(f"ratio import / raw (all rows):     {ratio:5.2f}")
        say(f"ratio import / raw (people table): {rate / (rows / raw_person_s):5.2f}")

        xlsx_path = folder / "people.xlsx"
        run("xlsx", source=csv_path, file=xlsx_path, rows=args.xlsx_rows)
        reads: dict[str, list[dict]] = {"calamine": [], "openpyxl": []}
        for _attempt in range(args.runs):
            for library in reads:
                reads[library].append(run("read", file=xlsx_path, library=library))
        people_read = run("read", file=xlsx_path, library="importer",
                          db=fresh(template, folder, "read.sqlite3"))  # fmt: skip
        xlsx_import = run("import", db=fresh(template, folder, "xlsx.sqlite3"), file=xlsx_path)
        xlsx_mb = xlsx_path.stat().st_size / 1e6
        say(
            f"XLSX {args.xlsx_rows:,} rows x 58 columns ({xlsx_mb:.0f} MB), "
            f"{args.runs} runs, medians"
        )
        medians = {}
        for library, results in reads.items():
            medians[library] = median_of([r["seconds"] for r in results])
            say(
                f"read {library:<9} {medians[library]:7.2f} s  "
                f"{args.xlsx_rows / medians[library]:9,.0f} rows/s  "
                f"peak {max(r['peak_mib'] for r in results):6.0f} MiB"
            )
        excel_ratio = medians["openpyxl"] / medians["calamine"]
        say(f"calamine / openpyxl read-only speed: {excel_ratio:.1f}x")
        say(
            f"read_people (calamine + mapping + normalisation): {people_read['seconds']:.2f} s "
            f"{args.xlsx_rows / people_read['seconds']:,.0f} rows/s  "
            f"peak {people_read['peak_mib']:.0f} MiB"
        )
        say(
            f"import xlsx (new):         {xlsx_import['seconds']:7.1f} s  "
            f"{args.xlsx_rows / xlsx_import['seconds']:9,.0f} rows/s  "
            f"peak {xlsx_import['peak_mib']:6.0f} MiB   created {xlsx_import['created']:,}"
        )
        peak = max(r["peak_mib"] for r in [*firsts, *seconds])
        verdicts = [
            ("rows/s >= 30,000", rate >= GOAL_ROWS_PER_S, f"{rate:,.0f}"),
            ("ratio >= 0.25", ratio >= GOAL_RATIO, f"{ratio:.2f}"),
            ("peak < 1 GiB", peak < GOAL_MEMORY_MIB, f"{peak:.0f} MiB"),
            ("Excel >= 5x openpyxl", excel_ratio >= GOAL_EXCEL, f"{excel_ratio:.1f}x"),
        ]
        say("goals: " + "; ".join(
            f"{name}: {'met' if ok else 'NOT met'} ({value})" for name, ok, value in verdicts
        ))  # fmt: skip
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"(kept {folder})")

    if args.append:
        stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        entry = f"\n### {stamp} · import · `{command}`\n\n```\n" + "\n".join(lines) + "\n```\n"
        with open(args.append, "a", encoding="utf-8") as handle:
            handle.write(entry)


if __name__ == "__main__":
    main()
