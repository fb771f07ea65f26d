from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "hientai.indicators"
    label = "indicators"
    verbose_name = _("Indicators and targets")

    def ready(self) -> None:
        from hientai.core.nav import NavItem, register

        register(NavItem(_("Indicators"), "indicators:indicator_list", order=45, staff_only=True))
