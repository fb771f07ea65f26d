"""Request bodies bigger than the largest file any form accepts are refused before a
byte of them is read or stored (issue 12).

`UploadLimitMiddleware` answers 413 from the Content-Length header alone: Django never
reads past Content-Length, so nothing of a 150 MB upload is received, spooled to a
temporary file or parsed. `LimitedUploadHandler` is the second line: it counts the
bytes of each file as they stream in and stops the upload (the partial temporary file
is deleted) once the limit is passed, whatever the header said.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

FORM_FIELDS_MARGIN = 1024 * 1024  # the other fields of a multipart form


def upload_limit() -> int:
    """Bytes a request body may have: the biggest file any form takes, plus the fields."""
    return int(settings.UPLOAD_MAX_BYTES) + FORM_FIELDS_MARGIN


def _too_large_message() -> str:
    return _("The file is too large: at most %(size)d MB can be uploaded. Nothing was stored.") % {
        "size": int(settings.UPLOAD_MAX_BYTES) // (1024 * 1024)
    }


class UploadLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > upload_limit():
            message = escape(_too_large_message())
            page = (
                '<!doctype html><html lang="vi"><meta charset="utf-8">'
                f'<title>413</title><p role="alert">{message}</p>'
                f'<p><a href="/">{escape(_("Home"))}</a></p></html>'
            )
            response = HttpResponse(page, status=413)
            response["Connection"] = "close"  # the unread body must not be taken as a request
            return response
        return self.get_response(request)


class LimitedUploadHandler(FileUploadHandler):
    """Stops an upload whose file data passes the limit while it streams in."""

    def __init__(self, request: Any = None) -> None:
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > upload_limit():
            if self.request is not None:
                # Read by the view to tell the user why the file was dropped.
                self.request.upload_refused = _too_large_message()  # type: ignore[attr-defined]
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None
