"""The search boundary's entry points. Nothing outside search/ knows which engine answers."""

import logging
from collections.abc import Iterable

from .breaker import Decision, breaker_for
from .engines import SearchUnavailable, get_database_engine, get_engine
from .engines.base import Progress
from .query import SearchQuery, SearchResponse

logger = logging.getLogger(__name__)


def offer_search(*, query: SearchQuery) -> SearchResponse:
    """Search published offers; answers from the database if the configured engine fails.

    A circuit breaker (search.breaker) remembers a failure for all workers, so after one
    timeout the following searches – the rest of this page's included – do not wait.
    A text search that finds nothing comes with alternatives that do find something.
    """
    engine, response = _answer(query)
    if not response.count and query.text.strip():
        try:
            response.suggestions = engine.alternatives(query)
        except SearchUnavailable:
            response.suggestions = get_database_engine().alternatives(query)
    return response


def _answer(query: SearchQuery):
    """The engine that answered and its response: the configured one unless the breaker
    is open or it fails now, then the database."""
    engine = get_engine()
    database = get_database_engine()
    if engine.name == database.name:
        return engine, engine.search(query)
    breaker = breaker_for(engine.breaker_key)
    decision = breaker.decide()
    if decision is Decision.SKIP:
        return database, database.search(query)
    try:
        response = engine.search(query)
    except SearchUnavailable as error:
        logger.warning(
            "Search engine %s unavailable, answering from the database: %s", engine.name, error
        )
        breaker.failed(error)
        return database, database.search(query)
    if decision is Decision.PROBE:
        breaker.recovered()
    return engine, response


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
