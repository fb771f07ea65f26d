"""Acceptance: a worker killed with SIGKILL during a 100,000-row import leaves nothing
half-written; after a restart the job runs again and the row count is exact.

Everything runs out of process on a temporary SQLite file, like production: `hientai
migrate`, a submitted job, `hientai worker`, SIGKILL in the write phase, a new worker.
Until the real `import_people` kind exists, the stand-in `test_load` (100,000
generated people bulk-inserted in one transaction) stands for it."""

import importlib.util
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 100_000
HIENTAI = [sys.executable, "-m", "hientai"]
REAL_IMPORTER = all(
    importlib.util.find_spec(f"hientai.exchange.{name}") for name in ("importer", "parsing")
)

# Registers the stand-in kinds, then does what `hientai <command>` would.
STANDIN = (
    "import os, sys, django; django.setup(); from tests.jobs import standin; standin.register();"
    "from hientai.__main__ import main; main(['hientai', *sys.argv[1:]])"
)


class SQLite:
    """The temporary SQLite file the subprocesses share."""

    def __init__(self, tmp: Path):
        self.path = tmp / "t.sqlite3"
        self.url = f"sqlite:///{self.path}"

    def query(self, sql: str, *params) -> list[tuple]:
        with sqlite3.connect(self.path, timeout=30) as conn:
            return conn.execute(sql.replace("%s", "?"), params).fetchall()

    def indexes(self) -> list[tuple]:
        return self.query("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY 1")

    def write_lock_held(self) -> bool:
        """SQLite has one write lock: held means the import's transaction is open."""
        conn = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            assert "locked" in str(error)
            return True
        else:
            conn.execute("ROLLBACK")
            return False
        finally:
            conn.close()


class PostgreSQL:
    """A throwaway database on the suite's PostgreSQL server, dropped afterwards."""

    def __init__(self, server_url: str, name: str):
        import dj_database_url

        self.config = dj_database_url.parse(server_url)
        self.name = name
        self.url = server_url.rsplit("/", 1)[0] + "/" + name

    def _connect(self, dbname: str):
        import psycopg

        c = self.config
        return psycopg.connect(
            dbname=dbname,
            user=c["USER"],
            password=c["PASSWORD"] or None,
            host=c["HOST"] or None,
            port=c["PORT"] or None,
            autocommit=True,
        )

    def create(self) -> None:
        with self._connect("postgres") as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
            conn.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        with self._connect("postgres") as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def query(self, sql: str, *params) -> list[tuple]:
        with self._connect(self.name) as conn:
            return [tuple(row) for row in conn.execute(sql, params).fetchall()]

    def indexes(self) -> list[tuple]:
        return self.query(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"
        )

    def write_lock_held(self) -> bool:
        # A session of the worker's with a transaction that has written (it has an xid).
        rows = self.query(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = %s "
            "AND backend_xid IS NOT NULL AND pid != pg_backend_pid()",
            self.name,
        )
        return rows[0][0] > 0


def _env(tmp: Path, db) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "JOBS_DIR"}}
    env.update(
        DATABASE_URL=db.url,
        HIENTAI_VAR_DIR=str(tmp / "var"),
        DJANGO_SETTINGS_MODULE="hientai.settings",
        PYTHONPATH=str(ROOT),
    )
    return env


def _command(*args: str) -> list[str]:
    if REAL_IMPORTER:
        return [*HIENTAI, *args]
    return [sys.executable, "-c", STANDIN, *args]


