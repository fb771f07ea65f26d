"""Backend-specific full-text DDL, shared by migration 0002 and the bulk rebuild.

SQLite: an FTS5 table with `search_personindex` as external content, kept in
step by triggers (any write to the index table, ORM or raw, updates FTS5).
The texts are folded in Python first (hientai.core.text.fold: tone marks and
đ -> d), so unicode61 only splits words. detail=column and columnsize=0: the
engine needs which column a word is in, not positions or lengths (it ranks
with its own BM25, see backends.py), and the index is smaller for it.

PostgreSQL: `unaccent` behind an IMMUTABLE wrapper (unaccent() itself is only
STABLE, so it cannot appear in a generated column or index), a stored tsvector
with weights A (name), B (other texts), D (facet tags) and a GIN index on it.
"""

FTS_TABLE = "search_fts"
INDEX_TABLE = "search_personindex"

SQLITE_FTS = f"""
CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
    name_text, other_text, tags, filter_tags,
    content='{INDEX_TABLE}', content_rowid='person_id',
    tokenize='unicode61 remove_diacritics 2',
    detail=column, columnsize=0
)
"""

_COLUMNS = "name_text, other_text, tags, filter_tags"
_NEW = "new.name_text, new.other_text, new.tags, new.filter_tags"
_OLD = "old.name_text, old.other_text, old.tags, old.filter_tags"
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER search_pi_ai AFTER INSERT ON {INDEX_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}(rowid, {_COLUMNS}) VALUES (new.person_id, {_NEW});
    END""",
    f"""CREATE TRIGGER search_pi_ad AFTER DELETE ON {INDEX_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLUMNS})
        VALUES ('delete', old.person_id, {_OLD});
    END""",
    f"""CREATE TRIGGER search_pi_au AFTER UPDATE ON {INDEX_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLUMNS})
        VALUES ('delete', old.person_id, {_OLD});
        INSERT INTO {FTS_TABLE}(rowid, {_COLUMNS}) VALUES (new.person_id, {_NEW});
    END""",
]
SQLITE_DROP_TRIGGERS = [
    "DROP TRIGGER IF EXISTS search_pi_ai",
    "DROP TRIGGER IF EXISTS search_pi_ad",
    "DROP TRIGGER IF EXISTS search_pi_au",
]

PG_DOCUMENT_INDEX = "search_pi_document_idx"
PG_CREATE_DOCUMENT_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {PG_DOCUMENT_INDEX} ON {INDEX_TABLE} USING gin (document)"
)


def pg_forward(cursor) -> None:
    cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    # The wrapper names the extension's schema: an IMMUTABLE function must not
    # depend on search_path.
    cursor.execute(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
        "WHERE e.extname = 'unaccent'"
    )
    schema = cursor.fetchone()[0]
    cursor.execute(
        "CREATE OR REPLACE FUNCTION search_unaccent(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
        f'$$ SELECT "{schema}".unaccent(\'"{schema}".unaccent\'::regdictionary, $1) $$'
    )
    cursor.execute(
        f"""ALTER TABLE {INDEX_TABLE} ADD COLUMN document tsvector GENERATED ALWAYS AS (
            setweight(to_tsvector('simple'::regconfig, search_unaccent(name_text)), 'A')
            || setweight(to_tsvector('simple'::regconfig, search_unaccent(other_text)), 'B')
            || setweight(to_tsvector('simple'::regconfig, tags || filter_tags), 'D')
        ) STORED"""
    )
    cursor.execute(PG_CREATE_DOCUMENT_INDEX)


def pg_backward(cursor) -> None:
    cursor.execute(f"DROP INDEX IF EXISTS {PG_DOCUMENT_INDEX}")
    cursor.execute(f"ALTER TABLE {INDEX_TABLE} DROP COLUMN IF EXISTS document")
    cursor.execute("DROP FUNCTION IF EXISTS search_unaccent(text)")


def sqlite_forward(cursor) -> None:
    cursor.execute(SQLITE_FTS)
    for statement in SQLITE_TRIGGERS:
        cursor.execute(statement)
    # Rows written before this migration (none on a fresh database) enter FTS5 here.
    cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def sqlite_backward(cursor) -> None:
    for statement in SQLITE_DROP_TRIGGERS:
        cursor.execute(statement)
    cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
