from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from hientai.core import checks  # noqa: F401  (registers the production system checks)


class CoreConfig(AppConfig):
    name = "hientai.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from hientai.core.http import install_log_filters

        install_log_filters()
