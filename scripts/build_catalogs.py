"""Build and validate the hientai code-list catalogs.

Regenerates the ISO country and language lists from pycountry (iso-codes) and
validates every CSV under hientai/catalogs/data/codes/ against schemes.csv.

Usage:
    python scripts/build_catalogs.py           # regenerate ISO lists, then validate
    python scripts/build_catalogs.py --check   # validate only (CI); writes nothing
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gettext
import io
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "hientai" / "catalogs" / "data"
CODES_DIR = DATA_DIR / "codes"
SCHEMES_CSV = DATA_DIR / "schemes.csv"

SCHEMES_HEADER = [
    "key",
    "version",
    "name_vi",
    "name_en",
    "source_document",
    "valid_from",
    "valid_to",
    "is_current",
    "unverified",
    "note",
]
CODES_HEADER = [
    "scheme",
    "version",
    "code",
    "parent",
    "level",
    "label_vi",
    "label_en",
    "valid_from",
    "valid_to",
    "unverified",
    "note",
]
EXTRA_PREFIX = "x_"
FILE_NAME_RE = re.compile(
    r"^(?P<key>[a-z][a-z0-9_]*)@(?P<version>[A-Za-z0-9][A-Za-z0-9.\-]*)\.csv$"
)
BOM = b"\xef\xbb\xbf"
# Column widths of the Scheme/Code models; longer values would be cut on load.
MAX_LENGTHS = {
    "key": 50,
    "version": 50,
    "name_vi": 255,
    "name_en": 255,
    "source_document": 255,
    "code": 50,
    "label_vi": 255,
    "label_en": 255,
    "note": 500,
}

COUNTRY_SCHEME = ("country", "ISO3166-1")
LANGUAGE_SCHEME = ("language", "ISO639-1")

# iso-codes' Vietnamese country names are partly missing, archaic (Nam Hàn,
# Căm Bốt, Miến Điện), wrong (Ao = Austria, Đảo Băng = Greenland) or garbled
# ("-xợ" syllables). A state registry cannot show those, so these rows get a
# hientai name, are flagged unverified and keep the raw name in x_iso_codes_vi.
COUNTRY_VI_OVERRIDES: dict[str, str] = {
    "AD": "An-đô-ra",
    "AF": "Áp-ga-ni-xtan",
    "AG": "An-ti-gu-a và Bác-bu-đa",
    "AI": "Ăng-gi-la",
    "AM": "Ác-mê-ni-a",
    "AR": "Ác-hen-ti-na",
    "AT": "Áo",
    "AU": "Ô-xtrây-li-a",
    "AZ": "A-déc-bai-gian",
    "BA": "Bô-xni-a và Héc-dê-gô-vi-na",
    "BB": "Bác-ba-đốt",
    "BD": "Băng-la-đét",
    "BH": "Ba-ranh",
    "BJ": "Bê-nanh",
    "BL": "Xanh Ba-tê-lê-mi",
    "BN": "Bru-nây",
    "BQ": "Bô-ne, Xin Ơ-xta-ti-út và Xa-ba",
    "BT": "Bu-tan",
    "BV": "Đảo Bu-vê",
    "BY": "Bê-la-rút",
    "CC": "Quần đảo Cốc-cốt (Kê-linh)",
    "CD": "Cộng hòa Dân chủ Công-gô",
    "CF": "Cộng hòa Trung Phi",
    "CI": "Cốt Đi-voa",
    "CK": "Quần đảo Cúc",
    "CM": "Ca-mơ-run",
    "CR": "Cô-xta Ri-ca",
    "CV": "Cáp-ve",
    "CX": "Đảo Giáng Sinh",
    "CZ": "Séc",
    "DM": "Đô-mi-ni-ca",
    "DO": "Cộng hòa Đô-mi-ni-ca",
    "EE": "E-xtô-ni-a",
    "FK": "Quần đảo Phoóc-len (Man-vi-nát)",
    "FM": "Mi-crô-nê-xi-a",
    "GB": "Vương quốc Anh",
    "GD": "Grê-na-đa",
    "GE": "Gru-di-a",
    "GF": "Guy-a-na thuộc Pháp",
    "GG": "Ghơn-xi",
    "GL": "Grin-len",
    "GS": "Nam Gru-di-a và Quần đảo Nam Xan-uých",
    "HK": "Hồng Công (Trung Quốc)",
    "HM": "Đảo Hớt và Quần đảo Mác-đô-nan",
    "HN": "Hôn-đu-rát",
    "HR": "Crô-a-ti-a",
    "ID": "In-đô-nê-xi-a",
    "IE": "Ai-len",
    "IL": "I-xra-en",
    "IN": "Ấn Độ",
    "IO": "Lãnh thổ Ấn Độ Dương thuộc Anh",
    "IR": "I-ran",
    "IS": "Ai-xơ-len",
    "JE": "Giơ-xi",
    "JO": "Gioóc-đa-ni",
    "JP": "Nhật Bản",
    "KE": "Kê-ni-a",
    "KG": "Cư-rơ-gư-xtan",
    "KH": "Campuchia",
    "KM": "Cô-mo",
    "KP": "Cộng hòa Dân chủ Nhân dân Triều Tiên",
    "KR": "Hàn Quốc",
    "KW": "Cô-oét",
    "KZ": "Ca-dắc-xtan",
    "LA": "Lào",
    "LI": "Lít-xtên-xtai",
    "LK": "Xri Lan-ca",
    "LU": "Lúc-xăm-bua",
    "MA": "Ma-rốc",
    "MD": "Môn-đô-va",
    "MF": "Xanh Mác-tanh (phần thuộc Pháp)",
    "MG": "Ma-đa-ga-xca",
    "MH": "Quần đảo Mác-san",
    "MK": "Bắc Ma-xê-đô-ni-a",
    "MM": "Mi-an-ma",
    "MO": "Ma Cao (Trung Quốc)",
    "MQ": "Mác-ti-ních",
    "MT": "Man-ta",
    "MU": "Mô-ri-xơ",
    "MV": "Man-đi-vơ",
    "MZ": "Mô-dăm-bích",
    "NF": "Đảo Nô-phốc",
    "NL": "Hà Lan",
    "NZ": "Niu Di-lân",
    "PF": "Pô-li-nê-xi-a thuộc Pháp",
    "PH": "Phi-líp-pin",
    "PK": "Pa-ki-xtan",
    "PN": "Quần đảo Pít-ca-in",
    "PS": "Nhà nước Pa-le-xtin",
    "QA": "Ca-ta",
    "RE": "Rê-u-ni-ông",
    "RW": "Ru-an-đa",
    "SA": "A-rập Xê-út",
    "SH": "Xanh Hê-lê-na, Át-xen-sơn và Tri-xtan đa Cu-nha",
    "SJ": "Xvan-ba và Gian Mai-en",
    "ST": "Xao Tô-mê và Prin-xi-pê",
    "SX": "Xin Mác-tin (phần thuộc Hà Lan)",
    "SY": "Xy-ri",
    "SZ": "E-xoa-ti-ni",
    "TC": "Quần đảo Tớc-cơ và Cai-cốt",
    "TD": "Sát",
    "TF": "Vùng đất phía Nam thuộc Pháp",
    "TJ": "Tát-gi-ki-xtan",
    "TL": "Đông Ti-mo",
    "TM": "Tuốc-mê-ni-xtan",
    "TR": "Thổ Nhĩ Kỳ",
    "TT": "Tri-ni-đát và Tô-ba-gô",
    "TW": "Đài Loan (Trung Quốc)",
    "TZ": "Tan-da-ni-a",
    "UA": "U-crai-na",
    "UM": "Các đảo nhỏ xa xôi của Hoa Kỳ",
    "US": "Hoa Kỳ",
    "UZ": "U-dơ-bê-ki-xtan",
    "VA": "Tòa Thánh Va-ti-căng",
    "VE": "Vê-nê-xu-ê-la",
    "WF": "Oa-lít và Phu-tu-na",
    "YT": "Ma-y-ốt",
}

# Same problem for languages: missing names, a wrong one (et = "Phổ Cổ", Old
# Prussian) and archaic transliterations.
LANGUAGE_VI_OVERRIDES: dict[str, str] = {
    "az": "Tiếng A-déc-bai-gian",
    "be": "Tiếng Bê-la-rút",
    "bg": "Tiếng Bun-ga-ri",
    "bn": "Tiếng Bengal",
    "cu": "Tiếng Slav Giáo hội",
    "cy": "Tiếng Wales",
    "dv": "Tiếng Dhivehi",
    "el": "Tiếng Hy Lạp (hiện đại)",
    "et": "Tiếng E-xtô-ni-a",
    "fy": "Tiếng Frisia (Tây)",
    "ga": "Tiếng Ai-len",
    "gd": "Tiếng Gael (Xcốt-len)",
    "gl": "Tiếng Galicia",
    "ht": "Tiếng Haiti (Creole)",
    "hu": "Tiếng Hung-ga-ri",
    "ia": "Tiếng Interlingua",
    "id": "Tiếng In-đô-nê-xi-a",
    "ie": "Tiếng Interlingue",
    "ii": "Tiếng Di (Tứ Xuyên)",
    "is": "Tiếng Ai-xơ-len",
    "kl": "Tiếng Greenland (Kalaallisut)",
    "km": "Tiếng Khơ-me",
    "kw": "Tiếng Cornwall",
    "lb": "Tiếng Lúc-xăm-bua",
    "li": "Tiếng Limburg",
    "mh": "Tiếng Mác-san",
    "mk": "Tiếng Ma-xê-đô-ni-a",
    "ms": "Tiếng Mã Lai",
    "mt": "Tiếng Man-ta",
    "nb": "Tiếng Na Uy (Bokmål)",
    "nd": "Tiếng Ndebele (Bắc)",
    "ne": "Tiếng Nê-pan",
    "nl": "Tiếng Hà Lan",
    "nn": "Tiếng Na Uy (Nynorsk)",
    "no": "Tiếng Na Uy",
    "nr": "Tiếng Ndebele (Nam)",
    "nv": "Tiếng Navajo",
    "ny": "Tiếng Chichewa",
    "oc": "Tiếng Occitan",
    "or": "Tiếng Oriya",
    "os": "Tiếng Ossetia",
    "pa": "Tiếng Punjab",
    "ro": "Tiếng Ru-ma-ni",
    "rm": "Tiếng Romansh",
    "se": "Tiếng Sami (Bắc)",
    "sh": "Tiếng Serbia-Croatia",
    "si": "Tiếng Sinhala",
    "st": "Tiếng Sotho (Nam)",
    "sw": "Tiếng Swahili",
    "za": "Tiếng Tráng",
}


def nfc(text: str) -> str:
    """Return text in Unicode NFC (iso-codes ships some decomposed strings)."""
    return unicodedata.normalize("NFC", text)


def _load_translator(domain: str) -> Callable[[str], str]:
    """Return a Vietnamese gettext function for an iso-codes domain."""
    import pycountry  # imported lazily so --check works without pycountry

    translation = gettext.translation(domain, pycountry.LOCALES_DIR, languages=["vi"])
    return translation.gettext


def _translate(gettext_vi: Callable[[str], str], *names: str | None) -> str:
    """Return the first real translation of any of names, or ''."""
    for name in names:
        if name and (translated := gettext_vi(name)) != name:
            return nfc(translated)
    return ""


def _override_note(iso_vi: str) -> str:
    if iso_vi:
        return f"hientai Vietnamese name replaces iso-codes '{iso_vi}'; check against MOFA usage"
    return "No iso-codes Vietnamese name; hientai name, check against MOFA usage"


def build_country_rows() -> tuple[list[str], list[dict[str, str]]]:
    """Rows for country@ISO3166-1 from pycountry."""
    import pycountry

    gettext_vi = _load_translator("iso3166-1")
    rows: list[dict[str, str]] = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        common = getattr(country, "common_name", None)
        iso_vi = _translate(gettext_vi, country.name, common)
        label_vi, unverified, note = iso_vi, "0", ""
        if country.alpha_2 in COUNTRY_VI_OVERRIDES:
            label_vi = COUNTRY_VI_OVERRIDES[country.alpha_2]
            unverified, note = "1", _override_note(iso_vi)
        elif not iso_vi:
            # No Vietnamese at all: show English rather than nothing, flagged.
            label_vi, unverified = country.name, "1"
            note = "No Vietnamese name in iso-codes; English name used"
        rows.append(
            _row(COUNTRY_SCHEME, country.alpha_2, (label_vi, country.name), (unverified, note))
            | {
                "x_alpha3": country.alpha_3,
                "x_numeric": country.numeric,
                "x_common_name_en": common or "",
                "x_iso_codes_vi": iso_vi,
            }
        )
    extra = ["x_alpha3", "x_numeric", "x_common_name_en", "x_iso_codes_vi"]
    return extra, rows


def build_language_rows() -> tuple[list[str], list[dict[str, str]]]:
    """Rows for language@ISO639-1: ISO 639-3 entries that have an alpha-2 code."""
    import pycountry

    gettext_vi = _load_translator("iso639-3")
    languages = [lang for lang in pycountry.languages if hasattr(lang, "alpha_2")]
    rows: list[dict[str, str]] = []
    for lang in sorted(languages, key=lambda item: item.alpha_2):
        iso_vi = _translate(gettext_vi, lang.name)
        label_vi, unverified, note = iso_vi, "0", ""
        if lang.alpha_2 in LANGUAGE_VI_OVERRIDES:
            label_vi = LANGUAGE_VI_OVERRIDES[lang.alpha_2]
            unverified = "1"
            note = (
                f"hientai Vietnamese name replaces iso-codes '{iso_vi}'"
                if iso_vi
                else "No iso-codes Vietnamese name; hientai name"
            )
        elif not iso_vi:
            label_vi, unverified = lang.name, "1"
            note = "No Vietnamese name in iso-codes; English name used"
        rows.append(
            _row(LANGUAGE_SCHEME, lang.alpha_2, (label_vi, lang.name), (unverified, note))
            | {"x_alpha3": lang.alpha_3, "x_iso_codes_vi": iso_vi}
        )
    return ["x_alpha3", "x_iso_codes_vi"], rows


def _row(
    scheme: tuple[str, str], code: str, labels: tuple[str, str], flag: tuple[str, str]
) -> dict[str, str]:
    """Build a flat (level-1) row; labels = (vi, en), flag = (unverified, note)."""
    return {
        "scheme": scheme[0],
        "version": scheme[1],
        "code": code,
        "parent": "",
        "level": "1",
        "label_vi": nfc(labels[0]),
        "label_en": nfc(labels[1]),
        "valid_from": "",
        "valid_to": "",
        "unverified": flag[0],
        "note": nfc(flag[1]),
    }


def codes_path(key: str, version: str) -> Path:
    return CODES_DIR / f"{key}@{version}.csv"


def write_codes(
    key: str, version: str, extra: Sequence[str], rows: Iterable[dict[str, str]]
) -> int:
    """Write one scheme-version file with LF line ends (clean git diffs)."""
    header = [*CODES_HEADER, *extra]
    count = 0
    with codes_path(key, version).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def generate() -> None:
    """Regenerate the ISO-derived files."""
    CODES_DIR.mkdir(parents=True, exist_ok=True)
    for (key, version), builder in (
        (COUNTRY_SCHEME, build_country_rows),
        (LANGUAGE_SCHEME, build_language_rows),
    ):
        extra, rows = builder()
        count = write_codes(key, version, extra, rows)
        print(f"generated {codes_path(key, version).name}: {count} rows")


# --------------------------------------------------------------- validation


def _read_csv(path: Path, errors: list[str]) -> tuple[list[str], list[list[str]]]:
    """Read a CSV strictly as UTF-8 without BOM; return (header, rows)."""
    raw = path.read_bytes()
    if raw.startswith(BOM):
        errors.append(f"{path.name}: starts with a UTF-8 BOM")
        raw = raw[len(BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        errors.append(f"{path.name}: not valid UTF-8 ({exc})")
        return [], []
    # StringIO keeps quoted newlines inside a cell intact.
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records:
        errors.append(f"{path.name}: empty file")
        return [], []
    return records[0], records[1:]


def _check_date(value: str) -> bool:
    if not value:
        return True
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None


def _check_cells(where: str, record: dict[str, str], errors: list[str]) -> None:
    """Run the cell checks shared by schemes.csv and code files."""
    for column, value in record.items():
        if value != nfc(value):
            errors.append(f"{where}: column {column} is not NFC")
        if value != value.strip():
            errors.append(f"{where}: column {column} has leading/trailing whitespace")
        if len(value) > MAX_LENGTHS.get(column, len(value)):
            errors.append(f"{where}: column {column} is longer than {MAX_LENGTHS[column]}")
    for column in ("valid_from", "valid_to"):
        if not _check_date(record.get(column, "")):
            errors.append(f"{where}: {column} '{record[column]}' is not YYYY-MM-DD")
    start, end = record.get("valid_from", ""), record.get("valid_to", "")
    if start and end and _check_date(start) and _check_date(end) and start > end:
        errors.append(f"{where}: valid_from is after valid_to")
    if record.get("unverified") not in ("0", "1"):
        errors.append(f"{where}: unverified must be 0 or 1")


def validate_schemes(errors: list[str]) -> dict[tuple[str, str], dict[str, str]]:
    header, rows = _read_csv(SCHEMES_CSV, errors)
    if header != SCHEMES_HEADER:
        errors.append(f"schemes.csv: header {header} != {SCHEMES_HEADER}")
        return {}
    schemes: dict[tuple[str, str], dict[str, str]] = {}
    current_count: dict[str, int] = {}
    for line, values in enumerate(rows, start=2):
        where = f"schemes.csv:{line}"
        if len(values) != len(header):
            errors.append(f"{where}: {len(values)} cells, expected {len(header)}")
            continue
        record = dict(zip(header, values, strict=True))
        _check_cells(where, record, errors)
        ident = (record["key"], record["version"])
        if not all(ident):
            errors.append(f"{where}: key and version are required")
        if ident in schemes:
            errors.append(f"{where}: duplicate scheme {ident[0]}@{ident[1]}")
        for column in ("name_vi", "name_en", "source_document"):
            if not record[column]:
                errors.append(f"{where}: {column} is empty")
        if record["is_current"] not in ("0", "1"):
            errors.append(f"{where}: is_current must be 0 or 1")
        current_count[record["key"]] = current_count.get(record["key"], 0) + (
            record["is_current"] == "1"
        )
        schemes[ident] = record
    # Each code list needs exactly one version that new data should use.
    for key, count in sorted(current_count.items()):
        if count != 1:
            errors.append(f"schemes.csv: scheme {key} has {count} current versions, expected 1")
    return schemes


def _check_code_row(where: str, record: dict[str, str], levels: dict[str, int]) -> list[str]:
    """Check one code row; record its level in levels when it is usable as a parent."""
    errors: list[str] = []
    code, parent = record["code"], record["parent"]
    if not code:
        errors.append(f"{where}: empty code")
    elif code in levels:
        errors.append(f"{where}: duplicate code '{code}'")
    errors.extend(
        f"{where}: {column} is empty" for column in ("label_vi", "label_en") if not record[column]
    )
    if record["unverified"] == "1" and not record["note"]:
        errors.append(f"{where}: unverified item needs a reason in note")
    if not record["level"].isdigit():
        return [*errors, f"{where}: level '{record['level']}' is not a positive integer"]
    level = int(record["level"])
    # Parents must come first so loaders can insert rows in file order.
    if parent and parent not in levels:
        errors.append(f"{where}: parent '{parent}' not defined earlier in the file")
    elif level != (levels[parent] + 1 if parent else 1):
        errors.append(f"{where}: level {level} does not match the parent's level + 1")
    if code and code not in levels:
        levels[code] = level
    return errors


def validate_codes_file(
    path: Path, schemes: dict[tuple[str, str], dict[str, str]], errors: list[str]
) -> int:
    """Validate one code file; return its number of data rows."""
    match = FILE_NAME_RE.match(path.name)
    if not match:
        errors.append(f"{path.name}: file name is not <key>@<version>.csv")
        return 0
    ident = (match["key"], match["version"])
    if ident not in schemes:
        errors.append(f"{path.name}: {ident[0]}@{ident[1]} is not in schemes.csv")
    header, rows = _read_csv(path, errors)
    if header[: len(CODES_HEADER)] != CODES_HEADER:
        errors.append(f"{path.name}: header must start with {CODES_HEADER}")
        return 0
    errors.extend(
        f"{path.name}: extra column '{column}' must start with '{EXTRA_PREFIX}'"
        for column in header[len(CODES_HEADER) :]
        if not column.startswith(EXTRA_PREFIX)
    )
    if len(set(header)) != len(header):
        errors.append(f"{path.name}: duplicate column names")
    levels: dict[str, int] = {}
    for line, values in enumerate(rows, start=2):
        where = f"{path.name}:{line}"
        if len(values) != len(header):
            errors.append(f"{where}: {len(values)} cells, expected {len(header)}")
            continue
        record = dict(zip(header, values, strict=True))
        _check_cells(where, record, errors)
        if (record["scheme"], record["version"]) != ident:
            errors.append(f"{where}: scheme/version do not match the file name")
        errors.extend(_check_code_row(where, record, levels))
    return len(rows)


def validate() -> list[str]:
    """Validate schemes.csv and every code file; return error messages."""
    errors: list[str] = []
    schemes = validate_schemes(errors)
    files = sorted(CODES_DIR.glob("*.csv"))
    seen: set[tuple[str, str]] = set()
    for path in files:
        count = validate_codes_file(path, schemes, errors)
        print(f"  {path.name}: {count} rows")
        if match := FILE_NAME_RE.match(path.name):
            seen.add((match["key"], match["version"]))
    for key, version in sorted(set(schemes) - seen):
        errors.append(f"schemes.csv: {key}@{version} has no file in codes/")
    return errors


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="validate only, write nothing")
    args = parser.parse_args(argv)
    if not args.check:
        generate()
    print(f"validating {DATA_DIR}")
    errors = validate()
    for error in errors:
        print(f"ERROR {error}", file=sys.stderr)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
