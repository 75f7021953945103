"""Positions for addresses, so every offer is on the map and found by `near=`.

A configured geocoding service (Nominatim or Photon API, `GEOCODER_URL`) turns an
address into coordinates; answers are cached. Without a service, or when it fails or
knows no answer, the centre of the postcode (the mean of the directory's own exactly
located addresses there) or of the district stands in. The source is stored with the
location, so editors see how exact the pin is and can filter for rough ones.
"""

import hashlib
import logging
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg
from geopy.exc import GeopyError
from geopy.geocoders import Nominatim, Photon

from ..models import Location, PositionSource

logger = logging.getLogger(__name__)

CACHE_PREFIX = "geocode:"
_NO_ANSWER = "none"  # cached too, so an unknown address is not asked for again and again


@dataclass(frozen=True)
class Position:
    latitude: Decimal
    longitude: Decimal
    source: str


def _coordinate(value: float) -> Decimal:
    return Decimal(str(round(float(value), 6)))


def geocoder():
    """The configured service, or None when geocoding is off (GEOCODER_URL unset)."""
    url = settings.GEOCODER_URL
    if not url:
        return None
    parts = urlsplit(url)
    service = Photon if settings.GEOCODER_API == "photon" else Nominatim
    return service(
        scheme=parts.scheme or "https",
        domain=(parts.netloc + parts.path).rstrip("/"),
        user_agent=settings.GEOCODER_USER_AGENT,
        timeout=settings.GEOCODER_TIMEOUT_SECONDS,
    )


def geocode_address(street: str, postcode: str, city: str) -> tuple[Decimal, Decimal] | None:
    """(latitude, longitude) of an address from the service, cached; None if unknown."""
    service = geocoder()
    if service is None or not street.strip():
        return None
    city = city.strip() or settings.GEOCODER_DEFAULT_CITY
    key = CACHE_PREFIX + hashlib.sha256(f"{street}|{postcode}|{city}".lower().encode()).hexdigest()
    cached = cache.get(key)
    if cached == _NO_ANSWER:
        return None
    if cached:
        return cached
    try:
        if isinstance(service, Nominatim):
            query = {"street": street, "postalcode": postcode, "city": city}
            found = service.geocode(
                {k: v for k, v in query.items() if v}, country_codes=settings.GEOCODER_COUNTRY
            )
        else:
            found = service.geocode(" ".join(filter(None, [street, postcode, city])))
    except GeopyError as error:  # down, slow, refused: fall back, ask again next time
        logger.warning("Geocoding failed for %s, %s %s: %s", street, postcode, city, error)
        return None
    if found is None:
        cache.set(key, _NO_ANSWER, settings.GEOCODER_CACHE_SECONDS)
        return None
    result = (_coordinate(found.latitude), _coordinate(found.longitude))
    cache.set(key, result, settings.GEOCODER_CACHE_SECONDS)
    return result


def postcode_centre(postcode: str, *, exclude_pk=None) -> tuple[Decimal, Decimal] | None:
    """The mean position of the directory's exactly located addresses in this postcode."""
    if not postcode.strip():
        return None
    located = Location.objects.filter(
        postcode=postcode.strip(),
        position_source__in=PositionSource.exact(),
        latitude__isnull=False,
    )
    if exclude_pk is not None:
        located = located.exclude(pk=exclude_pk)
    centre = located.aggregate(lat=Avg("latitude"), lon=Avg("longitude"))
    if centre["lat"] is None:
        return None
    return _coordinate(centre["lat"]), _coordinate(centre["lon"])


def position_for(location: Location) -> Position | None:
    """The best position we can find for the location's address, most exact first."""
    found = geocode_address(location.street, location.postcode, location.city)
    if found:
        return Position(*found, PositionSource.ADDRESS)
    found = postcode_centre(location.postcode, exclude_pk=location.pk)
    if found:
        return Position(*found, PositionSource.POSTCODE)
    if location.district_id and (centre := location.district.centre):
        return Position(_coordinate(centre[0]), _coordinate(centre[1]), PositionSource.DISTRICT)
    return None


def locate(location: Location, *, force: bool = False) -> bool:
    """Fill in the location's position unless someone set it by hand; True if changed.

    Without `force`, a location that already has a position is left alone.
    """
    if location.position_source == PositionSource.MANUAL and location.latitude is not None:
        return False
    if location.latitude is not None and not force:
        return False
    position = position_for(location)
    if position is None:
        changed = location.latitude is not None or location.position_source != ""
        location.latitude = location.longitude = None
        location.position_source = ""
        return changed
    changed = (location.latitude, location.longitude, location.position_source) != (
        position.latitude,
        position.longitude,
        position.source,
    )
    location.latitude, location.longitude = position.latitude, position.longitude
    location.position_source = position.source
    return changed


ADDRESS_FIELDS = ("street", "postcode", "city", "district")


def locate_edited(location: Location, changed: set[str]) -> None:
    """Position a location after an edit: coordinates the editor typed (or set by
    clicking the map) count as set by hand; a changed address is located again."""
    if {"latitude", "longitude"} & changed and location.latitude is not None:
        location.position_source = PositionSource.MANUAL
        return
    address_changed = bool(set(ADDRESS_FIELDS) & changed)
    if address_changed and location.position_source == PositionSource.MANUAL:
        location.position_source = ""  # the old pin belongs to the old address
    locate(location, force=address_changed or location.position_source != PositionSource.MANUAL)


def locate_imported(location: Location) -> None:
    """Coordinates that came with the data are kept as entered; others are looked up."""
    if location.latitude is not None and not location.position_source:
        location.position_source = PositionSource.MANUAL
    else:
        locate(location)


@dataclass
class LocateRun:
    exact: int = 0
    rough: int = 0
    without: int = 0


def locations_locate(*, everything: bool = False, progress=iter) -> LocateRun:
    """Position the locations that have no exact one (all with `everything`);
    positions set by hand are kept. Counts what came of it."""
    locations = Location.objects.select_related("district").order_by("pk")
    if not everything:
        locations = locations.exclude(position_source__in=PositionSource.exact())
    run = LocateRun()
    for location in progress(list(locations)):
        if locate(location, force=True):
            location.save(update_fields=["latitude", "longitude", "position_source"])
        if location.has_exact_position:
            run.exact += 1
        elif location.latitude is not None:
            run.rough += 1
        else:
            run.without += 1
    return run
