"""The analytics store equals the engine: every indicator, unit and period of a generated
registry, totals and declared breakdowns, before and after a sequence of edits, imports
and deletions; closed periods stay frozen; the command rebuilds it."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hientai.catalogs.models import Code
from hientai.demo.generator import generate_people
from hientai.indicators import analytics
from hientai.indicators.models import (
    AnalyticsDirtyUnit,
    AnalyticsFact,
    AnalyticsPending,
    AnalyticsPeriod,
    Indicator,
    Kind,
)
from hientai.indicators.periods import Period
from hientai.indicators.services import breakdown, evaluate
from hientai.orgs.models import Unit
from hientai.registry import services
from hientai.registry.bulk import load_people
from hientai.registry.history import recording
from hientai.registry.models import Person, Qualification, StatusPeriod, TrainingRecord

GENERATED_ON = datetime.date(2026, 11, 1)
CLOSED = [Period(2024), Period(2025, 2), Period(2025), Period(2026, 1)]
OPEN = [Period(2026, 2), Period(2026)]


def rows(period: Period, source: str, units: list[Unit]) -> dict:
    return {
        (v.indicator.code, v.unit.code): (v.numerator, v.denominator, v.value)
        for v in evaluate(period, units=units, source=source)
    }


def splits(period: Period, source: str, units: list[Unit]) -> dict:
    found = {}
    for indicator in Indicator.objects.filter(kind=Kind.COMPUTED):
        for by in analytics.dimensions(indicator):
            for unit in units:
                for item in breakdown(indicator, period, unit, by, source=source):
                    key = (indicator.code, unit.code, by, item.key)
                    found[key] = (item.numerator, item.denominator, item.value)
    return found


SPLIT_PERIODS = {Period(2025), Period(2026)}


def assert_same(periods: list[Period], units: list[Unit], few: list[Unit]) -> dict:
    """Store == engine on every indicator and unit (and the breakdowns of a few units for a
    closed and an open year); returns the engine's values."""
    engine = {}
    for period in periods:
        expected = rows(period, "engine", units)
        stored = rows(period, "store", units)
        assert stored == expected, period
        engine[period] = expected
        if period in SPLIT_PERIODS:
            assert splits(period, "store", few) == splits(period, "engine", few), period
    return engine


@pytest.fixture
def registry(db, in_december_2026):
    load_people(generate_people(300, seed=11, today=GENERATED_ON))
    return list(Unit.objects.order_by("path"))


def few_units(units: list[Unit]) -> list[Unit]:
    counted = set(Person.objects.values_list("unit__path", flat=True))
    busy = [u for u in units if any(path.startswith(u.path) for path in counted)]
    return [
        units[0],
        *[u for u in busy if u.depth == 1][:1],
        *[u for u in busy if u.depth >= 2][:1],
    ]


def test_the_store_equals_the_engine_through_edits_imports_and_deletions(
    registry, administrator, django_capture_on_commit_callbacks
):
    units = registry
    few = few_units(units)
    before = assert_same([*CLOSED, *OPEN], units, few)
    assert AnalyticsPeriod.objects.filter(frozen=True).count() == len(CLOSED)
    assert AnalyticsFact.objects.filter(dimension="").exists()
    admin = administrator

    # Edits through the services and the ORM (versioned now, after the closed periods).
    people = list(Person.objects.order_by("pk")[:40])
    other_unit = Unit.objects.filter(kind="ward").exclude(pk=people[0].unit_id).first()
    scientist = Code.objects.get(scheme__key="person_category", code="scientist")
    phd = Code.objects.filter(scheme__key="degree", code="phd").first()
    topic = Code.objects.filter(scheme__key="training_topic").first()
    with django_capture_on_commit_callbacks(execute=True), recording(admin, "test: edits"):
        for person in people[:10]:
            person.gender = "female" if person.gender == "male" else "male"
            person.birth_year = 1990
            services.save_person(person, admin, "test")
        people[10].unit = other_unit
        services.save_person(people[10], admin, "test: moved")
        for person in people[11:16]:
            person.categories.add(scientist)
            Qualification.objects.create(person=person, degree=phd, year=2026)
            TrainingRecord.objects.create(
                person=person, topic=topic, start=datetime.date(2026, 3, 1),
                end=datetime.date(2026, 3, 2),
            )  # fmt: skip
        for person in people[16:20]:
            StatusPeriod.objects.create(
                person=person, status="retired", effective_from=datetime.date(2026, 2, 1)
            )
        people[20].categories.clear()
        Qualification.objects.filter(person=people[21]).delete()
    # Noted in the edits' transactions, applied once they committed; no unit recounted.
    assert not AnalyticsPending.objects.exists()
    assert not AnalyticsDirtyUnit.objects.exists()
    assert AnalyticsFact.objects.filter(period="2026", unit=other_unit).exists()
    after_edits = assert_same([*CLOSED, *OPEN], units, few)
    assert after_edits[Period(2026)] != before[Period(2026)]
    for period in CLOSED:  # as of their end, the edits are not there: same values
        assert after_edits[period] == before[period]

    # An import (a bulk load: its profiles carry no versions, so the store is rebuilt)
    # and deletions.
    load_people(generate_people(60, seed=12, today=GENERATED_ON))
    assert not AnalyticsPeriod.objects.exists()
    imported = assert_same([*CLOSED, *OPEN], units, few)
    for person in Person.objects.order_by("-pk")[:5]:
        services.delete_person(person, admin, "test: deleted")
    deleted = assert_same(OPEN, units, few)
    assert deleted[Period(2026)] != imported[Period(2026)]
    for period in CLOSED:  # frozen once computed after their end
        assert rows(period, "store", units) == imported[period]


