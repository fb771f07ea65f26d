"""Back-office editing of every part of a profile, scoped and versioned like the web UI."""

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from hientai.accounts.admin_site import ScopedModelAdmin
from hientai.registry import models
from hientai.registry.history import recording

INLINE_MODELS = [
    models.Qualification,
    models.AcademicTitle,
    models.LanguageSkill,
    models.Employment,
    models.Publication,
    models.Patent,
    models.STProject,
    models.Award,
    models.TrainingRecord,
    models.SkillAssessment,
    models.StatusPeriod,
]


def _inline(model: type[Model]) -> type:
    return type(
        f"{model.__name__}Inline",
        (admin.StackedInline,),
        {
            "model": model,
            "extra": 0,
            "raw_id_fields": [
                field.name
                for field in model._meta.fields
                if field.is_relation and field.name != "person"
            ],
        },
    )


@admin.register(models.Person)
class PersonAdmin(ScopedModelAdmin):
    list_display = ["full_name", "birth_year", "gender", "unit", "status", "quality_score"]
    list_filter = ["status", "gender", "overseas_kind"]
    search_fields = ["full_name", "keywords"]
    list_select_related = ["unit"]
    raw_id_fields = [
        "unit",
        "user",
        "residence_unit",
        "ethnic_group",
        "nationality",
        "overseas_country",
    ]
    filter_horizontal = ["categories", "st_fields", "strategic_technologies"]
    inlines = [_inline(model) for model in INLINE_MODELS]

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # Versions written while saving carry the admin user and a reason.
        with recording(request.user, "admin"):
            return super().changeform_view(request, *args, **kwargs)


@admin.register(models.ProfileVersion)
class ProfileVersionAdmin(ScopedModelAdmin):
    list_display = ["person", "entity", "action", "at", "user", "reason"]
    list_filter = ["entity", "action"]
    raw_id_fields = ["person", "user"]
    write_roles_only_city_wide = True

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # history is never edited

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
