"""Files of people -> ParsedRows: one normalised PersonRecord per person, with findings.

`read_people(path)` opens the file (readers.py), refuses a bad file whole
(ImportFileError) before anything is yielded, finds the header row, maps the headers
(fields.py) and returns a `PeopleFile` whose `rows()` streams one ParsedRow per person.

- flat sheet (the gen-people CSV, or the "Nhân sự" sheet): highest_* -> one
  QualificationPart, academic_title -> TitlePart, languages -> LanguageParts,
  employment_* -> one EmploymentPart, digital_skills_* -> one AssessmentPart; *_count and
  the other summaries are known and ignored;
- workbooks with part sheets ("Bằng cấp", "Công tác", "Bồi dưỡng", ...): the parts are
  linked to their person by the row key ("Mã dòng") or the personal ID, and a part sheet
  replaces the flat columns of the same part.

Codes resolve by code, folded label, i/y spelling variant or fuzzy label (the last two
reported); units by code or name (a former unit's code resolves to its successor, with a
warning). Lookups are loaded once per file.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hientai.catalogs.models import Code, Scheme
from hientai.exchange import encodings as enc
from hientai.exchange import fields as F
from hientai.exchange import readers
from hientai.exchange import synonyms as syn
from hientai.exchange.errors import ImportFileError
from hientai.exchange.rows import ERROR, WARNING, Finding, ParsedRow
from hientai.orgs.models import Unit
from hientai.orgs.services import UnitDataError, resolve_code
from hientai.registry import models as rm
from hientai.registry import records as g
from hientai.registry.values import (
    MASK_CHAR,
    BadValue,
    DateParser,
    cell_text,
    label_key,
    parse_bool,
    parse_email,
    parse_float,
    parse_gender,
    parse_int,
    parse_old_id,
    parse_personal_id,
    parse_phone,
    parse_year,
    split_full_name,
    split_languages,
    split_list,
    variant_key,
)

HEADER_SEARCH_ROWS = 10
FUZZY_CUTOFF = 90
_MISSING = object()
_FORMULA_START = frozenset("=")
_ESCAPED = frozenset("=+-@\t\r")

CHOICES = {
    "OverseasKind": rm.OverseasKind,
    "Status": rm.Status,
    "LeadershipLevel": rm.LeadershipLevel,
    "Sector": rm.Sector,
    "PatentKind": rm.PatentKind,
    "PatentStatus": rm.PatentStatus,
    "ProjectRole": rm.ProjectRole,
    "AssessmentKind": rm.AssessmentKind,
    "Gender": rm.Gender,
}


# --------------------------------------------------------------------------- lookups


class Lookups:
    """Code lists, choices and units from the database, loaded once per file; every
    resolution is cached by the cell text (with the warning it gave, if any)."""

    def __init__(self) -> None:
        # Older versions first, so a current version wins on shared codes (as bulk.py).
        schemes = {}
        self.scheme_names: dict[str, str] = {}
        for pk, key, version, current, name_vi in Scheme.objects.order_by(
            "is_current", "valid_from", "version"
        ).values_list("pk", "key", "version", "is_current", "name_vi"):
            schemes[pk] = (key, version, current)
            self.scheme_names[key] = name_vi
        self.codes: dict[str, dict[str, str]] = {}
        self.labels: dict[str, dict[str, str]] = {}  # scheme -> code -> label_vi
        keys: dict[str, dict[str, str]] = {}
        variants: dict[str, dict[str, str]] = {}
        order = sorted(
            Code.objects.values_list("scheme_id", "code", "label_vi", "label_en"),
            key=lambda row: (schemes[row[0]][2], row[1]),
        )
        for scheme_id, code, label_vi, label_en in order:
            scheme = schemes[scheme_id][0]
            self.codes.setdefault(scheme, {})[code] = code
            self.labels.setdefault(scheme, {})[code] = label_vi
            folded = keys.setdefault(scheme, {})
            for text in (label_vi, label_en, _strip_parens(label_vi), _strip_parens(label_en)):
                if text:
                    folded[label_key(text)] = code
            folded.setdefault(label_key(code), code)
            for text in (label_vi, _strip_parens(label_vi)):
                if text:
                    variants.setdefault(scheme, {})[variant_key(text)] = code
        self.folded = keys
        self.variants = variants
        self.code_lengths = {
            scheme: sorted({len(c) for c in codes if c.isdigit()})
            for scheme, codes in self.codes.items()
        }
        self.code_cache: dict[str, dict[Any, tuple[str | None, str]]] = {}
        self.choice_maps = {name: _choice_map(enum) for name, enum in CHOICES.items()}
        # Units: every code (former ones resolve to successors), current names.
        self.current_units: set[str] = set()
        self.all_units: set[str] = set()
        names: dict[str, list[str]] = {}
        former: dict[str, list[str]] = {}
        toned: dict[str, list[str]] = {}  # tones kept: "Lộc Thạnh" and "Lộc Thành" differ
        self.unit_labels: dict[str, str] = {}
        today = timezone.localdate()
        for code, name_vi, name_en, valid_from, valid_to in Unit.objects.values_list(
            "code", "name_vi", "name_en", "valid_from", "valid_to"
        ):
            self.all_units.add(code)
            self.unit_labels[code] = name_vi
            current = (valid_from is None or valid_from <= today) and (
                valid_to is None or valid_to >= today
            )
            if current:
                self.current_units.add(code)
                for text in (name_vi, name_en):
                    if text:
                        names.setdefault(label_key(text), []).append(code)
                        toned.setdefault(syn.tone_key(text), []).append(code)
            elif name_vi:
                former.setdefault(label_key(name_vi), []).append(code)
                former.setdefault(syn.tone_key(name_vi), []).append(code)
        self.unit_names = {key: codes for key, codes in names.items()}
        self.former_names = former
        self.toned_names = toned
        self.unit_cache: dict[Any, tuple[str | None, str]] = {}
        self.historic_cache: dict[Any, tuple[str | None, str]] = {}

    # codes

    def code(self, scheme: str, raw: Any, note: Callable[[str], None]) -> str:
        cache = self.code_cache.setdefault(scheme, {})
        hit = cache.get(raw)
        if hit is None:
            hit = self._resolve_code(scheme, raw)
            cache[raw] = hit
        value, message = hit
        if value is None:
            raise BadValue(message)
        if message:
            note(message)
        return value

    def _resolve_code(self, scheme: str, raw: Any) -> tuple[str | None, str]:
        text = cell_text(raw)
        codes = self.codes.get(scheme, {})
        if text in codes:
            return text, ""
        if text.isdigit():  # "5" for "05": Excel dropped the zero
            for length in self.code_lengths.get(scheme, ()):
                if length > len(text) and text.zfill(length) in codes:
                    return text.zfill(length), ""
        key = label_key(text)
        found = self.folded.get(scheme, {}).get(key)
        if found:
            return found, ""
        variant = variant_key(text)
        found = self.variants.get(scheme, {}).get(variant)
        if found is None and len(variant) >= 3:
            from rapidfuzz import fuzz, process

            choices = self.variants.get(scheme, {})
            best = process.extractOne(
                variant, list(choices), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
            )
            if best:
                found = choices[best[0]]
        if found:
            label = self.labels[scheme].get(found, found)
            return found, _("Understood '%(value)s' as '%(label)s' (%(code)s)") % {
                "value": text,
                "label": label,
                "code": found,
            }
        return None, _("Unknown value '%(value)s' for %(list)s") % {
            "value": text,
            "list": self.scheme_names.get(scheme, scheme),
        }

    def choice(self, enum: str, raw: Any) -> str:
        text = cell_text(raw)
        mapping = self.choice_maps[enum]
        value = mapping.get(text)
        if value is None:
            value = mapping.get(label_key(text))
        if value is None:
            raise BadValue(_("Unknown value '%(value)s'") % {"value": text})
        return value

    # units

    def unit(self, raw: Any, note: Callable[[str], None], historic: bool = False) -> str:
        """A current unit by code or name; a former unit's code gives its successor, or
        (`historic`, for past employment) stays as written."""
        cache = self.historic_cache if historic else self.unit_cache
        hit = cache.get(raw)
        if hit is None:
            text = cell_text(raw)
            historic_code = historic and text in self.all_units
            hit = (text, "") if historic_code else self._resolve_unit(raw)
            cache[raw] = hit
        value, message = hit
        if value is None:
            raise BadValue(message)
        if message:
            note(message)
        return value

    def _resolve_unit(self, raw: Any) -> tuple[str | None, str]:
        text = cell_text(raw)
        if text in self.current_units:
            return text, ""
        if text in self.all_units:
            try:
                successors = resolve_code(text)
            except UnitDataError as error:
                return None, str(error)
            codes = sorted({u.code for u in successors})
            if len(codes) == 1:
                return codes[0], _(
                    "Unit '%(old)s' no longer exists; its successor '%(new)s' was used"
                ) % {"old": text, "new": codes[0]}
            if not codes:
                return text, ""  # no successor recorded: keep the code as written
            return None, _(
                "Unit '%(old)s' no longer exists and was split into %(codes)s: choose one"
            ) % {"old": text, "codes": ", ".join(codes)}
        key = label_key(text)
        matches = self.unit_names.get(key, [])
        if len(matches) == 1:
            return matches[0], ""
        if len(matches) > 1:
            exact = self.toned_names.get(syn.tone_key(text), [])
            if len(exact) == 1:
                return exact[0], ""
            return None, self._ambiguous(text, matches)
        # Prefixes and abbreviations officers write ("UBND phường X", "P. X", "Sở KH&CN"),
        # then former names (today's successor): `synonyms.unit_name_candidates`.
        for candidate in syn.unit_name_candidates(text):
            if candidate == key:
                continue
            matches = self.unit_names.get(candidate, [])
            if len(matches) > 1:  # the same name but for the tones: compare them
                for toned in syn.unit_name_candidates(text, syn.tone_key):
                    exact = self.toned_names.get(toned, [])
                    if len(exact) == 1:
                        matches = exact
                        break
            if len(matches) == 1:
                code = matches[0]
                return code, _("Unit '%(value)s' was read as '%(name)s' (%(code)s)") % {
                    "value": text,
                    "name": self.unit_labels.get(code, code),
                    "code": code,
                }
            if len(matches) > 1:
                return None, self._ambiguous(text, matches)
        toned_candidates = [syn.tone_key(text), *syn.unit_name_candidates(text, syn.tone_key)]
        for candidate in [*toned_candidates, key, *syn.unit_name_candidates(text)]:
            olds = self.former_names.get(candidate)
            if not olds:
                continue
            heirs: set[str] = set()
            for old in olds:
                try:
                    heirs.update(u.code for u in resolve_code(old))
                except UnitDataError:
                    continue
            if len(heirs) == 1:
                (code,) = heirs
                return code, _(
                    "'%(value)s' is a former unit (%(old)s); its successor today, '%(name)s' "
                    "(%(code)s), was used"
                ) % {
                    "value": text,
                    "old": ", ".join(sorted(olds)[:3]),
                    "name": self.unit_labels.get(code, code),
                    "code": code,
                }
            if len(heirs) > 1:
                return None, _(
                    "'%(value)s' is a former unit whose successors today are %(codes)s: "
                    "write the unit code"
                ) % {"value": text, "codes": ", ".join(sorted(heirs)[:5])}
        return None, _("Unknown unit '%(value)s'") % {"value": text}

    def _ambiguous(self, text: str, matches: list[str]) -> str:
        return _("Unit name '%(value)s' is ambiguous (%(codes)s): write the unit code") % {
            "value": text,
            "codes": ", ".join(sorted(matches)[:5]),
        }

    # qualification words

    def qualification(self, raw: Any, note: Callable[[str], None]) -> tuple[str, str, str]:
        """(title, degree, level) of a "Trình độ" / "Học hàm, học vị" cell: the words of
        `synonyms.qualification`, else a degree or level of the code lists."""
        text = cell_text(raw)
        found = syn.qualification(text)
        if found is not None:
            title, degree, level = found
            return (
                title if title in self.codes.get("academic_title", {}) else "",
                degree if degree in self.codes.get("degree", {}) else "",
                level if level in self.codes.get("qualification_level", {}) else "",
            )
        for scheme in ("degree", "qualification_level", "academic_title"):
            value, message = self._resolve_code(scheme, text)
            if value is not None:
                if message:
                    note(message)
                return (
                    value if scheme == "academic_title" else "",
                    value if scheme == "degree" else "",
                    value if scheme == "qualification_level" else "",
                )
        raise BadValue(
            _("Unknown qualification '%(value)s' (write for example Tiến sĩ, Thạc sĩ, Đại học)")
            % {"value": text}
        )


def _strip_parens(text: str) -> str:
    import re

    return re.sub(r"\([^)]*\)", " ", text or "").strip()


def _choice_map(enum: Any) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for value, label in enum.choices:
        mapping[value] = value
        mapping[label_key(value)] = value
        for language in ("vi", "en"):
            with translation.override(language):
                mapping.setdefault(label_key(str(label)), value)
    mapping.pop("", None)
    return mapping


# --------------------------------------------------------------------------- converters


def _special_text(text: str, note: Callable[[str], None], text_formulas: bool) -> str:
    # Our CSV export wrote "'=..." against formula injection: take the apostrophe off.
    if text[0] == "'" and len(text) > 1 and text[1] in _ESCAPED:
        return text[1:]
    if text_formulas and text[0] == "=":
        # A formula is refused, never evaluated: its result is not the officer's data.
        raise BadValue(
            _(
                "The cell holds a formula (%(text)s): formulas are not accepted. Replace it "
                "with its value (Copy, then Paste Special → Values) and import again"
            )
            % {"text": text[:40]}
        )
    return text


class Converters:
    """One converter (raw cell -> value) per kind of column, sharing the file's lookups."""

    def __init__(
        self, lookups: Lookups, *, text_formulas: bool = True, encoding: str | None = None
    ) -> None:
        """`text_formulas`: text starting with "=" is a formula (CSV, where cells have no
        type); workbooks mark formula cells themselves and a string cell is only text.
        `encoding`: TCVN3 has no byte for some toned capitals ("Ẩ", "Ủ"), written with the
        lower-case byte: the capital of each word of a name comes back."""
        self.tcvn3 = encoding == enc.TCVN3
        self.lookups = lookups
        self.notes: list[str] = []
        self.dates = DateParser()
        self.text_formulas = text_formulas

    def for_column(self, column: F.Column) -> tuple[Callable[[Any], Any], bool]:
        """(converter, whether its warning-free results may be memoised by cell)."""
        note = self.notes.append
        kind, scheme, lookups = column.kind, column.scheme, self.lookups
        special = _SPECIAL_START
        formulas = self.text_formulas

        if kind in (F.TEXT, F.ROW_KEY):

            def text(raw: Any) -> str:
                value = raw.strip() if raw.__class__ is str else cell_text(raw)
                if value and value[0] in special:
                    return _special_text(value, note, formulas)
                return value

            return text, False
        if kind == F.NAME:

            def name(raw: Any) -> str:
                value = " ".join(raw.split()) if raw.__class__ is str else cell_text(raw)
                if value and value[0] in special:
                    return _special_text(value, note, formulas)
                return value

            if self.tcvn3:
                return _tcvn3_capitals(name, words=True), False
            return name, False
        if kind == F.DATE:
            dates = self.dates

            def date(raw: Any) -> datetime.date:
                value = dates(raw)
                if value.__class__ is int:
                    raise BadValue(
                        _("'%(value)s' is only a year: write the full date (dd/mm/yyyy)")
                        % {"value": cell_text(raw)}
                    )
                # The int case raised above (`__class__ is`: no isinstance on this hot path).
                return value  # type: ignore[return-value]

            return date, True
        if kind == F.BIRTH_DATE:
            dates = self.dates

            def birth(raw: Any) -> datetime.date | int:
                try:
                    return dates(raw)
                except BadValue:
                    # "03/1980": month and year only -> the year (a warning follows).
                    text = cell_text(raw)
                    parts = [p for p in text.replace(".", "/").replace("-", "/").split("/") if p]
                    if len(parts) == 2 and all(p.strip().isdigit() for p in parts):
                        month, year = (int(p) for p in parts)
                        if 1 <= month <= 12 and 1900 <= year <= 2100:
                            return year
                    raise

            return birth, True
        if kind == F.YEAR:
            return parse_year, True
        if kind == F.INT:
            return parse_int, True
        if kind == F.FLOAT:
            return parse_float, True
        if kind == F.BOOL:
            return parse_bool, True
        if kind == F.GENDER:
            return parse_gender, True
        if kind == F.CHOICE:
            return (lambda raw: lookups.choice(scheme, raw)), True
        if kind == F.CODE:
            return (lambda raw: lookups.code(scheme, raw, note)), True
        if kind == F.CODES:

            def codes(raw: Any) -> tuple[str, ...]:
                return tuple(
                    dict.fromkeys(lookups.code(scheme, item, note) for item in split_list(raw))
                )

            return codes, True
        if kind == F.UNIT:
            return (lambda raw: lookups.unit(raw, note)), True
        if kind == F.UNIT_ANY:
            return (lambda raw: lookups.unit(raw, note, historic=True)), True
        if kind == F.LANGUAGES:

            def languages(raw: Any) -> tuple[tuple[str, str], ...]:
                pairs = []
                for language, level in split_languages(raw):
                    code = lookups.code("language", language, note)
                    pairs.append(
                        (code, lookups.code("language_level", level, note) if level else "")
                    )
                return tuple(pairs)

            return languages, True
        if kind in (F.PERSONAL_ID, F.ID_ANY):
            return (lambda raw: parse_any_id(raw, note)), True
        if kind == F.QUALIFICATION:
            return (lambda raw: lookups.qualification(raw, note)), True
        if kind == F.OLD_ID:
            return (lambda raw: parse_old_id(raw, note)), True
        if kind == F.PHONE:
            return (lambda raw: parse_phone(raw, note)), True
        if kind == F.EMAIL:
            return parse_email, True
        raise ValueError(f"unknown kind {kind}")


