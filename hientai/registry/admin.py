"""Back-office editing of every part of a profile, through the same services as the web UI."""

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hientai.accounts.admin_site import ScopedModelAdmin
from hientai.registry import models, services
from hientai.registry.history import PERSON_M2M
from hientai.registry.models import AccessChannel
from hientai.registry.privacy import (
    SENSITIVE_ATTNAMES,
    SENSITIVE_FIELDS,
    log_access,
    mask,
    may_see_sensitive,
    sensitive_view,
)

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


def _masked_reader(name: str) -> Any:
    def read(self: Any, obj: models.Person) -> str:
        return mask(getattr(obj, name)) if obj is not None else ""

    read.short_description = models.Person._meta.get_field(name).verbose_name
    return read


@admin.register(models.Person)
class PersonAdmin(ScopedModelAdmin):
    """Saves go through `registry.services` (scope of the target unit, versions, audit row,
    re-index and re-check); the sensitive fields are masked and logged like the profile page."""

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

    masked_personal_id = _masked_reader("personal_id")
    masked_old_id_number = _masked_reader("old_id_number")
    masked_email = _masked_reader("email")
    masked_phone = _masked_reader("phone")
    masked_address = _masked_reader("address")

    def _may_see(self, request: HttpRequest, obj: Any) -> bool:
        return obj is None or may_see_sensitive(request.user, obj)

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> Any:
        if self._may_see(request, obj):
            return super().get_exclude(request, obj)
        return [*(super().get_exclude(request, obj) or []), *SENSITIVE_FIELDS]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if not self._may_see(request, obj):
            readonly += [f"masked_{name}" for name in SENSITIVE_FIELDS if name != "ethnic_group"]
        return readonly

    def render_change_form(
        self, request: HttpRequest, context: dict, add: bool = False, change: bool = False,
        form_url: str = "", obj: Any = None,
    ) -> Any:  # fmt: skip
        if obj is not None and obj.pk:
            # The form shows the sensitive fields: a logged view, exactly like the profile page.
            sensitive_view(obj, request.user, channel=AccessChannel.ADMIN)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Nothing yet: saved with its parts in save_related, as one change through the service.
        return None

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        m2m = {name: form.cleaned_data[name] for name in PERSON_M2M if name in form.cleaned_data}
        services.save_profile(
            form.instance,
            request.user,
            reason=str(_("admin")),
            m2m=m2m,
            part_formsets=tuple(formsets),
            channel="admin",
        )

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        # A profile's versions go with it (CASCADE) although no one may delete versions one
        # by one; deleting the profile itself is checked by the service (administrators).
        deleted, counts, _perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), protected

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        services.delete_person(obj, request.user, reason=str(_("admin")), channel="admin")

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for person in queryset:
            services.delete_person(person, request.user, reason=str(_("admin")), channel="admin")


@admin.register(models.ProfileVersion)
class ProfileVersionAdmin(ScopedModelAdmin):
    """Read-only history; before/after shown masked unless the role may see the person's
    sensitive data, and then logged like the history page."""

    list_display = ["person", "entity", "action", "at", "user", "reason"]
    list_filter = ["entity", "action"]
    raw_id_fields = ["person", "user"]
    exclude = ["before", "after"]
    readonly_fields = ["changes_shown"]
    write_roles_only_city_wide = True

    @admin.display(description=_("changes"))
    def changes_shown(self, obj: Any) -> str:
        if obj is None:
            return ""
        before, after = obj.before or {}, obj.after or {}
        allowed = getattr(obj, "_admin_may_see", False)
        lines = []
        for name in obj.changed_fields():
            old, new = before.get(name), after.get(name)
            if name in SENSITIVE_ATTNAMES and not allowed:
                old, new = mask(old), mask(new)
            lines.append(f"{name}: {old!r} → {new!r}")
        return "\n".join(lines)

    def render_change_form(
        self, request: HttpRequest, context: dict, add: bool = False, change: bool = False,
        form_url: str = "", obj: Any = None,
    ) -> Any:  # fmt: skip
        if obj is not None:
            obj._admin_may_see = may_see_sensitive(request.user, obj.person)
            shown = [name for name in obj.changed_fields() if name in SENSITIVE_ATTNAMES]
            if obj._admin_may_see and shown:
                log_access(obj.person, request.user, shown, AccessChannel.ADMIN)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # history is never edited

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.SensitiveAccess)
class SensitiveAccessAdmin(ScopedModelAdmin):
    """The access log is append-only: read here, searched and exported on its own page."""

    list_display = ["at", "user_name", "person_label", "person_ref", "channel", "fields"]
    list_filter = ["channel"]
    search_fields = ["person_label", "user_name"]
    write_roles_only_city_wide = True

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
