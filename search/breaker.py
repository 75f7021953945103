"""A circuit breaker around the external search engine.

A node that accepts connections but never answers costs every search the full timeout.
A results page runs several searches (an empty result asks again per filter chip and
for neighbouring districts), so without a breaker one hung node holds a worker for
many timeouts and the site stops answering. With it, the first timeout or refused
connection *opens* the breaker: for SEARCH_BREAKER_COOLDOWN_SECONDS every search goes
to the database engine at once. After the cool-down one request *probes* the engine
again; success closes the breaker, failure opens it for another cool-down.

The state lives in a cache all workers share (SEARCH_BREAKER_CACHE, by default the
database cache: it is shared by every gunicorn worker and every host of the site, with
SQLite as with PostgreSQL, and needs no further service), so one worker's timeout
spares all the others. Each process also remembers the opening itself, so a request
never waits twice even if the shared cache cannot be written.
"""

import enum
import logging
import threading
import time
from functools import cache

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)


class Decision(enum.Enum):
    ASK = "ask"  # closed: ask the engine
    PROBE = "probe"  # cool-down over: this request tries the engine once
    SKIP = "skip"  # open: answer from the database without asking


class EngineBreaker:
    def __init__(self, key: str):
        self.key = f"search-breaker:{key}"
        self.probe_key = f"{self.key}:probe"
        self._local_open_until = 0.0
        self._lock = threading.Lock()

    @property
    def _cache(self):
        return caches[settings.SEARCH_BREAKER_CACHE]

    def decide(self) -> Decision:
        now = time.time()
        if now < self._local_open_until:
            return Decision.SKIP
        try:
            open_until = self._cache.get(self.key)
            if open_until is None:
                return Decision.ASK
            if now < open_until:
                self._local_open_until = open_until
                return Decision.SKIP
            # Only one request of all workers probes; the others keep using the database.
            probe_seconds = settings.SEARCH_TIMEOUT_SECONDS + 1
            return (
                Decision.PROBE
                if self._cache.add(self.probe_key, 1, probe_seconds)
                else (Decision.SKIP)
            )
        except Exception:  # a broken cache must not break searching
            logger.exception("Search breaker state unreadable; asking the engine")
            return Decision.ASK

    def failed(self, error: Exception) -> None:
        open_until = time.time() + settings.SEARCH_BREAKER_COOLDOWN_SECONDS
        with self._lock:
            self._local_open_until = open_until
        logger.warning(
            "Search engine failed (%s); the database answers for %s s",
            error,
            settings.SEARCH_BREAKER_COOLDOWN_SECONDS,
        )
        try:
            # Kept twice the cool-down, then forgotten: a stale entry only causes a probe.
            self._cache.set(self.key, open_until, settings.SEARCH_BREAKER_COOLDOWN_SECONDS * 2)
            self._cache.delete(self.probe_key)
        except Exception:
            logger.exception("Search breaker state not shared; this process still waits")

    def recovered(self) -> None:
        with self._lock:
            self._local_open_until = 0.0
        logger.warning("Search engine answers again; breaker closed")
        try:
            self._cache.delete_many([self.key, self.probe_key])
        except Exception:
            logger.exception("Search breaker state could not be cleared")

    def reset(self) -> None:
        """Forget every failure (tests, and after an operator repaired the cluster)."""
        self._local_open_until = 0.0
        self._cache.delete_many([self.key, self.probe_key])


@cache
def breaker_for(key: str) -> EngineBreaker:
    """One breaker per engine configuration and process."""
    return EngineBreaker(key)
