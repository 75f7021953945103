"""The embedded engine: an inverted index in the project's own database.

Works the same on SQLite and PostgreSQL because the text analysis happens in Python
(search.text); the database only matches exact tokens. Like Elasticsearch it reads only
its own index (documents, tokens, facet values, points), never the directory's tables.
It is also the fallback when Elasticsearch is unreachable, so it is always kept current.
"""

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import connection, transaction
from django.db.models import Count, F, FloatField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt

from ..documents import OfferDocument, offer_documents, published_offer_ids
from ..models import (
    SearchDocument,
    SearchFacet,
    SearchOpening,
    SearchPoint,
    SearchTerm,
    SearchToken,
)
from ..query import (
    EARTH_RADIUS_KM,
    FACETS,
    GeoPoint,
    OpenAt,
    SearchQuery,
    SearchResponse,
    Sort,
)
from ..text import QueryTerm
from ..vocabulary import term_cache
from .base import Progress, SearchEngine, facet_values

BATCH_SIZE = 500
OPEN_WEEKDAY, CLOSED_ON = "open_weekday", "closed_on"
KM_PER_DEGREE_LATITUDE = 111.2


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _facet_rows(document: OfferDocument) -> Iterator[tuple[str, str]]:
    values = {
        "life_stage": document.life_stages,
        "sector": document.sectors,
        "topic": document.topics,
        "district": document.districts,
        "language": document.languages,
        "cost": [document.cost] if document.cost else [],
        # Not shown as facets; rows of the same table keep the "open" filter to one join.
        OPEN_WEEKDAY: [str(day) for day in document.hours.weekdays],
        CLOSED_ON: [day.isoformat() for day in document.hours.closed_on],
    }
    for facet, facet_values_ in values.items():
        for value in facet_values_:
            yield facet, value


class DatabaseEngine(SearchEngine):
    name = "database"

    # --- indexing -------------------------------------------------------------------
    def index_offers(self, offer_ids: Iterable[int]) -> None:
        ids = set(offer_ids)
        with transaction.atomic():
            SearchDocument.objects.filter(offer_id__in=ids).delete()
            self._store(offer_documents(sorted(ids)))
        term_cache.clear()

    def rebuild(self, *, progress: Progress = iter) -> int:
        with transaction.atomic():
            for model in (
                SearchToken,
                SearchFacet,
                SearchPoint,
                SearchOpening,
                SearchDocument,
                SearchTerm,
            ):
                model.objects.all().delete()
            count = self._store(progress(offer_documents(published_offer_ids())))
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner guesses row counts from an empty table.
            with connection.cursor() as cursor:
                for model in (SearchDocument, SearchToken, SearchFacet, SearchPoint, SearchOpening):
                    cursor.execute(f"ANALYZE {model._meta.db_table}")
        term_cache.clear()
        return count

    def _store(self, documents: Iterable[OfferDocument]) -> int:
        """Write documents in batches; returns how many. Memory stays flat in their number."""
        count = 0
        vocabulary: set[str] = set()
        for batch in _batches(documents, BATCH_SIZE):
            SearchDocument.objects.bulk_create(
                SearchDocument(
                    offer_id=doc.id,
                    sort_name=doc.sort_name,
                    min_age=doc.min_age,
                    max_age=doc.max_age,
                    accessible=doc.accessible,
                    professionals_only=doc.professionals_only,
                )
                for doc in batch
            )
            tokens = [
                (doc.id, token, weight) for doc in batch for token, weight in doc.tokens.items()
            ]
            facets = [(doc.id, facet, value) for doc in batch for facet, value in _facet_rows(doc)]
            points = [(doc.id, point.lat, point.lon) for doc in batch for point in doc.points]
            openings = [(doc.id, r.start, r.end) for doc in batch for r in doc.hours.ranges]
            _insert(SearchToken, ("document_id", "token", "weight"), tokens)
            _insert(SearchFacet, ("document_id", "facet", "value"), facets)
            _insert(SearchPoint, ("document_id", "latitude", "longitude"), points)
            _insert(SearchOpening, ("document_id", "start", "end"), openings)
            vocabulary.update(token for _id, token, _weight in tokens)
            count += len(batch)
        SearchTerm.objects.bulk_create(
            (SearchTerm(token=token) for token in vocabulary),
            ignore_conflicts=True,
            batch_size=5000,
        )
        return count

    # --- searching ------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResponse:
        terms = self.analyze(query.text)
        conditions = self._conditions(query, terms)
        documents = SearchDocument.objects.filter(*conditions.values())
        count = documents.count()
        page_ids = self._page_ids(documents, query, terms)
        hits = [doc.hit(query.near) for doc in offer_documents(page_ids, with_tokens=False)]
        return SearchResponse(
            count=count,
            page=query.page,
            page_size=query.page_size,
            engine=self.name,
            results=hits,
            facets=facet_values(query, self._facet_counts(conditions)),
        )

    def _conditions(self, query: SearchQuery, terms: list[QueryTerm]) -> dict[str, Q]:
        """Every filter as a Q on SearchDocument, keyed so facets can leave out their own."""
        conditions: dict[str, Q] = {}
        if not query.include_professional:
            conditions["audience"] = Q(professionals_only=False)
        for facet, values in query.facet_filters().items():
            if values:
                rows = SearchFacet.objects.filter(facet=facet, value__in=values)
                conditions[facet] = Q(pk__in=rows.values("document_id"))
        if query.age is not None:
            conditions["age"] = (Q(min_age__isnull=True) | Q(min_age__lte=query.age)) & (
                Q(max_age__isnull=True) | Q(max_age__gte=query.age)
            )
        if query.accessible_only:
            conditions["accessible"] = Q(accessible=True)
        if query.near is not None:
            rows = _points_near(query.near, query.radius_km)
            conditions["near"] = Q(pk__in=rows.values("document_id"))
        if query.open_at is not None:
            conditions["open"] = _open_condition(query.open_at)
        for index, term in enumerate(terms):
            conditions[f"text{index}"] = _term_condition(term)
        return conditions

    def _page_ids(
        self, documents: QuerySet[SearchDocument], query: SearchQuery, terms: list[QueryTerm]
    ) -> list[int]:
        window = slice(query.offset, query.offset + query.page_size)
        sort = query.effective_sort
        if sort is Sort.RELEVANCE and terms:
            return _ranked_ids(documents, terms)[window]
        if sort is Sort.DISTANCE and query.near is not None:
            nearest = (
                _points_near(query.near, query.radius_km)
                .filter(document=OuterRef("pk"))
                .order_by("distance")
                .values("distance")[:1]
            )
            documents = documents.annotate(distance=Subquery(nearest, output_field=FloatField()))
            ordered = documents.order_by("distance", "sort_name", "pk")
        else:
            ordered = documents.order_by("sort_name", "pk")
        return list(ordered.values_list("pk", flat=True)[window])

    def _facet_counts(self, conditions: dict[str, Q]) -> dict[str, dict[str, int]]:
        """Counts per facet value, each facet ignoring its own selection.

        Facets without a selection share one grouped query over all filters; a facet
        with a selection gets a query of its own without it.
        """
        counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
        selected = [facet for facet in FACETS if facet in conditions]

        def rows(exclude: str | None, facets: list[str]):
            others = [q for name, q in conditions.items() if name != exclude]
            facet_rows = SearchFacet.objects.filter(facet__in=facets)
            if others:
                matching = SearchDocument.objects.filter(*others).values("pk")
                facet_rows = facet_rows.filter(document_id__in=matching)
            return facet_rows.values_list("facet", "value").annotate(n=Count("document_id"))

        unselected = [facet for facet in FACETS if facet not in selected]
        queries = [(None, unselected)] + [(facet, [facet]) for facet in selected]
        for exclude, facets in queries:
            if facets:
                for facet, value, number in rows(exclude, facets):
                    counts[facet][value] = number
        return counts


