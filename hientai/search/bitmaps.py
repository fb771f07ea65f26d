"""Roaring bitmaps over the index: who carries a facet tag, a frequent word, a short prefix.

Search then costs what it returns (issue 14): a query's hits are an AND of a
few bitmaps (its words, scope, filters, age bands), the total is their
cardinality and every facet count is one `intersection_cardinality` with the
tag's bitmap, whatever the number of hits; nothing is read row by row.

Keys (one row of `search_bitmap` each, stored serialised):

- `t:<tag>`: every tag `documents.count_tags` gives a row (unit, facet values,
  birth year and the total tag `t`, i.e. everyone indexed);
- `p:<prefix>`: people with a word starting with these one or two letters
  ("n", "ng"): the bounded structure that answers the shortest prefixes;
- `w:<word>`: people with this whole word, for words carried by at least
  `WORD_MIN_DOCS` people when the index was rebuilt. Rarer words are read
  from the full-text index (a few thousand row ids at most).

`t:` and `p:` bitmaps are complete once the index has been rebuilt (the
`READY` row says so) and are kept so by every reindex, in the same
transaction; `w:` bitmaps that exist are kept exact, new words stay rare
until the next rebuild. Each process caches deserialised bitmaps and checks a
per-key revision on every query (one indexed read), so a change made by
another process is seen at once.
"""

from __future__ import annotations

import array
import threading
import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from pyroaring import BitMap

TABLE = "search_bitmap"
TAG, PREFIX, WORD = "t:", "p:", "w:"
READY = ""  # the marker row: the bitmaps cover the whole index
PREFIX_LENGTHS = (1, 2)
# A word gets its own bitmap at rebuild when this many people carry it.
WORD_MIN_DOCS = 500


def new_rev() -> int:
    return uuid.uuid4().int >> 65  # 63 bits: unique across rebuilds and processes


def prefixes(terms: Iterable[str]) -> set[str]:
    return {term[:length] for term in terms for length in PREFIX_LENGTHS if len(term) >= length}


def keys_of(count_tags: Iterable[str], terms: Iterable[str]) -> set[str]:
    """Every key a document belongs to (word keys for all its words; only existing ones kept)."""
    terms = [term for term in terms if term]
    return (
        {TAG + token for token in count_tags}
        | {PREFIX + prefix for prefix in prefixes(terms)}
        | {WORD + term for term in terms}
    )


class Builder:
    """Collects the bitmaps of a full rebuild, document by document."""

    def __init__(self) -> None:
        self.ids: dict[str, array.array] = defaultdict(lambda: array.array("I"))

    def add(self, person_id: int, count_tags: Iterable[str], terms: Iterable[str]) -> None:
        ids = self.ids
        for key in keys_of(count_tags, terms):
            ids[key].append(person_id)

    def bitmaps(self, word_min_docs: int | None = None) -> dict[str, BitMap]:
        minimum = WORD_MIN_DOCS if word_min_docs is None else word_min_docs
        out = {}
        for key, ids in self.ids.items():
            if key.startswith(WORD) and len(ids) < minimum:
                continue
            out[key] = BitMap(ids)
        return out


def _data(value) -> bytes:
    return bytes(value) if not isinstance(value, bytes) else value


def replace_all(cursor, bitmaps: dict[str, BitMap]) -> None:
    """A full rebuild's bitmaps replace every row (inside the rebuild's transaction)."""
    cursor.execute(f"DELETE FROM {TABLE}")
    rev = new_rev()
    rows = [(key, len(bitmap), rev, bitmap.serialize()) for key, bitmap in sorted(bitmaps.items())]
    rows.append((READY, 0, rev, b""))
    for start in range(0, len(rows), 500):
        cursor.executemany(
            f"INSERT INTO {TABLE} (key, docs, rev, data) VALUES (%s, %s, %s, %s)",
            rows[start : start + 500],
        )


