"""The data-quality rules: "đúng – đủ – sạch – sống" (correct, complete, clean, live).

Each rule is data (code, family, severity, field, a short title, a translatable
explanation template, the reason it exists) plus one check function. A check
receives the profile and a `CheckContext` and yields `Hit`s; `Rule.check` turns
them into `Finding`s. Checks read related records through `context.related()` and
`context.code_ids()`, which the engine preloads for a whole chunk of profiles, so a
check never issues a query of its own per profile.

Rules fire only on their own condition: a rule that needs a well-formed value
(e.g. the digits of a personal ID) stays silent while another rule reports the
malformed value. `docs/quality-rules.md` is generated from this registry
(`hientai quality --write-docs`).
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hientai.quality.context import CheckContext, birth_year_of
from hientai.quality.models import Family, Severity
from hientai.registry.models import Gender, Status

CORRECT, COMPLETE, CLEAN, LIVE = Family.CORRECT, Family.COMPLETE, Family.CLEAN, Family.LIVE
ERROR, WARNING = Severity.ERROR, Severity.WARNING


@dataclass
class Finding:
    """One problem found by one rule; `params` fill the rule's explanation template."""

    rule: str
    family: str
    severity: str
    field: str
    # dataclasses.field: the `field` attribute above shadows the import in this class body.
    params: dict[str, Any] = dataclasses.field(default_factory=dict)
    suggested: str = ""

    @property
    def message(self) -> str:
        return explain(self.rule, self.params, self.field)


@dataclass
class Hit:
    """What a check function reports; the rule adds code, family and severity."""

    params: dict[str, Any] = field(default_factory=dict)
    field: str = ""
    suggested: str = ""


