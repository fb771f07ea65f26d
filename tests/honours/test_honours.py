"""Honours and contests: rounds and their workflow, entries in scope, results, the indicators
that count entries and awards, and what the portal may publish."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from hientai.core.models import AuditEntry
from hientai.honours import services
from hientai.honours.models import Entry, Programme, Round, RoundStatus
from hientai.indicators import services as indicators
from hientai.indicators.models import ReportedValue
from hientai.orgs.models import Unit
from hientai.registry.models import Person
from hientai.talent.models import Organisation
from tests.conftest import UNIT_A, UNIT_B


@pytest.fixture
def people(db) -> dict[str, Person]:
    return {
        code: Person.objects.create(
            unit=Unit.objects.get(code=code), family_name="Lê", middle_name="Văn", given_name=name
        )
        for code, name in ((UNIT_A, "An"), (UNIT_B, "Bình"))
    }


@pytest.fixture
def contest(coordinator) -> Round:
    item = services.create_round(
        coordinator,
        Programme.objects.get(code="creativity_contest"),
        year=2026,
        title="Hội thi Sáng tạo kỹ thuật lần thứ 12",
        opens_on=dt.date(2026, 3, 1),
        closes_on=dt.date(2026, 9, 30),
    )
    return services.move_round(coordinator, item, RoundStatus.OPEN)


def test_programmes_are_data(db):
    kinds = dict(Programme.objects.values_list("code", "kind"))
    assert kinds["creativity_contest"] == "creativity_contest"
    assert kinds["startup_contest"] == "startup_contest"
    assert kinds["state_honours"] == "state_honour" and kinds["st_award"] == "st_award"


def test_round_workflow_and_errors(coordinator, officer_a):
    programme = Programme.objects.get(code="startup_contest")
    with pytest.raises(PermissionDenied):
        services.create_round(
            officer_a,
            programme,
            year=2026,
            title="x",
            opens_on=dt.date(2026, 1, 1),
            closes_on=dt.date(2026, 2, 1),
        )
    with pytest.raises(ValidationError, match="cannot close before"):
        services.create_round(
            coordinator,
            programme,
            year=2026,
            title="Đợt 1",
            opens_on=dt.date(2026, 3, 1),
            closes_on=dt.date(2026, 2, 1),
        )
    assert not Round.objects.exists()
    item = services.create_round(
        coordinator,
        programme,
        year=2026,
        title="Đợt 1",
        opens_on=dt.date(2026, 3, 1),
        closes_on=dt.date(2026, 4, 1),
    )
    with pytest.raises(ValidationError, match="cannot go from"):
        services.move_round(coordinator, item, RoundStatus.PUBLISHED)
    services.move_round(coordinator, item, RoundStatus.OPEN)
    assert Round.objects.get().status == RoundStatus.OPEN


def test_entries_results_and_indicators(coordinator, officer_a, officer_b, people, contest):
    organisation = Organisation.objects.create(
        name="Công ty Cơ khí Biên Hòa", kind="business", unit=Unit.objects.get(code=UNIT_B)
    )
    entry_a = services.add_entry(officer_a, contest, title="Máy gieo hạt", person=people[UNIT_A])
    entry_b = services.add_entry(
        officer_b,
        contest,
        title="Robot hàn",
        field="Tự động hóa",
        person=people[UNIT_B],
        organisation=organisation,
    )
    entry_b2 = services.add_entry(officer_b, contest, title="Lò sấy", organisation=organisation)
    with pytest.raises(ValidationError, match="not in your scope"):
        services.add_entry(officer_a, contest, title="Khác", person=people[UNIT_B])
    with pytest.raises(ValidationError, match="already in the round"):
        services.add_entry(officer_a, contest, title="máy gieo hạt", person=people[UNIT_A])
    with pytest.raises(ValidationError, match="entries are closed"):
        services.record_result(coordinator, entry_a, award_level="first")
    services.move_round(coordinator, contest, RoundStatus.JUDGING)
    with pytest.raises(ValidationError, match="does not take entries"):
        services.add_entry(officer_a, contest, title="Muộn", person=people[UNIT_A])
    with pytest.raises(PermissionDenied):
        services.record_result(officer_b, entry_b, award_level="first")
    with pytest.raises(ValidationError, match="award level"):
        services.record_result(coordinator, entry_b, award_level="gold")
    services.record_result(coordinator, entry_a, award_level="third", prize="5.000.000 đồng")
    services.record_result(
        coordinator, entry_b, award_level="first", prize="20.000.000 đồng", publish=True
    )
    services.record_result(coordinator, entry_b2, award_level="none")
    assert Entry.objects.count() == 3
    assert AuditEntry.objects.filter(object_type="honours.entry").count() == 6
    unit_a, unit_b = Unit.objects.get(code=UNIT_A), Unit.objects.get(code=UNIT_B)
    assert services.counts(unit_b, 2026) == (2, 1)
    values = {
        (v.indicator.code, v.unit.code): v.value
        for v in indicators.evaluate(
            "2026", indicators=["HON_ENTRIES", "HON_AWARDS"], units=[unit_a, unit_b]
        )
    }
    assert values[("HON_ENTRIES", UNIT_A)] == 1 and values[("HON_AWARDS", UNIT_A)] == 1
    assert values[("HON_ENTRIES", UNIT_B)] == 2 and values[("HON_AWARDS", UNIT_B)] == 1
    city = indicators.evaluate("2026", indicators=["HON_AWARDS"], unit=Unit.objects.get(code="75"))
    assert city[0].value == 2
    # A result changed to no award is counted no more.
    services.record_result(coordinator, entry_a, award_level="none")
    row = ReportedValue.objects.filter(indicator__code="HON_AWARDS", unit=unit_a)
    assert not row.exists()


def test_public_honours_shows_only_published_results(coordinator, officer_b, people, contest):
    kept = services.add_entry(officer_b, contest, title="Robot hàn", person=people[UNIT_B])
    hidden = services.add_entry(officer_b, contest, title="Lò sấy", person=people[UNIT_B])
    services.move_round(coordinator, contest, RoundStatus.JUDGING)
    services.record_result(coordinator, kept, award_level="first", prize="Giải Nhất", publish=True)
    services.record_result(coordinator, hidden, award_level="second")
    now = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    assert services.public_honours(now) == []  # not published yet
    services.move_round(coordinator, contest, RoundStatus.PUBLISHED)
    [published] = services.public_honours(now)
    assert published["year"] == 2026 and published["round"] == contest.title
    assert [r["title"] for r in published["results"]] == ["Robot hàn"]
    result = published["results"][0]
    assert result["winner"] == "Lê Văn Bình"
    assert set(result) == {"title", "field", "award_level", "prize", "winner"}


def test_pages_scope_and_profile(coordinator, officer_a, officer_b, people, contest):
    services.add_entry(officer_b, contest, title="Robot hàn", person=people[UNIT_B])
    client = Client()
    client.force_login(officer_a)
    page = client.get(f"/honours/rounds/{contest.pk}/").content.decode()
    assert "Robot hàn" not in page and "Bình" not in page
    response = client.post(
        f"/honours/rounds/{contest.pk}/entries/add/",
        {"title": "Máy gieo hạt", "person": people[UNIT_A].pk},
    )
    assert response.status_code == 302
    assert client.post(f"/honours/rounds/{contest.pk}/", {"status": "judging"}).status_code == 403
    client.force_login(officer_b)
    page = client.get(f"/honours/rounds/{contest.pk}/").content.decode()
    assert "Robot hàn" in page and "Máy gieo hạt" not in page
    assert "Robot hàn" in client.get(f"/people/{people[UNIT_B].pk}/").content.decode()
    client.force_login(coordinator)
    assert client.get("/honours/").status_code == 200
    client.post(f"/honours/rounds/{contest.pk}/", {"status": "judging"})
    entry = Entry.objects.get(title="Robot hàn")
    response = client.post(
        f"/honours/entries/{entry.pk}/result/",
        {"award_level": "second", "prize": "Giải Nhì", "publish_result": "on"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.award_level == "second" and entry.publish_result
