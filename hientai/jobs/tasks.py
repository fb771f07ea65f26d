"""The one django-tasks-db task: run a Job row. Every job kind goes through it."""

from __future__ import annotations

from django.tasks import TaskContext, task


@task(takes_context=True)
def run_job(context: TaskContext, job_id: int) -> str:
    from hientai.jobs.services import run

    return run(job_id, task_result_id=str(context.task_result.id))
