"""The search boundary's entry points. Nothing outside search/ knows which engine answers."""

import logging
from collections.abc import Iterable

from .engines import SearchUnavailable, get_database_engine, get_engine
from .engines.base import Progress
from .query import SearchQuery, SearchResponse

logger = logging.getLogger(__name__)


def offer_search(*, query: SearchQuery) -> SearchResponse:
    """Search published offers; answers from the database if the configured engine fails."""
    engine = get_engine()
    try:
        return engine.search(query)
    except SearchUnavailable as error:
        logger.warning(
            "Search engine %s unavailable, answering from the database: %s", engine.name, error
        )
        return get_database_engine().search(query)


def offer_suggest(*, text: str, professional: bool = False) -> list[str]:
    return get_engine().suggest(text, professional=professional)


def offers_reindex(*, offer_ids: Iterable[int]) -> None:
    """Update the index for these offers (published ones in, others out).

    The database index is always updated first: it must be current for the fallback.
    A failing external engine is logged, never raised: the database stays the source
    of truth and `rebuild_search_index` repairs the external index.
    """
    ids = list(offer_ids)
    database = get_database_engine()
    database.index_offers(ids)
    engine = get_engine()
    if engine is database or engine.name == database.name:
        return
    try:
        engine.index_offers(ids)
    except SearchUnavailable as error:
        logger.warning("Could not update %s for offers %s: %s", engine.name, ids[:20], error)


def search_index_rebuild(*, progress: Progress = iter) -> dict[str, int]:
    """Rebuild every index from the database; returns documents per engine."""
    database = get_database_engine()
    counts = {database.name: database.rebuild(progress=progress)}
    engine = get_engine()
    if engine.name != database.name:
        counts[engine.name] = engine.rebuild(progress=progress)
    return counts
