"""The database under load: SQLite's one write lock, seen from pages, the API and the worker.

SQLite lets one connection write at a time. A writer that cannot get the lock within the
busy timeout (settings: `HIENTAI_SQLITE_BUSY_MS`) gets `OperationalError: database is
locked`. Pages and the API answer that with a Vietnamese "busy, try again" (HTTP 503 and
Retry-After, `BusyDatabaseMiddleware`), never a 500; background code waits with
`retry_when_locked`."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.db import OperationalError

logger = logging.getLogger(__name__)


RETRY_AFTER = 5  # seconds a busy answer asks the client to wait


def is_locked(error: BaseException) -> bool:
    """Whether `error` is the database's "locked"/"busy" refusal (SQLite; a PostgreSQL
    lock timeout says "lock timeout")."""
    if not isinstance(error, OperationalError):
        return False
    text = str(error).lower()
    return "database is locked" in text or "database is busy" in text or "lock timeout" in text


def retry_when_locked[T](
    action: Callable[[], T], *, wait: float = 300.0, pause: float = 0.5, what: str = ""
) -> T:
    """Run `action`, again and again while the database is locked, for up to `wait`
    seconds (then the last error is raised). Not inside a transaction: a failed
    statement there leaves the transaction unusable."""
    deadline = time.monotonic() + wait
    while True:
        try:
            return action()
        except OperationalError as error:
            if not is_locked(error) or time.monotonic() >= deadline:
                raise
            logger.info("database busy%s; trying again", f" ({what})" if what else "")
            time.sleep(pause)
