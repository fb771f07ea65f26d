"""Plans API: plans the caller reads, one plan with its tasks, progress reports on a task.
Scoped like the web screens (out-of-scope rows answer 404) and written through services."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from hientai.accounts.scoping import get_visible_or_404, visible
from hientai.core import cursor as cursors
from hientai.plans import services
from hientai.plans.models import Plan, Target, Task

router = Router(tags=["plans"])


class PlanOut(Schema):
    id: int
    number: str
    title: str
    issuing_unit: str
    date: datetime.date | None
    start_year: int | None
    end_year: int | None
    status: str
    parent_id: int | None
    parent_reference: str
    approver: str


class DeadlineOut(Schema):
    raw: str
    kind: str | None
    due: datetime.date | None
    extended_due: datetime.date | None
    next_due: datetime.date | None
    due_dates: list[datetime.date]


class TaskUnitOut(Schema):
    role: str
    name: str
    unit: str | None
    is_generic: bool


class TaskOut(Schema):
    id: int
    number: str
    content: str
    units: list[TaskUnitOut]
    deadline: DeadlineOut
    expected_result: str
    responsible_person: str
    status: str
    progress: int
    six_clear: dict[str, bool]
    parent_task_id: int | None
    span: dict[str, int | None]


class TargetOut(Schema):
    text: str
    value: float
    value_max: float | None
    unit: str
    comparator: str
    year: int | None


class PlanDetailOut(PlanOut):
    tasks: list[TaskOut]
    targets: list[TargetOut]


class UpdateIn(Schema):
    progress: int
    status: str | None = None
    note: str = ""


class UpdateOut(Schema):
    id: int
    task_id: int
    progress: int
    status: str
    note: str
    author: str
    created_at: datetime.datetime


def _plan(plan: Plan) -> dict:
    return {
        "id": plan.pk,
        "number": plan.number,
        "title": plan.title,
        "issuing_unit": plan.issuing_unit.code,
        "date": plan.date,
        "start_year": plan.start_year,
        "end_year": plan.end_year,
        "status": plan.status,
        "parent_id": plan.parent_id,
        "parent_reference": plan.parent_reference,
        "approver": plan.approver,
    }


def _task(task: Task) -> dict:
    return {
        "id": task.pk,
        "number": task.number,
        "content": task.content,
        "units": [
            {
                "role": link.role,
                "name": link.name,
                "unit": link.unit.code if link.unit is not None else None,
                "is_generic": link.is_generic,
            }
            for link in task.units.all()
        ],
        "deadline": {
            "raw": task.deadline_raw,
            "kind": task.deadline_kind or None,
            "due": task.deadline_due,
            "extended_due": task.extended_due,
            "next_due": task.next_due(),
            "due_dates": task.due_dates(),
        },
        "expected_result": task.expected_result,
        "responsible_person": task.responsible_person,
        "status": task.display_status(),
        "progress": task.progress,
        "six_clear": task.six_clear(),
        "parent_task_id": task.parent_task_id,
        "span": {"start_line": task.start_line, "end_line": task.end_line},
    }


class PageIn(Schema):
    """Cursor pagination (issue 19): pass the previous page's `next_cursor` as `cursor`."""

    cursor: str | None = None
    limit: int = Field(cursors.DEFAULT_LIMIT, ge=1, le=cursors.MAX_LIMIT)
    updated_since: datetime.datetime | None = Field(
        None, description="Only rows changed at or after this moment."
    )


class PlanPage(Schema):
    items: list[PlanOut]
    next_cursor: str | None


class TaskListOut(TaskOut):
    plan_id: int
    updated_at: datetime.datetime


class TaskPage(Schema):
    items: list[TaskListOut]
    next_cursor: str | None


def _paged(queryset, kind: str, params: PageIn):
    if params.updated_since:
        queryset = queryset.filter(updated_at__gte=params.updated_since)
    try:
        return cursors.page(queryset, kind, params.cursor, params.limit)
    except cursors.BadCursor as error:
        raise HttpError(400, str(error)) from error


@router.get("/", response=PlanPage)
def list_plans(request: HttpRequest, params: Query[PageIn], status: str | None = None):
    """Plans of the caller's units and plans holding tasks assigned to them, by id, a page
    at a time."""
    plans = services.readable_plans(request.user).select_related("issuing_unit")
    if status:
        plans = plans.filter(status=status)
    rows, next_cursor = _paged(plans, "plans", params)
    return cursors.envelope([_plan(plan) for plan in rows], next_cursor)


@router.get("/tasks", response=TaskPage)
def list_tasks(
    request: HttpRequest,
    params: Query[PageIn],
    plan: int | None = None,
    unit: str | None = None,
):
    """Tasks the caller may read (of every plan, or of `plan`; led or coordinated by `unit`),
    by id, a page at a time; `updated_since` for incremental synchronisation."""
    tasks = services.visible_tasks(request.user)
    if plan is not None:
        tasks = tasks.filter(plan_id=plan)
    if unit:
        tasks = tasks.filter(pk__in=Task.objects.filter(units__unit__code=unit).values("pk"))
    tasks = tasks.select_related("plan").prefetch_related("units__unit", "updates")
    rows, next_cursor = _paged(tasks, "tasks", params)
    items = [
        {**_task(task), "plan_id": task.plan_id, "updated_at": task.updated_at} for task in rows
    ]
    return cursors.envelope(items, next_cursor)


@router.get("/{plan_id}", response=PlanDetailOut)
def get_plan(request: HttpRequest, plan_id: int):
    """One plan with the tasks (and targets) the caller may read."""
    plan = services.plan_for_reader(request.user, plan_id)
    tasks = visible(Task.objects.filter(plan=plan), request.user)
    tasks = tasks.select_related("plan").prefetch_related("units__unit", "updates")
    targets = visible(Target.objects.filter(plan=plan), request.user)
    return {
        **_plan(plan),
        "tasks": [_task(task) for task in tasks],
        "targets": [
            {
                "text": target.text,
                "value": float(target.value),
                "value_max": float(target.value_max) if target.value_max is not None else None,
                "unit": target.unit,
                "comparator": target.comparator,
                "year": target.year,
            }
            for target in targets
        ],
    }


@router.post("/tasks/{task_id}/updates", response={201: UpdateOut})
def post_update(request: HttpRequest, task_id: int, payload: UpdateIn):
    """Report progress on a task (officers of the plan's unit or of its lead/coordinating
    units, while the plan is active)."""
    task = get_visible_or_404(Task.objects.select_related("plan"), request.user, pk=task_id)
    try:
        update = services.post_update(
            task, request.user, payload.progress, payload.status, payload.note
        )
    except PermissionDenied as error:
        raise HttpError(403, str(error)) from error
    except ValidationError as error:
        raise HttpError(422, " ".join(error.messages)) from error
    return 201, {
        "id": update.pk,
        "task_id": task.pk,
        "progress": update.progress,
        "status": update.status,
        "note": update.note,
        "author": request.user.username,
        "created_at": update.created_at,
    }
