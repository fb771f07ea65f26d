"""Import/export screens: upload a file (dry run, then commit), follow the job live,
download its reports; the template; exports. Thin: jobs.services does the work."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hientai.accounts.http import staff_only
from hientai.accounts.scoping import can_edit, get_visible_or_404, scope_for, visible
from hientai.exchange.forms import ExportForm, ImportForm
from hientai.exchange.tasks import EXPORT, IMPORT, readable_result
from hientai.jobs import services
from hientai.jobs.models import Job, JobStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hientai.accounts.http import AuthenticatedHttpRequest
    from hientai.accounts.models import User

JOBS_SHOWN = 50
FILE_CHANNEL = "job_file"  # the access log's channel for a downloaded job file


def phase_label(phase: str) -> str:
    labels = {
        "import": _("Reading, checking and writing the rows"),
        "index": _("Updating search and data quality"),
        "export": _("Writing the export file"),
        "read": _("Reading the file"),
        "write": _("Writing to the registry"),
    }
    return labels.get(phase, phase)


def _busy_message() -> str:
    return _("The database is busy with another import. Please try again in a moment.")


def _submit(request: AuthenticatedHttpRequest, form: Any, kind: str, **kwargs: Any) -> Job | None:
    """Queue a job; SQLite's single write lock may be held by a running import."""
    try:
        return services.submit(kind, user=request.user, **kwargs)
    except OperationalError:
        form.add_error(None, _busy_message())
    except services.JobError as error:
        form.add_error(None, str(error))
    return None


def can_commit(job: Job, user: User | AnonymousUser | None) -> bool:
    """A clean dry run of an import may be committed by someone who may change its unit."""
    result = job.result or {}
    return (
        job.kind == IMPORT
        and job.status == JobStatus.SUCCEEDED
        and bool(result.get("dry_run"))
        and not result.get("errors")
        and not result.get("rejected")
        and scope_for(user).can_write
        and can_edit(job, user)
    )


def can_commit_valid(job: Job, user: User | AnonymousUser | None) -> bool:
    """A dry run with rejected rows and valid ones: the valid rows may be committed alone
    (the rejected ones come back as a file to fix and import again)."""
    result = job.result or {}
    rejected = result.get("rejected") or 0
    return (
        job.kind == IMPORT
        and job.status == JobStatus.SUCCEEDED
        and bool(result.get("dry_run"))
        and rejected > 0
        and (result.get("rows") or 0) > rejected
        and scope_for(user).can_write
        and can_edit(job, user)
    )


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    staff_only(request)
    writer = scope_for(request.user).can_write
    import_form = ImportForm(user=request.user, prefix="import") if writer else None
    export_form = ExportForm(user=request.user, prefix="export")
    if request.method == "POST":
        if "import-file" in request.FILES or request.POST.get("action") == "import":
            if not writer:
                raise PermissionDenied
            import_form = ImportForm(
                request.POST, request.FILES, user=request.user, prefix="import"
            )
            if import_form.is_valid():
                data = import_form.cleaned_data
                upload = data["file"]
                job = _submit(
                    request,
                    import_form,
                    IMPORT,
                    unit=data["unit"],
                    params={"dry_run": bool(data["dry_run"]), "encoding": data["encoding"]},
                    input_file=upload,
                    input_name=upload.name,
                )
                if job is not None:
                    return redirect("exchange:job", pk=job.pk)
        else:
            export_form = ExportForm(request.POST, user=request.user, prefix="export")
            if export_form.is_valid():
                data = export_form.cleaned_data
                job = _submit(
                    request,
                    export_form,
                    EXPORT,
                    unit=data["unit"],
                    params={"format": data["format"]},
                )
                if job is not None:
                    return redirect("exchange:job", pk=job.pk)
    jobs = visible(Job.objects.filter(user=request.user), request.user).select_related("unit")
    context = {
        "import_form": import_form,
        "export_form": export_form,
        "jobs": jobs[:10],
    }
    return render(request, "exchange/home.html", context)


@login_required
def job_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    staff_only(request)
    jobs = visible(Job.objects.filter(user=request.user), request.user).select_related("unit")
    return render(request, "exchange/job_list.html", {"jobs": jobs[:JOBS_SHOWN]})


