"""Back office for reporting. Datasets, their forms and requests are city-wide reference data
(the coordinator changes them); assignments are scoped by unit. Submissions are read here and
changed only through the workflow screens: an approved submission is read-only everywhere
(and its model refuses any change), the audit trail is append-only."""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from hientai.accounts.admin_site import ScopedModelAdmin
from hientai.reporting import models, services


class DatasetIndicatorInline(admin.TabularInline):
    model = models.DatasetIndicator
    extra = 0
    fields = ["position", "indicator", "required"]
    raw_id_fields = ["indicator"]


@admin.register(models.Dataset)
class DatasetAdmin(ScopedModelAdmin):
    write_roles_only_city_wide = True
    list_display = ["code", "name_vi", "period_type", "due_label", "active"]
    list_filter = ["period_type", "active"]
    search_fields = ["code", "name_vi", "name_en"]
    raw_id_fields = ["recipient", "duty"]
    inlines = [DatasetIndicatorInline]


class ReportRequestForm(forms.ModelForm):
    class Meta:
        model = models.ReportRequest
        fields = ["dataset", "period", "due_date", "note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        dataset, period = data.get("dataset"), data.get("period")
        if dataset is not None and period:
            try:
                parsed = services.parse_period(period)
                if dataset.period_type != models.PeriodType.AD_HOC:
                    dataset.check_period(parsed)
            except (ValueError, ValidationError) as error:
                self.add_error("period", str(getattr(error, "message", error)))
        return data


@admin.register(models.ReportRequest)
class ReportRequestAdmin(ScopedModelAdmin):
    form = ReportRequestForm
    write_roles_only_city_wide = True
    list_display = ["dataset", "period", "due_date", "created_by", "created_at"]
    list_filter = ["dataset"]
    readonly_fields = ["created_by", "created_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A request is keyed by dataset and period: changing them is a new request.
        extra = ["dataset", "period"] if obj is not None else []
        return [*self.readonly_fields, *extra]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Through the service: coordinator check, open submissions take the date, audit row.
        saved = services.request_report(
            obj.dataset, obj.period, obj.due_date, request.user, obj.note, channel="admin"
        )
        obj.pk = saved.pk


@admin.register(models.Assignment)
class AssignmentAdmin(ScopedModelAdmin):
    write_roles_only_city_wide = True
    list_display = ["dataset", "unit", "since", "until"]
    list_filter = ["dataset"]
    search_fields = ["unit__code", "unit__name_vi"]
    list_select_related = ["dataset", "unit"]
    raw_id_fields = ["unit"]


class SubmissionValueInline(admin.TabularInline):
    model = models.SubmissionValue
    extra = 0
    fields = ["indicator", "numerator", "denominator", "value", "note", "warnings"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SubmissionEventInline(admin.TabularInline):
    model = models.SubmissionEvent
    extra = 0
    fields = ["at", "user", "action", "from_status", "to_status", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.Submission)
class SubmissionAdmin(ScopedModelAdmin):
    """Read-only: values and decisions go through the workflow (validation, audit trail)."""

    list_display = ["dataset", "unit", "period", "status", "due_date", "submitted_at"]
    list_filter = ["status", "dataset", "period"]
    search_fields = ["unit__code", "unit__name_vi"]
    list_select_related = ["dataset", "unit"]
    inlines = [SubmissionValueInline, SubmissionEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Never through the admin: an approved submission is locked, an open one is changed
        # through the data-entry form (validation, outlier warnings, audit trail).
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.status == models.Status.APPROVED:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(models.SubmissionEvent)
class SubmissionEventAdmin(ScopedModelAdmin):
    """The audit trail: read-only."""

    list_display = ["at", "submission", "user", "action", "from_status", "to_status"]
    list_filter = ["action"]
    list_select_related = ["submission__dataset", "submission__unit", "user"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
