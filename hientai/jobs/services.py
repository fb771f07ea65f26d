"""Background jobs: submit, run, report progress, recover from dead workers.

A job kind is a handler `handler(job, progress) -> dict` registered with
`register_kind`; `submit` stores the input file under the jobs folder, creates the
`Job` row and enqueues the django-tasks-db task `run_job(job_id)`; a worker
(`hientai worker`, started by `hientai serve`) runs it.

Progress channel. On SQLite an import holds the only write lock for its whole write
phase (one transaction, so a killed worker leaves nothing). Progress written to the
database from inside that transaction would be invisible to the web server until the
commit, and from another connection it would wait for the lock. So every progress
report (and a heartbeat every few seconds) goes to a small JSON file
`<jobs folder>/<id>/progress.json`, replaced atomically; the database row is updated
too whenever the worker's connection is not inside a transaction (reading,
validating). `current_progress(job)` merges both for the status page.

Recovery. The worker records its pid and host on the row. A job still RUNNING whose
worker process is gone (pid not alive on this host) or whose heartbeat is older than
`JOBS_STALE_AFTER` seconds is an orphan: its transaction died with the process, so it
is safe to run again. `recover_orphans()` (run by `hientai worker` on start) puts it
back in the queue, or fails it after `JOBS_MAX_ATTEMPTS` starts.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import shutil
import socket
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection
from django.db.models import F
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from hientai.core.db import is_locked, retry_when_locked
from hientai.jobs.models import Job, JobStatus

if TYPE_CHECKING:
    from hientai.accounts.models import User

logger = logging.getLogger(__name__)

ProgressFn = Callable[[int, int | None, str], None]
Handler = Callable[[Job, ProgressFn], dict]

HEARTBEAT_EVERY = 2.0  # seconds between heartbeats of a running job
_FILE_EVERY = 0.25  # at most this often a progress file write (unless the phase changes)
_DB_EVERY = 1.0  # at most this often a progress write to the database
BUSY_WAIT = 3600.0  # how long the worker waits for a busy database to write a job's row

_handlers: dict[str, Handler] = {}
_expected_errors: list[type[Exception]] = []  # filled by register_kind(expected=...)


class JobError(Exception):
    """A failure whose message (already translated) is meant for the user as is."""


# ---------------------------------------------------------------- settings


def jobs_dir() -> Path:
    return Path(getattr(settings, "JOBS_DIR", Path(settings.VAR_DIR) / "jobs"))


def retention_days() -> int:
    """Days a finished job's files are kept (settings.JOBS_RETENTION_DAYS, default 30)."""
    return int(getattr(settings, "JOBS_RETENTION_DAYS", 30))


# Job files hold personal data (uploaded lists, exports, reports with the raw values):
# readable by the service's account only, whatever the umask.
FILE_MODE = 0o600
DIR_MODE = 0o700


def _private_dir(folder: Path) -> Path:
    """`folder` made if missing; it and its parents up to the jobs folder get mode 0700."""
    root = jobs_dir()
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    path = folder
    while path.is_relative_to(root):
        if stat.S_IMODE(path.stat().st_mode) != DIR_MODE:
            os.chmod(path, DIR_MODE)  # parents made by mkdir(parents=True) got the umask's
        if path == root:
            break
        path = path.parent
    return folder


def _private_file(path: Path) -> None:
    os.chmod(path, FILE_MODE)


def max_attempts() -> int:
    return int(getattr(settings, "JOBS_MAX_ATTEMPTS", 3))


def stale_after() -> float:
    return float(getattr(settings, "JOBS_STALE_AFTER", 60))


def job_dir(job: Job) -> Path:
    return jobs_dir() / str(job.pk)


def job_file(job: Job, relative: str) -> Path:
    """Absolute path of a file recorded on the job (input or output)."""
    path = (jobs_dir() / relative).resolve()
    if not path.is_relative_to(jobs_dir().resolve()):
        raise ValueError(f"{relative!r} is outside the jobs folder")
    return path


def input_path(job: Job) -> Path:
    return job_file(job, job.input_path)


def output_path(job: Job, name: str) -> Path:
    """Where a handler writes an output file (then records it with `add_file`)."""
    return _private_dir(job_dir(job)) / name


