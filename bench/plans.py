"""Parse time of the plan parser per seed (tests/fixtures/plans), OCR excluded.

Each seed is parsed once cold (the first parse in the process also loads the gazetteer
and the OCR-repair vocabulary), then `--runs` times; the median is the figure to watch.
Goal: < 1 s for the 45 KB seed 003. Seed 003 is also timed as a Word document (appendix
as a real table) and as a text-layer PDF, built in memory like the tests do.

    .venv/bin/python bench/plans.py [--runs 7] [--append bench/RESULTS.md]
"""

import argparse
import datetime
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hientai.plans.parser import parse_plan  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "plans"
BIG_SEED = "003_3430cb898c85fe5f"
GOAL_SECONDS = 1.0


def timed(source: Path, runs: int) -> tuple[float, list[float], object]:
    started = time.perf_counter()
    plan = parse_plan(source)
    cold = time.perf_counter() - started
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        plan = parse_plan(source)
        times.append(time.perf_counter() - started)
    return cold, times, plan


def row(label: str, size: int, cold: float, times: list[float], plan: object) -> str:
    return (
        f"{label:<28}{size / 1024:7.1f} KB  cold {cold * 1000:7.0f} ms  "
        f"median {statistics.median(times) * 1000:7.0f} ms  min {min(times) * 1000:7.0f} ms  "
        f"tasks {len(plan.tasks):3d}  targets {len(plan.targets):3d}"
        f"{'  (OCR repair)' if plan.ocr_repaired else ''}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--append", help="append the result to this Markdown file")
    args = parser.parse_args()

    lines = []
    medians: dict[str, float] = {}
    for path in sorted(FIXTURES.glob("*.txt")):
        cold, times, plan = timed(path, args.runs)
        medians[path.stem] = statistics.median(times)
        lines.append(row(path.stem, path.stat().st_size, cold, times, plan))

    from tests.plans.conftest import make_docx, make_text_pdf, seed_lines

    with tempfile.TemporaryDirectory(prefix="hientai-bench-") as folder:
        for maker, suffix in ((make_docx, "docx"), (make_text_pdf, "pdf")):
            path = maker(seed_lines(BIG_SEED), Path(folder) / f"{BIG_SEED}.{suffix}")
            cold, times, plan = timed(path, args.runs)
            lines.append(
                row(f"{BIG_SEED[:3]} as .{suffix}", path.stat().st_size, cold, times, plan)
            )

    verdict = "met" if medians[BIG_SEED] < GOAL_SECONDS else "NOT met"
    lines.append(
        f"goal: seed 003 (.txt) median < {GOAL_SECONDS:g} s: {verdict} "
        f"({medians[BIG_SEED] * 1000:.0f} ms)"
    )
    print("\n".join(lines))
    if args.append:
        stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        command = f"python bench/plans.py --runs {args.runs}"
        with open(args.append, "a", encoding="utf-8") as handle:
            handle.write(f"\n### {stamp} · plans · `{command}`\n")
            handle.write(
                f"plan parser, 1 cold + {args.runs} runs per file, medians, OCR excluded\n\n```\n"
            )
            handle.write("\n".join(lines) + "\n```\n")


if __name__ == "__main__":
    main()