_SPECIAL_START = frozenset("'=")


def _give_capitals(value: str, lost: frozenset[str], words: bool) -> str:
    """Give back the capitals TCVN3 wrote with a lower-case byte (see Converters): every
    word of a name, the first letter of a text."""
    if words:
        return " ".join(w[0].upper() + w[1:] if w and w[0] in lost else w for w in value.split(" "))
    return value[0].upper() + value[1:] if value[0] in lost else value


def _tcvn3_capitals(convert: Callable[[Any], str], *, words: bool) -> Callable[[Any], str]:
    lost = frozenset(c.lower() for c in enc.TCVN3_CAPITALS_WITHOUT_BYTE)

    def fixed(raw: Any) -> str:
        value = convert(raw)
        return _give_capitals(value, lost, words) if value else value

    return fixed


@dataclass
class _Header:
    row: int  # 0-based index of the (last) header row
    columns: dict[str, int]  # our key -> 0-based column
    headers: dict[str, str]  # our key -> header text
    findings: list[Finding]


_TEXT_KINDS = (F.TEXT, F.ROW_KEY, F.NAME)
# Kinds with few distinct values: their warning-free results are memoised by cell.
_MEMO_KINDS = (F.DATE, F.BIRTH_DATE, F.YEAR, F.INT, F.FLOAT, F.BOOL, F.GENDER, F.CHOICE,
               F.CODE, F.CODES, F.UNIT, F.UNIT_ANY, F.LANGUAGES, F.QUALIFICATION)  # fmt: skip
