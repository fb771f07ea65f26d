"""The dashboard's entry in the main navigation; `ReportingConfig.ready()` calls
`register_dashboard_nav()`."""

from django.utils.translation import gettext_lazy as _

from hientai.core.nav import NavItem, register


def register_dashboard_nav() -> None:
    register(NavItem(_("Dashboard"), "reporting:dashboard", order=55, staff_only=True))
