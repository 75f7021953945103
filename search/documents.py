"""An offer as both engines index it: built once from the database, engine-neutral."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import islice

from django.conf import settings
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation

from directory.models import Location, Offer, OfferTranslation
from directory.opening_hours import OfferHours, offer_hours

from .query import GeoPoint, SearchHit
from .text import analyze_document, fold

# How much a token counts, by the field it comes from; a compound part counts half.
NAME_WEIGHT, SUMMARY_WEIGHT, BODY_WEIGHT = 8, 4, 2
PART_DIVISOR = 2
# Every weight a token can have; Elasticsearch keeps one field per weight.
TOKEN_WEIGHTS = (NAME_WEIGHT, SUMMARY_WEIGHT, BODY_WEIGHT, BODY_WEIGHT // PART_DIVISOR)
CHUNK_SIZE = 1000


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
    professionals_only: bool
    points: list[GeoPoint]
    hours: OfferHours
    tokens: dict[str, int]  # token → weight of the best field it occurs in

    def tokens_by_weight(self) -> dict[int, list[str]]:
        """Tokens grouped by weight, as Elasticsearch stores them (one field per weight)."""
        grouped: dict[int, list[str]] = {weight: [] for weight in TOKEN_WEIGHTS}
        for token, weight in sorted(self.tokens.items()):
            grouped[weight].append(token)
        return grouped

    def hit(self, near: GeoPoint | None = None) -> SearchHit:
        return SearchHit.of(vars(self), points=self.points, near=near)


def published_offer_ids() -> Iterator[int]:
    """Ids of all published offers in a stable order, streamed."""
    return (
        Offer.objects.published()
        .order_by("pk")
        .values_list("pk", flat=True)
        .iterator(chunk_size=CHUNK_SIZE)
    )


def offer_documents(
    offer_ids: Iterable[int], *, with_tokens: bool = True
) -> Iterator[OfferDocument]:
    """Documents of the published offers among `offer_ids`, in the order given, in chunks.

    Reads plain values (seven queries per chunk) instead of model instances: building
    100,000 offers with their relations as objects costs more than analysing their text.
    `with_tokens=False` skips text analysis when only result lines are needed.
    """
    iterator = iter(offer_ids)
    while chunk := list(islice(iterator, CHUNK_SIZE)):
        by_id = _load_chunk(chunk, with_tokens=with_tokens)
        yield from (by_id[pk] for pk in chunk if pk in by_id)


def _grouped(rows, key: str = "offer_id") -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


def _load_chunk(ids: list[int], *, with_tokens: bool) -> dict[int, OfferDocument]:
    offers = (
        Offer.objects.published()
        .filter(pk__in=ids)
        .values(
            "pk",
            "slug",
            "name",
            "summary",
            "description",
            "target_group",
            "eligibility",
            "min_age",
            "max_age",
            "cost",
            "professionals_only",
            "provider__name",
        )
    )
    through = {
        name: Offer._meta.get_field(name).remote_field.through
        for name in ("life_stages", "sectors", "topics", "languages")
    }
    stages = _grouped(
        through["life_stages"]
        .objects.filter(offer_id__in=ids)
        .order_by("lifestage__sort_order")
        .values("offer_id", code=F("lifestage__code"))
    )
    sectors = _grouped(
        through["sectors"]
        .objects.filter(offer_id__in=ids)
        .order_by("sector__sort_order")
        .values("offer_id", code=F("sector__code"))
    )
    topics = _grouped(
        through["topics"]
        .objects.filter(offer_id__in=ids)
        .values("offer_id", slug=F("topic__slug"), name=F("topic__name"))
    )
    languages = _grouped(
        through["languages"]
        .objects.filter(offer_id__in=ids)
        .values("offer_id", code=F("language__code"))
    )
    locations = _grouped(
        Location.objects.filter(offer_id__in=ids)
        .order_by("sort_order", "pk")
        .values(
            "offer_id",
            "latitude",
            "longitude",
            "wheelchair_accessible",
            "city",
            "opening_hours",
            district_slug=F("district__slug"),
            district_name=F("district__name"),
        )
    )
    # Translated names and summaries are searchable too: "midwife" finds the Hebamme.
    translations = _grouped(
        OfferTranslation.objects.filter(offer_id__in=ids).values("offer_id", "name", "summary")
    )
    documents = {}
    today = timezone.localdate()
    for offer in offers:
        pk = offer["pk"]
        places = locations.get(pk, [])
        district_names = [place["district_name"] for place in places if place["district_name"]]
        topic_rows = topics.get(pk, [])
        documents[pk] = OfferDocument(
            id=pk,
            slug=offer["slug"],
            name=offer["name"],
            sort_name=fold(offer["name"])[:200],
            provider=offer["provider__name"],
            summary=offer["summary"] or offer["description"][:300],
            url=offer_url(offer["slug"]),
            life_stages=[row["code"] for row in stages.get(pk, [])],
            sectors=[row["code"] for row in sectors.get(pk, [])],
            topics=sorted(row["slug"] for row in topic_rows),
            districts=sorted(
                {place["district_slug"] for place in places if place["district_slug"]}
            ),
            district_name=district_names[0] if district_names else "",
            languages=sorted(row["code"] for row in languages.get(pk, [])),
            min_age=offer["min_age"],
            max_age=offer["max_age"],
            cost=offer["cost"],
            accessible=any(place["wheelchair_accessible"] for place in places),
            professionals_only=offer["professionals_only"],
            points=[
                GeoPoint(float(place["latitude"]), float(place["longitude"]))
                for place in places
                if place["latitude"] is not None and place["longitude"] is not None
            ],
            hours=offer_hours(
                (getattr(place["opening_hours"], "raw_data", None) for place in places),
                today=today,
            ),
            tokens=_weighted_tokens(
                offer,
                [row["name"] for row in topic_rows]
                + [f"{row['name']} {row['summary']}" for row in translations.get(pk, [])],
                district_names + [place["city"] for place in places],
            )
            if with_tokens
            else {},
        )
    return documents


def offer_url(slug: str) -> str:
    return _url_template().replace(_SLUG_PLACEHOLDER, slug)


_SLUG_PLACEHOLDER = "slug-placeholder"


@cache
def _url_template() -> str:
    # reverse() per offer is measurable at 100,000 offers; the pattern is fixed. The
    # stored URL is the German one (the default language); pages link in their own.
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("offer_detail", kwargs={"slug": _SLUG_PLACEHOLDER})


def _weighted_tokens(offer: dict, summary_texts: list[str], places: list[str]) -> dict[str, int]:
    weights: dict[str, int] = {}
    fields = [
        (offer["name"], NAME_WEIGHT),
        (" ".join([offer["summary"], *summary_texts]), SUMMARY_WEIGHT),  # + topics, translations
        (
            " ".join(
                [
                    offer["description"],
                    offer["target_group"],
                    offer["eligibility"],
                    offer["provider__name"],
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
