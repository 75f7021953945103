"""Ranking inside the database: the points of `search.text.Scoring`, added up in SQL.

A common word ("Beratung", or "kostenlos", which also matches every free offer) can
match half of a large directory. Adding up points in Python meant fetching every
matching token row first (seconds at 100,000 offers); the database adds them where the
rows are and returns one page of ids together with what the results page needs besides:
how many offers match, how many match every concept, and which concepts no result has.

The points themselves are still worked out in Python (`Scoring`, the same integers the
Elasticsearch engine sends), once per query and token weight, and handed to the database
as a small table of (concept, token, weight, points): the two engines cannot drift apart.
Plain SQL that SQLite and PostgreSQL both run (common table expressions, window functions).
"""

from dataclasses import dataclass

from django.db import connection, transaction

from ..documents import TOKEN_WEIGHTS
from ..models import SearchToken
from ..query import Sort
from ..text import Group, QueryTerm, Scoring
from .database_facets import COMBINATION, groups_sql, passes_all, read_counts, value_counts_sql

# Token occurrences above which a query counts as broad (see _fetch).
BROAD_POSTINGS = 10_000
# How PostgreSQL plans a broad query (see _fetch), until the end of the transaction.
BROAD_PLAN = (
    "SELECT set_config('enable_nestloop', 'off', true), "
    "set_config('max_parallel_workers_per_gather', '0', true)"
)
# What a row of ranked_page's answer holds.
PAGE, TOTALS, FACET = 0, 1, 2
ORDER_BY = {
    Sort.RELEVANCE: "score DESC, verified DESC NULLS LAST, sort_name, document_id",
    Sort.NAME: "sort_name, document_id",
    Sort.DISTANCE: "nearest, sort_name, document_id",
}


def _postgres() -> bool:
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class RankedPage:
    ids: list[int]  # this page's offers, best first
    count: int  # offers matching any concept
    complete: int  # offers matching every concept
    matched: list[bool]  # per concept: does any result have it?
    facet_counts: dict[str, dict[str, int]]  # per facet and value (database_facets)


def _values(rows: list[tuple], columns: str) -> tuple[str, list]:
    """A literal table for a common table expression, with its parameters."""
    width = len(rows[0])
    placeholders = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(rows))
    return f"{columns} AS (VALUES {placeholders})", [value for row in rows for value in row]


def _in(values: list[str]) -> str:
    return f"IN ({', '.join(['%s'] * len(values))})"


def _complete_group_sql(group: Group, scoring: Scoring) -> tuple[str, list]:
    """Documents with a token of every slot of the group: start from the rarest slot and
    look the others up per document in the token index."""
    tokens = SearchToken._meta.db_table
    rarest, *others = sorted(
        group.slots, key=lambda slot: sum(scoring.frequencies.get(t, 0) for t in slot)
    )
    conditions, params = [f"rare.token {_in(rarest)}"], sorted(rarest)
    for slot in others:
        conditions.append(
            f"EXISTS (SELECT 1 FROM {tokens} other WHERE other.document_id = rare.document_id "
            f"AND other.token {_in(slot)})"
        )
        params += sorted(slot)
    sql = f"SELECT DISTINCT rare.document_id FROM {tokens} rare WHERE {' AND '.join(conditions)}"
    return sql, params


def _matches_sql(terms: list[QueryTerm], scoring: Scoring) -> tuple[list[str], list, str]:
    """Common tables (the points per token) and a query of matches(document_id, term,
    points): a row per document and token or compound of a concept it has."""
    # One row per concept and token, with the points for each weight the token can have
    # in a document: the token's postings are read once, not once per weight.
    options = [
        (index, token, *(scoring.token_points(token, factor, weight) for weight in TOKEN_WEIGHTS))
        for index, term in enumerate(terms)
        for token, factor in term.options.items()
    ]
    tokens = SearchToken._meta.db_table
    ctes, params, matches = [], [], []
    if options:
        columns = ", ".join(f"p{weight}" for weight in TOKEN_WEIGHTS)
        sql, values = _values(options, f"opt(term, token, {columns})")
        ctes.append(sql)
        params += values
        points = " ".join(f"WHEN {weight} THEN opt.p{weight}" for weight in TOKEN_WEIGHTS)
        # The IN list lets the database read the token index instead of the whole table.
        listed = sorted({option[1] for option in options})
        matches.append(
            f"SELECT t.document_id, opt.term, CASE t.weight {points} END AS points "
            f"FROM {tokens} t JOIN opt ON t.token = opt.token WHERE t.token {_in(listed)}"
        )
        params += listed
    for index, term in enumerate(terms):
        for group in term.groups:
            sql, values = _complete_group_sql(group, scoring)
            matches.append(
                f"SELECT document_id, {index} AS term, {scoring.group_points(group)} AS points "
                f"FROM ({sql}) complete_group"
            )
            params += values
    return ctes, params, " UNION ALL ".join(matches)


