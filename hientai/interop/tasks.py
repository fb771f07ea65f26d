"""The "interop_push" job kind: one push to one endpoint, run by the background worker
(the "push now" button), and the daily push of every active endpoint."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from hientai.jobs.models import Job
from hientai.jobs.services import JobError, ProgressFn

PUSH = "interop_push"


def push_job(job: Job, progress: ProgressFn) -> dict[str, Any]:
    from hientai.interop import services
    from hientai.interop.models import Endpoint

    endpoint = Endpoint.objects.filter(pk=job.params.get("endpoint")).first()
    if endpoint is None:
        raise JobError(_("The endpoint no longer exists."))
    progress(0, 1, "push")
    run = services.push(endpoint, user=job.user)
    progress(1, 1, "done")
    return {
        "push": run.pk,
        "status": run.status,
        "sent": run.sent,
        "accepted": run.accepted,
        "rejected": run.rejected,
        "unanswered": run.unanswered,
        "withheld": run.withheld,
    }


def daily_push() -> None:
    from hientai.interop import services

    services.push_all()


def register() -> None:
    from hientai.jobs.services import register_daily, register_kind

    register_kind(PUSH, push_job)
    register_daily("interop_push", daily_push)
