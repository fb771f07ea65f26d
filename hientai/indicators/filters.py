"""A small declarative filter language over the registry, evaluated as of a day.

A computed indicator's `definition` is data:

    {"numerator": {...filter...}, "denominator": {...filter...} | "population" | null,
     "scale": 100}

- with a denominator *filter*, the numerator counts the people of the denominator who also
  match the numerator filter (so `{"numerator": {"trained_in_period": true},
  "denominator": {"category": ["public_staff"]}}` is the share of public staff trained);
- with "population", the denominator is the unit's population (UnitPopulation), the
  numerator the people matching the numerator filter (per 10,000 with scale 10000);
- with null, the value is the numerator count (a count indicator).

Every filter counts people whose status on the day is active unless it says otherwise
("status": [...] or "any"). A filter is a dict of conditions, all of which must hold:

    status            ["active", ...] | "any"   status on the day (StatusPeriod timeline)
    category          [codes]   person_category (any of)
    gender            "female" | "male" | [..]
    age_under         45        age on the day below (from the year of birth)
    age_at_least      30
    ethnic_minority   true | false  (ethnic_group other than Kinh "01")
    unit_kind         [kinds]   kind of the managing unit (university, college, ward...)
    degree            [codes]   a qualification with one of these degrees obtained by then
    degree_at_least   "thac_si" a qualification at this VQF level or above obtained by then
    academic_title    [codes]   GS / PGS conferred by then
    st_field_prefix   ["1","2"] an S&T field (profile or qualification) under these codes
    strategic_technology  true | [codes]  working on a strategic technology (prefix match)
    sector            [sectors] an employment running on the day in these sectors
    leader            true      an employment running on the day at division head or above
    training          {"topics": [codes], "within": "period" | "ever" | 2026}
                      a training that ended by the day (in the period / ever / since 2026)
    trained_in_period true      shorthand for {"training": {"within": "period"}}
    digital_skills    "passed" | [results]  national digital-skill assessment by then
    award             {"levels": [..], "since": 2026 | "period"}  an award in those years
    any / all         [filters] or / and;   not  {filter}

The same filter compiles to an ORM `Q` over Person (`compile_q`) and to a Python predicate on
a profile rebuilt as of the day (`matches`), used for the few profiles changed afterwards.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from hientai.catalogs.models import Code
from hientai.indicators.periods import Period
from hientai.registry import models as r

KINH = "01"
PASSED_DIGITAL = ("Đạt", "Khá", "Tốt")
DEFAULT_STATUS = ("active",)
VQF_RANK = {"VQF4": 4, "VQF5": 5, "VQF6": 6, "VQF7": 7, "VQF8": 8}
CODE_SCHEMES = (
    "person_category",
    "degree",
    "academic_title",
    "st_field",
    "strategic_technology",
    "training_topic",
    "ethnic_group",
)
KEYS = {
    "status",
    "category",
    "gender",
    "age_under",
    "age_at_least",
    "ethnic_minority",
    "unit_kind",
    "degree",
    "degree_at_least",
    "academic_title",
    "st_field_prefix",
    "strategic_technology",
    "sector",
    "leader",
    "training",
    "trained_in_period",
    "trained_in_year",
    "digital_skills",
    "award",
    "any",
    "all",
    "not",
}


class FilterError(ValueError):
    """A definition that cannot be evaluated (message translated)."""


@dataclass
class Codes:
    """Code ids by (scheme, code) and back, loaded once per evaluation (one query)."""

    ids: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    by_id: dict[int, tuple[str, str, dict]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Codes:
        codes = cls()
        rows = Code.objects.filter(scheme__key__in=CODE_SCHEMES).values_list(
            "id", "scheme__key", "code", "extra"
        )
        for pk, scheme, code, extra in rows:
            codes.ids.setdefault((scheme, code), []).append(pk)
            codes.by_id[pk] = (scheme, code, extra or {})
        return codes

    def of(self, scheme: str, values: list[str] | tuple[str, ...]) -> list[int]:
        return [pk for value in values for pk in self.ids.get((scheme, value), [])]

    def with_prefix(self, scheme: str, prefixes: list[str]) -> list[int]:
        return [
            pk
            for pk, (key, code, _extra) in self.by_id.items()
            if key == scheme and any(code == p or code.startswith(p) for p in prefixes)
        ]

    def where(self, scheme: str, test: Callable[[str, dict], bool]) -> list[int]:
        return [
            pk
            for pk, (key, code, extra) in self.by_id.items()
            if key == scheme and test(code, extra)
        ]


@dataclass
class Context:
    """What a filter is evaluated against: the day (period end), the period, the codes."""

    period: Period
    codes: Codes
    unit_kinds: dict[int, str] = field(default_factory=dict)

    @property
    def day(self) -> datetime.date:
        return self.period.end


# ----------------------------------------------------------------------------- validation


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def validate_filter(spec: Any) -> None:
    if not isinstance(spec, dict):
        raise FilterError(_("A filter must be a set of conditions (a JSON object)."))
    unknown = sorted(set(spec) - KEYS)
    if unknown:
        raise FilterError(_("Unknown filter condition: %(names)s.") % {"names": ", ".join(unknown)})
    for key in ("any", "all"):
        if key in spec:
            if not isinstance(spec[key], list):
                raise FilterError(_("“%(key)s” must be a list of filters.") % {"key": key})
            for part in spec[key]:
                validate_filter(part)
    if "not" in spec:
        validate_filter(spec["not"])
    for key in ("age_under", "age_at_least"):
        if key in spec and not isinstance(spec[key], int):
            raise FilterError(_("“%(key)s” must be a whole number.") % {"key": key})
    if "degree_at_least" in spec and not isinstance(spec["degree_at_least"], str):
        raise FilterError(_("“degree_at_least” must be one degree code."))
    for key in ("training", "award"):
        if key in spec and not isinstance(spec[key], dict):
            raise FilterError(_("“%(key)s” must be a JSON object.") % {"key": key})


def validate_definition(definition: Any) -> None:
    """Raise FilterError (translated) when a computed indicator's definition is malformed."""
    if not isinstance(definition, dict) or "numerator" not in definition:
        raise FilterError(_("A computed indicator needs a numerator filter."))
    validate_filter(definition["numerator"])
    denominator = definition.get("denominator")
    if denominator not in (None, "population"):
        validate_filter(denominator)
    scale = definition.get("scale", 1)
    if not isinstance(scale, (int, float)) or scale <= 0:
        raise FilterError(_("The scale must be a positive number."))


def with_default_status(spec: dict) -> dict:
    return spec if "status" in spec else {**spec, "status": list(DEFAULT_STATUS)}


# ----------------------------------------------------------------------------- ORM


def _degree_ids(spec: dict, ctx: Context) -> list[int]:
    ids = ctx.codes.of("degree", _as_list(spec.get("degree")))
    if "degree_at_least" in spec:
        floor_code = spec["degree_at_least"]
        floor = [
            VQF_RANK.get(extra.get("vqf", ""), 0)
            for pk, (key, code, extra) in ctx.codes.by_id.items()
            if key == "degree" and code == floor_code
        ]
        if not floor:
            raise FilterError(_("Unknown degree code “%(code)s”.") % {"code": floor_code})
        ids += ctx.codes.where(
            "degree", lambda _code, extra: VQF_RANK.get(extra.get("vqf", ""), 0) >= floor[0]
        )
    return ids


def _window(spec_within: Any, ctx: Context) -> datetime.date | None:
    """The first day counted by a "within"/"since" value (None = ever)."""
    if spec_within in (None, "ever"):
        return None
    if spec_within == "period":
        return ctx.period.start
    if isinstance(spec_within, int):
        return datetime.date(spec_within, 1, 1)
    raise FilterError(_("“within” must be “period”, “ever” or a year."))


def _training(spec: dict) -> dict | None:
    if "training" in spec:
        return spec["training"]
    if spec.get("trained_in_period") or spec.get("trained_in_year"):
        return {"within": "period"}
    return None


def _ids_in(model: Any, **lookups: Any) -> Any:
    """`person_id IN (SELECT ...)`: SQLite and PostgreSQL build the set once per query."""
    return model.objects.filter(**lookups).values("person_id")


def compile_q(spec: dict, ctx: Context) -> Q:
    """The filter as a Q over Person, evaluated as of `ctx.day`."""

    day = ctx.day
    q = Q()
    status = spec.get("status")
    if status not in (None, "any"):
        q &= Q(
            pk__in=r.StatusPeriod.objects.filter(
                Q(effective_to__isnull=True) | Q(effective_to__gte=day),
                status__in=_as_list(status),
                effective_from__lte=day,
            ).values("person_id")
        )
    if "category" in spec:
        through = r.Person.categories.through
        ids = ctx.codes.of("person_category", _as_list(spec["category"]))
        q &= Q(pk__in=through.objects.filter(code_id__in=ids).values("person_id"))
    if "gender" in spec:
        q &= Q(gender__in=_as_list(spec["gender"]))
    if "age_under" in spec:
        q &= Q(birth_year__gt=day.year - spec["age_under"])
    if "age_at_least" in spec:
        q &= Q(birth_year__lte=day.year - spec["age_at_least"])
    if "ethnic_minority" in spec:
        kinh = ctx.codes.of("ethnic_group", [KINH])
        if spec["ethnic_minority"]:
            q &= Q(ethnic_group_id__isnull=False) & ~Q(ethnic_group_id__in=kinh)
        else:
            q &= Q(ethnic_group_id__in=kinh)
    if "unit_kind" in spec:
        q &= Q(unit__kind__in=_as_list(spec["unit_kind"]))
    if "degree" in spec or "degree_at_least" in spec:
        q &= Q(
            pk__in=r.Qualification.objects.filter(
                Q(year__isnull=True) | Q(year__lte=day.year), degree_id__in=_degree_ids(spec, ctx)
            ).values("person_id")
        )
    if "academic_title" in spec:
        ids = ctx.codes.of("academic_title", _as_list(spec["academic_title"]))
        q &= Q(
            pk__in=r.AcademicTitle.objects.filter(
                Q(year__isnull=True) | Q(year__lte=day.year), title_id__in=ids
            ).values("person_id")
        )
    if "st_field_prefix" in spec:
        ids = ctx.codes.with_prefix("st_field", _as_list(spec["st_field_prefix"]))
        through = r.Person.st_fields.through
        q &= Q(pk__in=through.objects.filter(code_id__in=ids).values("person_id")) | Q(
            pk__in=r.Qualification.objects.filter(
                Q(year__isnull=True) | Q(year__lte=day.year), st_field_id__in=ids
            ).values("person_id")
        )
    if "strategic_technology" in spec:
        through = r.Person.strategic_technologies.through
        wanted = spec["strategic_technology"]
        links = through.objects.all()
        if wanted is not True:
            ids = ctx.codes.with_prefix("strategic_technology", _as_list(wanted))
            links = links.filter(code_id__in=ids)
        q &= Q(pk__in=links.values("person_id"))
    running = Q(start__isnull=True) | Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day)
    if "sector" in spec:
        q &= Q(
            pk__in=r.Employment.objects.filter(
                *running, sector__in=_as_list(spec["sector"])
            ).values("person_id")
        )
    if "leader" in spec:
        leaders = Q(
            pk__in=r.Employment.objects.filter(*running, is_division_leader_or_above=True).values(
                "person_id"
            )
        )
        q &= leaders if spec["leader"] else ~leaders
    training = _training(spec)
    if training is not None:
        trainings = r.TrainingRecord.objects.filter(end__isnull=False, end__lte=day)
        first = _window(training.get("within", "period"), ctx)
        if first is not None:
            trainings = trainings.filter(end__gte=first)
        if training.get("topics"):
            trainings = trainings.filter(
                topic_id__in=ctx.codes.of("training_topic", _as_list(training["topics"]))
            )
        q &= Q(pk__in=trainings.values("person_id"))
    if "digital_skills" in spec:
        wanted = spec["digital_skills"]
        results = PASSED_DIGITAL if wanted in (True, "passed") else _as_list(wanted)
        q &= Q(
            pk__in=r.SkillAssessment.objects.filter(
                Q(assessed_on__isnull=True) | Q(assessed_on__lte=day),
                kind="digital_skills",
                result__in=results,
            ).values("person_id")
        )
    if "award" in spec:
        award = spec["award"]
        first = _window(award.get("since", "ever"), ctx)
        awards = r.Award.objects.filter(year__lte=day.year)
        if first is not None:
            awards = awards.filter(year__gte=first.year)
        if award.get("levels"):
            awards = awards.filter(level__in=_as_list(award["levels"]))
        q &= Q(pk__in=awards.values("person_id"))
    if "any" in spec:
        alternatives = Q(pk__in=[])
        for part in spec["any"]:
            alternatives |= compile_q(part, ctx)
        q &= alternatives
    for part in spec.get("all", []):
        q &= compile_q(part, ctx)
    if "not" in spec:
        q &= ~compile_q(spec["not"], ctx)
    return q


# ----------------------------------------------------------------------------- Python


def _date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _int(value: Any) -> int | None:
    return None if value in (None, "") else int(value)


def matches(spec: dict, state: Any, ctx: Context) -> bool:
    """Whether a profile rebuilt as of `ctx.day` (history.PersonState) matches the filter."""
    person, parts, day = state.person, state.parts, ctx.day

    def running(row: dict, start: str = "start", end: str = "end") -> bool:
        begins, ends = _date(row.get(start)), _date(row.get(end))
        return (begins is None or begins <= day) and (ends is None or ends >= day)

    def obtained(row: dict) -> bool:
        year = _int(row.get("year"))
        return year is None or year <= day.year

    status = spec.get("status")
    if status not in (None, "any"):
        periods = parts.get("statusperiod", [])
        if not any(
            row.get("status") in _as_list(status) and running(row, "effective_from", "effective_to")
            for row in periods
        ):
            return False
    if "category" in spec:
        ids = set(ctx.codes.of("person_category", _as_list(spec["category"])))
        if not ids & set(person.get("categories") or []):
            return False
    if "gender" in spec and person.get("gender") not in _as_list(spec["gender"]):
        return False
    birth_year = _int(person.get("birth_year"))
    if "age_under" in spec and not (birth_year and birth_year > day.year - spec["age_under"]):
        return False
    if "age_at_least" in spec and not (
        birth_year and birth_year <= day.year - spec["age_at_least"]
    ):
        return False
    if "ethnic_minority" in spec:
        group = person.get("ethnic_group_id")
        minority = group is not None and group not in ctx.codes.of("ethnic_group", [KINH])
        if bool(spec["ethnic_minority"]) != minority:
            return False
    if "unit_kind" in spec and ctx.unit_kinds.get(person.get("unit_id")) not in _as_list(
        spec["unit_kind"]
    ):
        return False
    if "degree" in spec or "degree_at_least" in spec:
        ids = set(_degree_ids(spec, ctx))
        if not any(
            row.get("degree_id") in ids and obtained(row) for row in parts.get("qualification", [])
        ):
            return False
    if "academic_title" in spec:
        ids = set(ctx.codes.of("academic_title", _as_list(spec["academic_title"])))
        if not any(
            row.get("title_id") in ids and obtained(row) for row in parts.get("academictitle", [])
        ):
            return False
    if "st_field_prefix" in spec:
        ids = set(ctx.codes.with_prefix("st_field", _as_list(spec["st_field_prefix"])))
        own = ids & set(person.get("st_fields") or [])
        studied = any(
            row.get("st_field_id") in ids and obtained(row)
            for row in parts.get("qualification", [])
        )
        if not (own or studied):
            return False
    if "strategic_technology" in spec:
        mine = set(person.get("strategic_technologies") or [])
        wanted = spec["strategic_technology"]
        if wanted is not True:
            mine &= set(ctx.codes.with_prefix("strategic_technology", _as_list(wanted)))
        if not mine:
            return False
    jobs = [row for row in parts.get("employment", []) if running(row)]
    if "sector" in spec and not any(row.get("sector") in spec["sector"] for row in jobs):
        return False
    if "leader" in spec:
        leads = any(row.get("is_division_leader_or_above") for row in jobs)
        if bool(spec["leader"]) != leads:
            return False
    training = _training(spec)
    if training is not None:
        first = _window(training.get("within", "period"), ctx)
        topics = set(ctx.codes.of("training_topic", _as_list(training.get("topics"))))
        found = False
        for row in parts.get("trainingrecord", []):
            end = _date(row.get("end"))
            if end is None or end > day or (first is not None and end < first):
                continue
            if topics and row.get("topic_id") not in topics:
                continue
            found = True
            break
        if not found:
            return False
    if "digital_skills" in spec:
        wanted = spec["digital_skills"]
        results = PASSED_DIGITAL if wanted in (True, "passed") else _as_list(wanted)
        if not any(
            row.get("kind") == "digital_skills"
            and row.get("result") in results
            and (_date(row.get("assessed_on")) is None or _date(row.get("assessed_on")) <= day)
            for row in parts.get("skillassessment", [])
        ):
            return False
    if "award" in spec:
        award = spec["award"]
        first = _window(award.get("since", "ever"), ctx)
        levels = _as_list(award.get("levels"))
        if not any(
            _int(row.get("year")) is not None
            and _int(row.get("year")) <= day.year
            and (first is None or _int(row.get("year")) >= first.year)
            and (not levels or row.get("level") in levels)
            for row in parts.get("award", [])
        ):
            return False
    if "any" in spec and not any(matches(part, state, ctx) for part in spec["any"]):
        return False
    if any(not matches(part, state, ctx) for part in spec.get("all", [])):
        return False
    return not ("not" in spec and matches(spec["not"], state, ctx))


# ----------------------------------------------------------------------------- atoms

Formula = tuple  # ("atom", i) | ("and", [...]) | ("or", [...]) | ("not", formula)


class Atoms:
    """The distinct elementary conditions of many filters, each evaluated once per person.

    `formula(spec)` turns a filter into a boolean formula over atom numbers; `columnar`
    computes each atom once as a column over all people and combines them per indicator.
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.index: dict[str, int] = {}
        self.specs: list[dict] = []

    def _atom(self, spec: dict) -> Formula:
        import json

        key = json.dumps(spec, sort_keys=True, default=str)
        if key not in self.index:
            self.index[key] = len(self.specs)
            self.specs.append(spec)
        return ("atom", self.index[key])

    def formula(self, spec: dict) -> Formula:
        parts: list[Formula] = []
        degree = {k: spec[k] for k in ("degree", "degree_at_least") if k in spec}
        if degree:
            parts.append(self._atom(degree))  # one condition, as compile_q reads them
        for key, value in spec.items():
            if key in ("degree", "degree_at_least"):
                continue
            if key == "any":
                parts.append(("or", [self.formula(part) for part in value]))
            elif key == "all":
                parts.extend(self.formula(part) for part in value)
            elif key == "not":
                parts.append(("not", self.formula(value)))
            elif key == "status" and value == "any":
                continue
            else:
                parts.append(self._atom({key: value}))
        return ("and", parts)
