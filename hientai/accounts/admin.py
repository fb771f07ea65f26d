from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from hientai.accounts import services
from hientai.accounts.models import RoleAssignment, User
from hientai.accounts.scoping import scope_for
from hientai.core import audit


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]


class AdminOnly:
    """Accounts and roles are managed by system administrators alone."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return scope_for(request.user).is_admin

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return scope_for(request.user).is_admin

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return scope_for(request.user).is_admin

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return scope_for(request.user).is_admin

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return scope_for(request.user).is_admin


@admin.register(User)
class UserAdmin(AdminOnly, DjangoUserAdmin):
    """Accounts; their roles are saved through `accounts.services` (audited)."""

    inlines = [RoleAssignmentInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = audit.snapshot(audit.stored(obj), exclude=["password", "last_login"])
        super().save_model(request, obj, form, change)
        audit.record(
            request.user,
            audit.Action.UPDATE if change else audit.Action.CREATE,
            obj,
            label=obj.get_username(),
            before=before,
            after=audit.snapshot(obj, exclude=["password", "last_login"]),
            channel="admin",
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        for assignment in obj.role_assignments.all():
            services.delete_role_assignment(assignment, request.user, channel="admin")
        audit.record(
            request.user,
            audit.Action.DELETE,
            obj,
            label=obj.get_username(),
            before=audit.snapshot(obj, exclude=["password", "last_login"]),
            channel="admin",
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for user in queryset:
            self.delete_model(request, user)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        assignments = formset.save(commit=False)
        for assignment in formset.deleted_objects:
            services.delete_role_assignment(assignment, request.user, channel="admin")
        for assignment in assignments:
            services.save_role_assignment(assignment, request.user, channel="admin")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AdminOnly, admin.ModelAdmin):
    list_display = ["user", "role", "unit", "valid_from", "valid_to"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "unit"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.save_role_assignment(obj, request.user, channel="admin")

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.delete_role_assignment(obj, request.user, channel="admin")

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for assignment in queryset:
            services.delete_role_assignment(assignment, request.user, channel="admin")
