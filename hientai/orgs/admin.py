from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hientai.accounts.admin_site import ScopedModelAdmin
from hientai.accounts.scoping import editable, scope_for
from hientai.orgs import services
from hientai.orgs.models import Succession, Unit, UnitPopulation


class PopulationInline(admin.TabularInline):
    model = UnitPopulation
    extra = 0


class UnitAdminForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = [
            "code",
            "name_vi",
            "name_en",
            "kind",
            "parent",
            "valid_from",
            "valid_to",
            "source",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            services.check_parent(self.instance, data.get("parent"))
        except services.UnitDataError as error:
            self.add_error("parent", str(error))
        return data


@admin.register(Unit)
class UnitAdmin(ScopedModelAdmin):
    form = UnitAdminForm
    list_display = ["code", "name_vi", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name_vi", "name_en"]
    readonly_fields = ["path", "depth"]
    inlines = [PopulationInline]
    list_select_related = ["parent"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "parent":
            # A unit officer may only attach new units inside their own subtree.
            kwargs["queryset"] = editable(Unit.objects.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        if "parent" in form.base_fields and not scope_for(request.user).city_wide:
            form.base_fields["parent"].required = True
        return form

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # The service checks the stored unit and the target parent, refuses cycles, audits.
        try:
            services.save_unit(obj, request.user, reason=str(_("admin")), channel="admin")
        except services.UnitDataError as error:
            raise PermissionDenied(str(error)) from error


@admin.register(Succession)
class SuccessionAdmin(ScopedModelAdmin):
    list_display = ["old_unit", "kind", "new_unit", "effective_date"]
    list_filter = ["kind"]
    search_fields = ["old_unit__name_vi", "new_unit__name_vi", "old_unit__code", "new_unit__code"]
    autocomplete_fields = ["old_unit", "new_unit"]
    write_roles_only_city_wide = True

    list_select_related = ["old_unit", "new_unit"]
