"""Back office for plans: everyone reads what their scope allows; only city-wide roles
(coordinator, administrator) change rows here, since the admin's forms bypass the review
screens' rules (a lead unit's officer may report on a task, never rewrite it)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hientai.accounts.admin_site import ScopedModelAdmin
from hientai.accounts.scoping import scope_for
from hientai.plans import models


class CityWideWriteAdmin(ScopedModelAdmin):
    def _may_write(self, request: HttpRequest) -> bool:
        return scope_for(request.user).city_wide

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        plan = obj if isinstance(obj, models.Plan) else getattr(obj, "plan", None)
        if plan is not None and plan.status == models.PlanStatus.CLOSED:
            return False
        return super().has_change_permission(request, obj)


class LegalBasisInline(admin.TabularInline):
    model = models.LegalBasis
    fk_name = "plan"
    extra = 0
    fields = ["position", "text", "document_kind", "document_number", "referenced_plan"]
    raw_id_fields = ["referenced_plan"]


class TargetInline(admin.TabularInline):
    model = models.Target
    extra = 0
    fields = ["position", "text", "comparator", "value", "value_max", "unit", "year"]


class ReportingDutyInline(admin.TabularInline):
    model = models.ReportingDuty
    extra = 0
    fields = ["position", "from_name", "from_unit", "to_name", "to_unit", "period_type", "due_day"]
    raw_id_fields = ["from_unit", "to_unit"]


@admin.register(models.Plan)
class PlanAdmin(CityWideWriteAdmin):
    list_display = ["number", "title", "issuing_unit", "status", "start_year", "end_year"]
    list_filter = ["status"]
    search_fields = ["number", "title"]
    list_select_related = ["issuing_unit"]
    raw_id_fields = ["issuing_unit", "parent"]
    readonly_fields = [
        "source_name",
        "source_format",
        "source_hash",
        "created_by",
        "created_at",
        "activated_by",
        "activated_at",
        "closed_by",
        "closed_at",
    ]
    exclude = ["source_text", "parsed"]
    inlines = [LegalBasisInline, TargetInline, ReportingDutyInline]


class TaskUnitInline(admin.TabularInline):
    model = models.TaskUnit
    extra = 0
    fields = ["role", "position", "name", "unit", "is_generic"]
    raw_id_fields = ["unit"]


class TaskUpdateInline(admin.TabularInline):
    model = models.TaskUpdate
    extra = 0
    fields = ("created_at", "author", "progress", "status", "note", "evidence")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class DeadlineExtensionInline(admin.TabularInline):
    model = models.DeadlineExtension
    extra = 0
    fields = ("old_due", "new_due", "reason", "requested_by", "status", "decided_by", "decided_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Task)
class TaskAdmin(CityWideWriteAdmin):
    list_display = ["__str__", "plan", "deadline_raw", "status", "progress"]
    list_filter = ["status", "deadline_kind", "plan__status"]
    search_fields = ["content", "units__name"]
    list_select_related = ["plan"]
    raw_id_fields = ["plan", "parent_task"]
    inlines = [TaskUnitInline, TaskUpdateInline, DeadlineExtensionInline]


@admin.register(models.PlanEvent)
class PlanEventAdmin(ScopedModelAdmin):
    """The audit trail: read-only."""

    list_display = ["at", "plan", "task", "actor", "action"]
    list_filter = ["action"]
    list_select_related = ["plan", "task", "actor"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
