"""The national-interop JSON of a person: every field and every part of a profile.

The document (schema `hientai-interop-person`, version 1.1; docs/INTEROP.md documents the
versioned exchange built on it and docs/interop-schema.md maps each element onto the
researcher data elements of Circular 05/2021/TT-BKHCN, flagged where unverified) is:

    {"schema": "hientai-interop-person", "version": "1.1", "generated_at": "...",
     "people": [{...person...}, ...]}

Versions: a minor version only adds optional keys (a 1.x reader reads every 1.y); another
major version is refused on import with a clear message.

A coded value is `{"code": "05", "scheme": "ethnic_group", "label": "Khơ-me"}` (the label
and version only when exported from the database; a bare string is read as the code).
`interop_to_record(record_to_interop(r)) == r` for every PersonRecord: the export of a
profile imports back without loss.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from hientai.exchange.errors import ImportFileError
from hientai.registry import records as g

if TYPE_CHECKING:
    from hientai.accounts.models import User

SCHEMA = "hientai-interop-person"
VERSION = "1.1"
MAJOR = VERSION.split(".")[0]

Labels = dict[str, dict[str, str]]  # scheme -> code -> Vietnamese label


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _parse_date(value: Any, where: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(
            _("%(where)s: '%(value)s' is not a date (YYYY-MM-DD)")
            % {"where": where, "value": value}
        ) from None


def _code(scheme: str, code: str, labels: Labels | None) -> dict | None:
    if not code:
        return None
    item = {"code": code, "scheme": scheme}
    if labels is not None:
        label = labels.get(scheme, {}).get(code)
        if label:
            item["label"] = label
    return item


def _read_code(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return str(value.get("code") or "")
    return str(value)


def _codes(scheme: str, codes: list[str], labels: Labels | None) -> list[dict | None]:
    return [_code(scheme, code, labels) for code in codes]


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    return int(value)


# The part lists: (record attribute, JSON key, fields as (name, kind, scheme)).
_PARTS: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("qualifications", [
        ("degree", "code", "degree"), ("level", "code", "qualification_level"),
        ("st_field", "code", "st_field"), ("major", "text", ""), ("institution", "text", ""),
        ("country", "code", "country"), ("year", "int", ""),
    ]),
    ("academic_titles", [("title", "code", "academic_title"), ("year", "int", "")]),
    ("languages", [("language", "code", "language"), ("level", "code", "language_level")]),
    ("employments", [
        ("unit_code", "unit", ""), ("organization", "text", ""), ("position", "text", ""),
        ("leadership_level", "text", ""), ("sector", "text", ""),
        ("occupation_group", "code", "occupation_group"), ("start", "date", ""),
        ("end", "date", ""),
    ]),
    ("publications", [
        ("title", "text", ""), ("doi", "text", ""), ("venue", "text", ""), ("year", "int", ""),
    ]),
    ("patents", [
        ("title", "text", ""), ("kind", "text", ""), ("number", "text", ""),
        ("status", "text", ""), ("filed_on", "date", ""), ("granted_on", "date", ""),
    ]),
    ("projects", [
        ("title", "text", ""), ("code", "text", ""), ("level", "text", ""), ("role", "text", ""),
        ("accepted_on", "date", ""), ("applied", "bool", ""),
    ]),
    ("awards", [
        ("name", "text", ""), ("level", "text", ""), ("issuer", "text", ""), ("year", "int", ""),
    ]),
    ("trainings", [
        ("topic", "code", "training_topic"), ("title", "text", ""), ("provider", "text", ""),
        ("hours", "int", ""), ("start", "date", ""), ("end", "date", ""),
        ("certificate", "text", ""),
    ]),
    ("assessments", [
        ("kind", "text", ""), ("result", "text", ""), ("score", "float", ""),
        ("assessed_on", "date", ""),
    ]),
]  # fmt: skip
PART_KEYS = [key for key, _fields in _PARTS]


def _part_to_json(part: Any, fields: list[tuple[str, str, str]], labels: Labels | None) -> dict:
    item: dict[str, Any] = {}
    for name, kind, scheme in fields:
        value = getattr(part, name)
        if kind == "code":
            item[name] = _code(scheme, value, labels)
        elif kind == "unit":
            item[name] = {"code": value} if value else None
        elif kind == "date":
            item[name] = _date(value)
        else:
            item[name] = value
    return item


def _part_from_json(cls: type, item: dict, fields: list[tuple[str, str, str]], where: str) -> Any:
    kwargs: dict[str, Any] = {}
    for name, kind, _scheme in fields:
        value = item.get(name)
        if kind in ("code", "unit"):
            kwargs[name] = _read_code(value)
        elif kind == "date":
            kwargs[name] = _parse_date(value, where)
        elif kind == "int":
            kwargs[name] = _int(value)
        elif kind == "float":
            kwargs[name] = None if value is None else float(value)
        elif kind == "bool":
            kwargs[name] = bool(value)
        else:
            kwargs[name] = "" if value is None else str(value)
    return cls(**kwargs)


_PART_CLASSES = {
    "qualifications": g.QualificationPart,
    "academic_titles": g.TitlePart,
    "languages": g.LanguagePart,
    "employments": g.EmploymentPart,
    "publications": g.PublicationPart,
    "patents": g.PatentPart,
    "projects": g.ProjectPart,
    "awards": g.AwardPart,
    "trainings": g.TrainingPart,
    "assessments": g.AssessmentPart,
}


def record_to_interop(
    record: g.PersonRecord, labels: Labels | None = None, masked: list[str] | None = None
) -> dict:
    """A PersonRecord as the interop person object (labels added when given)."""
    person: dict[str, Any] = {
        "managing_unit": {"code": record.unit_code} if record.unit_code else None,
        "name": {
            "family": record.family_name,
            "middle": record.middle_name,
            "given": record.given_name,
            "full": record.full_name,
            "other": record.other_names,
        },
        "birth": {"date": _date(record.birth_date), "year": record.birth_year or None},
        "gender": record.gender or None,
        "ethnic_group": _code("ethnic_group", record.ethnic_group, labels),
        "nationality": _code("country", record.nationality, labels),
        "identifiers": {
            "personal_id": record.personal_id,
            "old_id_number": record.old_id_number,
            "orcid": record.orcid,
            "scopus_id": record.scopus_id,
        },
        "contact": {
            "email": record.email,
            "phone": record.phone,
            "address": record.address,
            "residence_unit": (
                {"code": record.residence_unit_code} if record.residence_unit_code else None
            ),
        },
        "overseas": {
            "kind": record.overseas_kind or None,
            "country": _code("country", record.overseas_country, labels),
            "city": record.overseas_city,
        },
        "categories": _codes("person_category", record.categories, labels),
        "st_fields": _codes("st_field", record.st_fields, labels),
        "strategic_technologies": _codes(
            "strategic_technology", record.strategic_technologies, labels
        ),
        "keywords": record.keywords,
        "status": {"code": record.status, "since": _date(record.status_since)},
        "provenance": {"source": record.source, "last_verified_on": _date(record.last_verified_on)},
    }
    for key, fields in _PARTS:
        person[key] = [_part_to_json(part, fields, labels) for part in getattr(record, key)]
    if masked:
        person["masked"] = sorted(masked)
    return person


def interop_to_record(obj: dict) -> g.PersonRecord:
    """The exact inverse of record_to_interop (raises ValueError on a malformed object)."""
    if not isinstance(obj, dict):
        raise ValueError(_("A person must be a JSON object"))
    name = obj.get("name") or {}
    birth = obj.get("birth") or {}
    ids = obj.get("identifiers") or {}
    contact = obj.get("contact") or {}
    overseas = obj.get("overseas") or {}
    status = obj.get("status") or {}
    provenance = obj.get("provenance") or {}
    where = " ".join(str(name.get(k) or "") for k in ("family", "middle", "given")).strip()
    if not (name.get("family") or name.get("given")) and name.get("full"):
        from hientai.registry.values import split_full_name

        family, middle, given = split_full_name(str(name["full"]))
    else:
        family, middle, given = (str(name.get(k) or "") for k in ("family", "middle", "given"))
    record = g.PersonRecord(
        unit_code=_read_code(obj.get("managing_unit")),
        family_name=family,
        middle_name=middle,
        given_name=given,
        birth_year=_int(birth.get("year")) or 0,
        gender=str(obj.get("gender") or ""),
        nationality=_read_code(obj.get("nationality")),
        status=str(status.get("code") or "active"),
        status_since=_parse_date(status.get("since"), where),
        other_names=str(name.get("other") or ""),
        birth_date=_parse_date(birth.get("date"), where),
        ethnic_group=_read_code(obj.get("ethnic_group")),
        personal_id=str(ids.get("personal_id") or ""),
        old_id_number=str(ids.get("old_id_number") or ""),
        email=str(contact.get("email") or ""),
        phone=str(contact.get("phone") or ""),
        address=str(contact.get("address") or ""),
        residence_unit_code=_read_code(contact.get("residence_unit")),
        overseas_kind=str(overseas.get("kind") or ""),
        overseas_country=_read_code(overseas.get("country")),
        overseas_city=str(overseas.get("city") or ""),
        categories=[_read_code(c) for c in obj.get("categories") or []],
        st_fields=[_read_code(c) for c in obj.get("st_fields") or []],
        strategic_technologies=[_read_code(c) for c in obj.get("strategic_technologies") or []],
        keywords=str(obj.get("keywords") or ""),
        orcid=str(ids.get("orcid") or ""),
        scopus_id=str(ids.get("scopus_id") or ""),
        source=str(provenance.get("source") or ""),
        last_verified_on=_parse_date(provenance.get("last_verified_on"), where),
    )
    if record.birth_date and not record.birth_year:
        record.birth_year = record.birth_date.year
    for key, fields in _PARTS:
        items = obj.get(key) or []
        if not isinstance(items, list):
            raise ValueError(
                _("%(where)s: '%(key)s' must be a list") % {"where": where, "key": key}
            )
        setattr(record, key, [_part_from_json(_PART_CLASSES[key], i, fields, where) for i in items])
    return record


def document(people: list[dict], generated_at: datetime.datetime | None = None) -> dict:
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "standard": "Circular 05/2021/TT-BKHCN (element mapping: docs/INTEROP.md)",
        "generated_at": (generated_at or datetime.datetime.now(datetime.UTC)).isoformat(),
        "people": people,
    }


def people_of(obj: Any) -> list[dict]:
    """The people of an interop document (or of a bare list of people)."""
    if isinstance(obj, list):
        return obj
    if isinstance(obj, dict) and isinstance(obj.get("people"), list):
        if obj.get("schema", SCHEMA) != SCHEMA:
            raise ImportFileError(
                _("The JSON file is not in the interop format (schema '%(schema)s').")
                % {"schema": obj.get("schema")}
            )
        version = str(obj.get("version") or VERSION)
        if version.split(".")[0] != MAJOR:
            raise ImportFileError(
                _("The interop file is of version %(version)s; this system reads %(major)s.x.")
                % {"version": version, "major": MAJOR}
            )
        return obj["people"]
    raise ImportFileError(
        _("The JSON file is not in the interop format: it needs a 'people' list.")
    )


def person_to_interop(person: Any, user: User | None = None) -> dict:
    """One registry Person (with all parts) as the interop object; sensitive values
    masked unless `user` may see them (None = a system export: unmasked)."""
    from hientai.exchange.export import ExportSource

    source = ExportSource(type(person).objects.filter(pk=person.pk), user)
    for _person, record, masked in source.records():
        source.log()
        return record_to_interop(record, source.labels, masked)
    raise ValueError("person not found")
