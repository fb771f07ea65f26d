"""Search by bitmaps: hits, total and facet counts without visiting the hits.

    hits = AND(word bitmaps, scope, filters, age bands)     # a few roaring operations
    total = len(hits); count(tag) = hits ∩ tag              # exact, per facet value

The page:

- up to `RANK_LIMIT` hits: ranked exactly as the row-by-row path does (exact
  full-name match, BM25 in SQL, name), reading only those rows by id;
- above it (one broad word: "nguyen", "n", a facet without text): exact
  full-name matches first, then name order, walked on the name index and kept
  when in the hit bitmap; Next and Previous continue from a cursor (the last or
  first person shown) instead of an offset, so page 1,000 costs what page 1
  does. A page number without a cursor is walked (cost grows with the depth). Among
  tens of thousands of hits of one broad word the BM25 scores barely differ;
  the list says it is in name order.

Returns None when a query word expands to rare words holding too many people
in total (their ids would be read one by one): the row-by-row path answers.
"""

from __future__ import annotations

import datetime
import functools
import json
import math
from collections import Counter
from dataclasses import dataclass

from django.db import connection
from pyroaring import BitMap

from hientai.search import bitmaps
from hientai.search.backends import Answer, Backend, PageRow, Plan, Query
from hientai.search.documents import AGE_BANDS, PREFIX, TOTAL_TAG, age_band, tag

# Off: every query takes the row-by-row path (backends.py); tests compare the two.
ENABLED = True
# Up to this many hits the page is ranked exactly (reading each hit: 3-10 µs).
RANK_LIMIT = 2_000
# Rare words (without a bitmap) read from the full-text index: at most this many ids.
RARE_LIMIT = 50_000
YEAR = bitmaps.TAG + PREFIX["birth_year"]


@dataclass
class Outcome:
    answer: Answer
    next_cursor: str | None = None
    prev_cursor: str | None = None
    name_order: bool = False


def _word_bitmap(backend: Backend, cursor, token: str) -> BitMap | None:
    """People with a word starting with `token`; None: too many rare words to read."""
    if len(token) in bitmaps.PREFIX_LENGTHS:
        found = bitmaps.load(cursor, [bitmaps.PREFIX + token])
        return found.get(bitmaps.PREFIX + token, BitMap())
    terms = backend.vocabulary(cursor, token)
    if not terms:
        return BitMap()
    found = bitmaps.load(cursor, [bitmaps.WORD + term for term, _n in terms])
    rare = [(term, n) for term, n in terms if bitmaps.WORD + term not in found]
    if sum(n for _term, n in rare) > RARE_LIMIT:
        return None
    parts = list(found.values())
    if rare:
        parts.append(BitMap(backend.rowids(cursor, [term for term, _n in rare])))
    return bitmaps.union(parts)


@functools.lru_cache(maxsize=64)
def _late_births(year: int, month_day: int, rev: int) -> BitMap:
    """People born in `year` after `month_day` (their birthday is still to come)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT person_id FROM search_personindex WHERE birth_year = %s AND birth_md > %s",
            [year, month_day],
        )
        return BitMap(row[0] for row in cursor.fetchall())


_bands: dict[tuple, dict[str, BitMap]] = {}


def band_bitmaps(cursor, on: datetime.date) -> dict[str, BitMap]:
    """Everyone indexed by age band on `on`, from the birth-year bitmaps (cached per day
    and revision of those bitmaps)."""
    years = bitmaps.load_range(cursor, YEAR)
    key = (on, tuple(sorted((year, bitmaps.rev_of(year)) for year in years)))
    if key not in _bands:
        if len(_bands) > 8:
            _bands.clear()
        _bands[key] = _band_bitmaps(years, on)
    return _bands[key]


def _band_bitmaps(years: dict[str, BitMap], on: datetime.date) -> dict[str, BitMap]:
    month_day = on.month * 100 + on.day
    parts: dict[str, list[BitMap]] = {band: [] for band in AGE_BANDS}
    for key, people in years.items():
        value = key[len(YEAR) :]
        if not value.isdigit():
            parts["unknown"].append(people)
            continue
        year = int(value)
        oldest = on.year - year  # the age once this year's birthday has passed
        now, before = age_band(oldest), age_band(oldest - 1)
        if now == before:
            parts[now].append(people)
            continue
        late = _late_births(year, month_day, bitmaps.rev_of(key)) & people
        parts[before].append(late)
        parts[now].append(people - late)
    return {band: bitmaps.union(items) for band, items in parts.items()}


def _idf(cursor, tokens: list[str], total: int) -> dict[str, float]:
    """The IDF the row-by-row path uses: document counts summed over the prefix's words."""
    idf = {}
    for token in tokens:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT SUM(docs) FROM search_searchterm WHERE term >= %s AND term < %s",
                [token, token + "\U0010ffff"],
            )
        else:  # words are letters and digits only: no LIKE wildcard
            cursor.execute(
                "SELECT SUM(docs) FROM search_searchterm WHERE term LIKE %s", [token + "%"]
            )
        docs = min(int(cursor.fetchone()[0] or 0), total)
        idf[token] = math.log(1 + (total - docs + 0.5) / (docs + 0.5))
    return idf


