from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hientai.accounts.admin_site import ScopedModelAdmin
from hientai.accounts.scoping import editable, scope_for
from hientai.orgs.models import Succession, Unit, UnitPopulation


class PopulationInline(admin.TabularInline):
    model = UnitPopulation
    extra = 0


@admin.register(Unit)
class UnitAdmin(ScopedModelAdmin):
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


@admin.register(Succession)
class SuccessionAdmin(ScopedModelAdmin):
    list_display = ["old_unit", "kind", "new_unit", "effective_date"]
    list_filter = ["kind"]
    search_fields = ["old_unit__name_vi", "new_unit__name_vi", "old_unit__code", "new_unit__code"]
    autocomplete_fields = ["old_unit", "new_unit"]
    write_roles_only_city_wide = True

    list_select_related = ["old_unit", "new_unit"]
