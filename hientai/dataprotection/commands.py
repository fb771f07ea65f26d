"""What the privacy-* commands share: reading `--now`."""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _


def parse_now(text: str | None) -> datetime.datetime:
    """`--now` as an ISO date or date-time (city time when no offset); default: now."""
    if not text:
        return timezone.now()
    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise CommandError(
            _("Invalid time “%(text)s”: write it as 2026-12-07T09:00.") % {"text": text}
        ) from exc
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment
