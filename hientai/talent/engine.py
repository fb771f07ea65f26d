"""The expert finder: a question in, experts ranked by expertise out, each with reasons.

    find_experts(user, "chuyên gia bán dẫn ở nước ngoài có bằng tiến sĩ")

- The question is parsed (`query.parse`): place, overseas, degree, age, gender and
  organisation become filters (the caller may replace them: the page lets the user change
  them); the rest becomes concepts of the vocabulary and plain words.
- Candidates come from the concept postings (strongest first, one index range scan for a
  one-concept question) and, for plain words, from the full-text index of the expertise
  texts. Names are not in either, so "Bàn Văn Danh" is never an expert in "bán dẫn".
- Order: how many of the question's concepts and words a person covers, then the sum of
  concept strengths weighted by rarity (IDF), then the static strength.
- Scoped like the people search: officers and leaders see their unit subtrees,
  coordinators and administrators the city, an expert only their own profile.
- Reasons: for each hit, which term of which concept appears in which field (read again
  from the registry for the hits only), and which filters it meets.
"""

from __future__ import annotations

import datetime
import functools
import math
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hientai.accounts.models import Role
from hientai.accounts.scoping import scope_for, visible
from hientai.catalogs.models import Code
from hientai.core.text import fold
from hientai.orgs.models import Unit
from hientai.registry.models import Person
from hientai.talent import ddl
from hientai.talent.indexer import (
    ALL_DOCS,
    FIELDS,
    WEIGHTS,
    expertise_texts,
    organisation_names,
    vocabulary,
)
from hientai.talent.models import ConceptStat, Organisation
from hientai.talent.query import WORD, Parsed, Vocabulary, parse

MAX_LIMIT = 200
WORD_WEIGHT = 2.0
FIELD_LABELS = {
    "fields": gettext_lazy("S&T field"),
    "techs": gettext_lazy("strategic technology"),
    "keywords": gettext_lazy("expertise keywords"),
    "majors": gettext_lazy("major"),
    "projects": gettext_lazy("S&T task"),
    "outputs": gettext_lazy("publication or patent"),
    "orgs": gettext_lazy("organisation"),
}
DEGREE_LABELS = {
    8: gettext_lazy("Doctorate (PhD)"),
    7: gettext_lazy("Master's degree"),
    6: gettext_lazy("University degree"),
}
FILTER_KEYS = (
    "abroad",
    "countries",
    "nationalities",
    "min_vqf",
    "min_age",
    "max_age",
    "gender",
    "organisations",
)


class SystemContext:
    """City-wide scope for the command line (run by the operator)."""

    is_authenticated = True
    is_active = True
    pk = None


SYSTEM = SystemContext()


class FinderError(ValueError):
    """Bad finder input; the message is in the active language."""


@dataclass
class Reason:
    kind: str  # concept, word, filter
    concept: str  # the concept's label (or the word)
    field: str  # the field's label ("" for filters)
    text: str  # what in the profile matched
    term: str = ""

    def as_json(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "concept": self.concept,
            "field": self.field,
            "text": self.text,
            "term": self.term,
        }

    def __str__(self) -> str:
        if self.kind == "filter":
            return self.text
        return f"{self.concept}: {self.field} «{self.text}»"


@dataclass
class Hit:
    person_id: int
    full_name: str
    unit_name: str
    score: float
    covered: int
    vqf: int
    age: int | None
    countries: list[str]
    reasons: list[Reason] = field(default_factory=list)

    @property
    def degree(self) -> str:
        return str(DEGREE_LABELS.get(self.vqf, ""))


@dataclass
class FinderResult:
    parsed: Parsed
    filters: dict[str, Any]
    hits: list[Hit]
    concept_labels: list[str]

    def as_json(self) -> dict[str, Any]:
        return {
            "concepts": self.parsed.concepts,
            "words": self.parsed.words,
            "filters": self.filters,
            "hits": [
                {
                    "id": hit.person_id,
                    "full_name": hit.full_name,
                    "score": hit.score,
                    "covered": hit.covered,
                    "reasons": [reason.as_json() for reason in hit.reasons],
                }
                for hit in self.hits
            ],
        }


@dataclass
class _Scope:
    unit_ids: list[int] | None = None
    person_ids: list[int] | None = None
    empty: bool = False


def _scope(user: Any) -> _Scope:
    if isinstance(user, SystemContext):
        return _Scope()
    scope = scope_for(user)
    if not scope.user_id:
        return _Scope(empty=True)
    if scope.city_wide:
        return _Scope()
    units = list(visible(Unit.objects.all(), user).values_list("id", flat=True))
    own = None
    if Role.EXPERT in scope.roles:
        owned = Person.objects.filter(**{Person.scope_owner_field: scope.user_id})
        own = list(visible(owned, user).values_list("pk", flat=True)) or None
    if not units and not own:
        return _Scope(empty=True)
    return _Scope(unit_ids=units or None, person_ids=own)


