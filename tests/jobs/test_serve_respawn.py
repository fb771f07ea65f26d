"""`hientai serve` keeps serving when a web worker dies (killed for memory, a crash):
granian respawns it, and serve restarts granian itself if it exits."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.jobs.test_serve import ROOT, _children, _free_port, _hientai


def _get(port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=10) as page:
        return page.status


def _wait_up(port: int, serve: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert serve.poll() is None, log.read_text()
        try:
            if _get(port) == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(log.read_text())


def test_a_killed_web_worker_and_a_killed_server_are_replaced(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "JOBS_DIR"}}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        HIENTAI_VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "static"),
        PYTHONPATH=str(ROOT),
    )
    _hientai(env, "migrate", "--noinput", "-v0")
    port = _free_port()
    log_path = tmp_path / "serve.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    serve = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hientai",
            "serve",
            "--port",
            str(port),
            "--workers",
            "1",
            "--no-worker",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_up(port, serve, log_path)
        (granian,) = _children(serve.pid)
        (web_worker,) = _children(granian)
        os.kill(web_worker, signal.SIGKILL)  # what the kernel's OOM killer does
        time.sleep(1)
        _wait_up(port, serve, log_path)
        assert _children(granian) and _children(granian) != [web_worker]
        os.kill(granian, signal.SIGKILL)  # the whole server dies
        time.sleep(1)
        _wait_up(port, serve, log_path)
        assert _children(serve.pid) != [granian]
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(60)
        log.close()
    text = log_path.read_text()
    assert "web server exited" in text
    assert "respawn" in text.lower()
