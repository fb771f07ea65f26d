"""Submit → run → succeeded/failed, with the immediate task backend (in this process)."""

import io
import json

import pytest
from django.utils import translation

from hientai.jobs import services
from hientai.jobs.models import Job, JobStatus
from hientai.registry.models import Person

pytestmark = pytest.mark.django_db


def test_submit_runs_the_handler_and_records_success(officer_a, immediate):
    job = services.submit(
        "test_echo",
        user=officer_a,
        params={"dry_run": True},
        input_file=io.BytesIO(b"a,b\n1,2\n"),
        input_name="../../etc/danh sách.csv",
    )
    assert job.status == JobStatus.SUCCEEDED
    assert job.result["size"] == 8
    assert job.result["params"]["dry_run"] is True
    assert job.attempts == 1
    assert job.started_at and job.finished_at and job.task_result_id
    assert (job.progress_done, job.progress_total) == (8, 8)
    # The stored file stays inside the job's own folder whatever the upload was called.
    stored = services.input_path(job)
    assert stored.read_bytes() == b"a,b\n1,2\n"
    assert stored.is_relative_to(services.job_dir(job))
    assert job.input_name == "../../etc/danh sách.csv"
    # The progress file is gone once the job is finished; the row has the final state.
    assert not services.progress_file(job.pk).exists()


def test_handler_writing_in_a_transaction(officer_a, immediate):
    job = services.submit("test_load", user=officer_a, params={"count": 2500})
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.result == {"created": 2500}
    assert Person.objects.count() == 2500
    assert (job.progress_done, job.progress_total, job.phase) == (2500, 2500, "write")


def test_expected_error_reaches_the_user_as_is(officer_a, immediate):
    job = services.submit("test_fail_expected", user=officer_a)
    assert job.status == JobStatus.FAILED
    assert job.message == "Tệp không hợp lệ: thiếu dòng tiêu đề."
    assert job.finished_at is not None


def test_unexpected_error_fails_the_job_with_a_translated_message(officer_a, immediate):
    with translation.override("vi"):
        job = services.submit("test_fail_unexpected", user=officer_a)
        expected = translation.gettext(
            "The job stopped on an unexpected error (%(error)s). Nothing was saved."
        ) % {"error": "KeyError: 'boom'"}
    assert job.status == JobStatus.FAILED
    assert job.message == expected
    assert job.params["language"] == "vi"


def test_unknown_kind_is_refused_before_anything_is_stored(officer_a, immediate):
    with pytest.raises(services.JobError):
        services.submit("no_such_kind", user=officer_a)
    assert not Job.objects.exists()


def test_queued_job_waits_for_a_worker_and_can_be_cancelled(officer_a):
    # The database backend (settings): the task row waits for `hientai worker`.
    from django_tasks_db.models import DBTaskResult

    job = services.submit("test_echo", user=officer_a)
    assert job.status == JobStatus.QUEUED
    task = DBTaskResult.objects.get(pk=job.task_result_id)
    assert task.status == "READY"
    assert task.args_kwargs == {"args": [job.pk], "kwargs": {}}
    assert services.cancel(job) is True
    assert job.status == JobStatus.CANCELLED
    # The worker then finds nothing to do for it.
    assert services.run(job.pk) == JobStatus.CANCELLED


def test_resubmit_reuses_the_stored_file(officer_a, immediate):
    first = services.submit(
        "test_echo", user=officer_a, params={"dry_run": True}, input_file=io.BytesIO(b"xyz")
    )
    second = services.resubmit(first, user=officer_a, params={"dry_run": False})
    assert second.pk != first.pk
    assert second.result["size"] == 3
    assert second.result["params"]["dry_run"] is False
    assert services.input_path(second) != services.input_path(first)


def test_current_progress_prefers_the_fresher_file(officer_a):
    job = services.submit("test_echo", user=officer_a)
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress_done=10)
    job.refresh_from_db()
    services.progress_file(job.pk).parent.mkdir(parents=True, exist_ok=True)
    services.progress_file(job.pk).write_text(
        json.dumps({"done": 400, "total": 1000, "phase": "write", "heartbeat": 0})
    )
    assert services.current_progress(job) == {
        "done": 400,
        "total": 1000,
        "phase": "write",
        "percent": 40,
    }