def clean_filters(raw: dict[str, Any]) -> dict[str, Any]:
    """Filters from the parser or from the page, checked; bad values raise FinderError."""
    out: dict[str, Any] = {}
    for key in FILTER_KEYS:
        value = raw.get(key)
        if value in (None, "", []):
            continue
        if key == "abroad":
            out[key] = value in (True, "1", "true", "yes")
        elif key in ("min_vqf", "min_age", "max_age"):
            try:
                number = int(value)
            except (TypeError, ValueError):
                raise FinderError(_("The age or degree filter must be a whole number.")) from None
            if not 0 <= number <= 120:
                raise FinderError(_("The age or degree filter must be between 0 and 120."))
            out[key] = number
        elif key == "gender":
            if value not in ("male", "female", "other"):
                raise FinderError(_("Unknown gender filter."))
            out[key] = value
        elif key in ("countries", "nationalities"):
            codes = [value] if isinstance(value, str) else list(value)
            codes = [str(code).strip().upper() for code in codes if str(code).strip()]
            if any(len(code) != 2 or not code.isalpha() for code in codes):
                raise FinderError(_("A country is given by its two-letter code."))
            out[key] = codes
        elif key == "organisations":
            ids = [value] if isinstance(value, (str, int)) else list(value)
            try:
                out[key] = [int(pk) for pk in ids]
            except (TypeError, ValueError):
                raise FinderError(_("Unknown organisation.")) from None
    if out.get("min_age") and out.get("max_age") and out["min_age"] > out["max_age"]:
        raise FinderError(_("The lowest age is above the highest age."))
    return out


def _filter_sql(filters: dict[str, Any], scope: _Scope, on: datetime.date) -> tuple[list, list]:
    where: list[str] = []
    params: list[Any] = []
    if scope.unit_ids is not None or scope.person_ids is not None:
        parts = []
        if scope.unit_ids:
            parts.append(f"d.unit_id IN ({', '.join(str(int(u)) for u in scope.unit_ids)})")
        if scope.person_ids:
            parts.append(f"d.person_id IN ({', '.join(str(int(p)) for p in scope.person_ids)})")
        where.append("(" + " OR ".join(parts) + ")")
    if "abroad" in filters:
        where.append("d.abroad = %s")
        params.append(bool(filters["abroad"]))
    if filters.get("countries"):
        if "abroad" not in filters:  # a country of residence abroad implies abroad (indexed)
            where.append("d.abroad = %s")
            params.append(True)
        where.append("(" + " OR ".join(["d.countries LIKE %s"] * len(filters["countries"])) + ")")
        params += [f"% {code} %" for code in filters["countries"]]
    if filters.get("nationalities"):
        where.append(
            "(" + " OR ".join(["d.countries LIKE %s"] * len(filters["nationalities"])) + ")"
        )
        params += [f"% n{code} %" for code in filters["nationalities"]]
    if filters.get("min_vqf"):
        where.append("d.vqf >= %s")
        params.append(filters["min_vqf"])
    if filters.get("gender"):
        where.append("d.gender = %s")
        params.append(filters["gender"])
    today = on.month * 100 + on.day
    if filters.get("max_age") is not None:
        # age <= A: born after the same day A + 1 years ago.
        where.append("d.birth_key > %s")
        params.append((on.year - filters["max_age"] - 1) * 10000 + today)
    if filters.get("min_age") is not None:
        where.append("d.birth_key <= %s")
        params.append((on.year - filters["min_age"]) * 10000 + today)
    if filters.get("organisations"):
        ids = ", ".join(str(int(pk)) for pk in filters["organisations"])
        where.append(
            "d.person_id IN (SELECT person_id FROM talent_organisationmember "
            f"WHERE organisation_id IN ({ids}))"
        )
    return where, params


def _idf(concepts: list[str]) -> dict[str, float]:
    stats = dict(
        ConceptStat.objects.filter(concept__in=[*concepts, ALL_DOCS]).values_list("concept", "docs")
    )
    total = max(stats.get(ALL_DOCS, 0), 1)
    return {key: math.log(1 + total / (1 + stats.get(key, 0))) for key in concepts}


# Candidates per concept when a question has several: the strongest this many people (who
# meet the filters) of each concept, then their exact strengths in every concept.
CANDIDATES = 200