def search(backend: Backend, query: Query, after: str | None = None) -> Outcome | None:
    if not ENABLED:
        return None
    with connection.cursor() as cursor:
        if not bitmaps.ready(cursor):
            return None
        backend.prepare()
        tags = bitmaps.load_range(cursor, bitmaps.TAG)
        everyone = tags.get(bitmaps.TAG + TOTAL_TAG, BitMap())
        sets: list[BitMap] = []
        for token in query.tokens:
            found = _word_bitmap(backend, cursor, token)
            if found is None:
                return None
            sets.append(found)
        if query.unit_ids is not None or query.person_ids:
            scope = bitmaps.union(
                tags[key]
                for key in (bitmaps.TAG + tag("unit", unit) for unit in query.unit_ids or [])
                if key in tags
            )
            if query.person_ids:
                scope = scope | BitMap(query.person_ids)
            sets.append(scope)
        for group in query.groups:
            sets.append(
                bitmaps.union(
                    tags[bitmaps.TAG + token] for token in group.tags if bitmaps.TAG + token in tags
                )
            )
        bands = band_bitmaps(cursor, query.on)
        if query.bands:
            sets.append(bitmaps.union(bands[band] for band in query.bands))
        sets.sort(key=len)
        hits = BitMap.intersection(everyone, *sets) if sets else everyone
        answer = Answer(total=len(hits))
        if not hits:
            return Outcome(answer)
        counts: Counter = Counter()
        for key, people in tags.items():
            token = key[len(bitmaps.TAG) :]
            if token == TOTAL_TAG or key.startswith(YEAR):
                continue
            n = hits.intersection_cardinality(people)
            if n:
                counts[token] = n
        for band, people in bands.items():
            n = hits.intersection_cardinality(people)
            if n:
                counts[tag("age_band", band)] = n
        answer.counts = counts
        if len(hits) <= RANK_LIMIT:
            answer.rows = _ranked_page(backend, cursor, query, hits, len(everyone))
            return Outcome(answer)
        page = _name_order_page(cursor, query, hits, len(everyone), after)
        answer.rows = page.rows
        return Outcome(answer, page.next_cursor, page.prev_cursor, name_order=True)


def _id_condition(ids) -> tuple[str, list]:
    if connection.vendor == "sqlite":
        return "i.person_id IN (SELECT value FROM json_each(%s))", [json.dumps(list(ids))]
    return "i.person_id = ANY(%s)", [list(ids)]


def _ranked_page(backend: Backend, cursor, query: Query, hits: BitMap, total: int) -> list[PageRow]:
    plan = Plan(idf=_idf(cursor, query.tokens, max(total, 1)))
    rank, rank_params = backend.rank_sql(query, plan)
    condition, params = _id_condition(hits)
    cast = "::float8" if connection.vendor == "postgresql" else ""
    cursor.execute(
        f"SELECT i.person_id, i.full_name, i.unit_id, i.gender, i.degree, i.birth_year, "
        f"({rank}){cast} AS score FROM search_personindex i WHERE {condition} "
        "ORDER BY (i.name_text = %s) DESC, score DESC, i.sort_name, i.person_id "
        "LIMIT %s OFFSET %s",
        [*rank_params, *params, query.exact, query.limit, query.offset],
    )
    return [PageRow(a, b, int(c), d, e, f, float(g or 0.0)) for a, b, c, d, e, f, g in cursor]


def _rows(cursor, ids: list[int]) -> list[PageRow]:
    if not ids:
        return []
    condition, params = _id_condition(ids)
    cursor.execute(
        "SELECT i.person_id, i.full_name, i.unit_id, i.gender, i.degree, i.birth_year "
        f"FROM search_personindex i WHERE {condition}",
        params,
    )
    by_id = {
        row[0]: PageRow(row[0], row[1], int(row[2]), row[3], row[4], row[5], 0.0) for row in cursor
    }
    return [by_id[pk] for pk in ids if pk in by_id]