def add_file(job: Job, key: str, path: Path) -> None:
    """Record an output file written by a handler (saved with the job's result); it is
    made readable by the service's account only."""
    _private_file(path)
    job.files[key] = str(path.resolve().relative_to(jobs_dir().resolve()))


# ---------------------------------------------------------------- kinds and submit


def register_kind(kind: str, handler: Handler, expected: tuple[type[Exception], ...] = ()) -> None:
    """`expected`: the kind's own error types, whose message the user reads as it is
    (e.g. the importer's refusal of a file) instead of "an unexpected error"."""
    _handlers[kind] = handler
    for error in expected:
        if error not in _expected_errors:
            _expected_errors.append(error)


def kinds() -> list[str]:
    return sorted(_handlers)


def submit(
    kind: str,
    *,
    user: User,
    unit: Any = None,
    params: dict | None = None,
    input_file: Path | IO[bytes] | None = None,
    input_name: str | None = None,
) -> Job:
    """Create a job and enqueue it. `input_file` is a path (copied), an uploaded file or
    any binary file object (streamed to disk). Returns the job, refreshed (with the
    immediate task backend it has already run)."""
    if kind not in _handlers:
        raise JobError(_("Unknown job kind: %(kind)s.") % {"kind": kind})
    params = dict(params or {})
    params.setdefault("language", translation.get_language() or settings.LANGUAGE_CODE)
    if input_name is None and input_file is not None:
        input_name = Path(str(getattr(input_file, "name", "") or "input")).name
    job = Job.objects.create(
        kind=kind, user=user, unit=unit, params=params, input_name=input_name or ""
    )
    if input_file is not None:
        try:
            stored = _store_input(job, input_file, input_name or "input")
        except BaseException:
            job.delete()
            shutil.rmtree(job_dir(job), ignore_errors=True)
            raise
        job.input_path = str(stored.relative_to(jobs_dir()))
        Job.objects.filter(pk=job.pk).update(input_path=job.input_path)
    _enqueue(job)
    job.refresh_from_db()
    return job


def resubmit(job: Job, *, user: User, params: dict | None = None) -> Job:
    """A new job of the same kind on the same stored input (e.g. commit after a dry run)."""
    if job.input_name and not job.input_path:
        raise JobError(_("The file of this job has been deleted; upload it again."))
    source = input_path(job) if job.input_path else None
    return submit(
        job.kind,
        user=user,
        unit=job.unit,
        params={**job.params, **(params or {})},
        input_file=source,
        input_name=job.input_name,
    )


def cancel(job: Job) -> bool:
    """Cancel a job that has not started yet; a running job is left to finish."""
    changed = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(
        status=JobStatus.CANCELLED, finished_at=timezone.now(), message=_("Cancelled.")
    )
    job.refresh_from_db()
    return bool(changed)


def _store_input(job: Job, source: Path | IO[bytes], name: str) -> Path:
    folder = _private_dir(job_dir(job) / "input")
    target = folder / (get_valid_filename(Path(name).name) or "input")
    if isinstance(source, (str, Path)):
        source = Path(source)
        # Another job's stored input (a commit after its dry run): a hard link, no copy of
        # a 200 MB file. A file from elsewhere is copied: a link would share its mode.
        linked = False
        if source.resolve().is_relative_to(jobs_dir().resolve()):
            try:
                os.link(source, target)
                linked = True
            except OSError:
                pass
        if not linked:
            shutil.copyfile(source, target)
        _private_file(target)
        return target
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with open(fd, "wb") as out:
        if hasattr(source, "chunks"):
            for chunk in source.chunks():
                out.write(chunk)
        else:
            if hasattr(source, "seek"):
                source.seek(0)
            shutil.copyfileobj(source, out, 1024 * 1024)
    return target


def _enqueue(job: Job) -> None:
    from hientai.jobs.tasks import run_job

    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))


# ---------------------------------------------------------------- progress channel


def progress_file(job_id: int) -> Path:
    return jobs_dir() / str(job_id) / "progress.json"


def _write_json_atomically(path: Path, data: dict) -> None:
    _private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with open(fd, "w") as out:
        out.write(json.dumps(data))
    os.replace(tmp, path)  # readers see the old or the new file, never half of one


def read_progress_file(job_id: int) -> dict | None:
    try:
        return json.loads(progress_file(job_id).read_text())
    except (OSError, ValueError):
        return None


