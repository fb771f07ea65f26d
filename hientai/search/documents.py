"""Registry rows -> index documents: folded texts, facet tags and search terms.

A facet value is stored as a *tag*: a one-letter facet prefix plus the value,
escaped to [a-z0-9] so every tokenizer (FTS5 unicode61, PostgreSQL's parser)
keeps it as one word: ("category", "public_staff") -> "cpublicx5fstaff".
Tags serve three purposes: FTS5/GIN filtering, exact SQL filtering
(`instr(tags, ' tag ')`) and counting (split and count the tags of the hits).

Rows are read with plain SQL in batches, never as model instances, so the same
code serves one changed profile and a million-row rebuild.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import cast

from django.db import connection, models

from hientai.catalogs.models import Code
from hientai.core.text import fold
from hientai.orgs.models import Unit
from hientai.registry.models import Person, Qualification, compose_full_name

FACETS = (
    "unit",
    "category",
    "degree",
    "field",
    "strategic_technology",
    "overseas",
    "gender",
    "age_band",
)
AGE_BANDS = ("under_30", "30_44", "45_59", "60_plus", "unknown")
OVERSEAS_VALUES = ("none", "vietnamese_abroad", "foreign_expert")

PREFIX = {
    "unit": "u",
    "subtree": "a",  # every unit on the path: a subtree filter is one tag
    "category": "c",
    "degree": "d",
    "field": "f",
    "strategic_technology": "s",
    "overseas": "o",
    "gender": "g",
    "birth_year": "b",  # counted per unit only
    "birth_bucket": "h",  # five-year bucket of the birth year, filtered on only
    "age_band": "y",  # computed per query (depends on the date), never stored
}
FACET_OF_PREFIX = {prefix: facet for facet, prefix in PREFIX.items()}
TOTAL_TAG = "t"  # only in UnitFacetCount: the number of people of the unit
UNKNOWN_YEAR = "unknown"
BUCKET_YEARS = 5  # an age band spans at most five buckets: a short OR in the index query


def bucket(year: int) -> int:
    return year - year % BUCKET_YEARS


# unicode61 splits on anything that is not a letter or a digit; so do we.
WORD = re.compile(r"[^\W_]+")
_PLAIN = set("abcdefghijklmnopqrstuvwyz0123456789")  # 'x' starts an escape


def escape(value: str) -> str:
    out = []
    for char in value:
        if char in _PLAIN:
            out.append(char)
        elif ord(char) < 256:
            out.append(f"x{ord(char):02x}")
        else:
            out.append(f"xx{ord(char):06x}")
    return "".join(out)


def unescape(text: str) -> str:
    out, index = [], 0
    while index < len(text):
        char = text[index]
        if char != "x":
            out.append(char)
            index += 1
        elif text[index + 1] == "x":
            out.append(chr(int(text[index + 2 : index + 8], 16)))
            index += 8
        else:
            out.append(chr(int(text[index + 1 : index + 3], 16)))
            index += 3
    return "".join(out)


@functools.lru_cache(maxsize=8192)
def tag(facet: str, value: str | int) -> str:
    return PREFIX[facet] + escape(str(value))


@functools.lru_cache(maxsize=8192)
def untag(token: str) -> tuple[str, str] | None:
    facet = FACET_OF_PREFIX.get(token[:1])
    return (facet, unescape(token[1:])) if facet else None


@functools.lru_cache(maxsize=65536)
def _part_words(part: str) -> tuple[str, ...]:
    return tuple(WORD.findall(fold(part)))


def words(text: str) -> list[str]:
    """Folded words of `text` as the full-text index sees them.

    Folded piece by piece with a cache: names are built from a few thousand
    distinct words, so a million-profile rebuild folds each of them once.
    """
    out: list[str] = []
    for part in (text or "").split():
        out.extend(_part_words(part))
    return out


def age_band(age: int | None) -> str:
    if age is None:
        return "unknown"
    if age < 30:
        return "under_30"
    if age < 45:
        return "30_44"
    if age < 60:
        return "45_59"
    return "60_plus"


# Administrative level words before a place name. "Phường Đồng Xoài" is the ward
# named Đồng Xoài; indexing "Phường" would make the given name Phương (also folded
# to "phuong") match everyone managed by a ward.
LEVEL_WORDS = ("Thành phố ", "Thị trấn ", "Thị xã ", "Phường ", "Xã ", "Tỉnh ", "Quận ", "Huyện ")


def place_name(unit_name: str) -> str:
    """A unit's name as indexed: without a leading administrative level word."""
    for word in LEVEL_WORDS:
        if unit_name.startswith(word) and len(unit_name) > len(word):
            return unit_name[len(word) :]
    return unit_name


