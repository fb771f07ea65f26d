"""Admin site and ModelAdmin base that apply the scoping mechanism."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import editable, scope_for, visible


class ScopedAdminSite(admin.AdminSite):
    site_header = _("hientai administration")
    site_title = _("hientai")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        # Roles decide back-office access; is_staff is not used.
        return request.user.is_active and scope_for(request.user).is_staff


class ScopedModelAdmin(admin.ModelAdmin):
    """Lists only rows in the user's scope; changes only rows they may edit.

    `write_roles_only_city_wide` keeps reference data (code lists) read-only
    for unit officers.
    """

    write_roles_only_city_wide = False

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return visible(super().get_queryset(request), request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return scope_for(request.user).is_staff

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not scope_for(request.user).is_staff:
            return False
        return (
            obj is None
            or visible(self.model._default_manager.filter(pk=obj.pk), request.user).exists()
        )

    def _may_write(self, request: HttpRequest) -> bool:
        scope = scope_for(request.user)
        if self.write_roles_only_city_wide:
            return scope.city_wide
        return scope.can_write

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not self._may_write(request):
            return False
        return (
            obj is None
            or editable(self.model._default_manager.filter(pk=obj.pk), request.user).exists()
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._may_write(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return scope_for(request.user).is_admin
