"""The embedded engine: an inverted index in the project's own database.

Works the same on SQLite and PostgreSQL because the text analysis happens in Python
(search.text); the database only matches exact tokens, adds up the points Python worked
out for them (database_ranking) and counts facet values. Like Elasticsearch it reads only
its own index (documents, tokens, facet values, points), never the directory's tables.
It is also the fallback when Elasticsearch is unreachable, so it is always kept current.
"""

import hashlib
import math
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    F,
    Min,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt

from ..documents import OfferDocument, offer_documents, published_offer_ids
from ..models import (
    SearchDocument,
    SearchFacet,
    SearchFacetSet,
    SearchFacetSetValue,
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
from .base import Progress, SearchEngine, facet_values, filter_hints
from .database_facets import (
    COMBINATION,
    flag_names,
    groups_sql,
    passes_all,
    read_counts,
    value_counts_sql,
)
from .database_ranking import RankedPage, any_match, ranked_page

BATCH_SIZE = 500
OPEN_WEEKDAY, CLOSED_ON = "open_weekday", "closed_on"
NEAR = "near"  # the key of this condition among the filters
KM_PER_DEGREE_LATITUDE = 111.2


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _facet_rows(document: OfferDocument) -> list[tuple[str, str]]:
    """The document's facet values (those the results page counts), sorted, once each."""
    values = {
        "life_stage": document.life_stages,
        "sector": document.sectors,
        "topic": document.topics,
        "district": document.districts,
        "language": document.languages,
        "cost": [document.cost] if document.cost else [],
    }
    return sorted({(facet, value) for facet, items in values.items() for value in items})


def _opening_rows(document: OfferDocument) -> Iterator[tuple[str, str]]:
    """Weekdays and closing dates, which the "open" filter reads."""
    for day in document.hours.weekdays:
        yield OPEN_WEEKDAY, str(day)
    for day in document.hours.closed_on:
        yield CLOSED_ON, day.isoformat()


def facet_set_key(rows: Iterable[tuple[str, str]]) -> str:
    lines = "\n".join(f"{facet}={value}" for facet, value in sorted(set(rows)))
    return hashlib.sha1(lines.encode()).hexdigest()


def _facet_set_ids(documents: list[OfferDocument]) -> dict[int, int]:
    """The id of each document's facet combination (by offer id); new ones are stored."""
    rows = {document.id: _facet_rows(document) for document in documents}
    keys = {document_id: facet_set_key(values) for document_id, values in rows.items()}
    ids = dict(SearchFacetSet.objects.filter(key__in=set(keys.values())).values_list("key", "id"))
    new = {key: rows[document_id] for document_id, key in keys.items() if key not in ids}
    if new:
        # Another transaction may store the same combination at the same time: conflicts
        # are skipped, and both then read the one stored row.
        SearchFacetSet.objects.bulk_create(
            [SearchFacetSet(key=key) for key in new], ignore_conflicts=True
        )
        ids.update(SearchFacetSet.objects.filter(key__in=new).values_list("key", "id"))
        SearchFacetSetValue.objects.bulk_create(
            [
                SearchFacetSetValue(facet_set_id=ids[key], facet=facet, value=value)
                for key, values in new.items()
                for facet, value in values
            ],
            ignore_conflicts=True,
        )
    # Combinations no document uses any more stay until the next rebuild: deleting them
    # here could race with another transaction that is just taking one up.
    return {document_id: ids[key] for document_id, key in keys.items()}


class DatabaseEngine(SearchEngine):
    name = "database"

    # --- indexing -------------------------------------------------------------------
    def index_offers(self, offer_ids: Iterable[int]) -> None:
        ids = set(offer_ids)
        with transaction.atomic():
            old_tokens = set(
                SearchToken.objects.filter(document_id__in=ids).values_list("token", flat=True)
            )
            SearchDocument.objects.filter(offer_id__in=ids).delete()
            _count, new_tokens = self._store(offer_documents(sorted(ids)))
            _update_frequencies(old_tokens | set(new_tokens))
        term_cache.clear()

    def rebuild(self, *, progress: Progress = iter) -> int:
        with transaction.atomic():
            for model in (
                SearchToken,
                SearchFacet,
                SearchPoint,
                SearchOpening,
                SearchDocument,
                SearchFacetSetValue,
                SearchFacetSet,
                SearchTerm,
            ):
                model.objects.all().delete()
            count, frequencies = self._store(progress(offer_documents(published_offer_ids())))
            SearchTerm.objects.bulk_create(
                (SearchTerm(token=token, documents=n) for token, n in frequencies.items()),
                batch_size=5000,
            )
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner guesses row counts from an empty table;
            # VACUUM also marks the new rows visible to all, so ranking can read tokens
            # from the index alone (it cannot run inside a transaction, as in tests).
            tables = [
                model._meta.db_table
                for model in (
                    SearchDocument,
                    SearchToken,
                    SearchFacetSet,
                    SearchFacetSetValue,
                    SearchFacet,
                    SearchPoint,
                    SearchOpening,
                )
            ]
            if connection.in_atomic_block:
                with connection.cursor() as cursor:
                    for table in tables:
                        cursor.execute(f"ANALYZE {table}")
            else:
                _vacuum_until_visible(tables)
        term_cache.clear()
        return count

    def _store(self, documents: Iterable[OfferDocument]) -> tuple[int, Counter]:
        """Write documents in batches; returns how many and in how many each token occurs.
        Memory stays flat in the number of documents."""
        count = 0
        frequencies: Counter = Counter()
        for batch in _batches(documents, BATCH_SIZE):
            facet_sets = _facet_set_ids(batch)
            SearchDocument.objects.bulk_create(
                SearchDocument(
                    offer_id=doc.id,
                    sort_name=doc.sort_name,
                    min_age=doc.min_age,
                    max_age=doc.max_age,
                    accessible=doc.accessible,
                    professionals_only=doc.professionals_only,
                    verified=doc.verified,
                    facet_set_id=facet_sets[doc.id],
                )
                for doc in batch
            )
            tokens = [
                (doc.id, token, weight) for doc in batch for token, weight in doc.tokens.items()
            ]
            days = [(doc.id, *row) for doc in batch for row in _opening_rows(doc)]
            points = [(doc.id, point.lat, point.lon) for doc in batch for point in doc.points]
            openings = [(doc.id, r.start, r.end) for doc in batch for r in doc.hours.ranges]
            _insert(SearchToken, ("document_id", "token", "weight"), tokens)
            _insert(SearchFacet, ("document_id", "facet", "value"), days)
            _insert(SearchPoint, ("document_id", "latitude", "longitude"), points)
            _insert(SearchOpening, ("document_id", "start", "end"), openings)
            frequencies.update(token for _id, token, _weight in tokens)
            count += len(batch)
        return count, frequencies

    # --- searching ------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResponse:
        terms = self.analyze(query.text, query.language)
        conditions = self._conditions(query)
        if terms:
            ranked = self._ranked(query, terms, conditions)
            count, page_ids, facet_counts = ranked.count, ranked.ids, ranked.facet_counts
            complete, matched = ranked.complete, ranked.matched
        else:
            facet_counts, count = self._facet_counts(conditions)
            page_ids = self._page_ids(conditions, query)
            complete, matched = count, []
        hits = [doc.hit(query.near) for doc in offer_documents(page_ids, with_tokens=False)]
        return SearchResponse(
            count=count,
            page=query.page,
            page_size=query.page_size,
            engine=self.name,
            results=hits,
            facets=facet_values(query, facet_counts),
            complete_count=complete if terms else None,
            unmatched=[
                term.word
                for term, found in zip(terms, matched, strict=True)
                if not count or (len(terms) > 1 and not found)
            ],
            filter_hints=filter_hints(query, terms),
        )

    def finds_any(self, query: SearchQuery) -> bool:
        terms = self.analyze(query.text, query.language)
        documents = SearchDocument.objects.filter(*self._conditions(query).values())
        if not terms:
            return documents.exists()
        selected = documents.values("offer_id").query.sql_with_params()
        return any_match(terms, self.scoring(), selected)

    def _ranked(
        self, query: SearchQuery, terms: list[QueryTerm], conditions: dict[str, Q]
    ) -> RankedPage:
        """One query for the page, the count, what the concepts matched and the facet
        counts, whatever the order."""
        documents, nearest = _page_source(query, conditions, flag_facets=True)
        flags = flag_names(_selected_facets(conditions))
        filtered = documents.annotate(**{COMBINATION: F("facet_set")}).values(
            "offer_id", "verified", "sort_name", COMBINATION, *flags.values()
        )
        return ranked_page(
            terms,
            self.scoring(),
            filtered.query.sql_with_params(),
            offset=query.offset,
            limit=query.page_size,
            sort=query.effective_sort,
            nearest_sql=nearest,
            facet_flags=flags,
        )

    def _conditions(self, query: SearchQuery) -> dict[str, Q]:
        """Every filter as a Q on SearchDocument, keyed so facets can leave out their own."""
        conditions: dict[str, Q] = {}
        if not query.include_professional:
            conditions["audience"] = Q(professionals_only=False)
        for facet, values in query.facet_filters().items():
            if values:
                sets = SearchFacetSetValue.objects.filter(facet=facet, value__in=values)
                conditions[facet] = Q(facet_set__in=sets.values("facet_set_id"))
        if query.age is not None:
            conditions["age"] = (Q(min_age__isnull=True) | Q(min_age__lte=query.age)) & (
                Q(max_age__isnull=True) | Q(max_age__gte=query.age)
            )
        if query.accessible_only:
            conditions["accessible"] = Q(accessible=True)
        if query.near is not None:
            rows = _points_near(query.near, query.radius_km)
            conditions[NEAR] = Q(pk__in=rows.values("document_id"))
        if query.open_at is not None:
            conditions["open"] = _open_condition(query.open_at)
        return conditions

    def _page_ids(self, conditions: dict[str, Q], query: SearchQuery) -> list[int]:
        window = slice(query.offset, query.offset + query.page_size)
        documents, nearest = _page_source(query, conditions)
        if nearest is not None:
            return _nearest_first(documents, nearest, window)
        ordered = documents.order_by("sort_name", "pk")
        return list(ordered.values_list("pk", flat=True)[window])

    def _facet_counts(self, conditions: dict[str, Q]) -> tuple[dict[str, dict[str, int]], int]:
        """Counts per facet value (database_facets) and how many documents pass every
        filter, in one query: the groups that pass every selected facet add up to the
        number of results, so a search without text needs no count query of its own."""
        documents = _flagged(conditions, left_out=set())
        flags = flag_names(_selected_facets(conditions))
        inner, params = documents.values(
            *flags.values(), **{COMBINATION: F("facet_set")}
        ).query.sql_with_params()
        counts_sql, counts_params = value_counts_sql("groups", flags)
        sql = (
            f"WITH groups AS ({groups_sql(f'({inner}) documents', flags)}) "
            f"{counts_sql} UNION ALL SELECT NULL, NULL, SUM(g.n) FROM groups g "
            f"WHERE {passes_all(flags, 'g')}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, *counts_params])
            rows = cursor.fetchall()
        (total,) = (number for facet, _value, number in rows if facet is None)
        counts = read_counts(row for row in rows if row[0] is not None)
        return counts, int(total or 0)  # NULL when no document passes


def _vacuum_until_visible(tables: list[str], rounds: int = 3) -> None:
    """VACUUM ANALYZE the tables until VACUUM could mark all their pages visible to all
    (at most `rounds` times), waiting for older transactions before each round.

    A rebuild writes millions of token rows, after which autovacuum analyzes the same
    tables at the same moment: its snapshot is such an older transaction, and one round
    alone left the benchmark's index partly unmarked."""
    pending = tables
    with connection.cursor() as cursor:
        for _round in range(rounds):
            _wait_for_older_transactions()
            for table in pending:
                cursor.execute(f"VACUUM ANALYZE {table}")
            cursor.execute(
                "SELECT relname FROM pg_class WHERE relname = ANY(%s) "
                "AND relkind = 'r' AND relallvisible < relpages",
                [pending],
            )
            pending = [name for (name,) in cursor.fetchall()]
            if not pending:
                return


def _wait_for_older_transactions(timeout_s: float = 60) -> None:
    """Wait (at most `timeout_s`) until no other transaction of this database that began
    before now is still open (PostgreSQL).

    VACUUM marks rows visible to all only when no older transaction could still miss
    them. Right after a large import, autovacuum's ANALYZE of the directory's tables is
    such a transaction: the rebuilt index was then left partly unmarked, ranking read
    tokens from the table instead of the index alone, and the benchmark's p95 at 100,000
    offers was 534 ms instead of about 250.
    """
    deadline = time.monotonic() + timeout_s
    with connection.cursor() as cursor:
        cursor.execute("SELECT txid_current() % 4294967296")
        (now,) = cursor.fetchone()
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_xmin IS NOT NULL "
                "AND age(backend_xmin) >= age(%s::text::xid)",
                [str(now)],
            )
            if not cursor.fetchone()[0]:
                return
            time.sleep(0.2)


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


def _update_frequencies(tokens: set[str]) -> None:
    """Recount in how many documents each of these tokens occurs (after an update)."""
    counts = dict(
        SearchToken.objects.filter(token__in=tokens)
        .values_list("token")
        .annotate(n=Count("document_id"))
        .values_list("token", "n")
    )
    SearchTerm.objects.filter(token__in=tokens - counts.keys()).delete()
    SearchTerm.objects.bulk_create(
        (SearchTerm(token=token, documents=n) for token, n in counts.items()),
        update_conflicts=True,
        unique_fields=["token"],
        update_fields=["documents"],
        batch_size=5000,
    )


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


def _page_source(
    query: SearchQuery, conditions: dict[str, Q], *, flag_facets: bool = False
) -> tuple[QuerySet[SearchDocument], tuple[str, tuple] | None]:
    """The documents a page is taken from (those passing every condition) and, sorted by
    distance, the query of each document's nearest distance in the circle
    (`_nearest`), whose join is then the "near" filter. With `flag_facets` the selected
    facets are flags instead of filters (`_flagged`), for counting facet values."""
    left_out = set()
    nearest = None
    if query.effective_sort is Sort.DISTANCE and query.near is not None:
        nearest = _nearest(query.near, query.radius_km).query.sql_with_params()
        left_out.add(NEAR)
    if flag_facets:
        return _flagged(conditions, left_out), nearest
    documents = SearchDocument.objects.filter(
        *(q for name, q in conditions.items() if name not in left_out)
    )
    return documents, nearest


def _selected_facets(conditions: dict[str, Q]) -> list[str]:
    return [facet for facet in FACETS if facet in conditions]


def _flagged(conditions: dict[str, Q], left_out: set[str]) -> QuerySet[SearchDocument]:
    """The documents that pass every condition but the selected facets and those named
    in `left_out`, and fail at most one selected facet, annotated with a flag per selected
    facet (database_facets.flag_names; 1 when the document passes it)."""
    selected = _selected_facets(conditions)
    names = flag_names(selected)
    documents = SearchDocument.objects.filter(
        *(q for name, q in conditions.items() if name not in {*selected, *left_out})
    ).annotate(
        **{
            names[facet]: Case(When(conditions[facet], then=Value(1)), default=Value(0))
            for facet in selected
        }
    )
    if len(selected) > 1:
        passed = sum((F(name) for name in names.values()), Value(0))
        documents = documents.annotate(passed=passed).filter(passed__gte=len(selected) - 1)
    return documents


def _nearest_first(
    documents: QuerySet[SearchDocument], nearest: tuple[str, tuple], window: slice
) -> list[int]:
    """One page of the documents, nearest first (by their nearest location; `nearest`
    from `_page_source`).

    Each document's nearest distance comes from one grouped pass over the points in the
    circle, joined to the documents; a subquery per document (the ORM's way) took 100 ms
    for the 35,000 offers within 3 km of a centre of the 100,000-offer benchmark.
    """
    documents_sql, documents_params = documents.values("pk", "sort_name").query.sql_with_params()
    nearest_sql, nearest_params = nearest
    sql = (
        f"SELECT d.pk FROM ({documents_sql}) d JOIN ({nearest_sql}) n "
        "ON n.document_id = d.pk ORDER BY n.nearest, d.sort_name, d.pk LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [*documents_params, *nearest_params, window.stop - window.start, window.start]
        )
        return [row[0] for row in cursor.fetchall()]


def _nearest(point: GeoPoint, radius_km: float) -> QuerySet[SearchPoint]:
    """Per document with a location in the circle: `document_id` and the distance of its
    nearest location (`nearest`, km)."""
    return (
        _points_near(point, radius_km)
        .values("document_id")
        .annotate(nearest=Min("distance"))
        .values("document_id", "nearest")
    )


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
