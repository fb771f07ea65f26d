"""Export people as XLSX, CSV or interop JSON.

- XLSX (openpyxl write-only): a flat "Nhân sự" sheet with our Vietnamese headers (the
  same columns as the gen-people CSV plus "Mã dòng", the row key) and one sheet per part
  ("Bằng cấp", "Công tác", "Bồi dưỡng", ...) linked by the row key: re-importing it gives
  every part back.
- CSV: the flat sheet only, UTF-8 with a BOM so Excel shows Vietnamese correctly.
- JSON: the interop document (interop.py) with every part.

Formula injection: a text cell that starts with = + - @ (or tab / CR) would run as a
formula when the file is opened in a spreadsheet. In CSV such a cell is written with a
leading apostrophe ("'+84912345678"): Excel and LibreOffice show it as text without the
apostrophe, so phone numbers stay readable, and our importer takes the apostrophe off. In
XLSX the cell is written as a string cell (never a formula), without an apostrophe.

Privacy: sensitive fields (registry.privacy.SENSITIVE_FIELDS) are masked ("07•••••••••1")
for people the user may not see unmasked; a masked value contains "•", and the importer
keeps the stored value for it (values.is_masked). Unmasked exports are logged
(SensitiveAccess, channel "export").
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from django.db.models import QuerySet
from django.utils import timezone

from hientai.accounts.scoping import editable, scope_for
from hientai.catalogs.models import Code, Scheme
from hientai.exchange import fields as F
from hientai.exchange.interop import document, record_to_interop
from hientai.orgs.models import Unit
from hientai.registry import models as m
from hientai.registry import records as g
from hientai.registry.privacy import log_accesses, mask

CHUNK = 2000
_DANGEROUS = frozenset("=+-@\t\r")
SENSITIVE = ("personal_id", "old_id_number", "email", "phone", "address", "ethnic_group")
FORMATS = ("xlsx", "csv", "json")


def escape_csv_cell(text: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would run as a formula."""
    if text and text[0] in _DANGEROUS:
        return "'" + text
    return text