_MEMO_LIMIT = 100_000

# A text cell that needs the careful path: leading apostrophe / formula / space.
_CAREFUL_START = frozenset("'= \t\r\n")


def _fast_personal_id(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def check(raw: Any) -> Any:
        if raw.__class__ is str and len(raw) == 12 and raw.isdigit():
            return raw
        return convert(_unescape(raw))

    return check


def _fast_phone(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def check(raw: Any) -> Any:
        if raw.__class__ is str and (
            (raw[0] == "+" and raw[1:].isdigit() and 9 <= len(raw) <= 16)
            or (raw[0] == "0" and raw.isdigit() and 10 <= len(raw) <= 11)
        ):
            return raw
        return convert(_unescape(raw))

    return check


def _fast_email(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def check(raw: Any) -> Any:
        if raw.__class__ is str:
            local, at, domain = raw.partition("@")
            plain = at and local and "." in domain and " " not in raw and "@" not in domain
            if plain and domain[0] != "." and domain[-1] != ".":
                return raw
        return convert(_unescape(raw))

    return check


class _RowConverter:
    """Cells of one sheet row -> {key: value} and findings, with the sheet's plan.

    Three groups of columns, cheapest first: plain text (strip, nothing else unless the
    cell starts oddly), memoised kinds (codes, dates, units... few distinct values) and
    checked identifiers (a fast shape check before the full parser)."""

    def __init__(self, sheet: str, header: _Header, columns: list[F.Column], conv: Converters):
        self.sheet = sheet
        self.notes = conv.notes
        self.header = header
        by_key = {c.key: c for c in columns}
        self.texts: list[tuple[int, str, bool]] = []
        self.memos: list[tuple[int, str, dict, Callable[[Any], Any]]] = []
        self.checked: list[tuple[int, str, Callable[[Any], Any]]] = []
        self.width = 0
        self.text_convert, _memo = conv.for_column(F.Column("_", "", "", F.TEXT))
        self.shared_columns = len(set(header.columns.values())) < len(header.columns)
        self.lost_capitals = (
            frozenset(c.lower() for c in enc.TCVN3_CAPITALS_WITHOUT_BYTE) if conv.tcvn3 else None
        )
        for key, index in sorted(header.columns.items(), key=lambda item: item[1]):
            column = by_key[key]
            if column.kind == F.IGNORED:
                continue
            self.width = max(self.width, index + 1)
            convert, _memoise = conv.for_column(column)
            if column.sensitive:
                convert = _pass_masked(convert)
            if column.kind in _TEXT_KINDS:
                self.texts.append((index, key, column.kind == F.NAME))
            elif column.kind in _MEMO_KINDS:
                self.memos.append((index, key, {}, convert))
            else:
                if column.kind in (F.PERSONAL_ID, F.ID_ANY):
                    convert = _fast_personal_id(convert)
                elif column.kind == F.PHONE:
                    convert = _fast_phone(convert)
                elif column.kind == F.EMAIL:
                    convert = _fast_email(convert)
                self.checked.append((index, key, convert))

    def _finding(self, row: int, column: int, key: str, level: str, message: str, raw: Any):
        return Finding(
            row, self.sheet, column, self.header.headers.get(key, ""), key, level, message,
            cell_text(raw),
        )  # fmt: skip

    def convert(self, cells: list[Any], row: int) -> tuple[dict[str, Any], list[Finding]]:
        values: dict[str, Any] = {}
        findings: list[Finding] = []
        notes = self.notes
        if len(cells) < self.width:
            cells = list(cells) + [""] * (self.width - len(cells))
        careful = _CAREFUL_START
        for column, key, is_name in self.texts:
            raw = cells[column]
            if not raw:
                continue
            if raw.__class__ is not str or raw[0] in careful or raw[-1] == " ":
                try:
                    value = self.text_convert(raw)
                except BadValue as error:  # a formula
                    notes.clear()
                    findings.append(self._finding(row, column, key, ERROR, str(error), raw))
                    continue
                if notes:
                    for message in notes:
                        findings.append(self._finding(row, column, key, WARNING, message, raw))
                    notes.clear()
                if not value:
                    continue
            else:
                value = raw
            if is_name and "  " in value:
                value = " ".join(value.split())
            if is_name and self.lost_capitals:  # names only: a text may start in lower case
                value = _give_capitals(value, self.lost_capitals, True)
            values[key] = value
        for column, key, memo, convert in self.memos:
            raw = cells[column]
            if raw is None or raw == "":
                continue
            try:
                value = memo.get(raw, _MISSING)
            except TypeError:  # an unhashable cell
                value = _MISSING
            if value is not _MISSING:
                values[key] = value
                continue
            try:
                value = convert(_unescape(raw))
            except BadValue as error:
                notes.clear()
                findings.append(self._finding(row, column, key, ERROR, str(error), raw))
                continue
            if notes:
                for message in notes:
                    findings.append(self._finding(row, column, key, WARNING, message, raw))
                notes.clear()
            elif len(memo) < _MEMO_LIMIT:
                memo[raw] = value
            values[key] = value
        for column, key, convert in self.checked:
            raw = cells[column]
            if raw is None or raw == "":
                continue
            try:
                value = convert(_unescape(raw))
            except BadValue as error:
                notes.clear()
                findings.append(self._finding(row, column, key, ERROR, str(error), raw))
                continue
            if notes:
                for message in notes:
                    findings.append(self._finding(row, column, key, WARNING, message, raw))
                notes.clear()
            values[key] = value
        if self.shared_columns and len(findings) > 1:
            # One column read as two fields (the unit of work, the managing unit too):
            # its problem is reported once.
            seen: set[tuple] = set()
            unique = []
            for finding in findings:
                mark = (finding.column, finding.level, finding.message)
                if mark not in seen:
                    seen.add(mark)
                    unique.append(finding)
            findings = unique
        return values, findings


def _unescape(raw: Any) -> Any:
    """Take off the apostrophe our CSV export put before = + - @ (formula injection)."""
    if raw.__class__ is str and raw[:1] == "'" and raw[1:2] in _ESCAPED and len(raw) > 1:
        return raw[1:]
    return raw


def _pass_masked(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A masked export value ('07•••1') is kept as written: IMPORT keeps the stored value."""

    def check(raw: Any) -> Any:
        if raw.__class__ is str and MASK_CHAR in raw:
            return raw.strip()
        return convert(raw)

    return check


# --------------------------------------------------------------------------- headers


def _header_text(value: Any) -> str:
    return cell_text(value) if value is not None else ""


def find_header(
    rows: list[list[Any]],
    columns: list[F.Column],
    sheet: str,
    required: Callable[[dict[str, int]], str | None],
    merged: list | None = None,
) -> _Header:
    """Find the header row among the first rows (a title row may sit above it), resolve a
    header written over two rows, map every header; raise ImportFileError when none fits."""
    people = columns is F.PEOPLE_COLUMNS
    index = F.header_index(columns, syn.current().headers if people else None)
    candidates = rows[:HEADER_SEARCH_ROWS]
    if not any(any(_header_text(c) for c in row) for row in candidates):
        raise ImportFileError(_empty_sheet_message(sheet))
    scored = []
    for position, row in enumerate(candidates):
        keys = {index.get(label_key(_header_text(c))) for c in row if _header_text(c)}
        keys.discard(None)
        scored.append((len(keys), -position))
    best_count, best = max(scored)
    best = -best
    if best_count < 2:
        raise ImportFileError(
            _(
                "No header row found in %(where)s: the first rows must hold the column names "
                "(for example 'Họ và tên', 'Ngày sinh', 'Đơn vị quản lý')."
            )
            % {"where": _where(sheet)}
        )
    header_rows = [best]
    below = rows[best + 1] if best + 1 < len(rows) else []
    top = rows[best]
    below_keys = [index.get(label_key(_header_text(c))) for c in below]
    top_keys = [index.get(label_key(_header_text(c))) for c in top]
    if sum(1 for k in below_keys if k) >= 2 and not _looks_like_data(below, top_keys):
        header_rows.append(best + 1)  # a two-row header: field names in the second row
    elif _merged_header(top, below, top_keys, below_keys, best, merged):
        raise ImportFileError(
            _(
                "The header in %(where)s spans two rows with merged cells and cannot be read. "
                "Keep a single header row with one column name per column (see the template)."
            )
            % {"where": _where(sheet)}
        )
    mapped: dict[str, int] = {}
    headers: dict[str, str] = {}
    findings: list[Finding] = []
    unknown: list[tuple[int, str]] = []
    width = max(len(rows[r]) for r in header_rows)
    for column in range(width):
        texts = [
            _header_text(rows[r][column]) if column < len(rows[r]) else "" for r in header_rows
        ]
        chosen_key, chosen_text = None, ""
        for text in reversed(texts):  # the lower row names the column when both do
            key = index.get(label_key(text)) if text else None
            if key:
                chosen_key, chosen_text = key, text
                break
        if chosen_key is None:
            text = next((t for t in reversed(texts) if t), "")
            if text and label_key(text) not in F.QUIET_KEYS:
                unknown.append((column, text))
            continue
        if chosen_key in mapped:
            findings.append(
                Finding(header_rows[-1] + 1, sheet, column, chosen_text, chosen_key, WARNING,
                        _("Column '%(header)s' repeats column '%(first)s' and was ignored")
                        % {"header": chosen_text, "first": headers[chosen_key]})
            )  # fmt: skip
            continue
        mapped[chosen_key] = column
        headers[chosen_key] = chosen_text
    for column, text in unknown:
        findings.append(
            Finding(header_rows[-1] + 1, sheet, column, text, "", WARNING,
                    _("Column '%(header)s' is not a known field and was ignored")
                    % {"header": text})
        )  # fmt: skip
    workplace = next(
        (k for k in ("employment_unit_code", "employment_organization") if k in mapped), None
    )
    if workplace == "employment_organization" and getattr(required, "default_unit", None):
        workplace = None  # the unit chosen for the import manages them; the text stays text
    if people and "unit_code" not in mapped and workplace:
        # Officers' lists name only the unit people work in: it is the managing unit too.
        column = mapped[workplace]
        mapped["unit_code"] = column
        headers["unit_code"] = headers[workplace]
        findings.append(
            Finding(header_rows[-1] + 1, sheet, column, headers["unit_code"], "unit_code",
                    WARNING,
                    _("The file has no managing-unit column: column '%(header)s' gives the "
                      "managing unit too") % {"header": headers["unit_code"]})
        )  # fmt: skip
    problem = required(mapped)
    if problem:
        raise ImportFileError(problem)
    return _Header(header_rows[-1], mapped, headers, findings)


def _looks_like_data(row: list[Any], top_keys: list[str | None]) -> bool:
    """A row under the header with values in most of the mapped columns is data."""
    mapped = [i for i, k in enumerate(top_keys) if k]
    filled = sum(1 for i in mapped if i < len(row) and _header_text(row[i]))
    return bool(mapped) and filled > len(mapped) * 0.6


def _merged_header(top, below, top_keys, below_keys, row, merged) -> bool:
    """A second header row of sub-labels (under merged cells) we cannot map."""
    if not below or any(below_keys):
        pass
    mapped = [i for i, k in enumerate(top_keys) if k]
    under_mapped = sum(1 for i in mapped if i < len(below) and _header_text(below[i]))
    under_blank = sum(
        1
        for i, cell in enumerate(below)
        if _header_text(cell)
        and (i >= len(top) or not _header_text(top[i]))
        and not below_keys[i]
        and not isinstance(cell, (int, float, datetime.date))
    )
    spans = 0
    for area in merged or []:
        try:
            (r0, c0), (_r1, c1) = area
        except (TypeError, ValueError):
            continue
        if r0 == row and c1 > c0:
            spans += 1
    if under_blank >= 2 and under_mapped <= len(mapped) * 0.5:
        return True
    return spans > 0 and under_blank >= 1


def _where(sheet: str) -> str:
    return _("sheet '%(sheet)s'") % {"sheet": sheet} if sheet else _("the file")


def _empty_sheet_message(sheet: str) -> str:
    if sheet:
        return _("Sheet '%(sheet)s' is empty: there is nothing to import.") % {"sheet": sheet}
    return _("The file holds no rows: there is nothing to import.")


def _people_required(default_unit: str | None) -> Callable[[dict[str, int]], str | None]:
    def check(mapped: dict[str, int]) -> str | None:
        return _people_missing(mapped, default_unit)

    # Read by find_header (the workplace column stands in for a missing unit column).
    check.default_unit = default_unit  # type: ignore[attr-defined]
    return check


def _people_missing(mapped: dict[str, int], default_unit: str | None) -> str | None:
    missing = []
    if "full_name" not in mapped and "given_name" not in mapped and "family_middle" not in mapped:
        missing.append("Họ và tên")
    if "unit_code" not in mapped and not default_unit:
        missing.append("Đơn vị quản lý")
    if missing:
        return _(
            "Required columns are missing: %(columns)s. Add them (or choose the unit when "
            "importing) and retry."
        ) % {"columns": ", ".join(missing)}
    return None


def _part_required(sheet: F.PartSheet) -> Callable[[dict[str, int]], str | None]:
    def check(mapped: dict[str, int]) -> str | None:
        if "row_key" not in mapped and "personal_id" not in mapped:
            return _(
                "Sheet '%(sheet)s' needs a 'Mã dòng' or 'Số định danh cá nhân' column to link "
                "each row to its person."
            ) % {"sheet": sheet.name_vi}
        return None

    return check


# --------------------------------------------------------------------------- records

_PART_FIELDS = {
    "qualifications": ("degree", "level", "st_field", "major", "institution", "country", "year"),
    "academic_titles": ("title", "year"),
    "languages": ("language", "level"),
    "employments": (
        "unit_code", "organization", "position", "leadership_level", "sector",
        "occupation_group", "start", "end",
    ),
    "publications": ("title", "doi", "venue", "year"),
    "patents": ("title", "kind", "number", "status", "filed_on", "granted_on"),
    "projects": ("title", "code", "level", "role", "accepted_on", "applied"),
    "awards": ("name", "level", "issuer", "year"),
    "trainings": ("topic", "title", "provider", "hours", "start", "end", "certificate"),
    "assessments": ("kind", "result", "score", "assessed_on"),
}  # fmt: skip
_PART_DEFAULTS = {
    "applied": False,
}
_NULLABLE = {"year", "start", "end", "filed_on", "granted_on", "accepted_on", "hours", "score",
             "assessed_on"}  # fmt: skip


def make_part(sheet_key: str, values: dict[str, Any]) -> Any:
    cls = F.PART_SHEET_BY_KEY[sheet_key].part
    kwargs = {}
    for name in _PART_FIELDS[sheet_key]:
        if values.get(name) is not None:
            kwargs[name] = values[name]
        elif name in _PART_DEFAULTS:
            kwargs[name] = _PART_DEFAULTS[name]
        else:
            kwargs[name] = None if name in _NULLABLE else ""
    return cls(**kwargs)


_QUALIFICATION_FLAT = {
    "highest_degree": "degree",
    "highest_level": "level",
    "highest_st_field": "st_field",
    "highest_major": "major",
    "highest_institution": "institution",
    "highest_country": "country",
    "highest_year": "year",
}
_EMPLOYMENT_FLAT = {
    "employment_unit_code": "unit_code",
    "employment_organization": "organization",
    "employment_position": "position",
    "employment_leadership_level": "leadership_level",
    "employment_sector": "sector",
    "employment_occupation_group": "occupation_group",
    "employment_start": "start",
}


_SIMPLE_KEYS = (
    "other_names", "ethnic_group", "personal_id", "old_id_number", "email", "phone", "address",
    "residence_unit_code", "overseas_kind", "overseas_country", "overseas_city", "keywords",
    "orcid", "scopus_id", "source", "last_verified_on",
)  # fmt: skip
_LIST_KEYS = ("categories", "st_fields", "strategic_technologies")


def build_record(
    values: dict[str, Any],
    findings: list[Finding],
    row: int,
    sheet: str,
    header: _Header,
    default_unit: str | None,
    part_sheets: frozenset[str] = frozenset(),
) -> g.PersonRecord | None:
    """The PersonRecord of one people row; None (with an error finding) when it has no name
    or no unit."""
    get = values.get
    family, middle, given = get("family_name", ""), get("middle_name", ""), get("given_name", "")
    family_middle = get("family_middle")
    if family_middle and not family and not middle:
        # "Họ, tên đệm" + "Tên": the first word is the family name.
        family, _space, middle = family_middle.partition(" ")
        if not given:
            family, middle, given = split_full_name(family_middle)
    _sort_ids(values, findings, row, sheet, header)
    for qualification in (get("title_qualification"), get("qualification")):
        if not qualification:
            continue
        title, degree, level = qualification
        for key, code in (("academic_title", title), ("highest_degree", degree),
                          ("highest_level", level)):  # fmt: skip
            if code and not get(key):
                values[key] = code
    if not family and not given:
        full = get("full_name", "")
        if full:
            family, middle, given = split_full_name(full)
    if not family and not given:
        if not any(f.field in ("full_name", "given_name") for f in findings):
            findings.append(_row_error(row, sheet, header, "full_name", _("The name is empty")))
        return None
    unit = get("unit_code") or default_unit or ""
    if not unit:
        unit_column = header.columns.get("unit_code")
        if not any(
            f.field == "unit_code" or (f.column is not None and f.column == unit_column)
            for f in findings
        ):
            findings.append(
                _row_error(row, sheet, header, "unit_code", _("The managing unit is empty"))
            )
        return None
    birth_date = get("birth_date")
    birth_year = get("birth_year") or 0
    if birth_date.__class__ is int:  # a year alone in the date column
        findings.append(
            _row_warning(row, sheet, header, "birth_date", birth_date,
                         _("Only the year of birth is known (%(year)d); day and month were left "
                           "empty") % {"year": birth_date})
        )  # fmt: skip
        birth_year = birth_year or birth_date
        birth_date = None
    elif birth_date is not None:
        if birth_year and birth_year != birth_date.year:
            findings.append(
                _row_warning(row, sheet, header, "birth_year", birth_year,
                             _("Year of birth %(year)d differs from the date of birth; the date "
                               "was kept") % {"year": birth_year})
            )  # fmt: skip
        birth_year = birth_date.year
    record = g.PersonRecord(
        unit,
        family,
        middle,
        given,
        birth_year,
        get("gender", ""),
        get("nationality", ""),
        get("status") or "active",
        get("status_since"),  # None when not given: IMPORT decides
    )
    record.birth_date = birth_date
    for key in _SIMPLE_KEYS:
        value = get(key)
        if value:
            setattr(record, key, value)
    for key in _LIST_KEYS:
        value = get(key)
        if value:
            setattr(record, key, list(value))
    if "qualifications" not in part_sheets and any(map(get, _QUALIFICATION_FLAT)):
        record.qualifications.append(
            g.QualificationPart(
                get("highest_degree", ""), get("highest_level", ""), get("highest_st_field", ""),
                get("highest_major", ""), get("highest_institution", ""),
                get("highest_country", ""), get("highest_year"),
            )
        )  # fmt: skip
    if "academic_titles" not in part_sheets and get("academic_title"):
        record.academic_titles.append(
            g.TitlePart(values["academic_title"], values.get("academic_title_year"))
        )
    if "languages" not in part_sheets and get("languages"):
        record.languages = [g.LanguagePart(code, level) for code, level in values["languages"]]
    if "employments" not in part_sheets and any(map(get, _EMPLOYMENT_FLAT)):
        record.employments.append(
            g.EmploymentPart(
                get("employment_unit_code", ""), get("employment_organization", ""),
                get("employment_position", ""), get("employment_leadership_level", ""),
                get("employment_sector", ""), get("employment_occupation_group", ""),
                get("employment_start"), None,
            )
        )  # fmt: skip
    if "assessments" not in part_sheets and (
        get("digital_skills_result") or get("digital_skills_score") is not None
    ):
        record.assessments.append(
            g.AssessmentPart(
                "digital_skills",
                values.get("digital_skills_result", ""),
                values.get("digital_skills_score"),
                None,
            )
        )
    return record


def _sort_ids(
    values: dict[str, Any], findings: list[Finding], row: int, sheet: str, header: _Header
) -> None:
    """Put the numbers of the ID columns where they belong: 12 digits are the personal ID,
    9 digits the old ID card (CMND), kept with a warning rather than refused."""
    for key in ("personal_id", "id_number"):
        value = values.pop(key, None) if key == "id_number" else values.get(key)
        if not value:
            continue
        if isinstance(value, OldIdNumber):
            if key == "personal_id":
                del values["personal_id"]
            old = values.get("old_id_number")
            findings.append(
                _row_warning(row, sheet, header, key, value,
                             _("'%(value)s' has 9 digits: it is an old ID card number (CMND) "
                               "and was stored as such; add the 12-digit personal ID when "
                               "known") % {"value": str(value)})
            )  # fmt: skip
            if not old:
                values["old_id_number"] = str(value)
        elif key == "id_number" and not values.get("personal_id"):
            values["personal_id"] = value


class OldIdNumber(str):
    """A 9-digit number read from a personal-ID column (see `_sort_ids`)."""


def parse_any_id(raw: Any, note: Callable[[str], None]) -> str:
    """A personal ID (12 digits, or 11 with the zero Excel dropped) or an old ID card
    number (9 digits, or 8): the latter comes back as an `OldIdNumber`."""
    text = cell_text(raw).replace(" ", "")
    if MASK_CHAR in text:
        return text
    digits = str(int(raw)) if isinstance(raw, (int, float)) and not isinstance(raw, bool) else text
    if digits.endswith(".0") and digits[:-2].isdigit():
        digits = digits[:-2]
    if digits.isdigit() and len(digits) in (8, 9):
        return OldIdNumber(parse_old_id(raw, note))
    return parse_personal_id(raw, note)


def _row_error(row: int, sheet: str, header: _Header, key: str, message: str) -> Finding:
    column = header.columns.get(key)
    return Finding(row, sheet, column, header.headers.get(key, ""), key, ERROR, message, "")


def _row_warning(
    row: int, sheet: str, header: _Header, key: str, value: Any, message: str
) -> Finding:
    column = header.columns.get(key)
    return Finding(
        row, sheet, column, header.headers.get(key, ""), key, WARNING, message, cell_text(value)
    )


# --------------------------------------------------------------------------- the file


def _is_blank(cells: list[Any]) -> bool:
    for cell in cells:
        if cell is not None and cell != "" and not (cell.__class__ is str and not cell.strip()):
            return False
    return True


@dataclass
class PeopleFile:
    """An opened file of people: what was found at file level, and the rows."""

    path: Path
    format: str
    encoding: str | None
    sheets: list[str]
    header_findings: list[Finding]
    columns: dict[str, str]
    total_rows: int | None
    masked_columns: set[str] = field(default_factory=set)  # filled while rows are read
    column_index: dict[str, int] = field(default_factory=dict)  # our key -> 0-based column
    header_row: int = 0  # 1-based number of the (last) header row
    people_sheet: str = ""
    _rows: Callable[[], Iterator[ParsedRow]] | None = None
    _close: Callable[[], None] | None = None

    def rows(self) -> Iterator[ParsedRow]:
        """One ParsedRow per person (and one per orphan part row), streamed."""
        assert self._rows is not None
        for parsed in self._rows():
            record = parsed.record
            if record is not None:
                for name in ("personal_id", "old_id_number", "email", "phone", "address",
                             "ethnic_group"):  # fmt: skip
                    value = getattr(record, name)
                    if value and MASK_CHAR in value:
                        self.masked_columns.add(name)
            yield parsed

    def close(self) -> None:
        if self._close is not None:
            self._close()

    def __enter__(self) -> PeopleFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_people(
    path: Path | str,
    *,
    encoding: str | None = None,
    default_unit: str | None = None,
    max_bytes: int | None = None,
    sheet: str | None = None,
) -> PeopleFile:
    """Open a CSV / XLSX / XLS / ODS / interop JSON file of people (see the module doc).

    File-level problems raise ImportFileError here, before any row is yielded."""
    path = Path(path)
    size = readers.check_size(path, max_bytes)
    fmt = readers.detect_format(path)
    if fmt in ("xlsx", "ods"):
        readers.check_zip(path, size)
    if fmt == "csv":
        return _read_csv(path, encoding, default_unit)
    if fmt == "json":
        return _read_json(path, default_unit)
    return _read_workbook(path, fmt, encoding, default_unit, sheet)


def _check_no_masked_write(values: dict[str, Any]) -> None:
    """Masked values stay as written ('07•••1'): IMPORT keeps the stored value for them."""


def _read_csv(path: Path, encoding: str | None, default_unit: str | None) -> PeopleFile:
    source = readers.open_csv(path, encoding)
    iterator = source.rows()
    head: list[list[str]] = []
    try:
        for cells in iterator:
            head.append(cells)
            if len(head) >= HEADER_SEARCH_ROWS + 1:
                break
    except ImportFileError:
        source.close()
        raise
    if not head or all(_is_blank(r) for r in head):
        source.close()
        raise ImportFileError(_empty_sheet_message(""))
    try:
        header = find_header(head, F.PEOPLE_COLUMNS, "", _people_required(default_unit))
    except ImportFileError:
        source.close()
        raise
    lookups = Lookups()
    converter = _RowConverter(
        "", header, F.PEOPLE_COLUMNS, Converters(lookups, encoding=source.encoding)
    )
    data_start = header.row + 1

    def rows() -> Iterator[ParsedRow]:
        try:
            numbered = enumerate(_chain(head, iterator), 1)
            data = (
                (n, cells)
                for n, cells in numbered
                if n > data_start and cells and not _is_blank(cells)
            )
            convert = converter.convert
            for number, cells in data:
                values, findings = convert(cells, number)
                record = build_record(values, findings, number, "", header, default_unit)
                yield ParsedRow(number, "", record, findings, values.get("record_id", ""))
        finally:
            source.close()

    return PeopleFile(
        path, "csv", source.encoding, [], header.findings,
        dict(header.headers), None, column_index=dict(header.columns), _rows=rows,
        _close=source.close, header_row=header.row + 1,
    )  # fmt: skip


def _chain(head: list[list[str]], rest: Iterator[list[str]]) -> Iterator[list[str]]:
    yield from head
    yield from rest


# --------------------------------------------------------------------------- workbooks


def _fix_legacy_cells(sheets: list[readers.SheetData], encoding: str | None) -> str | None:
    """Excel cells typed in a TCVN3 or VNI font hold Windows-1252 text: convert them
    (auto-detected from a sample of cells, or forced with `encoding`)."""
    chosen = enc.normalize_name(encoding) if encoding else None
    if chosen is not None and chosen not in (enc.TCVN3, enc.VNI):
        return None
    if chosen is None:
        sample: list[str] = []
        for data in sheets:
            for row in data.rows[:200]:
                sample.extend(c for c in row if c.__class__ is str and not c.isascii())
        if not sample:
            return None
        chosen = enc.best_legacy_text(sample[:3000])
        if chosen is None:
            return None
    for data in sheets:
        for row in data.rows:
            for i, cell in enumerate(row):
                if cell.__class__ is str and not cell.isascii():
                    row[i] = enc.decode_legacy(cell, chosen)
    return chosen


def _read_workbook(
    path: Path, fmt: str, encoding: str | None, default_unit: str | None, sheet: str | None
) -> PeopleFile:
    sheets = readers.read_workbook(path, fmt, sheet)
    for data in sheets:  # calamine's text is NFC already in practice; make sure
        for row in data.rows:
            for i, cell in enumerate(row):
                if (
                    cell.__class__ is str
                    and not cell.isascii()
                    and not unicodedata.is_normalized("NFC", cell)
                ):
                    row[i] = unicodedata.normalize("NFC", cell)
    legacy = _fix_legacy_cells(sheets, encoding)
    file_findings: list[Finding] = []
    people: readers.SheetData | None = None
    parts: list[tuple[F.PartSheet, readers.SheetData]] = []
    for data in sheets:
        kind = F.sheet_kind(data.name)
        if kind == "quiet" and sheet is None:
            continue
        if kind == "people" and people is None:
            people = data
        elif kind in F.PART_SHEET_BY_KEY and sheet is None:
            parts.append((F.PART_SHEET_BY_KEY[kind], data))
        elif people is None and kind is None:
            people = data
        else:
            file_findings.append(
                Finding(0, data.name, None, "", "", WARNING,
                        _("Sheet '%(sheet)s' is not a known sheet and was ignored")
                        % {"sheet": data.name})
            )  # fmt: skip
    if people is None:
        if not sheets:
            raise ImportFileError(_("The workbook has no sheet to import."))
        people = sheets[0]
    if not people.rows or all(_is_blank(r) for r in people.rows):
        raise ImportFileError(_empty_sheet_message(people.name))
    header = find_header(
        people.rows, F.PEOPLE_COLUMNS, people.name, _people_required(default_unit), people.merged
    )
    lookups = Lookups()
    converters = Converters(lookups, text_formulas=False, encoding=legacy)
    converter = _RowConverter(people.name, header, F.PEOPLE_COLUMNS, converters)
    part_headers = []
    for part_sheet, data in parts:
        if not data.rows or all(_is_blank(r) for r in data.rows):
            continue
        part_header = find_header(
            data.rows, part_sheet.columns, data.name, _part_required(part_sheet), data.merged
        )
        file_findings.extend(part_header.findings)
        part_headers.append((part_sheet, data, part_header))
    file_findings = header.findings + file_findings
    formulas = {data.name: set(data.formula_cells) for data in sheets if data.formula_cells}
    for data in sheets:  # formula cells in header rows are reported once, at file level
        for row0, col0 in data.formula_cells:
            if data is people and row0 > header.row:
                continue
            if any(d is data and row0 > h.row for _s, d, h in part_headers):
                continue
            file_findings.append(
                Finding(row0 + 1, data.name, col0, "", "", ERROR, _formula_message())
            )  # fmt: skip
    total = sum(1 for r in people.rows[header.row + 1 :] if not _is_blank(r))
    part_names = frozenset(p.key for p, _d, _h in part_headers)

    def rows() -> Iterator[ParsedRow]:
        grouped = _read_parts(part_headers, converters)
        people_formulas = formulas.get(people.name, set())
        indexes = [
            i for i in range(header.row + 1, len(people.rows)) if not _is_blank(people.rows[i])
        ]
        for index in indexes:
            cells = people.rows[index]
            number = index + 1
            values, findings = converter.convert(cells, number)
            for row0, col0 in people_formulas:
                if row0 == index:
                    findings.append(_formula_error(number, people.name, col0, cells))
            record = build_record(
                values, findings, number, people.name, header, default_unit, part_names
            )
            if part_names:
                _attach_parts(record, values, findings, grouped)
            yield ParsedRow(number, people.name, record, findings, values.get("record_id", ""))
        for (kind, link), items in grouped.items():
            for row, sheet_name, _part, findings in items:
                findings.append(
                    Finding(row, sheet_name, None, "", kind, ERROR,
                            _("No person in the people sheet has the %(kind)s '%(key)s'")
                            % {"kind": _link_label(kind), "key": link})
                )  # fmt: skip
                yield ParsedRow(row, sheet_name, None, findings)

    return PeopleFile(
        path, fmt, legacy, [s.name for s in sheets], file_findings, dict(header.headers), total,
        column_index=dict(header.columns), _rows=rows, header_row=header.row + 1,
        people_sheet=people.name,
    )  # fmt: skip


def _formula_message() -> str:
    return _(
        "The cell holds a formula: formulas are not accepted. Replace it with its value "
        "(Copy, then Paste Special → Values) and import again"
    )


def _formula_error(row: int, sheet: str, column: int, cells: list[Any]) -> Finding:
    """Formulas are refused, never evaluated (the cached result may be stale or computed
    from cells outside the list)."""
    value = cell_text(cells[column]) if column < len(cells) else ""
    return Finding(row, sheet, column, "", "", ERROR, _formula_message(), value)


def _link_label(kind: str) -> str:
    return _("row key") if kind == "row_key" else _("personal ID")


_Grouped = dict[tuple[str, str], list[tuple[int, str, Any, list[Finding]]]]


def _read_parts(part_headers: list, converters: Converters) -> _Grouped:
    """Every part row, grouped by its link to a person: (kind, key) -> items."""
    grouped: _Grouped = {}
    for part_sheet, data, header in part_headers:
        converter = _RowConverter(data.name, header, part_sheet.columns, converters)
        formulas = set(data.formula_cells)
        indexes = [i for i in range(header.row + 1, len(data.rows)) if not _is_blank(data.rows[i])]
        for index in indexes:
            cells = data.rows[index]
            number = index + 1
            values, findings = converter.convert(cells, number)
            for row0, col0 in formulas:
                if row0 == index:
                    findings.append(_formula_error(number, data.name, col0, cells))
            key = values.get("row_key")
            link = ("row_key", key) if key else ("personal_id", values.get("personal_id", ""))
            if not link[1]:
                findings.append(
                    Finding(number, data.name, None, "", "row_key", ERROR,
                            _("The row has neither a row key nor a personal ID to link it to "
                              "a person"))
                )  # fmt: skip
                link = ("row_key", f"#{data.name}:{number}")
            part = None
            if not any(f.level == ERROR for f in findings):
                part = make_part(part_sheet.key, values)
            grouped.setdefault(link, []).append(
                (number, data.name, (part_sheet.key, part), findings)
            )
    return grouped


def _attach_parts(
    record: g.PersonRecord | None,
    values: dict[str, Any],
    findings: list[Finding],
    grouped: _Grouped,
) -> None:
    items = []
    key = values.get("row_key")
    if key:
        items += grouped.pop(("row_key", key), [])
    personal_id = values.get("personal_id")
    if personal_id:
        items += grouped.pop(("personal_id", personal_id), [])
    for _row, _sheet, (kind, part), part_findings in items:
        findings.extend(part_findings)
        if record is not None and part is not None:
            getattr(record, kind).append(part)


# --------------------------------------------------------------------------- JSON


def _read_json(path: Path, default_unit: str | None) -> PeopleFile:
    from hientai.exchange import interop

    document = readers.read_json_bytes(path)
    people = interop.people_of(document)  # raises ImportFileError for a foreign document

    def rows() -> Iterator[ParsedRow]:
        for number, item in enumerate(people, 1):
            findings: list[Finding] = []
            try:
                record = interop.interop_to_record(item)
                if not record.unit_code and default_unit:
                    record.unit_code = default_unit
            except (ValueError, TypeError, KeyError, AttributeError) as error:
                findings.append(Finding(number, "", None, "", "", ERROR, str(error), ""))
                record = None
            yield ParsedRow(number, "", record, findings)

    return PeopleFile(
        path, "json", None, [], [], {}, len(people), _rows=rows,
    )  # fmt: skip
