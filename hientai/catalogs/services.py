"""Import and export of code lists in one CSV format (also used by the data migrations).

Columns: scheme,version,code,parent,level,label_vi,label_en,valid_from,valid_to,
unverified,note and any number of `x_*` columns kept in Code.extra. A file is
checked completely before anything is written; any error rejects the whole file.
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from hientai.accounts.scoping import scope_for
from hientai.catalogs.models import Code, Scheme
from hientai.core import audit

DATA_DIR = Path(__file__).resolve().parent / "data"
CODE_COLUMNS = [
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
REQUIRED_COLUMNS = {"scheme", "code", "label_vi"}
SCHEME_COLUMNS = [
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
TRUE_WORDS = {"1", "true", "yes", "x", "có", "co"}
FALSE_WORDS = {"", "0", "false", "no", "không", "khong"}
EXTRA_PREFIX = "x_"


class CodeListError(ValueError):
    """The file was rejected; `errors` lists every problem found, in the user's language."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    schemes: set[str] = field(default_factory=set)


def _nfc(value: str | None) -> str:
    return unicodedata.normalize("NFC", (value or "").strip())


def _parse_date(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _read_rows(source: Path | str | io.TextIOBase) -> tuple[list[str], list[dict[str, Any]]]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise CodeListError([_("File not found: %(path)s") % {"path": path}])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CodeListError(
                [_("The file is not UTF-8 text (byte %(pos)d)") % {"pos": exc.start}]
            ) from exc
    else:
        text = source.read()
    if not text.strip():
        raise CodeListError([_("The file is empty")])
    reader = csv.DictReader(io.StringIO(text), restkey="__extra__", restval=None)
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    return header, list(reader)


def _check_header(header: list[str]) -> list[str]:
    errors = []
    missing = sorted(REQUIRED_COLUMNS - set(header))
    if missing:
        errors.append(_("Missing columns: %(columns)s") % {"columns": ", ".join(missing)})
    unknown = [
        name for name in header if name not in CODE_COLUMNS and not name.startswith(EXTRA_PREFIX)
    ]
    if unknown:
        errors.append(
            _("Unknown columns: %(columns)s (extra columns must start with x_)")
            % {"columns": ", ".join(unknown)}
        )
    return errors


def _schemes_by_key(scheme_model: Any) -> dict[tuple[str, str], Any]:
    return {(scheme.key, scheme.version): scheme for scheme in scheme_model.objects.all()}


def _current_versions(schemes: dict[tuple[str, str], Any]) -> dict[str, str]:
    current: dict[str, str] = {}
    for (key, version), scheme in schemes.items():
        if scheme.is_current or key not in current:
            current[key] = version
    return current


def import_codes(
    source: Path | str | io.TextIOBase,
    scheme_model: Any = Scheme,
    code_model: Any = Code,
    user: Any = None,
    channel: str = "",
) -> ImportReport:
    """Validate the whole file, then create or update its codes in one transaction, with one
    audit row (not for data migrations, which pass their historical models)."""
    header, rows = _read_rows(source)
    errors = _check_header(header)
    if errors:
        raise CodeListError(errors)
    schemes = _schemes_by_key(scheme_model)
    current = _current_versions(schemes)
    parsed: list[dict[str, Any]] = []
    seen: dict[tuple[str, str, str], int] = {}
    for number, row in enumerate(rows, start=2):
        where = _("Row %(number)d") % {"number": number}
        if row.get("__extra__") or any(
            value is None for key, value in row.items() if key in header
        ):
            errors.append(
                _("%(where)s: the number of fields does not match the header") % {"where": where}
            )
            continue
        key = _nfc(row.get("scheme"))
        version = _nfc(row.get("version")) or current.get(key, "")
        if (key, version) not in schemes:
            if key not in current:
                errors.append(
                    _("%(where)s: unknown code list '%(key)s'") % {"where": where, "key": key}
                )
            else:
                errors.append(
                    _("%(where)s: code list '%(key)s' has no version '%(version)s'")
                    % {"where": where, "key": key, "version": version}
                )
            continue
        code = _nfc(row.get("code"))
        label_vi = _nfc(row.get("label_vi"))
        if not code:
            errors.append(_("%(where)s: the code is empty") % {"where": where})
            continue
        if not label_vi:
            errors.append(_("%(where)s: the Vietnamese label is empty") % {"where": where})
        if (key, version, code) in seen:
            errors.append(
                _("%(where)s: code '%(code)s' already appears in row %(first)d")
                % {"where": where, "code": code, "first": seen[(key, version, code)]}
            )
        seen[(key, version, code)] = number
        item: dict[str, Any] = {
            "scheme": schemes[(key, version)],
            "code": code,
            "parent": _nfc(row.get("parent")),
            "label_vi": label_vi,
            "label_en": _nfc(row.get("label_en")),
            "note": _nfc(row.get("note"))[:500],
            "extra": {
                name[len(EXTRA_PREFIX) :]: _nfc(value)
                for name, value in row.items()
                if name.startswith(EXTRA_PREFIX) and value
            },
            "number": number,
        }
        try:
            item["valid_from"] = _parse_date(_nfc(row.get("valid_from")))
            item["valid_to"] = _parse_date(_nfc(row.get("valid_to")))
        except ValueError:
            errors.append(_("%(where)s: dates must be written YYYY-MM-DD") % {"where": where})
        flag = _nfc(row.get("unverified")).lower()
        if flag not in TRUE_WORDS | FALSE_WORDS:
            errors.append(
                _("%(where)s: 'unverified' must be 1 or 0, not '%(value)s'")
                % {"where": where, "value": flag}
            )
        item["unverified"] = flag in TRUE_WORDS
        level = _nfc(row.get("level"))
        if level and not level.isdigit():
            errors.append(_("%(where)s: the level must be a whole number") % {"where": where})
        item["level"] = int(level) if level.isdigit() else None
        parsed.append(item)

    existing_codes: dict[tuple[int, str], Any] = {
        (code.scheme_id, code.code): code
        for code in code_model.objects.filter(scheme__in={item["scheme"] for item in parsed})
    }
    known = set(existing_codes)
    for item in parsed:
        if item["parent"] and (item["scheme"].pk, item["parent"]) not in known:
            errors.append(
                _("Row %(number)d: parent code '%(parent)s' is not in the list above this row")
                % {"number": item["number"], "parent": item["parent"]}
            )
        known.add((item["scheme"].pk, item["code"]))
    if errors:
        raise CodeListError(errors)
    if code_model is Code and user is not None and not scope_for(user).city_wide:
        raise PermissionDenied(_("Only the coordinator or an administrator may change code lists."))
    with transaction.atomic():
        report = _write_codes(parsed, existing_codes, code_model)
        if code_model is Code:
            audit.record(
                user,
                audit.Action.IMPORT,
                object_type="catalogs.scheme",
                label=", ".join(sorted(report.schemes)),
                after={
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                },
                reason=str(getattr(source, "name", source))[:255],
                channel=channel,
            )
    return report


@transaction.atomic
def _write_codes(parsed: list[dict[str, Any]], existing: dict, code_model: Any) -> ImportReport:
    report = ImportReport()
    fields = [
        "label_vi",
        "label_en",
        "valid_from",
        "valid_to",
        "unverified",
        "note",
        "extra",
        "level",
        "parent_id",
    ]
    for item in parsed:
        scheme = item["scheme"]
        parent = existing.get((scheme.pk, item["parent"])) if item["parent"] else None
        level = item["level"] or ((parent.level + 1) if parent else 1)
        values = {name: item[name] for name in fields[:7]}
        values.update(level=level, parent_id=parent.pk if parent else None)
        current = existing.get((scheme.pk, item["code"]))
        if current is None:
            current = code_model.objects.create(scheme=scheme, code=item["code"], **values)
            existing[(scheme.pk, item["code"])] = current
            report.created += 1
        elif any(getattr(current, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(current, name, value)
            current.save(update_fields=fields)
            report.updated += 1
        else:
            report.unchanged += 1
        report.schemes.add(f"{scheme.key}@{scheme.version}")
    return report


def export_codes(
    key: str, destination: Path | str | io.TextIOBase, version: str | None = None
) -> int:
    """Write one code list (the current version unless `version` is given); returns rows written."""
    schemes = Scheme.objects.filter(key=key)
    if not schemes.exists():
        known = ", ".join(sorted(set(Scheme.objects.values_list("key", flat=True))))
        raise CodeListError(
            [
                _("Unknown code list '%(key)s'. Known lists: %(known)s")
                % {"key": key, "known": known}
            ]
        )
    scheme = (
        schemes.filter(version=version).first()
        if version
        else schemes.order_by("-is_current", "-valid_from").first()
    )
    if scheme is None:
        raise CodeListError(
            [
                _("Code list '%(key)s' has no version '%(version)s'")
                % {"key": key, "version": version}
            ]
        )
    codes = list(scheme.codes.select_related("parent").order_by("level", "code"))
    codes = _parents_first(codes)
    extra_names = sorted({name for code in codes for name in code.extra})
    header = CODE_COLUMNS + [EXTRA_PREFIX + name for name in extra_names]

    def write(handle: Any) -> None:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for code in codes:
            writer.writerow(
                [
                    scheme.key,
                    scheme.version,
                    code.code,
                    code.parent.code if code.parent else "",
                    code.level,
                    code.label_vi,
                    code.label_en,
                    code.valid_from.isoformat() if code.valid_from else "",
                    code.valid_to.isoformat() if code.valid_to else "",
                    int(code.unverified),
                    code.note,
                    *[code.extra.get(name, "") for name in extra_names],
                ]
            )

    if isinstance(destination, (str, Path)):
        with Path(destination).open("w", encoding="utf-8", newline="") as handle:
            write(handle)
    else:
        write(destination)
    return len(codes)


def _parents_first(codes: list[Code]) -> list[Code]:
    by_id = {code.pk: code for code in codes}
    ordered: list[Code] = []
    placed: set[int] = set()

    def place(code: Code) -> None:
        if code.pk in placed:
            return
        if code.parent_id in by_id:
            place(by_id[code.parent_id])
        placed.add(code.pk)
        ordered.append(code)

    for code in codes:
        place(code)
    return ordered


@transaction.atomic
def load_reference_data(scheme_model: Any = Scheme, code_model: Any = Code) -> ImportReport:
    """Load schemes.csv and every codes/*.csv shipped in the repository (idempotent)."""
    with (DATA_DIR / "schemes.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            scheme_model.objects.update_or_create(
                key=row["key"],
                version=row["version"],
                defaults={
                    "name_vi": _nfc(row["name_vi"]),
                    "name_en": row["name_en"],
                    "source_document": row["source_document"][:255],
                    "valid_from": _parse_date(row["valid_from"]),
                    "valid_to": _parse_date(row["valid_to"]),
                    "is_current": row["is_current"] == "1",
                    "unverified": row["unverified"] == "1",
                    "note": row["note"],
                },
            )
    total = ImportReport()
    for path in sorted((DATA_DIR / "codes").glob("*.csv")):
        report = import_codes(path, scheme_model, code_model)
        total.created += report.created
        total.updated += report.updated
        total.unchanged += report.unchanged
        total.schemes |= report.schemes
    return total
