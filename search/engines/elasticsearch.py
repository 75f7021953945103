"""Elasticsearch engine, for production-sized directories.

The mapping uses only server-core features (keyword, integer, boolean, geo_point): text is
analysed by search.text before it arrives, so the test distribution without
analysis-common works, and ranking equals the database engine's. Indices are versioned
behind an alias; a rebuild swaps the alias atomically, so searches keep working.
User input only ever becomes term values, never query-string syntax.
"""

import contextlib
import logging
import time
from collections.abc import Iterable, Iterator

from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport import ConnectionTimeout
from elasticsearch import ApiError, Elasticsearch, helpers
from elasticsearch.dsl import Mapping

from ..documents import TOKEN_WEIGHTS, OfferDocument, offer_documents, published_offer_ids
from ..query import (
    FACETS,
    HIT_FIELDS,
    GeoPoint,
    OpenAt,
    SearchHit,
    SearchQuery,
    SearchResponse,
    Sort,
)
from ..text import QueryTerm, Scoring
from . import SearchUnavailable
from .base import Progress, SearchEngine, facet_values, filter_hints

logger = logging.getLogger(__name__)

TOKEN_FIELDS = {weight: f"t{weight}" for weight in TOKEN_WEIGHTS}  # t8, t4, t2, t1
FACET_FIELDS = {
    "life_stage": "life_stages",
    "sector": "sectors",
    "topic": "topics",
    "district": "districts",
    "language": "languages",
    "cost": "cost",
}
MAX_FACET_VALUES = 1000
BULK_CHUNK = 1000
SMALL_UPDATE = 100  # updates up to this size are visible to searches immediately
# A rebuild's requests may take longer than a search may: a bulk chunk or the final
# refresh of 100,000 documents took over the 2-second search timeout on a busy machine,
# and the whole rebuild was lost at 99,000. Searches keep the short timeout (the circuit
# breaker falls back to the database); a rebuild runs in a command or the task worker.
REBUILD_TIMEOUT_SECONDS = 120
MAX_RESULT_WINDOW = 200_000
# Errors that mean "this engine cannot answer now": the database engine answers instead.
UNAVAILABLE = (TransportConnectionError, ConnectionTimeout)


def offer_mapping() -> Mapping:
    mapping = Mapping()
    mapping.meta("dynamic", "strict")
    for name in ("id", "min_age", "max_age"):
        mapping.field(name, "integer")
    for name in ("sort_name", "cost", *TOKEN_FIELDS.values()):
        mapping.field(name, "keyword")
    for name in ("life_stages", "sectors", "topics", "districts", "languages"):
        mapping.field(name, "keyword")
    mapping.field("verified", "date")
    mapping.field("accessible", "boolean")
    mapping.field("professionals_only", "boolean")
    mapping.field("locations", "geo_point")
    mapping.field("open_weekdays", "integer")
    mapping.field("opening", "integer_range")
    mapping.field("closed_on", "keyword")
    # Shown in results, never searched.
    for name in ("slug", "name", "provider", "summary", "url", "district_name"):
        mapping.field(name, "keyword", index=False, doc_values=False)
    return mapping


# The fields of the source a search hit is made from (SearchHit.of and _hit): what the
# API shows, the district under its source name, and the points for the maps.
HIT_SOURCE = [field for field in HIT_FIELDS if field != "district"] + [
    "district_name",
    "locations",
]


def _source(document: OfferDocument) -> dict:
    source = {
        "id": document.id,
        "slug": document.slug,
        "name": document.name,
        "sort_name": document.sort_name,
        "provider": document.provider,
        "summary": document.summary,
        "url": document.url,
        "district_name": document.district_name,
        "life_stages": document.life_stages,
        "sectors": document.sectors,
        "topics": document.topics,
        "districts": document.districts,
        "languages": document.languages,
        "min_age": document.min_age,
        "max_age": document.max_age,
        "cost": document.cost or None,  # unknown cost is no facet value, as in the database
        "verified": document.verified.isoformat() if document.verified else None,
        "accessible": document.accessible,
        "professionals_only": document.professionals_only,
        "locations": [{"lat": point.lat, "lon": point.lon} for point in document.points],
        "open_weekdays": document.hours.weekdays,
        "opening": [{"gte": r.start, "lt": r.end} for r in document.hours.ranges],
        "closed_on": [day.isoformat() for day in document.hours.closed_on],
    }
    for weight, tokens in document.tokens_by_weight().items():
        source[TOKEN_FIELDS[weight]] = tokens
    return source


