"""DOCX → PDF through LibreOffice headless.

Each conversion uses its own throwaway LibreOffice profile (`-env:UserInstallation`), so
parallel conversions (two officers, two test workers) never fight over one profile lock.
Times New Roman is named in the DOCX; on Debian LibreOffice substitutes a metric-compatible
font (Liberation Serif from fonts-liberation) or DejaVu Serif in the PDF.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from django.utils.translation import gettext as _

CANDIDATES = ("soffice", "libreoffice")
TIMEOUT_SECONDS = 180


class ConversionError(RuntimeError):
    """LibreOffice is missing or failed; the message is translated."""


def soffice_path() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    override = os.environ.get("HIENTAI_SOFFICE")
    if override:
        return override if Path(override).exists() else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def convert(
    docx_path: str | Path, outdir: str | Path | None = None, *, timeout: int = TIMEOUT_SECONDS
) -> Path:
    """Convert `docx_path` to PDF in `outdir` (default: next to it); returns the PDF's path."""
    source = Path(docx_path).resolve()
    if not source.is_file():
        raise ConversionError(_("The file %(path)s does not exist.") % {"path": source})
    binary = soffice_path()
    if binary is None:
        raise ConversionError(
            _(
                "LibreOffice is not installed, so the PDF cannot be made: install the "
                "package libreoffice-writer-nogui (Debian) or choose the DOCX format."
            )
        )
    target_dir = Path(outdir).resolve() if outdir else source.parent
    target_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-") as profile:
        profile_url = Path(profile, f"profile-{uuid.uuid4().hex}").as_uri()
        command = [
            binary,
            f"-env:UserInstallation={profile_url}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(target_dir),
            str(source),
        ]
        environment = {**os.environ, "HOME": profile}
        try:
            result = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=timeout,
                env=environment,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise ConversionError(
                _("LibreOffice did not finish the PDF within %(seconds)d seconds.")
                % {"seconds": timeout}
            ) from error
    pdf = target_dir / (source.stem + ".pdf")
    if result.returncode != 0 or not pdf.is_file():
        detail = (result.stderr or result.stdout or "").strip()[-300:]
        raise ConversionError(
            _("LibreOffice could not convert the report to PDF: %(detail)s")
            % {"detail": detail or result.returncode}
        )
    return pdf
