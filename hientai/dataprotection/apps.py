from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataProtectionConfig(AppConfig):
    name = "hientai.dataprotection"
    label = "dataprotection"
    verbose_name = _("Personal data protection")

    def ready(self) -> None:
        from hientai.core.nav import NavItem, register
        from hientai.dataprotection import presenters
        from hientai.registry.presenters import register_profile_section

        register(NavItem(_("Personal data"), "dataprotection:home", order=70, staff_only=True))
        # The profile page shows the legal bases and requests of the person (the registry
        # cannot import this app, so it asks the apps above it for sections).
        register_profile_section(presenters.profile_section)
        # The national exchange (below) sends only the people this ledger allows.
        from hientai.dataprotection.services import allowed_people
        from hientai.interop.services import register_sharing_check

        register_sharing_check(allowed_people)
