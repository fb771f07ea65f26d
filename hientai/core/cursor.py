"""Cursor pagination for the API's lists (issue 19): rows in a stable order (by id), a page
of at most `limit` rows, and an opaque, signed cursor naming where the next page starts.

A cursor survives rows being added or changed between pages (no row is skipped or
repeated, unlike page numbers); a tampered or foreign cursor is refused."""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.db import models
from django.utils.translation import gettext as _

SALT = "hientai.api.cursor"
DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class BadCursor(ValueError):
    """The cursor was not made by this server for this list."""


def encode(kind: str, last_pk: int) -> str:
    return signing.dumps({"k": kind, "after": last_pk}, salt=SALT, compress=True)


def decode(kind: str, cursor: str) -> int:
    try:
        data = signing.loads(cursor, salt=SALT)
    except signing.BadSignature as error:
        raise BadCursor(_("The cursor is not valid; start again without it.")) from error
    if (
        not isinstance(data, dict)
        or data.get("k") != kind
        or not isinstance(data.get("after"), int)
    ):
        raise BadCursor(_("The cursor is not valid; start again without it."))
    return data["after"]


def page[M: models.Model](
    queryset: models.QuerySet[M], kind: str, cursor: str | None, limit: int | None
) -> tuple[list[M], str | None]:
    """One page of `queryset` ordered by primary key, and the cursor of the next (None at
    the end). `kind` ties a cursor to its list."""
    size = min(max(limit or DEFAULT_LIMIT, 1), MAX_LIMIT)
    ordered = queryset.order_by("pk")
    if cursor:
        ordered = ordered.filter(pk__gt=decode(kind, cursor))
    rows = list(ordered[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, encode(kind, rows[-1].pk) if more and rows else None


def envelope(items: list[Any], next_cursor: str | None) -> dict[str, Any]:
    return {"items": items, "next_cursor": next_cursor}
