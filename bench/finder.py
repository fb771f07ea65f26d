"""Expert finder latency at scale, next to the plain people search in the same run.

Runs on a database that already holds the profiles (a copy of one built by
`hientai demo --people 1000000`; never the original): HIENTAI_VAR_DIR points at its
directory. Builds the finder's index when it is missing (`--rebuild` forces it), then
times every question of QUESTIONS (Vietnamese with and without tone marks, English,
with place, degree and age filters) as the coordinator (city-wide) and as a ward officer
(scoped), and the people search (`search_people`) on the same words as the baseline.

    cp /work/wt/db1m/hientai.sqlite3 var/bench1m/   # a copy
    HIENTAI_VAR_DIR=var/bench1m .venv/bin/hientai migrate
    HIENTAI_VAR_DIR=var/bench1m .venv/bin/python bench/finder.py --runs 5 --append bench/RESULTS.md

Prints median, p95 and p99 per engine and the ratio finder / people search.
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

QUESTIONS = [
    "chuyên gia bán dẫn ở nước ngoài có bằng tiến sĩ",
    "chuyen gia ban dan o nuoc ngoai co bang tien si",
    "overseas semiconductor experts with a PhD",
    "AI experts in Japan",
    "người làm công nghệ sinh học dưới 40 tuổi",
    "machine learning",
    "trí tuệ nhân tạo",
    "biotechnology",
    "an toàn thông tin",
    "cybersecurity experts",
    "blockchain",
    "Internet of Things",
    "renewable energy",
    "robot công nghiệp",
    "vật liệu nano",
    "quantum technology",
    "xử lý nước thải",
    "climate change",
    "food safety",
    "bảo quản sau thu hoạch sầu riêng",
    "dịch tả lợn châu Phi",
    "dược liệu",
    "logistics experts",
    "giáo dục STEM",
    "cải cách hành chính",
    "data science PhD",
    "female AI researchers under 45",
    "chẩn đoán hình ảnh",
    "electronics experts in the United States",
    "chuyên gia người Hàn Quốc về cơ khí",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="passes over the questions")
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the finder's index")
    parser.add_argument("--append", help="append a Markdown entry to this file")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hientai.settings")
    import django

    django.setup()
    from django.db import connection

    from hientai.accounts.models import User
    from hientai.registry.models import Person
    from hientai.search.engine import search_people
    from hientai.talent.engine import find_experts
    from hientai.talent.indexer import rebuild_index
    from hientai.talent.models import ExpertDoc

    people = Person.objects.count()
    if args.rebuild or ExpertDoc.objects.count() == 0:
        started = time.perf_counter()
        rebuild_index()
        print(f"index built in {time.perf_counter() - started:.0f} s")
    indexed = ExpertDoc.objects.count()
    users = {
        "coordinator": User.objects.get(username="sokhcn"),
        "ward officer": User.objects.get(username="dongxoai"),
    }
    today = datetime.date(2026, 12, 7)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA mmap_size = 1073741824") if connection.vendor == "sqlite" else None
    timings: dict[str, list[float]] = {}
    worst: dict[str, tuple[float, str]] = {}
    hits_total = 0
    # Warm-up pass (page cache, vocabulary cache), not timed.
    for question in QUESTIONS:
        find_experts(users["coordinator"], question, limit=args.limit, on=today)
        search_people(users["coordinator"], question, None)
    for _run in range(args.runs):
        for question in QUESTIONS:
            for who, user in users.items():
                started = time.perf_counter()
                result = find_experts(user, question, limit=args.limit, on=today)
                elapsed = (time.perf_counter() - started) * 1000
                key = f"finder, {who}"
                timings.setdefault(key, []).append(elapsed)
                worst[key] = max(worst.get(key, (0.0, "")), (elapsed, question))
                hits_total += len(result.hits)
                started = time.perf_counter()
                search_people(user, question, None)
                elapsed = (time.perf_counter() - started) * 1000
                key = f"people search, {who}"
                timings.setdefault(key, []).append(elapsed)
                worst[key] = max(worst.get(key, (0.0, "")), (elapsed, question))
    lines = [f"profiles {people:,}, indexed {indexed:,}, questions {len(QUESTIONS)}, "
             f"runs {args.runs}, limit {args.limit}, backend {connection.vendor}"]  # fmt: skip
    for key, values in timings.items():
        lines.append(
            f"{key:28s} median {statistics.median(values):7.1f} ms  "
            f"p95 {percentile(values, 0.95):7.1f} ms  p99 {percentile(values, 0.99):7.1f} ms  "
            f"max {max(values):7.1f} ms  ({worst[key][1]!r})"
        )
    for who in users:
        finder = timings[f"finder, {who}"]
        search = timings[f"people search, {who}"]
        lines.append(
            f"ratio finder / people search, {who}: median "
            f"{statistics.median(finder) / statistics.median(search):.2f}, "
            f"p99 {percentile(finder, 0.99) / percentile(search, 0.99):.2f}"
        )
    goal = max(percentile(timings[f"finder, {who}"], 0.99) for who in users)
    lines.append(f"goal: finder p99 < 100 ms: {'met' if goal < 100 else 'NOT met'} ({goal:.1f} ms)")
    print("\n".join(lines))
    if args.append:
        command = "python bench/finder.py " + shlex.join(sys.argv[1:])
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        with open(args.append, "a", encoding="utf-8") as handle:
            handle.write(f"\n## bench/finder — {stamp}\n\n`{command}`\n\n```\n")
            handle.write("\n".join(lines) + "\n```\n")


if __name__ == "__main__":
    main()
