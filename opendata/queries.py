"""Which public records an HSDS API request asks for: its filters on our offers, and
the lookup of HSDS ids (stable UUIDs derived from our keys) back to our rows."""

import datetime
import math
from dataclasses import dataclass
from functools import reduce
from operator import and_

from django.db.models import Max, Q, QuerySet

from directory.interchange.hsds_export import TAXONOMIES, hsds_id, service_id, taxonomy_term_records
from directory.models import Location, Offer, Provider
from directory.selectors import offer_list_open_data

# Which relation of an offer holds the terms of each of our taxonomies.
TERM_LOOKUPS = {
    "life_stage": "life_stages__code",
    "sector": "sectors__code",
    "topic": "topics__slug",
}


@dataclass(frozen=True)
class OfferFilters:
    search: str = ""
    taxonomy_term_id: str = ""
    taxonomy_id: str = ""
    organization_id: str = ""
    modified_after: datetime.datetime | None = None


def _taxonomy_kinds() -> dict[str, str]:
    return {hsds_id("taxonomy", kind): kind for kind in TAXONOMIES}


def _term_codes() -> dict[str, tuple[str, str]]:
    kinds = _taxonomy_kinds()
    return {
        term["id"]: (kinds[term["taxonomy_id"]], term["code"]) for term in taxonomy_term_records()
    }


def _provider_pk(organization_id: str) -> int | None:
    providers = Provider.objects.filter(offers__in=offer_list_open_data()).distinct()
    ids = {hsds_id("organization", pk): pk for pk in providers.values_list("pk", flat=True)}
    return ids.get(organization_id)


def offers_filtered(filters: OfferFilters) -> QuerySet[Offer]:
    """Open-data offers matching every given filter (unknown ids match nothing)."""
    offers = offer_list_open_data()
    words = filters.search.split()
    if words:
        offers = offers.filter(
            reduce(
                and_,
                (
                    Q(name__icontains=word)
                    | Q(summary__icontains=word)
                    | Q(description__icontains=word)
                    | Q(provider__name__icontains=word)
                    for word in words
                ),
            )
        )
    if filters.taxonomy_term_id:
        term = _term_codes().get(filters.taxonomy_term_id)
        if term is None:
            return offers.none()
        kind, code = term
        offers = offers.filter(pk__in=Offer.objects.filter(**{TERM_LOOKUPS[kind]: code}))
    if filters.taxonomy_id:
        kind = _taxonomy_kinds().get(filters.taxonomy_id)
        if kind is None:
            return offers.none()
        lookup = TERM_LOOKUPS[kind].split("__")[0]
        offers = offers.filter(pk__in=Offer.objects.filter(**{f"{lookup}__isnull": False}))
    if filters.organization_id:
        provider = _provider_pk(filters.organization_id)
        if provider is None:
            return offers.none()
        offers = offers.filter(provider_id=provider)
    if filters.modified_after is not None:
        offers = offers.filter(updated_at__gte=filters.modified_after)
    return offers


def last_change(offers: QuerySet[Offer]) -> datetime.datetime | None:
    return offers.aggregate(latest=Max("updated_at"))["latest"]


def offer_by_service_id(identifier: str) -> Offer | None:
    offers = offer_list_open_data()
    for pk, external_id in offers.values_list("pk", "external_id"):
        if service_id(Offer(pk=pk, external_id=external_id)) == identifier:
            return offers.get(pk=pk)
    return None


def provider_by_organization_id(identifier: str) -> Provider | None:
    pk = _provider_pk(identifier)
    return Provider.objects.get(pk=pk) if pk is not None else None


def providers_filtered(search: str) -> QuerySet[Provider]:
    providers = Provider.objects.filter(offers__in=offer_list_open_data()).distinct()
    for word in search.split():
        providers = providers.filter(Q(name__icontains=word) | Q(description__icontains=word))
    return providers.order_by("pk")


def locations_of(offers: QuerySet[Offer]) -> list[Location]:
    """The locations of these offers, each with its offer (relations prefetched)."""
    locations = []
    for offer in offers:
        for location in offer.locations.all():
            location.offer = offer  # the prefetched one, with its relations
            locations.append(location)
    return locations


def service_at_location_by_id(identifier: str) -> tuple[Offer, Location] | None:
    offers = offer_list_open_data()
    rows = offers.filter(locations__isnull=False).values_list("pk", "external_id", "locations")
    for pk, external_id, location_pk in rows:
        service = service_id(Offer(pk=pk, external_id=external_id))
        if hsds_id("service_at_location", f"{service}:{location_pk}") == identifier:
            offer = offers.get(pk=pk)
            return offer, next(loc for loc in offer.locations.all() if loc.pk == location_pk)
    return None


def _distance_metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def locations_near(
    locations: list[Location], *, postcode: str, proximity: float | None
) -> list[Location]:
    """Locations with this postcode, or within `proximity` metres of its centre (the mean
    of our located addresses with that postcode; an unknown postcode has no centre)."""
    if proximity is None:
        return [location for location in locations if location.postcode == postcode]
    points = [
        (float(location.latitude), float(location.longitude))
        for location in Location.objects.filter(postcode=postcode, latitude__isnull=False)
    ]
    if not points:
        return []
    centre = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    return [
        location
        for location in locations
        if location.latitude is not None
        and _distance_metres(centre, (float(location.latitude), float(location.longitude)))
        <= proximity
    ]
