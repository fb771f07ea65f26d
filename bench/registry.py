"""People search at scale: search_people with three facet filters against a bare full-text query.

Generates N profiles (realistic Vietnamese names and surname frequencies, the
real units loaded by the migrations) straight into a fresh database with a raw
bulk path (sqlite3 executemany / PostgreSQL COPY), builds the search index with
`rebuild_index()`, then times about 200 queries as a coordinator:

- engine: `search_people(user, text, {category, gender, age_band})`, i.e. the
  page of 20 hits plus exact counts for every facet;
- bare: the same text as a plain ranked full-text query (FTS5 MATCH ... ORDER
  BY rank LIMIT 20 / tsvector @@ ... ORDER BY ts_rank LIMIT 20), no scope, no
  filters, no counts, on the same data in the same run.

    .venv/bin/python bench/registry.py                      # SQLite, temp dir
    .venv/bin/python bench/registry.py --people 100000      # quicker
    .venv/bin/python bench/registry.py --database-url postgres://postgres@127.0.0.1:5432/hientai_bench

With --database-url the database is created when missing and must hold no
profiles yet; it is left in place (drop it yourself). --sqlite FILE runs on an
existing SQLite database instead (e.g. a copy of `hientai demo --people
1000000`), whose index is already built. --append FILE adds a dated Markdown
entry with the exact command.

Then the worst cases as a coordinator (issue 14), each run --repeat times and
printed next to the bare FTS5 count of the same hits (`SELECT count(*) ...
MATCH`, no scope, no page, no facet): "Nguyễn", "nguyen", "Văn", "n", "ng", a
facet with no text, and page 1,000 of "nguyen" (by its keyset cursor, and by
page number alone).
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import os
import random
import resource
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FAMILY = [
    ("Nguyễn", 38.4), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.1), ("Hoàng", 2.6),
    ("Huỳnh", 2.5), ("Phan", 4.5), ("Vũ", 2.0), ("Võ", 1.9), ("Đặng", 2.1), ("Bùi", 2.0),
    ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đinh", 0.9),
    ("Trương", 0.9), ("Lâm", 0.6), ("Mai", 0.6), ("Đào", 0.6), ("Cao", 0.5), ("Hà", 0.5),
    ("Lương", 0.4), ("Tô", 0.3), ("Chu", 0.3), ("Tạ", 0.3), ("Châu", 0.3), ("Thái", 0.3),
    ("Quách", 0.2), ("Vương", 0.2), ("La", 0.2), ("Kiều", 0.2), ("Lưu", 0.2), ("Triệu", 0.2),
]  # fmt: skip
MIDDLE = {
    "male": ["Văn"] * 12
    + ["Đức", "Minh", "Quang", "Hữu", "Thanh", "Ngọc", "Công", "Xuân", "Đình", "Quốc"]
    + ["Hoàng", "Anh", "Tuấn", "Trọng", "Bá", "Thế", "Gia"],
    "female": ["Thị"] * 14
    + ["Ngọc", "Thu", "Thanh", "Mỹ", "Kim", "Bích", "Hồng", "Minh", "Thùy", "Phương"]
    + ["Diệu", "Bảo", "Khánh", "Ánh", "Hoài"],
}
GIVEN = {
    "male": [
        "Hùng", "Dũng", "Tuấn", "Anh", "Minh", "Nam", "Long", "Hải", "Sơn", "Thắng",
        "Phong", "Khoa", "Quân", "Huy", "Đức", "Trung", "Vinh", "Tài", "Lộc", "Phúc",
        "Bảo", "Khang", "Tâm", "Thịnh", "Hiếu", "Nghĩa", "Cường", "Bình", "Hoàng", "Kiên",
        "Đạt", "Duy", "Hưng", "Khánh", "Phát", "Thành", "Toàn", "Vũ", "Việt", "Quang",
    ],
    "female": [
        "Lan", "Hương", "Mai", "Linh", "Trang", "Hà", "Anh", "Thảo", "Ngọc", "Phương",
        "Hạnh", "Hoa", "Thu", "Yến", "Nhung", "Vân", "Trinh", "Uyên", "Vy", "Nhi",
        "Hằng", "Giang", "Thủy", "Loan", "Quỳnh", "Dung", "Chi", "Tâm", "Hiền", "Oanh",
        "Nga", "Hồng", "My", "Trâm", "Diệp", "Liên", "Huyền", "Thư", "Tuyết", "Xuân",
    ],
}  # fmt: skip
KEYWORDS = [
    "trí tuệ nhân tạo", "chuyển đổi số", "công nghệ sinh học", "nông nghiệp công nghệ cao",
    "y học lâm sàng", "quản lý nhà nước", "kinh tế số", "vi mạch bán dẫn", "năng lượng tái tạo",
    "logistics", "giáo dục đại học", "an ninh mạng", "dữ liệu lớn", "điện toán đám mây",
    "cơ khí chế tạo", "vật liệu mới", "môi trường", "tài chính ngân hàng", "du lịch",
    "chế biến thực phẩm", "dược học", "xây dựng dân dụng", "tự động hóa", "hóa học",
]  # fmt: skip
UNIT_KINDS = {"ward": 4, "commune": 1, "department": 2, "university": 3, "college": 2, "board": 1}


def zipf(items: list, exponent: float = 0.3) -> list[float]:
    """Cumulative weights: the most common given name is about 5% of its sex."""
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(len(items))))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def setup(database_url: str | None, var: Path) -> str:
    os.environ["HIENTAI_VAR_DIR"] = str(var)
    os.environ["STATIC_ROOT"] = str(var / "static")
    if database_url:
        os.environ["DATABASE_URL"] = database_url
        if database_url.startswith("postgres"):
            ensure_pg_database(database_url)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{var / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hientai.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return os.environ["DATABASE_URL"]


def ensure_pg_database(url: str) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    admin = psycopg.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"] or None,
        host=config["HOST"],
        port=config["PORT"] or 5432,
        autocommit=True,
    )
    name = config["NAME"]
    if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        admin.execute(f'CREATE DATABASE "{name}"')
    admin.close()


class Writer:
    """Raw bulk inserts: sqlite3 executemany in one transaction, or PostgreSQL COPY."""

    def __init__(self) -> None:
        from django.db import connection

        self.connection = connection
        self.vendor = connection.vendor
        connection.ensure_connection()
        if self.vendor == "sqlite":
            raw = connection.connection
            raw.execute("PRAGMA synchronous=OFF")
            raw.execute("PRAGMA cache_size=-400000")

    def insert(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        if self.vendor == "sqlite":
            raw = self.connection.connection
            if not raw.in_transaction:  # Django runs sqlite3 in autocommit mode
                raw.execute("BEGIN")
            marks = ", ".join("?" * len(columns))
            raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        else:
            with (
                self.connection.cursor() as cursor,
                cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)

    def commit(self) -> None:
        if self.vendor == "sqlite" and self.connection.connection.in_transaction:
            self.connection.connection.execute("COMMIT")


def defaults_for(model, given: set[str]) -> dict:
    """Values for every NOT NULL column the generator does not fill (fields others may add)."""
    from django.db import models
    from django.utils import timezone

    now = timezone.now()
    values = {}
    for field in model._meta.concrete_fields:
        if field.column in given or field.primary_key:
            continue
        if field.null:
            values[field.column] = None
        elif field.has_default():
            values[field.column] = field.get_default()
        elif isinstance(field, models.DateTimeField):
            values[field.column] = now
        elif field.empty_strings_allowed:
            values[field.column] = ""
        else:
            raise SystemExit(f"bench: no value for {model.__name__}.{field.name}")
    return values


def generate(people: int, seed: int, writer: Writer, chunk: int = 50_000) -> dict:
    from hientai.catalogs.models import Code
    from hientai.orgs.models import Unit
    from hientai.registry.models import Person, Qualification

    rng = random.Random(seed)
    units = list(
        Unit.objects.current().filter(kind__in=UNIT_KINDS).values_list("id", "kind").order_by("id")
    )
    unit_ids = [unit_id for unit_id, _kind in units]
    unit_cum = list(itertools.accumulate(UNIT_KINDS[kind] for _id, kind in units))

    def codes(scheme: str, **extra) -> list[int]:
        query = Code.objects.filter(scheme__key=scheme, scheme__is_current=True, **extra)
        return list(query.order_by("id").values_list("id", flat=True))

    categories = codes("person_category")
    fields = codes("st_field", level=2)
    technologies = codes("strategic_technology")
    degrees = dict(Code.objects.filter(scheme__key="degree").values_list("code", "id"))
    degree_pool = ["cu_nhan"] * 40 + ["ky_su"] * 15 + ["thac_si"] * 25 + ["tien_si"] * 8
    degree_pool += ["cao_dang"] * 8 + ["bac_si"] * 4
    family_names = [name for name, _weight in FAMILY]
    family_cum = list(itertools.accumulate(weight for _name, weight in FAMILY))
    given_cum = {gender: zipf(names) for gender, names in GIVEN.items()}
    today = datetime.date.today()
    person_table = Person._meta.db_table
    generated = [
        "id", "unit_id", "family_name", "middle_name", "given_name", "full_name",
        "other_names", "birth_date", "birth_year", "gender", "overseas_kind", "keywords",
        "source",
    ]  # fmt: skip
    sqlite = writer.vendor == "sqlite"

    def plain(value):
        # sqlite3's default date adapters are deprecated: hand it ISO strings.
        if sqlite and isinstance(value, datetime.date | datetime.datetime):
            return value.isoformat()
        return value

    person_defaults = defaults_for(Person, set(generated))
    person_columns = [*generated, *person_defaults]
    person_tail = tuple(plain(value) for value in person_defaults.values())
    through = {
        name: Person._meta.get_field(name).remote_field.through._meta.db_table
        for name in ("categories", "st_fields", "strategic_technologies")
    }
    qualification_given = ["person_id", "degree_id", "st_field_id", "year"]
    qualification_defaults = defaults_for(Qualification, set(qualification_given))
    qualification_columns = [*qualification_given, *qualification_defaults]
    qualification_tail = tuple(plain(value) for value in qualification_defaults.values())
    degree_ids = [degrees[code] for code in degree_pool]
    overseas_kinds = ["", "vietnamese_abroad", "foreign_expert"]

    counts = {"people": 0, "links": 0, "qualifications": 0}
    next_id = 1
    while next_id <= people:
        size = min(chunk, people - next_id + 1)
        rows, quals = [], []
        links: dict[str, list] = {name: [] for name in through}
        genders = rng.choices(
            ["male", "female", "other", ""], cum_weights=[52, 99, 99.3, 100], k=size
        )
        families = rng.choices(family_names, cum_weights=family_cum, k=size)
        unit_pick = rng.choices(unit_ids, cum_weights=unit_cum, k=size)
        given_by_side = {
            side: rng.choices(GIVEN[side], cum_weights=given_cum[side], k=size) for side in GIVEN
        }
        middle_by_side = {side: rng.choices(MIDDLE[side], k=size) for side in MIDDLE}
        overseas_pick = rng.choices(overseas_kinds, cum_weights=[94, 99, 100], k=size)
        draw = rng.random
        for offset in range(size):
            person_id = next_id + offset
            gender = genders[offset]
            side = gender if gender in GIVEN else ("male" if draw() < 0.5 else "female")
            middle = middle_by_side[side][offset]
            given = given_by_side[side][offset]
            family = families[offset]
            roll = draw()
            year = min(today.year - 18, max(1945, int(rng.gauss(1982, 11))))
            birth_date = None
            if roll < 0.75:
                birth_date = plain(datetime.date(year, 1 + int(draw() * 12), 1 + int(draw() * 28)))
            elif roll > 0.95:
                year = None
            keywords = ", ".join(rng.sample(KEYWORDS, 1 + (draw() < 0.5))) if draw() < 0.5 else ""
            other = GIVEN[side][int(draw() * len(GIVEN[side]))] if draw() < 0.03 else ""
            rows.append(
                (
                    person_id,
                    unit_pick[offset],
                    family,
                    middle,
                    given,
                    f"{family} {middle} {given}",
                    other,
                    birth_date,
                    year,
                    gender,
                    overseas_pick[offset],
                    keywords,
                    "bench",
                    *person_tail,
                )
            )
            roll = draw()
            for code in rng.sample(categories, 1 if roll < 0.5 else 2 if roll < 0.85 else 3):
                links["categories"].append((person_id, code))
            roll = draw()
            for code in rng.sample(fields, 0 if roll < 0.25 else 1 if roll < 0.75 else 2):
                links["st_fields"].append((person_id, code))
            if draw() < 0.15:
                links["strategic_technologies"].append(
                    (person_id, technologies[int(draw() * len(technologies))])
                )
            roll = draw()
            for _ in range(0 if roll < 0.25 else 1 if roll < 0.75 else 2):
                quals.append(
                    (
                        person_id,
                        degree_ids[int(draw() * len(degree_ids))],
                        fields[int(draw() * len(fields))],
                        (year or 1980) + 21 + int(draw() * 15),
                        *qualification_tail,
                    )
                )
        writer.insert(person_table, person_columns, rows)
        for name, pairs in links.items():
            writer.insert(through[name], ["person_id", "code_id"], pairs)
            counts["links"] += len(pairs)
        writer.insert(Qualification._meta.db_table, qualification_columns, quals)
        writer.commit()
        counts["people"] += size
        counts["qualifications"] += len(quals)
        next_id += size
    return counts


def make_queries(count: int, seed: int) -> list[tuple[str, dict[str, list[str]]]]:
    """Name queries in the forms people type, each with three facet filters."""
    from django.db import connection

    from hientai.catalogs.models import Code
    from hientai.core.text import fold
    from hientai.registry.models import Person

    rng = random.Random(seed + 1)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT max(id) FROM {Person._meta.db_table}")
        top = cursor.fetchone()[0]
    categories = list(
        Code.objects.filter(scheme__key="person_category", scheme__is_current=True).values_list(
            "code", flat=True
        )
    )
    queries = []
    while len(queries) < count:
        row = (
            Person.objects.filter(pk=rng.randint(1, top))
            .values_list("family_name", "middle_name", "given_name", "gender")
            .first()
        )
        if not row:
            continue
        family, middle, given, gender = row
        form = len(queries) % 4
        if form == 0:
            text = f"{family} {middle} {given}"  # as written, with tone marks
        elif form == 1:
            text = fold(f"{given} {family}")  # Western order, no tone marks
        elif form == 2:
            text = fold(f"{family} {middle} {given[:2]}")  # as typed: the last word unfinished
        else:
            text = given  # the given name alone
        filters = {
            "category": [rng.choice(categories)],
            "gender": [gender or "male"],
            "age_band": [rng.choice(["under_30", "30_44", "45_59", "60_plus"])],
        }
        queries.append((text, filters))
    return queries


def bare_queries(text: str):
    """Two plain full-text queries for `text` (every word a prefix), as callables:
    the first 20 matches in index order, and the top 20 by the engine's own rank
    function (FTS5 bm25 / ts_rank). No scope, no filter, no count."""
    from django.db import connection

    from hientai.search.documents import words

    tokens = words(text)
    if connection.vendor == "sqlite":
        match = " AND ".join(f'"{token}"*' for token in tokens)
        first = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s LIMIT 20"
        ranked = "SELECT rowid FROM search_fts WHERE search_fts MATCH %s ORDER BY rank LIMIT 20"
        params = [match]
    else:
        tsquery = " & ".join(f"'{token}':*" for token in tokens)
        condition = "FROM search_personindex WHERE document @@ to_tsquery('simple', %s)"
        first = f"SELECT person_id {condition} LIMIT 20"
        ranked = (
            f"SELECT person_id {condition} "
            "ORDER BY ts_rank(document, to_tsquery('simple', %s)) DESC LIMIT 20"
        )
        params = [tsquery]

    def runner(sql: str, values: list):
        def run() -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql, values)
                cursor.fetchall()

        return run

    ranked_params = params if connection.vendor == "sqlite" else params * 2
    return runner(first, params), runner(ranked, ranked_params)


def timed(function, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def bare_count(match: str) -> tuple[float, int]:
    """Median ms and result of a bare FTS5 (or tsvector) count of `match`'s hits."""
    from django.db import connection

    if connection.vendor == "sqlite":
        sql = "SELECT count(*) FROM search_fts WHERE search_fts MATCH %s"
    else:
        sql = "SELECT count(*) FROM search_personindex WHERE document @@ to_tsquery('simple', %s)"
    found = [0]

    def run() -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, [match])
            found[0] = cursor.fetchone()[0]

    runs = [timed(run) for _ in range(5)]
    return statistics.median(runs), found[0]


