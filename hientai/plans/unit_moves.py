"""Open tasks (not done) assigned to a unit follow it when it is merged, renamed, split
or closed (`orgs.changes`); finished tasks keep the unit they were done by."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy

from hientai.orgs.changes import Dependent, register
from hientai.orgs.models import Unit
from hientai.plans.models import TaskStatus, TaskUnit


def _open(unit: Unit) -> Any:
    return TaskUnit.objects.filter(unit=unit).exclude(task__status=TaskStatus.DONE)


def count_tasks(unit: Unit) -> int:
    return _open(unit).count()


def move_tasks(old: Unit, new: Unit, day: datetime.date, user: Any) -> int:
    return _open(old).update(unit=new)


def register_moves() -> None:
    register(Dependent("tasks", gettext_lazy("open tasks"), count_tasks, move_tasks, order=30))
