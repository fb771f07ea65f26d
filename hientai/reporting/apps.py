from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "hientai.reporting"
    label = "reporting"
    verbose_name = _("Periodic reporting")

    def ready(self) -> None:
        from hientai.core.nav import NavItem, register

        register(NavItem(_("Reporting"), "reporting:home", order=50, staff_only=True))

        from hientai.reporting.nav_dashboard import register_dashboard_nav  # DOC's entry

        register_dashboard_nav()

        from hientai.reporting import tasks

        tasks.register()

        from hientai.jobs.services import register_daily
        from hientai.reporting.reminders import remind

        register_daily("remind", remind)  # the worker sends the day's reminders itself

        from hientai.reporting.unit_moves import register_moves

        register_moves()
