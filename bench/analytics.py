"""The analytics store and the pages that read it, on an existing database (a copy of the
demo's at 1,000,000 profiles, say), next to baselines measured in the same run.

- a full rebuild of the store (`--rebuild`), and the store's size;
- every indicator for every unit for one period from the store (`evaluate`), median of 7;
- a profile change (ORM save in a transaction, versioned) until the store holds it: the
  person's contribution is noted before the save, the commit applies the delta, then the
  ward's breakdown is read back;
- server time of the dashboard, `/indicators/`, an indicator page and `/quality/` as the
  city coordinator and as a ward officer (Django test client, in process: the whole stack
  with its middleware), median of 5; the dashboard opened 4 at once (4 processes started
  together, 3 rounds);
- memory per request: the peak of Python allocations during one request (tracemalloc),
  and this process's peak RSS;
- baselines: the login page (the full stack with no data) and a bare SQL COUNT(*) of the
  people grouped by unit.

    .venv/bin/python bench/analytics.py --database var/db1m.sqlite3 --rebuild
    .venv/bin/python bench/analytics.py --database var/hientai.sqlite3 --append bench/RESULTS.md

The database is written to (the store, a profile changed and changed back): use a copy.
"""

from __future__ import annotations

import argparse
import datetime
import multiprocessing
import os
import resource
import shlex
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COORDINATOR = "sokhcn"
OFFICER = "dongxoai"  # officer of Phường Đồng Xoài (25210)
WARD = "25210"


def setup(database: str | None, database_url: str | None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    elif database:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(database).resolve()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hientai.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # No collectstatic here: plain static URLs, as the tests have.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}).enable()


def median_of(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def client_for(username: str):
    from django.test import Client

    from hientai.accounts.models import User

    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username=username))
    return client


def get_ok(client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"bench: {url} answered {response.status_code}")


