"""`hientai serve`: collect static files and run the app under granian (WSGI), with the
background worker (`hientai worker`) beside it, so a fresh install needs nothing else."""

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

WORKER_GRACE = 10.0  # seconds a worker gets to finish its job on shutdown
WORKER_RESTART_PAUSE = 2.0
SERVER_RESTART_PAUSE = 2.0
# A web worker that grows past this (MiB) is replaced by granian before the kernel
# kills it; a worker that dies anyway is respawned (--respawn-failed-workers).
DEFAULT_WORKER_MAX_RSS = 2048

logger = logging.getLogger("hientai.serve")


def worker_command() -> list[str]:
    return [sys.executable, "-m", "hientai", "worker"]


def _start_worker() -> subprocess.Popen:
    # Its own process group: Ctrl+C in the terminal reaches only `serve`, which then
    # gives the worker its grace period instead of interrupting the job at once.
    return subprocess.Popen(worker_command(), process_group=0)


def _start_server(command: list[str]) -> subprocess.Popen:
    # Its own process group, so the web workers of a granian that died can be ended
    # together (they would keep the port and block the restarted server).
    return subprocess.Popen(command, process_group=0)


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)


def stop_worker(worker: subprocess.Popen | None) -> None:
    """SIGTERM lets the worker finish its current job; after the grace period a second
    SIGTERM interrupts it (its transaction rolls back and the next start requeues it)."""
    if worker is None or worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(WORKER_GRACE)
    except subprocess.TimeoutExpired:
        worker.terminate()
        try:
            worker.wait(5)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


class Command(BaseCommand):
    help = (
        "Serve hientai with granian (production-grade WSGI server); static files by "
        "whitenoise; the background worker runs beside it unless --no-worker."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=4, help="blocking threads per worker")
        parser.add_argument(
            "--max-rss",
            type=int,
            default=DEFAULT_WORKER_MAX_RSS,
            help="MiB a web worker may use before granian replaces it",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="do not start the background worker (run `hientai worker` elsewhere)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        granian = Path(sys.executable).with_name("granian")
        executable = str(granian) if granian.exists() else shutil.which("granian")
        if not executable:
            raise CommandError("granian is not installed; run `make install`.")
        command = [
            executable,
            "--interface",
            "wsgi",
            "--host",
            options["host"],
            "--port",
            str(options["port"]),
            "--workers",
            str(options["workers"]),
            "--blocking-threads",
            str(options["threads"]),
            # A web worker that dies (killed for memory, a crash) is started again and
            # granian logs why, instead of the whole server exiting with it.
            "--respawn-failed-workers",
            "--respawn-interval",
            "1",
            "--workers-max-rss",
            str(options["max_rss"]),
            "hientai.wsgi:application",
        ]
        self.stdout.write(f"hientai: http://{options['host']}:{options['port']}/")
        self.stdout.flush()
        server = _start_server(command)
        started = time.monotonic()
        quick_failures = 0
        with_worker = not options["no_worker"]
        worker = _start_worker() if with_worker else None
        stopping = False

        def stop(signum: int, _frame: Any) -> None:
            nonlocal stopping
            stopping = True
            if server.poll() is None:
                server.send_signal(signum)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while True:
                if server.poll() is not None:
                    if stopping:
                        break
                    # A server that cannot even start (port taken, bad option) is not
                    # restarted forever: five quick failures in a row end serve.
                    quick_failures = quick_failures + 1 if time.monotonic() - started < 10 else 0
                    if quick_failures >= 5:
                        break
                    # granian itself died (not only a worker): log why and start it again,
                    # so the site stays up without someone restarting it.
                    logger.error("web server exited (%s); restarting", server.returncode)
                    _kill_group(server.pid)  # its orphaned web workers still hold the port
                    time.sleep(SERVER_RESTART_PAUSE)
                    server = _start_server(command)
                    started = time.monotonic()
                    continue
                if with_worker and not stopping and worker.poll() is not None:
                    # A crashed worker is started again; on start it requeues the job
                    # it was running (rolled back with its transaction).
                    logger.error("worker exited (%s); restarting", worker.returncode)
                    time.sleep(WORKER_RESTART_PAUSE)
                    worker = _start_worker()
                time.sleep(0.5)
        finally:
            stop_worker(worker)
        sys.exit(server.wait())
