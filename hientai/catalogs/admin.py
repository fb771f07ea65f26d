from django.contrib import admin

from hientai.accounts.admin_site import ScopedModelAdmin
from hientai.catalogs.models import Code, Scheme


@admin.register(Scheme)
class SchemeAdmin(ScopedModelAdmin):
    list_display = ["key", "version", "name_vi", "is_current", "unverified", "source_document"]
    list_filter = ["is_current", "unverified"]
    search_fields = ["key", "name_vi", "name_en"]
    write_roles_only_city_wide = True


@admin.register(Code)
class CodeAdmin(ScopedModelAdmin):
    list_display = ["code", "label_vi", "label_en", "scheme", "parent", "unverified"]
    list_filter = ["scheme", "unverified"]
    search_fields = ["code", "label_vi", "label_en"]
    list_select_related = ["scheme", "parent"]
    raw_id_fields = ["parent"]
    write_roles_only_city_wide = True