# Rough shares of people meeting each filter (for choosing a plan, not for results).
FILTER_SHARE = {"abroad": 0.05, "countries": 0.01, "nationalities": 0.01, "min_vqf": 0.05,
                "min_age": 0.5, "max_age": 0.5, "gender": 0.5, "organisations": 0.001}  # fmt: skip


def _scope_first(size: int | None, total: int, df: int, filters: dict, wanted: int) -> bool:
    """Walk the scope's people rather than the concept's postings when that reads less."""
    if size is None:
        return False
    share = (size / max(total, 1)) or 1e-9
    for key in filters:
        share *= FILTER_SHARE.get(key, 1.0)
    postings_read = min(df, wanted / share)
    # The (unit, degree) index reads only the scope's people with the degree.
    scope_read = size * (FILTER_SHARE["min_vqf"] if "min_vqf" in filters else 1.0)
    if filters.get("abroad") or filters.get("countries"):
        scope_read = min(scope_read, size * FILTER_SHARE["abroad"])
    return scope_read < postings_read


def _scope_size(scope: _Scope) -> int | None:
    """People in a restricted scope (None: the whole city)."""
    if scope.unit_ids is None and scope.person_ids is None:
        return None
    with connection.cursor() as cursor:
        size = 0
        if scope.unit_ids:
            units = ", ".join(str(int(u)) for u in scope.unit_ids)
            cursor.execute(f"SELECT count(*) FROM {ddl.DOC_TABLE} WHERE unit_id IN ({units})")
            size += cursor.fetchone()[0]
        return size + len(scope.person_ids or [])


def _concept_top(
    cursor: Any, concept: str, where: list[str], params: list, limit: int, scope_first: bool
) -> list[tuple[int, float]]:
    """The strongest `limit` people of one concept who meet the filters.

    Two plans: down the (concept, score) index until enough people meet the filters, or,
    when the scope holds fewer people than the concept, through the scope's people."""
    filters = "".join(" AND " + w for w in where)
    # SQLite: CROSS JOIN fixes the join order; PostgreSQL plans it itself (plain JOIN).
    cross = "CROSS JOIN" if connection.vendor == "sqlite" else "JOIN"
    if scope_first:
        join = (
            f"{ddl.DOC_TABLE} d {cross} talent_expertposting p "
            "ON p.person_id = d.person_id AND p.concept = %s"
        )
    else:
        join = f"talent_expertposting p {cross} {ddl.DOC_TABLE} d ON d.person_id = p.person_id"
        filters = " AND p.concept = %s" + filters
    sql = (
        f"SELECT p.person_id, p.score FROM {join} WHERE 1=1 {filters} "
        "ORDER BY p.score DESC, p.person_id LIMIT %s"
    )
    cursor.execute(sql, [concept, *params, limit])
    return [(int(pid), float(score)) for pid, score in cursor.fetchall()]


def _word_people(cursor: Any, word: str, where: list[str], params: list, limit: int) -> list[int]:
    filters = "".join(" AND " + w for w in where)
    if connection.vendor == "sqlite":
        cursor.execute(
            f"SELECT d.person_id FROM {ddl.FTS_TABLE} CROSS JOIN {ddl.DOC_TABLE} d "
            f"ON d.person_id = {ddl.FTS_TABLE}.rowid WHERE {ddl.FTS_TABLE} MATCH %s {filters} "
            "ORDER BY d.strength DESC LIMIT %s",
            [f'"{word}"*', *params, limit],
        )
    else:
        cursor.execute(
            f"SELECT d.person_id FROM {ddl.DOC_TABLE} d "
            f"WHERE d.document @@ to_tsquery('simple', %s) {filters} "
            "ORDER BY d.strength DESC LIMIT %s",
            [f"{word}:*", *params, limit],
        )
    return [int(row[0]) for row in cursor.fetchall()]


# The strongest this many people of a one-concept question are re-ranked with a bonus for
# the very term the question used ("robot công nghiệp" over any robotics word).
EXACT_POOL = 100
EXACT_BONUS = 0.5  # × the field's weight, for each field holding the exact term


def _exact_bonus(cursor: Any, ids: list[int], terms: dict[str, list[str]]) -> dict[int, float]:
    phrases = {term for values in terms.values() for term in values if " " in term}
    if not ids or not phrases:
        return {}
    columns = ", ".join(f"{name}_text" for name in FIELDS)
    bonus: dict[int, float] = {}
    for start in range(0, len(ids), 500):
        chunk = ", ".join(str(pid) for pid in ids[start : start + 500])
        cursor.execute(
            f"SELECT person_id, {columns} FROM {ddl.DOC_TABLE} WHERE person_id IN ({chunk})"
        )
        for pid, *texts in cursor.fetchall():
            value = 0.0
            for name, text in zip(FIELDS, texts, strict=True):
                padded = f" {text or ''} "
                if any(f" {term} " in padded for term in phrases):
                    value += EXACT_BONUS * WEIGHTS[name]
            if value:
                bonus[int(pid)] = value
    return bonus


