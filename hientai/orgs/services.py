"""Unit hierarchy operations: loading the reference CSVs, paths, merges and renames.

Loaders take the model classes as arguments so data migrations can pass their
historical models and the application can pass the real ones.
"""

from __future__ import annotations

import csv
import datetime
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from hientai.accounts.scoping import can_edit, editable, scope_for
from hientai.core import audit
from hientai.orgs.models import PATH_SEPARATOR, SuccessionKind, Unit, UnitKind

DATA_DIR = Path(__file__).resolve().parent / "data"
UNIT_COLUMNS = [
    "code",
    "parent_code",
    "kind",
    "name_vi",
    "name_en",
    "valid_from",
    "valid_to",
    "source",
]
SUCCESSION_COLUMNS = ["old_code", "new_code", "kind", "effective_date", "note"]
POPULATION_COLUMNS = ["unit_code", "year", "population", "source", "estimate"]


class UnitDataError(ValueError):
    """A unit file or operation that cannot be applied; nothing was written."""


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _read_csv(path: Path, columns: list[str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or list(reader.fieldnames[: len(columns)]) != columns:
            raise UnitDataError(
                _("%(file)s: the header must be %(columns)s")
                % {"file": path.name, "columns": ",".join(columns)}
            )
        return [{key: (value or "").strip() for key, value in row.items()} for row in reader]


def _date(value: str, where: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise UnitDataError(
            _("%(where)s: '%(value)s' is not a date (YYYY-MM-DD)")
            % {"where": where, "value": value}
        ) from exc


def rewrite_descendant_paths(old_prefix: str, new_prefix: str, unit_model: Any = Unit) -> int:
    """Move every path under `old_prefix` to `new_prefix` in one UPDATE."""
    depth_change = new_prefix.count(PATH_SEPARATOR) - old_prefix.count(PATH_SEPARATOR)
    return unit_model.objects.filter(path__startswith=old_prefix).update(
        path=Concat(Value(new_prefix), Substr("path", len(old_prefix) + 1)),
        depth=F("depth") + depth_change,
    )


@transaction.atomic
def load_units(path: Path | None = None, unit_model: Any = Unit) -> LoadResult:
    """Create or update units from units.csv (idempotent; all or nothing)."""
    rows = _read_csv(path or DATA_DIR / "units.csv", UNIT_COLUMNS)
    kinds = set(UnitKind.values)
    existing = {unit.code: unit for unit in unit_model.objects.all()}
    paths: dict[str, str] = {code: unit.path for code, unit in existing.items()}
    result = LoadResult()
    for number, row in enumerate(rows, start=2):
        where = _("row %(number)d") % {"number": number}
        code = row["code"]
        if not code or PATH_SEPARATOR in code:
            raise UnitDataError(
                _("%(where)s: the unit code is empty or contains '/'") % {"where": where}
            )
        if row["kind"] not in kinds:
            raise UnitDataError(
                _("%(where)s: unknown unit kind '%(kind)s'") % {"where": where, "kind": row["kind"]}
            )
        if not row["name_vi"]:
            raise UnitDataError(_("%(where)s: the Vietnamese name is empty") % {"where": where})
        parent_code = row["parent_code"]
        if parent_code and parent_code not in paths:
            raise UnitDataError(
                _("%(where)s: parent unit '%(code)s' is not defined above this row")
                % {"where": where, "code": parent_code}
            )
        parent_path = paths[parent_code] if parent_code else PATH_SEPARATOR
        values: dict[str, Any] = {
            "name_vi": unicodedata.normalize("NFC", row["name_vi"]),
            "name_en": row["name_en"],
            "kind": row["kind"],
            "valid_from": _date(row["valid_from"], where),
            "valid_to": _date(row["valid_to"], where),
            "source": row["source"][:255],
            "path": f"{parent_path}{code}{PATH_SEPARATOR}",
        }
        values["depth"] = values["path"].count(PATH_SEPARATOR) - 2
        parent = existing.get(parent_code) if parent_code else None
        unit = existing.get(code)
        if unit is None:
            unit = unit_model.objects.create(code=code, parent=parent, **values)
            existing[code] = unit
            result.created += 1
        else:
            changed = unit.parent_id != (parent.pk if parent else None) or any(
                getattr(unit, key) != value for key, value in values.items()
            )
            if changed:
                for key, value in values.items():
                    setattr(unit, key, value)
                unit.parent = parent
                unit_model.objects.filter(pk=unit.pk).update(parent=parent, **values)
                result.updated += 1
            else:
                result.unchanged += 1
        paths[code] = values["path"]
    return result


@transaction.atomic
def load_successions(
    path: Path | None = None, unit_model: Any = Unit, succession_model: Any = None
) -> LoadResult:
    """Create the old-to-new unit mapping from successions.csv (idempotent)."""
    if succession_model is None:
        from hientai.orgs.models import Succession as succession_model
    rows = _read_csv(path or DATA_DIR / "successions.csv", SUCCESSION_COLUMNS)
    units = {unit.code: unit for unit in unit_model.objects.all()}
    result = LoadResult()
    for number, row in enumerate(rows, start=2):
        where = _("row %(number)d") % {"number": number}
        for key in ("old_code", "new_code"):
            if row[key] not in units:
                raise UnitDataError(
                    _("%(where)s: unknown unit '%(code)s'") % {"where": where, "code": row[key]}
                )
        if row["kind"] not in SuccessionKind.values:
            raise UnitDataError(
                _("%(where)s: unknown succession kind '%(kind)s'")
                % {"where": where, "kind": row["kind"]}
            )
        _link, created = succession_model.objects.update_or_create(
            old_unit=units[row["old_code"]],
            new_unit=units[row["new_code"]],
            defaults={
                "kind": row["kind"],
                "effective_date": _date(row["effective_date"], where),
                "note": row["note"][:255],
            },
        )
        if created:
            result.created += 1
        else:
            result.unchanged += 1
    return result


@transaction.atomic
def load_populations(
    path: Path | None = None, unit_model: Any = Unit, population_model: Any = None
) -> LoadResult:
    """Load population by unit and year from population.csv (idempotent)."""
    if population_model is None:
        from hientai.orgs.models import UnitPopulation as population_model
    rows = _read_csv(path or DATA_DIR / "population.csv", POPULATION_COLUMNS)
    units = {unit.code: unit for unit in unit_model.objects.all()}
    result = LoadResult()
    for number, row in enumerate(rows, start=2):
        where = _("row %(number)d") % {"number": number}
        if row["unit_code"] not in units:
            raise UnitDataError(
                _("%(where)s: unknown unit '%(code)s'") % {"where": where, "code": row["unit_code"]}
            )
        try:
            year, population = int(row["year"]), int(row["population"])
        except ValueError as exc:
            raise UnitDataError(
                _("%(where)s: year and population must be whole numbers") % {"where": where}
            ) from exc
        _record, created = population_model.objects.update_or_create(
            unit=units[row["unit_code"]],
            year=year,
            defaults={
                "population": population,
                "source": row["source"][:255],
                "estimate": row["estimate"] in {"1", "true", "True"},
            },
        )
        result.created += int(created)
        result.unchanged += int(not created)
    return result


def successors(unit: Unit, on: datetime.date | None = None) -> list[Unit]:
    """The units in force on `on` that carry on `unit` (itself if it is still current).

    Follows chains (old ward -> merged ward -> renamed ward) and splits.
    """
    day = on or datetime.date.today()
    result: list[Unit] = []
    seen: set[int] = set()
    frontier = [unit]
    while frontier:
        current = frontier.pop()
        if current.pk in seen:
            continue
        seen.add(current.pk)
        if current.is_current(day):
            result.append(current)
            continue
        links = current.successors_links.filter(effective_date__lte=day).select_related("new_unit")
        frontier.extend(link.new_unit for link in links)
    return sorted(result, key=lambda item: item.code)


def resolve_code(code: str, on: datetime.date | None = None) -> list[Unit]:
    """Today's units for a code that may belong to a unit closed by a merger or rename."""
    try:
        unit = Unit.objects.get(code=code)
    except Unit.DoesNotExist as exc:
        raise UnitDataError(_("Unknown unit code '%(code)s'") % {"code": code}) from exc
    return successors(unit, on)


def _require_city_wide(user: Any) -> None:
    """Merges, renames and closures change the city's tree: city-wide roles only
    (`user=None` is the system itself: data migrations and reference loads)."""
    if user is not None and not scope_for(user).city_wide:
        raise PermissionDenied(_("Only the coordinator or an administrator may change units."))


def _unit_state(unit: Unit) -> dict[str, Any]:
    return audit.snapshot(unit) or {}


def _close(unit: Unit, effective_date: datetime.date) -> None:
    if unit.valid_to is not None and unit.valid_to < effective_date:
        raise UnitDataError(
            _("Unit '%(code)s' was already closed on %(date)s")
            % {"code": unit.code, "date": unit.valid_to.isoformat()}
        )
    unit.valid_to = effective_date - datetime.timedelta(days=1)
    Unit.objects.filter(pk=unit.pk).update(valid_to=unit.valid_to)


def _move_current_children(old: Unit, new: Unit, effective_date: datetime.date) -> None:
    for child in old.children.current(effective_date):
        child.parent = new
        child.save()


def check_parent(unit: Unit, parent: Unit | None) -> None:
    """A unit can never be put under itself or one of its own descendants."""
    if parent is None or unit.pk is None:
        return
    if parent.pk == unit.pk or (unit.path and parent.path.startswith(unit.path)):
        raise UnitDataError(_("A unit cannot be placed under itself or one of its own units."))


@transaction.atomic
def save_unit(unit: Unit, user: Any, reason: str = "", channel: str = "") -> Unit:
    """Create or change a unit (names, kind, parent, dates) as `user`, audited.

    Both the unit as stored and its TARGET parent must be in the user's write scope, so a
    re-posted form cannot move a unit (or create one) under another unit's tree."""
    stored = audit.stored(unit)
    if stored is not None and not can_edit(stored, user):
        raise PermissionDenied(_("You may not change this unit."))
    if unit.parent_id is None:
        _require_city_wide(user)
    elif not editable(Unit.objects.filter(pk=unit.parent_id), user).exists():
        raise PermissionDenied(_("You may not place a unit there."))
    check_parent(unit, unit.parent)
    before = _unit_state(stored) if stored is not None else None
    unit.save()
    audit.record(
        user,
        audit.Action.UPDATE if stored is not None else audit.Action.CREATE,
        unit,
        label=unit.name_vi,
        unit=unit,
        before=before,
        after=_unit_state(unit),
        reason=reason,
        channel=channel,
    )
    return unit


@transaction.atomic
def close_unit(
    unit: Unit,
    effective_date: datetime.date,
    user: Any = None,
    note: str = "",
    channel: str = "",
) -> Unit:
    """Close a unit from `effective_date` (its last day is the day before), audited."""
    _require_city_wide(user)
    before = _unit_state(unit)
    _close(unit, effective_date)
    audit.record(
        user,
        audit.Action.CLOSE,
        unit,
        label=unit.name_vi,
        unit=unit,
        before=before,
        after=_unit_state(unit),
        reason=note,
        channel=channel,
    )
    return unit


@transaction.atomic
def move_unit(unit: Unit, new_parent: Unit | None) -> Unit:
    """Attach `unit` under `new_parent`; its subtree's paths follow in the same transaction.

    Refuses (UnitDataError, nothing written) a parent that is the unit itself or lies
    under it: a cycle would make every walk of the tree endless.
    """
    from django.core.exceptions import ValidationError

    unit.parent = new_parent
    try:
        unit.save()
    except ValidationError as exc:
        raise UnitDataError(" ".join(exc.messages)) from exc
    return unit


@transaction.atomic
def merge_units(
    old_units: Iterable[Unit],
    into: Unit,
    effective_date: datetime.date,
    note: str = "",
    user: Any = None,
    channel: str = "",
) -> list[models.Model]:
    """Close `old_units` the day before `effective_date` and map each onto `into`; one
    audit row per merged unit, with its actor."""
    from hientai.orgs.models import Succession

    _require_city_wide(user)
    links: list[models.Model] = []
    for old in old_units:
        if old.pk == into.pk:
            raise UnitDataError(_("A unit cannot be merged into itself"))
        if into.path.startswith(old.path):
            raise UnitDataError(_("A unit cannot be merged into one of its own units"))
        before = _unit_state(old)
        _close(old, effective_date)
        _move_current_children(old, into, effective_date)
        links.append(
            Succession.objects.create(
                old_unit=old,
                new_unit=into,
                kind=SuccessionKind.MERGE,
                effective_date=effective_date,
                note=note,
            )
        )
        audit.record(
            user,
            audit.Action.MERGE,
            old,
            label=old.name_vi,
            unit=old,
            before=before,
            after={**_unit_state(old), "merged_into": into.code},
            reason=note,
            channel=channel,
        )
    return links


@transaction.atomic
def rename_unit(
    unit: Unit,
    new_code: str,
    new_name_vi: str,
    effective_date: datetime.date,
    new_name_en: str = "",
    note: str = "",
    user: Any = None,
    channel: str = "",
) -> Unit:
    """Open a unit under the new name, close the old one and link them; children follow."""
    from hientai.orgs.models import Succession

    _require_city_wide(user)
    if Unit.objects.filter(code=new_code).exists():
        raise UnitDataError(_("Unit code '%(code)s' is already in use") % {"code": new_code})
    before = _unit_state(unit)
    _close(unit, effective_date)
    renamed = Unit.objects.create(
        code=new_code,
        name_vi=new_name_vi,
        name_en=new_name_en or unit.name_en,
        kind=unit.kind,
        parent=unit.parent,
        valid_from=effective_date,
        source=note or unit.source,
    )
    _move_current_children(unit, renamed, effective_date)
    Succession.objects.create(
        old_unit=unit,
        new_unit=renamed,
        kind=SuccessionKind.RENAME,
        effective_date=effective_date,
        note=note,
    )
    audit.record(
        user,
        audit.Action.RENAME,
        unit,
        label=unit.name_vi,
        unit=unit,
        before=before,
        after={**_unit_state(unit), "renamed_to": new_code, "new_name_vi": new_name_vi},
        reason=note,
        channel=channel,
    )
    return renamed