class ExportSource:
    """People of a queryset as PersonRecords (all parts), read in chunks with plain
    value queries, masked for `user`."""

    def __init__(self, people: QuerySet, user: Any, channel: str = "export"):
        self.people = people
        self.user = user
        self.channel = channel
        self.codes = dict(Code.objects.values_list("pk", "code"))
        self.units = dict(Unit.objects.values_list("pk", "code"))
        schemes = dict(Scheme.objects.values_list("pk", "key"))
        self.labels: dict[str, dict[str, str]] = {}
        for scheme_id, code, label in Code.objects.order_by(
            "scheme__is_current", "scheme__version"
        ).values_list("scheme_id", "code", "label_vi"):
            self.labels.setdefault(schemes[scheme_id], {})[code] = label
        self.full_access, self.allowed = self._access(people, user)
        self.seen: list[tuple[int, list[str]]] = []  # (person id, fields shown unmasked)

    @staticmethod
    def _access(people: QuerySet, user: Any) -> tuple[bool, set[int]]:
        if user is None:  # a system export (management command run by the operator)
            return True, set()

        scope = scope_for(user)
        if scope.city_wide:
            return True, set()
        allowed = set(editable(m.Person.objects.all(), user).values_list("pk", flat=True))
        if scope.user_id:
            allowed |= set(
                m.Person.objects.filter(user_id=scope.user_id).values_list("pk", flat=True)
            )
        return False, allowed

    def records(self) -> Iterator[tuple[dict, g.PersonRecord, list[str]]]:
        """(person values, record, masked field names) per person, in pk order."""
        ids = list(self.people.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            yield from self._chunk(chunk)

    def _chunk(self, ids: list[int]) -> Iterator[tuple[dict, g.PersonRecord, list[str]]]:
        code, unit = self.codes.get, self.units.get
        rows = m.Person.objects.filter(pk__in=ids).order_by("pk").values()
        parts = self._parts(ids)
        status_since = {}
        for pid, since in (
            m.StatusPeriod.objects.filter(person_id__in=ids, effective_to__isnull=True)
            .order_by("person_id", "effective_from", "pk")
            .values_list("person_id", "effective_from")
        ):
            status_since[pid] = since
        m2m: dict[str, dict[int, list[str]]] = {}
        for name in ("categories", "st_fields", "strategic_technologies"):
            through = getattr(m.Person, name).through
            by_person: dict[int, list[str]] = {}
            for pid, code_id in (
                through.objects.filter(person_id__in=ids)
                .order_by("pk")
                .values_list("person_id", "code_id")
            ):
                by_person.setdefault(pid, []).append(code(code_id, ""))
            m2m[name] = by_person
        for row in rows:
            pid = row["id"]
            record = g.PersonRecord(
                unit_code=unit(row["unit_id"], ""),
                family_name=row["family_name"],
                middle_name=row["middle_name"],
                given_name=row["given_name"],
                birth_year=row["birth_year"] or 0,
                gender=row["gender"],
                nationality=code(row["nationality_id"], ""),
                status=row["status"],
                status_since=status_since.get(pid),
                other_names=row["other_names"],
                birth_date=row["birth_date"],
                ethnic_group=code(row["ethnic_group_id"], ""),
                personal_id=row["personal_id"],
                old_id_number=row["old_id_number"],
                email=row["email"],
                phone=row["phone"],
                address=row["address"],
                residence_unit_code=unit(row["residence_unit_id"], ""),
                overseas_kind=row["overseas_kind"],
                overseas_country=code(row["overseas_country_id"], ""),
                overseas_city=row["overseas_city"],
                categories=m2m["categories"].get(pid, []),
                st_fields=m2m["st_fields"].get(pid, []),
                strategic_technologies=m2m["strategic_technologies"].get(pid, []),
                keywords=row["keywords"],
                orcid=row["orcid"],
                scopus_id=row["scopus_id"],
                source=row["source"],
                last_verified_on=row["last_verified_on"],
            )
            for key, by_person in parts.items():
                setattr(record, key, by_person.get(pid, []))
            masked: list[str] = []
            if (
                self.full_access
                or pid in self.allowed
                or (row["user_id"] and self.user is not None and row["user_id"] == self.user.pk)
            ):
                shown = [name for name in SENSITIVE if getattr(record, name)]
                if shown:
                    self.seen.append((pid, shown))
            else:
                for name in SENSITIVE:
                    value = getattr(record, name)
                    if value:
                        setattr(record, name, mask(value))
                        masked.append(name)
            yield row, record, masked

    def _parts(self, ids: list[int]) -> dict[str, dict[int, list[Any]]]:
        code, unit = self.codes.get, self.units.get

        def rows(model: Any, *columns: str) -> Iterator[tuple]:
            return (
                model.objects.filter(person_id__in=ids)
                .order_by("pk")
                .values_list("person_id", *columns)
                .iterator(chunk_size=5000)
            )

        out: dict[str, dict[int, list[Any]]] = {key: {} for key in F.PART_SHEET_BY_KEY}

        def add(key: str, pid: int, part: Any) -> None:
            out[key].setdefault(pid, []).append(part)

        for pid, level, degree, field, major, inst, country, year in rows(
            m.Qualification, "level_id", "degree_id", "st_field_id", "major", "institution",
            "country_id", "year",
        ):  # fmt: skip
            add("qualifications", pid, g.QualificationPart(
                code(degree, ""), code(level, ""), code(field, ""), major, inst,
                code(country, ""), year))  # fmt: skip
        for pid, title, year in rows(m.AcademicTitle, "title_id", "year"):
            add("academic_titles", pid, g.TitlePart(code(title, ""), year))
        for pid, language, level in rows(m.LanguageSkill, "language_id", "level_id"):
            add("languages", pid, g.LanguagePart(code(language, ""), code(level, "")))
        for pid, unit_id, org, pos, lead, sector, group, start, end in rows(
            m.Employment, "unit_id", "organization", "position", "leadership_level", "sector",
            "occupation_group_id", "start", "end",
        ):  # fmt: skip
            add("employments", pid, g.EmploymentPart(
                unit(unit_id, ""), org, pos, lead, sector, code(group, ""), start, end,
            ))  # fmt: skip
        for pid, title, doi, venue, year in rows(m.Publication, "title", "doi", "venue", "year"):
            add("publications", pid, g.PublicationPart(title, doi, venue, year))
        for pid, *values in rows(
            m.Patent, "title", "kind", "number", "status", "filed_on", "granted_on"
        ):
            add("patents", pid, g.PatentPart(*values))
        for pid, *values in rows(
            m.STProject, "title", "code", "level", "role", "accepted_on", "applied"
        ):
            add("projects", pid, g.ProjectPart(*values))
        for pid, *values in rows(m.Award, "name", "level", "issuer", "year"):
            add("awards", pid, g.AwardPart(*values))
        for pid, topic, title, provider, hours, start, end, cert in rows(
            m.TrainingRecord, "topic_id", "title", "provider", "hours", "start", "end",
            "certificate",
        ):  # fmt: skip
            add("trainings", pid, g.TrainingPart(
                code(topic, ""), title, provider, hours, start, end, cert))  # fmt: skip
        for pid, kind, result, score, assessed in rows(
            m.SkillAssessment, "kind", "result", "score", "assessed_on"
        ):
            value = float(score) if isinstance(score, Decimal) else score
            add("assessments", pid, g.AssessmentPart(kind, result, value, assessed))
        return out

    def log(self) -> None:
        """One SensitiveAccess row per person shown unmasked (channel 'export', or 'command'
        for a system export run by the operator, with no user)."""
        if not self.seen:
            return
        log_accesses(self.user, self.seen, channel=self.channel)
        self.seen.clear()


# --------------------------------------------------------------------------- rows

FLAT_COLUMNS = ["row_key", *g.CSV_COLUMNS]


def flat_row(record: g.PersonRecord, row_key: str, this_year: int) -> list[Any]:
    """The flat row of a record in FLAT_COLUMNS order (records.csv_row + the row key)."""
    return [row_key, *g.csv_row(record, this_year)]


def _part_cells(part: Any, sheet: F.PartSheet) -> list[Any]:
    return [getattr(part, c.key) for c in sheet.columns[3:]]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return value


def export_people(
    people: QuerySet,
    fmt: str,
    out: Path | BinaryIO,
    *,
    user: Any,
    unmasked: list[tuple[int, list[str]]] | None = None,
    channel: str = "export",
) -> int:
    """Write `people` as xlsx, csv or json to a path or binary file; returns how many.

    `user` decides masking (None = a system export by the operator: nothing masked); every
    profile written unmasked is logged under `channel`. `unmasked`, when given, receives
    (person id, fields written unmasked) per person."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    source = ExportSource(people, user, channel)
    if isinstance(out, (str, Path)):
        with open(out, "wb") as handle:
            count = _WRITERS[fmt](source, handle)
    else:
        count = _WRITERS[fmt](source, out)
    if unmasked is not None:
        unmasked.extend(source.seen)
    source.log()
    return count


def _write_csv(source: ExportSource, handle: BinaryIO) -> int:
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="", write_through=False)
    writer = csv.writer(text)
    writer.writerow([F.PEOPLE_BY_KEY[key].label_vi for key in FLAT_COLUMNS])
    this_year = timezone.localdate().year
    count = 0
    for _row, record, _masked in source.records():
        count += 1
        writer.writerow([escape_csv_cell(v) for v in flat_row(record, str(count), this_year)])
    text.flush()
    text.detach()
    return count


def _write_json(source: ExportSource, handle: BinaryIO) -> int:
    people = [
        record_to_interop(record, source.labels, masked) for _r, record, masked in source.records()
    ]
    data = json.dumps(document(people), ensure_ascii=False, indent=1)
    handle.write(data.encode("utf-8"))
    return len(people)


def _write_xlsx(source: ExportSource, handle: BinaryIO) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    people_sheet = workbook.create_sheet("Nhân sự")
    people_sheet.append([F.PEOPLE_BY_KEY[key].label_vi for key in FLAT_COLUMNS])
    part_sheets = {}
    for sheet in F.PART_SHEETS:
        worksheet = workbook.create_sheet(sheet.name_vi)
        worksheet.append([c.label_vi for c in sheet.columns])
        part_sheets[sheet.key] = (sheet, worksheet)
    this_year = timezone.localdate().year
    count = 0
    numeric = {"birth_year", "highest_year", "academic_title_year", "digital_skills_score"}
    numeric_index = {FLAT_COLUMNS.index(k) for k in numeric}
    for _row, record, _masked in source.records():
        count += 1
        key = str(count)
        values = flat_row(record, key, this_year)
        cells = []
        for index, value in enumerate(values):
            if index in numeric_index and value:
                cells.append(float(value) if "." in value else int(value))
            else:
                cells.append(_xlsx_text(people_sheet, value))
        people_sheet.append(cells)
        identity = [key, record.personal_id, record.full_name]
        for part_key, (sheet, worksheet) in part_sheets.items():
            for part in getattr(record, part_key):
                row = [*identity, *(_cell(v) for v in _part_cells(part, sheet))]
                worksheet.append([_xlsx_text(worksheet, v) for v in row])
    workbook.save(handle)
    return count


def _xlsx_text(worksheet: Any, value: Any) -> Any:
    """A string that could be read as a formula becomes an explicit string cell."""
    if isinstance(value, str) and value and value[0] in _DANGEROUS:
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(worksheet, value=value)
        cell.data_type = "s"
        return cell
    return value


_WRITERS = {"csv": _write_csv, "json": _write_json, "xlsx": _write_xlsx}
