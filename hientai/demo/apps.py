from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Sample data for trying hientai (like Zulip's zilencer): synthetic people, sample
    plans and submissions, demo accounts. Nothing in the product imports it."""

    name = "hientai.demo"
    label = "demo"
    verbose_name = _("Demo data")
