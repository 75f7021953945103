"""The engines behind the one search interface, and the one place that picks one."""

from functools import cache

from django.conf import settings

from .base import SearchEngine


class SearchUnavailable(Exception):
    """The engine cannot answer right now (unreachable, timed out, index missing)."""


ENGINES = ("database", "elasticsearch")


@cache
def get_engine() -> SearchEngine:
    """The configured engine (SEARCH_ENGINE), created once per process."""
    if settings.SEARCH_ENGINE == "elasticsearch":
        from .elasticsearch import ElasticsearchEngine

        return ElasticsearchEngine(
            url=settings.ELASTICSEARCH_URL,
            index_prefix=settings.SEARCH_INDEX_PREFIX,
            timeout=settings.SEARCH_TIMEOUT_SECONDS,
        )
    from .database import DatabaseEngine

    return DatabaseEngine()


@cache
def get_database_engine() -> SearchEngine:
    """The embedded engine: always indexed, and the fallback when another engine fails."""
    from .database import DatabaseEngine

    return DatabaseEngine()
