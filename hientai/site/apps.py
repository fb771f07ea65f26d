from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The top of the layers: home page, navigation rendering and `serve`."""

    name = "hientai.site"
    label = "site"
    verbose_name = _("Site")
