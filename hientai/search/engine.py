"""People search with facets: the one entry point the list view, the API and the CLI call.

    search_people(user, "nguyen van hung", {"gender": ["male"], "age_band": ["30_44"]})

- Scoped by `accounts.scoping` like every other read: officers see their unit
  subtree, leaders read theirs, coordinators and admins the whole city, an
  expert only their own profile, anonymous visitors nothing. `unit_code`
  narrows to one unit's subtree, which must itself be in scope (a unit out of
  scope is reported exactly like an unknown one).
- Query: folded like the index (lower case, no tone marks, đ -> d); every word
  must match the start of a word of the full name, other names, keywords or
  unit name, in any order. The personal ID is never searchable.
- Order: exact full-name match first, then full-text rank (FTS5 bm25 /
  PostgreSQL ts_rank), then name (given name first, as Vietnamese lists sort).
- Facets: exact counts over every hit of query + filters. Values within one
  facet are OR'ed, facets are AND'ed. Without text and filters the counts come
  from per-unit totals kept by the indexer, so a city-wide list at a million
  profiles does not count a million rows.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hientai.accounts.models import Role
from hientai.accounts.scoping import scope_for, visible
from hientai.catalogs.models import Code, Scheme
from hientai.orgs.models import Unit
from hientai.registry.models import Gender, OverseasKind, Person
from hientai.search import backends, bitsearch
from hientai.search.documents import (
    AGE_BANDS,
    FACETS,
    OVERSEAS_VALUES,
    TOTAL_TAG,
    age_band,
    tag,
    untag,
    words,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hientai.accounts.models import User

__all__ = [
    "FACETS",
    "SYSTEM",
    "FacetValue",
    "Hit",
    "SearchError",
    "SearchResult",
    "UnknownFacet",
    "UnknownUnit",
    "search_people",
]

MAX_WORDS = 8
MAX_PER_PAGE = 200
AGE_LABELS = {
    "under_30": gettext_lazy("Under 30"),
    "30_44": gettext_lazy("30 to 44"),
    "45_59": gettext_lazy("45 to 59"),
    "60_plus": gettext_lazy("60 and over"),
    "unknown": gettext_lazy("Age unknown"),
}
OVERSEAS_LABELS = {
    "none": OverseasKind.NONE.label,
    "vietnamese_abroad": OverseasKind.VIETNAMESE_ABROAD.label,
    "foreign_expert": OverseasKind.FOREIGN_EXPERT.label,
}
# Facets whose values have a natural order; the others list the largest first.
NATURAL_ORDER = {
    "age_band": AGE_BANDS,
    "gender": tuple(Gender.values),
    "overseas": OVERSEAS_VALUES,
}
CODE_SCHEMES = {
    "category": "person_category",
    "degree": "degree",
    "field": "st_field",
    "strategic_technology": "strategic_technology",
}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class Hit:
    person_id: int
    full_name: str
    unit_code: str
    unit_name: str
    score: float
    birth_year: int | None
    gender: str
    highest_degree: str  # label of the highest degree


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    # The next page's `after` (deep pages by keyset) when the list is in name order.
    next_cursor: str | None = None
    prev_cursor: str | None = None  # the previous page's `after`, likewise
    # Above bitsearch.RANK_LIMIT hits: exact full-name matches first, then name order.
    name_order: bool = False

    def as_json(self) -> dict[str, Any]:
        """The shape the CLI and the API print: {"total", "hits", "facets": {name: {value: n}}}."""
        shape: dict[str, Any] = {
            "total": self.total,
            "hits": [
                {
                    "id": hit.person_id,
                    "full_name": hit.full_name,
                    "unit": hit.unit_code,
                    "unit_name": hit.unit_name,
                    "score": hit.score,
                    "birth_year": hit.birth_year,
                    "gender": hit.gender,
                    "highest_degree": hit.highest_degree,
                }
                for hit in self.hits
            ],
            "facets": {
                name: {item.value: item.count for item in values}
                for name, values in self.facets.items()
            },
        }
        if self.next_cursor:
            shape["next"] = self.next_cursor  # only for results in name order
        if self.prev_cursor:
            shape["prev"] = self.prev_cursor
        return shape


class SearchError(ValueError):
    """Bad search input; the message is already in the active language."""


class UnknownFacet(SearchError):
    pass


class UnknownUnit(SearchError):
    pass


class SystemContext:
    """City-wide scope for trusted callers without a user (commands run without --as)."""

    is_authenticated = True
    is_active = True
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemContext()


@dataclass
class _Scope:
    unit_ids: list[int] | None = None  # None: every unit
    person_ids: list[int] | None = None
    scope_tags: list[str] | None = None
    empty: bool = False


def _empty() -> SearchResult:
    return SearchResult(total=0, hits=[], facets={name: [] for name in FACETS})


def _resolve_scope(user: User | AnonymousUser | SystemContext, unit_code: str | None) -> _Scope:
    """Units (and own profiles) `user` may read, narrowed to `unit_code`'s subtree.

    The index keeps unit ids, so the scope is taken as the units `visible()`
    returns (Unit is scoped by its own path, Person by "unit__path": the same
    subtrees) plus, for experts, the profiles `visible()` returns by owner. A
    test pins Person's scope declaration to exactly that.
    """
    unit_rows: list[tuple[int, int | None]]
    own: list[int] | None
    if isinstance(user, SystemContext):  # SYSTEM
        city_wide, unit_rows, own = True, [], None
    else:
        scope = scope_for(user)
        if not scope.user_id:
            return _Scope(empty=True)
        city_wide = scope.city_wide
        unit_rows = []
        own = None
        if not city_wide:
            unit_rows = list(visible(Unit.objects.all(), user).values_list("id", "parent_id"))
            if Role.EXPERT in scope.roles:
                owned = Person.objects.filter(**{Person.scope_owner_field: scope.user_id})
                own = list(visible(owned, user).values_list("pk", flat=True)) or None
    unit_set = {unit_id for unit_id, _parent in unit_rows}
    if unit_code:
        found = Unit.objects.filter(code=unit_code).values_list("id", "path").first()
        if not found or (not city_wide and found[0] not in unit_set):
            raise UnknownUnit(_("Unknown unit '%(code)s'.") % {"code": unit_code})
        subtree = Unit.objects.filter(path__startswith=found[1]).values_list("id", flat=True)
        return _Scope(unit_ids=list(subtree), scope_tags=[tag("subtree", found[0])])
    if city_wide:
        return _Scope()
    if not unit_set and not own:
        return _Scope(empty=True)
    roots = [unit_id for unit_id, parent in unit_rows if parent not in unit_set]
    return _Scope(
        unit_ids=sorted(unit_set),
        person_ids=own,
        scope_tags=[tag("subtree", unit_id) for unit_id in roots],
    )


def _parse_filters(filters: dict[str, list[str]] | None) -> tuple[list, list[str], bool]:
    """Facet filters -> (AND'ed backends.Filter, age bands, satisfiable)."""
    groups: list[backends.Filter] = []
    bands: list[str] = []
    for name, raw in (filters or {}).items():
        if name not in FACETS:
            raise UnknownFacet(
                _("Unknown facet '%(name)s'; use one of: %(names)s.")
                % {"name": name, "names": ", ".join(FACETS)}
            )
        values: list[Any] = [raw] if isinstance(raw, str) else list(raw or [])
        values = list(dict.fromkeys(str(value).strip() for value in values if str(value).strip()))
        if not values:
            continue
        if name == "age_band":
            bands = [value for value in values if value in AGE_BANDS]
            if not bands:
                return [], [], False
            continue
        if name == "unit":
            values = list(Unit.objects.filter(code__in=values).values_list("id", flat=True))
            if not values:
                return [], [], False
        groups.append(backends.Filter(name, values, [tag(name, value) for value in values]))
    return groups, bands, True


def _unit_count_answer(scope: _Scope, day: datetime.date, limit: int, offset: int):
    """No text, no filter: sum the per-unit counts instead of counting people."""
    answer = backends.Answer()
    unit_sql = backends.scope_sql(scope.unit_ids)
    where = f"WHERE {unit_sql}" if unit_sql else ""
    backend = backends.get()
    backend.prepare()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tag, SUM(count) FROM search_unitfacetcount i {where} GROUP BY tag")
        counts = Counter({token: int(n) for token, n in cursor.fetchall() if n})
        answer.total = counts.pop(TOTAL_TAG, 0)
        bands: Counter = Counter()
        for token in [token for token in counts if token.startswith("b")]:
            _facet, year = cast(tuple[str, str], untag(token))  # "b": a known prefix
            n = counts.pop(token)
            bands[age_band(None if not year.isdigit() else day.year - int(year))] += n
        # Counts by birth year assume the birthday has passed; in the three years
        # where that moves someone across a band limit, correct by the exact day.
        boundary = [day.year - 30, day.year - 45, day.year - 60]
        cursor.execute(
            "SELECT i.birth_year, count(*) FROM search_personindex i "
            f"WHERE i.birth_year IN ({', '.join(['%s'] * 3)}) AND i.birth_md > %s"
            + (f" AND {unit_sql}" if unit_sql else "")
            + " GROUP BY i.birth_year",
            [*boundary, day.month * 100 + day.day],
        )
        for year, n in cursor.fetchall():
            bands[age_band(day.year - year)] -= n
            bands[age_band(day.year - year - 1)] += n
        counts.update({tag("age_band", band): n for band, n in bands.items() if n})
        answer.counts = counts
        cursor.execute(
            "SELECT i.person_id, i.full_name, i.unit_id, i.gender, i.degree, i.birth_year "
            f"FROM search_personindex i {where} "
            "ORDER BY i.sort_name, i.person_id LIMIT %s OFFSET %s",
            [limit, offset],
        )
        answer.rows = [
            backends.PageRow(a, b, c, d, e, f, 0.0) for a, b, c, d, e, f in cursor.fetchall()
        ]
    return answer


def _code_labels(wanted: dict[str, set[str]], language: str) -> dict[tuple[str, str], str]:
    """Labels of (scheme key, code) pairs; the current version of a list wins."""
    pairs = sorted((scheme, code) for scheme, codes in wanted.items() for code in codes)
    if not pairs:
        return {}
    # Plain SQL: building the equivalent ORM query cost more than running it.
    code_table, scheme_table = Code._meta.db_table, Scheme._meta.db_table
    schemes = sorted({scheme for scheme, _code in pairs})
    codes = sorted({code for _scheme, code in pairs})
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.key, c.code, c.label_vi, c.label_en FROM {code_table} c "
            f"JOIN {scheme_table} s ON s.id = c.scheme_id "
            f"WHERE s.key IN ({', '.join(['%s'] * len(schemes))}) "
            f"AND c.code IN ({', '.join(['%s'] * len(codes))}) "
            "ORDER BY s.is_current, s.version",
            [*schemes, *codes],
        )
        rows = cursor.fetchall()
    english = language.startswith("en")
    labels: dict[tuple[str, str], str] = {}
    for scheme, code, label_vi, label_en in rows:  # later rows (current list) overwrite
        labels[(scheme, code)] = label_en if english and label_en else label_vi
    return labels


