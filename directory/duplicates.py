"""Likely duplicates: the same offer entered twice, e.g. by a provider and the city."""

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from .models import Location, Offer
from .text import fold

SAME_PROVIDER_SIMILARITY = 85  # names of one provider's offers: close variants only
SAME_ADDRESS_SIMILARITY = 70  # at one address, different providers, looser names


def _normal(text: str) -> str:
    return " ".join(fold(text).split())


def _address(street: str, postcode: str) -> str:
    return f"{_normal(street)}|{postcode.strip()}" if street.strip() else ""


@dataclass(frozen=True)
class Duplicate:
    offer: Offer
    reason: str  # "provider" or "address"


def likely_duplicates(
    *,
    name: str,
    provider_id: int | None,
    addresses: Iterable[tuple[str, str]],
    exclude_pk: int | None = None,
) -> list[Duplicate]:
    """Other offers of the same provider with a similar name, or at the same address with
    a similar name."""
    wanted = _normal(name)
    own_addresses = {_address(street, postcode) for street, postcode in addresses} - {""}
    found: dict[int, Duplicate] = {}
    candidates = Offer.objects.exclude(pk=exclude_pk).select_related("provider")
    if provider_id:
        for other in candidates.filter(provider_id=provider_id):
            if fuzz.token_set_ratio(wanted, _normal(other.name)) >= SAME_PROVIDER_SIMILARITY:
                found[other.pk] = Duplicate(other, "provider")
    if own_addresses:
        nearby = Location.objects.exclude(offer_id=exclude_pk).select_related("offer")
        postcodes = {address.split("|")[1] for address in own_addresses}
        for location in nearby.filter(postcode__in=postcodes):
            other = location.offer
            same_place = _address(location.street, location.postcode) in own_addresses
            if (
                same_place
                and other.pk not in found
                and fuzz.token_set_ratio(wanted, _normal(other.name)) >= SAME_ADDRESS_SIMILARITY
            ):
                found[other.pk] = Duplicate(other, "address")
    return list(found.values())


def offer_duplicates(offer: Offer) -> list[Duplicate]:
    return likely_duplicates(
        name=offer.name,
        provider_id=offer.provider_id,
        addresses=[(loc.street, loc.postcode) for loc in offer.locations.all()],
        exclude_pk=offer.pk,
    )
