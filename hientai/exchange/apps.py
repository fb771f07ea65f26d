from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "hientai.exchange"
    label = "exchange"
    verbose_name = _("Import and export")

    def ready(self) -> None:
        from hientai.core.nav import NavItem, register
        from hientai.exchange import tasks

        register(NavItem(_("Import/export"), "exchange:home", order=15, staff_only=True))
        tasks.register()
        from hientai.exchange.history import import_origin
        from hientai.registry.presenters import register_origin_provider

        register_origin_provider(import_origin)
