"""The demo plans: five seeds imported, the city plan active, the unit plans linked to it."""

from io import StringIO

import pytest
from django.core.management import call_command

from hientai.demo.plans import CHILD_SEEDS, DEMO_DIR, load_demo_plans
from hientai.plans.models import Plan, PlanStatus, Task
from tests.plans.conftest import FIXTURES

pytestmark = pytest.mark.django_db


def test_demo_data_ships_the_seed_fixtures():
    shipped = {path.name: path.read_bytes() for path in DEMO_DIR.glob("*.txt")}
    assert shipped == {path.name: path.read_bytes() for path in FIXTURES.glob("*.txt")}


def test_load_demo_plans_once():
    plans = load_demo_plans()
    assert len(plans) == Plan.objects.count() == 5
    city = Plan.objects.get(status=PlanStatus.ACTIVE)
    assert city.issuing_unit.code == "75.UBND"
    assert Plan.objects.filter(parent=city).count() == len(CHILD_SEEDS)
    assert Task.objects.filter(plan__parent=city, parent_task__plan=city).exists()
    assert load_demo_plans() == []


def test_demo_command_loads_the_plans():
    out = StringIO()
    call_command("demo", "--people", "0", stdout=out)
    assert Plan.objects.count() == 5
