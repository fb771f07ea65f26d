"""Server time and peak memory of every page the crawl test reaches, per persona.

For each persona (demo accounts: the coordinator `sokhcn` and the ward officer
`dongxoai` by default) the crawler of tests/site/test_crawl.py starts at the
home page and follows the in-app links (depth 3, a page budget, two pages per
URL pattern). Every page reached is then requested `--repeat` times through
Django's test Client in this process (the whole middleware stack, no network)
and the median is printed next to a bare Django view requested the same way
in the same run (same middleware, same signed-in session: the framework's
floor). One more request per page runs under tracemalloc for its peak Python
memory. Pages over 300 ms or 100 MB are flagged.

    .venv/bin/python bench/pages.py --database var/demo20k/hientai.sqlite3
    .venv/bin/python bench/pages.py --database var/db1m/hientai.sqlite3 --append bench/RESULTS.md

The database is only read (apart from the session and access-log rows the pages write).
"""

from __future__ import annotations

import argparse
import datetime
import os
import shlex
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PERSONAS = {"coordinator": "sokhcn", "ward_officer": "dongxoai"}
SLOW_MS, BIG_MB = 300.0, 100.0


def bare(request):
    from django.http import HttpResponse

    return HttpResponse("ok")


def setup(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database.resolve()}"
    os.environ.setdefault("HIENTAI_VAR_DIR", str(database.resolve().parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hientai.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # No collected manifest needed: plain static storage (what the crawl test does too).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def client_for(username: str):
    from django.test import Client

    from hientai.accounts.models import User

    class TimedClient(Client):
        """Remembers how long each GET took (the crawl's own requests are the warm-up)."""

        seen: dict[str, float] = {}

        def get(self, path, *args, **kwargs):
            started = time.perf_counter()
            response = super().get(path, *args, **kwargs)
            self.seen[path] = (time.perf_counter() - started) * 1000
            return response

    client = TimedClient(raise_request_exception=False)
    client.cookies["django_language"] = "vi"
    client.force_login(User.objects.get(username=username))
    return client


def discover(client, budget: int) -> list[str]:
    from tests.site.crawl import crawl

    report = crawl(client, budget=budget)
    return report.visited


def time_page(client, url: str, repeat: int) -> tuple[float, int]:
    runs, status = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        runs.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    return statistics.median(runs), status


def peak_mb(client, url: str) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    client.get(url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", type=Path, required=True, help="SQLite file (a copy)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--budget", type=int, default=45, help="pages per persona (crawl test: 45)")
    parser.add_argument("--persona", action="append", help="name=username (default: both)")
    parser.add_argument("--only", help="time only URLs containing this text")
    parser.add_argument(
        "--url", action="append", help="time these pages instead of crawling (repeatable)"
    )
    parser.add_argument(
        "--slow-cap",
        type=float,
        default=0,
        help="a page whose crawl request took longer (ms) is timed twice (crawl + one), "
        "not --repeat times",
    )
    parser.add_argument("--append", help="append the table to this Markdown file")
    args = parser.parse_args()
    command = "python " + " ".join(shlex.quote(arg) for arg in sys.argv)
    setup(args.database)
    from django.db import connection
    from django.test import override_settings
    from django.urls import path

    from hientai.registry.models import Person

    personas = dict(item.split("=", 1) for item in args.persona) if args.persona else PERSONAS
    lines: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    people = Person.objects.count()
    say(
        f"{people:,} profiles; median of {args.repeat} per page (ms)"
        + (
            f" (of 2 when the crawl's request took over {args.slow_cap:.0f} ms)"
            if args.slow_cap
            else ""
        )
        + ", peak Python memory (MB)"
    )
    bare_module = type(sys)("bench_pages_bare_urls")
    from hientai import urls as project_urls

    # The project's routes plus the bare view (pages and middleware may reverse any name).
    bare_module.urlpatterns = [  # type: ignore[attr-defined]
        path("bench-bare/", bare),
        *project_urls.urlpatterns,
    ]
    sys.modules["bench_pages_bare_urls"] = bare_module
    flagged = []
    for persona, username in personas.items():
        client = client_for(username)
        started = time.perf_counter()
        if args.url:
            urls = list(args.url)
            for url in urls:
                client.get(url)  # warm-up (timed by the client, as the crawl's requests)
        else:
            urls = discover(client, args.budget)
        crawl_s = time.perf_counter() - started
        if args.only:
            urls = [url for url in urls if args.only in url]
        with override_settings(ROOT_URLCONF="bench_pages_bare_urls"):
            client.get("/bench-bare/")
            bare_ms, _status = time_page(client, "/bench-bare/", max(args.repeat, 21))
        say("")
        say(
            f"## {persona} ({username}): {len(urls)} pages "
            f"({'given' if args.url else 'crawl'} {crawl_s:.0f} s); "
            f"bare Django view through the same middleware: {bare_ms:.2f} ms"
        )
        say(f"{'page':<58} {'status':>6} {'median ms':>10} {'× bare':>8} {'peak MB':>8}")
        rows = []
        for url in urls:
            crawled_ms = client.seen.get(url, 0.0)  # the crawl's request: the warm-up
            if args.slow_cap and crawled_ms > args.slow_cap:
                median, status = crawled_ms, client.get(url).status_code  # one run
                median = statistics.median([median, client.seen[url]])
            else:
                median, status = time_page(client, url, args.repeat)
            memory = peak_mb(client, url)
            rows.append((median, url, status, memory))
            print(f"  measured {url} {median:.0f} ms {memory:.1f} MB", flush=True)
        for median, url, status, memory in sorted(rows, reverse=True):
            flag = ""
            if median > SLOW_MS:
                flag += " SLOW"
            if memory > BIG_MB:
                flag += " BIG"
            if flag:
                flagged.append(f"{persona} {url}{flag}")
            say(
                f"{url[:58]:<58} {status:>6} {median:>10.1f} {median / bare_ms:>8.0f} "
                f"{memory:>8.1f}{flag}"
            )
        times = [row[0] for row in rows]
        if times:
            say(
                f"{'(all pages)':<58} {'':>6} median {statistics.median(times):.1f}, "
                f"max {max(times):.1f}"
            )
    say("")
    say(f"over {SLOW_MS:.0f} ms or {BIG_MB:.0f} MB: {len(flagged)}")
    for item in flagged:
        say(f"  {item}")
    connection.close()
    if args.append:
        stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        with open(args.append, "a", encoding="utf-8") as out:
            out.write(
                f"\n### {stamp} · pages · SQLite, {people:,} profiles · `{command}`\n\n```\n"
                + "\n".join(lines)
                + "\n```\n"
            )


if __name__ == "__main__":
    main()
