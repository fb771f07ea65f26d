"""Units that change — merge, rename, split, close — and what belongs to them moving along.

`preview(change)` counts what would move; `apply(change, user)` closes the old unit and
links its successor(s) (`services.merge_units` / `rename_unit` / `close_unit`, which keep
the tree's history), then moves what belongs to the old unit to the successor, all in one
transaction with one audit row ("unit_change") listing the counts.

What moves is registered by the app that owns it (apps above orgs cannot be imported
here): `register(Dependent(...))` in its `AppConfig.ready()`. Orgs itself registers role
assignments (accounts is below it). The registry moves profiles (their employment and
status history keeps the old unit: a current job at the old unit is closed the day before
and continued at the successor), plans move open tasks, reporting moves datasets sent to
the unit, assignments and open (draft or returned) submissions.

A split names several successors: the unit's belongings move to the first one (the main
successor); the others are linked for history. Closing a unit that still holds anything
needs a successor to take it over (it is then "absorbed").
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hientai.core import audit
from hientai.orgs import services
from hientai.orgs.models import Succession, SuccessionKind, Unit
from hientai.orgs.services import UnitDataError

MERGE, RENAME, SPLIT, CLOSE = "merge", "rename", "split", "close"
ACTIONS = (MERGE, RENAME, SPLIT, CLOSE)
SETTLE = "settle"  # a unit closed earlier (by the functions alone): its belongings follow


@dataclass(frozen=True)
class Dependent:
    """Something that belongs to a unit and moves with it."""

    key: str
    label: Any  # lazy translated text
    count: Callable[[Unit], int]
    move: Callable[[Unit, Unit, datetime.date, Any], int]  # old, new, effective date, user
    order: int = 50


_dependents: dict[str, Dependent] = {}


def register(dependent: Dependent) -> None:
    _dependents[dependent.key] = dependent


def dependents() -> list[Dependent]:
    return sorted(_dependents.values(), key=lambda d: (d.order, d.key))


@dataclass
class UnitChange:
    action: str
    unit: Unit
    effective_date: datetime.date
    targets: list[Unit] = field(default_factory=list)  # merge: 1; split: 2+; close: 0 or 1
    new_code: str = ""
    new_name_vi: str = ""
    new_name_en: str = ""
    note: str = ""

    def check(self) -> None:
        if self.action not in ACTIONS:
            raise UnitDataError(_("Unknown change '%(action)s'.") % {"action": self.action})
        if self.unit.valid_to is not None:
            raise UnitDataError(_("Unit '%(code)s' is already closed.") % {"code": self.unit.code})
        if self.action == MERGE and len(self.targets) != 1:
            raise UnitDataError(_("A merger needs the unit it is merged into."))
        if self.action == SPLIT and len(self.targets) < 2:
            raise UnitDataError(_("A split needs at least two successor units."))
        if self.action == RENAME and not (self.new_code and self.new_name_vi):
            raise UnitDataError(_("A renaming needs the new code and the new name."))
        for target in self.targets:
            if target.pk == self.unit.pk:
                raise UnitDataError(_("A unit cannot be its own successor."))
            if not target.is_current(self.effective_date):
                raise UnitDataError(
                    _("Unit '%(code)s' is not in force on %(date)s.")
                    % {"code": target.code, "date": self.effective_date.strftime("%d/%m/%Y")}
                )
            if target.path.startswith(self.unit.path):
                raise UnitDataError(_("A unit cannot be continued by one of its own units."))

    @property
    def successor(self) -> Unit | None:
        """Where the unit's belongings go (None: a renaming, made when applied)."""
        return self.targets[0] if self.targets else None


@dataclass
class Moved:
    key: str
    label: str
    count: int


def preview(change: UnitChange) -> list[Moved]:
    """How many of each kind of belonging would move (nothing is written)."""
    change.check()
    return [Moved(d.key, str(d.label), d.count(change.unit)) for d in dependents()]


