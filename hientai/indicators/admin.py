"""Back office for the indicator catalogue (city-wide roles change it), targets and values."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from hientai.accounts.admin_site import ScopedModelAdmin
from hientai.accounts.scoping import scope_for
from hientai.indicators import models


class CityWideWriteAdmin(ScopedModelAdmin):
    """Catalogue, targets and approved values are set by the city (DOST, administrators);
    units submit their values through the reporting forms."""

    def _may_write(self, request: HttpRequest) -> bool:
        return scope_for(request.user).city_wide


class IndicatorTargetInline(admin.TabularInline):
    model = models.IndicatorTarget
    extra = 0
    fields = ["unit", "year", "is_baseline", "value", "plan_target", "note"]
    raw_id_fields = ["unit", "plan_target"]


@admin.register(models.Indicator)
class IndicatorAdmin(CityWideWriteAdmin):
    list_display = ["code", "name_vi", "unit", "kind", "direction", "aggregation", "active"]
    list_filter = ["kind", "unit", "direction", "active", "group"]
    search_fields = ["code", "name_vi", "name_en"]
    inlines = [IndicatorTargetInline]

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> list:
        return super().get_inline_instances(request, obj) if obj is not None else []


@admin.register(models.IndicatorTarget)
class IndicatorTargetAdmin(CityWideWriteAdmin):
    list_display = ["indicator", "unit", "year", "is_baseline", "value", "plan_target"]
    list_filter = ["is_baseline", "year"]
    search_fields = ["indicator__code", "indicator__name_vi", "unit__code"]
    list_select_related = ["indicator", "unit"]
    raw_id_fields = ["unit", "plan_target"]


@admin.register(models.ReportedValue)
class ReportedValueAdmin(CityWideWriteAdmin):
    list_display = ["indicator", "unit", "period", "numerator", "denominator", "value", "source"]
    list_filter = ["period"]
    search_fields = ["indicator__code", "unit__code"]
    list_select_related = ["indicator", "unit"]
    raw_id_fields = ["unit"]