@dataclass
class Catalog:
    """Code lists and units needed to build documents, loaded once per indexing run."""

    codes: dict[int, str] = field(default_factory=dict)  # code id -> code
    field_root: dict[int, str] = field(default_factory=dict)  # st_field id -> level-1 code
    degree_rank: dict[int, tuple[int, int]] = field(default_factory=dict)
    unit_parent: dict[int, int | None] = field(default_factory=dict)
    unit_text: dict[int, str] = field(default_factory=dict)  # Vietnamese name
    _ancestors: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Catalog:
        catalog = cls()
        rows = Code.objects.filter(
            scheme__key__in=[
                "person_category",
                "st_field",
                "strategic_technology",
                "degree",
                "qualification_level",
            ]
        ).values_list("id", "scheme__key", "code", "parent_id", "level", "extra")
        by_id = {row[0]: row for row in rows}
        level_rank = {
            row[2]: int((row[5] or {}).get("rank") or 0)
            for row in by_id.values()
            if row[1] == "qualification_level"
        }
        for code_id, scheme, code, _parent_id, _level, extra in by_id.values():
            catalog.codes[code_id] = code
            if scheme == "st_field":
                root, seen = by_id[code_id], set()
                # Walk up to level 1: facets count the six top-level fields.
                while root[3] and root[3] in by_id and root[0] not in seen:
                    seen.add(root[0])
                    root = by_id[root[3]]
                catalog.field_root[code_id] = root[2]
            elif scheme == "degree":
                # Highest degree = highest VQF level; ties (PhD, DSc) by list order.
                rank = level_rank.get((extra or {}).get("vqf", ""), 0)
                catalog.degree_rank[code_id] = (rank, code_id)
        for unit_id, parent_id, name in Unit.objects.values_list("id", "parent_id", "name_vi"):
            catalog.unit_parent[unit_id] = parent_id
            catalog.unit_text[unit_id] = place_name(name)
        return catalog

    def ancestors(self, unit_id: int) -> list[int]:
        """The unit and every unit above it, by parent links (paths may lag during a move)."""
        if unit_id not in self._ancestors:
            chain: list[int] = []
            current: int | None = unit_id
            while current is not None and current not in chain:
                chain.append(current)
                current = self.unit_parent.get(current)
            self._ancestors[unit_id] = chain
        return self._ancestors[unit_id]


@dataclass
class Document:
    row: tuple  # PersonIndex columns, in INDEX_COLUMNS order
    count_tags: list[str]  # what the row adds to UnitFacetCount (see count_tags())
    terms: set[str]

    @property
    def person_id(self) -> int:
        return self.row[0]

    @property
    def unit_id(self) -> int:
        return self.row[1]


INDEX_COLUMNS = (
    "person_id",
    "unit_id",
    "full_name",
    "name_text",
    "other_text",
    "name_words",
    "other_words",
    "tags",
    "filter_tags",
    "sort_name",
    "gender",
    "degree",
    "overseas",
    "birth_year",
    "birth_md",
)

_PERSON_COLUMNS = (
    "id",
    "unit_id",
    "family_name",
    "middle_name",
    "given_name",
    "full_name",
    "other_names",
    "birth_date",
    "birth_year",
    "gender",
    "overseas_kind",
    "keywords",
)


def _as_date(value: object) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def build_document(
    person: tuple,
    categories: Iterable[int],
    st_fields: Iterable[int],
    technologies: Iterable[int],
    qualifications: Iterable[tuple[int | None, int | None]],
    catalog: Catalog,
) -> Document:
    """One index document from a person row (in _PERSON_COLUMNS order) and its codes."""
    (
        person_id,
        unit_id,
        family,
        middle,
        given,
        full_name,
        other_names,
        birth_date,
        birth_year,
        gender,
        overseas,
        keywords,
    ) = person
    full_name = full_name or compose_full_name(family or "", middle or "", given or "")
    # Words joined by single spaces: the engine compares a query's words to it for
    # the "exact full-name match" that ranks first.
    name_text = " ".join(words(full_name))
    unit_text = catalog.unit_text.get(unit_id, "")
    other_text = " ".join(words(f"{other_names or ''} {keywords or ''} {unit_text}"))
    sort_name = " ".join(words(f"{given or ''} {family or ''} {middle or ''}"))

    born = _as_date(birth_date)
    year = born.year if born else birth_year
    month_day = born.month * 100 + born.day if born else None

    degree, best = "", None
    fields = {catalog.field_root[code] for code in st_fields if code in catalog.field_root}
    for degree_id, field_id in qualifications:
        if field_id in catalog.field_root:
            fields.add(catalog.field_root[field_id])
        if degree_id is None:
            continue
        rank = catalog.degree_rank.get(degree_id)
        if rank and (best is None or rank > best):
            best, degree = rank, catalog.codes[degree_id]
    multi = {tag("category", catalog.codes[c]) for c in categories if c in catalog.codes}
    multi |= {tag("field", value) for value in fields}
    multi |= {
        tag("strategic_technology", catalog.codes[c]) for c in technologies if c in catalog.codes
    }
    single = single_tags(unit_id, gender or "", overseas or "", degree)
    tags = " " + " ".join(sorted(multi)) + " "
    filter_tags = [*single, *(tag("subtree", unit) for unit in catalog.ancestors(unit_id))]
    if year is not None:
        filter_tags.append(tag("birth_bucket", bucket(year)))

    row = (
        person_id,
        unit_id,
        full_name,
        name_text,
        other_text,
        name_text.count(" ") + 1 if name_text else 0,
        other_text.count(" ") + 1 if other_text else 0,
        tags,
        " " + " ".join(filter_tags) + " ",
        sort_name,
        gender or "",
        degree,
        overseas or "",
        year,
        month_day,
    )
    terms = set(name_text.split()) | set(other_text.split())
    return Document(row=row, count_tags=count_tags(row), terms=terms)


