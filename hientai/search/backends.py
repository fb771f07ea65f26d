"""The two implementations behind `engine.search_people`: SQLite FTS5 and PostgreSQL.

Both receive the same `Query` (folded words, scope, facet filters as tags) and
answer the same `Answer`: total, tag counts over all hits, one page of hits.
Ranking and filtering semantics are shared; only the full-text syntax, the
bulk load and the tag counting differ.

Since issue 14 `bitsearch.py` answers from bitmaps first; the row-by-row path
below answers when it cannot (bitmaps not built, a word expanding to too many
rare words) and is what tests compare it with.

How a query runs (measured at 1M profiles on 2 vCPU, see bench/registry.py):

- The words find candidates through the full-text index (FTS5 MATCH / tsvector
  @@ with GIN). Each word is a prefix. On SQLite it is first expanded to the
  whole words of the vocabulary (SearchTerm): FTS5 would otherwise merge the
  doclists of every word with that prefix on each query (20 ms for "nguyen*").
- Every candidate is then read from search_personindex (about 1 µs each on
  SQLite) for scope, filters, rank and counts. A facet filter is pushed into
  the full-text expression instead only when that saves more candidate reads
  than it costs to intersect the tag's posting list (about 10-15 ns per
  posting): a cost model fed by the vocabulary's and the unit counts' exact
  document counts decides, per query.
- Rank: exact full-name match, then BM25 over the name (weight 10) and the
  other texts (weight 2) with IDF from the vocabulary, then name. FTS5's
  bm25() was measured at 5 µs per hit plus a scan of every matched word's whole
  doclist for IDF (465 ms for "nguyen" at 1M), so the score is computed in SQL,
  identically on both backends.
- One statement returns the count, the facet values of every hit (a few
  newline-joined strings, counted in C by Counter, see count_facets) and the
  page, so the index work is done once.
"""

from __future__ import annotations

import abc
import datetime
import math
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from hientai.search import ddl
from hientai.search.documents import PREFIX, TOTAL_TAG, bucket, tag

# A prefix with more whole words than this stays a prefix query.
MAX_EXPANSION = 48
# Push a group only if it saves this many times what it costs (estimates assume
# independent groups; names and facets are not).
PUSH_MARGIN = 1.5
# Scope pushed into the full-text expression only as a few subtree tags.
MAX_SCOPE_TAGS = 8
# BM25 parameters; average lengths in words of a name and of the other texts.
K1, B = 1.2, 0.75
AVG_NAME_WORDS, AVG_OTHER_WORDS = 3.0, 8.0
W_NAME, W_OTHER = 10.0, 2.0


@dataclass
class Filter:
    """One facet filter: its values (unit ids for "unit") and their tags, OR'ed."""

    facet: str
    values: list
    tags: list[str]


# Single-valued facets live in plain columns of search_personindex.
FILTER_COLUMNS = {"unit": "unit_id", "gender": "gender", "overseas": "overseas", "degree": "degree"}


@dataclass
class Query:
    tokens: list[str]
    exact: str
    unit_ids: list[int] | None  # None: no unit restriction
    person_ids: list[int] | None  # an expert's own profiles, OR'ed with unit_ids
    scope_tags: list[str]  # subtree tags equal to the unit scope ([] = unknown)
    groups: list[Filter]  # AND'ed
    bands: list[str]
    on: datetime.date
    limit: int
    offset: int


@dataclass
class PageRow:
    person_id: int
    full_name: str
    unit_id: int
    gender: str
    degree: str
    birth_year: int | None
    score: float


@dataclass
class Answer:
    total: int = 0
    counts: Counter = field(default_factory=Counter)
    rows: list[PageRow] = field(default_factory=list)


# -- SQL fragments shared by both backends ---------------------------------------------------


def age_sql(on: datetime.date) -> str:
    """Age in whole years on `on` (the rule of Person.age_on); ints only, inlined."""
    month_day = on.month * 100 + on.day
    return (
        f"({int(on.year)} - i.birth_year - "
        f"CASE WHEN i.birth_md > {int(month_day)} THEN 1 ELSE 0 END)"
    )


