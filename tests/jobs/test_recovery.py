"""recover_orphans(): RUNNING jobs whose worker is gone go back to the queue."""

import datetime
import os
import socket
import subprocess
import sys

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hientai.jobs import services
from hientai.jobs.models import Job, JobStatus

pytestmark = pytest.mark.django_db


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _running(user, pid: int, attempts: int = 1, beat_age: float = 0) -> Job:
    job = services.submit("test_echo", user=user)
    DBTaskResult.objects.filter(pk=job.task_result_id).update(status="RUNNING")
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING,
        worker_pid=pid,
        worker_host=socket.gethostname(),
        attempts=attempts,
        progress_done=500,
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=beat_age),
    )
    job.refresh_from_db()
    return job


def test_job_of_a_dead_worker_is_queued_again(officer_a):
    job = _running(officer_a, _dead_pid())
    old_task = job.task_result_id
    recovered = services.recover_orphans()
    assert [j.pk for j in recovered] == [job.pk]
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert job.progress_done == 0
    assert job.worker_pid is None
    # A fresh task row waits for the worker; the dead one is closed.
    assert job.task_result_id != old_task
    assert DBTaskResult.objects.get(pk=job.task_result_id).status == "READY"
    assert DBTaskResult.objects.get(pk=old_task).status == "FAILED"
    # And the requeued job runs to the end.
    assert services.run(job.pk) == JobStatus.SUCCEEDED
    job.refresh_from_db()
    assert job.attempts == 2


def test_job_of_a_live_worker_is_left_alone(officer_a):
    job = _running(officer_a, os.getpid())
    assert services.recover_orphans() == []
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


def test_live_pid_with_a_stale_heartbeat_is_an_orphan(officer_a, settings):
    # Another host, or a pid reused by an unrelated process: only the heartbeat tells.
    settings.JOBS_STALE_AFTER = 30
    job = _running(officer_a, os.getpid(), beat_age=120)
    assert [j.pk for j in services.recover_orphans()] == [job.pk]


def test_fresh_heartbeat_file_keeps_a_job_of_another_host(officer_a, settings):
    settings.JOBS_STALE_AFTER = 30
    job = _running(officer_a, 1, beat_age=120)
    Job.objects.filter(pk=job.pk).update(worker_host="another-host")
    job.refresh_from_db()
    services.Progress(job).write_file()  # what the heartbeat thread does every 2 s
    assert services.recover_orphans() == []


def test_after_the_attempt_limit_the_job_fails(officer_a, settings):
    settings.JOBS_MAX_ATTEMPTS = 3
    job = _running(officer_a, _dead_pid(), attempts=3)
    services.recover_orphans()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "3" in job.message
    assert job.finished_at is not None
    assert services.run(job.pk) == JobStatus.FAILED  # never started again


def test_heartbeat_thread_keeps_the_file_fresh(officer_a, monkeypatch):
    import json
    import time

    monkeypatch.setattr(services, "HEARTBEAT_EVERY", 0.05)
    job = _running(officer_a, os.getpid(), beat_age=3600)
    progress = services.Progress(job)
    progress.start_heartbeat()
    try:
        first = json.loads(services.progress_file(job.pk).read_text())["heartbeat"]
        time.sleep(0.3)
        later = json.loads(services.progress_file(job.pk).read_text())["heartbeat"]
    finally:
        progress.stop_heartbeat()
    assert later > first
    # The row's heartbeat is an hour old, the file's is fresh: not an orphan.
    assert not services.worker_gone(job)
