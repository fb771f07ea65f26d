"""What the rules need besides the profile itself: code lists, units, other profiles.

A `CheckContext` answers those questions either lazily (one profile checked after
a save: a few small indexed queries) or from data preloaded once for a batch
(`CheckContext.for_batch`), so a run over the whole registry costs a constant
number of queries per chunk of profiles, never one per profile.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Count, Q, QuerySet

from hientai.catalogs.models import Code, Scheme
from hientai.core.text import fold
from hientai.orgs.models import Unit
from hientai.orgs.services import successors
from hientai.registry.models import Person, compose_full_name

VIETNAM = "VN"


@dataclass(frozen=True)
class CodeInfo:
    id: int
    code: str
    scheme_key: str
    scheme_version: str
    scheme_current: bool
    valid_to: datetime.date | None
    extra: dict[str, Any]


@dataclass(frozen=True)
class UnitInfo:
    id: int
    code: str
    name: str
    path: str
    valid_from: datetime.date | None
    valid_to: datetime.date | None

    def is_current(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )


# What the rules read besides the person's own fields.
RELATIONS = (
    "qualifications",
    "academic_titles",
    "languages",
    "employments",
    "trainings",
    "status_periods",
    "publications",
    "awards",
    "patents",
    "st_projects",
    "assessments",
)
M2M_CODES = ("categories", "st_fields", "strategic_technologies")

_CODE_FIELDS = (
    "id",
    "code",
    "valid_to",
    "extra",
    "scheme__key",
    "scheme__version",
    "scheme__is_current",
)
_UNIT_FIELDS = ("id", "code", "name_vi", "path", "valid_from", "valid_to")


def name_key(family: str, middle: str, given: str) -> str:
    """The key two profiles share when their names differ only in case, accents or spaces."""
    return fold(compose_full_name(family or "", middle or "", given or ""))


def birth_year_of(year: int | None, birth_date: datetime.date | None) -> int | None:
    """The year of birth, also for rows bulk-loaded without `Person.save()` deriving it."""
    return year or (birth_date.year if birth_date else None)


def person_name_key(person: Person) -> str:
    return name_key(person.family_name, person.middle_name, person.given_name)


@dataclass
class CheckContext:
    today: datetime.date = field(default_factory=datetime.date.today)
    _codes: dict[int, CodeInfo | None] = field(default_factory=dict)
    _units: dict[int, UnitInfo | None] = field(default_factory=dict)
    _current_versions: dict[str, str] | None = None
    _country_numeric: frozenset[str] | None = None
    # Preloaded duplicate groups (batch mode); None means "ask the database".
    _id_groups: dict[tuple[str, str], list[int]] | None = None
    _name_groups: dict[tuple[str, int, int], list[int]] | None = None
    # Related records and many-to-many code ids per (person id, relation name).
    _related: dict[tuple[int, str], list[Any]] = field(default_factory=dict)

    # -- construction -------------------------------------------------------------

    @classmethod
    def for_batch(cls, people: QuerySet, today: datetime.date | None = None) -> CheckContext:
        """Preload everything a batch over `people` needs, in a handful of queries."""
        context = cls(today=today or datetime.date.today())
        for row in Code.objects.values(*_CODE_FIELDS):
            info = _code_info(row)
            context._codes[info.id] = info
        for row in Unit.objects.values(*_UNIT_FIELDS):
            unit_info = _unit_info(row)
            context._units[unit_info.id] = unit_info
        context._id_groups = _id_groups()
        unit_ids = people.order_by().values("unit_id").distinct()
        context._name_groups = _name_groups(Person.objects.filter(unit_id__in=unit_ids))
        return context

    # -- related records ----------------------------------------------------------

    def related(self, person: Person, name: str) -> list[Any]:
        """The records of one reverse relation of `person` ("qualifications", ...)."""
        key = (person.pk, name)
        if key not in self._related:
            self._related[key] = list(getattr(person, name).all())
        return self._related[key]

    def code_ids(self, person: Person, name: str) -> list[int]:
        """Ids of the codes of a many-to-many code field ("categories", ...)."""
        key = (person.pk, name)
        if key not in self._related:
            self._related[key] = [code.pk for code in getattr(person, name).all()]
        return self._related[key]

    def preload(self, person_ids: list[int]) -> None:
        """Load the related records of these people: one query per relation, and plain
        lists instead of prefetch caches (the ORM's per-object manager work dominated)."""
        self._related = {}
        for name in RELATIONS:
            model = cast(type[Any], Person._meta.get_field(name).related_model)  # a reverse FK
            for person_id in person_ids:
                self._related[(person_id, name)] = []
            for record in model._default_manager.filter(person_id__in=person_ids).order_by("pk"):
                self._related[(record.person_id, name)].append(record)
        for name in M2M_CODES:
            through = getattr(Person, name).through  # the many-to-many descriptor's table model
            for person_id in person_ids:
                self._related[(person_id, name)] = []
            rows = through.objects.filter(person_id__in=person_ids).order_by("pk")
            for person_id, code_id in rows.values_list("person_id", "code_id"):
                self._related[(person_id, name)].append(code_id)

    def forget(self) -> None:
        self._related = {}

    # -- code lists ---------------------------------------------------------------

    def code(self, code_id: int | None) -> CodeInfo | None:
        if code_id is None:
            return None
        if code_id not in self._codes:
            row = Code.objects.filter(pk=code_id).values(*_CODE_FIELDS).first()
            self._codes[code_id] = _code_info(row) if row else None
        return self._codes[code_id]

    def current_version(self, scheme_key: str) -> str | None:
        if self._current_versions is None:
            self._current_versions = dict(
                Scheme.objects.filter(is_current=True).values_list("key", "version")
            )
        return self._current_versions.get(scheme_key)

    def current_equivalent(self, info: CodeInfo) -> str:
        """The code in the current version of the list, when the old list maps to it.

        Code lists carry the mapping as an extra attribute named after the current
        version ("qd1019_2008" on the 1979 ethnic-group codes)."""
        version = self.current_version(info.scheme_key)
        if not version:
            return ""
        return str(info.extra.get(version.lower().replace("-", "_"), ""))

    def country_numeric_codes(self) -> frozenset[str]:
        """ISO 3166-1 numeric codes of foreign countries (birth registered abroad)."""
        if self._country_numeric is None:
            rows = Code.objects.filter(scheme__key="country", scheme__is_current=True)
            self._country_numeric = frozenset(
                str(extra.get("numeric", "")).zfill(3)
                for code, extra in rows.values_list("code", "extra")
                if code != VIETNAM and extra.get("numeric")
            )
        return self._country_numeric

    # -- units --------------------------------------------------------------------

    def unit(self, unit_id: int | None) -> UnitInfo | None:
        if unit_id is None:
            return None
        if unit_id not in self._units:
            row = Unit.objects.filter(pk=unit_id).values(*_UNIT_FIELDS).first()
            self._units[unit_id] = _unit_info(row) if row else None
        return self._units[unit_id]

    def successor_codes(self, unit_id: int) -> list[str]:
        unit = Unit.objects.filter(pk=unit_id).first()
        return [item.code for item in successors(unit, self.today)] if unit else []

    # -- other profiles -----------------------------------------------------------

    def id_duplicates(self, person: Person) -> list[int]:
        """Other profiles with the same personal ID or the same old ID card number."""
        others: set[int] = set()
        for kind, value in (("personal_id", person.personal_id), ("old", person.old_id_number)):
            if not value:
                continue
            if self._id_groups is not None:
                others.update(self._id_groups.get((kind, value), []))
            else:
                lookup = "personal_id" if kind == "personal_id" else "old_id_number"
                others.update(Person.objects.filter(**{lookup: value}).values_list("pk", flat=True))
        others.discard(person.pk)
        return sorted(others)

    def name_duplicates(self, person: Person) -> list[int]:
        """Other profiles of the same unit with the same folded full name and birth year."""
        key = person_name_key(person)
        year = birth_year_of(person.birth_year, person.birth_date)
        if not key or not year:
            return []
        if self._name_groups is not None:
            group = self._name_groups.get((key, year, person.unit_id), [])
        else:
            # Same unit and year first (indexed on unit), then compare folded names.
            rows = Person.objects.filter(
                Q(birth_year=year) | Q(birth_year__isnull=True, birth_date__year=year),
                unit_id=person.unit_id,
            )
            group = [
                pk
                for pk, family, middle, given in rows.values_list(
                    "pk", "family_name", "middle_name", "given_name"
                )
                if name_key(family, middle, given) == key
            ]
        return sorted(pk for pk in group if pk != person.pk)


def _code_info(row: dict[str, Any]) -> CodeInfo:
    return CodeInfo(
        id=row["id"],
        code=row["code"],
        scheme_key=row["scheme__key"],
        scheme_version=row["scheme__version"],
        scheme_current=row["scheme__is_current"],
        valid_to=row["valid_to"],
        extra=row["extra"] or {},
    )


def _unit_info(row: dict[str, Any]) -> UnitInfo:
    return UnitInfo(
        id=row["id"],
        code=row["code"],
        name=row["name_vi"],
        path=row["path"],
        valid_from=row["valid_from"],
        valid_to=row["valid_to"],
    )


def _id_groups() -> dict[tuple[str, str], list[int]]:
    """Personal IDs and old ID numbers held by more than one profile: grouped queries."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for kind, lookup in (("personal_id", "personal_id"), ("old", "old_id_number")):
        shared = (
            Person.objects.exclude(**{lookup: ""})
            .values(lookup)
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .values_list(lookup, flat=True)
        )
        rows = Person.objects.filter(**{f"{lookup}__in": shared}).values_list(lookup, "pk")
        for value, pk in rows:
            groups[(kind, value)].append(pk)
    return dict(groups)


def _name_groups(people: QuerySet[Person]) -> dict[tuple[str, int, int], list[int]]:
    """Profiles grouped by (folded name, birth year, unit): one linear pass, no pairs."""
    groups: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    rows = people.filter(Q(birth_year__isnull=False) | Q(birth_date__isnull=False)).values_list(
        "pk", "unit_id", "birth_year", "birth_date", "family_name", "middle_name", "given_name"
    )
    for pk, unit_id, year, birth_date, family, middle, given in rows:
        key = name_key(family, middle, given)
        born = birth_year_of(year, birth_date)
        if key and born:  # as name_duplicates() asks
            groups[(key, born, unit_id)].append(pk)
    return {key: pks for key, pks in groups.items() if len(pks) > 1}
