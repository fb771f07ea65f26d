"""Importing people: validate every row against the registry, then upsert all or nothing.

`import_people(path, user=...)` reads the file with `parsing.read_people` (rows streamed,
findings per cell), checks each row against the database and classifies it:

- **created**: no profile has its natural key — written with the bulk path
  (`registry.bulk`, no versions, like every bulk load). The natural key is the personal
  ID; a row without one (or whose ID is not on record) matches a profile *without* a
  personal ID by folded full name + date of birth (else year) + managing unit. A profile
  that has a personal ID is reached by it only;
- **updated**: a profile matches and some value the file gives differs — written through
  the ORM inside `history.recording(user, reason)`, so every change is versioned;
- **unchanged**: the profile already holds exactly the values the file gives. Only the
  columns the file has are compared (a file without an e-mail column changes no e-mail);
  parts (qualifications, languages, jobs...) are compared as sets: a part is unchanged
  when an equal part exists (on the fields the file gives, so the flat sheet's current
  job, which has no end date, matches the job however it ended). Importing a file twice
  therefore changes nothing the second time;
- **rejected**: the row has an error (from the reader or from here: a unit the user may
  not edit, a row repeating an earlier row of the file — the same personal ID, or both
  without one and the same name + birth date + unit —, an ambiguous match...).

All or nothing, and short on the write lock: a dry run writes nothing. A commit works
in two stages. The pass (stage 1) reads, checks, matches and compares every row in one
streamed read with no transaction, so it holds no write lock (SQLite's is the whole
database's): what the commit writes (new people's resolved rows, each update's diff) is
spooled batch by batch to an anonymous temporary file (constant memory). A rejected row
ends the import there with nothing written. Stage 2 writes the spool in ONE short
transaction (`write_spooled`), so a failed or killed import leaves nothing behind and
users' edits wait only for that step. A profile matched in stage 1 and deleted before
stage 2 rejects the file (rolled back); a field a user changed in between is overwritten
only if the file changes it too.

Policies worth knowing: an empty personal ID in the file never clears the one on record
(it is a key, not a value); an import never deletes a part (parts only get added); a
changed status opens a new status period from `status_since` (or today).

Speed: the key index (personal ID -> id, fallback key -> id) is loaded with one query;
matched profiles are compared in batches of `COMPARE_BATCH` with one query per table
involved; creates are written `WRITE_BATCH` at a time as multi-row INSERTs (COPY on
PostgreSQL). Search index and data-quality findings are brought up to date after commit.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import gc
import hashlib
import logging
import operator
import pickle
import tempfile
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db import connection, transaction
from django.db import models as dj_models
from django.utils import timezone
from django.utils.translation import gettext as _

from hientai.accounts.scoping import editable, scope_for
from hientai.core import audit
from hientai.core.db import retry_when_locked
from hientai.core.text import fold
from hientai.exchange.errors import ImportFileError
from hientai.exchange.rows import ERROR, WARNING, Finding, ParsedRow
from hientai.orgs.models import Unit
from hientai.registry import models as m
from hientai.registry import services
from hientai.registry.bulk import (
    BulkLoadError,
    BulkWriter,
    DeferredIndexes,
    RowWriter,
    background_statements,
    sync_statements,
)
from hientai.registry.history import recording
from hientai.registry.records import PersonRecord
from hientai.registry.services import run_after_bulk_load, run_after_save
from hientai.registry.values import MASK_CHAR

if TYPE_CHECKING:
    from hientai.accounts.models import User

logger = logging.getLogger(__name__)

Progress = Callable[[int, int | None, str], None]

PROGRESS_EVERY = 1000
COMPARE_BATCH = 1000
WRITE_BATCH = 2000
# Findings kept in the result (and the reports); beyond this only their number is kept,
# so a million bad rows cannot exhaust memory.
MAX_FINDINGS = 100_000
# Creating more people than this rebuilds the search index and quality findings in one
# batch pass; fewer are refreshed person by person (see `_refresh`).
BULK_REFRESH_FROM = 20_000
# Creating at least this many people, and at least as many as the registry held, drops the
# indexes such a load would update at random places and builds them again at the end of
# the pass (SQLite; see `registry.bulk.DeferredIndexes`).
DEFER_INDEXES_FROM = 50_000
# How long a commit waits for SQLite's write lock held by another writer (another
# import's write step, a backup) before it fails: imports queue rather than fail.
WRITE_LOCK_WAIT = 3600.0

# Part kinds as `registry.bulk.resolve_parts` returns them: model and columns (the
# resolved tuple's order, without person_id and source).
PART_FIELDS: dict[str, tuple[type, tuple[str, ...]]] = {
    "qualification": (
        m.Qualification,
        ("level_id", "degree_id", "st_field_id", "major", "institution", "country_id", "year"),
    ),
    "title": (m.AcademicTitle, ("title_id", "year")),
    "language": (m.LanguageSkill, ("language_id", "level_id")),
    "employment": (
        m.Employment,
        (
            "unit_id",
            "organization",
            "position",
            "leadership_level",
            "is_division_leader_or_above",
            "sector",
            "occupation_group_id",
            "start",
            "end",
        ),
    ),
    "publication": (m.Publication, ("title", "doi", "venue", "year")),
    "patent": (m.Patent, ("title", "kind", "number", "status", "filed_on", "granted_on")),
    "project": (m.STProject, ("title", "code", "level", "role", "accepted_on", "applied")),
    "award": (m.Award, ("name", "level", "issuer", "year")),
    "training": (
        m.TrainingRecord,
        ("topic_id", "title", "provider", "hours", "start", "end", "certificate"),
    ),
    "assessment": (m.SkillAssessment, ("kind", "result", "score", "assessed_on")),
}
M2M_FIELDS = ("categories", "st_fields", "strategic_technologies")
_M2M_KINDS = frozenset(M2M_FIELDS)
_NONE: frozenset = frozenset()
# Compared on every field except the derived leader flag.
_DEFAULT_INDICES = {
    kind: tuple(i for i, name in enumerate(cols) if name != "is_division_leader_or_above")
    for kind, (_model, cols) in PART_FIELDS.items()
}
# The flat sheet's columns for the one part of each kind it carries, and the position
# each fills in the resolved tuple. A flat part is compared on these positions only
# (plus `fixed`): the flat sheet has no end date for the job, no date for the assessment.
_FLAT_PARTS: dict[str, tuple[dict[str, tuple[int, ...]], tuple[int, ...]]] = {
    "qualification": (
        {
            "highest_level": (0,), "highest_degree": (1,), "highest_st_field": (2,),
            "highest_major": (3,), "highest_institution": (4,), "highest_country": (5,),
            "highest_year": (6,), "qualification": (0, 1), "title_qualification": (0, 1),
        },
        (),
    ),
    "title": ({"academic_title": (0,), "academic_title_year": (1,), "qualification": (0,),
               "title_qualification": (0,)}, ()),
    "language": ({"languages": (0, 1)}, ()),
    "employment": (
        {
            "employment_unit_code": (0,), "employment_organization": (1,),
            "employment_position": (2,), "employment_leadership_level": (3,),
            "employment_sector": (5,), "employment_occupation_group": (6,),
            "employment_start": (7,),
        },
        (),
    ),
    "assessment": ({"digital_skills_result": (1,), "digital_skills_score": (2,)}, (0,)),
}  # fmt: skip
# File column key -> the Person attributes it sets.
PERSON_KEYS: dict[str, tuple[str, ...]] = {
    "unit_code": ("unit_id",),
    "family_name": ("family_name",),
    "family_middle": ("family_name", "middle_name"),
    "middle_name": ("middle_name",),
    "given_name": ("given_name",),
    "full_name": ("family_name", "middle_name", "given_name"),
    "other_names": ("other_names",),
    "birth_date": ("birth_date", "birth_year"),
    "birth_year": ("birth_year",),
    "gender": ("gender",),
    "ethnic_group": ("ethnic_group_id",),
    "nationality": ("nationality_id",),
    "personal_id": ("personal_id", "old_id_number"),
    "id_number": ("personal_id", "old_id_number"),
    "old_id_number": ("old_id_number",),
    "email": ("email",),
    "phone": ("phone",),
    "address": ("address",),
    "residence_unit_code": ("residence_unit_id",),
    "overseas_kind": ("overseas_kind",),
    "overseas_country": ("overseas_country_id",),
    "overseas_city": ("overseas_city",),
    "keywords": ("keywords",),
    "orcid": ("orcid",),
    "scopus_id": ("scopus_id",),
    "source": ("source",),
    "last_verified_on": ("last_verified_on",),
    "status": ("status",),
}
_ALL_PERSON_ATTNAMES = tuple(dict.fromkeys(a for names in PERSON_KEYS.values() for a in names))


def _converter(field: Any) -> Callable[[Any], Any] | None:
    """What the ORM would do to a raw value of `field` (SQLite hands back text and ints)."""
    if isinstance(field, dj_models.DateTimeField):
        return None
    if isinstance(field, dj_models.DateField):
        return lambda v: datetime.date.fromisoformat(v) if isinstance(v, str) else v
    if isinstance(field, dj_models.BooleanField):
        return lambda v: v if v is None else bool(v)
    if isinstance(field, dj_models.DecimalField):
        quantum = Decimal(1).scaleb(-field.decimal_places)
        return lambda v: v if v is None else Decimal(str(v)).quantize(quantum)
    return None


def _picker(indices: Iterable[int]) -> Callable[[Any], tuple]:
    """`lambda row: tuple(row[i] for i in indices)` as one C call (itemgetter gives a bare
    value for one index: wrapped back into a tuple)."""
    indices = tuple(indices)
    if not indices:
        return lambda row: ()
    if len(indices) == 1:
        (index,) = indices
        return lambda row: (row[index],)
    return operator.itemgetter(*indices)


_gc_lock = threading.Lock()
_gc_passes = 0  # passes running now (threads): the first raises the threshold, the last restores
_gc_saved: tuple[int, ...] = ()
YOUNG_THRESHOLD = 100_000


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Raise the collector's young-generation threshold for the pass.

    A pass allocates a few containers per row that live until their batch is written; with
    the default threshold (2,000) the collector ran every few dozen rows and re-scanned
    them: ~10 % of an import's CPU, ~20 % of a re-import's. Cycles are still collected,
    only less often."""
    global _gc_passes, _gc_saved
    with _gc_lock:
        if _gc_passes == 0:
            _gc_saved = gc.get_threshold()
            if _gc_saved[0]:  # 0: automatic collection is off, leave it so
                gc.set_threshold(max(_gc_saved[0], YOUNG_THRESHOLD), *_gc_saved[1:])
        _gc_passes += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_passes -= 1
            if _gc_passes == 0:
                gc.set_threshold(*_gc_saved)


