"""Reports of wrong listings from the public offer page: spam-resistant without any
third party (a honeypot field, a per-address rate limit kept only in the cache, and
identical reports within a short time counted once)."""

import datetime
import hashlib

from django.core.cache import cache
from django.utils import timezone

from ..models import Offer, ProblemReport

RATE_LIMIT = 5  # reports per address and hour
RATE_WINDOW_SECONDS = 3600
DUPLICATE_WINDOW = datetime.timedelta(minutes=10)


class RateLimited(Exception):
    pass


def _rate_key(client_address: str) -> str:
    # Only a hash, only in the cache, only for an hour: enough to slow down a bot.
    digest = hashlib.sha256(client_address.encode()).hexdigest()[:32]
    return f"problem-report-rate:{digest}"


def problem_report_create(
    *,
    offer: Offer,
    kind: str,
    text: str,
    email: str,
    from_professional: bool,
    client_address: str,
) -> ProblemReport:
    key = _rate_key(client_address)
    if cache.get(key, 0) >= RATE_LIMIT:
        raise RateLimited
    recent = ProblemReport.objects.filter(
        offer=offer, kind=kind, text=text, created_at__gte=timezone.now() - DUPLICATE_WINDOW
    ).first()
    if recent is not None:  # a double click or a reload
        return recent
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired in between
        cache.set(key, 1, RATE_WINDOW_SECONDS)
    return ProblemReport.objects.create(
        offer=offer, kind=kind, text=text, email=email, from_professional=from_professional
    )