# Queries are built as plain dicts, the JSON Elasticsearch reads: building them as
# elasticsearch.dsl objects and converting those with to_dict() took about 0.7 ms of a
# search, a tenth of Elasticsearch's own time. The mapping above stays on elasticsearch.dsl.
def _bool(
    *,
    filter: list[dict] = (),  # the clause's name in the query language
    should: list[dict] = (),
    must_not: list[dict] = (),
    minimum_should_match: int | None = None,
) -> dict:
    """A bool query; empty clauses are left out, as Elasticsearch treats them alike."""
    clauses: dict = {}
    if filter:
        clauses["filter"] = list(filter)
    if should:
        clauses["should"] = list(should)
    if must_not:
        clauses["must_not"] = list(must_not)
    if minimum_should_match is not None:
        clauses["minimum_should_match"] = minimum_should_match
    return {"bool": clauses}


def _term(field: str, value) -> dict:
    return {"term": {field: value}}


def _term_query(term: QueryTerm, scoring: Scoring) -> dict:
    """The points of Scoring.term_score as a query: the best matching clause counts."""
    clauses = []
    for token, factor in sorted(term.options.items()):
        for weight, field in TOKEN_FIELDS.items():
            points = scoring.token_points(token, factor, weight)
            clauses.append(_constant(_term(field, token), points))
    for group in term.groups:
        slots = [
            _bool(should=[_anywhere(token) for token in sorted(slot)], minimum_should_match=1)
            for slot in group.slots
        ]
        clauses.append(_constant(_bool(filter=slots), scoring.group_points(group)))
    return {"dis_max": {"queries": clauses, "tie_breaker": 0}}


def _constant(query: dict, boost: float) -> dict:
    return {"constant_score": {"filter": query, "boost": boost}}


def _anywhere(token: str) -> dict:
    return _bool(
        should=[_term(field, token) for field in TOKEN_FIELDS.values()], minimum_should_match=1
    )


def _facet_filters(query: SearchQuery) -> dict[str, dict]:
    return {
        facet: {"terms": {FACET_FIELDS[facet]: list(values)}}
        for facet, values in query.facet_filters().items()
        if values
    }


def _other_filters(query: SearchQuery) -> list[dict]:
    # "not for professionals only" rather than "= false": documents of an index built
    # before the field existed stay findable until the next rebuild.
    filters = (
        [] if query.include_professional else [_bool(must_not=[_term("professionals_only", True)])]
    )
    if query.age is not None:
        for field, operator in (("min_age", "lte"), ("max_age", "gte")):
            filters.append(
                _bool(
                    should=[
                        {"range": {field: {operator: query.age}}},
                        _bool(must_not=[{"exists": {"field": field}}]),
                    ],
                    minimum_should_match=1,
                )
            )
    if query.accessible_only:
        filters.append(_term("accessible", True))
    if query.near is not None:
        filters.append(
            {
                "geo_distance": {
                    "distance": f"{query.radius_km}km",
                    "distance_type": "arc",
                    "locations": {"lat": query.near.lat, "lon": query.near.lon},
                }
            }
        )
    if query.open_at is not None:
        filters.append(_open_filter(query.open_at))
    return filters


def _open_filter(open_at: OpenAt) -> dict:
    if open_at.minute_of_week is None:
        return _term("open_weekdays", open_at.weekday)
    must_not = [_term("closed_on", open_at.date.isoformat())] if open_at.date else []
    # A term on an integer_range field matches documents with a range containing it.
    return _bool(filter=[_term("opening", open_at.minute_of_week)], must_not=must_not)


def _sort(query: SearchQuery, has_terms: bool) -> list:
    tie_break = ["sort_name", "id"]
    sort = query.effective_sort
    if sort is Sort.RELEVANCE and has_terms:
        fresher_first = {"verified": {"order": "desc", "missing": "_last"}}
        return [{"_score": "desc"}, fresher_first, *tie_break]
    if sort is Sort.DISTANCE and query.near is not None:
        distance = {
            "_geo_distance": {
                "locations": {"lat": query.near.lat, "lon": query.near.lon},
                "order": "asc",
                "unit": "km",
                "mode": "min",
                "distance_type": "arc",
            }
        }
        return [distance, *tie_break]
    return tie_break


