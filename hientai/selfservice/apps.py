"""Experts who register themselves: e-mail verification, consent per purpose, a profile they
keep whose changes an officer reviews, their own data requests, invitations (issue 19 item
2).
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfserviceConfig(AppConfig):
    name = "hientai.selfservice"
    label = "selfservice"
    verbose_name = _("Self-service")

    def ready(self) -> None:
        from hientai.core.nav import NavItem, register

        register(NavItem(_("My page"), "selfservice:home", order=62))
        # Officers: the changes experts propose and invitations, folded under "More".
        register(
            NavItem(_("Experts' changes"), "selfservice:review_list", order=66, staff_only=True)
        )
