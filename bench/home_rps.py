"""Requests per second of the home page (signed-in officer) against a bare Django view.

Both apps run under granian with the same workers on this machine in the same
run; the ratio home/bare is the figure to watch (machines here are small and noisy).

    .venv/bin/python bench/home_rps.py [--seconds 8] [--rounds 3] [--append bench/RESULTS.md]
"""

import argparse
import datetime
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GRANIAN = str(Path(sys.executable).with_name("granian"))


def wait_until_up(port: int, path: str, headers: dict[str, str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path, headers=headers)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"server on port {port} did not answer 200 on {path}")


def load(port: int, path: str, headers: dict[str, str], seconds: float, clients: int) -> float:
    """Keep-alive GETs from `clients` threads for `seconds`; returns requests per second."""
    done = [0] * clients
    stop = time.monotonic() + seconds

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{path}: HTTP {response.status}")
            done[index] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - started)


def serve(target: str, port: int, env: dict[str, str], workers: int) -> subprocess.Popen:
    command = [GRANIAN, "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "error", target]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--append", help="append the result to this Markdown file")
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="hientai-bench-"))
    env = {
        **os.environ,
        "HIENTAI_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var}/bench.sqlite3",
    }
    env.pop("DEBUG", None)
    run = [sys.executable, "-m", "hientai"]
    subprocess.run([*run, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*run, "demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*run, "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    session_code = (
        "from django.contrib.sessions.backends.db import SessionStore;"
        "from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, BACKEND_SESSION_KEY;"
        "from hientai.accounts.models import User;"
        "u = User.objects.get(username='dongxoai'); s = SessionStore();"
        "s[SESSION_KEY] = str(u.pk);"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend';"
        "s[HASH_SESSION_KEY] = u.get_session_auth_hash(); s.create(); print(s.session_key)"
    )
    session = subprocess.run(
        [*run, "shell", "--no-imports", "-c", session_code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    home_headers = {"Cookie": f"sessionid={session}"}

    home = serve("hientai.wsgi:application", 18431, env, args.workers)
    bare = serve("bench._bare_project:application", 18432, env, args.workers)
    try:
        wait_until_up(18431, "/", home_headers)
        wait_until_up(18432, "/", {})
        home_rates, bare_rates = [], []
        for _ in range(args.rounds):
            # Interleave rounds so drift on a noisy machine hits both alike.
            bare_rates.append(load(18432, "/", {}, args.seconds, args.clients))
            home_rates.append(load(18431, "/", home_headers, args.seconds, args.clients))
    finally:
        home.terminate()
        bare.terminate()
        home.wait()
        bare.wait()

    home_median, bare_median = statistics.median(home_rates), statistics.median(bare_rates)
    ratio = home_median / bare_median
    lines = [
        f"home page (signed-in officer): {home_median:8.0f} req/s  (rounds: "
        + ", ".join(f"{rate:.0f}" for rate in home_rates)
        + ")",
        f"bare Django view:              {bare_median:8.0f} req/s  (rounds: "
        + ", ".join(f"{rate:.0f}" for rate in bare_rates)
        + ")",
        f"ratio home / bare:             {ratio:8.2f}",
    ]
    print("\n".join(lines))
    if args.append:
        stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        command = "make bench  (python bench/home_rps.py)"
        settings = f"granian {args.workers} workers, {args.clients} keep-alive clients"
        with open(args.append, "a", encoding="utf-8") as handle:
            handle.write(f"\n### {stamp} · home_rps · `{command}`\n")
            handle.write(f"{settings}, {args.rounds} rounds × {args.seconds:g} s, medians\n\n```\n")
            handle.write("\n".join(lines) + "\n```\n")


if __name__ == "__main__":
    main()
