"""Reporting follows a unit that is merged, renamed, split or closed (`orgs.changes`):
datasets sent to it, its report assignments, and its open submissions (draft or
returned; delivered ones stay with the unit that delivered them). An assignment or a
submission the successor already has for the same dataset (and period) is left where it
is, for the coordinator to settle."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy

from hientai.orgs.changes import Dependent, register
from hientai.orgs.models import Unit
from hientai.reporting.models import EDITABLE_STATUSES, Assignment, Dataset, Submission


def count_datasets(unit: Unit) -> int:
    return (
        Dataset.objects.filter(recipient=unit).count()
        + Assignment.objects.filter(unit=unit).count()
    )


def move_datasets(old: Unit, new: Unit, day: datetime.date, user: Any) -> int:
    moved = Dataset.objects.filter(recipient=old).update(recipient=new)
    taken = set(Assignment.objects.filter(unit=new).values_list("dataset_id", flat=True))
    moved += Assignment.objects.filter(unit=old).exclude(dataset_id__in=taken).update(unit=new)
    return moved


def _open(unit: Unit) -> Any:
    return Submission.objects.filter(unit=unit, status__in=EDITABLE_STATUSES)


def count_submissions(unit: Unit) -> int:
    return _open(unit).count()


def move_submissions(old: Unit, new: Unit, day: datetime.date, user: Any) -> int:
    taken = set(Submission.objects.filter(unit=new).values_list("dataset_id", "period"))
    moved = 0
    for submission in _open(old):
        if (submission.dataset_id, submission.period) in taken:
            continue
        Submission.objects.filter(pk=submission.pk).update(unit=new)
        moved += 1
    return moved


def register_moves() -> None:
    register(
        Dependent("datasets", gettext_lazy("datasets and report assignments"), count_datasets,
                  move_datasets, order=40)
    )  # fmt: skip
    register(
        Dependent("submissions", gettext_lazy("open submissions"), count_submissions,
                  move_submissions, order=50)
    )  # fmt: skip
