from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "hientai.plans"
    label = "plans"
    verbose_name = _("Plans and tasks")

    def ready(self) -> None:
        from hientai.core.nav import NavItem, register

        register(NavItem(_("Plans"), "plans:plan_list", order=40, staff_only=True))
        from hientai.plans.unit_moves import register_moves

        register_moves()
