"""Per-unit scores: the average over the unit's subtree."""

import pytest

from hientai.orgs.models import Unit
from hientai.quality.engine import run_batch
from hientai.quality.models import QualityIssue
from hientai.quality.scores import unit_score, unit_scores
from hientai.registry.models import Person
from tests.quality.conftest import make_person

pytestmark = pytest.mark.django_db


def test_unit_score_averages_the_subtree():
    make_person(unit="25210")  # 100
    make_person(unit="25210.VHXH", given_name="HÙNG")  # 97, in a division of the ward
    make_person(unit="26041", email="", phone="", middle_name="Thị")  # 97, another ward
    run_batch()
    assert unit_score(Unit.objects.get(code="25210")) == 98.5
    assert unit_score(Unit.objects.get(code="25210.VHXH")) == 97
    assert unit_score(Unit.objects.get(code="26041")) == 97
    assert unit_score(Unit.objects.get(code="75")) == 98.0


def test_unit_score_is_none_without_checked_profiles():
    make_person(unit="26041")  # never checked: no score yet
    assert unit_score(Unit.objects.get(code="26041")) is None
    assert unit_score(Unit.objects.get(code="25210")) is None


def test_unit_scores_roll_up_people_and_issues():
    make_person(unit="25210")
    make_person(unit="25210.VHXH", given_name="HÙNG", personal_id="12")
    run_batch()
    units = [Unit.objects.get(code=code) for code in ("75", "25210", "25210.VHXH", "26041")]
    rows = {
        row.unit.code: row
        for row in unit_scores(units, Person.objects.all(), QualityIssue.objects.all())
    }
    assert set(rows) == {"75", "25210", "25210.VHXH"}  # 26041 has no profile
    assert rows["25210"].people == 2
    assert (rows["25210.VHXH"].errors, rows["25210.VHXH"].warnings) == (1, 1)
    assert rows["75"].average == rows["25210"].average == (100 + 87) / 2
