from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "hientai.orgs"
    label = "orgs"
    verbose_name = _("Units")

    def ready(self) -> None:
        from hientai.core.nav import NavItem, register

        register(NavItem(_("Units"), "orgs:unit_list", order=61, staff_only=True))
        from hientai.orgs import changes  # noqa: F401  (registers role assignments)