def band_sql(on: datetime.date) -> str:
    """The age band of a row on `on`."""
    age = age_sql(on)
    return (
        f"(CASE WHEN i.birth_year IS NULL THEN 'unknown' "
        f"WHEN {age} < 30 THEN 'under_30' WHEN {age} < 45 THEN '30_44' "
        f"WHEN {age} < 60 THEN '45_59' ELSE '60_plus' END)"
    )


BAND_AGES = {"under_30": (None, 29), "30_44": (30, 44), "45_59": (45, 59), "60_plus": (60, None)}


def band_filter_sql(bands: list[str], on: datetime.date) -> str:
    age = age_sql(on)
    parts = []
    for band in bands:
        if band == "unknown":
            parts.append("i.birth_year IS NULL")
            continue
        low, high = BAND_AGES[band]
        condition = ["i.birth_year IS NOT NULL"]
        if low is not None:
            condition.append(f"{age} >= {low}")
        if high is not None:
            condition.append(f"{age} <= {high}")
        parts.append("(" + " AND ".join(condition) + ")")
    return "(" + " OR ".join(parts) + ")"


def band_years(bands: list[str], on: datetime.date, years) -> list[int]:
    """Birth years among `years` whose people can be in `bands` on `on` (a superset)."""
    wanted = []
    for year in years:
        max_age = on.year - year  # the real age is this or one less
        for band in bands:
            low, high = BAND_AGES[band]
            if (low is None or max_age >= low) and (high is None or max_age - 1 <= high):
                wanted.append(year)
                break
    return wanted


def ints(values: list[int]) -> str:
    """Integers inlined in SQL (int() makes them safe)."""
    return ", ".join(str(int(value)) for value in values)


def scope_sql(unit_ids: list[int] | None, person_ids: list[int] | None = None) -> str | None:
    parts = []
    if unit_ids is not None:
        parts.append(f"i.unit_id IN ({ints(unit_ids)})" if unit_ids else "1=0")
    if person_ids:
        parts.append(f"i.person_id IN ({ints(person_ids)})")
    if not parts:
        return None
    return "(" + " OR ".join(parts) + ")"


@dataclass
class Group:
    """One AND'ed condition: a query word, a facet filter, the age or the scope."""

    kind: str  # "word", "filter", "age" (a superset) or "scope" (a shortcut)
    terms: list[str]  # whole words (word) or tags (the others), OR'ed
    size: int  # documents matching at most (exact for words and filters)
    token: str = ""  # the query word, for word groups
    prefix: bool = False  # too many whole words: let the index expand the prefix
    filter: Filter | None = None  # for filter groups

    @property
    def width(self) -> int:
        return MAX_EXPANSION if self.prefix else max(len(self.terms), 1)


@dataclass
class Plan:
    """Which groups the full-text index evaluates and which are tested row by row."""

    pushed: list[Group] = field(default_factory=list)
    checked: list[Group] = field(default_factory=list)
    idf: dict[str, float] = field(default_factory=dict)
    empty: bool = False


EMPTY = Plan(empty=True)