class Progress:
    """The progress callback handed to a handler, plus the heartbeat of the running job."""

    def __init__(self, job: Job):
        self.job = job
        self.done = 0
        self.total: int | None = None
        self.phase = ""
        self._lock = threading.Lock()
        self._file_at = 0.0
        self._db_at = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._db_beat = False

    def __call__(self, done: int, total: int | None, phase: str) -> None:
        new_phase = phase != self.phase
        self.done, self.total, self.phase = int(done), total, phase
        now = time.monotonic()
        if new_phase or now - self._file_at >= _FILE_EVERY:
            self._file_at = now
            self.write_file()
        # Inside a transaction the row would only show after the commit (and another
        # connection would wait for SQLite's write lock): the file carries it meanwhile.
        if not connection.in_atomic_block and (new_phase or now - self._db_at >= _DB_EVERY):
            self._db_at = now
            try:
                Job.objects.filter(pk=self.job.pk).update(
                    progress_done=self.done,
                    progress_total=self.total,
                    phase=self.phase[:64],
                    heartbeat_at=timezone.now(),
                )
            except OperationalError as error:  # busy: the file carries it meanwhile
                if not is_locked(error):
                    raise

    def write_file(self) -> None:
        with self._lock:
            _write_json_atomically(
                progress_file(self.job.pk),
                {
                    "done": self.done,
                    "total": self.total,
                    "phase": self.phase,
                    "pid": os.getpid(),
                    "host": socket.gethostname(),
                    "heartbeat": time.time(),
                },
            )

    def start_heartbeat(self) -> None:
        # On PostgreSQL the row can take the heartbeat too (row locks, no database-wide
        # write lock), so workers on other hosts without the shared folder see it. Not
        # when the job runs inside a caller's transaction (tests, the immediate backend):
        # the row may be locked by that transaction.
        self._db_beat = connection.vendor != "sqlite" and not connection.in_atomic_block
        self.write_file()
        self._thread = threading.Thread(
            target=self._beat, name=f"job-{self.job.pk}-heartbeat", daemon=True
        )
        self._thread.start()

    def stop_heartbeat(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _beat(self) -> None:
        from django.db import DatabaseError, connections

        try:
            while not self._stop.wait(HEARTBEAT_EVERY):
                try:
                    self.write_file()
                    if self._db_beat:
                        Job.objects.filter(pk=self.job.pk).update(heartbeat_at=timezone.now())
                except (OSError, DatabaseError):  # a full disk must not kill the job
                    logger.warning("cannot write the heartbeat of job %s", self.job.pk)
        finally:
            connections.close_all()  # this thread's own connections


def current_progress(job: Job) -> dict:
    """Done, total, phase and percent of a job for the status page: the file while it
    runs (fresher than the row during a write phase), else the row."""
    done, total, phase = job.progress_done, job.progress_total, job.phase
    if job.status == JobStatus.RUNNING:
        data = read_progress_file(job.pk)
        if data and int(data.get("done") or 0) >= done:
            done, total = int(data.get("done") or 0), data.get("total")
            phase = data.get("phase") or ""
    percent = None
    if total:
        percent = max(0, min(100, round(100 * done / total)))
    if job.status == JobStatus.SUCCEEDED:
        percent = 100
    return {"done": done, "total": total, "phase": phase or "", "percent": percent}


# ---------------------------------------------------------------- running


def run(job_id: int, task_result_id: str = "") -> str:
    """Run one job (called by the task in the worker). Returns its final status."""
    now = timezone.now()
    # A busy database (an import in another process) makes the worker wait, not fail.
    claimed = _when_free(
        lambda: Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING,
            started_at=now,
            heartbeat_at=now,
            finished_at=None,
            attempts=F("attempts") + 1,
            worker_pid=os.getpid(),
            worker_host=socket.gethostname(),
            progress_done=0,
            progress_total=None,
            phase="",
            **({"task_result_id": task_result_id} if task_result_id else {}),
        )
    )
    job = Job.objects.filter(pk=job_id).first()
    if not claimed or job is None:
        # Cancelled, already run (a duplicate task), or deleted.
        return job.status if job else "missing"
    progress = Progress(job)
    progress.start_heartbeat()
    status, message, result = JobStatus.FAILED, "", {}
    try:
        with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
            handler = _handlers.get(job.kind)
            try:
                if handler is None:
                    raise JobError(_("Unknown job kind: %(kind)s.") % {"kind": job.kind})
                result = handler(job, progress) or {}
                status = JobStatus.SUCCEEDED
            except Exception as error:  # the job fails, the worker goes on
                message = user_message(error)
                if not _expected(error):
                    logger.exception("job %s (%s) failed", job.pk, job.kind)
    finally:
        # BaseException (the worker told to stop at once) leaves the row RUNNING:
        # recover_orphans() finds it when a worker starts again.
        progress.stop_heartbeat()
    if not isinstance(result, dict):
        result = {"value": result}
    done = progress.done
    if status == JobStatus.SUCCEEDED and progress.total:
        done = progress.total
    message = message or str(result.pop("message", ""))
    _when_free(
        lambda: Job.objects.filter(pk=job.pk).update(
            status=status,
            message=message,
            result=result,
            files=job.files,
            finished_at=timezone.now(),
            heartbeat_at=timezone.now(),
            progress_done=done,
            progress_total=progress.total,
            phase=progress.phase[:64],
        )
    )
    progress_file(job.pk).unlink(missing_ok=True)
    return status


