"""Plans screens: list, upload, review of drafts (source text beside the extracted items),
plan and task pages with tracking. Thin: every write goes through `plans.services`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hientai.accounts.http import staff_only
from hientai.accounts.scoping import get_visible_or_404, scope_for, visible
from hientai.core.http import error_text, is_htmx
from hientai.plans import services
from hientai.plans.forms import (
    DecisionForm,
    DutyForm,
    ExtensionForm,
    NewUnitForm,
    PersonForm,
    PlanForm,
    TargetForm,
    TaskForm,
    UnitMappingForm,
    UpdateForm,
    UploadForm,
)
from hientai.plans.models import (
    OVERDUE,
    SIX_CLEAR_LABELS,
    DeadlineExtension,
    LegalBasis,
    Plan,
    PlanEvent,
    PlanStatus,
    ReportingDuty,
    Target,
    Task,
    TaskStatus,
    TaskUnit,
    TaskUpdate,
)
from hientai.plans.services import SIX_CLEAR_KEYS

SOURCE_CONTEXT = 3  # lines shown around a highlighted span when the page opens on it


def _tasks_with_tracking(queryset: QuerySet[Task]) -> QuerySet[Task]:
    # One Prefetch per call: the stubs want the querysets of one call to share a model.
    return (
        queryset.select_related("plan", "plan__issuing_unit")
        .prefetch_related(Prefetch("units", queryset=TaskUnit.objects.select_related("unit")))
        .prefetch_related(
            Prefetch("updates", queryset=TaskUpdate.objects.only("pk", "task_id", "created_at"))
        )
    )


def _filter_tasks(request: HttpRequest, tasks: QuerySet[Task]) -> tuple[list[Task], dict]:
    """Status (overdue is computed), missing "6 rõ" (all or one), free text."""
    status = request.GET.get("status", "")
    missing = request.GET.get("missing", "")
    query = request.GET.get("q", "").strip()
    if missing:
        tasks = services.missing_six_clear(tasks, missing if missing in SIX_CLEAR_KEYS else None)
    if status in TaskStatus.values:
        tasks = tasks.filter(status=status)
    if query:
        tasks = tasks.filter(Q(content__icontains=query) | Q(units__name__icontains=query))
        tasks = tasks.distinct()
    rows = list(_tasks_with_tracking(tasks))
    if status == OVERDUE:
        rows = [task for task in rows if task.is_overdue()]
    return rows, {"status": status, "missing": missing, "q": query}


def _filter_context() -> dict[str, Any]:
    return {
        "status_choices": [*TaskStatus.choices, (OVERDUE, _("Overdue"))],
        "six_clear_choices": [(key, SIX_CLEAR_LABELS[key]) for key in SIX_CLEAR_KEYS],
    }


# ---------------------------------------------------------------- lists


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    plans = services.readable_plans(request.user).select_related("issuing_unit", "parent")
    status = request.GET.get("status", "")
    if status in PlanStatus.values:
        plans = plans.filter(status=status)
    query = request.GET.get("q", "").strip()
    if query:
        plans = plans.filter(Q(title__icontains=query) | Q(number__icontains=query))
    plans = plans.annotate(task_count=Count("tasks", distinct=True))
    return render(
        request,
        "plans/plan_list.html",
        {
            "plans": plans,
            "status": status,
            "query": query,
            "status_choices": PlanStatus.choices,
            "can_upload": scope_for(request.user).can_write,
        },
    )


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    """Every task the user reaches, across plans: their units' plans and their assignments."""
    staff_only(request)
    tasks = visible(Task.objects.exclude(plan__status=PlanStatus.DRAFT), request.user)
    rows, filters = _filter_tasks(request, tasks)
    return render(
        request,
        "plans/task_list.html",
        {
            "tasks": rows,
            "filters": filters,
            "summary": services.summarise(rows),
            **_filter_context(),
        },
    )


# ---------------------------------------------------------------- upload


@login_required
def plan_upload(request: HttpRequest) -> HttpResponse:
    staff_only(request)
    if not scope_for(request.user).can_write:
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        unit = form.cleaned_data["unit"]
        try:
            plan = services.import_plan(
                upload.read(),
                upload.name,
                user=request.user,
                unit_code=unit.code if unit else None,
            )
        except (services.PlanImportError, PermissionDenied) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The plan was imported as a draft: check each item against the document."),
            )
            return redirect("plans:plan_review", pk=plan.pk)
    return render(request, "plans/plan_upload.html", {"form": form})


