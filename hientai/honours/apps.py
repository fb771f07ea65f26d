"""Honours and contests: programmes, rounds, entries and results linked to profiles and
organisations (issue 18 item 5).
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonoursConfig(AppConfig):
    name = "hientai.honours"
    label = "honours"
    verbose_name = _("Honours")

    def ready(self) -> None:
        from hientai.core.nav import NavItem, register
        from hientai.honours import presenters
        from hientai.registry.presenters import register_profile_section

        register(
            NavItem(_("Honours and contests"), "honours:programme_list", order=67, staff_only=True)
        )
        register_profile_section(presenters.profile_section)
