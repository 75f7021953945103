"""Opening hours as times: when a location is open, for "open now" filters and badges.

Works on the stored (raw) form of the opening-hours StreamField, so the search index can
use it without building blocks: regular hours are weekly minute ranges, dated closures
remove whole days. Special (non-closed) exception hours count as open days but their
times are not used for "open now": a filter must rather show a place than hide it.
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .blocks import WEEKDAYS

WEEKDAY_CODES = tuple(code for code, _label in WEEKDAYS)
MINUTES_PER_DAY = 24 * 60
# Closures further ahead than this are not indexed; the index is rebuilt more often.
CLOSURE_HORIZON_DAYS = 400


@dataclass(frozen=True)
class WeeklyRange:
    """Minutes since Monday 00:00, end exclusive."""

    start: int
    end: int

    @property
    def weekday(self) -> int:
        return self.start // MINUTES_PER_DAY


def minute_of_week(moment: datetime.datetime) -> int:
    return moment.weekday() * MINUTES_PER_DAY + moment.hour * 60 + moment.minute


def _minutes(value) -> int | None:
    if isinstance(value, datetime.time):
        return value.hour * 60 + value.minute
    if not value:
        return None
    hours, minutes = str(value).split(":")[:2]
    return int(hours) * 60 + int(minutes)


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.date) or not value:
        return value or None
    return datetime.date.fromisoformat(str(value))


def _blocks(raw: Iterable[dict] | None, block_type: str) -> Iterator[dict]:
    for block in raw or []:
        if block.get("type") == block_type:
            yield block.get("value") or {}


def weekly_ranges(raw: Iterable[dict] | None) -> list[WeeklyRange]:
    """The regular hours of one location as sorted weekly ranges."""
    ranges = []
    for value in _blocks(raw, "regular"):
        opens, closes = _minutes(value.get("opens")), _minutes(value.get("closes"))
        if value.get("weekday") not in WEEKDAY_CODES or opens is None or closes is None:
            continue
        day = WEEKDAY_CODES.index(value["weekday"]) * MINUTES_PER_DAY
        if closes > opens:
            ranges.append(WeeklyRange(day + opens, day + closes))
    return sorted(ranges, key=lambda r: (r.start, r.end))


def closed_dates(raw: Iterable[dict] | None, *, today: datetime.date) -> set[datetime.date]:
    """Days from today on that one location is closed by a dated exception."""
    horizon = today + datetime.timedelta(days=CLOSURE_HORIZON_DAYS)
    days = set()
    for value in _blocks(raw, "exception"):
        if not value.get("closed"):
            continue
        starts_on = _date(value.get("starts_on"))
        if starts_on is None:
            continue
        ends_on = _date(value.get("ends_on")) or starts_on
        day = max(starts_on, today)
        while day <= min(ends_on, horizon):
            days.add(day)
            day += datetime.timedelta(days=1)
    return days


@dataclass
class OfferHours:
    """Opening hours of an offer over all its locations, as the search index stores them."""

    ranges: list[WeeklyRange]
    closed_on: list[datetime.date]  # days on which every location with hours is closed

    @property
    def weekdays(self) -> list[int]:
        return sorted({r.weekday for r in self.ranges})

    def is_open(self, moment: datetime.datetime) -> bool:
        if moment.date() in self.closed_on:
            return False
        minute = minute_of_week(moment)
        return any(r.start <= minute < r.end for r in self.ranges)


def offer_hours(location_hours: Iterable[Iterable[dict] | None], *, today: datetime.date):
    """Combine the raw opening hours of an offer's locations (any of them open counts)."""
    ranges: set[WeeklyRange] = set()
    closures: set[datetime.date] | None = None
    for raw in location_hours:
        location_ranges = weekly_ranges(raw)
        if not location_ranges:
            continue
        ranges.update(location_ranges)
        dates = closed_dates(raw, today=today)
        closures = dates if closures is None else closures & dates
    return OfferHours(
        ranges=sorted(ranges, key=lambda r: (r.start, r.end)), closed_on=sorted(closures or ())
    )
