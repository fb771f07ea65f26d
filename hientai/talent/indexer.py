"""The expertise index: built from the registry, never edited by hand.

- `expertise_texts(ids)`: the expertise of people as the registry holds it, field by
  field (fields, strategic technologies, keywords, majors, projects, outputs, employers).
  Names are not expertise and are never read here.
- `reindex_people(ids)`: after a profile change (an after-save hook of registry.services).
- `rebuild_index()`: everything, in bulk (after a generator or an import).
- `repost_concepts()`: after the vocabulary changed: postings again from the stored texts.

A concept's strength for a person adds, for every field that mentions it, the field's
weight times (1 + log of the number of mentions), plus a small static strength
(outputs, projects, degree) that breaks ties among equals.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Q

from hientai.catalogs.models import Code
from hientai.core.text import fold
from hientai.registry import models as registry
from hientai.talent import ddl
from hientai.talent.models import ConceptStat, Organisation, SynonymGroup
from hientai.talent.query import WORD, Vocabulary

CHUNK = 5000
FIELDS = ("fields", "techs", "keywords", "majors", "projects", "outputs", "orgs")
WEIGHTS = {
    "techs": 3.0,
    "keywords": 3.0,
    "fields": 2.0,
    "majors": 2.0,
    "projects": 1.5,
    "outputs": 1.0,
    "orgs": 0.5,
}
NOT_INDEXED_STATUSES = ("deceased", "inactive")
ALL_DOCS = "__docs__"
_PARENTHESES = re.compile(r"\s*\([^)]*\)")


_cache: dict[str, tuple[Any, Any]] = {}
_checked: dict[str, tuple[float, Any]] = {}
# Another process's change to the vocabulary or the organisations is seen within this time;
# this process's own changes at once (the services call `invalidate`).
RECHECK_SECONDS = 2.0


def invalidate() -> None:
    _cache.clear()
    _checked.clear()


def _signature(model: Any) -> tuple:
    """Changes whenever a row is added, changed or removed (count and newest change)."""
    from django.db.models import Count, Max

    key = f"{model.__name__}:{connection.settings_dict.get('NAME')}"
    now = time.monotonic()
    recent = _checked.get(key)
    if recent and now - recent[0] < RECHECK_SECONDS:
        return recent[1]
    found = model.objects.aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk"))
    signature = (connection.settings_dict.get("NAME"), *found.values())
    _checked[key] = (now, signature)
    return signature


def vocabulary() -> Vocabulary:
    """The active concepts and their terms (cached until a group changes)."""
    signature = _signature(SynonymGroup)
    cached = _cache.get("vocabulary")
    if cached and cached[0] == signature:
        return cached[1]
    vocab = _load_vocabulary()
    _cache["vocabulary"] = (signature, vocab)
    return vocab


def _load_vocabulary() -> Vocabulary:
    vocab = Vocabulary()
    for group in SynonymGroup.objects.filter(active=True).order_by("pk"):
        vocab.labels[group.key] = (group.label_vi, group.label_en)
        for term in [group.label_vi, group.label_en, *group.term_list()]:
            vocab.add(group.key, term)
    return vocab


def organisation_names() -> dict[tuple[str, ...], int]:
    """Folded names and aliases of every organisation -> its id (cached until one changes)."""
    signature = _signature(Organisation)
    cached = _cache.get("organisations")
    if cached and cached[0] == signature:
        return cached[1]
    names = _load_organisation_names()
    _cache["organisations"] = (signature, names)
    return names


def _load_organisation_names() -> dict[tuple[str, ...], int]:
    names: dict[tuple[str, ...], int] = {}
    for organisation in Organisation.objects.all():
        for name in organisation.names():
            key = tuple(WORD.findall(fold(name)))
            if key:
                names.setdefault(key, organisation.pk)
    return names


def code_label(label: str) -> str:
    """A code's label without its parenthesised examples ("Công nghệ số (AI, ...)")."""
    return _PARENTHESES.sub("", label).strip()


@dataclass
class Expertise:
    person_id: int
    unit_id: int
    texts: dict[str, list[str]] = field(default_factory=lambda: {name: [] for name in FIELDS})
    vqf: int = 0
    abroad: bool = False
    countries: list[str] = field(default_factory=list)
    gender: str = ""
    birth_key: int | None = None
    employers: list[tuple[str, bool]] = field(default_factory=list)  # (name, current)
    strength: float = 0.0


class Codes:
    def __init__(self) -> None:
        self.label: dict[int, str] = {}
        self.code: dict[int, str] = {}
        self.vqf: dict[int, int] = {}
        for pk, code, label, extra in Code.objects.values_list("pk", "code", "label_vi", "extra"):
            self.label[pk] = code_label(label)
            self.code[pk] = code
            raw = str((extra or {}).get("vqf") or (extra or {}).get("x_vqf") or "")
            if code.startswith("VQF") and code[3:].isdigit():
                self.vqf[pk] = int(code[3:])
            elif raw.startswith("VQF") and raw[3:].isdigit():
                self.vqf[pk] = int(raw[3:])