def _run(env: dict, *args: str) -> str:
    done = subprocess.run(
        _command(*args), env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _wait(predicate, timeout: float, what: str, worker: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        assert worker.poll() is None, f"the worker exited while waiting for {what}"
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def test_worker_killed_mid_import_rolls_back_and_the_rerun_is_exact(tmp_path):
    _kill_and_rerun(tmp_path, SQLite(tmp_path))


@pytest.mark.postgres
def test_on_postgresql_too(tmp_path):
    from django.db import connection

    server = os.environ["DATABASE_URL"]
    db = PostgreSQL(server, f"hientai_kill_{os.getpid()}_{connection.settings_dict['NAME'][-8:]}")
    db.create()
    try:
        _kill_and_rerun(tmp_path, db)
    finally:
        db.drop()


def _kill_and_rerun(tmp_path: Path, db) -> None:
    env = _env(tmp_path, db)
    _run(env, "migrate", "--noinput", "-v0")
    _run(
        env,
        "shell",
        "-c",
        "from hientai.accounts.models import User;"
        "User.objects.create_superuser('importer', password='kill-test-2026')",
    )
    if REAL_IMPORTER:
        source = tmp_path / "p.csv"
        _run(env, "gen-people", str(PEOPLE), str(source))
        out = _run(
            env,
            "jobs",
            "submit",
            "import_people",
            str(source),
            "--as",
            "importer",
            "--param",
            "dry_run=false",
        )
    else:
        out = _run(
            env, "jobs", "submit", "test_load", "--as", "importer", "--param", f"count={PEOPLE}"
        )
    job_id = int(out.split()[-1])
    indexes = db.indexes()
    progress = tmp_path / "var" / "jobs" / str(job_id) / "progress.json"
    log = open(tmp_path / "worker-1.log", "w")  # noqa: SIM115 - closed below
    worker = subprocess.Popen(_command("worker"), env=env, cwd=ROOT, stdout=log, stderr=log)
    try:

        def in_write_phase() -> bool:
            try:
                data = json.loads(progress.read_text())
            except (OSError, ValueError):
                status = db.query("SELECT status FROM jobs_job WHERE id = %s", job_id)[0][0]
                assert status in {"queued", "running"}, f"the job ended ({status}) too early"
                return False
            # The write step (the import reads and checks the whole file first, holding no
            # lock), past 60 %: on SQLite the import has dropped the indexes it rebuilds at
            # the end. (The real importer names the step "write"; the stand-in has one.)
            in_write_step = data.get("phase") == "write" or not REAL_IMPORTER
            return in_write_step and data["done"] >= PEOPLE * 6 // 10 and db.write_lock_held()

        _wait(in_write_phase, 240, "the write phase", worker)
        # The progress channel works while the import holds the only write lock: the
        # file moves on, the job row reads as running, nothing is visible yet.
        first = json.loads(progress.read_text())["done"]
        _wait(lambda: json.loads(progress.read_text())["done"] > first, 60, "more progress", worker)
        assert db.query("SELECT status FROM jobs_job WHERE id = %s", job_id) == [("running",)]
        assert db.query("SELECT COUNT(*) FROM registry_person") == [(0,)]
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
        log.close()

    # The killed transaction is gone: not one person, every index as before, and the job
    # still says running.
    assert db.query("SELECT COUNT(*) FROM registry_person") == [(0,)]
    assert db.indexes() == indexes
    assert db.query("SELECT status, attempts FROM jobs_job WHERE id = %s", job_id) == [
        ("running", 1)
    ]

    log = open(tmp_path / "worker-2.log", "w")  # noqa: SIM115 - closed below
    worker = subprocess.Popen(_command("worker"), env=env, cwd=ROOT, stdout=log, stderr=log)
    try:

        def committed() -> bool:
            status = db.query("SELECT status FROM jobs_job WHERE id = %s", job_id)[0][0]
            assert status != "failed", db.query("SELECT message FROM jobs_job")
            # A commit is visible all at once; what follows it (rebuilding the search
            # index and data-quality findings, the "index" phase) is not waited for.
            return db.query("SELECT COUNT(*) FROM registry_person")[0][0] > 0

        _wait(committed, 300, "the rerun's commit", worker)
        status, attempts = db.query("SELECT status, attempts FROM jobs_job WHERE id = %s", job_id)[
            0
        ]
        assert status in {"running", "succeeded"} and attempts == 2
    finally:
        worker.kill()
        worker.wait(30)
        log.close()
    assert db.query("SELECT COUNT(*) FROM registry_person") == [(PEOPLE,)]
    duplicates = db.query(
        "SELECT personal_id, COUNT(*) FROM registry_person WHERE personal_id != '' "
        "GROUP BY personal_id HAVING COUNT(*) > 1",
    )
    assert duplicates == []
    if REAL_IMPORTER:  # one committed batch: the killed attempt left no trace
        assert db.query("SELECT COUNT(*), SUM(created) FROM exchange_importbatch") == [(1, PEOPLE)]
