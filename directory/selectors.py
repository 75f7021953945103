"""Reads of the directory, shared by views, commands and the API."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Avg, Count, Prefetch, Q, QuerySet, Value
from django.utils.translation import get_language

from .models import (
    District,
    HarvestSource,
    LifeStage,
    Location,
    Offer,
    Provider,
    Sector,
    Topic,
)
from .translation import translated


def _with_display_relations(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    return offers.select_related("provider", "harvest_source").prefetch_related(
        "life_stages",
        "sectors",
        "topics",
        "languages",
        "translations",
        Prefetch("locations", queryset=Location.objects.select_related("district")),
    )


def offer_list_with_record_relations() -> QuerySet[Offer]:
    """All offers, drafts included, with what the CSV record of an offer reads."""
    return _with_display_relations(Offer.objects.all())


def offer_list_public_with_relations(*, professional: bool = False) -> QuerySet[Offer]:
    """Published offers a reader may see, in a stable order, with their relations."""
    return _with_display_relations(Offer.objects.public(professional=professional)).order_by("pk")


def offer_list_open_data() -> QuerySet[Offer]:
    """What we publish as open data (HSDS export and API): published offers for everyone,
    by id, never offers for professionals only, and none harvested from elsewhere (they
    are the other directory's to publish; passing them on would echo between two)."""
    return offer_list_public_with_relations().filter(harvest_source__isnull=True)


def offer_get_any(*, pk: int) -> Offer:
    """An offer as stored (live content for published ones), with its relations."""
    return _with_display_relations(Offer.objects.all()).get(pk=pk)


def offer_get_published(*, slug: str, professional: bool = False) -> Offer:
    """The live offer with this slug; raises Offer.DoesNotExist for drafts, unknowns and,
    unless `professional`, offers for professionals only."""
    offers = Offer.objects.public(professional=professional)
    return _with_display_relations(offers).get(slug=slug)


def life_stage_list_with_counts(*, professional: bool = False) -> QuerySet[LifeStage]:
    """Life stages in chain order, each with its number of published offers."""
    visible = Q(offers__live=True)
    if not professional:
        visible &= Q(offers__professionals_only=False)
    return LifeStage.objects.annotate(offer_count=Count("offers", filter=visible, distinct=True))


def offer_ids_published_using(
    *, instance: Provider | Topic | District | HarvestSource
) -> list[int]:
    """Published offers that show this provider, topic or district, or come from this
    harvested directory (whether families may find them is its setting)."""
    lookup = {
        Provider: "provider",
        Topic: "topics",
        District: "locations__district",
        HarvestSource: "harvest_source",
    }[type(instance)]
    offers = Offer.objects.published().filter(**{lookup: instance})
    return list(offers.values_list("pk", flat=True).distinct())


def offer_list_related(offer: Offer, *, limit: int = 4, professional: bool = False) -> list[Offer]:
    """Other published offers a family of this offer may need next: sharing topics counts
    most, then a life stage, then being in the same district."""
    stage_ids = [stage.pk for stage in offer.life_stages.all()]
    topic_ids = [topic.pk for topic in offer.topics.all()]
    district_ids = [loc.district_id for loc in offer.locations.all() if loc.district_id]
    # An empty `__in` inside an aggregate filter empties the whole query, so each
    # ranking signal is only counted when the offer has something to share.
    signals = {
        "shared_topics": ("topics", topic_ids),
        "same_district": ("locations__district", district_ids),
        "shared_stages": ("life_stages", stage_ids),
    }
    annotations = {
        name: Count(relation, filter=Q(**{f"{relation}__in": ids}), distinct=True)
        if ids
        else Value(0)
        for name, (relation, ids) in signals.items()
    }
    candidates = (
        Offer.objects.public(professional=professional)
        .exclude(pk=offer.pk)
        .filter(Q(life_stages__in=stage_ids) | Q(topics__in=topic_ids))
        .annotate(**annotations)
        .order_by(*(f"-{name}" for name in signals), "name")
    )
    ids = list(candidates.values_list("pk", flat=True)[:limit])
    by_id = {o.pk: o for o in _with_display_relations(Offer.objects.filter(pk__in=ids))}
    return [by_id[pk] for pk in ids]


def provider_get_with_offers(
    *, slug: str, professional: bool = False
) -> tuple[Provider, list[Offer]]:
    """A provider and its published offers; raises Provider.DoesNotExist."""
    provider = Provider.objects.get(slug=slug)
    visible = Offer.objects.public(professional=professional).filter(provider=provider)
    offers = list(_with_display_relations(visible))
    return provider, offers


@dataclass
class SectorOffers:
    sector: Sector
    offers: list[Offer]


def life_stage_offers_by_sector(
    stage: LifeStage, *, professional: bool = False
) -> list[SectorOffers]:
    """The published offers of a life stage, grouped by sector in chain order (an offer in
    two sectors appears in both); sectors without offers are kept, to show the gap."""
    visible = Offer.objects.public(professional=professional).filter(life_stages=stage)
    offers = _with_display_relations(visible)
    grouped: dict[int, list[Offer]] = defaultdict(list)
    for offer in offers:
        for sector in offer.sectors.all():
            grouped[sector.pk].append(offer)
    return [SectorOffers(sector, grouped.get(sector.pk, [])) for sector in Sector.objects.all()]


@dataclass(frozen=True)
class Place:
    """A place a family can say it is near: a district or a postcode."""

    value: str
    label: str
    lat: float
    lon: float


def place_list() -> tuple[list[Place], list[Place]]:
    """Districts (centre of their outline) and postcodes (centre of the published
    locations with that postcode) to choose "near" from, without sending a position."""
    districts = [
        Place(district.slug, str(translated(district, "name", get_language())), *district.centre)
        for district in district_outlines()
        if district.centre
    ]
    # One grouped query: the results page asks for this on every request.
    centres = (
        Location.objects.filter(offer__live=True, latitude__isnull=False)
        .exclude(postcode="")
        .values("postcode")
        .annotate(lat=Avg("latitude"), lon=Avg("longitude"))
        .order_by("postcode")
    )
    postcodes = [
        Place(row["postcode"], row["postcode"], float(row["lat"]), float(row["lon"]))
        for row in centres
    ]
    return districts, postcodes


def district_outlines() -> list[District]:
    return list(District.objects.exclude(outline__isnull=True))


def life_stage_neighbours(codes: list[str]) -> list[LifeStage]:
    """The stages just before and after the given ones (not the given ones themselves)."""
    orders = set(LifeStage.objects.filter(code__in=codes).values_list("sort_order", flat=True))
    around = {order + step for order in orders for step in (-1, 1)} - orders
    return list(LifeStage.objects.filter(sort_order__in=around))


def district_neighbours(slugs: list[str], *, count: int = 2) -> list[District]:
    """The districts whose centres are nearest to the given districts' centres."""
    districts = [d for d in district_outlines() if d.centre]
    chosen = [d.centre for d in districts if d.slug in slugs]
    others = [d for d in districts if d.slug not in slugs]
    if not chosen:
        return []

    def distance(district: District) -> float:
        lat, lon = district.centre
        return min((lat - c_lat) ** 2 + (lon - c_lon) ** 2 for c_lat, c_lon in chosen)

    return sorted(others, key=distance)[:count]
