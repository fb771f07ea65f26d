"""search_people against a plain-Python oracle on random profiles, for every query plan.

The planner chooses per query which conditions the full-text index evaluates
and which are tested row by row; the answer must not depend on that choice.
The oracle recomputes matches and facet counts from the registry models.
"""

import datetime
import random
from collections import Counter

import pytest

from hientai.accounts.scoping import visible
from hientai.catalogs.models import Code
from hientai.orgs.models import Unit
from hientai.registry.models import Person
from hientai.search import backends
from hientai.search.documents import age_band, place_name, words
from hientai.search.engine import FACETS, search_people
from hientai.search.indexer import rebuild_index
from tests.conftest import UNIT_A, UNIT_B
from tests.search.conftest import create_person

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 3, 15)
UNITS = [UNIT_A, f"{UNIT_A}.VHXH", UNIT_B, "75.SKHCN", "26068", "75.SNV"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Đặng", "Đỗ", "Hoàng", "Huỳnh"]
MIDDLE = ["Văn", "Thị", "Ngọc", "Minh", "Đức", ""]
GIVEN = ["Hùng", "Hưng", "Lan", "Anh", "Ánh", "Đạt", "Dũng", "Thảo", "Hà", "Nam"]
KEYWORDS = ["trí tuệ nhân tạo", "chuyển đổi số", "y học", "nông nghiệp", "", ""]
CATEGORIES = ["expert", "scientist", "talent", "intellectual", "youth"]
FIELDS = ["101", "102", "205", "301", "501"]
DEGREES = ["cu_nhan", "thac_si", "tien_si", "tskh", "cao_dang"]
TECHNOLOGIES = ["digital", "semiconductor", "1.1"]


def random_people(rng: random.Random, count: int) -> None:
    for _ in range(count):
        roll = rng.random()
        birth = {}
        if roll < 0.6:
            birth["birth_date"] = datetime.date(rng.randint(1950, 2004), rng.randint(1, 12), 15)
        elif roll < 0.9:
            birth["birth_year"] = rng.choice([1966, 1967, 1981, 1982, 1996, 1997, 1975, 2001])
        degrees = tuple(rng.sample(DEGREES, rng.choice([0, 1, 1, 2])))
        create_person(
            rng.choice(UNITS),
            rng.choice(FAMILY),
            rng.choice(MIDDLE),
            rng.choice(GIVEN),
            gender=rng.choice(["male", "female", "other", ""]),
            categories=tuple(rng.sample(CATEGORIES, rng.choice([0, 1, 2]))),
            st_fields=tuple(rng.sample(FIELDS, rng.choice([0, 1]))),
            technologies=tuple(rng.sample(TECHNOLOGIES, rng.choice([0, 0, 1]))),
            degrees=degrees,
            qualification_fields=tuple(rng.choice(FIELDS) for _ in degrees),
            keywords=rng.choice(KEYWORDS),
            other_names=rng.choice(["", "", "Tí", "Bảo Anh"]),
            overseas=rng.choice(["", "", "", "vietnamese_abroad", "foreign_expert"]),
            index=False,
            **birth,
        )
    rebuild_index()


def oracle_facts(day: datetime.date) -> dict[int, dict]:
    """Per person: its searchable words and its value(s) of every facet, from the models."""
    ranks = {
        code.code: int(code.extra.get("rank", 0))
        for code in Code.objects.filter(scheme__key="qualification_level")
    }

    def field_root(code: Code) -> str:
        while code.parent_id and code.level > 1:
            code = code.parent
        return code.code

    facts = {}
    for person in Person.objects.select_related("unit").prefetch_related(
        "categories", "st_fields__parent", "strategic_technologies", "qualifications__degree",
        "qualifications__st_field__parent",
    ):  # fmt: skip
        degrees = [q.degree for q in person.qualifications.all() if q.degree]
        best = max(degrees, key=lambda d: (ranks.get(d.extra.get("vqf"), 0), d.pk), default=None)
        fields = {field_root(code) for code in person.st_fields.all()}
        fields |= {field_root(q.st_field) for q in person.qualifications.all() if q.st_field}
        text = f"{person.other_names} {person.keywords} {place_name(person.unit.name_vi)}"
        facts[person.pk] = {
            "words": set(words(person.full_name)) | set(words(text)),
            "unit": {person.unit.code},
            "category": {code.code for code in person.categories.all()},
            "degree": {best.code} if best else set(),
            "field": fields,
            "strategic_technology": {c.code for c in person.strategic_technologies.all()},
            "overseas": {person.overseas_kind or "none"},
            "gender": {person.gender} if person.gender else set(),
            "age_band": {age_band(person.age_on(day))},
        }
    return facts


def expected(facts, visible_ids, query, filters):
    tokens = words(query)
    hits = [
        pk
        for pk, fact in facts.items()
        if pk in visible_ids
        and all(any(word.startswith(t) for word in fact["words"]) for t in tokens)
        and all(fact[name] & set(values) for name, values in filters.items())
    ]
    counts = {name: Counter() for name in FACETS}
    for pk in hits:
        for name in FACETS:
            counts[name].update(facts[pk][name])
    return set(hits), {name: dict(counter) for name, counter in counts.items()}


def random_query(rng: random.Random, facts) -> tuple[str, dict]:
    pool = [word for fact in facts.values() for word in sorted(fact["words"])]
    tokens = []
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        word = rng.choice(pool)
        tokens.append(word[: rng.randint(1, len(word))])
    if tokens and rng.random() < 0.3:
        tokens[0] = tokens[0].upper()
    universe = {
        "unit": UNITS,
        "category": CATEGORIES,
        "degree": DEGREES,
        "field": ["1", "2", "3", "5"],
        "strategic_technology": TECHNOLOGIES,
        "overseas": ["none", "vietnamese_abroad", "foreign_expert"],
        "gender": ["male", "female", "other"],
        "age_band": ["under_30", "30_44", "45_59", "60_plus", "unknown"],
    }
    filters = {}
    for name in rng.sample(FACETS, rng.choice([0, 1, 1, 2, 3])):
        filters[name] = rng.sample(universe[name], rng.choice([1, 1, 2]))
    return " ".join(tokens), filters


@pytest.mark.parametrize(
    "margin", [0.0, backends.PUSH_MARGIN, 1e12], ids=["push-all", "default", "push-none"]
)
def test_engine_agrees_with_the_oracle(margin, monkeypatch, coordinator, officer_a, leader):
    monkeypatch.setattr(backends, "PUSH_MARGIN", margin)
    rng = random.Random(2026)
    random_people(rng, 160)
    facts = oracle_facts(ON)
    users = [coordinator, officer_a, leader]
    scopes = {
        user.pk: set(visible(Person.objects.all(), user).values_list("pk", flat=True))
        for user in users
    }
    checked = 0
    for _ in range(60):
        user = rng.choice(users)
        query, filters = random_query(rng, facts)
        result = search_people(user, query, filters, per_page=200, on=ON)
        hits, counts = expected(facts, scopes[user.pk], query, filters)
        assert result.total == len(hits), (query, filters, user.username)
        assert {hit.person_id for hit in result.hits} == hits, (query, filters)
        got = {name: {e.value: e.count for e in result.facets[name]} for name in FACETS}
        assert got == counts, (query, filters, user.username)
        checked += bool(hits)
    assert checked > 20  # most random queries find someone


def test_unit_code_agrees_with_the_oracle(coordinator):
    rng = random.Random(7)
    random_people(rng, 60)
    facts = oracle_facts(ON)
    for unit in (UNIT_A, UNIT_B, "75"):
        path = Unit.objects.get(code=unit).path
        inside = set(
            Person.objects.filter(unit__path__startswith=path).values_list("pk", flat=True)
        )
        for query in ("", "ng", "a"):
            result = search_people(coordinator, query, unit_code=unit, per_page=200, on=ON)
            hits, counts = expected(facts, inside, query, {})
            assert {hit.person_id for hit in result.hits} == hits
            got = {name: {e.value: e.count for e in result.facets[name]} for name in FACETS}
            assert got == counts
