"""Vietnamese normalisation of a person's identifying fields, for matching.

Pure functions (no database): a raw record (name in one or three parts, birth date in
any of the forms officers type, gender, 12-digit personal ID or 9-digit old ID, phone,
e-mail) becomes the comparable fields the Splink model and the entry-time check use:

- names folded (accents and đ dropped, lower case), split into family / middle /
  given even when written in the reversed order ("Hung Nguyen Van"), with equivalent
  family names mapped to one form (Huỳnh → hoang, Võ → vu);
- the birth date as a full date or only a year;
- the personal ID decoded (province code, gender and century, year of birth) and
  cross-checked against the record: the ID's gender and year fill what the record
  lacks, and an ID that contradicts the record is kept but flagged;
- phones as 0 + 9 digits (+84 / 84 / 0084 forms, spaces and dots removed);
- e-mails lower-cased and trimmed.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, fields
from typing import Any

from hientai.core.text import fold

# Family names in folded form (the common ones cover ~99 % of Vietnamese people).
FAMILY_NAMES = frozenset(
    [
        "nguyen",
        "tran",
        "le",
        "pham",
        "hoang",
        "huynh",
        "phan",
        "vu",
        "vo",
        "dang",
        "bui",
        "do",
        "ho",
        "ngo",
        "duong",
        "ly",
        "dinh",
        "truong",
        "lam",
        "mai",
        "dao",
        "cao",
        "ha",
        "luong",
        "to",
        "chu",
        "ta",
        "chau",
        "thai",
        "quach",
        "vuong",
        "la",
        "kieu",
        "luu",
        "trieu",
        "doan",
        "trinh",
        "tang",
        "lai",
        "van",
        "phung",
        "giang",
        "khuc",
        "kha",
        "tieu",
        "ong",
        "thach",
        "quan",
        "thieu",
        "lu",
        "diep",
        "mac",
        "danh",
        "hua",
        "au",
        "nghiem",
        "lieu",
        "han",
        "luc",
        "tong",
        "ton",
        "bach",
        "khong",
        "tao",
        "ngu",
        "kim",
        "quang",
        "lang",
    ]
)
# Spellings of one family name (regional pronunciation, one clan): compared as one.
EQUIVALENT_FAMILY = {"huynh": "hoang", "vo": "vu"}
# The most common family names: one of these second after a rarer one that is also a
# given name ("Lâm Nguyễn Văn Minh") marks the reversed order.
TOP_FAMILY = frozenset(
    [
        "nguyen",
        "tran",
        "le",
        "pham",
        "hoang",
        "huynh",
        "phan",
        "vu",
        "vo",
        "dang",
        "bui",
        "do",
        "ho",
        "ngo",
        "duong",
        "dinh",
        "truong",
    ]
)
# Middle names that mark gender; not family names even when they come first.
GENDER_MIDDLE = frozenset({"van", "thi"})

# Province codes of the 12-digit personal ID (Decree 137/2015, Circular 07/2016): the 63
# provinces before 2025's mergers, whose codes stay on every card already issued.
PROVINCE_CODES = frozenset(
    f"{n:03d}"
    for n in (
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34,
        35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67,
        68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
    )
)  # fmt: skip

_DIGITS = re.compile(r"\D+")
_SPACES = re.compile(r"[\s\-_.,;/]+")
_DATE_PARTS = re.compile(r"\d+")
_YEAR_MIN, _YEAR_MAX = 1900, 2030


@functools.lru_cache(maxsize=65536)
def fold_name(text: str) -> str:
    """Folded name words: 'NGUYỄN  Văn-Hùng' -> 'nguyen van hung'."""
    return " ".join(_SPACES.sub(" ", fold(text or "")).split())


def canonical_family(word: str) -> str:
    return EQUIVALENT_FAMILY.get(word, word)


def split_full_name(full: str) -> tuple[str, str, str]:
    """(family, middle, given) of a folded full name in either order.

    Vietnamese order puts the family name first ("nguyen van hung"). Lists copied
    from Western forms put the given name first: "hung nguyen van" (given, family,
    middle) or "hung van nguyen" (given, middle, family). A first word that is not a
    family name while the second or last is, marks the reversed order."""
    words = full.split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    first, second, last = words[0], words[1], words[-1]
    if (
        len(words) >= 3
        and last in GENDER_MIDDLE
        and first not in GENDER_MIDDLE
        and (second in FAMILY_NAMES or first not in FAMILY_NAMES)
    ):
        # "hung nguyen van": a name never ends in Văn or Thị, so the order is reversed
        # (even when the family name has a typo: "lan nguygn thi").
        return second, " ".join(words[2:]), first
    if len(words) >= 3 and second in TOP_FAMILY and first not in TOP_FAMILY:
        return second, " ".join(words[2:]), first
    if first not in FAMILY_NAMES:
        if second in FAMILY_NAMES and second not in GENDER_MIDDLE and len(words) >= 3:
            return second, " ".join(words[2:]), first
        if last in FAMILY_NAMES and len(words) >= 2:
            return last, " ".join(words[1:-1]), first
    return first, " ".join(words[1:-1]), last


# Names, dates and units repeat across a register: the caches make a million records'
# normalisation several times faster.
@functools.lru_cache(maxsize=262144)
def parse_name(full: str = "", family: str = "", middle: str = "", given: str = "") -> tuple:
    """(family, middle, given) folded, from three columns or one full-name column."""
    family, middle, given = fold_name(family), fold_name(middle), fold_name(given)
    if family or given:
        if not given and family and len(family.split()) > 1:
            return split_full_name(" ".join(filter(None, (family, middle))))
        if family and given and not middle and len(family.split()) > 1:
            family, _, middle = family.partition(" ")
        return family, middle, given
    return split_full_name(fold_name(full))


@dataclass(frozen=True, slots=True)
class PersonalId:
    number: str
    province: str
    gender: str  # male / female
    birth_year: int
    valid: bool  # a known province code and a plausible century digit


def decode_personal_id(number: str) -> PersonalId | None:
    """What a 12-digit personal ID encodes: province (3 digits), gender and century (1),
    the last two digits of the birth year (2), then 6 serial digits."""
    if len(number) != 12 or not number.isdigit():
        return None
    century_digit = int(number[3])
    century = 1900 + 100 * (century_digit // 2)
    gender = "male" if century_digit % 2 == 0 else "female"
    year = century + int(number[4:6])
    valid = number[:3] in PROVINCE_CODES and century_digit <= 3
    return PersonalId(number, number[:3], gender, year, valid)


def normalise_id(value: Any) -> tuple[str, str]:
    """(12-digit personal ID, 9-digit old ID) from what an ID column holds.

    Leading zeros lost by a spreadsheet (an 11- or 8-digit number) are put back; a
    9-digit number is an old ID card (CMND) number."""
    text = str(value or "").strip()
    if re.fullmatch(r"\d+\.0", text):  # a number cell read as a float
        text = text[:-2]
    digits = _DIGITS.sub("", text)
    if len(digits) in (11, 12):
        return digits.zfill(12), ""
    if len(digits) in (8, 9):
        return "", digits.zfill(9)
    return "", ""


def normalise_phone(value: Any) -> str:
    """'+84 912.345.678', '84912345678', '0912 345 678', '912345678' -> '0912345678'."""
    text = str(value or "").strip()
    if re.fullmatch(r"\+?\d+\.0", text):  # a number cell read as a float
        text = text[:-2]
    digits = _DIGITS.sub("", text)
    if digits.startswith("0084"):
        digits = digits[4:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = digits[2:]
    digits = digits.lstrip("0")
    if len(digits) not in (9, 10):
        return ""
    return "0" + digits


def normalise_email(value: Any) -> str:
    text = str(value or "").strip().lower().replace(" ", "")
    if text.startswith("mailto:"):
        text = text[7:]
    return text if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text) else ""


def normalise_gender(value: Any) -> str:
    key = fold(str(value or "")).strip()
    if key in ("nam", "male", "m", "trai", "1", "ong"):
        return "male"
    if key in ("nu", "female", "f", "gai", "0", "ba", "2"):
        return "female"
    return ""


def _year(value: int) -> int | None:
    if value < 100:  # two-digit years: 00-30 -> 2000s, else 1900s
        value += 2000 if value <= 30 else 1900
    return value if _YEAR_MIN <= value <= _YEAR_MAX else None


def parse_birth(value: Any, year_hint: Any = None) -> tuple[str, int | None]:
    """(ISO date or '', year or None) from '1985-03-07', '07/03/1985', '7-3-85',
    '07.03.1985', '19850307', '1985', a date object, or an Excel serial day."""
    if isinstance(value, str) and isinstance(year_hint, str | int | type(None)):
        return _parse_birth_cached(value, year_hint)
    return _parse_birth(value, year_hint)


@functools.lru_cache(maxsize=262144)
def _parse_birth_cached(value: str, year_hint: str | int | None) -> tuple[str, int | None]:
    return _parse_birth(value, year_hint)


def _parse_birth(value: Any, year_hint: Any = None) -> tuple[str, int | None]:
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat(), value.year
    text = str(value or "").strip()
    hint = None
    if year_hint not in (None, ""):
        try:
            hint = _year(int(float(str(year_hint).strip())))
        except ValueError:
            hint = None
    if not text:
        return "", hint
    parts = _DATE_PARTS.findall(text)
    day = month = year = None
    if len(parts) == 1:
        digits = parts[0]
        if len(digits) == 8:  # yyyymmdd or ddmmyyyy
            if 1900 <= int(digits[:4]) <= 2030:
                year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
            else:
                day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:])
        elif len(digits) == 4:
            return "", _year(int(digits))
        elif len(digits) == 5 and text.replace(".0", "").isdigit():  # Excel serial day
            when = datetime.date(1899, 12, 30) + datetime.timedelta(days=int(digits))
            return when.isoformat(), when.year
        elif len(digits) == 2:
            return "", _year(int(digits))
    elif len(parts) == 2:  # month and year
        year = _year(int(parts[1])) if len(parts[1]) in (2, 4) else None
        return "", year or hint
    elif len(parts) >= 3:
        a, b, c = parts[0], parts[1], parts[2]
        if len(a) == 4:
            year, month, day = int(a), int(b), int(c)
        else:
            day, month, year = int(a), int(b), int(c)
    if year is None:
        return "", hint
    year = _year(year)
    if year is None:
        return "", hint
    if month and day and month > 12 and day <= 12:  # mm/dd written the American way
        day, month = month, day
    try:
        return datetime.date(year, month or 0, day or 0).isoformat(), year
    except ValueError:
        return "", year


@dataclass(slots=True)
class Normalised:
    """The comparable fields of one record."""

    family: str = ""
    middle: str = ""
    given: str = ""
    full_name: str = ""  # family middle given, canonical family
    name_sorted: str = ""  # the words sorted: order-free
    birth_date: str = ""
    birth_year: int | None = None
    birth_md: str = ""  # mm-dd, to block when the year has a typo
    gender: str = ""
    personal_id: str = ""
    id_province: str = ""
    id_consistent: bool | None = None  # None: no ID to check
    old_id: str = ""
    phone: str = ""
    email: str = ""
    email_user: str = ""
    unit: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in _FIELD_NAMES}


_FIELD_NAMES = tuple(f.name for f in fields(Normalised))


def normalise(raw: dict[str, Any]) -> Normalised:
    """Normalise one raw record: keys full_name, family_name, middle_name, given_name,
    birth_date, birth_year, gender, personal_id, old_id_number, phone, email, unit."""
    family, middle, given = parse_name(
        str(raw.get("full_name") or ""),
        str(raw.get("family_name") or ""),
        str(raw.get("middle_name") or ""),
        str(raw.get("given_name") or ""),
    )
    family = canonical_family(family)
    record = Normalised(family=family, middle=middle, given=given)
    words = [w for w in (family, middle, given) if w]
    record.full_name = " ".join(words)
    record.name_sorted = " ".join(sorted(" ".join(words).split()))
    record.birth_date, record.birth_year = parse_birth(raw.get("birth_date"), raw.get("birth_year"))
    if record.birth_date:
        record.birth_md = record.birth_date[5:]
    record.gender = normalise_gender(raw.get("gender"))
    personal_id, old_id = normalise_id(raw.get("personal_id"))
    other_personal, other_old = normalise_id(raw.get("old_id_number"))
    personal_id = personal_id or other_personal
    record.old_id = old_id or other_old
    decoded = decode_personal_id(personal_id) if personal_id else None
    if decoded is not None:
        record.personal_id = personal_id
        record.id_province = decoded.province
        consistent = decoded.valid
        if record.birth_year is not None and decoded.birth_year != record.birth_year:
            consistent = False
        if record.gender and decoded.gender != record.gender:
            consistent = False
        record.id_consistent = consistent
        if consistent:  # what the ID says fills what the record lacks
            record.birth_year = record.birth_year or decoded.birth_year
            record.gender = record.gender or decoded.gender
    record.phone = normalise_phone(raw.get("phone"))
    record.email = normalise_email(raw.get("email"))
    record.email_user = record.email.partition("@")[0]
    record.unit = fold_name(str(raw.get("unit") or ""))
    return record


def blocking_keys(record: Normalised) -> list[str]:
    """The keys the entry-time check looks people up by (kept per person in the
    database): two records that share one are worth comparing."""
    keys = []
    if record.personal_id:
        keys.append("i:" + record.personal_id)
    if record.old_id:
        keys.append("o:" + record.old_id)
    if record.phone:
        keys.append("p:" + record.phone)
    if record.email:
        keys.append("e:" + record.email)
    if record.given and record.family and record.birth_year:
        keys.append(f"n:{record.family}|{record.given}|{record.birth_year}")
    if record.given and record.birth_date:
        keys.append(f"d:{record.given}|{record.birth_date}")
    if record.name_sorted and record.birth_md:
        keys.append(f"m:{record.name_sorted}|{record.birth_md}")
    if record.name_sorted and record.birth_year:
        keys.append(f"s:{record.name_sorted}|{record.birth_year}")
    return [key[:190] for key in dict.fromkeys(keys)]