class Backend(abc.ABC):
    vendor = ""
    position_function = "instr"
    # Cost model (ns), measured at 1M profiles: reading and testing one candidate
    # row; opening a tag's posting list, per posting; advancing one tag of a
    # pushed OR-group to the next candidate.
    candidate_cost = 1100.0
    posting_cost = 12.0
    seek_cost = 40.0

    def push_cost(self, group: Group, candidates: float) -> float:
        """Cost of adding a group (an OR of `width` words or tags) to the index query."""
        width = group.width
        return group.size * self.posting_cost + self.seek_cost * width * min(
            group.size / width, candidates
        )

    # -- planning, shared -------------------------------------------------------------------
    @abc.abstractmethod
    def vocabulary(self, cursor, token: str) -> list[tuple[str, int]]:
        """Whole words starting with `token`, with their document counts."""

    def plan(self, query: Query) -> Plan:
        groups: list[Group] = []
        idf: dict[str, float] = {}
        with connection.cursor() as cursor:
            cursor.execute("SELECT docs FROM search_searchterm WHERE term = ''")
            row = cursor.fetchone()
            total = max(row[0] if row else 0, 1)
            for token in query.tokens:
                terms = self.vocabulary(cursor, token)
                docs = min(sum(n for _term, n in terms), total)
                if docs == 0:
                    return EMPTY  # a word nobody has
                idf[token] = math.log(1 + (total - docs + 0.5) / (docs + 0.5))
                prefix = len(terms) > MAX_EXPANSION
                words = [] if prefix else [term for term, _n in terms]
                groups.append(Group("word", words, docs, token=token, prefix=prefix))

            filters = [Group("filter", list(f.tags), 0, filter=f) for f in query.groups]
            wanted = sorted({token for group in filters for token in group.terms})
            if wanted:
                cursor.execute(
                    "SELECT tag, SUM(count) FROM search_unitfacetcount "
                    f"WHERE tag IN ({', '.join(['%s'] * len(wanted))}) GROUP BY tag",
                    wanted,
                )
                postings = {token: int(n) for token, n in cursor.fetchall()}
                for group in filters:
                    group.size = sum(postings.get(token, 0) for token in group.terms)
                    if group.size == 0:
                        return EMPTY  # the counts are exact: nobody has these values
            groups += filters

            if query.bands and "unknown" not in query.bands:
                first = PREFIX["birth_year"]
                cursor.execute(
                    "SELECT tag, SUM(count) FROM search_unitfacetcount "
                    "WHERE tag >= %s AND tag < %s GROUP BY tag",
                    [first, chr(ord(first) + 1)],
                )
                years = {
                    int(token[1:]): int(n) for token, n in cursor.fetchall() if token[1:].isdigit()
                }
                buckets = {bucket(year) for year in band_years(query.bands, query.on, years)}
                if not buckets:
                    return EMPTY
                size = sum(n for year, n in years.items() if bucket(year) in buckets)
                bucket_tags = [tag("birth_bucket", start) for start in sorted(buckets)]
                groups.append(Group("age", bucket_tags, size))

            if (
                query.unit_ids is not None
                and not query.person_ids
                and 0 < len(query.scope_tags) <= MAX_SCOPE_TAGS
            ):
                cursor.execute(
                    "SELECT SUM(count) FROM search_unitfacetcount "
                    f"WHERE tag = %s AND unit_id IN ({ints(query.unit_ids)})",
                    [TOTAL_TAG],
                )
                size = int(cursor.fetchone()[0] or 0)
                if size == 0:
                    return EMPTY
                groups.append(Group("scope", list(query.scope_tags), size))

        plan = Plan(idf=idf)
        candidates = float(total)
        for group in sorted(groups, key=lambda group: group.size):
            share = min(group.size / total, 1.0)
            saving = candidates * (1 - share) * self.candidate_cost
            # The most selective group always drives the full-text query. The margin
            # covers correlation: "Văn" already means male, so gender would save little.
            if not plan.pushed or saving > PUSH_MARGIN * self.push_cost(group, candidates):
                plan.pushed.append(group)
                candidates *= share
            elif group.kind in ("word", "filter"):
                plan.checked.append(group)
            # age and scope are tested exactly in SQL whatever happens
        return plan

    def rank_sql(self, query: Query, plan: Plan) -> tuple[str, list]:
        """BM25 with term frequency 1 (names rarely repeat a word), in SQL."""
        if not query.tokens:
            return "0.0", []
        find = self.position_function

        def norm(column: str, average: float) -> str:
            return f"({K1 + 1} / (1 + {K1} * ({1 - B} + {B} * i.{column} / {average})))"

        name_norm = norm("name_words", AVG_NAME_WORDS)
        other_norm = norm("other_words", AVG_OTHER_WORDS)
        parts, params = [], []
        for token in query.tokens:
            parts.append(
                f"{plan.idf[token]:.6f} * ("
                f"CASE WHEN {find}(' ' || i.name_text, %s) > 0 "
                f"THEN {W_NAME} * {name_norm} ELSE 0 END + "
                f"CASE WHEN {find}(' ' || i.other_text, %s) > 0 "
                f"THEN {W_OTHER} * {other_norm} ELSE 0 END)"
            )
            params += [" " + token, " " + token]
        return "(" + " + ".join(parts) + ")", params

    def where_sql(self, query: Query, plan: Plan) -> tuple[list[str], list]:
        where, params = [], []
        find = self.position_function
        for group in plan.checked:
            if group.kind == "word":
                # A word starting with the token, in any indexed text (as the index does).
                where.append(f"{find}(' ' || i.name_text || ' ' || i.other_text, %s) > 0")
                params.append(" " + group.token)
            elif group.filter is not None and group.filter.facet in FILTER_COLUMNS:
                values = list(group.filter.values)
                if group.filter.facet == "unit":
                    where.append(f"i.unit_id IN ({ints(values)})")
                    continue
                if group.filter.facet == "overseas":
                    values = ["" if value == "none" else value for value in values]
                column = FILTER_COLUMNS[group.filter.facet]
                where.append(f"i.{column} IN ({', '.join(['%s'] * len(values))})")
                params += values
            else:
                where.append(
                    "(" + " OR ".join(f"{find}(i.tags, %s) > 0" for _ in group.terms) + ")"
                )
                params += [f" {token} " for token in group.terms]
        if query.bands:
            where.append(band_filter_sql(query.bands, query.on))
        scope = scope_sql(query.unit_ids, query.person_ids)
        if scope:
            where.append(scope)
        return where, params

    # -- bulk rebuild -----------------------------------------------------------------------
    def begin_rebuild(self, cursor) -> None:
        for table in ("search_personindex", "search_unitfacetcount", "search_searchterm"):
            cursor.execute(f"DELETE FROM {table}")

    @abc.abstractmethod
    def bulk_insert(self, cursor, table: str, columns: tuple, rows: list) -> None:
        """Insert many rows fast (multi-row INSERT or COPY)."""

    def end_rebuild(self, cursor) -> None:  # optional hook: no-op by default
        return None

    def after_rebuild(self, cursor) -> None:  # optional hook: no-op by default
        return None

    def prepare(self) -> None:  # optional hook: no-op by default
        return None

    @abc.abstractmethod
    def rowids(self, cursor, words: list[str]) -> list[int]:
        """Ids of the people with any of these whole words in their texts."""

    @abc.abstractmethod
    def search(self, query: Query) -> Answer:
        """Run a planned query: hits of the page, total and facet counts."""