# ---------------------------------------------------------------- plan pages


def _links(user: Any, plan_ids: Any = (), task_ids: Any = ()) -> dict[str, set[int]]:
    """Which linked plans and tasks the reader may open: the others are shown without a link."""
    plan_ids = {pk for pk in plan_ids if pk}
    task_ids = {pk for pk in task_ids if pk}
    return {
        "readable_plans": set(
            services.readable_plans(user).filter(pk__in=plan_ids).values_list("pk", flat=True)
        )
        if plan_ids
        else set(),
        "readable_tasks": set(
            visible(Task.objects.filter(pk__in=task_ids), user).values_list("pk", flat=True)
        )
        if task_ids
        else set(),
    }


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    plan = services.plan_for_reader(request.user, pk)
    tasks = visible(Task.objects.filter(plan=plan), request.user)
    rows, filters = _filter_tasks(request, tasks)
    own = visible(Plan.objects.filter(pk=plan.pk), request.user).exists()
    context = {
        "plan": plan,
        "tasks": rows,
        "filters": filters,
        "summary": services.summarise(rows),
        "targets": visible(Target.objects.filter(plan=plan), request.user),
        "duties": visible(
            ReportingDuty.objects.filter(plan=plan).select_related("from_unit", "to_unit"),
            request.user,
        ),
        "bases": visible(
            LegalBasis.objects.filter(plan=plan).select_related("referenced_plan"), request.user
        ),
        "children": services.readable_plans(request.user).filter(parent=plan),
        "events": visible(
            PlanEvent.objects.filter(plan=plan).select_related("actor", "task"), request.user
        )[:30],
        "reads_whole_plan": own,
        "can_review": services.can_edit_structure(plan, request.user),
        "can_change_status": services.can_change_status(plan, request.user),
        "years": plan.years(),
        **_filter_context(),
    }
    context.update(
        _links(
            request.user,
            [plan.parent_id, *(basis.referenced_plan_id for basis in context["bases"])],
        )
    )
    return render(request, "plans/plan_detail.html", context)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _source_context(plan: Plan, start: int | None, end: int | None) -> dict[str, Any]:
    end = end or start
    lines = [
        {"number": number, "text": text, "hl": bool(start and start <= number <= (end or start))}
        for number, text in enumerate(plan.source_lines, start=1)
    ]
    return {"plan": plan, "lines": lines, "start": start, "end": end}


def _review_plan(request: HttpRequest, pk: int) -> Plan:
    staff_only(request)
    return get_visible_or_404(
        Plan.objects.select_related("issuing_unit", "parent"), request.user, pk=pk
    )


@login_required
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _review_plan(request, pk)
    editable_structure = services.can_edit_structure(plan, request.user)
    tasks = _tasks_with_tracking(plan.tasks.all())
    start, end = _int(request.GET.get("start")), _int(request.GET.get("end"))
    context = {
        **_source_context(plan, start, end),
        "tasks": tasks,
        "targets": plan.targets.all(),
        "duties": plan.reporting_duties.select_related("from_unit", "to_unit"),
        "bases": plan.legal_bases.select_related("referenced_plan"),
        "plan_form": PlanForm(instance=plan, user=request.user) if editable_structure else None,
        "problems": services.activation_problems(plan) if plan.is_draft else [],
        "can_edit": editable_structure,
        "can_change_status": services.can_change_status(plan, request.user),
        "unresolved": TaskUnit.objects.filter(
            task__plan=plan, unit__isnull=True, is_generic=False
        ).count(),
    }
    context.update(
        _links(
            request.user,
            [plan.parent_id, *(basis.referenced_plan_id for basis in context["bases"])],
            [task.parent_task_id for task in tasks],
        )
    )
    return render(request, "plans/plan_review.html", context)


@login_required
def plan_source(request: HttpRequest, pk: int) -> HttpResponse:
    """The source pane with one item's lines highlighted (htmx)."""
    plan = _review_plan(request, pk)
    start, end = _int(request.GET.get("start")), _int(request.GET.get("end"))
    return render(request, "plans/_source.html", _source_context(plan, start, end))