def apply(change: UnitChange, user: Any, channel: str = "") -> tuple[Unit | None, list[Moved]]:
    """Make the change and move the belongings, audited, all or nothing. Returns the
    successor and what moved."""
    change.check()
    with transaction.atomic():
        moving = preview(change)
        if change.action == CLOSE and not change.targets and any(m.count for m in moving):
            raise UnitDataError(
                _(
                    "Unit '%(code)s' still holds %(what)s: choose the unit that takes them "
                    "over, or move them first."
                )
                % {
                    "code": change.unit.code,
                    "what": ", ".join(f"{m.count} {m.label}" for m in moving if m.count),
                }
            )
        successor = _change_tree(change, user, channel)
        moved: list[Moved] = []
        if successor is not None:
            for dependent in dependents():
                count = dependent.move(change.unit, successor, change.effective_date, user)
                moved.append(Moved(dependent.key, str(dependent.label), count))
        audit.record(
            user,
            "unit_change",
            change.unit,
            label=change.unit.name_vi,
            unit=change.unit,
            after={
                "action": change.action,
                "effective_date": change.effective_date.isoformat(),
                "successors": [t.code for t in change.targets]
                or ([successor.code] if successor else []),
                "moved": {m.key: m.count for m in moved},
            },
            reason=change.note,
            channel=channel,
            changes_only=False,
        )
    return successor, moved


def _change_tree(change: UnitChange, user: Any, channel: str) -> Unit | None:
    unit, day, note = change.unit, change.effective_date, change.note
    if change.action == MERGE:
        services.merge_units([unit], change.targets[0], day, note, user, channel)
        return change.targets[0]
    if change.action == RENAME:
        return services.rename_unit(
            unit, change.new_code, change.new_name_vi, day, change.new_name_en, note, user,
            channel,
        )  # fmt: skip
    services.close_unit(unit, day, user, note, channel)
    kind = SuccessionKind.SPLIT if change.action == SPLIT else SuccessionKind.ABSORB
    for target in change.targets:
        Succession.objects.create(
            old_unit=unit, new_unit=target, kind=kind, effective_date=day, note=note
        )
    if change.targets:
        services._move_current_children(unit, change.targets[0], day)
    return change.successor


def settle(unit: Unit, user: Any, channel: str = "", on: datetime.date | None = None) -> tuple[
    Unit, list[Moved]
]:  # fmt: skip
    """Move what still belongs to a unit closed earlier (a merger recorded with
    `services.merge_units` alone left its profiles behind) to its one successor today,
    audited. Refused for a current unit or one split into several."""
    services._require_city_wide(user)
    if unit.is_current(on):
        raise UnitDataError(
            _("Unit '%(code)s' is still in force: merge, rename, split or close it instead.")
            % {"code": unit.code}
        )
    heirs = services.successors(unit, on)
    if len(heirs) != 1:
        raise UnitDataError(
            _("Unit '%(code)s' has %(count)d successors today: move its belongings by hand.")
            % {"code": unit.code, "count": len(heirs)}
        )
    successor = heirs[0]
    day = (unit.valid_to + datetime.timedelta(days=1)) if unit.valid_to else (on or _today())
    with transaction.atomic():
        moved = [
            Moved(d.key, str(d.label), d.move(unit, successor, day, user)) for d in dependents()
        ]
        audit.record(
            user, "unit_change", unit, label=unit.name_vi, unit=unit,
            after={"action": SETTLE, "effective_date": day.isoformat(),
                   "successors": [successor.code], "moved": {m.key: m.count for m in moved}},
            channel=channel, changes_only=False,
        )  # fmt: skip
    return successor, moved


def _today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


# --------------------------------------------------------------------------- role assignments


def _count_roles(unit: Unit) -> int:
    from hientai.accounts.models import RoleAssignment

    return RoleAssignment.objects.filter(unit=unit).count()


def _move_roles(old: Unit, new: Unit, day: datetime.date, user: Any) -> int:
    """Each role rooted at the old unit is rooted at the successor (a user who already
    holds the same role there keeps that one)."""
    from hientai.accounts.models import RoleAssignment

    moved = 0
    for assignment in RoleAssignment.objects.filter(unit=old):
        if RoleAssignment.objects.filter(
            user_id=assignment.user_id, role=assignment.role, unit=new
        ).exists():
            assignment.delete()
        else:
            assignment.unit = new
            assignment.save(update_fields=["unit"])
        moved += 1
    return moved


register(Dependent("roles", gettext_lazy("role assignments"), _count_roles, _move_roles, order=20))
