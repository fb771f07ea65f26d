"""The competence index as pages: a stored run whose explanations add up, its
sensitivity under ±20 % weights, scopes and masking per role, methods as new versions."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from hientai.core.models import AuditEntry
from hientai.registry.models import (
    Award,
    Employment,
    Patent,
    Publication,
    STProject,
    TrainingRecord,
)
from hientai.talent import competence, services
from hientai.talent.indexer import reindex_people
from hientai.talent.models import (
    IndexConfig,
    IndexFact,
    IndexScore,
    Organisation,
    OrganisationKind,
)
from tests.talent.conftest import UNIT_A, UNIT_B

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 6, 1, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def people(make_person, coordinator):
    from hientai.orgs.models import Unit

    strong = make_person(UNIT_B, "Lê", "Văn", "Mạnh", birth_year=1975, degree="tien_si",
                         gender="male")  # fmt: skip
    for i in range(5):
        Publication.objects.create(person=strong, title=f"Paper {i}", year=2020)
    STProject.objects.create(person=strong, title="Task", role="leader", applied=True)
    Patent.objects.create(person=strong, title="P", kind="patent", status="granted")
    Award.objects.create(person=strong, name="Giải thưởng", year=2024)
    Employment.objects.create(person=strong, organization="Công ty Bán dẫn Đồng Nai",
                              position="Cố vấn chính sách; giảng viên hướng dẫn",
                              sector="private")  # fmt: skip
    middle = make_person(UNIT_B, "Trần", "Thị", "Vừa", birth_year=1990, degree="thac_si",
                         gender="female")  # fmt: skip
    Publication.objects.create(person=middle, title="Paper", year=2022)
    TrainingRecord.objects.create(person=middle, title="Course", hours=40)
    weak = make_person(UNIT_A, "Phạm", "Văn", "Mới", birth_year=2000, degree="cu_nhan")
    reindex_people([strong.pk, middle.pk, weak.pk])
    organisation = Organisation(name="Công ty Bán dẫn Đồng Nai", kind=OrganisationKind.STARTUP,
                                unit=Unit.objects.get(code=UNIT_B))  # fmt: skip
    services.save_organisation(coordinator, organisation)
    return [strong, middle, weak]


@pytest.fixture
def run(people):
    return competence.store_run(competence.active_config(), NOW, draws=10)


def test_new_sub_indicators_come_from_the_registry(people):
    scores = competence.compute([p.pk for p in people])
    parts = {part.indicator: part for part in scores.explain(people[0].pk)}
    assert parts["policy_consultancy"].raw == 1 and parts["mentoring"].raw == 1
    assert parts["mentoring"].contribution > 0
    assert set(competence.RAW_LABELS) >= {"qualification", "titles", "languages", "skills",
        "training", "applied_tasks", "patents", "publications", "awards",
        "policy_consultancy", "mentoring"}  # fmt: skip


def test_stored_scores_explain_themselves_and_add_up(people, run):
    assert run.people == 3 and run.config.version == "2026.2"
    for row in IndexScore.objects.filter(run=run):
        explained = competence.explain_stored(run, row.raw, row.score)
        assert sum(p.contribution for p in explained.parts) == pytest.approx(row.score)
        assert sum(p.weight for p in explained.parts) == pytest.approx(1.0)
        for part in explained.parts:
            assert part.contribution == pytest.approx(100 * part.weight * part.normalised)
    ranks = dict(IndexScore.objects.filter(run=run).values_list("person_id", "rank"))
    assert [ranks[p.pk] for p in people] == [1, 2, 3]
    fresh = competence.compute([p.pk for p in people])
    stored = dict(IndexScore.objects.filter(run=run).values_list("person_id", "score"))
    for person in people:
        assert stored[person.pk] == pytest.approx(fresh.score(person.pk))


def test_sensitivity_reports_rank_correlation_under_20_percent(run):
    sens = run.sensitivity
    assert sens["spread"] == 0.2
    moved = {(row["weight"], row["factor"]) for row in sens["one_at_a_time"]}
    assert ("pillar:competence", 0.8) in moved and ("publications", 1.2) in moved
    for row in sens["one_at_a_time"]:
        assert -1.0 <= row["spearman"] <= 1.0 and -1.0 <= row["kendall"] <= 1.0
    assert sens["spearman_worst"] == pytest.approx(1.0)  # three people this far apart
    assert sens["kendall_worst"] == pytest.approx(1.0)


def test_sensitivity_of_a_large_registry_uses_a_seeded_sample(monkeypatch):
    import numpy as np

    monkeypatch.setattr(competence, "SENSITIVITY_SAMPLE", 50)
    rng = np.random.default_rng(1)
    raw = {key: rng.integers(0, 5, 200).astype(float) for key in competence.RAW_LABELS}
    config = competence.active_config().config
    total, normalised = competence.compose(raw, config)
    scores = competence.Scores("x", list(range(200)), total, normalised, raw,
                               competence.effective_weights(config))  # fmt: skip
    sens = competence.run_sensitivity(scores, config, draws=5)
    assert sens["spearman_people"] == 50 and 0.5 < sens["spearman_worst"] <= 1.0


def test_kendall_tau_b():
    import numpy as np

    a = np.array([1.0, 2.0, 3.0, 4.0])
    assert competence.kendall_tau(a, a) == pytest.approx(1.0)
    assert competence.kendall_tau(a, -a) == pytest.approx(-1.0)
    assert competence.kendall_tau(a, np.array([1.0, 3.0, 2.0, 4.0])) == pytest.approx(4 / 6)


def test_aggregates_by_unit_group_sector_and_organisation(people, run):
    facts = competence.scope_facts(run, None)
    assert facts["all"][0] == 3
    assert facts["group:women"][0] == 1 and facts["group:under_45"][0] == 2
    assert facts["sector:private"][0] == 1
    organisation = Organisation.objects.get()
    assert facts[f"org:{organisation.pk}"][0] == 1 and facts["orgkind:startup"][0] == 1
    units = {unit for unit, _n, _m in competence.unit_facts(run, None)}
    assert len(units) == 2
    assert IndexFact.objects.filter(run=run).count() >= 6


def test_coordinator_leader_and_ward_officers(people, run, coordinator, leader, officer_a,
                                              officer_b):  # fmt: skip
    url = reverse("talent:index_home")
    for user in (coordinator, leader):
        body = _get(user, url)
        assert all(p.full_name in body for p in people)
    body = _get(officer_a, url)
    assert people[2].full_name in body
    assert people[0].full_name not in body and people[1].full_name not in body
    body = _get(officer_b, url)
    assert people[0].full_name in body and people[2].full_name not in body
    # Small groups are hidden outside city-wide roles.
    assert "&lt; 3" in body
    assert "&lt; 3" not in _get(coordinator, url)


def test_person_page_explains_and_masks_the_sensitive_group(
    people, run, coordinator, leader, officer_a, officer_b
):
    strong = people[0]
    url = reverse("talent:index_person", args=[strong.pk])
    body = _get(coordinator, url)
    row = IndexScore.objects.get(run=run, person_id=strong.pk)
    assert f"{row.score:.2f}".replace(".", ",") in body or f"{row.score:.2f}" in body
    assert "•••" not in body
    assert _client(officer_a).get(url).status_code == 404
    assert "•••" not in _get(officer_b, url)  # officer B keeps this profile
    # The leader reads city-wide but keeps no profile: the ethnic group stays masked.
    leader_body = _get(leader, url)
    assert "•••" in leader_body


def test_method_is_a_new_version_with_an_audit_row(people, coordinator, leader):
    base = competence.active_config()
    config = {**base.config, "normalisation": "rank"}
    with pytest.raises(PermissionDenied):
        services.new_index_version(leader, version="x", name="x", config=config)
    with pytest.raises(ValidationError):
        services.new_index_version(coordinator, version=base.version, name="x", config=config)
    bad = {**config, "normalisation": "log"}
    with pytest.raises(ValidationError):
        services.new_index_version(coordinator, version="2026.9", name="x", config=bad)
    assert not IndexConfig.objects.filter(version="2026.9").exists()
    before = base.config
    method = services.new_index_version(coordinator, version="2026.3", name="Thử", config=config,
                                        activate=True)  # fmt: skip
    base.refresh_from_db()
    assert base.config == before and not base.active and method.active
    assert AuditEntry.objects.filter(object_type="talent.indexconfig",
                                     object_id=str(method.pk)).exists()  # fmt: skip


def test_method_form_saves_a_new_version(people, coordinator):
    client = _client(coordinator)
    url = reverse("talent:index_method_new")
    assert client.get(url).status_code == 200
    data = {
        "version": "2026.4",
        "name": "Nhiều đóng góp",
        "normalisation": "zscore",
        "pillar_competence": "0.3",
        "pillar_contribution": "0.7",
        "activate": "on",
    }
    for key in competence.RAW_LABELS:
        data[f"w_{key}"] = "1"
    data["w_awards"] = "0"
    response = client.post(url, data)
    assert response.status_code == 302
    method = IndexConfig.objects.get(version="2026.4")
    assert method.active and "awards" not in method.config["pillars"]["contribution"]["indicators"]
    assert competence.effective_weights(method.config)["mentoring"] == pytest.approx(0.7 / 5)
    # The same code again: refused with a message, nothing written.
    response = client.post(url, data)
    assert response.status_code == 200 and IndexConfig.objects.filter(version="2026.4").count() == 1
    # Recompute with the new version from the page.
    assert client.post(reverse("talent:index_compute")).status_code == 302
    assert competence.latest_run().config == method


def test_sensitivity_page_and_organisation_counts(people, run, coordinator, officer_b):
    body = _get(coordinator, reverse("talent:index_sensitivity"))
    assert "Spearman" in body and "Kendall" in body and "chart-sensitivity" in body
    assert _client(officer_b).get(reverse("talent:index_sensitivity")).status_code == 403
    counts = services.organisation_counts()
    assert counts["kinds"][0]["kind"] == "startup" and counts["kinds"][0]["people"] == 1


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _get(user, url: str) -> str:
    response = _client(user).get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()
