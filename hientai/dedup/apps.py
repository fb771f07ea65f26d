from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DedupConfig(AppConfig):
    name = "hientai.dedup"
    label = "dedup"
    verbose_name = _("Duplicate profiles")

    def ready(self) -> None:
        from hientai.core.nav import NavItem, register
        from hientai.dedup import services
        from hientai.exchange import matching
        from hientai.registry.providers import register_entry_matches
        from hientai.registry.services import register_after_bulk_load, register_after_save

        # Module-level functions (not lambdas) so registering twice stays a no-op.
        register_after_save(services.refresh_keys)
        register_after_bulk_load(services.rebuild_keys)
        register_entry_matches(services.entry_matches)
        matching.register(services.import_matches)
        register(NavItem(_("Duplicates"), "dedup:queue", order=62, staff_only=True))
