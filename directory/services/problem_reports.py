"""Reports of wrong listings from the public offer page: spam-resistant without any
third party (a honeypot field, a per-address rate limit kept only in the cache, and
identical reports within a short time counted once)."""

import datetime

from django.utils import timezone

from ..models import Offer, ProblemReport
from .rate_limits import RateLimited, rate_limit_count

__all__ = ["RateLimited", "problem_report_create"]

RATE_LIMIT = 5  # reports per address and hour
RATE_WINDOW_SECONDS = 3600
DUPLICATE_WINDOW = datetime.timedelta(minutes=10)


def problem_report_create(
    *,
    offer: Offer,
    kind: str,
    text: str,
    email: str,
    from_professional: bool,
    client_address: str,
) -> ProblemReport:
    recent = ProblemReport.objects.filter(
        offer=offer, kind=kind, text=text, created_at__gte=timezone.now() - DUPLICATE_WINDOW
    ).first()
    if recent is not None:  # a double click or a reload
        return recent
    rate_limit_count(
        "problem-report", client_address, limit=RATE_LIMIT, window_seconds=RATE_WINDOW_SECONDS
    )
    return ProblemReport.objects.create(
        offer=offer, kind=kind, text=text, email=email, from_professional=from_professional
    )
