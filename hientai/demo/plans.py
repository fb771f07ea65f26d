"""Demo plans: the five seed documents imported as plans, the city plan activated and the
unit plans linked to it.

The unit plans (seeds 000, 001, 002) cite provincial plans ("Kế hoạch số 20/KH-UBND") that
are not among the seeds; for the demo they are linked to the city plan (seed 003), the
city-level plan on the same subject, so the parent/child screens have something to show.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from hientai.plans import services
from hientai.plans.models import Plan

DEMO_DIR = Path(__file__).resolve().parent / "plans_data"
CITY_SEED = "003_3430cb898c85fe5f"
CHILD_SEEDS = ("000_ce527be40c2f108b", "001_c6087919ccb67bba", "002_557b19d3546d24e1")
# Seed 004 is the former province's plan: its issuer is not a unit of today's city.
ISSUING_UNITS = {"004_590ba169d7dd3dbe": "75.UBND"}
TASK_LINK_SCORE = 70  # a child task is linked to the parent task it resembles this much


@transaction.atomic
def load_demo_plans() -> list[Plan]:
    """Import the seeds when there is no plan yet; returns the plans created."""
    if Plan.objects.exists():
        return []
    plans: dict[str, Plan] = {}
    for path in sorted(DEMO_DIR.glob("*.txt")):
        seed = path.stem
        plans[seed] = services.import_plan(path, unit_code=ISSUING_UNITS.get(seed))
    city = plans[CITY_SEED]
    services.auto_map(city, None)
    services.activate(city, None)
    for seed in CHILD_SEEDS:
        child = plans[seed]
        if child.parent_id is None:
            services.link_parent(child, city, None)
        child.refresh_from_db()
        for task in child.tasks.select_related("plan"):
            ranked = services.parent_task_choices(task)
            if ranked and ranked[0][1] is not None and ranked[0][1] >= TASK_LINK_SCORE:
                services.update_task(task, None, {"parent_task": ranked[0][0]})
    return list(plans.values())