def any_match(terms: list[QueryTerm], scoring: Scoring, documents_sql: tuple[str, tuple]) -> bool:
    """Whether any document selected by `documents_sql` (a query of offer_id) matches a
    concept. Stops at the first: a probe for an alternative search needs no count."""
    ctes, params, matches = _matches_sql(terms, scoring)
    selected_sql, selected_params = documents_sql
    sql = (
        "WITH " + ",\n".join(ctes) + "\n" if ctes else ""
    ) + f"SELECT 1 FROM ({matches}) m WHERE m.document_id IN ({selected_sql}) LIMIT 1"
    return bool(_fetch(sql, [*params, *selected_params], broad=_broad(terms, scoring)))


def scored_documents_sql(terms: list[QueryTerm], scoring: Scoring) -> tuple[str, list]:
    """`WITH …` clauses ending in `scored(document_id, score, terms, t0 … tN)`: every
    document that matches at least one concept, its score, how many concepts it matches
    and, per concept, 1 if it matches it."""
    ctes, params, matches = _matches_sql(terms, scoring)
    # One pass over the matches, grouped by document: per concept the best points (NULL
    # when the document lacks it). Grouping by document and concept first, then by
    # document, took twice as long for a query that matches most of the directory.
    best = [f"MAX(CASE WHEN term = {index} THEN points END)" for index in range(len(terms))]
    ctes.append(
        "per_document AS (SELECT document_id, "
        + ", ".join(f"{sql} AS m{index}" for index, sql in enumerate(best))
        + f" FROM ({matches}) matches GROUP BY document_id)"
    )
    has = [f"CASE WHEN m{index} IS NULL THEN 0 ELSE 1 END" for index in range(len(terms))]
    ctes.append(
        "scored AS (SELECT document_id, "
        + " + ".join(f"COALESCE(m{index}, 0)" for index in range(len(terms)))
        + " AS score, "
        + " + ".join(has)
        + " AS terms"
        + "".join(f", {flag} AS t{index}" for index, flag in enumerate(has))
        + " FROM per_document)"
    )
    return "WITH " + ",\n".join(ctes), params


