"""Keeping the search index in step with the registry.

- `reindex_people(ids)`: after a profile change (registered as an after-save
  hook of registry.services); a missing person is removed from the index.
- `rebuild_index()`: everything again, in bulk (after a generator or an import
  that bypassed per-row hooks; registered as an after-bulk-load hook).

Both keep the per-unit facet counts and the term vocabulary exact: an update
subtracts what the old index row contributed and adds the new one.
"""

from __future__ import annotations

import pickle
import tempfile
from collections import Counter

from django.db import connection, transaction
from django.utils import timezone

from hientai.registry.models import Person
from hientai.search import backends, bitmaps
from hientai.search.documents import (
    INDEX_COLUMNS,
    WORD,
    Catalog,
    all_documents,
    count_tags,
    documents_for,
)

INDEX_TABLE = "search_personindex"
COUNT_TABLE = "search_unitfacetcount"
TERM_TABLE = "search_searchterm"
ALL_DOCS_TERM = ""  # SearchTerm("") counts the documents: the planner's N


def _terms(name_text: str, other_text: str) -> set[str]:
    return set(WORD.findall(name_text)) | set(WORD.findall(other_text)) | {ALL_DOCS_TERM}


def reindex_people(person_ids: list[int]) -> None:
    """Bring the index rows of these people up to date (remove those that no longer exist)."""
    ids = sorted({int(pk) for pk in person_ids if pk is not None})
    if not ids:
        return
    catalog = Catalog.load()
    with transaction.atomic():
        if connection.features.has_select_for_update:
            # Two concurrent reindexes of one person would both subtract the same old row.
            for start in range(0, len(ids), 500):
                list(
                    Person.objects.select_for_update()
                    .filter(pk__in=ids[start : start + 500])
                    .values_list("pk", flat=True)
                )
        new = {document.person_id: document for document in documents_for(ids, catalog)}
        old = _index_rows(ids)
        unit_delta: Counter = Counter()
        term_delta: Counter = Counter()
        removed: dict[str, set[int]] = {}
        added: dict[str, set[int]] = {}
        stale, fresh = [], []
        for person_id in ids:
            before, document = old.get(person_id), new.get(person_id)
            if document and before == document.row:
                continue
            old_keys: set[str] = set()
            new_keys: set[str] = set()
            if before:
                stale.append(person_id)
                old_tags = count_tags(before)
                old_terms = _terms(before[3], before[4])
                for token in old_tags:
                    unit_delta[(before[1], token)] -= 1
                for term in old_terms:
                    term_delta[term] -= 1
                old_keys = bitmaps.keys_of(old_tags, old_terms)
            if document:
                fresh.append(document.row)
                for token in document.count_tags:
                    unit_delta[(document.unit_id, token)] += 1
                for term in document.terms | {ALL_DOCS_TERM}:
                    term_delta[term] += 1
                new_keys = bitmaps.keys_of(document.count_tags, document.terms)
            for key in old_keys - new_keys:
                removed.setdefault(key, set()).add(person_id)
            for key in new_keys - old_keys:
                added.setdefault(key, set()).add(person_id)
        with connection.cursor() as cursor:
            for start in range(0, len(stale), 500):
                chunk = stale[start : start + 500]
                cursor.execute(
                    f"DELETE FROM {INDEX_TABLE} WHERE person_id IN "
                    f"({', '.join(['%s'] * len(chunk))})",
                    chunk,
                )
            if fresh:
                columns = ", ".join(INDEX_COLUMNS)
                cursor.executemany(
                    f"INSERT INTO {INDEX_TABLE} ({columns}) "
                    f"VALUES ({', '.join(['%s'] * len(INDEX_COLUMNS))})",
                    fresh,
                )
            _apply_deltas(cursor, unit_delta, term_delta)
            bitmaps.apply_changes(cursor, removed, added)


def _index_rows(ids: list[int]) -> dict[int, tuple]:
    rows: dict[int, tuple] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cursor.execute(
                f"SELECT {', '.join(INDEX_COLUMNS)} FROM {INDEX_TABLE} "
                f"WHERE person_id IN ({', '.join(['%s'] * len(chunk))})",
                chunk,
            )
            rows.update((row[0], tuple(row)) for row in cursor.fetchall())
    return rows


