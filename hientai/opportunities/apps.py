"""Opportunities and nominations: scholarships and training programmes matched to officials'
profiles, nominations with their workflow, eligibility rules kept as data (issue 18 item 3).
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpportunitiesConfig(AppConfig):
    name = "hientai.opportunities"
    label = "opportunities"
    verbose_name = _("Opportunities")

    def ready(self) -> None:
        from hientai.core.nav import NavItem, register

        register(
            NavItem(_("Opportunities"), "opportunities:opportunity_list", order=62,
                    staff_only=True)
        )  # fmt: skip