def ranked_page(
    terms: list[QueryTerm],
    scoring: Scoring,
    documents_sql: tuple[str, tuple],
    *,
    offset: int,
    limit: int,
    sort: Sort = Sort.RELEVANCE,
    nearest_sql: tuple[str, tuple] | None = None,
    facet_flags: dict[str, str],
) -> RankedPage:
    """One page of the documents selected by `documents_sql` (a query of SearchDocument
    rows with offer_id, verified, sort_name) that match any concept, in the order of
    `sort`: by relevance best first (ties go to the more recently verified offer, then by
    name), by name, or nearest first — then `nearest_sql` (document_id, nearest) is
    joined and keeps only the documents in its circle.

    The documents also carry their combination and a flag per selected facet
    (`facet_flags`, see database_facets) and may fail one selected facet: the same query
    counts the facet values of the matching documents, so the text is matched once.
    """
    with_sql, params = scored_documents_sql(terms, scoring)
    selected_sql, selected_params = documents_sql
    concepts = range(len(terms))
    columns = [
        "s.document_id",
        "s.score",
        "s.terms",
        *(f"s.t{index}" for index in concepts),
        "d.verified",
        "d.sort_name",
        f"d.{COMBINATION}",
        *(f"d.{name}" for name in facet_flags.values()),
    ]
    joins, order = "", ORDER_BY[sort]
    params += selected_params
    if nearest_sql is not None:
        columns.append("n.nearest")
        joins = f" JOIN ({nearest_sql[0]}) n ON n.document_id = s.document_id"
        params += nearest_sql[1]
    elif sort is Sort.DISTANCE:  # no point to measure from
        order = ORDER_BY[Sort.NAME]
    results = f"FROM joined r WHERE {passes_all(facet_flags, 'r')}"
    nothing = ", NULL" * len(terms)
    # The matching documents are joined once and read three times (page, counts, facets).
    # The filtered documents stay a view of the table: SQLite materialized them next to
    # a materialized CTE and then joined the two by scanning (1.6 s instead of 20 ms).
    sql = (
        f"{with_sql},\nselected AS NOT MATERIALIZED ({selected_sql}),\n"
        f"joined AS MATERIALIZED (SELECT {', '.join(columns)} "
        f"FROM scored s JOIN selected d ON d.offer_id = s.document_id{joins}),\n"
        f"page AS (SELECT * {results} ORDER BY {order} LIMIT %s OFFSET %s)"
    )
    params += [limit, offset]
    # One answer, told apart by the first column: the page's ids in order, then the
    # counts and per concept whether any result has it, then the facet values' counts.
    parts = [
        f"SELECT {PAGE}, document_id, NULL, NULL, ROW_NUMBER() OVER (ORDER BY {order})"
        f"{nothing} FROM page",
        f"SELECT {TOTALS}, SUM(CASE WHEN terms = {len(terms)} THEN 1 ELSE 0 END), NULL, NULL, "
        f"COUNT(*){''.join(f', MAX(t{index})' for index in concepts)} {results}",
    ]
    sql += f",\ngroups AS ({groups_sql('joined', facet_flags)})"
    counts_sql, counts_params = value_counts_sql("groups", facet_flags)
    parts.append(f"SELECT {FACET}, NULL, facet, value, n{nothing} FROM ({counts_sql}) f")
    params += counts_params
    sql += "\n" + "\nUNION ALL ".join(parts)
    rows = _fetch(sql, params, broad=_broad(terms, scoring))
    return _page(rows, len(terms))


def _broad(terms: list[QueryTerm], scoring: Scoring) -> bool:
    """Whether the query's words occur so often that it is planned for many matches."""
    postings = sum(scoring.frequencies.get(token, 0) for term in terms for token in term.options)
    return postings > BROAD_POSTINGS and _postgres()


def _fetch(sql: str, params: list, *, broad: bool) -> list[tuple]:
    """The rows of the ranking query; a broad one planned for many matches (PostgreSQL).

    PostgreSQL cannot estimate how many documents `scored` holds (a grouped union) and
    plans for a few hundred: it looks each one up in the filtered documents by index and
    splits the grouping over parallel workers, whose partial groups are then sorted and
    merged again. For a query whose words occur tens of thousands of times, hash joins in
    one process are faster: at 100,000 offers "Kinderarzt Notdienst" (19,000 matches)
    111 -> 64 ms, "Kita" 70 -> 42 ms. A rare word keeps the default plan ("Hebamme" 16 ms,
    23 with hash joins). The settings end with the transaction (with an enclosing one,
    such as a test's, they last until it ends; they change plans, never results).
    """
    if not broad:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(BROAD_PLAN)
        cursor.execute(sql, params)
        return cursor.fetchall()


def _page(rows: list[tuple], concepts: int) -> RankedPage:
    page = sorted((row[4], row[1]) for row in rows if row[0] == PAGE)
    (totals,) = (row for row in rows if row[0] == TOTALS)
    facets = [row[2:5] for row in rows if row[0] == FACET]
    count = int(totals[4])  # SUM and COUNT are numerics in PostgreSQL, SUM NULL of none
    return RankedPage(
        ids=[document_id for _position, document_id in page],
        count=count,
        complete=int(totals[1] or 0),
        matched=[bool(flag) for flag in totals[5:]] if count else [False] * concepts,
        facet_counts=read_counts(facets),
    )