def _job_context(job: Job, user: User | AnonymousUser | None) -> dict[str, Any]:
    progress = services.current_progress(job)
    progress["label"] = phase_label(progress["phase"])
    readable = services.may_read_files(job, user)
    return {
        "job": job,
        "progress": progress,
        "result": readable_result(job, readable),
        "can_read_files": readable,
        "can_commit": can_commit(job, user),
        "can_commit_valid": can_commit_valid(job, user),
        "is_import": job.kind == IMPORT,
    }


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    job = get_visible_or_404(Job.objects.select_related("unit", "user"), request.user, pk=pk)
    template = "exchange/_job_status.html" if request.headers.get("HX-Request") else None
    context = _job_context(job, request.user)
    return render(request, template or "exchange/job_detail.html", context)


@login_required
def job_download(request: HttpRequest, pk: int, key: str) -> FileResponse:
    """A job file, for those who may read it (`jobs.services.may_read_files`; anyone
    else: 404, as for a missing file); each download of personal data is logged."""
    staff_only(request)
    job = get_visible_or_404(Job.objects.all(), request.user, pk=pk)
    if not services.may_read_files(job, request.user):
        raise Http404
    relative = (job.files or {}).get(key)
    if not relative:
        raise Http404
    path = services.job_file(job, relative)
    if not path.is_file():
        raise Http404
    log_file_download(job, key, request.user)
    stem = (job.input_name.rsplit(".", 1)[0] or "nhap") if job.input_name else f"viec-{job.pk}"
    names = {
        "report_xlsx": f"bao-cao-{stem}.xlsx",
        "report_json": f"bao-cao-{stem}.json",
        "rejected": f"{stem}-loi{path.suffix}",
    }
    response = FileResponse(path.open("rb"), as_attachment=True, filename=names.get(key, path.name))
    response["Cache-Control"] = "no-store"
    return response


def log_file_download(job: Job, key: str, user: Any) -> int:
    """One access-log row per person whose personal data the file holds (noted by the job
    with `services.record_people`), in one transaction, before the file is served.
    Returns how many were written."""
    people = services.people_in_file(job, key)
    if not people:
        return 0
    from hientai.registry.models import Person
    from hientai.registry.privacy import log_access

    ids = [pid for pid, _fields in people]
    existing: set[int] = set()
    with transaction.atomic():
        for start in range(0, len(ids), 10_000):
            chunk = ids[start : start + 10_000]
            existing.update(Person.objects.filter(pk__in=chunk).values_list("pk", flat=True))
        for pid, fields in people:
            if pid in existing:  # a person deleted since: nothing of theirs to log against
                log_access(Person(pk=pid), user, fields, channel=FILE_CHANNEL)
    return len(existing)


@login_required
@require_POST
def job_commit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Run the same stored file again, this time writing: all of it (after a clean dry
    run), or only its valid rows (`mode=valid`: the rejected ones come back as a file)."""
    staff_only(request)
    job = get_visible_or_404(Job.objects.select_related("unit"), request.user, pk=pk)
    valid_only = request.POST.get("mode") == "valid"
    allowed = can_commit_valid(job, request.user) if valid_only else can_commit(job, request.user)
    if not allowed:
        raise PermissionDenied
    try:
        commit = services.resubmit(
            job, user=request.user, params={"dry_run": False, "valid_only": valid_only}
        )
    except OperationalError:
        messages.error(request, _busy_message())
        return redirect("exchange:job", pk=job.pk)
    except services.JobError as error:  # e.g. the stored file was pruned
        messages.error(request, str(error))
        return redirect("exchange:job", pk=job.pk)
    return redirect("exchange:job", pk=commit.pk)


@login_required
@require_POST
def job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    job = get_visible_or_404(Job.objects.all(), request.user, pk=pk)
    if job.user_id != request.user.pk and not can_edit(job, request.user):
        raise PermissionDenied
    if not services.cancel(job):
        messages.error(request, _("Only a job still waiting in the queue can be cancelled."))
    return redirect("exchange:job", pk=job.pk)


@login_required
def template_download(request: HttpRequest) -> FileResponse:
    staff_only(request)
    from hientai.exchange.template import build_template

    buffer = io.BytesIO()
    build_template(buffer)
    buffer.seek(0)
    return FileResponse(buffer, as_attachment=True, filename="mau-nhap-nhan-su.xlsx")