def worst_cases(user, repeat: int, say) -> None:
    """The worst cases of issue 14, each next to the bare count of the same hits."""
    from django.db import connection

    from hientai.search.documents import tag, words
    from hientai.search.engine import search_people

    sqlite = connection.vendor == "sqlite"

    def text_match(text: str) -> str:
        if sqlite:
            return " AND ".join(f'{{name_text other_text}} : "{t}"*' for t in words(text))
        return " & ".join(f"'{t}':*AB" for t in words(text))

    female = tag("gender", "female")
    facet_match = f"{{filter_tags}} : {female}" if sqlite else f"'{female}':D"
    # The keyset cursor of page 1,000 of "nguyen" (20 a page): walk the 999 pages before.
    after = None
    for _ in range(999):
        after = search_people(user, "nguyen", after=after).next_cursor
        if after is None:
            break
    cases = [
        ("'Nguyễn'", "Nguyễn", None, {}, text_match("Nguyễn")),
        ("'nguyen'", "nguyen", None, {}, text_match("nguyen")),
        ("'Văn'", "Văn", None, {}, text_match("Văn")),
        ("'n'", "n", None, {}, text_match("n")),
        ("'ng'", "ng", None, {}, text_match("ng")),
        ("gender=female, no text", "", {"gender": ["female"]}, {}, facet_match),
        ("'nguyen' page 1,000 (keyset cursor)", "nguyen", None, {"after": after, "page": 1000},
         text_match("nguyen")),
        ("'nguyen' page 1,000 (page number only)", "nguyen", None, {"page": 1000},
         text_match("nguyen")),
    ]  # fmt: skip
    say(f"worst cases as a coordinator, {repeat} runs each; bare = FTS5 count(*) of the same hits")
    for label, text, filters, options, match in cases:
        runs = []
        for _ in range(repeat):
            started = time.perf_counter()
            result = search_people(user, text, filters, **options)
            runs.append((time.perf_counter() - started) * 1000)
        bare_ms, bare_hits = bare_count(match)
        say(
            f"{label:<40} p50 {statistics.median(runs):6.1f} p99 {percentile(runs, 0.99):6.1f} "
            f"ms ({result.total:,} hits, {len(result.hits)} shown)   bare count "
            f"{bare_ms:6.1f} ms ({bare_hits:,})"
        )