CheckFunction = Callable[[Any, CheckContext], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    family: str
    severity: str
    field: str
    title: str | Promise
    message: str | Promise
    why: str
    function: CheckFunction

    def check(self, person: Any, context: CheckContext) -> list[Finding]:
        return [
            Finding(
                rule=self.code,
                family=str(self.family),
                severity=str(self.severity),
                field=hit.field or self.field,
                params=hit.params,
                suggested=str(hit.suggested)[:255],
            )
            for hit in self.function(person, context)
        ]

    def explain(self, params: dict[str, Any], field_path: str = "") -> str:
        template = str(self.message)
        try:
            return template % display_params(params, field_path or self.field)
        except (KeyError, TypeError, ValueError):
            return template  # params of an older version of the rule: show the text as is


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    family: str,
    severity: str,
    field_path: str,
    *,
    title: str | Promise,
    message: str | Promise,
    why: str,
) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated check function as the rule `code`."""

    def register(function: CheckFunction) -> CheckFunction:
        if code in RULES:
            raise ValueError(f"duplicate quality rule {code}")
        RULES[code] = Rule(code, family, severity, field_path, title, message, why, function)
        return function

    return register


def explain(code: str, params: dict[str, Any], field_path: str = "") -> str:
    """The explanation of a stored finding in the active language."""
    found = RULES.get(code)
    return found.explain(params or {}, field_path) if found else code


# -- field labels and parameter display -------------------------------------------

FIELD_LABELS: dict[str, Promise] = {
    "family_name": _("family name"),
    "middle_name": _("middle name"),
    "given_name": _("given name"),
    "other_names": _("other names"),
    "address": _("address"),
    "overseas_city": _("city abroad"),
    "keywords": _("expertise keywords"),
    "birth_date": _("date of birth"),
    "birth_year": _("year of birth"),
    "gender": _("gender"),
    "personal_id": _("personal ID number"),
    "old_id_number": _("old ID card number"),
    "last_verified_on": _("last verified on"),
    "ethnic_group": _("ethnic group"),
    "nationality": _("nationality"),
    "overseas_country": _("country of residence abroad"),
    "categories": _("categories"),
    "st_fields": _("S&T fields"),
    "strategic_technologies": _("strategic technologies"),
    "qualification.year": _("year of a qualification"),
    "qualification.level": _("level of a qualification"),
    "qualification.degree": _("degree of a qualification"),
    "qualification.st_field": _("S&T field of a qualification"),
    "qualification.country": _("country of a qualification"),
    "qualification.major": _("major of a qualification"),
    "qualification.institution": _("institution of a qualification"),
    "academic_title.title": _("academic title"),
    "academic_title.year": _("year of an academic title"),
    "language.language": _("foreign language"),
    "language.level": _("level of a foreign language"),
    "employment.start": _("start of an employment record"),
    "employment.occupation_group": _("occupation group of an employment record"),
    "employment.position": _("position in an employment record"),
    "employment.organization": _("organisation in an employment record"),
    "training.start": _("start of a training record"),
    "training.topic": _("topic of a training record"),
    "publication.year": _("year of a publication"),
    "award.year": _("year of an award"),
    "patent.filed_on": _("filing date of a patent"),
    "patent.granted_on": _("grant date of a patent"),
    "st_project.accepted_on": _("acceptance date of an S&T task"),
    "assessment.assessed_on": _("date of a skill assessment"),
}


def field_label(field_path: str) -> str:
    label = FIELD_LABELS.get(field_path)
    return str(label) if label is not None else field_path


def _choice_label(choices: Any, value: Any) -> str:
    return str(choices(value).label) if value in choices.values else str(value)


def display_params(params: dict[str, Any], field_path: str) -> dict[str, Any]:
    """Stored params are plain values; translate the ones that name a field or a choice."""
    values = dict(params)
    values["field_label"] = field_label(field_path)
    for key in ("status", "timeline_status"):
        if key in values:
            values[key] = _choice_label(Status, values[key])
    if "gender" in values:
        values["gender"] = _choice_label(Gender, values["gender"])
    return values


def display_suggestion(code: str, suggested: str) -> str:
    """A suggested value as the officer reads it (status codes become their labels)."""
    found = RULES.get(code)
    if found and found.field == "status" and suggested in Status.values:
        return str(Status(suggested).label)
    return suggested


# -- helpers ----------------------------------------------------------------------

# Annex of Circular 07/2016/TT-BCA: provinces of birth registration (pre-2025, 001–096).
PROVINCE_CODES = frozenset(
    {
        "001",
        "002",
        "004",
        "006",
        "008",
        "010",
        "011",
        "012",
        "014",
        "015",
        "017",
        "019",
        "020",
        "022",
        "024",
        "025",
        "026",
        "027",
        "030",
        "031",
        "033",
        "034",
        "035",
        "036",
        "037",
        "038",
        "040",
        "042",
        "044",
        "045",
        "046",
        "048",
        "049",
        "051",
        "052",
        "054",
        "056",
        "058",
        "060",
        "062",
        "064",
        "066",
        "067",
        "068",
        "070",
        "072",
        "074",
        "075",
        "077",
        "079",
        "080",
        "082",
        "083",
        "084",
        "086",
        "087",
        "089",
        "091",
        "092",
        "093",
        "094",
        "095",
        "096",
    }
)
ABROAD_CATEGORIES = frozenset({"overseas_vietnamese", "foreign_expert"})
EXPERT_CATEGORIES = frozenset({"expert", "scientist", "intellectual"})
BACHELOR_RANK = 6  # VQF level 6 (Đại học)
MINIMUM_AGE = 15
RETIREMENT_WARNING_AGE = 65
FIRST_BIRTH_YEAR = 1900

_TWELVE_DIGITS = re.compile(r"[0-9]{12}")
_NINE_DIGITS = re.compile(r"[0-9]{9}")
_SEPARATORS = re.compile(r"[\s.\-/()]")
_VN_NATIONAL = re.compile(r"[35789][0-9]{8}|2[0-9]{9}")
_INTERNATIONAL = re.compile(r"\+[1-9][0-9]{6,14}")
_ORCID = re.compile(r"[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]")
_SPACES = re.compile(r"\s{2,}|[\t\r\n]")

PERSON_TEXT_FIELDS = (
    "family_name",
    "middle_name",
    "given_name",
    "other_names",
    "address",
    "overseas_city",
    "keywords",
)
NAME_FIELDS = ("family_name", "middle_name", "given_name")
PART_TEXT_FIELDS = (
    ("qualifications", "qualification", ("major", "institution")),
    ("employments", "employment", ("position", "organization")),
)
PERSON_CODE_FIELDS = (
    ("ethnic_group", "ethnic_group"),
    ("nationality", "country"),
    ("overseas_country", "country"),
)
PERSON_M2M_CODES = (
    ("categories", "person_category"),
    ("st_fields", "st_field"),
    ("strategic_technologies", "strategic_technology"),
)
PART_CODE_FIELDS = (
    (
        "qualifications",
        "qualification",
        (
            ("level", "qualification_level"),
            ("degree", "degree"),
            ("st_field", "st_field"),
            ("country", "country"),
        ),
    ),
    ("academic_titles", "academic_title", (("title", "academic_title"),)),
    ("languages", "language", (("language", "language"), ("level", "language_level"))),
    ("employments", "employment", (("occupation_group", "occupation_group"),)),
    ("trainings", "training", (("topic", "training_topic"),)),
)
# Dates and years that record something that already happened.
PART_PAST_DATES = (
    ("qualifications", "qualification", "year"),
    ("academic_titles", "academic_title", "year"),
    ("publications", "publication", "year"),
    ("awards", "award", "year"),
    ("patents", "patent", "filed_on"),
    ("patents", "patent", "granted_on"),
    ("st_projects", "st_project", "accepted_on"),
    ("assessments", "assessment", "assessed_on"),
    ("employments", "employment", "start"),
    ("trainings", "training", "start"),
)


def _day(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "…"


def _categories(person: Any, context: CheckContext) -> set[str]:
    return {
        info.code
        for code_id in context.code_ids(person, "categories")
        if (info := context.code(code_id))
    }


def _lives_abroad(person: Any, context: CheckContext) -> bool:
    return bool(person.overseas_kind) or bool(_categories(person, context) & ABROAD_CATEGORIES)


def _birth_year(person: Any) -> int | None:
    return birth_year_of(person.birth_year, person.birth_date)


def _plausible_birth_year(person: Any, today: datetime.date) -> int | None:
    """The year of birth when it passes correct.birth_year.range; rules that build on it
    stay silent otherwise, so one wrong year is reported once."""
    year = _birth_year(person)
    return year if year is not None and FIRST_BIRTH_YEAR <= year <= today.year else None


def _age(person: Any, today: datetime.date) -> int | None:
    year = _plausible_birth_year(person, today)
    if year is None:
        return None
    if person.birth_date:
        return person.age_on(today)
    return today.year - year


def _one_year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _compact(value: str) -> str:
    return _SEPARATORS.sub("", value)


def parse_phone(raw: str) -> str | None:
    """The phone number in E.164 form (+84… for Vietnam), or None when it is not valid.

    Vietnamese numbers: mobile 0[35789]xxxxxxxx, landline 02xxxxxxxxx, with or
    without +84/0084/84 instead of the leading 0. Other countries: + and 7 to 15
    digits (E.164)."""
    compact = _compact(raw)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+84"):
        national = compact[3:]
    elif compact.startswith("84") and len(compact) in (11, 12):
        national = compact[2:]
    elif compact.startswith("0"):
        national = compact[1:]
    elif _INTERNATIONAL.fullmatch(compact):
        return compact
    else:
        return None
    return "+84" + national if _VN_NATIONAL.fullmatch(national) else None


def orcid_check_digit(base_digits: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def _title_word(word: str) -> str:
    # Only words written all in lower or all in upper case: "McLean" is left alone.
    if word.islower() or (word.isupper() and len(word) > 1):
        return word[:1].upper() + word[1:].lower()
    return word


def title_case(value: str) -> str:
    return " ".join(_title_word(word) for word in unicodedata.normalize("NFC", value).split())


def _text_values(person: Any, context: CheckContext) -> Iterator[tuple[str, str, int | None]]:
    """(field path, value, record id) of every free-text field the clean rules look at."""
    for name in PERSON_TEXT_FIELDS:
        yield name, getattr(person, name) or "", None
    for related, prefix, names in PART_TEXT_FIELDS:
        for record in context.related(person, related):
            for name in names:
                yield f"{prefix}.{name}", getattr(record, name) or "", record.pk


def _coded_values(person: Any, context: CheckContext) -> Iterator[tuple[str, str, int | None, int]]:
    """(field path, expected code-list key, record id, code id) of every coded value."""
    for name, scheme in PERSON_CODE_FIELDS:
        code_id = getattr(person, f"{name}_id")
        if code_id:
            yield name, scheme, None, code_id
    for name, scheme in PERSON_M2M_CODES:
        for code_id in context.code_ids(person, name):
            yield name, scheme, None, code_id
    for related, prefix, fields in PART_CODE_FIELDS:
        for record in context.related(person, related):
            for name, scheme in fields:
                code_id = getattr(record, f"{name}_id")
                if code_id:
                    yield f"{prefix}.{name}", scheme, record.pk, code_id


def _record(params: dict[str, Any], record_id: int | None) -> dict[str, Any]:
    if record_id is not None:
        params["record_id"] = record_id
    return params


def _current_periods(person: Any, context: CheckContext) -> list[Any]:
    today = context.today
    return sorted(
        (
            period
            for period in context.related(person, "status_periods")
            if period.effective_from <= today
            and (period.effective_to is None or period.effective_to >= today)
        ),
        key=lambda period: period.effective_from,
    )


def _rank(context: CheckContext, code_id: int | None, attribute: str) -> int:
    info = context.code(code_id)
    if info is None:
        return 0
    value = str(info.extra.get(attribute, "")).upper().removeprefix("VQF")
    return int(value) if value.isdigit() else 0


# =================================================================================
# correct (đúng): values that are true to the facts and to the official formats
# =================================================================================


@rule(
    "correct.personal_id.format",
    CORRECT,
    ERROR,
    "personal_id",
    title=_("Personal ID number has 12 digits"),
    message=_("The personal ID number “%(value)s” must be exactly 12 digits."),
    why=(
        "The personal identification number (số định danh cá nhân, the CCCD number) is a "
        "12-digit number (Decree 137/2015/NĐ-CP, Law on Identity 2023 art. 12), digits only."
    ),
)
def _personal_id_format(person: Any, context: CheckContext) -> Iterator[Hit]:
    value = person.personal_id
    if value and not _TWELVE_DIGITS.fullmatch(value):
        yield Hit({"value": value})


@rule(
    "correct.personal_id.province",
    CORRECT,
    ERROR,
    "personal_id",
    title=_("Personal ID number starts with a birth-registration code"),
    message=_(
        "The personal ID number starts with %(prefix)s, which is not the code of a province "
        "of birth registration (or, for a person living abroad, of a country)."
    ),
    why=(
        "Digits 1–3 are the province where the birth was registered (annex of Circular "
        "07/2016/TT-BCA: the 63 codes 001–096, e.g. Đồng Nai 075, Bình Phước 070), or the "
        "country code for a birth registered abroad. A country code (ISO 3166-1 numeric, not "
        "Viet Nam's 704) is accepted only on profiles of people living abroad or foreign "
        "experts (overseas status or category); anything else is a typing error."
    ),
)
def _personal_id_province(person: Any, context: CheckContext) -> Iterator[Hit]:
    value = person.personal_id
    if not _TWELVE_DIGITS.fullmatch(value or ""):
        return
    prefix = value[:3]
    if prefix in PROVINCE_CODES:
        return
    if _lives_abroad(person, context) and prefix in context.country_numeric_codes():
        return
    yield Hit({"prefix": prefix})


@rule(
    "correct.personal_id.gender_century",
    CORRECT,
    ERROR,
    "personal_id",
    title=_("Personal ID number: digit 4 matches gender and century of birth"),
    message=_(
        "Digit 4 of the personal ID number is %(digit)s, but the gender and year of birth in "
        "the profile call for %(expected)s."
    ),
    why=(
        "Digit 4 encodes the century of birth and the gender (Circular 07/2016/TT-BCA): "
        "0/1 for a man/woman born 1900–1999, 2/3 for 2000–2099, 4/5 for 2100–2199 and so "
        "on. The digit is checked against the gender when it is male or female and against "
        "the year of birth when it is known."
    ),
)
def _personal_id_gender_century(person: Any, context: CheckContext) -> Iterator[Hit]:
    value = person.personal_id
    if not _TWELVE_DIGITS.fullmatch(value or ""):
        return
    year = _plausible_birth_year(person, context.today)
    sex = {Gender.MALE: 0, Gender.FEMALE: 1}.get(person.gender)
    if year is None and sex is None:
        return
    centuries = [(year // 100) - 19] if year is not None else list(range(5))
    sexes = [sex] if sex is not None else [0, 1]
    allowed = sorted(2 * century + offset for century in centuries for offset in sexes)
    digit = int(value[3])
    if digit not in allowed:
        yield Hit({"digit": digit, "expected": " / ".join(str(item) for item in allowed)})


@rule(
    "correct.personal_id.birth_year",
    CORRECT,
    ERROR,
    "personal_id",
    title=_("Personal ID number: digits 5–6 match the year of birth"),
    message=_(
        "Digits 5–6 of the personal ID number are %(digits)s, but the year of birth is %(year)s."
    ),
    why="Digits 5–6 are the last two digits of the year of birth (Circular 07/2016/TT-BCA).",
)
def _personal_id_birth_year(person: Any, context: CheckContext) -> Iterator[Hit]:
    value = person.personal_id
    year = _plausible_birth_year(person, context.today)
    if _TWELVE_DIGITS.fullmatch(value or "") and year and value[4:6] != f"{year % 100:02d}":
        yield Hit({"digits": value[4:6], "year": year})


@rule(
    "correct.old_id.format",
    CORRECT,
    ERROR,
    "old_id_number",
    title=_("Old ID card number has 9 digits"),
    message=_("The old ID card number “%(value)s” must be exactly 9 digits."),
    why="The old identity card (CMND) number has 9 digits.",
)
def _old_id_format(person: Any, context: CheckContext) -> Iterator[Hit]:
    value = person.old_id_number
    if value and not _NINE_DIGITS.fullmatch(value):
        yield Hit({"value": value})


@rule(
    "correct.birth_year.range",
    CORRECT,
    ERROR,
    "birth_year",
    title=_("Year of birth is plausible"),
    message=_(
        "The year of birth %(year)s is not plausible: it must be between 1900 and %(this_year)s."
    ),
    why="A year of birth before 1900 or after this year is a typing error.",
)
def _birth_year_range(person: Any, context: CheckContext) -> Iterator[Hit]:
    year = _birth_year(person)
    if year is not None and not FIRST_BIRTH_YEAR <= year <= context.today.year:
        yield Hit({"year": year, "this_year": context.today.year})


@rule(
    "correct.birth_year.mismatch",
    CORRECT,
    ERROR,
    "birth_year",
    title=_("Year of birth agrees with the date of birth"),
    message=_("The year of birth %(year)s differs from the date of birth %(date)s."),
    why="When both are given they must agree; the year of the date of birth is suggested.",
)
def _birth_year_mismatch(person: Any, context: CheckContext) -> Iterator[Hit]:
    if person.birth_date and person.birth_year and person.birth_date.year != person.birth_year:
        yield Hit(
            {"year": person.birth_year, "date": _day(person.birth_date)},
            suggested=str(person.birth_date.year),
        )


@rule(
    "correct.age.minimum",
    CORRECT,
    ERROR,
    "birth_year",
    title=_("Person is at least 15 years old"),
    message=_("The person is %(age)s years old; the registry keeps people aged 15 or over."),
    why=("Working age starts at 15 (Labour Code 2019); a younger age means a wrong date of birth."),
)
def _age_minimum(person: Any, context: CheckContext) -> Iterator[Hit]:
    age = _age(person, context.today)
    if age is not None and 0 <= age < MINIMUM_AGE:
        yield Hit({"age": age})


@rule(
    "correct.date.future",
    CORRECT,
    ERROR,
    "dates",
    title=_("No date of a past event lies in the future"),
    message=_("The %(field_label)s (%(value)s) lies in the future."),
    why=(
        "Dates that record something that has happened (birth, verification, degrees, "
        "titles, publications, awards, patents, accepted S&T tasks, assessments, the start "
        "of a job or a course) cannot be later than today; for years, later than this year. "
        "End dates and future status periods may be planned and are not checked."
    ),
)
def _date_future(person: Any, context: CheckContext) -> Iterator[Hit]:
    today = context.today
    for name in ("birth_date", "last_verified_on"):
        value = getattr(person, name)
        if value and value > today:
            yield Hit({"value": _day(value)}, field=name)
    for related, prefix, name in PART_PAST_DATES:
        for record in context.related(person, related):
            value = getattr(record, name)
            if isinstance(value, datetime.date):
                if value > today:
                    yield Hit(_record({"value": _day(value)}, record.pk), field=f"{prefix}.{name}")
            elif value and value > today.year:
                yield Hit(_record({"value": value}, record.pk), field=f"{prefix}.{name}")


@rule(
    "correct.qualification.year",
    CORRECT,
    ERROR,
    "qualification.year",
    title=_("Qualification obtained at 15 or later"),
    message=_(
        "A qualification is dated %(year)s, less than 15 years after the year of birth "
        "(%(birth_year)s)."
    ),
    why="No qualification of the national framework is obtained before the age of 15.",
)
def _qualification_year(person: Any, context: CheckContext) -> Iterator[Hit]:
    birth_year = _plausible_birth_year(person, context.today)
    if not birth_year:
        return
    for record in context.related(person, "qualifications"):
        if record.year and record.year < birth_year + MINIMUM_AGE:
            yield Hit(_record({"year": record.year, "birth_year": birth_year}, record.pk))


@rule(
    "correct.employment.period",
    CORRECT,
    ERROR,
    "employment.start",
    title=_("Employment starts before it ends"),
    message=_("An employment record starts on %(start)s, after it ends (%(end)s)."),
    why="A job cannot end before it starts: one of the two dates is wrong.",
)
def _employment_period(person: Any, context: CheckContext) -> Iterator[Hit]:
    for record in context.related(person, "employments"):
        if record.start and record.end and record.start > record.end:
            yield Hit(_record({"start": _day(record.start), "end": _day(record.end)}, record.pk))


@rule(
    "correct.training.period",
    CORRECT,
    ERROR,
    "training.start",
    title=_("Training starts before it ends"),
    message=_("A training record starts on %(start)s, after it ends (%(end)s)."),
    why="A course cannot end before it starts: one of the two dates is wrong.",
)
def _training_period(person: Any, context: CheckContext) -> Iterator[Hit]:
    for record in context.related(person, "trainings"):
        if record.start and record.end and record.start > record.end:
            yield Hit(_record({"start": _day(record.start), "end": _day(record.end)}, record.pk))


@rule(
    "correct.status.period",
    CORRECT,
    ERROR,
    "status_period.effective_to",
    title=_("Status period starts before it ends"),
    message=_("A status period ends on %(end)s, before it starts (%(start)s)."),
    why="A status period cannot end before it starts.",
)
def _status_period(person: Any, context: CheckContext) -> Iterator[Hit]:
    for period in context.related(person, "status_periods"):
        if period.effective_to and period.effective_to < period.effective_from:
            yield Hit(
                _record(
                    {"start": _day(period.effective_from), "end": _day(period.effective_to)},
                    period.pk,
                )
            )


@rule(
    "correct.status.overlap",
    CORRECT,
    ERROR,
    "status_period.effective_from",
    title=_("Status periods do not overlap"),
    message=_(
        "Two status periods overlap: one runs from %(first_start)s to %(first_end)s, the "
        "next starts on %(second_start)s."
    ),
    why=(
        "A person has one status at a time: the status timeline is the truth behind every "
        "as-of count, so its periods must not overlap."
    ),
)
def _status_overlap(person: Any, context: CheckContext) -> Iterator[Hit]:
    periods = sorted(
        context.related(person, "status_periods"), key=lambda item: (item.effective_from, item.pk)
    )
    for first, second in itertools.pairwise(periods):
        if first.effective_to is None or first.effective_to >= second.effective_from:
            yield Hit(
                _record(
                    {
                        "first_start": _day(first.effective_from),
                        "first_end": _day(first.effective_to),
                        "second_start": _day(second.effective_from),
                    },
                    second.pk,
                )
            )


@rule(
    "correct.code.scheme",
    CORRECT,
    ERROR,
    "codes",
    title=_("Coded values come from the right code list"),
    message=_(
        "The %(field_label)s holds code %(code)s of the code list “%(scheme)s” instead of "
        "“%(expected)s”."
    ),
    why=(
        "Every coded field points at a code of one national or internal code list "
        "(catalogs); a code of another list (e.g. a country as ethnic group) is meaningless "
        "in reports and exchanges."
    ),
)
def _code_scheme(person: Any, context: CheckContext) -> Iterator[Hit]:
    for path, expected, record_id, code_id in _coded_values(person, context):
        info = context.code(code_id)
        if info and info.scheme_key != expected:
            params = {"code": info.code, "scheme": info.scheme_key, "expected": expected}
            yield Hit(_record(params, record_id), field=path)


@rule(
    "correct.code.expired",
    CORRECT,
    ERROR,
    "codes",
    title=_("Coded values are still valid"),
    message=_("The %(field_label)s holds code %(code)s, which is no longer valid since %(end)s."),
    why=(
        "A code whose validity has ended (valid_to in the past) no longer exists in the "
        "official list; the value must be recoded."
    ),
)
def _code_expired(person: Any, context: CheckContext) -> Iterator[Hit]:
    for path, expected, record_id, code_id in _coded_values(person, context):
        info = context.code(code_id)
        if info and info.scheme_key == expected and info.valid_to and info.valid_to < context.today:
            params = {"code": info.code, "end": _day(info.valid_to)}
            yield Hit(_record(params, record_id), field=path)


@rule(
    "correct.code.superseded",
    CORRECT,
    WARNING,
    "codes",
    title=_("Coded values use the current version of their code list"),
    message=_(
        "The %(field_label)s holds code %(code)s of the old version %(version)s of its code "
        "list; recode it against the current version %(current)s."
    ),
    why=(
        "Two versions of a list may live side by side (e.g. ethnic groups of 1979 and "
        "2008); counts mix codes of both only after recoding to the current version. When "
        "the old list carries the mapping, the current code is suggested."
    ),
)
def _code_superseded(person: Any, context: CheckContext) -> Iterator[Hit]:
    for path, expected, record_id, code_id in _coded_values(person, context):
        info = context.code(code_id)
        if info and info.scheme_key == expected and not info.scheme_current:
            current = context.current_version(expected) or "?"
            params = {"code": info.code, "version": info.scheme_version, "current": current}
            yield Hit(
                _record(params, record_id),
                field=path,
                suggested=context.current_equivalent(info),
            )


@rule(
    "correct.email.format",
    CORRECT,
    ERROR,
    "email",
    title=_("E-mail address is well formed"),
    message=_("The e-mail address “%(value)s” is not valid."),
    why="An e-mail address that cannot receive mail makes the profile unreachable.",
)
def _email_format(person: Any, context: CheckContext) -> Iterator[Hit]:
    if person.email:
        try:
            validate_email(person.email)
        except ValidationError:
            yield Hit({"value": person.email}, suggested=person.email.strip().lower())


@rule(
    "correct.phone.format",
    CORRECT,
    ERROR,
    "phone",
    title=_("Phone number is a valid Vietnamese or international number"),
    message=_(
        "The phone number “%(value)s” is neither a Vietnamese mobile or landline number nor "
        "an international number written with + and the country code."
    ),
    why=(
        "Vietnamese mobiles have 10 digits (03, 05, 07, 08, 09…), landlines 11 (02…); "
        "numbers abroad are written +country code and 7–15 digits (E.164). Spaces, dots "
        "and dashes are ignored here (correct.phone.format) and removed by "
        "clean.phone.normalised."
    ),
)
def _phone_format(person: Any, context: CheckContext) -> Iterator[Hit]:
    if person.phone and parse_phone(person.phone) is None:
        yield Hit({"value": person.phone})


@rule(
    "correct.orcid.format",
    CORRECT,
    ERROR,
    "orcid",
    title=_("ORCID iD is written as 0000-0000-0000-0000"),
    message=_(
        "The ORCID iD “%(value)s” must be four groups of four characters separated by "
        "dashes, e.g. 0000-0002-1825-0097."
    ),
    why=(
        "An ORCID iD is 16 characters in four dash-separated groups, the last one possibly "
        "X. A value of 16 characters without dashes gets the dashed form as suggestion."
    ),
)
def _orcid_format(person: Any, context: CheckContext) -> Iterator[Hit]:
    value = person.orcid
    if value and not _ORCID.fullmatch(value):
        compact = _compact(value).upper()
        dashed = "-".join(compact[index : index + 4] for index in range(0, 16, 4))
        suggestion = dashed if len(compact) == 16 and _ORCID.fullmatch(dashed) else ""
        yield Hit({"value": value}, suggested=suggestion)


@rule(
    "correct.orcid.checksum",
    CORRECT,
    ERROR,
    "orcid",
    title=_("ORCID iD has a valid check character"),
    message=_(
        "The ORCID iD %(value)s fails its check character (ISO 7064 MOD 11-2): the last "
        "character should be %(expected)s."
    ),
    why=(
        "The last character of an ORCID iD is an ISO 7064 MOD 11-2 checksum of the first "
        "15 digits; a mismatch means a typing error and a link to someone else's record."
    ),
)
def _orcid_checksum(person: Any, context: CheckContext) -> Iterator[Hit]:
    value = person.orcid
    if value and _ORCID.fullmatch(value):
        expected = orcid_check_digit(value.replace("-", "")[:15])
        if value[-1] != expected:
            yield Hit({"value": value, "expected": expected})


# =================================================================================
# complete (đủ): what every profile, and each category of profile, must contain
# =================================================================================


@rule(
    "complete.name",
    COMPLETE,
    ERROR,
    "family_name",
    title=_("Family name and given name"),
    message=_("The %(field_label)s is missing."),
    why="Every profile needs a family name and a given name (the middle name is optional).",
)
def _complete_name(person: Any, context: CheckContext) -> Iterator[Hit]:
    for name in ("family_name", "given_name"):
        if not (getattr(person, name) or "").strip():
            yield Hit({}, field=name)


@rule(
    "complete.gender",
    COMPLETE,
    ERROR,
    "gender",
    title=_("Gender"),
    message=_("The gender is missing."),
    why="Gender is reported in every plan indicator (share of women among experts…).",
)
def _complete_gender(person: Any, context: CheckContext) -> Iterator[Hit]:
    if not person.gender:
        yield Hit()


@rule(
    "complete.birth",
    COMPLETE,
    ERROR,
    "birth_year",
    title=_("Date or year of birth"),
    message=_("Neither the date nor the year of birth is given."),
    why="Age groups (youth, retirement) and duplicate detection need at least the year.",
)
def _complete_birth(person: Any, context: CheckContext) -> Iterator[Hit]:
    if not person.birth_date and not person.birth_year:
        yield Hit()


@rule(
    "complete.unit",
    COMPLETE,
    ERROR,
    "unit",
    title=_("Managing unit in force"),
    message=_(
        "The managing unit %(unit)s no longer exists (closed on %(end)s); move the profile "
        "to the unit that carries it on."
    ),
    why=(
        "Every profile is kept by a managing unit (the database requires one); a unit closed "
        "by a merger or rename keeps no officers, so its profiles must move to its successor "
        "(suggested from the unit successions)."
    ),
)
def _complete_unit(person: Any, context: CheckContext) -> Iterator[Hit]:
    unit = context.unit(person.unit_id)
    if unit is not None and not unit.is_current(context.today):
        yield Hit(
            {"unit": unit.name, "end": _day(unit.valid_to)},
            suggested=", ".join(context.successor_codes(unit.id)),
        )


@rule(
    "complete.category",
    COMPLETE,
    ERROR,
    "categories",
    title=_("At least one category"),
    message=_("The profile has no category (intellectual, expert, public staff…)."),
    why="Categories decide which plan indicators count the person; a profile needs one.",
)
def _complete_category(person: Any, context: CheckContext) -> Iterator[Hit]:
    if not _categories(person, context):
        yield Hit()


@rule(
    "complete.expert.qualification",
    COMPLETE,
    ERROR,
    "qualifications",
    title=_("Experts, scientists and intellectuals: a qualification"),
    message=_("Experts, scientists and intellectuals need at least one qualification."),
    why=(
        "The categories expert, scientist and intellectual rest on a qualification "
        "(researcher data elements of Circular 05/2021/TT-BKHCN)."
    ),
)
def _complete_expert_qualification(person: Any, context: CheckContext) -> Iterator[Hit]:
    if _categories(person, context) & EXPERT_CATEGORIES and not context.related(
        person, "qualifications"
    ):
        yield Hit()


@rule(
    "complete.expert.st_field",
    COMPLETE,
    ERROR,
    "st_fields",
    title=_("Experts, scientists and intellectuals: an S&T field"),
    message=_("Experts, scientists and intellectuals need at least one S&T field."),
    why=(
        "The S&T field (Circular 24/2025/TT-BKHCN) is how experts are found and counted by "
        "field; the fields of the person's qualifications are suggested."
    ),
)
def _complete_expert_st_field(person: Any, context: CheckContext) -> Iterator[Hit]:
    if _categories(person, context) & EXPERT_CATEGORIES and not context.code_ids(
        person, "st_fields"
    ):
        fields = sorted(
            {
                info.code
                for record in context.related(person, "qualifications")
                if (info := context.code(record.st_field_id))
            }
        )
        yield Hit(suggested=", ".join(fields))


@rule(
    "complete.public_staff.employment",
    COMPLETE,
    ERROR,
    "employments",
    title=_("Public staff: current employment in a unit of the city"),
    message=_(
        "Public staff need a current employment record in a unit of the city, with the "
        "position held."
    ),
    why=(
        "Training plans for public officials, civil servants and public employees count "
        "them by unit and position: the record must name a unit in force, a position, and "
        "have no end date in the past."
    ),
)
def _complete_public_staff(person: Any, context: CheckContext) -> Iterator[Hit]:
    if "public_staff" not in _categories(person, context):
        return
    for record in context.related(person, "employments"):
        unit = context.unit(record.unit_id)
        current = record.end is None or record.end >= context.today
        if unit and unit.is_current(context.today) and record.position.strip() and current:
            return
    yield Hit()


@rule(
    "complete.overseas.country",
    COMPLETE,
    ERROR,
    "overseas_country",
    title=_("Overseas Vietnamese and foreign experts: country"),
    message=_("Overseas Vietnamese and foreign experts need their country of residence."),
    why=(
        "Profiles with an overseas status or in the categories overseas Vietnamese or "
        "foreign expert are counted and contacted by country."
    ),
)
def _complete_overseas_country(person: Any, context: CheckContext) -> Iterator[Hit]:
    if _lives_abroad(person, context) and not person.overseas_country_id:
        yield Hit()


@rule(
    "complete.high_quality.qualification",
    COMPLETE,
    ERROR,
    "qualifications",
    title=_("High-quality human resources: bachelor or above"),
    message=_(
        "High-quality human resources need a qualification at bachelor level (VQF level 6) "
        "or above."
    ),
    why=(
        "The city's plans count as high-quality human resources people trained at "
        "university level or above (VQF level 6–8, Decision 1982/QĐ-TTg); either the level "
        "or the degree of a qualification must show it."
    ),
)
def _complete_high_quality(person: Any, context: CheckContext) -> Iterator[Hit]:
    if "high_quality" not in _categories(person, context):
        return
    for record in context.related(person, "qualifications"):
        rank = max(_rank(context, record.level_id, "rank"), _rank(context, record.degree_id, "vqf"))
        if rank >= BACHELOR_RANK:
            return
    yield Hit()


@rule(
    "complete.contact",
    COMPLETE,
    WARNING,
    "email",
    title=_("A way to reach the person"),
    message=_(
        "Neither an e-mail address nor a phone number is given: the unit cannot reach the "
        "person to verify the profile."
    ),
    why="Keeping data live means asking the person; without a contact nobody can.",
)
def _complete_contact(person: Any, context: CheckContext) -> Iterator[Hit]:
    if not person.email and not person.phone:
        yield Hit()


@rule(
    "complete.personal_id",
    COMPLETE,
    WARNING,
    "personal_id",
    title=_("Personal ID number of people living in Vietnam"),
    message=_(
        "The personal ID number is missing; it is the surest way to tell people apart and "
        "to link the profile with the national population database."
    ),
    why=(
        "Vietnamese citizens living in Vietnam all have a 12-digit personal ID number; it "
        "identifies duplicates and links to the national databases. Not asked of people "
        "living abroad, foreign experts or foreign nationals."
    ),
)
def _complete_personal_id(person: Any, context: CheckContext) -> Iterator[Hit]:
    if person.personal_id or _lives_abroad(person, context):
        return
    nationality = context.code(person.nationality_id)
    if nationality is None or nationality.code == "VN":
        yield Hit()


# =================================================================================
# clean (sạch): one spelling per value, no duplicates
# =================================================================================


@rule(
    "clean.text.nfc",
    CLEAN,
    WARNING,
    "text",
    title=_("Text in Unicode NFC"),
    message=_(
        "The %(field_label)s is not in Unicode NFC form (tone marks stored as separate "
        "characters): it looks right but does not match in searches and comparisons."
    ),
    why=(
        "Vietnamese letters can be stored precomposed (NFC) or as letter plus combining "
        "marks (NFD, common in text pasted from some systems); the registry stores NFC so "
        "search, sorting and duplicate detection work. The NFC form is suggested."
    ),
)
def _text_nfc(person: Any, context: CheckContext) -> Iterator[Hit]:
    for path, value, record_id in _text_values(person, context):
        normal = unicodedata.normalize("NFC", value)
        if value != normal:
            yield Hit(_record({}, record_id), field=path, suggested=normal)


@rule(
    "clean.text.spaces",
    CLEAN,
    WARNING,
    "text",
    title=_("No extra spaces"),
    message=_("The %(field_label)s has extra spaces (doubled, leading or trailing)."),
    why="Extra spaces make equal values look different to search and duplicate detection.",
)
def _text_spaces(person: Any, context: CheckContext) -> Iterator[Hit]:
    for path, value, record_id in _text_values(person, context):
        if value != value.strip() or _SPACES.search(value):
            yield Hit(_record({}, record_id), field=path, suggested=" ".join(value.split()))


@rule(
    "clean.name.casing",
    CLEAN,
    WARNING,
    "family_name",
    title=_("Names written with capital initials"),
    message=_("The %(field_label)s “%(value)s” is not written with capital initials."),
    why=(
        "Vietnamese names are written with a capital initial on every word (Nguyễn Văn "
        "Hùng). Words written all in lower or all in upper case are flagged; mixed case "
        "(McLean) is left alone."
    ),
)
def _name_casing(person: Any, context: CheckContext) -> Iterator[Hit]:
    for name in NAME_FIELDS:
        value = getattr(person, name) or ""
        words = unicodedata.normalize("NFC", value).split()
        if any(_title_word(word) != word for word in words):
            yield Hit({"value": value}, field=name, suggested=title_case(value))


@rule(
    "clean.phone.normalised",
    CLEAN,
    WARNING,
    "phone",
    title=_("Phone number in international form"),
    message=_("Write the phone number in international form: %(normalised)s."),
    why=(
        "One form per number (+84 and the national number without its 0, no spaces) lets "
        "SMS gateways and duplicate checks use it as is."
    ),
)
def _phone_normalised(person: Any, context: CheckContext) -> Iterator[Hit]:
    normal = parse_phone(person.phone) if person.phone else None
    if normal and normal != person.phone:
        yield Hit({"normalised": normal}, suggested=normal)


@rule(
    "clean.duplicate.id",
    CLEAN,
    ERROR,
    "personal_id",
    title=_("No other profile with the same ID number"),
    message=_(
        "Possible duplicate: %(count)s other profile(s) have the same personal ID number or "
        "old ID card number."
    ),
    why=(
        "An ID number belongs to one person. The database already refuses a second profile "
        "with the same personal ID number; the old ID card number has no such guard. The "
        "other profiles are found with grouped, indexed queries (no pairwise comparison)."
    ),
)
def _duplicate_id(person: Any, context: CheckContext) -> Iterator[Hit]:
    others = context.id_duplicates(person)
    if others:
        yield Hit({"count": len(others), "others": others})


@rule(
    "clean.duplicate.name",
    CLEAN,
    WARNING,
    "full_name",
    title=_("No other profile with the same name and year of birth in the unit"),
    message=_(
        "Possible duplicate: %(count)s other profile(s) in the same unit have the same full "
        "name and year of birth."
    ),
    why=(
        "The same person entered twice usually differs only in accents, case or spacing. "
        "Names are compared folded (hientai.core.text.fold: no accents, lower case, single "
        "spaces) together with the year of birth, within the managing unit, in one linear "
        "pass over the unit's profiles."
    ),
)
def _duplicate_name(person: Any, context: CheckContext) -> Iterator[Hit]:
    others = context.name_duplicates(person)
    if others:
        yield Hit({"count": len(others), "others": others})


# =================================================================================
# live (sống): data that is kept up to date
# =================================================================================


@rule(
    "live.verified.missing",
    LIVE,
    WARNING,
    "last_verified_on",
    title=_("Profile verified at least once"),
    message=_("The profile has never been verified."),
    why="Live data is data someone has checked with the person or a source; record when.",
)
def _verified_missing(person: Any, context: CheckContext) -> Iterator[Hit]:
    if not person.last_verified_on:
        yield Hit()


@rule(
    "live.verified.stale",
    LIVE,
    WARNING,
    "last_verified_on",
    title=_("Profile verified within the last 12 months"),
    message=_("The profile was last verified on %(date)s, more than 12 months ago."),
    why="Profiles are re-verified at least once a year so the counts of each report are live.",
)
def _verified_stale(person: Any, context: CheckContext) -> Iterator[Hit]:
    verified = person.last_verified_on
    if verified and verified < _one_year_before(context.today):
        yield Hit({"date": _day(verified)})


@rule(
    "live.status.missing",
    LIVE,
    WARNING,
    "status",
    title=_("A status period covers today"),
    message=_("No status period covers today: the status timeline needs updating."),
    why="Every as-of count reads the status timeline; a gap today drops the person from them.",
)
def _status_missing(person: Any, context: CheckContext) -> Iterator[Hit]:
    if not _current_periods(person, context):
        yield Hit()


@rule(
    "live.status.derived",
    LIVE,
    WARNING,
    "status",
    title=_("Status agrees with the status timeline"),
    message=_(
        "The status shown (%(status)s) differs from the status timeline for today "
        "(%(timeline_status)s)."
    ),
    why=(
        "The status field is kept for fast lists; the timeline is the truth. The status of "
        "the period covering today is suggested."
    ),
)
def _status_derived(person: Any, context: CheckContext) -> Iterator[Hit]:
    periods = _current_periods(person, context)
    if periods and periods[-1].status != person.status:
        timeline = periods[-1].status
        yield Hit({"status": person.status, "timeline_status": timeline}, suggested=timeline)


@rule(
    "live.status.deceased_active",
    LIVE,
    ERROR,
    "status",
    title=_("A deceased person is not active"),
    message=_("The person is recorded as deceased since %(date)s but is still marked active."),
    why="A deceased person must not be counted among active experts.",
)
def _status_deceased_active(person: Any, context: CheckContext) -> Iterator[Hit]:
    deaths = [
        period.effective_from
        for period in context.related(person, "status_periods")
        if period.status == Status.DECEASED and period.effective_from <= context.today
    ]
    if not deaths:
        return
    periods = _current_periods(person, context)
    if person.status == Status.ACTIVE or (periods and periods[-1].status == Status.ACTIVE):
        yield Hit({"date": _day(min(deaths))}, suggested=Status.DECEASED.value)


@rule(
    "live.status.over_65_active",
    LIVE,
    WARNING,
    "status",
    title=_("People over 65 still active"),
    message=_("The person is %(age)s years old and still marked active: check for retirement."),
    why=(
        "Past 65 most people have retired (the statutory age is lower); many experts keep "
        "working, so this is only a warning to confirm the status."
    ),
)
def _status_over_65(person: Any, context: CheckContext) -> Iterator[Hit]:
    age = _age(person, context.today)
    if person.status == Status.ACTIVE and age is not None and age > RETIREMENT_WARNING_AGE:
        yield Hit({"age": age}, suggested=Status.RETIRED.value)


def rules_by_family() -> dict[str, list[Rule]]:
    grouped: dict[str, list[Rule]] = {family.value: [] for family in Family}
    for item in RULES.values():
        grouped[str(item.family)].append(item)
    return grouped
