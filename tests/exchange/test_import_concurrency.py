"""Acceptance: writes while an import runs (issue 12, item 5), with real concurrent writers.

Out of process, like production: a temporary database, `hientai serve --no-worker`
(granian, 2 processes), two `hientai import-people` commands started together (the
big file's size: HIENTAI_CONCURRENCY_ROWS, default 20,000; the acceptance run used
100,000), and while they run 20 web edits (a profile's status form) and 20 API edits
(progress on a plan task). Every edit succeeds or gets the Vietnamese "try again"
answer (503 + Retry-After, JSON for the API); none is a 500. Both imports commit, one
after the other. The busy answer itself is shown with a lock held from outside and a
short busy timeout; the job worker outlives a lock held longer than its timeout."""

from __future__ import annotations

import concurrent.futures
import http.cookiejar
import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.jobs.test_sigkill import PostgreSQL, SQLite

ROOT = Path(__file__).resolve().parents[2]
HIENTAI = [sys.executable, "-m", "hientai"]
ROWS = int(os.environ.get("HIENTAI_CONCURRENCY_ROWS") or 20_000)
SECOND_ROWS = 3_000
EDITS = 20  # of each kind
PASSWORD = "busy-test-2026-pass"
SEED_PLAN = ROOT / "tests" / "fixtures" / "plans" / "003_3430cb898c85fe5f.txt"
BUSY_WORDS = "vui lòng thử lại"


