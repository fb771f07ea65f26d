from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    name = "hientai.talent"
    label = "talent"
    verbose_name = _("Talent")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from hientai.core.nav import NavItem, register
        from hientai.registry.models import Person
        from hientai.registry.services import register_after_bulk_load, register_after_save
        from hientai.talent.indexer import rebuild_index, reindex_people

        register_after_save(reindex_people)
        register_after_bulk_load(rebuild_index)
        # A deleted person leaves the finder's index in the same transaction.
        post_delete.connect(
            lambda sender, instance, **kwargs: reindex_people([instance.pk]),
            sender=Person,
            dispatch_uid="talent_person_deleted",
            weak=False,
        )
        register(NavItem(_("Expert finder"), "talent:finder", order=35, staff_only=True))
        register(NavItem(_("Competence index"), "talent:index_home", order=63, staff_only=True))
        register(NavItem(_("Organisations"), "talent:organisation_list", order=64, staff_only=True))
