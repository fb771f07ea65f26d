"""Import/export API: submit an import (multipart), follow a job. Scoped like the web:
out-of-scope jobs answer 404, read-only roles may not import."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import OperationalError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from hientai.accounts.http import AuthenticatedHttpRequest
from hientai.accounts.scoping import editable, get_visible_or_404, scope_for
from hientai.exchange.forms import IMPORT_EXTENSIONS
from hientai.exchange.tasks import IMPORT, readable_result
from hientai.jobs import services
from hientai.jobs.models import Job
from hientai.orgs.models import Unit

router = Router(tags=["exchange"])


class JobOut(Schema):
    id: int
    kind: str
    status: str
    phase: str
    done: int
    total: int | None
    percent: int | None
    message: str
    unit: str | None
    file_name: str
    params: dict[str, Any]
    result: dict[str, Any]
    files: list[str]
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    attempts: int


def _job_out(job: Job, user: Any) -> dict[str, Any]:
    readable = services.may_read_files(job, user)
    progress = services.current_progress(job)
    return {
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "phase": progress["phase"],
        "done": progress["done"],
        "total": progress["total"],
        "percent": progress["percent"],
        "message": job.message,
        "unit": job.unit.code if job.unit else None,
        "file_name": job.input_name,
        "params": {k: v for k, v in job.params.items() if k != "language"},
        "result": readable_result(job, readable),
        "files": sorted(job.files or {}) if readable else [],
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "attempts": job.attempts,
    }


@router.get("/jobs/{job_id}", response=JobOut)
def job_status(request: HttpRequest, job_id: int) -> dict[str, Any]:
    job = get_visible_or_404(Job.objects.select_related("unit"), request.user, pk=job_id)
    return _job_out(job, request.user)


@router.post("/imports", response={202: JobOut})
def submit_import(
    request: AuthenticatedHttpRequest,  # the API authenticates every call
    file: UploadedFile = File(...),  # noqa: B008 - how ninja declares a file part
    unit: str = Form(""),
    dry_run: bool = Form(True),
    encoding: str = Form(""),
    valid_only: bool = Form(False),
) -> tuple[int, dict[str, Any]]:
    """Queue an import (a dry run unless dry_run=false); poll GET /jobs/{id}. With
    valid_only=true a commit writes the rows without error and the rejected ones become
    the job file "rejected" (the file's layout plus a "Lỗi" column)."""
    scope = scope_for(request.user)
    if not scope.can_write:
        raise HttpError(403, _("Your role may not import profiles."))
    name = file.name or "upload"
    if not name.lower().endswith(IMPORT_EXTENSIONS):
        raise HttpError(
            400, _("Unsupported file type: choose an Excel, OpenDocument, CSV or JSON file.")
        )
    target = None
    if unit:
        target = editable(Unit.objects.current().filter(code=unit), request.user).first()
        if target is None:
            raise HttpError(404, _("Unknown unit '%(code)s'.") % {"code": unit})
    elif not scope.city_wide:
        raise HttpError(400, _("Choose the unit of the file."))
    try:
        job = services.submit(
            IMPORT,
            user=request.user,
            unit=target,
            params={"dry_run": dry_run, "encoding": encoding, "valid_only": valid_only},
            input_file=file,
            input_name=name,
        )
    except OperationalError as error:
        message = _("The database is busy with another import. Please try again in a moment.")
        raise HttpError(503, message) from error
    return 202, _job_out(job, request.user)
