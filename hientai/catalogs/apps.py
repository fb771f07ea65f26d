from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogsConfig(AppConfig):
    name = "hientai.catalogs"
    label = "catalogs"
    verbose_name = _("Code lists")

    def ready(self) -> None:
        from hientai.core.nav import NavItem, register

        register(NavItem(_("Code lists"), "catalogs:scheme_list", order=80, staff_only=True))