def database_size() -> str:
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "sqlite":
        path = Path(settings.DATABASES["default"]["NAME"])
        size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
        return f"{size / 1e6:.0f} MB (SQLite file incl. WAL)"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return f"{cursor.fetchone()[0] / 1e6:.0f} MB (pg_database_size)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--database-url", help="PostgreSQL URL (default: SQLite in a temp dir)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--append", help="append the result to this Markdown file")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite temp dir")
    parser.add_argument("--sqlite", type=Path, help="an existing, indexed SQLite database")
    parser.add_argument("--repeat", type=int, default=20, help="runs of each worst case")
    args = parser.parse_args()
    command = "python " + " ".join(shlex.quote(arg) for arg in sys.argv)

    var = Path(tempfile.mkdtemp(prefix="hientai-bench-registry-"))
    if args.sqlite:
        args.keep = True
        setup(f"sqlite:///{args.sqlite.resolve()}", var)
    else:
        setup(args.database_url, var)
    from django.db import connection

    from hientai.accounts.models import Role, RoleAssignment, User
    from hientai.orgs.models import Unit
    from hientai.registry.models import Person
    from hientai.search.engine import search_people
    from hientai.search.indexer import rebuild_index

    lines: list[str] = []

    def say(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    if args.sqlite:
        args.people = Person.objects.count()
        say(f"existing database:     {args.sqlite} ({args.people:,} people, index as built)")
    else:
        if Person.objects.exists():
            raise SystemExit("bench: the database already holds profiles; give it a fresh one")
        started = time.perf_counter()
        counts = generate(args.people, args.seed, Writer())
        load_s = time.perf_counter() - started
        say(
            f"load (raw bulk):       {counts['people']:,} people, {counts['links']:,} code "
            f"links, {counts['qualifications']:,} qualifications in {load_s:.0f} s "
            f"({counts['people'] / load_s:,.0f} people/s, Python generation included)"
        )
        started = time.perf_counter()
        rebuild_index()
        build_s = time.perf_counter() - started
        say(f"rebuild_index():       {build_s:.0f} s ({args.people / build_s:,.0f} people/s)")

    coordinator, _new = User.objects.get_or_create(username="bench_coordinator")
    RoleAssignment.objects.get_or_create(user=coordinator, role=Role.COORDINATOR)
    officer, _new = User.objects.get_or_create(username="bench_officer")
    ward = Unit.objects.current().filter(kind="ward").order_by("path").first()
    RoleAssignment.objects.get_or_create(user=officer, role=Role.OFFICER, unit=ward)

    queries = make_queries(args.queries, args.seed)
    for text, filters in queries[:20]:  # warm the caches of every path
        search_people(coordinator, text, filters)
        for bare in bare_queries(text):
            bare()
    engine_ms, first_ms, ranked_ms, totals = [], [], [], []
    for text, filters in queries:
        started = time.perf_counter()
        result = search_people(coordinator, text, filters)
        engine_ms.append((time.perf_counter() - started) * 1000)
        totals.append(result.total)
        first, ranked = bare_queries(text)
        first_ms.append(timed(first))
        ranked_ms.append(timed(ranked))

    def row(label: str, values: list[float]) -> str:
        return (
            f"{label:<46} p50 {statistics.median(values):7.1f} ms   "
            f"p99 {percentile(values, 0.99):7.1f} ms   max {max(values):7.1f} ms"
        )

    def ratio(label: str, values: list[float]) -> str:
        p50 = statistics.median(engine_ms) / statistics.median(values)
        p99 = percentile(engine_ms, 0.99) / percentile(values, 0.99)
        return f"{label:<46} p50 {p50:7.2f}      p99 {p99:7.2f}"

    bare = "FTS5 MATCH" if connection.vendor == "sqlite" else "tsvector @@"
    rank = "ORDER BY rank (bm25)" if connection.vendor == "sqlite" else "ORDER BY ts_rank"
    say(
        f"{len(queries)} queries as a coordinator: full name with tone marks / 'given family' "
        "folded / full name, given name cut to 2 letters / given name alone; each with 3 "
        "filters (category, gender, age_band)"
    )
    say(row("search_people (20 hits + 8 facets):", engine_ms))
    say(row(f"bare {bare}, first 20:", first_ms))
    say(row(f"bare {bare} {rank}, top 20:", ranked_ms))
    say(ratio("ratio search / bare first 20:", first_ms))
    say(ratio("ratio search / bare ranked top 20:", ranked_ms))
    say(f"{'hits per query:':<46} median {statistics.median(totals):,.0f}, max {max(totals):,}")

    extra = [
        ("list page, coordinator (no text):", coordinator, "", None),
        ("list page, ward officer (no text):", officer, "", None),
        ("'Nguyễn' alone + 3 filters:", coordinator, "Nguyễn", queries[0][1]),
        ("'Nguyễn' alone, no filter:", coordinator, "Nguyễn", None),
    ]
    for label, user, text, filters in extra:
        runs = [
            timed(lambda user=user, text=text, filters=filters: search_people(user, text, filters))
            for _ in range(5)
        ]
        hits = search_people(user, text, filters).total
        say(f"{label:<46} median {statistics.median(runs):7.1f} ms   ({hits:,} hits)")
    worst_cases(coordinator, args.repeat, say)
    say(f"{'database size:':<46} {database_size()}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    say(f"{'peak RSS of this process:':<46} {rss:.0f} MB")

    if args.keep or args.database_url:
        print(f"kept: {os.environ['DATABASE_URL']}")
    else:
        shutil.rmtree(var, ignore_errors=True)
    if args.append:
        stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        backend = "SQLite FTS5" if connection.vendor == "sqlite" else "PostgreSQL"
        with open(args.append, "a", encoding="utf-8") as out:
            out.write(
                f"\n### {stamp} · registry search · {backend}, {args.people:,} people · "
                f"`{command}`\n\n```\n" + "\n".join(lines) + "\n```\n"
            )


if __name__ == "__main__":
    main()
