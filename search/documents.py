"""An offer as both engines index it: built once from the database, engine-neutral."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from directory.models import Location, Offer

from .query import GeoPoint, SearchHit
from .text import analyze_document, fold

# How much a token counts, by the field it comes from; a compound part counts half.
NAME_WEIGHT, SUMMARY_WEIGHT, BODY_WEIGHT = 8, 4, 2
PART_DIVISOR = 2
TOKEN_WEIGHTS = (8, 4, 2, 1)


@dataclass
class OfferDocument:
    id: int
    slug: str
    name: str
    sort_name: str
    provider: str
    summary: str
    url: str
    life_stages: list[str]
    sectors: list[str]
    topics: list[str]
    districts: list[str]
    district_name: str
    languages: list[str]
    min_age: int | None
    max_age: int | None
    cost: str
    accessible: bool
    points: list[GeoPoint]
    tokens: dict[str, int]  # token → weight of the best field it occurs in

    def tokens_by_weight(self) -> dict[int, list[str]]:
        """Tokens grouped by weight, as Elasticsearch stores them (one field per weight)."""
        grouped: dict[int, list[str]] = {weight: [] for weight in TOKEN_WEIGHTS}
        for token, weight in sorted(self.tokens.items()):
            grouped[weight].append(token)
        return grouped

    def hit(self, near: GeoPoint | None = None) -> SearchHit:
        distance = None
        if near is not None and self.points:
            distance = min(near.distance_km(point) for point in self.points)
        return SearchHit(
            id=self.id,
            slug=self.slug,
            name=self.name,
            provider=self.provider,
            summary=self.summary,
            url=self.url,
            life_stages=self.life_stages,
            sectors=self.sectors,
            district=self.district_name,
            distance_km=distance,
        )


def published_offers_for_indexing() -> QuerySet[Offer]:
    return (
        Offer.objects.published()
        .select_related("provider")
        .prefetch_related(
            "life_stages",
            "sectors",
            "topics",
            "languages",
            Prefetch("locations", queryset=Location.objects.select_related("district")),
        )
        .order_by("pk")
    )


def _weighted_tokens(offer: Offer, topic_names: list[str], places: list[str]) -> dict[str, int]:
    weights: dict[str, int] = {}
    fields = [
        (offer.name, NAME_WEIGHT),
        (" ".join([offer.summary, *topic_names]), SUMMARY_WEIGHT),
        (
            " ".join(
                [
                    offer.description,
                    offer.target_group,
                    offer.eligibility,
                    offer.provider.name,
                    *places,  # "Hebamme Brand" finds the midwives in the district Brand
                ]
            ),
            BODY_WEIGHT,
        ),
    ]
    for text, weight in fields:
        analyzed = analyze_document(text)
        for token in analyzed.parts:
            weights[token] = max(weights.get(token, 0), weight // PART_DIVISOR)
        for token in analyzed.whole:
            weights[token] = max(weights.get(token, 0), weight)
    return weights


def offer_document(offer: Offer, *, with_tokens: bool = True) -> OfferDocument:
    """Requires the prefetches of `published_offers_for_indexing`.

    `with_tokens=False` skips text analysis when only a result line is needed.
    """
    locations = list(offer.locations.all())
    topics = list(offer.topics.all())
    districts = [location.district for location in locations if location.district]
    return OfferDocument(
        id=offer.pk,
        slug=offer.slug,
        name=offer.name,
        sort_name=fold(offer.name)[:200],
        provider=offer.provider.name,
        summary=offer.summary or offer.description[:300],
        url=offer.get_absolute_url(),
        life_stages=[stage.code for stage in sorted(offer.life_stages.all(), key=_order)],
        sectors=[sector.code for sector in sorted(offer.sectors.all(), key=_order)],
        topics=sorted(topic.slug for topic in topics),
        districts=sorted({district.slug for district in districts}),
        district_name=districts[0].name if districts else "",
        languages=sorted(language.code for language in offer.languages.all()),
        min_age=offer.min_age,
        max_age=offer.max_age,
        cost=offer.cost,
        accessible=any(location.wheelchair_accessible for location in locations),
        points=[
            GeoPoint(float(location.latitude), float(location.longitude))
            for location in locations
            if location.latitude is not None and location.longitude is not None
        ],
        tokens=_weighted_tokens(
            offer,
            [topic.name for topic in topics],
            [district.name for district in districts] + [loc.city for loc in locations],
        )
        if with_tokens
        else {},
    )


def _order(item) -> int:
    return item.sort_order


def offer_documents(offers: Iterable[Offer]) -> Iterator[OfferDocument]:
    for offer in offers:
        yield offer_document(offer)