def _select(model: type[Any], key: str, columns: list[str], ids: list[int]) -> list[tuple]:
    """Rows of `model` whose `key` column is in `ids`, as typed tuples of `columns`.

    Raw SQL: building `filter(person_id__in=ids)` costs the ORM ~10 ms per 1,000 ids,
    more than the query itself. The ids are our own ints, so they are inlined."""
    meta = model._meta
    quote = connection.ops.quote_name
    fields = [meta.get_field(name) for name in columns]
    sql = (
        f"SELECT {', '.join(quote(f.column) for f in fields)} FROM {quote(meta.db_table)} "
        f"WHERE {quote(meta.get_field(key).column)} IN ({', '.join(map(str, map(int, ids)))})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    converters = [(i, c) for i, c in enumerate(map(_converter, fields)) if c is not None]
    if not converters:
        return rows
    typed = []
    for row in rows:
        values = list(row)
        for i, convert in converters:
            values[i] = convert(values[i])
        typed.append(tuple(values))
    return typed


# --------------------------------------------------------------------------- result


@dataclass
class ImportResult:
    """What an import did (or, for a dry run or a rejected file, would do)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rows: int = 0
    dry_run: bool = False
    committed: bool = False
    findings: list[Finding] = field(default_factory=list)
    format: str = ""
    encoding: str | None = None
    file_name: str = ""
    batch_id: int | None = None
    findings_omitted: int = 0  # beyond MAX_FINDINGS
    errors: int = 0
    warnings: int = 0
    columns: dict[str, str] = field(default_factory=dict)  # our key -> header as written
    # Registry profiles the file's rows are (matched, or created by a commit): whose data
    # the stored file and its reports hold, for the access log of their downloads.
    person_ids: list[int] = field(default_factory=list)
    # "Commit the valid rows": the rows without error are written, the rejected ones are
    # listed (sheet, row) for the file of rejected rows (`rejected.write_rejected`).
    valid_only: bool = False
    rejected_rows: list[tuple[str, int]] = field(default_factory=list)
    header_row: int = 0  # 1-based number of the (last) header row of the people sheet
    people_sheet: str = ""
    # Existing profiles a new row may be (`matching.likely_matches`), shown by the check.
    likely_matches: list[dict] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        if finding.level == ERROR:
            self.errors += 1
        else:
            self.warnings += 1
        if len(self.findings) < MAX_FINDINGS:
            self.findings.append(finding)
        else:
            self.findings_omitted += 1

    @property
    def ok(self) -> bool:
        return self.rejected == 0 and self.errors == 0

    def as_json(self) -> dict:
        return {
            "file_name": self.file_name,
            "format": self.format,
            "encoding": self.encoding,
            "dry_run": self.dry_run,
            "committed": self.committed,
            "batch_id": self.batch_id,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "errors": self.errors,
            "warnings": self.warnings,
            "findings_omitted": self.findings_omitted,
            "columns": dict(self.columns),
            "valid_only": self.valid_only,
            "rejected_rows": len(self.rejected_rows),
            "likely_matches": list(self.likely_matches),
            "findings": [finding.as_json() for finding in self.findings],
        }


# --------------------------------------------------------------------------- entry point


def import_people(
    path: Path,
    *,
    user: User | None,
    unit_code: str | None = None,
    dry_run: bool = False,
    encoding: str | None = None,
    max_bytes: int | None = None,
    progress: Progress | None = None,
    file_name: str | None = None,
    valid_only: bool = False,
) -> ImportResult:
    """Import the people of `path` as `user` (None: the system, every unit); see the module
    docstring. Raises ImportFileError (translated message) when the file is refused whole
    or the default unit is unknown or out of the user's reach. `valid_only`: write the
    rows without error and leave the rejected ones out (else all or nothing)."""
    from hientai.exchange.parsing import read_people

    path = Path(path)
    default_unit = _default_unit(unit_code, user)
    people_file = read_people(
        path, encoding=encoding, default_unit=unit_code or None, max_bytes=max_bytes
    )
    try:
        return run_import(
            people_file,
            user=user,
            default_unit=default_unit,
            dry_run=dry_run,
            progress=progress,
            file_name=file_name or path.name,
            file_sha256="" if dry_run else _sha256(path),
            valid_only=valid_only,
        )
    finally:
        people_file.close()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _default_unit(unit_code: str | None, user: User | None) -> Unit | None:
    if user is not None and not scope_for(user).can_write:
        raise ImportFileError(_("You may not import profiles: your role cannot change them."))
    if not unit_code:
        return None
    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None:
        raise ImportFileError(_("Unknown unit '%(code)s'.") % {"code": unit_code})
    if user is not None and not editable(Unit.objects.filter(pk=unit.pk), user).exists():
        raise ImportFileError(
            _("You may not import profiles into unit %(unit)s.") % {"unit": unit.code}
        )
    return unit


def run_import(
    people_file: Any,
    *,
    user: User | None,
    default_unit: Unit | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    file_name: str = "",
    file_sha256: str = "",
    valid_only: bool = False,
) -> ImportResult:
    """Import an opened PeopleFile (`import_people` without the opening)."""
    result = ImportResult(
        dry_run=dry_run,
        format=people_file.format,
        encoding=people_file.encoding,
        file_name=file_name,
        columns=dict(people_file.columns or {}),
        valid_only=valid_only,
        header_row=getattr(people_file, "header_row", 0),
        people_sheet=getattr(people_file, "people_sheet", ""),
    )
    for finding in people_file.header_findings:
        result.add(finding)
    importer = _Importer(people_file, user, result, progress)
    if dry_run:
        importer.run(people_file.rows(), write=False)
        result.person_ids = list(importer.matched)
        importer.find_likely_matches()
        return result
    started = timezone.now()
    try:
        # Stage 1, no write lock: read, check, match and compare every row; what the
        # commit writes goes to the spool. A rejected row ends here, nothing written.
        importer.run(people_file.rows(), write=True)
        if not importer.may_commit():
            return result
        # Stage 2, one short transaction: write the spool (SQLite's write lock is held
        # only for this; another import holding it is waited for, not failed on). The
        # status page says "writing" from before the wait.
        spool = importer.spool
        if progress and spool is not None:
            progress(0, spool.creates + spool.updates, "write")
        with contextlib.ExitStack() as stack:
            retry_when_locked(
                lambda: stack.enter_context(transaction.atomic()),
                wait=WRITE_LOCK_WAIT,
                what="import",
            )
            batch = _start_batch(importer, user, default_unit, file_name, file_sha256, started)
            importer.batch_id = batch.pk
            importer.write_spooled()
            if not importer.may_commit():
                # All or nothing: a profile matched by the pass vanished meanwhile.
                transaction.set_rollback(True)
            else:
                _finish_batch(batch, result)
                result.committed = True
                result.batch_id = batch.pk
    finally:
        if importer.spool is not None:
            importer.spool.close()
        result.person_ids = [*importer.matched, *(importer.created_ids if result.committed else [])]
    if result.committed:
        importer.refresh()
    return result


def _start_batch(
    importer: _Importer,
    user: User | None,
    unit: Unit | None,
    file_name: str,
    file_sha256: str,
    started: datetime.datetime,
) -> Any:
    from hientai.exchange.models import ImportBatch

    return ImportBatch.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        unit=unit,
        file_name=file_name[:255],
        file_sha256=file_sha256,
        format=importer.result.format or "",
        encoding=importer.result.encoding or "",
        started_at=started,
    )


def _finish_batch(batch: Any, result: ImportResult) -> None:
    batch.rows = result.rows
    batch.created = result.created
    batch.updated = result.updated
    batch.unchanged = result.unchanged
    batch.warnings = result.warnings
    batch.finished_at = timezone.now()
    batch.save()
    # The one audit trail: one row per committed import, in its transaction (each profile's
    # own changes are in its versions, tied to the batch).
    audit.record(
        batch.user,
        audit.Action.IMPORT,
        batch,
        label=batch.file_name,
        unit=batch.unit,
        after={
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "rejected": result.rejected,
            "valid_only": result.valid_only,
            "file_sha256": batch.file_sha256,
        },
        channel="import",
        changes_only=False,
    )


# --------------------------------------------------------------------------- the pass


@dataclass(slots=True)
class _Match:
    """A row that matched an existing profile, waiting for its batched comparison."""

    row: ParsedRow
    pk: int
    person_row: tuple
    parts: dict[str, list[tuple]]
    record: PersonRecord
    masked: tuple[str, ...] = ()


@dataclass(slots=True)
class _Change:
    """What an update writes for one profile."""

    fields: dict[str, Any] = field(default_factory=dict)
    parts: list[tuple[str, tuple]] = field(default_factory=list)
    m2m: dict[str, list[int]] = field(default_factory=dict)
    status: tuple[str, datetime.date | None] | None = None

    def __bool__(self) -> bool:
        return bool(self.fields or self.parts or self.m2m or self.status)


class _RowRef(NamedTuple):
    """Where a spooled update came from, for its findings and its import link."""

    row: int
    sheet: str


class _Spool:
    """What a commit will write, gathered by the pass (which holds no write lock) and
    replayed by `write_spooled` in the short write transaction: batches pickled to an
    anonymous temporary file (mode 0600, gone when closed), so a million rows take disk,
    not memory."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="hientai-import-")  # noqa: SIM115 - closed by close()
        self.creates = 0
        self.updates = 0

    def add(self, kind: str, items: list) -> None:
        if kind == "create":
            self.creates += len(items)
        else:
            self.updates += len(items)
        pickle.dump((kind, list(items)), self.file, pickle.HIGHEST_PROTOCOL)

    def read(self) -> Iterator[tuple[str, list]]:
        self.file.flush()
        self.file.seek(0)
        while True:
            try:
                yield pickle.load(self.file)  # our own file, written above
            except EOFError:
                return

    def close(self) -> None:
        self.file.close()


_folded: dict[str, str] = {}


def _fold(name: str) -> str:
    """`core.text.fold` with a memo: full names repeat a lot (a million rows, ~300k names)."""
    folded = _folded.get(name)
    if folded is None:
        if len(_folded) > 500_000:
            _folded.clear()
        folded = _folded[name] = fold(name)
    return folded


def _fallback_key(name: str, birth_date: Any, birth_year: Any, unit_id: Any) -> str:
    """Folded full name + date of birth (else year of birth) + managing unit."""
    born = birth_date.isoformat() if birth_date else (f"y{birth_year}" if birth_year else "")
    return f"{_fold(name)}\x1f{born}\x1f{unit_id}"


_AMBIGUOUS = -1


def matching_limit() -> int:
    """New rows a check hands to the likely-match finders (`exchange.matching`)."""
    from hientai.exchange import matching

    return matching.MAX_ROWS if matching.has_finders() else 0


# Fields an export masks for roles that may not see them ("07•••••••••1"), and the Person
# attribute each sets: a masked value in the file keeps the stored one.
_MASKABLE = {
    "personal_id": "personal_id",
    "old_id_number": "old_id_number",
    "email": "email",
    "phone": "phone",
    "address": "address",
    "ethnic_group": "ethnic_group_id",
}


def _unmask(record: PersonRecord) -> tuple[str, ...]:
    """Blank the masked values of `record`; returns the names of those fields."""
    masked = []
    for name in _MASKABLE:
        value = getattr(record, name)
        if value and MASK_CHAR in value:
            setattr(record, name, "")
            masked.append(name)
    return tuple(masked)


class _Importer:
    def __init__(self, people_file: Any, user: User | None, result: ImportResult, progress: Any):
        self.file = people_file
        self.user = user
        self.result = result
        self.progress = progress
        self.batch_id: int | None = None
        # A list without a status date: the new profile's status is known from today.
        self.import_day = timezone.localdate()
        self.columns: dict[str, str] = dict(people_file.columns or {})
        self.column_index: dict[str, int] = dict(getattr(people_file, "column_index", {}) or {})
        self.writer = BulkWriter()
        self.units = self.writer.resolver.units  # code -> id
        self.unit_codes = {pk: code for code, pk in self.units.items()}
        self.editable_units = self._editable_units()
        self._plan_comparison()
        self.by_personal_id: dict[str, int] = {}
        self.by_fallback: dict[str, int] = {}  # key -> id, or _AMBIGUOUS
        self._load_index()
        # Keys seen in the file (hashes: a million rows stay small): -> first row number.
        self.seen_ids: dict[int, int] = {}
        self.seen_fallback: dict[int, int] = {}
        self.matched: dict[int, int] = {}  # person id -> row number
        self.pending_creates: list[tuple[int, tuple, dict[str, list[tuple]]]] = []
        self.pending_matches: list[_Match] = []
        self.created_ids: list[int] = []
        self.created_rows: list[int] = []  # the row number of each created id
        self.updated_ids: list[int] = []
        self.links: RowWriter  # ImportedPerson rows, made in write_spooled()
        self.spool: _Spool | None = None  # what a commit writes, gathered by run()
        self.writing = False
        self.indexes = DeferredIndexes()
        self.valid_only = result.valid_only
        # Source record ids ("Mã hồ sơ") to keep: row number -> id for creates, and
        # person id -> id for matches (only when the file has the column).
        self.record_ids_by_row: dict[int, str] = {}
        self.record_ids_by_person: dict[int, str] = {}
        self.new_rows: list[tuple[int, PersonRecord]] = []  # checked new rows (dry run)
        self.match_limit = matching_limit()

    # ----------------------------------------------------------------- setup

    def _editable_units(self) -> set[int] | None:
        """Ids of the units the user may change; None means every unit (the system)."""
        if self.user is None or scope_for(self.user).city_wide:
            return None
        return set(editable(Unit.objects.all(), self.user).values_list("pk", flat=True))

    def _may_edit(self, unit_id: int | None) -> bool:
        return self.editable_units is None or unit_id in self.editable_units

    def _plan_comparison(self) -> None:
        """Which person attributes and part fields the file gives, so only those compare."""
        given = set(self.columns)
        self.all_columns = not given  # the reader did not say: compare everything
        if self.all_columns:
            attnames = list(_ALL_PERSON_ATTNAMES)
        else:
            attnames = list(dict.fromkeys(a for key in given for a in PERSON_KEYS.get(key, ())))
        # An empty ID in the file never erases the one on record (a key, not a value); the
        # old ID card too when it only comes from a personal-ID column (9 digits there).
        self.kept_when_empty = {"personal_id"}
        if "old_id_number" not in given:
            self.kept_when_empty.add("old_id_number")
        if "full_name" in given or {"family_name", "given_name", "family_middle"} & given:
            attnames = list(dict.fromkeys([*attnames, "family_name", "middle_name", "given_name"]))
        self.compare_attnames = attnames
        positions = {f.attname: i for i, f in enumerate(self.writer.people.fields)}
        self.person_positions = [(a, positions[a]) for a in attnames]
        # The compared person columns in `_select` order: one tuple comparison per row.
        self.pick_compared = _picker(positions[a] for a in attnames)
        self.unit_position = positions["unit_id"]
        self.compare_m2m = [n for n in M2M_FIELDS if self.all_columns or n in given]
        self.compare_status_since = self.all_columns or "status_since" in given
        self.part_indices: dict[str, tuple[int, ...]] = {}
        for kind, default in _DEFAULT_INDICES.items():
            flat = _FLAT_PARTS.get(kind)
            provided = [pos for key, pos in flat[0].items() if key in given] if flat else []
            if flat and provided:
                self.part_indices[kind] = tuple(
                    sorted({*flat[1], *(p for t in provided for p in t)})
                )
            else:
                self.part_indices[kind] = default
        self.part_pickers = {kind: _picker(ix) for kind, ix in self.part_indices.items()}

    def _load_index(self) -> None:
        """The natural keys of every profile, in one query: personal ID -> id, and for
        profiles without a personal ID, the fallback key -> id. A profile that has a
        personal ID is found by it only (a row without an ID cannot claim it)."""
        rows = m.Person.objects.values_list(
            "pk", "personal_id", "full_name", "birth_date", "birth_year", "unit_id"
        )
        by_id, by_fallback = self.by_personal_id, self.by_fallback
        self.existing_people = 0
        for pk, personal_id, name, birth_date, birth_year, unit_id in rows.iterator(10_000):
            self.existing_people += 1
            if personal_id:
                by_id[personal_id] = pk
                continue
            key = _fallback_key(name, birth_date, birth_year, unit_id)
            by_fallback[key] = _AMBIGUOUS if key in by_fallback else pk

    # ----------------------------------------------------------------- findings

    def _finding(self, parsed: ParsedRow | _RowRef, key: str, message: str, value: str = "", *,
                 level: str = ERROR) -> Finding:  # fmt: skip
        finding = Finding(
            row=parsed.row,
            sheet=parsed.sheet,
            column=self.column_index.get(key),
            header=self.columns.get(key, ""),
            field=key,
            level=level,
            message=message,
            value=value,
        )
        self.result.add(finding)
        return finding

    def _reject(self, parsed: ParsedRow | _RowRef, key: str, message: str, value: str = "") -> None:
        self._finding(parsed, key, message, value)
        self.result.rejected += 1
        self.result.rejected_rows.append((parsed.sheet, parsed.row))
        self._stop_writing()

    def _stop_writing(self) -> None:
        # All or nothing: the transaction will be rolled back, nothing more is worth
        # writing. Valid rows only: the rejected row is simply left out.
        if self.valid_only:
            return
        self.writing = False
        self.pending_creates.clear()

    def may_commit(self) -> bool:
        """All or nothing: no error at all. Valid rows only: every error sits on a
        rejected row (a problem of the file itself still refuses it whole)."""
        result = self.result
        if not self.valid_only:
            return result.ok
        if result.rejected == 0:
            return result.errors == 0
        return self.writing

    def find_likely_matches(self) -> None:
        """The check's hook for "likely existing matches" of the new rows
        (`exchange.matching`): whatever finder another app registered."""
        from hientai.exchange import matching

        if not self.new_rows:
            return
        sheet = self.result.people_sheet
        shown = []
        for match in matching.likely_matches(self.new_rows, self.user):
            # A finder's `message` is also a warning on its row; a match the user may not
            # see (no person_id) is only that warning, never a row of the table.
            if match.get("message"):
                self._finding(
                    _RowRef(match["row"], sheet), "full_name", match["message"], level=WARNING
                )
            if match.get("person_id") is not None:
                shown.append(match)
        self.result.likely_matches = shown

    # ----------------------------------------------------------------- the pass

    def run(self, rows: Iterable[ParsedRow], *, write: bool) -> None:
        """The pass: read, check, match and compare every row. Holds no write lock: what a
        commit would write goes to the spool (`write` True), for `write_spooled`."""
        self.writing = write and self.result.ok
        if self.writing:
            self.spool = _Spool()
        total = getattr(self.file, "total_rows", None)
        result = self.result
        with _fewer_collections():
            for parsed in rows:
                result.rows += 1
                self._row(parsed)
                if len(self.pending_matches) >= COMPARE_BATCH:
                    self._compare_matches()
                if len(self.pending_creates) >= WRITE_BATCH:
                    self._write_creates()
                if self.progress and result.rows % PROGRESS_EVERY == 0:
                    self.progress(result.rows, total, "import")
            self._compare_matches()
            self._write_creates()
        if self.progress:
            self.progress(result.rows, total, "import")

    def write_spooled(self) -> None:
        """Stage 2, inside the caller's write transaction: write what the pass spooled,
        creates at the bulk path's speed (writer thread, deferred indexes), updates
        through the ORM (versioned)."""
        from hientai.exchange.models import ImportedPerson

        spool = self.spool
        if spool is None or not self.writing:
            return
        self.links = RowWriter(ImportedPerson, "batch_id", "person_id", "action", "row")
        total = spool.creates + spool.updates
        done = 0
        if spool.creates >= max(DEFER_INDEXES_FROM, self.existing_people):
            self.indexes.drop()
        with _fewer_collections(), background_statements():
            for kind, items in spool.read():
                if kind == "create":
                    ids = self.writer.write([(row, parts) for _n, row, parts in items])
                    self.created_ids.extend(ids)
                    self.created_rows.extend(number for number, _row, _parts in items)
                    for (number, _row, _parts), pk in zip(items, ids, strict=True):
                        self.links.rows.append((self.batch_id, pk, "created", number))
                else:
                    sync_statements()  # the ORM writes below go through the same connection
                    self._apply(items)
                    if not self.writing:  # a profile vanished since the pass: all or nothing
                        return
                if len(self.links.rows) >= 20_000:
                    sync_statements()
                    with connection.cursor() as cursor:
                        self.links.flush(cursor)
                done += len(items)
                if self.progress:
                    self.progress(done, total, "write")
            sync_statements()
            with connection.cursor() as cursor:
                self.links.flush(cursor)
            self._keep_record_ids()
        self.indexes.restore()

    def _keep_record_ids(self) -> None:
        """Keep each row's source record id ("Mã hồ sơ") on its profile, once."""
        from hientai.exchange.models import SourceRecordId

        by_row = self.record_ids_by_row
        pairs = dict(self.record_ids_by_person)
        if by_row:
            created = dict(zip(self.created_rows, self.created_ids, strict=True))
            for number, record_id in by_row.items():
                pk = created.get(number)
                if pk is not None:
                    pairs[pk] = record_id
        if not pairs:
            return
        ids = list(pairs)
        existing: set[tuple[int, str]] = set()
        for start in range(0, len(ids), 5000):
            existing.update(
                SourceRecordId.objects.filter(person_id__in=ids[start : start + 5000]).values_list(
                    "person_id", "record_id"
                )
            )
        new = [
            SourceRecordId(person_id=pk, record_id=record_id[:100], batch_id=self.batch_id)
            for pk, record_id in pairs.items()
            if (pk, record_id[:100]) not in existing
        ]
        SourceRecordId.objects.bulk_create(new, batch_size=2000)

    def _row(self, parsed: ParsedRow) -> None:
        result = self.result
        for finding in parsed.findings:
            result.add(finding)
        if parsed.has_errors or parsed.record is None:  # (has_errors covers None: for mypy)
            result.rejected += 1
            result.rejected_rows.append((parsed.sheet, parsed.row))
            self._stop_writing()
            return
        record = parsed.record
        masked = _unmask(record)
        unit_id = self.units.get(record.unit_code)
        if unit_id is None:
            message = (
                _("Unknown unit '%(code)s'.") % {"code": record.unit_code}
                if record.unit_code
                else _("The managing unit is empty.")
            )
            self._reject(parsed, "unit_code", message, record.unit_code)
            return
        if not self._may_edit(unit_id):
            self._reject(
                parsed,
                "unit_code",
                _("You may not import profiles into unit %(unit)s.") % {"unit": record.unit_code},
                record.unit_code,
            )
            return
        resolver = self.writer.resolver
        resolver.number = parsed.row
        if record.status_since is None:
            record.status_since = self.import_day
        try:
            person_row = self.writer.person_row(record)
            parts = self.writer.parts(record)
        except BulkLoadError as error:
            self._reject(parsed, "", str(error))
            return
        # The folded name key only when it is needed (a row with a personal ID needs it
        # only to find a profile recorded without one).
        fallback = (
            ""
            if record.personal_id
            else _fallback_key(record.full_name, record.birth_date, record.birth_year, unit_id)
        )
        if self._repeats_earlier_row(parsed, record, fallback):
            return
        pk = self._match(parsed, record, fallback, unit_id)
        if pk == _AMBIGUOUS:
            return
        if pk is None:
            for name in masked:
                self._finding(
                    parsed,
                    name,
                    _("The value is masked: it was not imported (the profile is new)."),
                    level=WARNING,
                )
            self.result.created += 1
            if self.writing:
                self.pending_creates.append((parsed.row, person_row, parts))
                if parsed.record_id:
                    self.record_ids_by_row[parsed.row] = parsed.record_id
            elif len(self.new_rows) < self.match_limit:
                self.new_rows.append((parsed.row, record))
            return
        earlier = self.matched.get(pk)
        if earlier is not None:
            self._reject(
                parsed,
                "personal_id" if record.personal_id else "full_name",
                _("This row and row %(row)d are the same profile.") % {"row": earlier},
                record.personal_id,
            )
            return
        self.matched[pk] = parsed.row
        if parsed.record_id:
            self.record_ids_by_person[pk] = parsed.record_id
        self.pending_matches.append(_Match(parsed, pk, person_row, parts, record, masked))

    def _repeats_earlier_row(self, parsed: ParsedRow, record: PersonRecord, key: str) -> bool:
        """Flag a row that repeats an earlier row of the file: the same personal ID, or,
        both without a personal ID, the same full name, birth date and unit (the natural
        key then, so the two would be one profile)."""
        personal_id = record.personal_id
        if personal_id:
            id_key = hash(personal_id)  # hashes: a million rows stay small
            earlier = self.seen_ids.get(id_key)
            if earlier is not None:
                self._reject(
                    parsed,
                    "personal_id",
                    _("This row repeats row %(row)d: the same personal ID %(id)s.")
                    % {"row": earlier, "id": personal_id},
                    personal_id,
                )
                return True
            self.seen_ids[id_key] = parsed.row
            return False
        fallback = hash(key)
        earlier = self.seen_fallback.get(fallback)
        if earlier is not None:
            self._reject(
                parsed,
                "full_name",
                _(
                    "This row repeats row %(row)d: the same full name, date of birth and unit, "
                    "and neither has a personal ID."
                )
                % {"row": earlier},
                record.full_name,
            )
            return True
        self.seen_fallback[fallback] = parsed.row
        return False

    def _match(self, parsed: ParsedRow, record: PersonRecord, key: str, unit_id: int) -> int | None:
        """The id of the profile this row is (None: a new one; _AMBIGUOUS: rejected).
        `key` is the fallback key, "" when the row has a personal ID (made here if needed)."""
        if record.personal_id:
            pk = self.by_personal_id.get(record.personal_id)
            if pk is not None:
                return pk
            if not self.by_fallback:
                return None
            key = _fallback_key(record.full_name, record.birth_date, record.birth_year, unit_id)
        pk = self.by_fallback.get(key)
        if pk is None:
            return None
        if pk == _AMBIGUOUS:
            self._reject(
                parsed,
                "full_name",
                _(
                    "Several profiles have this full name, date of birth and unit: add the "
                    "personal ID to say which one this row is."
                ),
                record.full_name,
            )
            return _AMBIGUOUS
        return pk

    # ----------------------------------------------------------------- creates

    def _write_creates(self) -> None:
        if not self.pending_creates:
            return
        if self.writing:
            assert self.spool is not None  # run() makes it whenever it writes
            self.spool.add("create", self.pending_creates)
        self.pending_creates.clear()

    # ----------------------------------------------------------------- matches

    def _compare_matches(self) -> None:
        matches, self.pending_matches = self.pending_matches, []
        if not matches:
            return
        ids = [match.pk for match in matches]
        db_people = {
            row[0]: row
            for row in _select(m.Person, "id", ["id", "unit_id", *self.compare_attnames], ids)
        }
        kinds = {kind for match in matches for kind in match.parts}
        db_parts = self._db_parts(ids, kinds)
        changes: list[tuple[_Match, _Change]] = []
        for match in matches:
            db = db_people.get(match.pk)
            if db is None:  # deleted since the index was read
                self._reject(match.row, "", _("The matching profile no longer exists."))
                continue
            if not self._may_edit(db[1]):
                # No oracle: neither the owning unit nor anything else of the profile.
                self._reject(
                    match.row,
                    "personal_id" if match.record.personal_id else "full_name",
                    _("This profile cannot be used: it is outside the units you may edit."),
                    match.record.personal_id or match.record.full_name,
                )
                continue
            change = self._diff(match, db, db_parts)
            if change:
                self.result.updated += 1
                changes.append((match, change))
            else:
                self.result.unchanged += 1
        if self.writing and changes:
            assert self.spool is not None  # run() makes it whenever it writes
            self.spool.add(
                "update",
                [(match.pk, _RowRef(match.row.row, match.row.sheet), c) for match, c in changes],
            )

    def _db_parts(self, ids: list[int], kinds: set[str]) -> dict[str, dict[int, set]]:
        """The database's parts of these people, per kind, as sets of compared tuples."""
        found: dict[str, dict[int, set]] = {}
        for kind in kinds:
            per: dict[int, set] = defaultdict(set)
            if kind in M2M_FIELDS:
                if kind not in self.compare_m2m:
                    continue
                through = getattr(m.Person, kind).through
                for pid, code_id in _select(through, "person_id", ["person_id", "code_id"], ids):
                    per[pid].add(code_id)
            elif kind == "status":
                if not self.compare_status_since:
                    continue
                status_columns = ["person_id", "status", "effective_from"]
                for pid, status, since in _select(m.StatusPeriod, "person_id", status_columns, ids):
                    per[pid].add((status, since))
            else:
                model, columns = PART_FIELDS[kind]
                pick = _picker(i + 1 for i in self.part_indices[kind])  # after person_id
                for row in _select(model, "person_id", ["person_id", *columns], ids):
                    per[row[0]].add(pick(row))
            found[kind] = per
        return found

    def _diff(self, match: _Match, db: tuple, db_parts: dict[str, dict[int, set]]) -> _Change:
        change = _Change()
        person_row = match.person_row
        if self.pick_compared(person_row) != db[2:]:  # else no field differs: skip the loop
            kept = {_MASKABLE[name] for name in match.masked}
            for offset, (attname, position) in enumerate(self.person_positions, start=2):
                new, old = person_row[position], db[offset]
                if new == old or attname in kept:
                    continue
                if not new and attname in self.kept_when_empty:
                    continue  # an empty ID in the file does not erase the one on record
                change.fields[attname] = new
        if "unit_id" in change.fields and not self._may_edit(change.fields["unit_id"]):
            change.fields.pop("unit_id")  # checked per row already; defensive
        pk, parts = match.pk, match.parts
        # (No throwaway `{}` / `set()` defaults per kind: this runs for every matched row.)
        for kind, rows in parts.items():
            if kind == "status":
                continue
            per = db_parts.get(kind)
            existing = per.get(pk, _NONE) if per is not None else _NONE
            if kind in _M2M_KINDS:
                if kind in self.compare_m2m:
                    new_ids = {row[0] for row in rows}
                    if new_ids != existing:
                        change.m2m[kind] = sorted(new_ids)
                continue
            pick = self.part_pickers[kind]
            for row in rows:
                if pick(row) not in existing:
                    change.parts.append((kind, row))
        # M2M lists given but empty in the file clear them (the file's list is the list).
        for kind in self.compare_m2m:
            if kind not in parts:
                per = db_parts.get(kind)
                if per is not None and per.get(pk):
                    change.m2m[kind] = []
        record = match.record
        if self.compare_status_since and record.status_since:
            per = db_parts.get("status")
            periods = per.get(pk, _NONE) if per is not None else _NONE
            if (record.status, record.status_since) not in periods:
                change.status = (record.status, record.status_since)
        elif "status" in change.fields:
            change.status = (record.status, None)
        return change

    def _apply(self, changes: list[tuple[int, _RowRef, _Change]]) -> None:
        """Write updates through the ORM, versioned, attributed to the user."""
        people = m.Person.objects.in_bulk([pk for pk, _ref, _change in changes])
        reason = _("Import of %(file)s") % {"file": self.result.file_name}
        with recording(self.user, reason):
            for pk, ref, change in changes:
                person = people.get(pk)
                if person is None:  # deleted between the pass and the write
                    self._reject(ref, "", _("The matching profile no longer exists."))
                    if self.valid_only:
                        continue
                    return
                if change.fields:
                    for attname, value in change.fields.items():
                        setattr(person, attname, value)
                    fields = [*change.fields, "full_name", "updated_at"]
                    person.save(update_fields=list(dict.fromkeys(fields)))
                for name, code_ids in change.m2m.items():
                    getattr(person, name).set(code_ids)
                for kind, row in change.parts:
                    model, columns = PART_FIELDS[kind]
                    values = dict(zip(columns, row, strict=True))
                    values.pop("is_division_leader_or_above", None)  # save() derives it
                    model(person=person, **values).save()
                if change.status:
                    self._change_status(ref, person, *change.status)
                self.updated_ids.append(person.pk)
                self.links.rows.append((self.batch_id, person.pk, "updated", ref.row))

    def _change_status(
        self, row: _RowRef, person: m.Person, status: str, since: datetime.date | None
    ) -> None:
        """Open a status period (closing the open one) through `registry.services`; a
        date not after the timeline's last period is a warning, not an error."""
        since = since or timezone.localdate()
        last = person.status_periods.order_by("effective_from").last()
        if last and since <= last.effective_from:
            if last.status != status or last.effective_from != since:
                self._finding(
                    row,
                    "status_since",
                    _(
                        "The status timeline already has a period from %(date)s: the status "
                        "from %(since)s was not added to it."
                    )
                    % {
                        "date": last.effective_from.strftime("%d/%m/%Y"),
                        "since": since.strftime("%d/%m/%Y"),
                    },
                    since.isoformat(),
                    level=WARNING,
                )
            return
        # Scope: checked per row against the user's units; search and quality are
        # refreshed for every touched person after the commit (`refresh`).
        services.open_status_period(person, status, since, today=timezone.localdate())

    # ----------------------------------------------------------------- after commit

    def refresh(self) -> None:
        """Bring the search index and the quality findings up to date for touched people.

        Many creates: one batch rebuild (per-person refresh is slower past ~20k people);
        otherwise only the touched people are refreshed."""
        created, updated = self.created_ids, self.updated_ids
        if not created and not updated:
            return
        if self.progress:
            self.progress(self.result.rows, getattr(self.file, "total_rows", None), "index")
        try:
            # Another import's write step may hold SQLite's lock: wait for it.
            if len(created) >= BULK_REFRESH_FROM:
                retry_when_locked(run_after_bulk_load, wait=WRITE_LOCK_WAIT, what="refresh")
                return
            touched = [*created, *updated]
            for start in range(0, len(touched), 5000):
                chunk = touched[start : start + 5000]
                retry_when_locked(functools.partial(run_after_save, chunk), wait=WRITE_LOCK_WAIT)
        except Exception:  # the import is committed; the index catches up on the next rebuild
            logger.exception("refreshing search and quality after an import failed")