def _insert(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert plain rows. Model instances for ~100 rows per offer were the slowest part
    of a rebuild; PostgreSQL's COPY is faster again than executemany."""
    if not rows:
        return
    quote = connection.ops.quote_name  # "end" is a reserved word
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)


def _term_condition(term: QueryTerm) -> Q:
    """Documents that have any alternative of the term, or all tokens of one of its groups."""
    tokens = SearchToken.objects.filter(token__in=term.alternatives).values("document_id")
    condition = Q(pk__in=tokens)
    for group in term.groups:
        all_of = Q()
        for token in group:
            all_of &= Q(pk__in=SearchToken.objects.filter(token=token).values("document_id"))
        condition |= all_of
    return condition


def _ranked_ids(documents: QuerySet[SearchDocument], terms: list[QueryTerm]) -> list[int]:
    """All matching ids, best first; scores use QueryTerm.score like Elasticsearch does."""
    tokens = set().union(*(term.all_tokens() for term in terms))
    weights: dict[int, dict[str, int]] = defaultdict(dict)
    sort_names: dict[int, str] = {}
    rows = SearchToken.objects.filter(
        document_id__in=documents.values("pk"), token__in=tokens
    ).values_list("document_id", "token", "weight", "document__sort_name")
    for document_id, token, weight, sort_name in rows:
        weights[document_id][token] = weight
        sort_names[document_id] = sort_name
    scores = {pk: sum(term.score(doc) for term in terms) for pk, doc in weights.items()}
    return sorted(scores, key=lambda pk: (-scores[pk], sort_names[pk], pk))


def _open_condition(open_at: OpenAt) -> Q:
    if open_at.minute_of_week is None:
        days = SearchFacet.objects.filter(facet=OPEN_WEEKDAY, value=str(open_at.weekday))
        return Q(pk__in=days.values("document_id"))
    minute = open_at.minute_of_week
    ranges = SearchOpening.objects.filter(start__lte=minute, end__gt=minute)
    condition = Q(pk__in=ranges.values("document_id"))
    if open_at.date is not None:
        closed = SearchFacet.objects.filter(facet=CLOSED_ON, value=open_at.date.isoformat())
        condition &= ~Q(pk__in=closed.values("document_id"))
    return condition


def _points_near(point: GeoPoint, radius_km: float) -> QuerySet[SearchPoint]:
    """Points within `radius_km` of `point`, annotated with `distance` in km (haversine).

    A bounding box first lets the database use its index and skip far-away rows.
    """
    lat_span = radius_km / KM_PER_DEGREE_LATITUDE
    lon_span = radius_km / max(0.01, KM_PER_DEGREE_LATITUDE * math.cos(math.radians(point.lat)))
    latitude, longitude = Radians(F("latitude")), Radians(F("longitude"))
    origin_lat, origin_lon = math.radians(point.lat), math.radians(point.lon)
    half_chord = Power(Sin((latitude - Value(origin_lat)) / 2), 2) + Value(
        math.cos(origin_lat)
    ) * Cos(latitude) * Power(Sin((longitude - Value(origin_lon)) / 2), 2)
    return (
        SearchPoint.objects.filter(
            latitude__gte=point.lat - lat_span,
            latitude__lte=point.lat + lat_span,
            longitude__gte=point.lon - lon_span,
            longitude__lte=point.lon + lon_span,
        )
        .annotate(distance=Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(half_chord)))
        .filter(distance__lte=radius_km)
    )