def test_reading_all_units_is_one_query_for_the_facts(registry):
    evaluate("2025", units=registry)
    with CaptureQueriesContext(connection) as captured:
        evaluate("2025", units=registry)
    facts = [q for q in captured.captured_queries if "analyticsfact" in q["sql"]]
    assert len(facts) == 1
    assert "LIKE" not in facts[0]["sql"].upper() or connection.vendor == "postgresql"


def test_the_rebuild_command_and_status(registry, capsys):
    call_command("analytics", "rebuild", "--period", "2025", "--period", "2026H1")
    assert set(AnalyticsPeriod.objects.values_list("period", flat=True)) == {"2025", "2026H1"}
    call_command("analytics", "status")
    out = capsys.readouterr().out
    assert "2026H1" in out
    with pytest.raises(Exception, match="2026H3"):
        call_command("analytics", "rebuild", "--period", "2026H3")
    assert set(AnalyticsPeriod.objects.values_list("period", flat=True)) == {"2025", "2026H1"}


def test_a_changed_definition_empties_the_store(registry):
    evaluate("2026", units=registry[:1])
    assert AnalyticsPeriod.objects.exists()
    indicator = Indicator.objects.filter(kind=Kind.COMPUTED).first()
    indicator.definition = {**indicator.definition, "numerator": {"gender": "female"}}
    indicator.save()
    assert not AnalyticsPeriod.objects.exists()
    assert rows(Period(2026), "store", registry) == rows(Period(2026), "engine", registry)


def test_a_rolled_back_change_leaves_nothing_and_units_can_be_recounted(registry):
    from django.db import transaction

    expected = rows(Period(2026), "engine", registry)
    assert rows(Period(2026), "store", registry) == expected
    person = Person.objects.order_by("pk").first()
    with pytest.raises(RuntimeError), transaction.atomic():
        person.gender = "female" if person.gender == "male" else "male"
        person.save()
        assert AnalyticsPending.objects.exists()
        raise RuntimeError("rolled back")
    assert not AnalyticsPending.objects.exists()
    assert rows(Period(2026), "store", registry) == expected
    analytics.mark_units([unit.pk for unit in registry])
    assert analytics.refresh() == len(registry)
    assert rows(Period(2026), "store", registry) == expected


def test_many_people_changed_at_once_are_recounted_by_unit(
    registry, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import transaction

    monkeypatch.setattr(analytics, "DELTA_LIMIT", 3)
    assert rows(Period(2026), "store", registry) == rows(Period(2026), "engine", registry)
    people = list(Person.objects.order_by("pk")[:8])
    elsewhere = Unit.objects.filter(kind="ward").exclude(pk=people[0].unit_id).first()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for person in people:
            person.gender = "female" if person.gender == "male" else "male"
            person.save()
        people[-1].unit = elsewhere
        people[-1].save()
        assert AnalyticsDirtyUnit.objects.exists()  # past the limit: units to recount
    assert not AnalyticsPending.objects.exists()
    assert not AnalyticsDirtyUnit.objects.exists()
    for period in OPEN:
        assert rows(period, "store", registry) == rows(period, "engine", registry)


def test_a_rebuild_computes_a_year_and_its_second_half_once_with_the_same_facts(registry):
    """The rebuild shares the as-of-the-last-day indicators between 2025 and 2025H2 (the
    same last day): every fact equals computing each period on its own, and the store
    equals the engine (the windowed indicators differ between the two)."""
    periods = [Period(2025, 1), Period(2025, 2), Period(2025)]
    assert any(analytics.uses_period_start(ind) for ind in Indicator.objects.all())
    analytics.rebuild(periods)

    def stored(period: Period) -> dict:
        return {
            (f.indicator_id, f.unit_id, f.dimension, f.key): (f.numerator, f.denominator)
            for f in AnalyticsFact.objects.filter(period=str(period))
        }

    shared = {period: stored(period) for period in periods}
    for period in periods:
        analytics.build_period(period)
        assert stored(period) == shared[period], period
    few = few_units(registry)
    assert_same(periods, registry, few)
