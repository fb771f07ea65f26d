"""Published statistics never show a count under 5, and no hidden count can be worked out
from a total and the other rows (checked by brute force, independently of the suppression
code), for crafted tables, random ones, and the page built from a real registry."""

from __future__ import annotations

import itertools
import re

import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from hientai.portal import services
from hientai.portal.statistics import PRIMARY, Cell, protect, suppress
from tests.portal.conftest import NOW, make_person
from tests.talent.conftest import code


def _possible_values(cells: list[Cell], total: int) -> list[set[int]]:
    """Every value each hidden cell can take, by enumerating the assignments an outsider
    would consider: shown as "<5" → 1..4, hidden otherwise → 5..total, summing to what the
    total leaves."""
    hidden = [c for c in cells if c.hidden]
    rest = total - sum(c.n for c in cells if not c.hidden)
    ranges = [range(1, 5) if c.hidden == PRIMARY else range(5, max(rest, 5) + 1) for c in hidden]
    seen: list[set[int]] = [set() for _ in hidden]
    for values in itertools.product(*ranges):
        if sum(values) == rest:
            for index, value in enumerate(values):
                seen[index].add(value)
    return seen


def _assert_safe(counts: list[int]) -> None:
    cells = [Cell(str(i), str(i), str(i), n) for i, n in enumerate(counts)]
    total = sum(counts)
    total_hidden = suppress(cells, total)
    for cell in cells:
        if not cell.hidden:
            assert cell.n >= 5, (counts, cell)
    if total_hidden:
        return
    assert total >= 5
    for possible in _possible_values(cells, total):
        assert len(possible) >= 2, (counts, [(c.n, c.hidden) for c in cells])


@pytest.mark.parametrize("counts", [
    [40, 3],            # one small cell: its partner must go too (then the total)
    [40, 12, 3],
    [40, 12, 9, 1, 1],  # two 1s: their sum 2 would pin both to 1
    [20, 4, 4],         # two 4s: a sum of 8 pins both to 4
    [7, 6, 5],
    [3],
    [2, 1],
    [100, 50, 25, 2],
])  # fmt: skip
def test_crafted_tables(counts):
    _assert_safe(counts)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=6))
def test_random_tables(counts):
    _assert_safe(counts)


def _table_values(cells: list[Cell], total: int) -> list[set[int]] | None:
    """Per hidden cell, its possible values when the table adds up to `total` (None: the
    table cannot add up to it)."""
    hidden = [c for c in cells if c.hidden]
    rest = total - sum(c.n for c in cells if not c.hidden)
    ranges = [range(1, 5) if c.hidden == PRIMARY else range(5, max(rest, 5) + 1) for c in hidden]
    seen: list[set[int]] = [set() for _ in hidden]
    found = False
    for values in itertools.product(*ranges):
        if sum(values) == rest:
            found = True
            for index, value in enumerate(values):
                seen[index].add(value)
    return seen if found else None


@settings(max_examples=120, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), min_size=1, max_size=16))
def test_two_tables_of_the_same_people(people):
    """Units and years split the same people: even with the total hidden, what one table
    shows must not pin a cell of the other (brute force over every possible total)."""
    units = [Cell(f"u{u}", "", "", sum(1 for p in people if p[0] == u)) for u in range(3)]
    years = [Cell(f"y{y}", "", "", sum(1 for p in people if p[1] == y)) for y in range(3)]
    units, years = [c for c in units if c.n], [c for c in years if c.n]
    total = len(people)
    total_hidden, withheld = protect([units, years], total)
    tables = [t for t, w in zip([units, years], withheld, strict=True) if not w]
    for cells in tables:
        assert all(c.hidden or c.n >= 5 for c in cells)
    candidates = [total] if not total_hidden else list(range(5 if total >= 5 else 1, 4 * total + 5))
    possible: dict[int, list[set[int]]] = {}
    for candidate in candidates:
        per_table = [_table_values(cells, candidate) for cells in tables]
        if any(values is None for values in per_table):
            continue
        for index, values in enumerate(per_table):
            merged = possible.setdefault(index, [set() for _ in values])
            for slot, found in zip(merged, values, strict=True):
                slot |= found
    for values in possible.values():
        for found in values:
            assert len(found) >= 2, (people, total_hidden, withheld)


NUMBER = re.compile(r'<td class="num">\s*(\d+)\s*</td>')


@pytest.mark.django_db
def test_the_published_page_never_shows_a_count_under_5(coordinator):
    # Ward B: 12 people; ward A: 3 people (small); field 1: 9 people, field 2: 2 (small).
    ward_b = [make_person("26041", given=f"B{i}") for i in range(12)]
    ward_a = [make_person("25210", given=f"A{i}") for i in range(3)]
    for person in ward_b[:9]:
        person.st_fields.add(code("st_field", "1"))
    for person in ward_a[:2]:
        person.st_fields.add(code("st_field", "2"))
    services.publish_statistics(coordinator, now=NOW)
    data = services.latest_statistics().data
    html = Client().get("/public/vi/statistics/").content.decode()
    shown = [int(n) for n in NUMBER.findall(html)]
    assert shown and all(n >= 5 for n in shown), shown
    assert "dưới 5" in html
    units = next(t for t in data["tables"] if t["key"] == "unit")
    # Ward A is small; ward B is then hidden too, or the total (15 − 12) would give ward A.
    assert all("n" not in row or row["n"] >= 5 for row in units["rows"])
    if units["total"].get("n") is not None:
        cells = [Cell(r["label_vi"], r["label_vi"], r["label_vi"], r.get("n", 0),
                      r.get("hidden", "")) for r in units["rows"]]  # fmt: skip
        assert all(len(p) >= 2 for p in _possible_values(cells, units["total"]["n"]))
    # No personal data in what was published.
    assert "B1" not in str(data) and "Trần" not in str(data)


@pytest.mark.django_db
def test_only_coordinators_publish_statistics(officer_b, coordinator, login):
    assert login(officer_b).post("/public/manage/statistics/").status_code == 403
    assert login(coordinator).post("/public/manage/statistics/").status_code == 302
    assert services.latest_statistics() is not None


@pytest.mark.django_db
def test_a_total_that_would_reveal_small_cells_is_hidden_everywhere(coordinator):
    # Two wards of 4: "<5" and "<5" with a total of 8 would pin both to 4.
    for unit in ("26041", "25210"):
        for i in range(4):
            make_person(unit, given=f"X{unit}{i}")
    data = services.publish_statistics(coordinator, now=NOW).data
    assert data["total"] == {"hidden": True}
    assert all(t["total"] == {"hidden": True} for t in data["tables"] if t["additive"])
    html = Client().get("/public/en/statistics/").content.decode()
    assert all(int(n) >= 5 for n in NUMBER.findall(html))
    assert '<span class="n">8</span>' not in html