def single_tags(unit_id: int, gender: str, overseas: str, degree: str) -> list[str]:
    """Tags of the single-valued facets (stored as plain columns, tagged for the index)."""
    tags = [tag("unit", unit_id), tag("overseas", overseas or "none")]
    if gender:
        tags.append(tag("gender", gender))
    if degree:
        tags.append(tag("degree", degree))
    return tags


def count_tags(row: tuple) -> list[str]:
    """What an index row adds to UnitFacetCount: every facet tag, birth year, the total."""
    value = dict(zip(INDEX_COLUMNS, row, strict=True))
    year = value["birth_year"]
    return [
        *value["tags"].split(),
        *single_tags(value["unit_id"], value["gender"], value["overseas"], value["degree"]),
        tag("birth_year", year if year is not None else UNKNOWN_YEAR),
        TOTAL_TAG,
    ]


def _m2m(name: str) -> tuple[str, str, str]:
    through = getattr(Person, name).through  # the many-to-many descriptor's table model
    return (
        through._meta.db_table,
        through._meta.get_field("person").column,
        through._meta.get_field("code").column,
    )


def _fetch_documents(
    cursor, where: str, params: list, catalog: Catalog, id_range: bool = False
) -> list[Document]:
    """Documents of the people selected by `where` (on the person table, aliased p).

    `id_range`: `where` selects every person between the first and last id, so
    the related rows can be read with one range instead of an id list.
    """
    person_table = Person._meta.db_table
    columns = ", ".join(
        f"p.{cast(models.Field, Person._meta.get_field(c)).column}" for c in _PERSON_COLUMNS[1:]
    )
    cursor.execute(
        f"SELECT p.id, {columns} FROM {person_table} p WHERE {where} ORDER BY p.id", params
    )
    people = cursor.fetchall()
    if not people:
        return []
    ids = [row[0] for row in people]
    if id_range:
        selector, selector_params = "BETWEEN %s AND %s", [ids[0], ids[-1]]
    else:
        selector = "IN (" + ", ".join(["%s"] * len(ids)) + ")"
        selector_params = ids
    related: dict[str, dict[int, list]] = {}
    for name in ("categories", "st_fields", "strategic_technologies"):
        table, person_column, code_column = _m2m(name)
        cursor.execute(
            f"SELECT {person_column}, {code_column} FROM {table} WHERE {person_column} {selector}",
            selector_params,
        )
        bucket: dict[int, list] = {}
        for person_id, code_id in cursor.fetchall():
            bucket.setdefault(person_id, []).append(code_id)
        related[name] = bucket
    qualification = Qualification._meta
    cursor.execute(
        f"SELECT {qualification.get_field('person').column}, "
        f"{qualification.get_field('degree').column}, "
        f"{qualification.get_field('st_field').column} FROM {qualification.db_table} "
        f"WHERE {qualification.get_field('person').column} {selector}",
        selector_params,
    )
    qualifications: dict[int, list] = {}
    for person_id, degree_id, field_id in cursor.fetchall():
        qualifications.setdefault(person_id, []).append((degree_id, field_id))
    empty: list = []
    return [
        build_document(
            person,
            related["categories"].get(person[0], empty),
            related["st_fields"].get(person[0], empty),
            related["strategic_technologies"].get(person[0], empty),
            qualifications.get(person[0], empty),
            catalog,
        )
        for person in people
    ]


def documents_for(person_ids: list[int], catalog: Catalog) -> list[Document]:
    """Documents of the given people that still exist."""
    documents: list[Document] = []
    with connection.cursor() as cursor:
        for start in range(0, len(person_ids), 500):
            chunk = person_ids[start : start + 500]
            placeholders = ", ".join(["%s"] * len(chunk))
            documents += _fetch_documents(cursor, f"p.id IN ({placeholders})", chunk, catalog)
    return documents


def all_documents(catalog: Catalog, batch_size: int = 5000) -> Iterator[list[Document]]:
    """Every person's document, in batches of consecutive ids (keyset pagination)."""
    last = 0
    person_table = Person._meta.db_table
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT id FROM {person_table} WHERE id > %s ORDER BY id LIMIT %s",
                [last, batch_size],
            )
            ids = [row[0] for row in cursor.fetchall()]
            if not ids:
                return
            batch = _fetch_documents(
                cursor, "p.id BETWEEN %s AND %s", [ids[0], ids[-1]], catalog, id_range=True
            )
            last = ids[-1]
            yield batch
