from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "hientai.registry"
    label = "registry"
    verbose_name = _("Talent registry")

    def ready(self) -> None:
        from hientai.core.nav import NavItem, register
        from hientai.registry import history

        history.connect_signals()
        register(NavItem(_("People"), "registry:person_list", order=10, staff_only=True))
        register(
            NavItem(_("Access log"), "registry:access_log", order=92, scope_flag="reads_access_log")
        )
        from hientai.registry.unit_moves import register_moves

        register_moves()
