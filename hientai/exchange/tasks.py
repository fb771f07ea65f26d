"""The exchange job kinds run by the background worker: "import_people" and
"export_people". Registered in ExchangeConfig.ready(); the views, the API and
`hientai jobs submit` queue them through `jobs.services.submit`."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from hientai.accounts.scoping import visible
from hientai.exchange.errors import ImportFileError
from hientai.jobs.models import Job
from hientai.jobs.services import (
    JobError,
    ProgressFn,
    add_file,
    input_path,
    output_path,
    record_people,
    register_kind,
)
from hientai.orgs.models import Unit
from hientai.registry.models import Person
from hientai.registry.privacy import SENSITIVE_FIELDS

logger = logging.getLogger(__name__)

IMPORT = "import_people"
EXPORT = "export_people"
EXPORT_FORMATS = ("xlsx", "csv", "json")
FINDINGS_SHOWN = 200  # findings kept on the job row for the page; all are in the reports
SUMMARY = (
    "file_name",
    "format",
    "encoding",
    "dry_run",
    "committed",
    "batch_id",
    "rows",
    "created",
    "updated",
    "unchanged",
    "rejected",
    "errors",
    "warnings",
    "valid_only",
    "likely_matches",
)


def import_job(job: Job, progress: ProgressFn) -> dict[str, Any]:
    """Dry run or commit of one people file; the reports (JSON and XLSX) are job files."""
    from hientai.exchange.importer import import_people

    params = job.params
    source = input_path(job)
    result = import_people(
        source,
        user=job.user,
        unit_code=job.unit.code if job.unit else (params.get("unit_code") or None),
        dry_run=bool(params.get("dry_run", True)),
        encoding=params.get("encoding") or None,
        progress=progress,
        file_name=job.input_name or source.name,
        valid_only=bool(params.get("valid_only")),
    )
    data = result.as_json()
    report_json = output_path(job, "report.json")
    report_json.write_text(json.dumps(data, ensure_ascii=False, default=str), encoding="utf-8")
    add_file(job, "report_json", report_json)
    try:
        from hientai.exchange.report import write_report_xlsx
    except ImportError:  # the XLSX report is optional for the page to work
        write_report_xlsx = None  # type: ignore[assignment]
    if write_report_xlsx is not None:
        report_xlsx = output_path(job, "report.xlsx")
        write_report_xlsx(result, source, report_xlsx)
        add_file(job, "report_xlsx", report_xlsx)
    if result.rejected and result.format != "json":
        # The rejected rows, as the officer wrote them plus a "Lỗi" column: fixed and
        # imported again (the import is idempotent).
        from hientai.exchange.rejected import extension, write_rejected

        rejected = output_path(job, f"rejected.{extension(result)}")
        try:
            write_rejected(result, source, rejected)
        except Exception:  # the check itself stands; only this file is missing
            logger.exception("writing the rejected rows of job %s failed", job.pk)
        else:
            add_file(job, "rejected", rejected)
    # The upload and its reports hold these people's data as the file gave it.
    columns = set(result.columns) or set(SENSITIVE_FIELDS)
    fields = [name for name in SENSITIVE_FIELDS if name in columns]
    held = [(pid, fields) for pid in result.person_ids]
    for key in job.files:
        record_people(job, key, held)
    summary = {key: data.get(key) for key in SUMMARY}
    summary["findings"] = data.get("findings", [])[:FINDINGS_SHOWN]
    summary["findings_total"] = (data.get("errors") or 0) + (data.get("warnings") or 0)
    return summary


def export_job(job: Job, progress: ProgressFn) -> dict[str, Any]:
    """The people the submitter may read (within the job's unit), in one file."""
    from hientai.exchange.export import export_people

    fmt = job.params.get("format", "xlsx")
    if fmt not in EXPORT_FORMATS:
        raise JobError(_("Unknown export format: %(format)s.") % {"format": fmt})
    people = visible(Person.objects.all(), job.user)
    if job.unit is not None:
        people = people.filter(
            unit_id__in=list(Unit.objects.subtree(job.unit).values_list("pk", flat=True))
        )
    progress(0, None, "export")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"nguoi-{job.unit.code if job.unit else 'tat-ca'}-{stamp}.{fmt}"
    out = output_path(job, name)
    unmasked: list[tuple[int, list[str]]] = []
    count = export_people(people.order_by("pk"), fmt, out, user=job.user, unmasked=unmasked)
    add_file(job, "export", out)
    record_people(job, "export", unmasked)
    progress(count, count, "export")
    return {"count": count, "format": fmt}


def readable_result(job: Job, readable: bool) -> dict[str, Any]:
    """The job's result as this reader may see it: the findings quote the uploaded cells
    (ID numbers, phones...), so only those who may read the job's files get them."""
    result = dict(job.result or {})
    if not readable:
        result["findings"] = []
    return result


def register() -> None:
    register_kind(IMPORT, import_job, expected=(ImportFileError,))
    register_kind(EXPORT, export_job)