class ElasticsearchEngine(SearchEngine):
    name = "elasticsearch"

    def __init__(self, *, url: str, index_prefix: str, timeout: float):
        # A cluster is given as its nodes' URLs separated by commas. A request that cannot
        # reach one node goes to the next; a timeout is not retried (the circuit breaker
        # in search.services decides what happens then).
        hosts = [host.strip() for host in url.split(",") if host.strip()]
        self.client = Elasticsearch(
            hosts, request_timeout=timeout, max_retries=len(hosts) - 1, retry_on_timeout=False
        )
        self.alias = f"{index_prefix}-offers"
        self.url = url

    @property
    def breaker_key(self) -> str:
        return f"{self.name}:{self.url}:{self.alias}"

    # --- searching ------------------------------------------------------------------
    def search(self, query: SearchQuery) -> SearchResponse:
        terms = self.analyze(query.text, query.language)
        # The answer is read as plain JSON: wrapping it in elasticsearch.dsl's response
        # objects took longer than Elasticsearch took to answer (a few ms per search).
        request = self._body(query, terms)
        answer = self._call(self.client.search, index=self.alias, body=request).body
        aggregations = answer["aggregations"]
        counts = {
            facet: {
                bucket["key"]: bucket["doc_count"]
                for bucket in aggregations[facet]["values"]["buckets"]
            }
            for facet in FACETS
        }
        count = answer["hits"]["total"]["value"]
        return SearchResponse(
            count=count,
            page=query.page,
            page_size=query.page_size,
            engine=self.name,
            results=[self._hit(hit["_source"], query) for hit in answer["hits"]["hits"]],
            facets=facet_values(query, counts),
            complete_count=(aggregations["complete"]["doc_count"] if len(terms) > 1 else count)
            if terms
            else None,
            unmatched=[
                term.word
                for index, term in enumerate(terms)
                if not aggregations[f"term{index}"]["doc_count"]
            ],
            filter_hints=filter_hints(query, terms),
        )

    def count(self, query: SearchQuery) -> int:
        terms = self.analyze(query.text, query.language)
        scoring = self.scoring() if terms else None
        text = [_term_query(term, scoring) for term in terms]
        filters = [*_other_filters(query), *_facet_filters(query).values()]
        match = _bool(filter=filters, should=text, minimum_should_match=1 if text else 0)
        return self._call(self.client.count, index=self.alias, query=match)["count"]

    def search_took_ms(self, query: SearchQuery) -> float:
        """Elasticsearch's own time for a query, for the benchmark's overhead column."""
        terms = self.analyze(query.text, query.language)
        answer = self._call(self.client.search, index=self.alias, body=self._body(query, terms))
        return float(answer["took"])

    def _body(self, query: SearchQuery, terms: list[QueryTerm]) -> dict:
        """The search request: one page of hits, facet counts, and a count per concept."""
        facet_filters = _facet_filters(query)
        scoring = self.scoring() if terms else None
        term_queries = [_term_query(term, scoring) for term in terms]
        text = {"should": term_queries, "minimum_should_match": 1} if terms else {}
        aggregations = {}
        for facet in FACETS:
            others = [q for name, q in facet_filters.items() if name != facet]
            aggregations[facet] = {
                "filter": _bool(filter=others),
                "aggs": {
                    "values": {"terms": {"field": FACET_FIELDS[facet], "size": MAX_FACET_VALUES}}
                },
            }
        # Which concepts any result has, and how many results have all of them.
        selected = list(facet_filters.values())
        for index, term_query in enumerate(term_queries):
            aggregations[f"term{index}"] = {"filter": _bool(filter=[*selected, term_query])}
        if len(terms) > 1:
            aggregations["complete"] = {"filter": _bool(filter=[*selected, *term_queries])}
        return {
            "query": _bool(filter=_other_filters(query), **text),
            "post_filter": _bool(filter=list(facet_filters.values())),
            "aggs": aggregations,
            "sort": _sort(query, bool(terms)),
            # Only what a hit shows: the token lists would multiply the answer's size.
            "_source": {"includes": HIT_SOURCE},
            "track_total_hits": True,
            "from": query.offset,
            "size": query.page_size,
        }

    def _hit(self, source: dict, query: SearchQuery) -> SearchHit:
        points = [GeoPoint(p["lat"], p["lon"]) for p in source["locations"]]
        return SearchHit.of(source, points=points, near=query.near)

    # --- indexing -------------------------------------------------------------------
    def index_offers(self, offer_ids: Iterable[int]) -> None:
        ids = set(offer_ids)
        if not self._call(self.client.indices.exists_alias, name=self.alias):
            self._call(self._create_index, alias=True)
        documents = list(offer_documents(sorted(ids)))
        actions: list[dict] = [self._index_action(doc) for doc in documents]
        published = {doc.id for doc in documents}
        actions += [
            {"_op_type": "delete", "_index": self.alias, "_id": pk} for pk in ids - published
        ]
        self._call(
            helpers.bulk,
            self.client,
            actions,
            index=self.alias,
            raise_on_error=False,  # deleting an offer that was never indexed is fine
            refresh=len(ids) <= SMALL_UPDATE,
        )

    def rebuild(self, *, progress: Progress = iter) -> int:
        """Build a new index next to the live one, then point the alias at it."""
        patient = self.client.options(request_timeout=REBUILD_TIMEOUT_SECONDS)
        new_index = self._call(self._create_index, alias=False)
        try:
            documents = progress(offer_documents(published_offer_ids()))
            results = helpers.streaming_bulk(
                patient, self._actions(documents, new_index), chunk_size=BULK_CHUNK
            )
            # Consumed one by one: keeping every bulk result would grow memory with N.
            count = self._call(lambda: sum(1 for ok, _item in results if ok))
            self._call(
                patient.indices.put_settings, index=new_index, settings={"refresh_interval": "1s"}
            )
            self._call(patient.indices.refresh, index=new_index)
        except BaseException:
            # The live index is untouched; do not leave a half-built one behind.
            with contextlib.suppress(Exception):  # the node may be the reason it failed
                self.client.options(ignore_status=404).indices.delete(index=new_index)
            raise
        self._swap_alias(new_index)
        return count

    def _actions(self, documents: Iterator[OfferDocument], index: str) -> Iterator[dict]:
        for document in documents:
            yield {**self._index_action(document), "_index": index}

    def _index_action(self, document: OfferDocument) -> dict:
        return {"_op_type": "index", "_id": document.id, "_source": _source(document)}

    def _create_index(self, *, alias: bool) -> str:
        name = f"{self.alias}-{time.time_ns()}"
        self.client.indices.create(
            index=name,
            mappings=offer_mapping().to_dict(),
            settings={
                "number_of_shards": 1,
                # One copy on another node once there is one: a cluster of three loses
                # no data and keeps answering when a node goes away; one node stays green.
                "auto_expand_replicas": "0-1",
                "max_result_window": MAX_RESULT_WINDOW,
                # Fast bulk loading; set to 1s once the rebuild is done.
                "refresh_interval": "1s" if alias else "-1",
            },
            aliases={self.alias: {}} if alias else None,
        )
        return name

    def _swap_alias(self, new_index: str) -> None:
        old = self._indices_behind_alias()
        actions = [{"remove": {"index": index, "alias": self.alias}} for index in old]
        actions.append({"add": {"index": new_index, "alias": self.alias}})
        self._call(self.client.indices.update_aliases, actions=actions)
        for index in old:
            self._call(self.client.indices.delete, index=index, ignore_unavailable=True)

    def _indices_behind_alias(self) -> list[str]:
        try:
            return list(self.client.indices.get_alias(name=self.alias))
        except ApiError as error:
            if error.status_code == 404:
                return []
            raise

    def drop(self) -> None:
        """Delete every index of this engine (tests and uninstalling)."""
        self._call(self.client.indices.delete, index=f"{self.alias}-*", ignore_unavailable=True)

    def _call(self, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except UNAVAILABLE as error:
            raise SearchUnavailable(str(error)) from error
        except ApiError as error:
            if error.status_code == 404 or error.status_code >= 500:
                raise SearchUnavailable(str(error)) from error
            raise
