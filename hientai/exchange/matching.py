"""The import check's hook for "likely existing matches" of the rows it would create.

The importer hands the checked new rows (row number, PersonRecord) of a dry run to every
finder registered here and shows what they return on the check page and in its JSON
report (`ImportResult.likely_matches`). Exchange itself registers none: an app that links
records (duplicate detection) registers one in its `AppConfig.ready()`:

    from hientai.exchange import matching
    matching.register(my_finder)

A finder is `finder(rows, user) -> list[dict]`, each dict at least
`{"row": 12, "person_id": 345, "label": "Nguyễn Văn Hà (1980, Phường Trấn Biên)",
"probability": 0.97, "reason": "..."}`; it must only name profiles `user` may see. A
`message` key is also recorded as a warning on its row; a match outside the user's scope
is given as `{"row": 12, "person_id": None, "message": "..."}` (the warning only).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

MAX_ROWS = 50_000  # new rows handed to the finders per check
MAX_SHOWN = 1_000  # matches kept on the result

Finder = Callable[[list[tuple[int, Any]], Any], list[dict]]
_finders: list[Finder] = []


def register(finder: Finder) -> None:
    if finder not in _finders:
        _finders.append(finder)


def unregister(finder: Finder) -> None:
    if finder in _finders:
        _finders.remove(finder)


def has_finders() -> bool:
    return bool(_finders)


def likely_matches(rows: list[tuple[int, Any]], user: Any) -> list[dict]:
    found: list[dict] = []
    for finder in list(_finders):
        try:
            found.extend(finder(rows, user))
        except Exception:  # a finder's failure must not fail the check
            logger.exception("a likely-match finder failed")
    found.sort(key=lambda item: (item.get("row", 0), -float(item.get("probability") or 0)))
    return found[:MAX_SHOWN]
