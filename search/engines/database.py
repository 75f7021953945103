"""The embedded engine: an inverted index in the project's own database.

Works the same on SQLite and PostgreSQL because the text analysis happens in Python
(search.text); the database only matches exact tokens. It is also the fallback when
Elasticsearch is unreachable, so its index is always kept up to date.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import transaction
from django.db.models import Count, FloatField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import ASin, Cast, Cos, Power, Radians, Sin, Sqrt

from directory.models import Location, Offer

from ..documents import (
    OfferDocument,
    offer_document,
    offer_documents,
    published_offers_for_indexing,
)
from ..models import SearchDocument, SearchTerm, SearchToken
from ..query import EARTH_RADIUS_KM, GeoPoint, SearchQuery, SearchResponse, Sort
from ..text import QueryTerm
from ..vocabulary import term_cache
from .base import Progress, SearchEngine, facet_values

BATCH_SIZE = 500
KM_PER_DEGREE_LATITUDE = 111.2

_through = {
    name: Offer._meta.get_field(name).remote_field.through
    for name in ("life_stages", "sectors", "topics", "languages")
}


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class DatabaseEngine(SearchEngine):
    name = "database"

    # --- indexing -------------------------------------------------------------------
    def index_offers(self, offer_ids: Iterable[int]) -> None:
        ids = set(offer_ids)
        with transaction.atomic():
            SearchDocument.objects.filter(offer_id__in=ids).delete()
            self._store(offer_documents(published_offers_for_indexing().filter(pk__in=ids)))
        term_cache.clear()

    def rebuild(self, *, progress: Progress = iter) -> int:
        count = 0
        with transaction.atomic():
            SearchToken.objects.all().delete()
            SearchDocument.objects.all().delete()
            SearchTerm.objects.all().delete()
            offers = published_offers_for_indexing().iterator(chunk_size=BATCH_SIZE)
            for batch in _batches(progress(offer_documents(offers)), BATCH_SIZE):
                self._store(batch)
                count += len(batch)
        term_cache.clear()
        return count

    def _store(self, documents: Iterable[OfferDocument]) -> None:
        for batch in _batches(documents, BATCH_SIZE):
            SearchDocument.objects.bulk_create(
                SearchDocument(offer_id=doc.id, sort_name=doc.sort_name) for doc in batch
            )
            SearchToken.objects.bulk_create(
                (
                    SearchToken(document_id=doc.id, token=token, weight=weight)
                    for doc in batch
                    for token, weight in doc.tokens.items()
                ),
                batch_size=5000,
            )
            tokens = {token for doc in batch for token in doc.tokens}
            SearchTerm.objects.bulk_create(
                (SearchTerm(token=token) for token in tokens), ignore_conflicts=True
            )

    # --- searching ------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResponse:
        terms = self.analyze(query.text)
        conditions = self._conditions(query, terms)
        offers = self._indexed().filter(*conditions.values())
        count = offers.count()
        page_ids = self._page_ids(offers, query, terms)
        by_id = published_offers_for_indexing().in_bulk(page_ids)
        hits = [offer_document(by_id[pk], with_tokens=False).hit(query.near) for pk in page_ids]
        return SearchResponse(
            count=count,
            page=query.page,
            page_size=query.page_size,
            engine=self.name,
            results=hits,
            facets=facet_values(query, self._facet_counts(conditions)),
        )

    def _indexed(self) -> QuerySet[Offer]:
        # The index decides what is searchable, as it does in Elasticsearch.
        return Offer.objects.filter(live=True, search_document__isnull=False)

    def _conditions(self, query: SearchQuery, terms: list[QueryTerm]) -> dict[str, Q]:
        """Every filter as a Q, keyed so facets can leave out their own."""
        conditions: dict[str, Q] = {}
        through_filters = {
            "life_stage": ("life_stages", "lifestage__code", query.life_stages),
            "sector": ("sectors", "sector__code", query.sectors),
            "topic": ("topics", "topic__slug", query.topics),
            "language": ("languages", "language__code", query.languages),
        }
        for facet, (relation, lookup, values) in through_filters.items():
            if values:
                rows = _through[relation].objects.filter(**{f"{lookup}__in": values})
                conditions[facet] = Q(pk__in=rows.values("offer_id"))
        if query.districts:
            rows = Location.objects.filter(district__slug__in=query.districts)
            conditions["district"] = Q(pk__in=rows.values("offer_id"))
        if query.free_only:
            conditions["cost"] = Q(cost="free")
        if query.age is not None:
            conditions["age"] = (Q(min_age__isnull=True) | Q(min_age__lte=query.age)) & (
                Q(max_age__isnull=True) | Q(max_age__gte=query.age)
            )
        if query.accessible_only:
            rows = Location.objects.filter(wheelchair_accessible=True)
            conditions["accessible"] = Q(pk__in=rows.values("offer_id"))
        if query.near is not None:
            rows = _locations_near(query.near, query.radius_km)
            conditions["near"] = Q(pk__in=rows.values("offer_id"))
        for index, term in enumerate(terms):
            conditions[f"text{index}"] = _term_condition(term)
        return conditions

    def _page_ids(
        self, offers: QuerySet[Offer], query: SearchQuery, terms: list[QueryTerm]
    ) -> list[int]:
        window = slice(query.offset, query.offset + query.page_size)
        sort = query.effective_sort
        if sort is Sort.RELEVANCE and terms:
            return _ranked_ids(offers, terms)[window]
        if sort is Sort.DISTANCE and query.near is not None:
            nearest = (
                _locations_near(query.near, query.radius_km)
                .filter(offer=OuterRef("pk"))
                .order_by("distance")
                .values("distance")[:1]
            )
            offers = offers.annotate(distance=Subquery(nearest, output_field=FloatField()))
            ordered = offers.order_by("distance", "search_document__sort_name", "pk")
        else:
            ordered = offers.order_by("search_document__sort_name", "pk")
        return list(ordered.values_list("pk", flat=True)[window])

    def _facet_counts(self, conditions: dict[str, Q]) -> dict[str, dict[str, int]]:
        def offers_without(facet: str) -> QuerySet[Offer]:
            others = [q for name, q in conditions.items() if name != facet]
            return self._indexed().filter(*others).values("pk")

        counts: dict[str, dict[str, int]] = {}
        through_facets = {
            "life_stage": ("life_stages", "lifestage__code"),
            "sector": ("sectors", "sector__code"),
            "topic": ("topics", "topic__slug"),
            "language": ("languages", "language__code"),
        }
        for facet, (relation, value_field) in through_facets.items():
            rows = (
                _through[relation]
                .objects.filter(offer_id__in=offers_without(facet))
                .values(value_field)
                .annotate(n=Count("offer_id"))
            )
            counts[facet] = {row[value_field]: row["n"] for row in rows}
        district_rows = (
            Location.objects.filter(offer_id__in=offers_without("district"), district__isnull=False)
            .values("district__slug")
            .annotate(n=Count("offer_id", distinct=True))
        )
        counts["district"] = {row["district__slug"]: row["n"] for row in district_rows}
        cost_rows = (
            Offer.objects.filter(pk__in=offers_without("cost"))
            .exclude(cost="")
            .values("cost")
            .annotate(n=Count("pk"))
        )
        counts["cost"] = {row["cost"]: row["n"] for row in cost_rows}
        return counts


def _term_condition(term: QueryTerm) -> Q:
    """Offers that have any alternative of the term, or all tokens of one of its groups."""
    condition = Q(
        pk__in=SearchToken.objects.filter(token__in=term.alternatives).values("document_id")
    )
    for group in term.groups:
        all_of = Q()
        for token in group:
            all_of &= Q(pk__in=SearchToken.objects.filter(token=token).values("document_id"))
        condition |= all_of
    return condition


def _ranked_ids(offers: QuerySet[Offer], terms: list[QueryTerm]) -> list[int]:
    """All matching ids, best first; scores use QueryTerm.score like Elasticsearch does."""
    tokens = set().union(*(term.all_tokens() for term in terms))
    weights: dict[int, dict[str, int]] = defaultdict(dict)
    rows = SearchToken.objects.filter(
        document_id__in=offers.values("pk"), token__in=tokens
    ).values_list("document_id", "token", "weight")
    for document_id, token, weight in rows:
        weights[document_id][token] = weight
    sort_names = dict(
        SearchDocument.objects.filter(offer_id__in=list(weights)).values_list(
            "offer_id", "sort_name"
        )
    )
    scores = {pk: sum(term.score(doc) for term in terms) for pk, doc in weights.items()}
    return sorted(scores, key=lambda pk: (-scores[pk], sort_names[pk], pk))


def _locations_near(point: GeoPoint, radius_km: float) -> QuerySet[Location]:
    """Locations within `radius_km` of `point`, annotated with `distance` in km (haversine).

    A bounding box first lets the database skip far-away rows cheaply.
    """
    lat_span = radius_km / KM_PER_DEGREE_LATITUDE
    lon_span = radius_km / max(0.01, KM_PER_DEGREE_LATITUDE * math.cos(math.radians(point.lat)))
    latitude = Radians(Cast("latitude", FloatField()))
    longitude = Radians(Cast("longitude", FloatField()))
    origin_lat, origin_lon = math.radians(point.lat), math.radians(point.lon)
    half_chord = Power(Sin((latitude - Value(origin_lat)) / 2), 2) + Value(
        math.cos(origin_lat)
    ) * Cos(latitude) * Power(Sin((longitude - Value(origin_lon)) / 2), 2)
    return (
        Location.objects.filter(
            latitude__gte=point.lat - lat_span,
            latitude__lte=point.lat + lat_span,
            longitude__gte=point.lon - lon_span,
            longitude__lte=point.lon + lon_span,
        )
        .annotate(distance=Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(half_chord)))
        .filter(distance__lte=radius_km)
    )
