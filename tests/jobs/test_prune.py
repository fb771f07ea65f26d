"""Housekeeping: the files of old finished jobs are deleted, their rows kept."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone, translation

from hientai.jobs import services
from hientai.jobs.models import Job

pytestmark = pytest.mark.django_db


def _finished_job(user, days_ago: int) -> Job:
    job = services.submit(
        "test_echo",
        user=user,
        params={"dry_run": True},
        input_file=io.BytesIO(b"a,b\n1,2\n"),
        input_name="danh-sach.csv",
    )
    job.refresh_from_db()
    Job.objects.filter(pk=job.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    job.refresh_from_db()
    return job


def test_prune_deletes_old_files_and_keeps_recent_ones(officer_a, immediate):
    old, recent = _finished_job(officer_a, 40), _finished_job(officer_a, 2)
    assert services.job_dir(old).exists() and services.job_dir(recent).exists()
    assert services.prune_files(older_than_days=30) == 1
    old.refresh_from_db()
    assert not services.job_dir(old).exists()
    assert old.input_path == "" and old.files == {} and old.status == "succeeded"
    assert services.input_path(recent).is_file()
    assert services.prune_files(older_than_days=30) == 0  # nothing left to prune


def test_a_pruned_job_cannot_be_run_again(officer_a, immediate):
    job = _finished_job(officer_a, 40)
    services.prune_files(older_than_days=30)
    job.refresh_from_db()
    with translation.override("vi"), pytest.raises(services.JobError, match="đã bị xoá"):
        services.resubmit(job, user=officer_a, params={"dry_run": False})
    assert Job.objects.count() == 1


def test_prune_command(officer_a, immediate):
    _finished_job(officer_a, 40)
    out = io.StringIO()
    call_command("jobs", "prune", "--older-than", "30", stdout=out)
    assert "1" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("jobs", "prune", "--older-than", "-1")
