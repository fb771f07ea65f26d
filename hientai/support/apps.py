"""Support cases for foreign experts and overseas Vietnamese: visa, residence card, work-permit
exemption, legalisation; steps with an SLA (issue 18 item 4).
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "hientai.support"
    label = "support"
    verbose_name = _("Support")

    def ready(self) -> None:
        from hientai.core.nav import NavItem, register
        from hientai.registry.presenters import register_profile_section
        from hientai.reporting.reminders import register_source
        from hientai.support import presenters, services

        register(NavItem(_("Support cases"), "support:case_list", order=66, staff_only=True))
        register_source(services.due_reminders)  # `hientai remind` and the worker's daily run
        register_profile_section(presenters.profile_section)