def _ranked(
    parsed: Parsed, filters: dict[str, Any], scope: _Scope, on: datetime.date, limit: int
) -> list[tuple[int, int, float]]:
    """(person id, concepts and words covered, score) of the best `limit` people."""
    where, params = _filter_sql(filters, scope, on)
    units = len(parsed.concepts) + len(parsed.words)
    with connection.cursor() as cursor:
        if units == 0:
            sql = (
                f"SELECT d.person_id, 0, d.strength FROM {ddl.DOC_TABLE} d "
                f"WHERE {' AND '.join(where) or '1=1'} "
                "ORDER BY d.strength DESC, d.person_id LIMIT %s"
            )
            cursor.execute(sql, [*params, limit])
            return [(int(pid), int(n), float(score)) for pid, n, score in cursor.fetchall()]
        idf = _idf(parsed.concepts)
        size = _scope_size(scope)
        docs = dict(ConceptStat.objects.filter(
            concept__in=[*parsed.concepts, ALL_DOCS]).values_list("concept", "docs"))  # fmt: skip
        total = docs.get(ALL_DOCS, 0)
        if units == 1 and parsed.concepts:
            concept = parsed.concepts[0]
            wanted = max(limit, EXACT_POOL)
            scope_first = _scope_first(size, total, docs.get(concept, 0), filters, wanted)
            top = _concept_top(cursor, concept, where, params, wanted, scope_first)
            bonus = _exact_bonus(cursor, [pid for pid, _s in top], parsed.terms)
            ranked = [(pid, 1, score + bonus.get(pid, 0.0)) for pid, score in top]
            ranked.sort(key=lambda row: (-row[2], row[0]))
            return ranked[:limit]
        # Several concepts and words: candidates from each, then exact strengths.
        candidates: set[int] = set()
        for concept in parsed.concepts:
            scope_first = _scope_first(size, total, docs.get(concept, 0), filters, CANDIDATES)
            top = _concept_top(cursor, concept, where, params, CANDIDATES, scope_first)
            candidates.update(pid for pid, _score in top)
        matched_words: dict[int, set[str]] = {}
        for word in parsed.words:
            for pid in _word_people(cursor, word, where, params, CANDIDATES):
                candidates.add(pid)
                matched_words.setdefault(pid, set()).add(word)
        strengths: dict[int, dict[str, float]] = {}
        ids = sorted(candidates)
        concepts = ", ".join(["%s"] * len(parsed.concepts))
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start : chunk_start + 500]
            if not parsed.concepts:
                break
            cursor.execute(
                "SELECT person_id, concept, score FROM talent_expertposting "
                f"WHERE person_id IN ({', '.join(str(pid) for pid in chunk)}) "
                f"AND concept IN ({concepts})",
                parsed.concepts,
            )
            for pid, concept, score in cursor.fetchall():
                strengths.setdefault(int(pid), {})[concept] = float(score)
        bonus = _exact_bonus(cursor, ids, parsed.terms)
        ranked = []
        for pid in ids:
            mine = strengths.get(pid, {})
            words = matched_words.get(pid, set())
            score = sum(score * idf[c] for c, score in mine.items()) + WORD_WEIGHT * len(words)
            ranked.append((pid, len(mine) + len(words), score + bonus.get(pid, 0.0)))
        ranked.sort(key=lambda row: (-row[1], -row[2], row[0]))
        return ranked[:limit]


MAX_TEXTS_PER_FIELD = 12
MAX_REASONS_PER_FIELD = 3


@functools.lru_cache(maxsize=65536)
def _tokens(text: str) -> list[str]:
    return WORD.findall(fold(text))


