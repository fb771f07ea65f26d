"""Legal time limits, in one table. Every computation takes `now`.

Sources: Law 91/2025/QH15 on personal data protection and Decree 356/2025/NĐ-CP
(both in force from 1/1/2026; Decree 356 replaces Decree 13/2023/NĐ-CP, whose rule
was 72 hours for every request). The numbers below come from law-firm summaries of
Decree 356 (frasersvn.com, cdlaf.vn, see /work/shared/reference/vn-framework.md §6.3),
not from the Official Gazette text:

- verified=True: stated in those summaries in so many words (acknowledge within 2
  working days; withdrawal of consent, restriction and objection completed within 15
  days, 20 when a processor or third party must stop; one extension of at most 15 days).
- verified=False: the summaries only say "complete within 10 to 20 days" for access,
  copy, rectification and deletion without a per-request table. We take the shortest,
  10 days, until someone reads the decree's article; docs/PRIVACY.md says the same.
- The 72-hour breach notification is the Decree 13 rule kept as a conservative target:
  NOT verified for the 2025 law.

Working days skip Saturdays and Sundays only (public holidays are not modelled, which
makes the acknowledgement limit earlier, never later).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    days: int
    working_days: bool = False
    verified: bool = False
    source: str = ""


ACKNOWLEDGE = Limit(2, working_days=True, verified=True, source="Decree 356/2025: reply")

# Time to carry out each kind of request, counted from its receipt.
LIMITS: dict[str, Limit] = {
    "access": Limit(10, verified=False, source="Decree 356/2025 (10–20 days; shortest taken)"),
    "export": Limit(10, verified=False, source="Decree 356/2025 (10–20 days; shortest taken)"),
    "rectify": Limit(10, verified=False, source="Decree 356/2025 (10–20 days; shortest taken)"),
    "erase": Limit(10, verified=False, source="Decree 356/2025 (10–20 days; shortest taken)"),
    "restrict": Limit(15, verified=True, source="Decree 356/2025: stop within 15 days"),
    "object": Limit(15, verified=True, source="Decree 356/2025: stop within 15 days"),
    "withdraw": Limit(15, verified=True, source="Decree 356/2025: stop within 15 days"),
}
# When a processor or a third party must also stop (restriction, objection, withdrawal).
THIRD_PARTY_DAYS = 20  # verified
THIRD_PARTY_KINDS = frozenset({"restrict", "object", "withdraw"})
MAX_EXTENSION_DAYS = 15  # verified: once only
BREACH_NOTIFY_HOURS = 72  # NOT verified for Law 91/2025 (Decree 13/2023's rule)
# Requests due within this long are listed as "close to the limit".
REMIND_BEFORE = datetime.timedelta(days=2)


def add_working_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """`start` moved `days` working days on (Monday–Friday), same time of day."""
    moment = start
    left = days
    while left > 0:
        moment += datetime.timedelta(days=1)
        if moment.weekday() < 5:
            left -= 1
    return moment


def acknowledge_by(received_at: datetime.datetime) -> datetime.datetime:
    return add_working_days(received_at, ACKNOWLEDGE.days)


def limit_days(kind: str, third_party: bool = False) -> int:
    if third_party and kind in THIRD_PARTY_KINDS:
        return THIRD_PARTY_DAYS
    return LIMITS[kind].days


def due_at(
    kind: str, received_at: datetime.datetime, third_party: bool = False, extended_days: int = 0
) -> datetime.datetime:
    """When a request of `kind` received at `received_at` must be carried out."""
    return received_at + datetime.timedelta(days=limit_days(kind, third_party) + extended_days)


def breach_deadline(detected_at: datetime.datetime) -> datetime.datetime:
    return detected_at + datetime.timedelta(hours=BREACH_NOTIFY_HOURS)