class SQLiteBackend(Backend):
    vendor = "sqlite"

    def prepare(self) -> None:
        # Memory-mapped reads: candidate rows come from the OS page cache without a
        # read() call each (1 µs instead of 2.5 µs per candidate at 1M profiles).
        raw = connection.connection
        if getattr(connection, "_search_prepared", None) is not raw:
            connection.cursor().execute("PRAGMA mmap_size = 1073741824")
            connection._search_prepared = raw  # type: ignore[attr-defined]  # our marker

    def vocabulary(self, cursor, token: str) -> list[tuple[str, int]]:
        # BINARY collation: every word with the prefix sorts between token and token+U+10FFFF.
        cursor.execute(
            "SELECT term, docs FROM search_searchterm WHERE term >= %s AND term < %s "
            "ORDER BY docs DESC",
            [token, token + "\U0010ffff"],
        )
        return cursor.fetchall()

    def rowids(self, cursor, words: list[str]) -> list[int]:
        match = "{name_text other_text} : (" + " OR ".join(f'"{word}"' for word in words) + ")"
        cursor.execute(f"SELECT rowid FROM {ddl.FTS_TABLE} WHERE {ddl.FTS_TABLE} MATCH %s", [match])
        return [row[0] for row in cursor.fetchall()]

    def begin_rebuild(self, cursor) -> None:
        # Without triggers, DELETE is a truncate and inserts skip FTS5; 'rebuild' follows.
        for statement in ddl.SQLITE_DROP_TRIGGERS:
            cursor.execute(statement)
        super().begin_rebuild(cursor)

    def bulk_insert(self, cursor, table: str, columns: tuple, rows: list) -> None:
        if rows:
            raw = cursor.cursor  # the sqlite3 cursor: no per-row parameter rewriting
            raw.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join(['?'] * len(columns))})",
                rows,
            )

    def end_rebuild(self, cursor) -> None:
        cursor.execute(f"INSERT INTO {ddl.FTS_TABLE}({ddl.FTS_TABLE}) VALUES ('rebuild')")
        for statement in ddl.SQLITE_TRIGGERS:
            cursor.execute(statement)

    def after_rebuild(self, cursor) -> None:
        # One b-tree per word instead of many segments; statistics for the planner.
        cursor.execute(f"INSERT INTO {ddl.FTS_TABLE}({ddl.FTS_TABLE}) VALUES ('optimize')")
        cursor.execute("ANALYZE search_personindex")
        cursor.execute("ANALYZE search_unitfacetcount")

    def match(self, plan: Plan) -> str:
        parts = []
        for group in plan.pushed:
            if group.kind != "word":
                parts.append("{tags filter_tags} : (" + " OR ".join(group.terms) + ")")
            elif group.prefix:
                parts.append(f'{{name_text other_text}} : "{group.token}"*')
            else:
                words = " OR ".join(f'"{word}"' for word in group.terms)
                parts.append(f"{{name_text other_text}} : ({words})")
        return " AND ".join(parts)

    def search(self, query: Query) -> Answer:
        plan = self.plan(query)
        if plan.empty:
            return Answer()
        self.prepare()
        match = self.match(plan)
        rank, rank_params = self.rank_sql(query, plan)
        where, where_params = self.where_sql(query, plan)
        if match:
            source = (
                f"{ddl.FTS_TABLE} CROSS JOIN search_personindex i "
                f"ON i.person_id = {ddl.FTS_TABLE}.rowid"
            )
            where.insert(0, f"{ddl.FTS_TABLE} MATCH %s")
            where_params.insert(0, match)
        else:
            source = "search_personindex i"
        sql = f"""
            WITH h AS MATERIALIZED (
                SELECT i.person_id AS pid, i.full_name, i.unit_id, i.gender, i.degree,
                       i.birth_year, i.sort_name, i.tags,
                       i.gender || '|' || i.overseas || '|' || i.degree || '|' ||
                       {band_sql(query.on)} AS single,
                       (i.name_text = %s) AS exact, {rank} AS score
                FROM {source}
                WHERE {" AND ".join(where) or "1=1"}
            )
            SELECT 0, count(*), group_concat(unit_id, char(10)), group_concat(single, char(10)),
                   group_concat(tags, char(10)), NULL, NULL, NULL FROM h
            UNION ALL
            SELECT * FROM (
                SELECT 1, pid, full_name, unit_id, gender, degree, birth_year, score FROM h
                ORDER BY exact DESC, score DESC, sort_name, pid LIMIT %s OFFSET %s
            )
        """
        params = [query.exact, *rank_params, *where_params, query.limit, query.offset]
        answer = Answer()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for kind, a, b, c, d, e, f, g in cursor.fetchall():
                if kind == 0:
                    answer.total = a or 0
                    answer.counts = count_facets(b, c, d)
                else:
                    answer.rows.append(PageRow(a, b, c, d, e, f, float(g or 0.0)))
        return answer


