"""Counting requests per client in the shared cache (the database cache, so every
worker process counts the same). Only a hash of the client is kept, only for the window."""

import hashlib

from django.core.cache import cache


class RateLimited(Exception):
    pass


def rate_limit_count(scope: str, client: str, *, limit: int, window_seconds: int) -> None:
    """Count one request of `client` for `scope`; raises RateLimited once over `limit`."""
    digest = hashlib.sha256(client.encode()).hexdigest()[:32]
    key = f"rate:{scope}:{digest}"
    if cache.get(key, 0) >= limit:
        raise RateLimited
    cache.add(key, 0, window_seconds)
    try:
        cache.incr(key)
    except ValueError:  # expired in between
        cache.set(key, 1, window_seconds)
