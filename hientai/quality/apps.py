from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "hientai.quality"
    label = "quality"
    verbose_name = _("Data quality")

    def ready(self) -> None:
        from hientai.core.nav import NavItem, register
        from hientai.quality import engine
        from hientai.quality.services import issues_for
        from hientai.registry.providers import register_findings
        from hientai.registry.services import register_after_bulk_load, register_after_save

        # Module-level functions (not lambdas) so registering twice stays a no-op.
        register_after_save(engine.after_save)
        register_after_bulk_load(engine.after_bulk_load)
        register_findings(issues_for)
        register(NavItem(_("Data quality"), "quality:worklist", order=30, staff_only=True))