def peak_memory(client, url: str) -> float:
    """MB of Python allocations at the peak of one request."""
    tracemalloc.start()
    get_ok(client, url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


_barrier = None


def _one_dashboard(args: tuple[str, str]) -> float:
    username, url = args
    from django.db import connections

    connections.close_all()  # a fresh connection in this process
    client = client_for(username)
    get_ok(client, url)  # warm this process
    assert _barrier is not None
    _barrier.wait()
    started = time.perf_counter()
    get_ok(client, url)
    return time.perf_counter() - started


def concurrent_dashboards(username: str, url: str, workers: int = 4) -> list[float]:
    global _barrier
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    _barrier = context.Barrier(workers)
    with context.Pool(workers) as pool:
        return pool.map(_one_dashboard, [(username, url)] * workers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="SQLite file (a copy: it is written to)")
    parser.add_argument("--database-url", help="or a PostgreSQL URL")
    parser.add_argument("--period", default="2025")
    parser.add_argument("--rebuild", action="store_true", help="time a full rebuild first")
    parser.add_argument("--append", help="append the result to this Markdown file")
    args = parser.parse_args()
    command = "python " + " ".join(shlex.quote(arg) for arg in sys.argv)
    setup(args.database, args.database_url)
    lines: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    from django.db import connection, transaction

    from hientai.indicators import analytics
    from hientai.indicators.models import AnalyticsFact, Indicator
    from hientai.indicators.periods import Period
    from hientai.indicators.services import evaluate
    from hientai.orgs.models import Unit
    from hientai.registry.history import recording
    from hientai.registry.models import Person

    people = Person.objects.count()
    units = list(Unit.objects.order_by("path"))
    period = Period.parse(args.period)
    say(
        f"{people:,} profiles, {Indicator.objects.filter(active=True).count()} active "
        f"indicators, {len(units)} units, {connection.vendor}"
    )

    def bare_count() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT unit_id, COUNT(*) FROM registry_person GROUP BY unit_id")
            return len(cursor.fetchall())

    bare_s, _n = median_of(bare_count, 7)
    say(f"baseline: bare SQL COUNT(*) of the people by unit: median {bare_s * 1000:8.1f} ms")
    anonymous = __import__("django.test", fromlist=["Client"]).Client(SERVER_NAME="localhost")
    login_s, _r = median_of(lambda: get_ok(anonymous, "/login/"), 7)
    say(f"baseline: the login page (whole stack, no data): median {login_s * 1000:8.1f} ms")

    if args.rebuild:
        started, cpu = time.perf_counter(), time.process_time()
        written = analytics.rebuild()
        say(
            f"full rebuild: {len(written)} periods, {sum(written.values()):,} facts in "
            f"{time.perf_counter() - started:6.1f} s ({time.process_time() - cpu:.1f} s of CPU "
            f"in this process, SQLite included)"
        )
    say(f"store: {AnalyticsFact.objects.count():,} facts")

    evaluate(period, units=units)  # computes the period if the store lacks it
    all_s, values = median_of(lambda: evaluate(period, units=units), 7)
    say(
        f"every indicator, all {len(units)} units, {period}, from the store: median "
        f"{all_s * 1000:8.1f} ms ({len(values):,} values; {all_s / bare_s:.1f}× the bare count)"
    )
    ward = Unit.objects.get(code=WARD)
    one_s, _v = median_of(lambda: evaluate(period, units=[ward]), 7)
    say(f"every indicator, one ward, {period}, from the store: median {one_s * 1000:8.1f} ms")

    # A profile change until the store holds it (the current year is open).
    today = datetime.date.today()
    current = Period(today.year)
    evaluate(current, units=[ward])
    person = Person.objects.filter(unit=ward, gender="male").order_by("pk").first()
    female = next(i for i in Indicator.objects.filter(kind="computed") if "gender" in i.breakdowns)

    def split() -> dict:
        from hientai.indicators.services import breakdown

        return {item.key: item.denominator for item in breakdown(female, current, ward, "gender")}

    before = split()
    latencies = []
    for gender in ("female", "male", "female", "male", "female", "male"):
        started = time.perf_counter()
        with transaction.atomic(), recording(None, "bench: a profile change"):
            person.gender = gender
            person.save()
        latencies.append(time.perf_counter() - started)  # the refresh ran on commit
        after = split()
        if gender == "female" and after == before:
            raise SystemExit("bench: the store did not follow the change")
    say(
        f"a profile change until the store holds it (save, commit, delta applied): "
        f"median {statistics.median(latencies) * 1000:8.1f} ms, max {max(latencies) * 1000:.1f} ms"
    )

    code = Indicator.objects.filter(active=True, kind="computed").order_by("position").first().code
    pages = [
        ("dashboard", "/reporting/dashboard/"),
        ("indicators", "/indicators/"),
        ("indicator page", f"/indicators/{code}/"),
        ("quality", "/quality/"),
    ]
    for username, role in ((COORDINATOR, "coordinator"), (OFFICER, "ward officer")):
        client = client_for(username)
        for name, url in pages:
            get_ok(client, url)  # warm
            seconds, _r = median_of(lambda url=url, client=client: get_ok(client, url), 5)
            memory = peak_memory(client, url)
            say(
                f"{role:12} {name:15} median {seconds * 1000:8.1f} ms "
                f"({seconds / login_s:5.1f}× the login page)   peak {memory:6.1f} MB"
            )
    for username, role in ((COORDINATOR, "coordinator"), (OFFICER, "ward officer")):
        rounds = [concurrent_dashboards(username, "/reporting/dashboard/") for _ in range(3)]
        each = [t for r in rounds for t in r]
        say(
            f"{role:12} dashboard, 4 processes at once: median "
            f"{statistics.median(each) * 1000:8.1f} ms, max {max(each) * 1000:.1f} ms"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    say(f"peak RSS of this process: {peak:.0f} MB")

    if args.append:
        stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        with open(args.append, "a", encoding="utf-8") as handle:
            handle.write(
                f"\n### {stamp} · analytics store and pages · {connection.vendor}, "
                f"{people:,} people · `{command}`\n\n```\n" + "\n".join(lines) + "\n```\n"
            )


if __name__ == "__main__":
    main()