def apply_changes(cursor, removed: dict[str, set[int]], added: dict[str, set[int]]) -> None:
    """Take people out of and into bitmaps (a reindex), in the caller's transaction.

    Tag and prefix bitmaps are created when missing; a word without a bitmap
    stays without one (it is read from the full-text index)."""
    keys = sorted(set(removed) | set(added))
    if not keys:
        return
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    existing: dict[str, BitMap] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        cursor.execute(
            f"SELECT key, data FROM {TABLE} WHERE key IN ({', '.join(['%s'] * len(chunk))}) "
            f"ORDER BY key{lock}",
            chunk,
        )
        for key, data in cursor.fetchall():
            existing[key] = BitMap.deserialize(_data(data))
    rev = new_rev()
    updates, inserts, deletes = [], [], []
    for key in keys:
        bitmap = existing.get(key)
        if bitmap is None:
            if key.startswith(WORD) or not added.get(key):
                continue
            bitmap = BitMap()
            create = True
        else:
            create = False
        if removed.get(key):
            bitmap.difference_update(BitMap(removed[key]))
        if added.get(key):
            bitmap.update(BitMap(added[key]))
        if not bitmap:
            if not create:
                deletes.append(key)
        elif create:
            inserts.append((key, len(bitmap), rev, bitmap.serialize()))
        else:
            updates.append((len(bitmap), rev, bitmap.serialize(), key))
    if inserts:
        cursor.executemany(
            f"INSERT INTO {TABLE} (key, docs, rev, data) VALUES (%s, %s, %s, %s)", inserts
        )
    if updates:
        cursor.executemany(
            f"UPDATE {TABLE} SET docs = %s, rev = %s, data = %s WHERE key = %s", updates
        )
    for start in range(0, len(deletes), 500):
        chunk = deletes[start : start + 500]
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE key IN ({', '.join(['%s'] * len(chunk))})", chunk
        )


# -- reading, with a per-process cache ---------------------------------------------------------

_cache: dict[str, tuple[int, BitMap]] = {}
_lock = threading.Lock()


def ready(cursor) -> bool:
    cursor.execute(f"SELECT 1 FROM {TABLE} WHERE key = %s", [READY])
    return cursor.fetchone() is not None


def _refresh(cursor, revs: dict[str, int]) -> dict[str, BitMap]:
    stale = [key for key, rev in revs.items() if _cache.get(key, (None,))[0] != rev]
    for start in range(0, len(stale), 500):
        chunk = stale[start : start + 500]
        cursor.execute(
            f"SELECT key, rev, data FROM {TABLE} WHERE key IN ({', '.join(['%s'] * len(chunk))})",
            chunk,
        )
        with _lock:
            for key, rev, data in cursor.fetchall():
                _cache[key] = (rev, BitMap.deserialize(_data(data)))
    out = {}
    for key in revs:
        cached = _cache.get(key)
        if cached is not None:
            out[key] = cached[1]
    return out


def load(cursor, keys: Iterable[str]) -> dict[str, BitMap]:
    """The bitmaps of these keys that exist (missing keys are left out)."""
    wanted = sorted(set(keys))
    revs: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        cursor.execute(
            f"SELECT key, rev FROM {TABLE} WHERE key IN ({', '.join(['%s'] * len(chunk))})", chunk
        )
        revs.update(cursor.fetchall())
    return _refresh(cursor, revs)


def load_range(cursor, prefix: str) -> dict[str, BitMap]:
    """Every bitmap whose key starts with `prefix` (e.g. all tags)."""
    if connection.vendor == "sqlite":  # BINARY collation: a range on the primary key
        cursor.execute(
            f"SELECT key, rev FROM {TABLE} WHERE key >= %s AND key < %s",
            [prefix, prefix + "\U0010ffff"],
        )
    else:  # the prefix is one of TAG, PREFIX, WORD: no LIKE wildcard
        cursor.execute(f"SELECT key, rev FROM {TABLE} WHERE key LIKE %s", [prefix + "%"])
    return _refresh(cursor, dict(cursor.fetchall()))


def rev_of(key: str) -> int:
    """The revision of a cached bitmap (0 when not cached)."""
    return _cache.get(key, (0,))[0]


def union(bitmaps: Iterable[BitMap]) -> BitMap:
    items = list(bitmaps)
    if not items:
        return BitMap()
    if len(items) == 1:
        return items[0]
    return BitMap.union(*items)