def _apply_deltas(cursor, unit_delta: Counter, term_delta: Counter) -> None:
    # Sorted keys: concurrent PostgreSQL transactions take row locks in one order.
    units = sorted((unit, token, n) for (unit, token), n in unit_delta.items() if n)
    if units:
        cursor.executemany(
            f"INSERT INTO {COUNT_TABLE} (unit_id, tag, count) VALUES (%s, %s, %s) "
            "ON CONFLICT (unit_id, tag) DO UPDATE "
            f"SET count = {COUNT_TABLE}.count + excluded.count",
            units,
        )
        touched = sorted({unit for unit, _token, _n in units})
        cursor.execute(
            f"DELETE FROM {COUNT_TABLE} WHERE count <= 0 AND unit_id IN "
            f"({', '.join(['%s'] * len(touched))})",
            touched,
        )
    terms = sorted((term, n) for term, n in term_delta.items() if n)
    if terms:
        cursor.executemany(
            f"INSERT INTO {TERM_TABLE} (term, docs) VALUES (%s, %s) "
            f"ON CONFLICT (term) DO UPDATE SET docs = {TERM_TABLE}.docs + excluded.docs",
            terms,
        )
        gone = [term for term, n in terms if n < 0]
        for start in range(0, len(gone), 500):
            chunk = gone[start : start + 500]
            cursor.execute(
                f"DELETE FROM {TERM_TABLE} WHERE docs <= 0 AND term IN "
                f"({', '.join(['%s'] * len(chunk))})",
                chunk,
            )


def rebuild_index(batch_size: int = 5000) -> int:
    """Recreate the whole index from the registry; returns the number of people indexed.

    The documents are built first, outside any transaction (reading holds no lock), into
    an anonymous temporary file; only the swap (delete, insert the rows, the counts) runs
    in a transaction, so SQLite's write lock is held seconds, not the whole rebuild, and
    an edit made meanwhile is not refused. People changed while the documents were built
    are reindexed after the swap (their own after-save reindex may have run before it)."""
    catalog = Catalog.load()
    backend = backends.get()
    unit_counts: Counter = Counter()
    term_docs: Counter = Counter()
    builder = bitmaps.Builder()
    indexed = 0
    started = timezone.now()
    with tempfile.TemporaryFile(prefix="hientai-index-") as spool:
        for batch in all_documents(catalog, batch_size):
            pickle.dump([doc.row for doc in batch], spool, pickle.HIGHEST_PROTOCOL)
            for document in batch:
                unit_id = document.unit_id
                for token in document.count_tags:
                    unit_counts[(unit_id, token)] += 1
                term_docs.update(document.terms)
                builder.add(document.person_id, document.count_tags, document.terms)
            indexed += len(batch)
        term_docs[ALL_DOCS_TERM] = indexed
        spool.seek(0)
        with transaction.atomic(), connection.cursor() as cursor:
            backend.begin_rebuild(cursor)
            while True:
                try:
                    rows = pickle.load(spool)  # our own file, written above
                except EOFError:
                    break
                backend.bulk_insert(cursor, INDEX_TABLE, INDEX_COLUMNS, rows)
            backend.bulk_insert(
                cursor,
                COUNT_TABLE,
                ("unit_id", "tag", "count"),
                sorted((unit, token, n) for (unit, token), n in unit_counts.items()),
            )
            backend.bulk_insert(cursor, TERM_TABLE, ("term", "docs"), sorted(term_docs.items()))
            bitmaps.replace_all(cursor, builder.bitmaps())
            backend.end_rebuild(cursor)
    with connection.cursor() as cursor:
        backend.after_rebuild(cursor)
    changed = list(Person.objects.filter(updated_at__gte=started).values_list("pk", flat=True))
    for start in range(0, len(changed), 5000):
        reindex_people(changed[start : start + 5000])
    return indexed


def rebuild_bitmaps(batch_size: int = 20000) -> int:
    """Rebuild only the bitmaps, from the index rows as they are (no registry read).

    Run by the migration that introduced them, so an index built before keeps
    working; `rebuild_index()` builds them along with everything else."""
    builder = bitmaps.Builder()
    last, indexed = -1, 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                f"SELECT {', '.join(INDEX_COLUMNS)} FROM {INDEX_TABLE} "
                "WHERE person_id > %s ORDER BY person_id LIMIT %s",
                [last, batch_size],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            for row in rows:
                row = tuple(row)
                terms = _terms(row[3], row[4]) - {ALL_DOCS_TERM}
                builder.add(row[0], count_tags(row), terms)
            last = rows[-1][0]
            indexed += len(rows)
        with transaction.atomic():
            bitmaps.replace_all(cursor, builder.bitmaps())
    return indexed
