from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "hientai.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from hientai.registry.providers import PeopleSearch, register_people_search
        from hientai.registry.services import register_after_bulk_load, register_after_save
        from hientai.search import signals
        from hientai.search.engine import FACETS, SearchError, search_people
        from hientai.search.indexer import rebuild_index, reindex_people

        register_people_search(PeopleSearch(search_people, tuple(FACETS), SearchError))
        register_after_save(reindex_people)
        register_after_bulk_load(rebuild_index)
        signals.connect()
