"""A link never leads to a page its reader may not see: out-of-scope plans and tasks are
named without a link."""

import pytest

from hientai.plans.models import Plan, Task
from hientai.plans.services import import_plan
from tests.plans.conftest import SEED_001, seed_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_ward_plans(import_seed):
    plan_a = import_seed(SEED_001)  # Phường Đồng Xoài (officer_a)
    # The same text issued by Phường Trấn Biên (a blank line added: another file).
    text = seed_path(SEED_001).read_bytes() + b"\n"
    plan_b = import_plan(text, filename="b.txt", unit_code="26041")
    Plan.objects.filter(pk=plan_a.pk).update(parent=plan_b)
    # A task of plan B that no unit of ward A takes part in.
    first_b = plan_b.tasks.exclude(units__unit__path__contains="/25210").order_by("pk").first()
    Task.objects.filter(pk=plan_a.tasks.order_by("pk").first().pk).update(parent_task=first_b)
    return plan_a, plan_b


def test_a_parent_plan_out_of_scope_is_named_without_a_link(two_ward_plans, officer_a, login):
    plan_a, plan_b = two_ward_plans
    client = login(officer_a)
    assert client.get(f"/plans/{plan_b.pk}/").status_code == 404
    for url in (f"/plans/{plan_a.pk}/", f"/plans/{plan_a.pk}/review/"):
        page = client.get(url).content.decode()
        assert f'href="/plans/{plan_b.pk}/"' not in page, url
        assert str(plan_b.number or plan_b.title)[:20] in page, url
    task = plan_a.tasks.order_by("pk").first()
    page = client.get(f"/plans/tasks/{task.pk}/").content.decode()
    assert client.get(f"/plans/tasks/{task.parent_task_id}/").status_code == 404
    assert f'href="/plans/tasks/{task.parent_task_id}/"' not in page
    assert task.parent_task.content[:30] in page


def test_a_parent_plan_in_scope_keeps_its_link(two_ward_plans, coordinator, login):
    plan_a, plan_b = two_ward_plans
    page = login(coordinator).get(f"/plans/{plan_a.pk}/").content.decode()
    assert f'href="/plans/{plan_b.pk}/"' in page
