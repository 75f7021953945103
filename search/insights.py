"""Search insights: what families search for, counted per week and nothing more.

Only aggregate counts are stored (SearchWeekCount): no IP address, no session, no time
of day. Reports leave out terms shorter than MIN_TERM_LENGTH and terms seen fewer than
MIN_WEEKLY_COUNT times in a week, so no single person's search can be read from them.
"""

import datetime
import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.db.models.functions import Length
from django.utils import timezone

from .models import SearchWeekCount
from .query import SearchQuery
from .text import fold

Kind = SearchWeekCount.Kind
MIN_TERM_LENGTH = 3
MIN_WEEKLY_COUNT = 3
MAX_VALUE_LENGTH = 100
# Counting is worth this much waiting for the database's write lock, no more: while an
# import holds the lock (SQLite has one for the whole file) the count is dropped instead.
LOCK_WAIT_MS = 200

logger = logging.getLogger(__name__)


def week_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _bump(week: datetime.date, kind: str, value: str) -> None:
    rows = SearchWeekCount.objects.filter(week=week, kind=kind, value=value)
    if rows.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            SearchWeekCount.objects.create(week=week, kind=kind, value=value, count=1)
    except IntegrityError:  # another request created it meanwhile
        rows.update(count=F("count") + 1)


def search_record(query: SearchQuery, *, result_count: int) -> None:
    """Count one search from the results page: its term, its filters, and whether it
    found nothing. Positions are never stored, only that "near" was used.

    Best effort: the page never fails or stalls for a count. If the database cannot take
    the write within LOCK_WAIT_MS, the count is dropped and logged."""
    try:
        with _counting_transaction():
            _record(query, result_count)
    except DatabaseError as error:
        logger.warning("Search not counted (database busy): %s", error)


@contextmanager
def _counting_transaction():
    """A transaction that waits at most LOCK_WAIT_MS for the locks it needs."""
    if connection.vendor != "sqlite":
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = {LOCK_WAIT_MS}")
            yield
        return
    # SQLite takes the write lock at BEGIN (transaction_mode IMMEDIATE): lower the
    # connection's busy timeout before, and restore it after.
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA busy_timeout = {LOCK_WAIT_MS}")
    try:
        with transaction.atomic():
            yield
    finally:
        seconds = settings.DATABASES[connection.alias].get("OPTIONS", {}).get("timeout", 5)
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")


def _record(query: SearchQuery, result_count: int) -> None:
    week = week_of(timezone.localdate())
    term = " ".join(fold(query.text).split())[:MAX_VALUE_LENGTH]
    _bump(week, Kind.SEARCH, "")
    if term:
        _bump(week, Kind.TERM, term)
    filters = [
        f"{facet}={value}" for facet, values in query.facet_filters().items() for value in values
    ]
    if query.age is not None:
        filters.append("age")
    if query.accessible_only:
        filters.append("accessible")
    if query.open_at is not None:
        filters.append("open")
    if query.near is not None:
        filters.append("near")
    for value in filters:
        _bump(week, Kind.FILTER, value[:MAX_VALUE_LENGTH])
    if result_count == 0:
        _bump(week, Kind.ZERO, term)


def insights_prune(*, today: datetime.date | None = None) -> int:
    """Delete counts older than the retention period; returns how many rows went."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.SEARCH_INSIGHTS_RETENTION_DAYS)
    deleted, _by_model = SearchWeekCount.objects.filter(week__lt=week_of(cutoff)).delete()
    return deleted


@dataclass
class WeekTotals:
    week: datetime.date
    searches: int
    zero: int


@dataclass
class Ranked:
    value: str
    count: int


def weekly_totals() -> list[WeekTotals]:
    """Searches and searches without results per week, oldest first, gaps filled."""
    rows = (
        SearchWeekCount.objects.filter(kind__in=[Kind.SEARCH, Kind.ZERO])
        .values("week", "kind")
        .annotate(total=Sum("count"))
    )
    by_week: dict[datetime.date, dict[str, int]] = {}
    for row in rows:
        by_week.setdefault(row["week"], {})[row["kind"]] = row["total"]
    if not by_week:
        return []
    week, last = min(by_week), max(by_week)
    totals = []
    while week <= last:
        counts = by_week.get(week, {})
        totals.append(WeekTotals(week, counts.get(Kind.SEARCH, 0), counts.get(Kind.ZERO, 0)))
        week += datetime.timedelta(days=7)
    return totals


def top_values(kind: str, *, weeks: int = 4, limit: int = 20) -> list[Ranked]:
    """The most frequent terms (or filters) of the last weeks, counting only weeks in
    which a value was seen at least MIN_WEEKLY_COUNT times."""
    since = week_of(timezone.localdate()) - datetime.timedelta(weeks=weeks - 1)
    rows = SearchWeekCount.objects.filter(
        kind=kind, week__gte=since, count__gte=MIN_WEEKLY_COUNT
    ).exclude(value="")
    if kind in (Kind.TERM, Kind.ZERO):
        rows = rows.annotate(length=Length("value")).filter(length__gte=MIN_TERM_LENGTH)
    ranked = rows.values("value").annotate(total=Sum("count")).order_by("-total", "value")
    return [Ranked(row["value"], row["total"]) for row in ranked[:limit]]