def _reasons(
    hit_ids: list[int], parsed: Parsed, vocab: Vocabulary, filters: dict[str, Any]
) -> dict[int, list[Reason]]:
    out: dict[int, list[Reason]] = {pid: [] for pid in hit_ids}
    wanted = set(parsed.concepts)
    # Only texts holding a first word of a wanted term are matched phrase by phrase.
    first_words = {term[0] for term, concept in vocab.terms.items() if concept in wanted}
    labels = {name: str(label) for name, label in FIELD_LABELS.items()}
    concept_labels = {key: vocab.labels.get(key, (key, ""))[0] for key in wanted}
    for pid, item in expertise_texts(hit_ids).items():
        reasons = out[pid]
        seen: set[tuple[str, str, str]] = set()
        for name in FIELDS:
            before = len(reasons)
            for text in item.texts[name][:MAX_TEXTS_PER_FIELD]:
                if len(reasons) - before >= MAX_REASONS_PER_FIELD:
                    break
                tokens = _tokens(text)
                if first_words and not first_words.isdisjoint(tokens):
                    for start, end, concept in vocab.find(tokens):
                        if concept in wanted and (concept, name, text) not in seen:
                            seen.add((concept, name, text))
                            reasons.append(
                                Reason(
                                    "concept",
                                    concept_labels[concept],
                                    labels[name],
                                    text,
                                    " ".join(tokens[start:end]),
                                )
                            )
                for word in parsed.words:
                    if (word, name, text) not in seen and any(t.startswith(word) for t in tokens):
                        seen.add((word, name, text))
                        reasons.append(Reason("word", word, labels[name], text, word))
        if filters.get("min_vqf") and item.vqf:
            reasons.append(Reason("filter", "", "", str(DEGREE_LABELS.get(item.vqf, ""))))
        if filters.get("abroad") and item.abroad:
            reasons.append(Reason("filter", "", "", _("Lives or works abroad")))
        if filters.get("countries"):
            met = [code for code in item.countries if code in filters["countries"]]
            if met:
                reasons.append(
                    Reason("filter", "", "", _("Lives in: %(codes)s") % {"codes": ", ".join(met)})
                )
        if filters.get("nationalities"):
            met = [c[1:] for c in item.countries if c[1:] in filters["nationalities"]]
            if met and any(c.startswith("n") for c in item.countries):
                reasons.append(
                    Reason(
                        "filter", "", "", _("Nationality: %(codes)s") % {"codes": ", ".join(met)}
                    )
                )
    return out


def find_experts(
    user: Any,
    question: str,
    filters: dict[str, Any] | None = None,
    *,
    limit: int = 20,
    on: datetime.date | None = None,
) -> FinderResult:
    """Experts for `question`. `filters` replaces what the question implied (None: keep)."""
    question = (question or "").strip()
    if len(question) > 500:
        raise FinderError(_("The question is too long (500 characters at most)."))
    if not 1 <= limit <= MAX_LIMIT:
        raise FinderError(
            _("The number of results must be between 1 and %(max)s.") % {"max": MAX_LIMIT}
        )
    on = on or datetime.date.today()
    vocab = vocabulary()
    parsed = parse(question, vocab, organisation_names())
    chosen = clean_filters(parsed.filters if filters is None else filters)
    labels = [vocab.labels.get(key, (key, ""))[0] for key in parsed.concepts]
    scope = _scope(user)
    if scope.empty or not (parsed.concepts or parsed.words or chosen):
        return FinderResult(parsed, chosen, [], labels)
    ranked = _ranked(parsed, chosen, scope, on, limit)
    ids = [pid for pid, _n, _s in ranked]
    people = {
        row["pk"]: row
        for row in Person.objects.filter(pk__in=ids).values(
            "pk", "full_name", "unit__name_vi", "birth_date", "birth_year"
        )
    }
    docs: dict[int, tuple[int, str]] = {}
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT person_id, vqf, countries FROM {ddl.DOC_TABLE} "
                f"WHERE person_id IN ({', '.join(str(pid) for pid in ids)})"
            )
            docs = {pid: (vqf, countries) for pid, vqf, countries in cursor.fetchall()}
    reasons = _reasons(ids, parsed, vocab, chosen)
    hits = []
    for pid, covered, score in ranked:
        row = people.get(pid)
        if row is None:
            continue
        vqf, countries = docs.get(pid, (0, ""))
        age = None
        if row["birth_date"]:
            birth = row["birth_date"]
            age = on.year - birth.year - int((on.month, on.day) < (birth.month, birth.day))
        elif row["birth_year"]:
            age = on.year - row["birth_year"]
        hits.append(
            Hit(
                pid,
                row["full_name"],
                row["unit__name_vi"] or "",
                round(score, 3),
                covered,
                vqf,
                age,
                countries.split(),
                reasons.get(pid, []),
            )
        )
    return FinderResult(parsed, chosen, hits, labels)


def country_choices() -> list[tuple[str, str]]:
    return list(
        Code.objects.filter(scheme__key="country", scheme__is_current=True)
        .order_by("label_vi")
        .values_list("code", "label_vi")
    )


def organisation_choices(user: Any) -> list[tuple[int, str]]:
    return list(visible(Organisation.objects.all(), user).values_list("pk", "name"))
