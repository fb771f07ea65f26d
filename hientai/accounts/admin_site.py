"""Admin site and ModelAdmin base: the admin is for system administrators only, and its
writes go through the services (or the generic audited write below)."""

import functools
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hientai.accounts.scoping import editable, scope_for, visible
from hientai.core import audit


class ScopedAdminSite(admin.AdminSite):
    site_header = _("hientai administration")
    site_title = _("hientai")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        # Only system administrators reach the admin; other roles have pages of their own.
        # Roles decide, is_staff is not used.
        return request.user.is_active and scope_for(request.user).is_admin

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        """Signed-in users without the admin role get 403 on every admin URL (not a
        login form that would suggest another account might do)."""
        wrapped = super().admin_view(view, cacheable)

        @functools.wraps(wrapped)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return wrapped(request, *args, **kwargs)

        return guarded

    def login(self, request: HttpRequest, extra_context: Any = None) -> Any:
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied
        return super().login(request, extra_context)


class ScopedModelAdmin(admin.ModelAdmin):
    """Lists only rows in the user's scope; changes only rows they may edit; every save and
    delete writes an audit row in the admin's transaction (models with a service of their
    own override save_model/delete_model to call it).

    `write_roles_only_city_wide` keeps reference data (code lists) read-only
    for unit officers.
    """

    write_roles_only_city_wide = False

    def get_queryset(self, request: HttpRequest) -> models.QuerySet:
        return visible(super().get_queryset(request), request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return scope_for(request.user).is_admin

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not scope_for(request.user).is_admin:
            return False
        return (
            obj is None
            or visible(self.model._default_manager.filter(pk=obj.pk), request.user).exists()
        )

    def _may_write(self, request: HttpRequest) -> bool:
        scope = scope_for(request.user)
        if not scope.is_admin:
            return False
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

    # ------------------------------------------------------------------ audited writes

    @staticmethod
    def audit_unit(obj: Any) -> Any:
        """The unit an object belongs to, for the audit row (None when it has none)."""
        unit = getattr(obj, "unit", None)
        if unit is None and hasattr(obj, "path") and hasattr(obj, "code"):
            unit = obj
        return unit

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = audit.snapshot(audit.stored(obj)) if change else None
        super().save_model(request, obj, form, change)
        audit.record(
            request.user,
            audit.Action.UPDATE if change else audit.Action.CREATE,
            obj,
            unit=self.audit_unit(obj),
            before=before,
            after=audit.snapshot(obj),
            channel="admin",
        )

    @transaction.atomic
    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit.record(
            request.user,
            audit.Action.DELETE,
            obj,
            unit=self.audit_unit(obj),
            before=audit.snapshot(obj),
            after=None,
            channel="admin",
        )
        super().delete_model(request, obj)

    @transaction.atomic
    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    @transaction.atomic
    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        befores = {
            inline.pk: audit.snapshot(audit.stored(inline))
            for inline in formset.save(commit=False)
            if inline.pk
        }
        for obj in formset.deleted_objects:
            audit.record(
                request.user,
                audit.Action.DELETE,
                obj,
                unit=self.audit_unit(obj),
                before=audit.snapshot(obj),
                channel="admin",
            )
        formset.save()
        for obj in [*formset.new_objects, *(item for item, _fields in formset.changed_objects)]:
            audit.record(
                request.user,
                audit.Action.UPDATE if obj.pk in befores else audit.Action.CREATE,
                obj,
                unit=self.audit_unit(obj),
                before=befores.get(obj.pk),
                after=audit.snapshot(obj),
                channel="admin",
            )
