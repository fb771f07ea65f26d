"""Write a report file in one of the formats, all or nothing: the document is built in a
temporary file next to the target and moved into place only when complete, so a failure
(bad input, LibreOffice missing or failing) never leaves a partial or stale file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.utils.translation import gettext as _

from hientai.reporting.documents import docx_report, pdf, xlsx_annex
from hientai.reporting.documents.content import ReportContent, ReportError

FORMATS = ("docx", "pdf", "xlsx")


def check_format(fmt: str | None, out: str | Path | None = None) -> str:
    """The format asked for, or the one of the file's extension; ReportError otherwise."""
    chosen = (fmt or (Path(out).suffix.lstrip(".") if out else "")).strip().lower()
    if chosen not in FORMATS:
        raise ReportError(
            _("Unknown format “%(format)s”: choose docx, pdf or xlsx.") % {"format": fmt or chosen}
        )
    return chosen


def check_target(out: str | Path) -> Path:
    """The output path, refused when its folder does not exist or it names a folder."""
    target = Path(out).expanduser()
    if target.is_dir():
        raise ReportError(_("%(path)s is a folder: give a file name.") % {"path": target})
    if not target.parent.resolve().is_dir():
        raise ReportError(
            _("The folder %(folder)s does not exist.") % {"folder": target.parent.resolve()}
        )
    return target


def write_report(content: ReportContent, fmt: str, out: str | Path) -> Path:
    """Write `content` as `fmt` to `out` atomically; returns the final path."""
    fmt = check_format(fmt)
    target = check_target(out)
    with tempfile.TemporaryDirectory(prefix=".hientai-report-", dir=target.parent) as work:
        built = Path(work) / f"report.{fmt}"
        if fmt == "xlsx":
            xlsx_annex.build_xlsx(content, built)
        else:
            docx = docx_report.build_docx(content, Path(work) / "report.docx")
            if fmt == "pdf":
                built = pdf.convert(docx, work)
        os.replace(built, target)
    return target