def codes_cached() -> Codes:
    from django.db.models import Count, Max

    signature = (connection.settings_dict.get("NAME"),
                 *Code.objects.aggregate(n=Count("pk"), top=Max("pk")).values())  # fmt: skip
    cached = _cache.get("codes")
    if cached and cached[0] == signature:
        return cached[1]
    codes = Codes()
    _cache["codes"] = (signature, codes)
    return codes


def expertise_texts(ids: list[int], codes: Codes | None = None) -> dict[int, Expertise]:
    """Expertise of these people (those not deceased or no longer tracked)."""
    codes = codes or codes_cached()
    out: dict[int, Expertise] = {}
    people = registry.Person.objects.filter(pk__in=ids).exclude(status__in=NOT_INDEXED_STATUSES)
    for row in people.order_by().values(
        "pk", "unit_id", "keywords", "overseas_country_id", "nationality_id", "overseas_kind",
        "status", "gender", "birth_date", "birth_year",
    ):  # fmt: skip
        item = Expertise(row["pk"], row["unit_id"], gender=row["gender"] or "")
        if row["keywords"]:
            item.texts["keywords"] = [
                part.strip() for part in re.split(r"[;,\n]", row["keywords"]) if part.strip()
            ]
        country = codes.code.get(row["overseas_country_id"] or 0, "")
        nationality = codes.code.get(row["nationality_id"] or 0, "")
        item.abroad = bool(country) or row["status"] == "overseas"
        # Residence abroad as "JP", a foreign nationality as "nJP".
        item.countries = [country] if country else []
        if nationality and nationality != "VN":
            item.countries.append("n" + nationality)
        if row["birth_date"]:
            day = row["birth_date"]
            item.birth_key = day.year * 10000 + day.month * 100 + day.day
        elif row["birth_year"]:
            item.birth_key = row["birth_year"] * 10000
        out[row["pk"]] = item
    if not out:
        return out
    keys = list(out)
    through = registry.Person.st_fields.through
    for pid, code_id in (
        through.objects.filter(person_id__in=keys).order_by().values_list("person_id", "code_id")
    ):
        out[pid].texts["fields"].append(codes.label.get(code_id, ""))
    technologies = registry.Person.strategic_technologies.through
    for pid, code_id in (
        technologies.objects.filter(person_id__in=keys)
        .order_by()
        .values_list("person_id", "code_id")
    ):
        out[pid].texts["techs"].append(codes.label.get(code_id, ""))
    for pid, major, level_id, degree_id, field_id in (
        registry.Qualification.objects.filter(person_id__in=keys)
        .order_by()
        .values_list("person_id", "major", "level_id", "degree_id", "st_field_id")
    ):
        item = out[pid]
        if major:
            item.texts["majors"].append(major)
        if field_id and codes.label.get(field_id) not in item.texts["fields"]:
            item.texts["fields"].append(codes.label.get(field_id, ""))
        level = max(codes.vqf.get(level_id or 0, 0), codes.vqf.get(degree_id or 0, 0))
        item.vqf = max(item.vqf, level)
    for pid, title in (
        registry.STProject.objects.filter(person_id__in=keys)
        .order_by()
        .values_list("person_id", "title")
    ):
        out[pid].texts["projects"].append(title)
    for model in (registry.Publication, registry.Patent):
        for pid, title in (
            model.objects.filter(person_id__in=keys).order_by().values_list("person_id", "title")
        ):
            out[pid].texts["outputs"].append(title)
    for pid, organization, end in (
        registry.Employment.objects.filter(person_id__in=keys)
        .exclude(Q(organization="") | Q(organization__isnull=True))
        .order_by()
        .values_list("person_id", "organization", "end")
    ):
        out[pid].texts["orgs"].append(organization)
        out[pid].employers.append((organization, end is None))
    for item in out.values():
        outputs, projects = len(item.texts["outputs"]), len(item.texts["projects"])
        item.strength = math.log1p(outputs) + math.log1p(projects) + max(item.vqf - 5, 0) * 0.5
    return out


