"""The national exchange: versioned interop export/import, incremental push to a configurable
endpoint with acknowledgement, the field mapping kept as data (issue 19 item 4).
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    name = "hientai.interop"
    label = "interop"
    verbose_name = _("Interop")

    def ready(self) -> None:
        from hientai.core.nav import NavItem, register
        from hientai.interop import tasks

        register(NavItem(_("National exchange"), "interop:home", order=78, scope_flag="city_wide"))
        tasks.register()
