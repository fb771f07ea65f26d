from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hientai.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from hientai.core.nav import NavItem, register

        register(
            NavItem(_("Audit log"), "accounts:audit_log", order=90, scope_flag="reads_audit_log")
        )