def postings(item: Expertise, vocab: Vocabulary) -> dict[str, float]:
    """concept -> strength for one person."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for name in FIELDS:
        for text in item.texts[name]:
            for _start, _end, concept in vocab.find(WORD.findall(fold(text))):
                counts[concept][name] += 1
    out = {}
    for concept, by_field in counts.items():
        score = sum(WEIGHTS[name] * (1 + math.log(n)) for name, n in by_field.items())
        out[concept] = round(score + 0.01 * item.strength, 4)
    return out


def _doc_row(item: Expertise) -> tuple:
    texts = [" ".join(WORD.findall(fold(" ; ".join(item.texts[name])))) for name in FIELDS]
    countries = f" {' '.join(item.countries)} " if item.countries else ""
    return (
        item.person_id, item.unit_id, *texts, item.vqf, item.abroad, countries, item.gender,
        item.birth_key, round(item.strength, 4),
    )  # fmt: skip


DOC_COLUMNS = (
    "person_id", "unit_id", *[f"{name}_text" for name in FIELDS], "vqf", "abroad", "countries",
    "gender", "birth_key", "strength",
)  # fmt: skip


def _members(items: Iterable[Expertise], organisations: dict[tuple[str, ...], int]) -> list:
    rows: dict[tuple[int, int], tuple[int, int, bool]] = {}
    for item in items:
        for name, current in item.employers:
            organisation_id = organisations.get(tuple(WORD.findall(fold(name))))
            if organisation_id:
                key = (organisation_id, item.person_id)
                before = rows.get(key, (0, 0, False))[2]
                rows[key] = (organisation_id, item.person_id, before or current)
    return list(rows.values())


def _insert(cursor, table: str, columns: tuple, rows: list) -> None:
    if not rows:
        return
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _write(cursor, items: dict[int, Expertise], vocab: Vocabulary, organisations) -> Counter:
    docs: list[tuple] = []
    posts: list[tuple] = []
    df: Counter[str] = Counter()
    for item in items.values():
        docs.append(_doc_row(item))
        for concept, score in postings(item, vocab).items():
            posts.append((concept, item.person_id, score))
            df[concept] += 1
    _insert(cursor, ddl.DOC_TABLE, DOC_COLUMNS, docs)
    _insert(cursor, "talent_expertposting", ("concept", "person_id", "score"), posts)
    _insert(
        cursor,
        "talent_organisationmember",
        ("organisation_id", "person_id", "current"),
        _members(items.values(), organisations),
    )
    return df


def reindex_people(person_ids: list[int]) -> None:
    ids = sorted({int(pk) for pk in person_ids if pk is not None})
    if not ids:
        return
    vocab, organisations = vocabulary(), organisation_names()
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            for table in (ddl.DOC_TABLE, "talent_expertposting", "talent_organisationmember"):
                cursor.execute(f"DELETE FROM {table} WHERE person_id IN ({marks})", chunk)
            _write(cursor, expertise_texts(chunk), vocab, organisations)


def rebuild_index(progress: Any = None) -> int:
    """Every person again, in bulk; returns the number of people indexed."""
    vocab, organisations, codes = vocabulary(), organisation_names(), Codes()
    sqlite = connection.vendor == "sqlite"
    total = 0
    df: Counter[str] = Counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if sqlite:
            for statement in ddl.SQLITE_DROP_TRIGGERS:
                cursor.execute(statement)
        for table in (ddl.DOC_TABLE, "talent_expertposting", "talent_organisationmember"):
            cursor.execute(f"DELETE FROM {table}")
        last = 0
        while True:
            ids = list(
                registry.Person.objects.filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", flat=True)[:CHUNK]
            )
            if not ids:
                break
            last = ids[-1]
            items = expertise_texts(ids, codes)
            for concept, count in _write(cursor, items, vocab, organisations).items():
                df[concept] += count
            total += len(items)
            if progress:
                progress(total)
        if sqlite:
            cursor.execute(f"INSERT INTO {ddl.FTS_TABLE}({ddl.FTS_TABLE}) VALUES ('rebuild')")
            for statement in ddl.SQLITE_TRIGGERS:
                cursor.execute(statement)
        _save_stats(df, total)
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE talent_expertposting")
            cursor.execute("ANALYZE talent_expertdoc")
    return total


def _save_stats(df: dict[str, int], total: int) -> None:
    ConceptStat.objects.all().delete()
    ConceptStat.objects.bulk_create(
        [ConceptStat(concept=key, docs=value) for key, value in df.items()]
        + [ConceptStat(concept=ALL_DOCS, docs=total)]
    )


def fts_people(terms: list[str]) -> list[int]:
    """People whose expertise texts hold any of `terms` (each a phrase)."""
    phrases = [" ".join(WORD.findall(fold(term))) for term in terms]
    phrases = [p for p in phrases if p]
    if not phrases:
        return []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # detail=column has no phrases: all the words of a phrase (a superset; the
            # reindex decides exactly).
            match = " OR ".join(
                "(" + " AND ".join(f'"{word}"' for word in p.split()) + ")" for p in phrases
            )
            cursor.execute(
                f"SELECT rowid FROM {ddl.FTS_TABLE} WHERE {ddl.FTS_TABLE} MATCH %s", [match]
            )
        else:
            query = " || ".join(["phraseto_tsquery('simple', %s)"] * len(phrases))
            cursor.execute(
                f"SELECT person_id FROM {ddl.DOC_TABLE} WHERE document @@ ({query})", phrases
            )
        return [row[0] for row in cursor.fetchall()]


def repost_concept(key: str, terms: list[str]) -> int:
    """One concept changed (terms added or removed): reindex who had it or may have it now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT person_id FROM talent_expertposting WHERE concept = %s", [key])
        ids = {row[0] for row in cursor.fetchall()}
    ids.update(fts_people(terms))
    reindex_people(sorted(ids))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM talent_expertposting WHERE concept = %s", [key])
        docs = cursor.fetchone()[0]
    ConceptStat.objects.update_or_create(concept=key, defaults={"docs": docs})
    return len(ids)