@login_required
@require_POST
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _review_plan(request, pk)
    form = PlanForm(request.POST, instance=Plan.objects.get(pk=plan.pk), user=request.user)
    if form.is_valid():
        changes = {name: form.cleaned_data[name] for name in services.PLAN_FIELDS}
        changes["parent"] = form.cleaned_data["parent"]
        try:
            services.update_plan(plan, request.user, changes)
            messages.success(request, _("The plan was saved."))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, error_text(error))
    else:
        errors = "; ".join(
            f"{form.fields[name].label if name in form.fields else ''}: {' '.join(map(str, errs))}"
            for name, errs in form.errors.items()
        )
        messages.error(request, _("The plan was not saved: %(errors)s") % {"errors": errors})
    return redirect("plans:plan_review", pk=plan.pk)


@login_required
@require_POST
def plan_activate(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _review_plan(request, pk)
    try:
        services.activate(plan, request.user)
    except services.ActivationError as error:
        messages.error(
            request,
            _("The plan cannot be activated yet: %(problems)s")
            % {"problems": " ".join(error.problems)},
        )
        return redirect("plans:plan_review", pk=plan.pk)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
        return redirect("plans:plan_review", pk=plan.pk)
    messages.success(request, _("The plan is active: its tasks can now be tracked."))
    return redirect("plans:plan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_close(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _review_plan(request, pk)
    try:
        services.close(plan, request.user)
        messages.success(request, _("The plan was closed."))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    return redirect("plans:plan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_automap(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _review_plan(request, pk)
    try:
        count = services.auto_map(plan, request.user)
        messages.success(request, _("%(count)d unit names were mapped.") % {"count": count})
    except PermissionDenied as error:
        messages.error(request, error_text(error))
    return redirect("plans:plan_review", pk=plan.pk)


@login_required
@require_POST
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _review_plan(request, pk)
    try:
        task = services.add_task(plan, request.user, request.POST.get("content", ""))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
        return redirect("plans:plan_review", pk=plan.pk)
    return redirect(reverse("plans:plan_review", args=[plan.pk]) + f"#task-{task.pk}")


# ---------------------------------------------------------------- review items


def _structure_item(request: HttpRequest, model: type[Target | ReportingDuty], pk: int) -> Any:
    staff_only(request)
    item = get_visible_or_404(model.objects.select_related("plan"), request.user, pk=pk)
    return item


def _review_task(request: HttpRequest, pk: int) -> Task:
    staff_only(request)
    queryset = _tasks_with_tracking(Task.objects.all())
    task = get_visible_or_404(queryset, request.user, pk=pk)
    # Review works on the plan's own rows: its unit's officers or city-wide roles.
    if not visible(Plan.objects.filter(pk=task.plan_id), request.user).exists():
        raise Http404
    return task


def _task_item(request: HttpRequest, task: Task, status: int = 200) -> HttpResponse:
    task = _tasks_with_tracking(Task.objects.filter(pk=task.pk)).get()
    return render(
        request,
        "plans/_task_item.html",
        {
            "task": task,
            "plan": task.plan,
            "can_edit": services.can_edit_structure(task.plan, request.user),
            **_links(request.user, task_ids=[task.parent_task_id]),
        },
        status=status,
    )


@login_required
def task_row(request: HttpRequest, pk: int) -> HttpResponse:
    return _task_item(request, _review_task(request, pk))


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = _review_task(request, pk)
    if not services.can_edit_structure(task.plan, request.user):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = TaskForm(data, task=task)
    links = list(task.units.select_related("unit", "task__plan__issuing_unit"))
    mapping_forms = [UnitMappingForm(data, link=link) for link in links]
    new_unit = NewUnitForm(data)
    if data is not None:
        valid = form.is_valid() & all([f.is_valid() for f in mapping_forms]) & new_unit.is_valid()
        if valid:
            try:
                _save_task(request, task, form, mapping_forms, new_unit)
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, error_text(error))
            else:
                if is_htmx(request):
                    return _task_item(request, task)
                return redirect(
                    reverse("plans:plan_review", args=[task.plan_id]) + f"#task-{task.pk}"
                )
    context = {
        "task": task,
        "plan": task.plan,
        "form": form,
        "mapping_forms": mapping_forms,
        "new_unit": new_unit,
    }
    template = "plans/_task_form.html" if is_htmx(request) else "plans/task_edit.html"
    return render(request, template, context)


def _save_task(
    request: HttpRequest,
    task: Task,
    form: TaskForm,
    mapping_forms: list[UnitMappingForm],
    new_unit: NewUnitForm,
) -> None:
    from django.db import transaction

    with transaction.atomic():
        changes = {name: form.cleaned_data[name] for name in services.TASK_FIELDS}
        changes["deadline_raw"] = form.cleaned_data["deadline_raw"]
        changes["parent_task"] = form.cleaned_data["parent_task"]
        services.update_task(task, request.user, changes)
        for mapping in mapping_forms:
            if mapping.cleaned_data.get("remove"):
                services.remove_task_unit(mapping.link, request.user)
                continue
            unit, generic = mapping.target()
            services.map_task_unit(mapping.link, request.user, unit=unit, generic=generic)
        if new_unit.has_entry():
            data = new_unit.cleaned_data
            services.add_task_unit(
                task,
                request.user,
                data["role"],
                data["name"],
                unit=data["code"],
                generic=data["generic"],
            )


@login_required
@require_POST
def task_delete(request: HttpRequest, pk: int) -> HttpResponse:
    task = _review_task(request, pk)
    plan_pk = task.plan_id
    try:
        services.delete_item(task, request.user)
    except PermissionDenied as error:
        messages.error(request, error_text(error))
    if is_htmx(request):
        return HttpResponse("")
    return redirect("plans:plan_review", pk=plan_pk)


_ITEM_MODELS: dict[str, tuple[type[Target | ReportingDuty], type[forms.ModelForm]]] = {
    "target": (Target, TargetForm),
    "duty": (ReportingDuty, DutyForm),
}


@login_required
def item_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Edit a target or a reporting duty in the review page."""
    if kind not in _ITEM_MODELS:
        raise Http404
    model, form_class = _ITEM_MODELS[kind]
    item = _structure_item(request, model, pk)
    if not services.can_edit_structure(item.plan, request.user):
        raise PermissionDenied
    form = form_class(request.POST or None, instance=model.objects.get(pk=item.pk))
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        try:
            services.update_item(item, request.user, changes)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, error_text(error))
        else:
            item.refresh_from_db()
            if is_htmx(request):
                return render(
                    request,
                    f"plans/_{kind}_item.html",
                    {kind: item, "plan": item.plan, "can_edit": True},
                )
            return redirect(
                reverse("plans:plan_review", args=[item.plan_id]) + f"#{kind}-{item.pk}"
            )
    context = {"item": item, "kind": kind, "form": form, "plan": item.plan}
    template = "plans/_item_form.html" if is_htmx(request) else "plans/item_edit.html"
    return render(request, template, context)


@login_required
def item_row(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in _ITEM_MODELS:
        raise Http404
    item = _structure_item(request, _ITEM_MODELS[kind][0], pk)
    return render(
        request,
        f"plans/_{kind}_item.html",
        {
            kind: item,
            "plan": item.plan,
            "can_edit": services.can_edit_structure(item.plan, request.user),
        },
    )


@login_required
@require_POST
def item_delete(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in _ITEM_MODELS:
        raise Http404
    item = _structure_item(request, _ITEM_MODELS[kind][0], pk)
    plan_pk = item.plan_id
    try:
        services.delete_item(item, request.user)
    except PermissionDenied as error:
        messages.error(request, error_text(error))
    if is_htmx(request):
        return HttpResponse("")
    return redirect("plans:plan_review", pk=plan_pk)


# ---------------------------------------------------------------- task tracking


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    task = get_visible_or_404(_tasks_with_tracking(Task.objects.all()), request.user, pk=pk)
    today = datetime.date.today()
    years = task.plan.years(today)
    context = {
        "task": task,
        "plan": task.plan,
        "six": [(key, SIX_CLEAR_LABELS[key], ok) for key, ok in task.six_clear().items()],
        "due_dates": task.due_dates(years),
        "next_due": task.next_due(today),
        "years": years,
        "updates": TaskUpdate.objects.filter(task=task).select_related("author"),
        "extensions": task.extensions.select_related("requested_by", "decided_by"),
        "child_tasks": visible(task.child_tasks.select_related("plan"), request.user),
        "events": visible(
            PlanEvent.objects.filter(task=task).select_related("actor"), request.user
        )[:30],
        "can_track": services.can_track(task, request.user),
        "can_decide": services.can_decide_extension(task, request.user),
        "can_review": services.can_edit_structure(task.plan, request.user),
        "update_form": UpdateForm(initial={"progress": task.progress, "status": task.status}),
        "extension_form": ExtensionForm(),
        "decision_form": DecisionForm(),
        "person_form": PersonForm(
            initial={
                "responsible_person": "" if task.responsible_user_id else task.responsible_person,
                "responsible_user": task.responsible_user_id,
            },
            users=services.lead_unit_users(task),
        ),
        "rollup": services.rolled_up(task),
        "watching": task.watchers.filter(pk=getattr(request.user, "pk", 0) or 0).exists(),
        "watchers": task.watchers.order_by("last_name", "first_name"),
        **_links(request.user, [task.plan_id], [task.parent_task_id]),
    }
    return render(request, "plans/task_detail.html", context)


def _tracked_task(request: HttpRequest, pk: int) -> Task:
    staff_only(request)
    return get_visible_or_404(Task.objects.select_related("plan"), request.user, pk=pk)


@login_required
@require_POST
def task_update(request: HttpRequest, pk: int) -> HttpResponse:
    task = _tracked_task(request, pk)
    form = UpdateForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.post_update(
                task,
                request.user,
                form.cleaned_data["progress"],
                form.cleaned_data["status"],
                form.cleaned_data["note"],
                form.cleaned_data["evidence"],
            )
            messages.success(request, _("The progress report was saved."))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, error_text(error))
    else:
        messages.error(
            request, " ".join(" ".join(map(str, errors)) for errors in form.errors.values())
        )
    return redirect("plans:task_detail", pk=task.pk)


@login_required
@require_POST
def task_person(request: HttpRequest, pk: int) -> HttpResponse:
    task = _tracked_task(request, pk)
    form = PersonForm(request.POST, users=services.lead_unit_users(task))
    if form.is_valid():
        try:
            services.set_responsible_person(
                task,
                request.user,
                form.cleaned_data["responsible_person"],
                responsible_user=form.cleaned_data["responsible_user"],
            )
            messages.success(request, _("The responsible person was saved."))
        except (PermissionDenied, ValidationError) as error:
            messages.error(request, error_text(error))
    else:
        messages.error(request, _("Choose a user of the lead unit."))
    return redirect("plans:task_detail", pk=task.pk)


@login_required
@require_POST
def task_watch(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a task (its reminders reach the watcher) or stop following it."""
    staff_only(request)
    task = get_visible_or_404(Task.objects.all(), request.user, pk=pk)
    watching = request.POST.get("watch") == "1"
    services.set_watching(task, request.user, watching)
    messages.success(
        request,
        _("You now follow this task.") if watching else _("You no longer follow this task."),
    )
    return redirect("plans:task_detail", pk=task.pk)


@dataclass
class TimelineRow:
    task: Task
    due: datetime.date | None
    overdue: bool


@login_required
def plan_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's tasks by deadline, overdue ones in red."""
    staff_only(request)
    plan = services.plan_for_reader(request.user, pk)
    today = datetime.date.today()
    tasks = visible(
        _tasks_with_tracking(Task.objects.filter(plan=plan)), request.user
    ).select_related("responsible_user")
    rows = [
        TimelineRow(task=task, due=task.next_due(today), overdue=task.is_overdue(today))
        for task in tasks
    ]
    rows.sort(key=lambda row: (row.due is None, row.due or today, row.task.position))
    return render(
        request,
        "plans/plan_timeline.html",
        {"plan": plan, "rows": rows, "today": today},
    )


@login_required
@require_POST
def task_extension(request: HttpRequest, pk: int) -> HttpResponse:
    task = _tracked_task(request, pk)
    form = ExtensionForm(request.POST)
    if form.is_valid():
        try:
            services.request_extension(
                task, request.user, form.cleaned_data["new_due"], form.cleaned_data["reason"]
            )
            messages.success(request, _("The extension request was sent for approval."))
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, error_text(error))
    else:
        messages.error(request, _("Give the new due date and the reason."))
    return redirect("plans:task_detail", pk=task.pk)


@login_required
@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    staff_only(request)
    extension = get_visible_or_404(
        DeadlineExtension.objects.select_related("task", "task__plan"), request.user, pk=pk
    )
    form = DecisionForm(request.POST)
    form.is_valid()
    approve = request.POST.get("decision") == "approve"
    try:
        services.decide_extension(
            extension, request.user, approve, form.cleaned_data.get("note", "")
        )
        messages.success(
            request,
            _("The extension was approved.") if approve else _("The extension was rejected."),
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, error_text(error))
    return redirect("plans:task_detail", pk=extension.task_id)


@login_required
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    """Evidence files are served through scoping, never from a public media URL."""
    staff_only(request)
    update = get_visible_or_404(TaskUpdate.objects.all(), request.user, pk=pk)
    if not update.evidence:
        raise Http404
    return FileResponse(
        update.evidence.open("rb"),
        as_attachment=True,
        filename=(update.evidence.name or "").rsplit("/", 1)[-1],
    )
