from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from hientai.search.indexer import rebuild_index


class Command(BaseCommand):
    help = (
        "Rebuild the people search index from the registry (after loads that bypassed "
        "registry.services, or to repair it)."
    )

    @translation.override("vi")
    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild_index()
        self.stdout.write(_("Search index rebuilt: %(count)d people.") % {"count": count})
