"""Requests per second of the profile page and the profile API (issue 14 item 5, issue 19)
against a bare Django view reading the same row, with the queries each one makes.

All three run under granian with the same workers on this machine, interleaved round by
round; the ratios to the bare view are the figures to watch (goals: page >= 0.5, API >= 0.8).

    .venv/bin/python bench/api.py [--seconds 8] [--rounds 3] [--append bench/RESULTS.md]
"""

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.home_rps import ROOT, load, serve, wait_until_up

SETUP = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hientai.accounts import tokens
from hientai.accounts.models import User
from hientai.accounts.scoping import visible
from hientai.registry.models import Person
u = User.objects.get(username='dongxoai')
s = SessionStore()
s[SESSION_KEY] = str(u.pk)
s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'
s[HASH_SESSION_KEY] = u.get_session_auth_hash()
s.create()
_t, secret = tokens.create_token(u, None, 'bench', days=1)
person = visible(Person.objects.all(), u).order_by('pk').first()
client = Client()
client.force_login(u)
counts = []
for path in (f'/people/{person.pk}/', f'/api/v1/people/{person.pk}/profile',
             '/api/v1/people/profiles?limit=50'):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    counts.append(str(len(queries)))
print(s.session_key, secret, person.pk, ' '.join(counts))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--append", help="append the result to this Markdown file")
    args = parser.parse_args()

    var = Path(tempfile.mkdtemp(prefix="hientai-bench-"))
    database = var / "bench.sqlite3"
    env = {
        **os.environ,
        "HIENTAI_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{database}",
        "HIENTAI_BENCH_DB": str(database),
    }
    env.pop("DEBUG", None)
    run = [sys.executable, "-m", "hientai"]
    subprocess.run([*run, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*run, "demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*run, "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    output = subprocess.run(
        [*run, "shell", "--no-imports", "-c", SETUP],
        cwd=ROOT,
        env={**env, "ALLOWED_HOSTS": "testserver,127.0.0.1"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    session, secret, pk = output[:3]
    page_queries, api_queries, list_queries = output[3:6]
    targets = {
        "page": (18441, f"/people/{pk}/", {"Cookie": f"sessionid={session}"}),
        "api": (18441, f"/api/v1/people/{pk}/profile", {"Authorization": f"Bearer {secret}"}),
        "list": (18441, "/api/v1/people/profiles?limit=50", {"Authorization": f"Bearer {secret}"}),
        "bare": (18442, f"/{pk}", {}),
    }
    app = serve("hientai.wsgi:application", 18441, env, args.workers)
    bare = serve("bench._bare_row_project:application", 18442, env, args.workers)
    rates: dict[str, list[float]] = {name: [] for name in targets}
    try:
        for port, path, headers in targets.values():
            wait_until_up(port, path, headers)
        for _ in range(args.rounds):
            for name, (port, path, headers) in targets.items():
                rates[name].append(load(port, path, headers, args.seconds, args.clients))
    finally:
        app.terminate()
        bare.terminate()
        app.wait()
        bare.wait()

    medians = {name: statistics.median(values) for name, values in rates.items()}
    base = medians["bare"]

    def line(label: str, name: str, queries: str = "") -> str:
        rounds = ", ".join(f"{rate:.0f}" for rate in rates[name])
        extra = f"; {queries} queries" if queries else ""
        ratio = "" if name == "bare" else f"  ratio {medians[name] / base:.2f}"
        return f"{label:34s}{medians[name]:7.0f} req/s{ratio}  (rounds: {rounds}{extra})"

    lines = [
        line("profile page (ward officer):", "page", page_queries),
        line("profile API (personal token):", "api", api_queries),
        line("profiles list API (50, token):", "list", list_queries),
        line("bare Django view, same row:", "bare"),
    ]
    print("\n".join(lines))
    if args.append:
        stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        settings = f"granian {args.workers} workers, {args.clients} keep-alive clients"
        with open(args.append, "a", encoding="utf-8") as handle:
            handle.write(f"\n### {stamp} · api · `python bench/api.py`\n")
            handle.write(f"{settings}, {args.rounds} rounds × {args.seconds:g} s, medians\n\n```\n")
            handle.write("\n".join(lines) + "\n```\n")


if __name__ == "__main__":
    main()
