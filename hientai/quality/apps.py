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
        _watch_units_left()
        register(NavItem(_("Data quality"), "quality:worklist", order=30, staff_only=True))


def _watch_units_left() -> None:
    """A profile moved to another unit or deleted leaves its old unit's summary stale:
    note that unit, refreshed with the engine's next write (`quality.summary`)."""
    from django.db.models.signals import post_delete, pre_save

    from hientai.quality import summary
    from hientai.registry.models import Person

    def before_save(sender, instance, raw=False, **kwargs):
        if instance.pk and not raw:
            old = Person.objects.filter(pk=instance.pk).values_list("unit_id", flat=True).first()
            if old is not None and old != instance.unit_id:
                summary.note_left(old)

    def deleted(sender, instance, **kwargs):
        summary.note_left(instance.unit_id)

    pre_save.connect(before_save, sender=Person, dispatch_uid="quality-unit-left", weak=False)
    post_delete.connect(deleted, sender=Person, dispatch_uid="quality-unit-deleted", weak=False)