def parse_cursor(after: str | None) -> tuple[str, int] | None:
    """ "x<k>": from the k-th exact match; "n<id>": name order after that person;
    "p<id>": the page before that person (Previous)."""
    if not after or after[:1] not in ("x", "n", "p") or not after[1:].isdigit():
        return None
    return after[0], int(after[1:])


def _key(cursor, person_id: int) -> tuple[str, int] | None:
    cursor.execute("SELECT sort_name FROM search_personindex WHERE person_id = %s", [person_id])
    row = cursor.fetchone()
    return (row[0], person_id) if row else None


def _walk(
    cursor,
    hits: BitMap,
    skip_set: set[int],
    start: tuple[str, int] | None,
    want: int,
    skip: int,
    density: float,
    backward: bool = False,
) -> list[int]:
    """`want` hits (after skipping `skip`) in name order from `start` (exclusive), walking
    the (sort_name, person_id) index and keeping the rows in the hit bitmap."""
    found: list[int] = []
    if want <= 0:
        return found
    chunk = int(min(max(200, 1.5 * (want + skip) / max(density, 1e-6)), 20_000))
    order = "DESC" if backward else ""
    compare = "<" if backward else ">"
    last = start
    while len(found) < want:
        if last is None:
            cursor.execute(
                "SELECT sort_name, person_id FROM search_personindex "
                f"ORDER BY sort_name {order}, person_id {order} LIMIT %s",
                [chunk],
            )
        else:
            cursor.execute(
                "SELECT sort_name, person_id FROM search_personindex "
                f"WHERE (sort_name, person_id) {compare} (%s, %s) "
                f"ORDER BY sort_name {order}, person_id {order} LIMIT %s",
                [*last, chunk],
            )
        rows = cursor.fetchall()
        if not rows:
            break
        for name, pk in rows:
            last = (name, pk)
            if pk in hits and pk not in skip_set:
                if skip:
                    skip -= 1
                    continue
                found.append(pk)
                if len(found) == want:
                    break
        chunk = min(chunk * 2, 20_000)
    return found


@dataclass
class NamePage:
    rows: list[PageRow]
    next_cursor: str | None
    prev_cursor: str | None


def _name_order_page(cursor, query: Query, hits: BitMap, total: int, after: str | None) -> NamePage:
    """The page of `hits` listed as: exact full-name matches, then name order."""
    exact: list[int] = []
    if query.exact:
        # Ids only, in order, from the (name_text, sort_name) index: no row is read.
        cursor.execute(
            "SELECT person_id FROM search_personindex WHERE name_text = %s "
            "ORDER BY sort_name, person_id",
            [query.exact],
        )
        exact = [row[0] for row in cursor.fetchall() if row[0] in hits]
    exact_set = set(exact)
    density = len(hits) / max(total, 1)
    limit = query.limit
    position = parse_cursor(after)
    start: tuple[str, int] | None = None
    if position and position[0] in ("n", "p"):
        start = _key(cursor, position[1])
        if start is None:
            position = None  # that person left the index: from the top
    first_exact: int | None = None  # index in `exact` of the page's first row, if exact
    if position is not None and position[0] == "p":
        names = _walk(cursor, hits, exact_set, start, limit, 0, density, backward=True)[::-1]
        need = limit - len(names)
        page_exact = exact[max(len(exact) - need, 0) :] if need > 0 else []
        if page_exact:
            first_exact = len(exact) - len(page_exact)
    elif position is not None and position[0] == "n":
        page_exact = []
        names = _walk(cursor, hits, exact_set, start, limit, 0, density)
    else:
        # "x<k>", or a page number without a cursor (walked: cost grows with the depth).
        index = min(position[1], len(exact)) if position else query.offset
        page_exact = exact[index : index + limit]
        if page_exact:
            first_exact = index
        names = _walk(
            cursor, hits, exact_set, None, limit - len(page_exact),
            max(index - len(exact), 0), density,
        )  # fmt: skip
    page = page_exact + names
    next_cursor = prev_cursor = None
    if len(page) == limit:
        next_cursor = f"n{names[-1]}" if names else f"x{(first_exact or 0) + len(page)}"
    if first_exact is not None:
        prev_cursor = f"x{max(first_exact - limit, 0)}" if first_exact > 0 else None
    elif names:
        prev_cursor = f"p{names[0]}"
    return NamePage(_rows(cursor, page), next_cursor, prev_cursor)