def _when_free(action: Callable[[], Any]) -> Any:
    """`action` now, or once the database is free again (inside a caller's transaction,
    as in tests and the immediate backend, at once: a retry there cannot help)."""
    if connection.in_atomic_block:
        return action()
    return retry_when_locked(action, wait=BUSY_WAIT, what="job row")


def _expected(error: Exception) -> bool:
    return isinstance(error, (JobError, ValidationError, *_expected_errors))


def user_message(error: Exception) -> str:
    """What the user reads when a job fails: our own messages as they are, anything
    else as a short translated sentence naming the error."""
    if isinstance(error, ValidationError):
        return " ".join(str(message) for message in error.messages)
    if _expected(error):
        return str(error)
    return _("The job stopped on an unexpected error (%(error)s). Nothing was saved.") % {
        "error": f"{type(error).__name__}: {error}"[:300]
    }


# ---------------------------------------------------------------- recovery


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed child not yet reaped by its parent is a zombie: gone all the same
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def worker_gone(job: Job, now: float | None = None) -> bool:
    """Whether the worker that claimed a RUNNING job can no longer be running it."""
    here = job.worker_host == socket.gethostname()
    if job.worker_pid and here and not _pid_alive(job.worker_pid):
        return True
    beats = [job.heartbeat_at.timestamp()] if job.heartbeat_at else []
    data = read_progress_file(job.pk)
    if data and data.get("heartbeat"):
        beats.append(float(data["heartbeat"]))
    last = max(beats, default=0.0)
    return (now or time.time()) - last > stale_after()


def recover_orphans() -> list[Job]:
    """Requeue RUNNING jobs whose worker died (their transaction died with it); fail
    them after `JOBS_MAX_ATTEMPTS` starts. Returns the jobs it changed."""
    from django_tasks_db.models import DBTaskResult

    changed = []
    for job in Job.objects.filter(status=JobStatus.RUNNING).order_by("pk"):
        if not worker_gone(job):
            continue
        # The old task row stays RUNNING forever otherwise (django-tasks-db only
        # claims READY rows): mark it failed so the queue's own view is truthful.
        if job.task_result_id:
            DBTaskResult.objects.filter(pk=job.task_result_id, status="RUNNING").update(
                status="FAILED",
                finished_at=timezone.now(),
                exception_class_path="hientai.jobs.WorkerLost",
                traceback="The worker running this task stopped.",
            )
        with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
            if job.attempts >= max_attempts():
                message = _(
                    "The worker stopped %(count)d times while running this job; it was "
                    "abandoned. Nothing of it was saved."
                ) % {"count": job.attempts}
                updated = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
                    status=JobStatus.FAILED, message=message, finished_at=timezone.now()
                )
            else:
                message = _("The worker stopped during this job; it was queued again.")
                updated = Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
                    status=JobStatus.QUEUED,
                    message=message,
                    progress_done=0,
                    progress_total=None,
                    phase="",
                    worker_pid=None,
                )
        if not updated:
            continue
        progress_file(job.pk).unlink(missing_ok=True)
        job.refresh_from_db()
        changed.append(job)
        if job.status == JobStatus.QUEUED:
            _enqueue(job)
            job.refresh_from_db()
    return changed


# ---------------------------------------------------------------- housekeeping