def _env(tmp: Path, db, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "JOBS_DIR"}}
    env.update(
        DATABASE_URL=db.url,
        HIENTAI_VAR_DIR=str(tmp / "var"),
        DJANGO_SETTINGS_MODULE="hientai.settings",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def _run(env: dict, *args: str, timeout: float = 600) -> str:
    done = subprocess.run(
        [*HIENTAI, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`hientai serve --no-worker` on a free port, stopped on exit."""

    def __init__(self, env: dict, tmp: Path):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(tmp / f"serve-{self.port}.log", "w")  # noqa: SIM115 - closed in stop
        self.process = subprocess.Popen(
            [*HIENTAI, "serve", "--no-worker", "--host", "127.0.0.1", "--port", str(self.port)],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=self.log,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the server exited"
            try:
                urllib.request.urlopen(self.base + "/login/", timeout=2).read()
                return
            except OSError:
                time.sleep(0.3)
        pytest.fail("the server did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class Browser:
    """A logged-in session (cookies, CSRF token) against the server."""

    def __init__(self, base: str, username: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        self.request("GET", "/login/")
        status, _headers, body = self.request(
            "POST", "/login/", {"username": username, "password": PASSWORD}
        )
        assert status == 302, body[:300]

    @property
    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def request(
        self, method: str, path: str, form: dict | None = None, payload: dict | None = None
    ) -> tuple[int, dict, str]:
        headers = {"Referer": self.base + path}
        data = None
        if method == "POST":
            headers["X-CSRFToken"] = self.csrf
            if payload is not None:
                data = json.dumps(payload).encode()
                headers["content-type"] = "application/json"
            else:
                data = urllib.parse.urlencode({**(form or {}), "csrfmiddlewaretoken": self.csrf})
                data = data.encode()
                headers["content-type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.base + path, data, headers, method=method)
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, _lower(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, _lower(error.headers), error.read().decode()


def _lower(headers) -> dict:
    return {name.lower(): value for name, value in headers.items()}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _setup(tmp: Path, db, env: dict) -> dict:
    """Migrated database, an administrator, 40 people to edit, an active plan."""
    _run(env, "migrate", "--noinput", "-v0")
    _run(
        env,
        "shell",
        "-c",
        "from hientai.accounts.models import User;"
        f"User.objects.create_superuser('admin', password='{PASSWORD}')",
    )
    small = tmp / "small.csv"
    _run(env, "gen-people", "--seed", "4242", str(2 * EDITS), str(small))
    _run(env, "import-people", str(small))
    plan = _run(
        env,
        "shell",
        "-c",
        "from pathlib import Path; from hientai.plans import services as s;"
        f"p = s.import_plan(Path({str(SEED_PLAN)!r}), user=None);"
        "s.auto_map(p, None); s.activate(p, None);"
        "print(','.join(str(t) for t in p.tasks.values_list('pk', flat=True)))",
    )
    tasks = [int(t) for t in plan.strip().splitlines()[-1].split(",")]
    assert len(tasks) >= EDITS, tasks
    people = [row[0] for row in db.query("SELECT id FROM registry_person ORDER BY id")]
    assert len(people) == 2 * EDITS
    return {"people": people, "tasks": tasks[:EDITS]}


def _edit(browser: Browser, kind: str, target: int, n: int) -> tuple[str, int, float, str]:
    started = time.monotonic()
    if kind == "web":
        status, _headers, body = browser.request(
            "POST",
            f"/people/{target}/status/",
            {"status": "retired", "effective_from": "2099-01-01", "note": f"edit {n}"},
        )
    else:
        status, _headers, body = browser.request(
            "POST", f"/api/v1/plans/tasks/{target}/updates", payload={"progress": 10 + n}
        )
    return kind, status, time.monotonic() - started, body if status >= 400 else ""


def _check_answer(kind: str, status: int, body: str) -> None:
    assert status != 500, body[:500]
    if kind == "web":
        assert status in {302, 503}, (status, body[:300])
    else:
        assert status in {201, 503}, (status, body[:300])
    if status == 503:
        assert BUSY_WORDS in (json.loads(body)["detail"] if kind == "api" else body)


def _edits_during_imports(tmp_path: Path, db) -> None:
    env = _env(tmp_path, db)
    setup = _setup(tmp_path, db, env)
    big, second = tmp_path / "big.csv", tmp_path / "second.csv"
    _run(env, "gen-people", "--seed", "1", str(ROWS), str(big))
    _run(env, "gen-people", "--seed", "2", str(SECOND_ROWS), str(second))
    server = Server(env, tmp_path)
    imports: list[subprocess.Popen] = []
    try:
        web = [Browser(server.base, "admin") for _ in range(4)]
        api = [Browser(server.base, "admin") for _ in range(4)]
        started = time.monotonic()
        for path in (big, second):  # two imports at once: they must queue, not fail
            imports.append(
                subprocess.Popen(
                    [*HIENTAI, "import-people", str(path)],
                    env=env,
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
            )
        # The edits are spread over the imports: half while they read and check, half
        # from the moment one holds the write lock (SQLite) or writes (PostgreSQL).
        answers = []
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            jobs = []
            for n in range(EDITS):
                if n == EDITS // 2:
                    _wait_for_write_step(db, imports)
                jobs.append(pool.submit(_edit, web[n % 4], "web", setup["people"][n], n))
                jobs.append(pool.submit(_edit, api[n % 4], "api", setup["tasks"][n], n))
                time.sleep(0.2)
            answers = [job.result() for job in jobs]
        outputs = [process.communicate(timeout=1800)[0] for process in imports]
        elapsed = time.monotonic() - started
    finally:
        for process in imports:
            if process.poll() is None:
                process.kill()
                process.wait()
        server.stop()
    for process, output in zip(imports, outputs, strict=True):
        assert process.returncode == 0, output[-2000:]
    for kind, status, _seconds, body in answers:
        _check_answer(kind, status, body)
    ok = sum(1 for _k, status, _s, _b in answers if status < 400)
    waits = sorted(seconds for _k, _s, seconds, _b in answers)
    print(
        f"\n{ROWS}+{SECOND_ROWS} rows imported together in {elapsed:.1f} s; "
        f"{len(answers)} edits: {ok} saved, {len(answers) - ok} 'try again'; "
        f"longest answer {waits[-1]:.2f} s, median {waits[len(waits) // 2]:.2f} s"
    )
    # Both imports committed, the one after the other; the saved edits are there.
    assert db.query("SELECT COUNT(*) FROM registry_person") == [(2 * EDITS + ROWS + SECOND_ROWS,)]
    assert db.query("SELECT COUNT(*) FROM exchange_importbatch") == [(3,)]
    saved_web = sum(1 for k, status, _s, _b in answers if k == "web" and status == 302)
    periods = db.query("SELECT COUNT(*) FROM registry_statusperiod WHERE note != ''")
    assert periods == [(saved_web,)]
    saved_api = sum(1 for k, status, _s, _b in answers if k == "api" and status == 201)
    assert db.query("SELECT COUNT(*) FROM plans_taskupdate") == [(saved_api,)]


def _wait_for_write_step(db, imports: list[subprocess.Popen]) -> None:
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline:
        if db.write_lock_held():
            return
        if all(process.poll() is not None for process in imports):
            return  # both done already (a fast machine): the rest of the edits follow
        time.sleep(0.05)
    pytest.fail("the imports never reached their write step")


def test_edits_while_two_imports_run_on_sqlite(tmp_path):
    _edits_during_imports(tmp_path, SQLite(tmp_path))


@pytest.mark.postgres
def test_edits_while_two_imports_run_on_postgresql(tmp_path):
    from django.db import connection

    server = os.environ["DATABASE_URL"]
    name = f"hientai_busy_{os.getpid()}_{connection.settings_dict['NAME'][-8:]}"
    db = PostgreSQL(server, name)
    db.create()
    try:
        _edits_during_imports(tmp_path, db)
    finally:
        db.drop()


def _hold_lock(path: Path, seconds: float, held: threading.Event) -> None:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        held.set()
        time.sleep(seconds)
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def test_a_busy_database_answers_try_again_not_500(tmp_path):
    """A write that waited its whole busy timeout: the Vietnamese page (503, Retry-After)
    for the web, JSON for the API; once the lock is gone the same edits go through."""
    db = SQLite(tmp_path)
    env = _env(tmp_path, db, HIENTAI_SQLITE_BUSY_MS="300")
    setup = _setup(tmp_path, db, env)
    server = Server(env, tmp_path)
    try:
        browser = Browser(server.base, "admin")
        held = threading.Event()
        holder = threading.Thread(target=_hold_lock, args=(db.path, 4.0, held))
        holder.start()
        held.wait(10)
        person, task = setup["people"][0], setup["tasks"][0]
        status, headers, body = browser.request(
            "POST",
            f"/people/{person}/status/",
            {"status": "retired", "effective_from": "2099-01-01", "note": "edit 0"},
        )
        assert status == 503, body[:500]
        assert headers["retry-after"] == "5"
        assert BUSY_WORDS in body and "<html" in body
        status, headers, body = browser.request(
            "POST", f"/api/v1/plans/tasks/{task}/updates", payload={"progress": 50}
        )
        assert status == 503, body[:500]
        assert headers["content-type"].startswith("application/json")
        answer = json.loads(body)
        assert answer["code"] == "busy" and BUSY_WORDS in answer["detail"]
        holder.join()
        assert (
            browser.request(
                "POST",
                f"/people/{person}/status/",
                {"status": "retired", "effective_from": "2099-01-01", "note": "edit 0"},
            )[0]
            == 302
        )
        assert (
            browser.request(
                "POST", f"/api/v1/plans/tasks/{task}/updates", payload={"progress": 50}
            )[0]
            == 201
        )
    finally:
        server.stop()


def test_the_worker_survives_a_lock_held_longer_than_its_timeout(tmp_path):
    """A lock held 5 s against a 300 ms busy timeout: the worker waits (before, it
    exited), then runs the job submitted meanwhile."""
    db = SQLite(tmp_path)
    env = _env(tmp_path, db, HIENTAI_SQLITE_BUSY_MS="300")
    _run(env, "migrate", "--noinput", "-v0")
    _run(
        env,
        "shell",
        "-c",
        "from hientai.accounts.models import User;"
        f"User.objects.create_superuser('admin', password='{PASSWORD}')",
    )
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed below
    worker = subprocess.Popen(
        [*HIENTAI, "worker", "--interval", "0.2"], env=env, cwd=ROOT, stdout=log, stderr=log
    )
    try:
        time.sleep(3)  # started and polling
        held = threading.Event()
        holder = threading.Thread(target=_hold_lock, args=(db.path, 5.0, held))
        holder.start()
        held.wait(10)
        holder.join()
        assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-2000:]
        out = _run(env, "jobs", "submit", "export_people", "--as", "admin", "--param", "format=csv")
        job_id = int(out.split()[-1])
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            status = db.query("SELECT status FROM jobs_job WHERE id = ?", job_id)[0][0]
            if status == "succeeded":
                break
            assert status in {"queued", "running"}, status
            time.sleep(0.3)
        else:
            pytest.fail("the worker did not run the job")
        assert worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(30)
        log.close()


def test_a_command_started_while_the_lock_is_held_passes_its_checks(tmp_path):
    """Django's "does SQLite have JSON" probe used to run in an IMMEDIATE transaction: a
    command started during an import's write step failed its system checks with "SQLite
    does not support JSONFields" (a second import said so). It asks without one now."""
    db = SQLite(tmp_path)
    env = _env(tmp_path, db, HIENTAI_SQLITE_BUSY_MS="300")
    _run(env, "migrate", "--noinput", "-v0")
    lock = sqlite3.connect(db.path, timeout=30, isolation_level=None)
    try:
        lock.execute("BEGIN IMMEDIATE")  # held for the whole command
        done = subprocess.run(
            [*HIENTAI, "check"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
        )
        assert db.write_lock_held()
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert done.returncode == 0, done.stdout + done.stderr
    assert "JSONField" not in done.stdout + done.stderr