def _units(unit_ids: set[int], language: str) -> dict[int, tuple[str, str]]:
    """Code and name of each unit."""
    if not unit_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, code, name_vi, name_en FROM {Unit._meta.db_table} "
            f"WHERE id IN ({backends.ints(sorted(unit_ids))})"
        )
        rows = cursor.fetchall()
    english = language.startswith("en")
    return {pk: (code, en if english and en else vi) for pk, code, vi, en in rows}


def search_people(
    user: User | AnonymousUser | SystemContext,
    query: str = "",
    filters: dict[str, list[str]] | None = None,
    *,
    unit_code: str | None = None,
    page: int = 1,
    per_page: int = 20,
    on: datetime.date | None = None,
    after: str | None = None,
) -> SearchResult:
    """People visible to `user` matching `query` and `filters`, one page, with facet counts.

    `user` is a User (or AnonymousUser), or SYSTEM for a trusted city-wide caller
    (the search-people command without --as). Raises UnknownFacet for a filter
    name outside FACETS and UnknownUnit for a `unit_code` that does not exist or
    is out of the user's scope (both SearchError, a ValueError). `after` is the
    `next_cursor` of the previous page (ignored when invalid or not in name order).
    """
    day = on or datetime.date.today()
    groups, bands, satisfiable = _parse_filters(filters)
    scope = _resolve_scope(user, unit_code)
    if scope.empty or not satisfiable:
        return _empty()
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    offset = (max(1, int(page)) - 1) * per_page
    tokens = words(query or "")[:MAX_WORDS]
    next_cursor = prev_cursor = None
    name_order = False
    if not tokens and not groups and not bands and scope.person_ids is None:
        answer = _unit_count_answer(scope, day, per_page, offset)
    else:
        backend = backends.get()
        request = backends.Query(
            tokens=tokens,
            exact=" ".join(words(query or "")),
            unit_ids=scope.unit_ids,
            person_ids=scope.person_ids,
            scope_tags=scope.scope_tags or [],
            groups=groups,
            bands=bands,
            on=day,
            limit=per_page,
            offset=offset,
        )
        outcome = bitsearch.search(backend, request, after)
        if outcome is None:
            answer = backend.search(request)
        else:
            answer = outcome.answer
            next_cursor, prev_cursor = outcome.next_cursor, outcome.prev_cursor
            name_order = outcome.name_order
    result = _result(answer)
    result.next_cursor, result.prev_cursor = next_cursor, prev_cursor
    result.name_order = name_order
    return result


