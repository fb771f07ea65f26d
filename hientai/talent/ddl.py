"""Full-text DDL for the expertise index, per backend (migration 0002 and the bulk rebuild).

SQLite: an FTS5 table with `talent_expertdoc` as external content, kept in step by
triggers. Texts are folded in Python first, so unicode61 only splits words.
PostgreSQL: a stored tsvector over the same texts ('simple' configuration: the texts are
already folded) with a GIN index.
"""

DOC_TABLE = "talent_expertdoc"
FTS_TABLE = "talent_fts"
TEXT_COLUMNS = (
    "fields_text",
    "techs_text",
    "keywords_text",
    "majors_text",
    "projects_text",
    "outputs_text",
    "orgs_text",
)
_COLUMNS = ", ".join(TEXT_COLUMNS)
_NEW = ", ".join(f"new.{column}" for column in TEXT_COLUMNS)
_OLD = ", ".join(f"old.{column}" for column in TEXT_COLUMNS)

SQLITE_FTS = f"""
CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
    {_COLUMNS},
    content='{DOC_TABLE}', content_rowid='person_id',
    tokenize='unicode61 remove_diacritics 2', detail=column
)
"""
SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER talent_doc_ai AFTER INSERT ON {DOC_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}(rowid, {_COLUMNS}) VALUES (new.person_id, {_NEW});
    END""",
    f"""CREATE TRIGGER talent_doc_ad AFTER DELETE ON {DOC_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLUMNS})
        VALUES ('delete', old.person_id, {_OLD});
    END""",
    f"""CREATE TRIGGER talent_doc_au AFTER UPDATE ON {DOC_TABLE} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_COLUMNS})
        VALUES ('delete', old.person_id, {_OLD});
        INSERT INTO {FTS_TABLE}(rowid, {_COLUMNS}) VALUES (new.person_id, {_NEW});
    END""",
]
SQLITE_DROP_TRIGGERS = [
    "DROP TRIGGER IF EXISTS talent_doc_ai",
    "DROP TRIGGER IF EXISTS talent_doc_ad",
    "DROP TRIGGER IF EXISTS talent_doc_au",
]
PG_INDEX = "talent_doc_document_idx"


def sqlite_forward(cursor) -> None:
    cursor.execute(SQLITE_FTS)
    for statement in SQLITE_TRIGGERS:
        cursor.execute(statement)


def sqlite_backward(cursor) -> None:
    for statement in SQLITE_DROP_TRIGGERS:
        cursor.execute(statement)
    cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def pg_forward(cursor) -> None:
    joined = " || ' ' || ".join(f"coalesce({column}, '')" for column in TEXT_COLUMNS)
    cursor.execute(
        f"ALTER TABLE {DOC_TABLE} ADD COLUMN document tsvector GENERATED ALWAYS AS "
        f"(to_tsvector('simple'::regconfig, {joined})) STORED"
    )
    cursor.execute(f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {DOC_TABLE} USING gin (document)")


def pg_backward(cursor) -> None:
    cursor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
    cursor.execute(f"ALTER TABLE {DOC_TABLE} DROP COLUMN IF EXISTS document")


def forward(apps, schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            sqlite_forward(cursor)
        elif schema_editor.connection.vendor == "postgresql":
            pg_forward(cursor)


def backward(apps, schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            sqlite_backward(cursor)
        elif schema_editor.connection.vendor == "postgresql":
            pg_backward(cursor)
