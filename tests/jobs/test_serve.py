"""`hientai serve` (what `make run` ends with) starts the background worker beside the web
server: a job submitted on a fresh install runs with nothing else started, and SIGTERM
stops both."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.exchange.import_support import UNIT_A, people, write_csv

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _hientai(env: dict, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "hientai", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(line) for line in out.stdout.split()]


def test_serve_runs_the_worker_and_stops_it(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "JOBS_DIR"}}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        HIENTAI_VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "static"),
        PYTHONPATH=str(ROOT),
    )
    _hientai(env, "migrate", "--noinput", "-v0")
    _hientai(
        env,
        "shell",
        "-c",
        "from hientai.accounts.models import User;"
        "User.objects.create_superuser('importer', password='serve-test-2026')",
    )
    source = write_csv(tmp_path / "ba-nguoi.csv", people(3, units=[UNIT_A]))
    job_id = _hientai(env, "jobs", "submit", "import_people", str(source), "--as", "importer")
    job_id = job_id.split()[-1]
    port = _free_port()
    log = open(tmp_path / "serve.log", "w")  # noqa: SIM115 - closed below
    serve = subprocess.Popen(
        [sys.executable, "-m", "hientai", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        status = ""
        while time.monotonic() < deadline and status != "succeeded":
            assert serve.poll() is None, (tmp_path / "serve.log").read_text()
            time.sleep(0.5)
            shown = _hientai(env, "jobs", "show", job_id).split("\t")
            status = shown[2]
        assert status == "succeeded", (tmp_path / "serve.log").read_text()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=10) as page:
            assert page.status == 200
        children = _children(serve.pid)
        assert len(children) == 2  # granian and the worker
    finally:
        serve.send_signal(signal.SIGTERM)
        code = serve.wait(60)
        log.close()
    assert code == 0 or code == -signal.SIGTERM or code == 128 + signal.SIGTERM
    for pid in children:
        # Reaped by serve: gone from the process table.
        assert not Path(f"/proc/{pid}").exists(), f"process {pid} outlived serve"
    result = _hientai(
        env,
        "shell",
        "-c",
        "import json; from hientai.jobs.models import Job;"
        f"print(json.dumps(Job.objects.get(pk={job_id}).result))",
    )
    assert json.loads(result.strip().splitlines()[-1])["created"] == 3
