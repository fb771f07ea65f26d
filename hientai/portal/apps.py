"""The public portal in Vietnamese, English and Chinese: policies, opportunities, contests,
events, published statistics with small counts suppressed, opted-in expert profiles (issue
19 item 1).
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "hientai.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from hientai.core.nav import NavItem, register
        from hientai.portal import providers
        from hientai.portal.sections import Section
        from hientai.portal.sections import register as register_section

        # Apps below the portal publish through its sections (they cannot import it).
        register_section(
            Section("opportunities", _("Open opportunities"), providers.opportunities, 20, ("vi",))
        )
        register_section(
            Section("honours", _("Contests and honours"), providers.honours, 30, ("vi",))
        )

        # Coordinators edit the portal; folded under "More" (order >= 60).
        register(NavItem(_("Public portal"), "portal:manage", order=66, scope_flag="city_wide"))
