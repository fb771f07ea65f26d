"""The "consolidated_report" job kind: the consolidated report (DOCX, PDF or XLSX annex) of
a period and a unit, built by the background worker for the report page
(`reporting.views_report`) exactly as `hientai report` builds it on the command line."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from hientai.jobs.models import Job
from hientai.jobs.services import JobError, ProgressFn, add_file, output_path

REPORT = "consolidated_report"
STEPS = 3


def report_job(job: Job, progress: ProgressFn) -> dict[str, Any]:
    from hientai.indicators.periods import Period
    from hientai.reporting.documents.content import ReportError, choose_plans, gather
    from hientai.reporting.documents.export import check_format, write_report
    from hientai.reporting.documents.pdf import ConversionError

    params = job.params
    try:
        fmt = check_format(params.get("format"))
        period = Period.parse(params.get("period", ""))
    except (ReportError, ValueError) as error:
        raise JobError(str(error)) from error
    progress(0, STEPS, "gather")
    try:
        choose_plans(job.user, unit=job.unit)
    except ReportError as error:
        # The command's message names its options; the page says it in its own words.
        raise JobError(
            _("%(unit)s has no plan being carried out to report on.")
            % {"unit": job.unit.name_vi if job.unit else ""}
        ) from error
    try:
        content = gather(period, user=job.user, unit=job.unit, with_indicator_values=fmt == "xlsx")
        progress(1, STEPS, "write")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        code = job.unit.code.replace(".", "-") if job.unit else "tp"
        out = output_path(job, f"bao-cao-{code}-{period}-{stamp}.{fmt}")
        write_report(content, fmt, out)
    except (ReportError, ConversionError) as error:
        raise JobError(str(error)) from error
    add_file(job, "report", out)
    progress(STEPS, STEPS, "done")
    tasks = content.task_totals
    return {
        "format": fmt,
        "period": str(period),
        "plans": len(content.plans),
        "tasks": tasks.total,
        "overdue": tasks.overdue,
        "file_name": out.name,
    }


def register() -> None:
    from hientai.jobs.services import register_kind

    register_kind(REPORT, report_job)
