from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "hientai.security"
    label = "security"
    verbose_name = _("Security")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from hientai.security.middleware import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="security_session_clock")

        from hientai.core.nav import NavItem, register

        register(NavItem(_("API tokens"), "security:api_tokens", order=95, staff_only=True))