def prune_files(*, older_than_days: int | None = None, now: datetime.datetime | None = None) -> int:
    """Delete the files (uploaded input, reports, progress) of jobs that finished more than
    `older_than_days` days ago (default: the retention, `retention_days()`); the job rows
    stay as the record of who ran what. Returns how many jobs lost their files. Uploaded
    lists hold personal data: they should not outlive their use."""
    if older_than_days is None:
        older_than_days = retention_days()
    if older_than_days < 0:
        raise JobError(_("The age must be 0 days or more."))
    cutoff = (now or timezone.now()) - datetime.timedelta(days=older_than_days)
    finished = Job.objects.filter(finished_at__lt=cutoff).exclude(input_path="", files={})
    pruned = 0
    for job in finished.iterator():
        shutil.rmtree(job_dir(job), ignore_errors=True)  # input, outputs, progress
        job.input_path, job.files = "", {}
        job.save(update_fields=["input_path", "files"])
        pruned += 1
    return pruned


HOUSEKEEPING_EVERY = 3600.0  # seconds between two prunes in a running worker

# Daily actions that apps above register (reporting: `hientai remind`); the worker's
# housekeeping runs each once a day, the first time when it starts.
_daily: dict[str, Callable[[], Any]] = {}
_daily_done: dict[str, datetime.date] = {}


def register_daily(name: str, action: Callable[[], Any]) -> None:
    _daily[name] = action


def run_daily(today: datetime.date | None = None) -> list[str]:
    """Run each registered daily action not yet run today; returns the names run. An
    action that fails is logged and tried again at the next housekeeping tick."""
    day = today or timezone.localdate()
    ran = []
    for name, action in list(_daily.items()):
        if _daily_done.get(name) == day:
            continue
        try:
            retry_when_locked(action, wait=HOUSEKEEPING_EVERY / 2, what=name)
        except Exception:  # a daily action must never take the worker down
            logger.exception("daily action %s failed", name)
            continue
        _daily_done[name] = day
        ran.append(name)
    return ran


def start_housekeeping(every: float = HOUSEKEEPING_EVERY) -> threading.Event:
    """Prune expired job files now and then every `every` seconds, on a daemon thread of
    the worker (`hientai worker`, which `hientai serve` starts), so files expire by
    themselves. Returns the event that stops the thread."""
    stop = threading.Event()

    def loop() -> None:
        from django.db import connections

        try:
            run_daily()
            while not stop.wait(every):
                run_daily()
                try:
                    pruned = retry_when_locked(prune_files, wait=every / 2, what="prune")
                    if pruned:
                        logger.info("pruned the files of %d expired jobs", pruned)
                except Exception:  # housekeeping must never take the worker down
                    logger.exception("pruning expired job files failed")
        finally:
            connections.close_all()

    threading.Thread(target=loop, name="jobs-housekeeping", daemon=True).start()
    return stop


# ---------------------------------------------------------------- who reads job files


def may_read_files(job: Job, user: Any) -> bool:
    """Job files hold what the job's user could see, unmasked (an export) or as uploaded
    (an input and its import reports: raw ID numbers). They are readable by that user,
    by the city-wide roles (who see every profile unmasked) and, for a job of one unit
    that is not an import, by the officers who keep that unit's profiles (they see those
    unmasked too). Anyone else gets a 404, like a missing file."""
    from hientai.accounts.scoping import can_edit, scope_for

    if not getattr(user, "is_authenticated", False):
        return False
    if job.user_id == user.pk:
        return True
    scope = scope_for(user)
    if scope.city_wide:
        return True
    if job.unit_id is None or job.input_name:  # uploads may hold rows of any unit
        return False
    return bool(scope.write_paths) and can_edit(job, user)


def record_people(job: Job, key: str, people: list[tuple[int, list[str]]]) -> None:
    """Note which people (and which of their personal fields, unmasked) the output file
    `key` holds, so each download of it can be logged against them."""
    path = output_path(job, f".people-{key}.json")
    _write_json_atomically(path, {"people": people})


def people_in_file(job: Job, key: str) -> list[tuple[int, list[str]]]:
    """What `record_people` noted for the file `key` (empty when nothing was)."""
    try:
        data = json.loads((job_dir(job) / f".people-{key}.json").read_text())
    except (OSError, ValueError):
        return []
    return [(int(pid), list(fields)) for pid, fields in data.get("people", [])]
