from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "hientai.indicators"
    label = "indicators"
    verbose_name = _("Indicators and targets")

    def ready(self) -> None:
        from hientai.core.nav import NavItem, register
        from hientai.indicators import analytics, organisations, signals
        from hientai.registry.services import register_after_bulk_load

        signals.connect()
        organisations.connect()
        # Bulk-loaded profiles carry no versions: even closed periods may change.
        register_after_bulk_load(analytics.invalidate)

        register(NavItem(_("Indicators"), "indicators:indicator_list", order=45, staff_only=True))
