"""The competence-and-contribution index: explanations add up, methods are data,
sensitivity reports rank correlations."""

from __future__ import annotations

import copy
import datetime

import pytest
from django.core.exceptions import ValidationError

from hientai.registry.models import Award, Patent, Publication, STProject, TrainingRecord
from hientai.talent import competence
from hientai.talent.models import IndexConfig
from tests.talent.conftest import UNIT_A, UNIT_B

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_person):
    strong = make_person(UNIT_A, "Lê", "Văn", "Mạnh", birth_year=1975, degree="tien_si",
                         gender="male")  # fmt: skip
    for i in range(5):
        Publication.objects.create(person=strong, title=f"Paper {i}", year=2020)
    STProject.objects.create(person=strong, title="Task", role="leader", applied=True)
    Patent.objects.create(person=strong, title="P", kind="patent", status="granted")
    Award.objects.create(person=strong, name="Giải thưởng", year=2024)
    middle = make_person(UNIT_B, "Trần", "Thị", "Vừa", birth_year=1990, degree="thac_si",
                         gender="female")  # fmt: skip
    Publication.objects.create(person=middle, title="Paper", year=2022)
    TrainingRecord.objects.create(person=middle, title="Course", hours=40)
    weak = make_person(UNIT_B, "Phạm", "Văn", "Mới", birth_year=2000, degree="cu_nhan")
    return [strong, middle, weak]


def test_each_score_is_explained_and_the_parts_add_up(people):
    ids = [p.pk for p in people]
    scores = competence.compute(ids)
    assert scores.version == "2026.2"
    for pid in ids:
        parts = scores.explain(pid)
        assert sum(part.contribution for part in parts) == pytest.approx(scores.score(pid))
        assert sum(part.weight for part in parts) == pytest.approx(1.0)
    strong, middle, weak = (scores.score(p.pk) for p in people)
    assert strong > middle > weak
    explained = {p.indicator: p for p in scores.explain(people[0].pk)}
    assert explained["publications"].raw == 5 and explained["publications"].normalised == 1.0
    assert explained["patents"].raw == 2  # granted counts twice


@pytest.mark.parametrize("method", ["minmax", "rank", "zscore"])
def test_a_new_method_version_is_data(people, method):
    config = copy.deepcopy(competence.DEFAULT_CONFIG)
    config["normalisation"] = method
    config["pillars"]["contribution"]["weight"] = 0.8
    version = IndexConfig.objects.create(version=f"test-{method}", name="x", config=config)
    scores = competence.compute([p.pk for p in people], version)
    assert scores.version == f"test-{method}"
    assert scores.weights["publications"] == pytest.approx((0.8 / 1.3) * (0.3 / 1.0))
    for person in people:
        parts = scores.explain(person.pk)
        assert sum(p.contribution for p in parts) == pytest.approx(scores.score(person.pk))


def test_bad_methods_are_refused_in_vietnamese(people):
    bad = copy.deepcopy(competence.DEFAULT_CONFIG)
    bad["pillars"]["competence"]["indicators"]["charisma"] = 0.1
    with pytest.raises(ValidationError):
        competence.check_config(bad)
    bad = copy.deepcopy(competence.DEFAULT_CONFIG)
    bad["normalisation"] = "log"
    with pytest.raises(ValidationError):
        competence.check_config(bad)
    bad = copy.deepcopy(competence.DEFAULT_CONFIG)
    bad["pillars"]["competence"]["weight"] = -1
    with pytest.raises(ValidationError):
        competence.check_config(bad)


def test_sensitivity_reports_rank_correlation(people):
    scores = competence.compute([p.pk for p in people])
    result = competence.sensitivity(scores, competence.active_config().config, draws=20)
    keys = {key for key, _f, _r in result.one_at_a_time}
    assert "pillar:competence" in keys and "publications" in keys
    assert all(-1.0 <= rho <= 1.0 for _k, _f, rho in result.one_at_a_time)
    assert len(result.random_rhos) == 20
    # Three people this far apart keep their order under ±20 %.
    assert result.worst == pytest.approx(1.0)


def test_groups(people):
    scores = competence.compute([p.pk for p in people])
    groups = competence.standard_groups([p.pk for p in people], datetime.date(2026, 6, 1))
    summary = competence.by_group(scores, groups)
    assert summary["group:women"][0] == 1
    assert summary["group:under_45"][0] == 2
    assert summary[f"unit:{UNIT_B}"][0] == 2


def test_command_explains_and_reports_sensitivity(people, capsys):
    import json

    from django.core.management import call_command

    call_command("competence_index", "--person", str(people[0].pk), "--sensitivity",
                 "--draws", "5", "--json")  # fmt: skip
    payload = json.loads(capsys.readouterr().out)
    parts = payload["explanation"]["parts"]
    assert sum(p["contribution"] for p in parts) == pytest.approx(payload["explanation"]["score"])
    assert payload["top"][0]["id"] == people[0].pk
    assert 0.9 <= payload["sensitivity"]["spearman_worst"] <= 1.0
