"""Small request helpers every app's views share (no app of ours below them: the
scope check `staff_only` lives in accounts/http.py)."""

import logging
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _


def is_htmx(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request"))


def error_text(error: ValidationError | PermissionDenied) -> str:
    """The message of a service error, for the page."""
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or _("You may not do this.")


def service_form(
    request: HttpRequest,
    form: BaseForm,
    save: Callable[[dict[str, Any]], object],
    *,
    template: str,
    context: dict[str, Any],
    saved: str,
    then: str,
    refusals: tuple[type[ValidationError | PermissionDenied], ...] = (ValidationError,),
) -> HttpResponse:
    """The page of a form whose valid data a service saves: the service's refusal shows on
    the form (400, nothing saved), success says `saved` and goes to `then` (a URL or the
    name of one)."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except refusals as problem:
            form.add_error(None, error_text(problem))
        else:
            messages.success(request, saved)
            return redirect(then)
    status = 400 if request.method == "POST" else 200
    return render(request, template, {"form": form, **context}, status=status)


class ClientErrorsOneLine(logging.Filter):
    """A refused (403) or missing (404) page is logged as one line, not a traceback: it is
    the reader's mistake or an out-of-scope link, not a fault of the application."""

    def filter(self, record: logging.LogRecord) -> bool:
        if 400 <= getattr(record, "status_code", 0) < 500:
            record.exc_info = None
            record.exc_text = None
        return True


def install_log_filters() -> None:
    logger = logging.getLogger("django.request")
    if not any(isinstance(item, ClientErrorsOneLine) for item in logger.filters):
        logger.addFilter(ClientErrorsOneLine())