def _result(answer: backends.Answer) -> SearchResult:
    language = translation.get_language() or "vi"
    values: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    for token, count in answer.counts.items():
        decoded = untag(token)
        if decoded and decoded[0] in values and count > 0:
            values[decoded[0]][decoded[1]] = count
    unit_ids = {int(value) for value in values["unit"]} | {row.unit_id for row in answer.rows}
    units = _units(unit_ids, language)
    wanted = {scheme: set(values[facet]) for facet, scheme in CODE_SCHEMES.items()}
    wanted["degree"] |= {row.degree for row in answer.rows if row.degree}
    labels = _code_labels(wanted, language)
    genders = dict(Gender.choices)

    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        entries = []
        for value, count in values[name].items():
            if name == "unit":
                code, label = units.get(int(value), (value, value))
                entries.append(FacetValue(code, label, count))
                continue
            if name in CODE_SCHEMES:
                label = labels.get((CODE_SCHEMES[name], value), value)
            elif name == "gender":
                label = str(genders.get(value, value))
            elif name == "overseas":
                label = str(OVERSEAS_LABELS.get(value, value))
            else:
                label = str(AGE_LABELS.get(value, value))
            entries.append(FacetValue(value, label, count))
        order = NATURAL_ORDER.get(name)
        if order:
            entries.sort(key=lambda e: (order.index(e.value) if e.value in order else 99, e.value))
        else:
            entries.sort(key=lambda entry: (-entry.count, entry.label, entry.value))
        facets[name] = entries

    hits = []
    for row in answer.rows:
        code, unit_name = units.get(row.unit_id, ("", ""))
        hits.append(
            Hit(
                person_id=row.person_id,
                full_name=row.full_name,
                unit_code=code,
                unit_name=unit_name,
                score=round(row.score, 6),
                birth_year=row.birth_year,
                gender=row.gender,
                highest_degree=labels.get(("degree", row.degree), row.degree),
            )
        )
    return SearchResult(total=answer.total, hits=hits, facets=facets)