def count_facets(units: str | None, singles: str | None, multis: str | None) -> Counter:
    """Tag counts from one newline-joined string per part, one line per hit.

    Lines repeat a lot (140 units, a few hundred gender|overseas|degree|band and
    category/field/technology combinations), so whole lines are counted in C by
    Counter and only the distinct ones are taken apart: a million hits cost a few
    hundred milliseconds instead of splitting eight million tags.
    """
    counts: Counter = Counter()
    for unit, n in Counter((units or "").split("\n")).items():
        if unit:
            counts[tag("unit", unit)] += n
    for line, n in Counter((singles or "").split("\n")).items():
        if not line:
            continue
        gender, overseas, degree, band = line.split("|")
        counts[tag("overseas", overseas or "none")] += n
        counts[tag("age_band", band)] += n
        if gender:
            counts[tag("gender", gender)] += n
        if degree:
            counts[tag("degree", degree)] += n
    for line, n in Counter((multis or "").split("\n")).items():
        for token in line.split():
            counts[token] += n
    return counts


class PostgresBackend(Backend):
    vendor = "postgresql"
    position_function = "strpos"
    # Fitted on bench/registry.py at 1M profiles (a small grid, p99 the criterion):
    # a heap row fetched, rechecked and tested costs several µs, GIN a few tens of
    # ns per posting of an exact entry and more per posting of an OR-group (no
    # skipping inside ORs).
    candidate_cost = 8000.0
    posting_cost = 30.0
    or_penalty = 0.5  # extra cost per posting for each further branch of an OR

    def push_cost(self, group: Group, candidates: float) -> float:
        return group.size * self.posting_cost * (1 + self.or_penalty * (group.width - 1))

    def vocabulary(self, cursor, token: str) -> list[tuple[str, int]]:
        # Words are letters and digits only: no LIKE wildcard can slip in.
        cursor.execute(
            "SELECT term, docs FROM search_searchterm WHERE term LIKE %s ORDER BY docs DESC",
            [token + "%"],
        )
        return cursor.fetchall()

    def rowids(self, cursor, words: list[str]) -> list[int]:
        tsquery = " | ".join(f"'{word}':AB" for word in words)
        cursor.execute(
            "SELECT person_id FROM search_personindex WHERE document @@ to_tsquery('simple', %s)",
            [tsquery],
        )
        return [row[0] for row in cursor.fetchall()]

    def begin_rebuild(self, cursor) -> None:
        cursor.execute("TRUNCATE search_personindex, search_unitfacetcount, search_searchterm")
        # Building the GIN index once after the load beats updating it row by row.
        cursor.execute(f"DROP INDEX IF EXISTS {ddl.PG_DOCUMENT_INDEX}")

    def bulk_insert(self, cursor, table: str, columns: tuple, rows: list) -> None:
        if rows:
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)

    def end_rebuild(self, cursor) -> None:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        cursor.execute(ddl.PG_CREATE_DOCUMENT_INDEX)

    def after_rebuild(self, cursor) -> None:
        for table in ("search_personindex", "search_unitfacetcount", "search_searchterm"):
            cursor.execute(f"ANALYZE {table}")

    def tsquery(self, plan: Plan) -> str:
        # Whole words from the vocabulary rather than 'token':* : GIN evaluates a
        # prefix entry into a bitmap of every matching word up front (114 ms against
        # 37 ms for "cat & van & nguyen" at 1M), while exact entries can skip.
        # Weights keep words to the texts (A, B) and tags to their columns (D).
        parts = []
        for group in plan.pushed:
            if group.kind != "word":
                parts.append("(" + " | ".join(f"'{token}':D" for token in group.terms) + ")")
            elif group.prefix:
                parts.append(f"'{group.token}':*AB")
            else:
                parts.append("(" + " | ".join(f"'{word}':AB" for word in group.terms) + ")")
        return " & ".join(parts)

    def search(self, query: Query) -> Answer:
        plan = self.plan(query)
        if plan.empty:
            return Answer()
        tsquery = self.tsquery(plan)
        rank, rank_params = self.rank_sql(query, plan)
        where, where_params = self.where_sql(query, plan)
        if tsquery:
            where.insert(0, "i.document @@ to_tsquery('simple', %s)")
            where_params.insert(0, tsquery)
        sql = f"""
            WITH h AS MATERIALIZED (
                SELECT i.person_id AS pid, i.full_name, i.unit_id, i.gender, i.degree,
                       i.birth_year, i.sort_name, i.tags,
                       i.gender || '|' || i.overseas || '|' || i.degree || '|' ||
                       {band_sql(query.on)} AS single,
                       (i.name_text = %s) AS exact, ({rank})::float8 AS score
                FROM search_personindex i
                WHERE {" AND ".join(where) or "TRUE"}
            )
            SELECT 0 AS kind, count(*)::bigint, string_agg(unit_id::text, E'\\n'),
                   string_agg(single, E'\\n'), string_agg(tags, E'\\n'),
                   NULL::text, NULL::integer, NULL::float8 FROM h
            UNION ALL
            (SELECT 1, pid, full_name, unit_id::text, gender, degree, birth_year::integer, score
             FROM h ORDER BY exact DESC, score DESC, sort_name, pid LIMIT %s OFFSET %s)
        """
        params = [query.exact, *rank_params, *where_params, query.limit, query.offset]
        answer = Answer()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for kind, a, b, c, d, e, f, g in cursor.fetchall():
                if kind == 0:
                    answer.total = a or 0
                    answer.counts = count_facets(b, c, d)
                else:
                    answer.rows.append(PageRow(a, b, int(c), d, e, f, float(g or 0.0)))
        return answer


def get() -> Backend:
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SQLiteBackend()
    raise ImproperlyConfigured(f"search has no backend for {connection.vendor}")
