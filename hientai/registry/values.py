"""Turn the cells officers type (or Excel mangles) into normalised values.

Every converter takes the raw cell (text from CSV, text/float/int/bool/date/datetime from
calamine) and returns the value, raises `BadValue` (an error on the cell), or returns the
value and calls `note(message)` for a warning. They are hot (30,000+ rows a second, ~60
cells a row): results are cached per distinct cell text, and the usual shapes take a
fast path before any regular expression.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from hientai.core.text import fold

MASK_CHAR = "•"  # what registry.privacy.mask() writes in place of hidden characters
EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 = 1900-01-01 (with Excel's 1900 leap bug)
_CACHE_LIMIT = 200_000


class BadValue(ValueError):
    """A cell that cannot be read: `str(error)` is the translated message."""


Note = Callable[[str], None]


def is_masked(value: Any) -> bool:
    """True for a value exported masked ('07•••••••••1'): import must keep the real value."""
    return isinstance(value, str) and MASK_CHAR in value


def cell_text(value: Any) -> str:
    """Any cell as text: 25210.0 -> '25210', dates as ISO, None -> ''."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    return str(value).strip()


# --------------------------------------------------------------------------- dates

_DATE_SPLIT = re.compile(r"[/.\-\s]+")


def _pivot(two_digits: int) -> int:
    """'85' -> 1985, '05' -> 2005: years after this one's two digits are last century."""
    this_year = timezone.localdate().year
    century = this_year // 100 * 100
    year = century + two_digits
    return year - 100 if year > this_year else year


def excel_serial_to_date(serial: float) -> datetime.date:
    return EXCEL_EPOCH + datetime.timedelta(days=int(serial))


class DateParser:
    """dd/mm/yyyy, d/m/yy, yyyy-mm-dd, Excel serials and calamine dates; a year alone is
    returned as an int (the caller decides: a birth year, or an error)."""

    def __init__(self) -> None:
        self.cache: dict[str, datetime.date | int] = {}

    def __call__(self, raw: Any) -> datetime.date | int:
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            return self._number(float(raw), raw)
        text = raw.strip() if isinstance(raw, str) else str(raw)
        cached = self.cache.get(text)
        if cached is not None:
            return cached
        value = self._parse(text)
        if len(self.cache) > _CACHE_LIMIT:
            self.cache.clear()
        self.cache[text] = value
        return value

    def _number(self, number: float, raw: Any) -> datetime.date | int:
        if number.is_integer() and 1900 <= number <= 2100:
            return int(number)
        if 1 <= number < 2_958_466:  # Excel's range: 1900-01-01 .. 9999-12-31
            return excel_serial_to_date(number)
        raise BadValue(_("'%(value)s' is not a date") % {"value": cell_text(raw)})

    def _parse(self, text: str) -> datetime.date | int:
        # Fast path: ISO (what our exports and gen-people write).
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            try:
                return datetime.date(int(text[:4]), int(text[5:7]), int(text[8:10]))
            except ValueError:
                raise BadValue(_("'%(value)s' is not a valid date") % {"value": text}) from None
        if len(text) >= 19 and text[4] == "-" and text[10] in " T":  # a datetime as text
            return self._parse(text[:10])
        parts = _DATE_SPLIT.split(text)
        if len(parts) == 1:
            try:
                number = float(text.replace(",", "."))
            except ValueError:
                raise BadValue(_("'%(value)s' is not a date") % {"value": text}) from None
            return self._number(number, text)
        if len(parts) != 3 or not all(p.isdigit() for p in parts):
            raise BadValue(_("'%(value)s' is not a date") % {"value": text})
        first, second, third = parts
        try:
            if len(first) == 4:  # yyyy-mm-dd / yyyy/mm/dd
                return datetime.date(int(first), int(second), int(third))
            year = int(third)
            if len(third) <= 2:
                year = _pivot(year)
            elif len(third) != 4:
                raise ValueError
            return datetime.date(year, int(second), int(first))  # Vietnamese order: d/m/y
        except ValueError:
            raise BadValue(_("'%(value)s' is not a valid date") % {"value": text}) from None


# --------------------------------------------------------------------------- numbers


def parse_int(raw: Any) -> int:
    if isinstance(raw, bool):
        raise BadValue(_("'%(value)s' is not a whole number") % {"value": raw})
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if raw.is_integer():
            return int(raw)
        raise BadValue(_("'%(value)s' is not a whole number") % {"value": cell_text(raw)})
    text = str(raw).strip()
    if text.isdigit():
        return int(text)
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        number = None
    if number is None or not number.is_integer():
        raise BadValue(_("'%(value)s' is not a whole number") % {"value": text})
    return int(number)


def parse_year(raw: Any) -> int:
    if isinstance(raw, (datetime.date, datetime.datetime)):
        return raw.year
    year = parse_int(raw)
    if not 1900 <= year <= 2100:
        raise BadValue(_("'%(value)s' is not a year") % {"value": cell_text(raw)})
    return year


def parse_float(raw: Any) -> float:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return float(raw)
    text = str(raw).strip().replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise BadValue(_("'%(value)s' is not a number") % {"value": raw}) from None


_TRUE = {"1", "x", "co", "yes", "true", "dung", "da ung dung", "y"}
_FALSE = {"0", "khong", "no", "false", "chua", "chua ung dung", "n", "sai"}


def parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    key = fold(cell_text(raw))
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise BadValue(_("'%(value)s' is neither yes nor no") % {"value": cell_text(raw)})


# --------------------------------------------------------------------------- people

_GENDERS = {
    "nam": "male",
    "male": "male",
    "m": "male",
    "trai": "male",
    "gioi tinh nam": "male",
    "nu": "female",
    "female": "female",
    "f": "female",
    "gai": "female",
    "gioi tinh nu": "female",
    "khac": "other",
    "other": "other",
}


def parse_gender(raw: Any) -> str:
    text = cell_text(raw)
    value = _GENDERS.get(text) or _GENDERS.get(fold(text))
    if value is None:
        raise BadValue(_("'%(value)s' is not a gender (write Nam or Nữ)") % {"value": text})
    return value


def _digits_from(raw: Any) -> tuple[str, bool]:
    """Text of an identifier and whether Excel had turned it into a number."""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw)), True
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw), True
    text = cell_text(raw).replace(" ", "")
    if text.endswith(".0") and text[:-2].isdigit():  # a number saved as text by Excel
        return text[:-2], True
    return text, False


def parse_personal_id(raw: Any, note: Note) -> str:
    """12 digits (số định danh cá nhân); a leading zero Excel dropped is restored."""
    text, _number = _digits_from(raw)
    if MASK_CHAR in text:
        return text
    if text.isdigit() and len(text) == 11:
        note(
            _("Restored the leading zero Excel had removed: '%(value)s' -> '%(fixed)s'")
            % {"value": text, "fixed": "0" + text}
        )
        text = "0" + text
    if not (text.isdigit() and len(text) == 12):
        raise BadValue(_("Personal ID '%(value)s' must have 12 digits") % {"value": cell_text(raw)})
    return text


def parse_old_id(raw: Any, note: Note) -> str:
    """9 digits (old ID card, CMND), or 12 when the old card was the new format."""
    text, _number = _digits_from(raw)
    if MASK_CHAR in text:
        return text
    if text.isdigit() and len(text) in (8, 11):
        note(
            _("Restored the leading zero Excel had removed: '%(value)s' -> '%(fixed)s'")
            % {"value": text, "fixed": "0" + text}
        )
        text = "0" + text
    if not (text.isdigit() and len(text) == 9):
        raise BadValue(
            _("Old ID card number '%(value)s' must have 9 digits") % {"value": cell_text(raw)}
        )
    return text


_PHONE_CHARS = frozenset("0123456789+ .-()")


def parse_phone(raw: Any, note: Note) -> str:
    """Kept as written; a 9-digit number (a 10-digit phone whose 0 Excel dropped) gets it back."""
    text, number = _digits_from(raw)
    if not number and isinstance(raw, str):
        text = raw.strip()
    if MASK_CHAR in text:
        return text
    if text.isdigit() and len(text) == 9 and text[0] != "0":
        note(
            _("Restored the leading zero Excel had removed: '%(value)s' -> '%(fixed)s'")
            % {"value": text, "fixed": "0" + text}
        )
        return "0" + text
    if not text:
        return ""
    if not set(text) <= _PHONE_CHARS or sum(c.isdigit() for c in text) < 8:
        raise BadValue(_("'%(value)s' is not a phone number") % {"value": cell_text(raw)})
    if len(text) > 20:
        raise BadValue(_("Phone number '%(value)s' is too long") % {"value": text})
    return text


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def parse_email(raw: Any) -> str:
    text = cell_text(raw)
    if MASK_CHAR in text:
        return text
    if _EMAIL.fullmatch(text) is None:
        raise BadValue(_("'%(value)s' is not an e-mail address") % {"value": text})
    return text


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """'Nguyễn Thị Hồng Nhung' -> ('Nguyễn', 'Thị Hồng', 'Nhung'): family first, given last."""
    words = full_name.split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def split_list(raw: Any) -> list[str]:
    """'a; b,c' -> ['a', 'b', 'c'] (semicolons, or commas when there is no semicolon)."""
    text = cell_text(raw)
    separator = ";" if ";" in text else ","
    return [item.strip() for item in text.split(separator) if item.strip()]


def split_languages(raw: Any) -> list[tuple[str, str]]:
    """'en:B2;fr:A2' -> [('en', 'B2'), ('fr', 'A2')]; 'Tiếng Anh: B2' works too."""
    pairs = []
    for item in split_list(raw):
        language, _sep, level = item.partition(":")
        if not _sep:
            language, _sep, level = item.rpartition(" ")
            if not _sep:
                language, level = item, ""
        pairs.append((language.strip(), level.strip()))
    return pairs


# --------------------------------------------------------------------------- labels

_PUNCT = re.compile(r"[\W_]+")
_Y_END = re.compile(r"(?<=[^aeiouy\s])y\b")


def label_key(text: str) -> str:
    """Folded text without punctuation: 'Lĩnh vực KH&CN (*)' -> 'linh vuc kh cn'."""
    return " ".join(_PUNCT.sub(" ", fold(text)).split())


def variant_key(text: str) -> str:
    """label_key with the i/y spelling variants merged: 'Thạc sỹ' and 'Thạc sĩ' -> 'thac si'."""
    return _Y_END.sub("i", label_key(text))
