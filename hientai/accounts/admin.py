from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest

from hientai.accounts.models import RoleAssignment, User
from hientai.accounts.scoping import scope_for


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
    inlines = [RoleAssignmentInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AdminOnly, admin.ModelAdmin):
    list_display = ["user", "role", "unit", "valid_from", "valid_to"]
    list_filter = ["role"]
    autocomplete_fields = ["user", "unit"]
