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

from django.db import connection

from ..documents import TOKEN_WEIGHTS
from ..models import SearchToken
from ..query import Sort
from ..text import Group, QueryTerm, Scoring

# Token occurrences above which a query counts as broad (see ranked_page).
BROAD_POSTINGS = 10_000
ORDER_BY = {
    Sort.RELEVANCE: "s.score DESC, d.verified DESC NULLS LAST, d.sort_name, d.offer_id",
    Sort.NAME: "d.sort_name, d.offer_id",
    Sort.DISTANCE: "n.nearest, d.sort_name, d.offer_id",
}


def _postgres() -> bool:
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class RankedPage:
    ids: list[int]  # this page's offers, best first
    count: int  # offers matching any concept
    complete: int  # offers matching every concept
    matched: list[bool]  # per concept: does any result have it?


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


def matching_documents_sql(terms: list[QueryTerm], scoring: Scoring) -> tuple[str, list]:
    """A query of the ids of every document that matches at least one concept."""
    tokens = SearchToken._meta.db_table
    listed = sorted(set().union(*(term.options for term in terms)))
    parts, params = [], []
    if listed:
        parts.append(f"SELECT document_id FROM {tokens} WHERE token {_in(listed)}")
        params += listed
    for term in terms:
        for group in term.groups:
            sql, values = _complete_group_sql(group, scoring)
            parts.append(sql)
            params += values
    return " UNION ".join(parts), params


def scored_documents_sql(terms: list[QueryTerm], scoring: Scoring) -> tuple[str, list]:
    """`WITH …` clauses ending in `scored(document_id, score, terms, t0 … tN)`: every
    document that matches at least one concept, its score, how many concepts it matches
    and, per concept, 1 if it matches it."""
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
    # One pass over the matches, grouped by document: per concept the best points (NULL
    # when the document lacks it). Grouping by document and concept first, then by
    # document, took twice as long for a query that matches most of the directory.
    best = [f"MAX(CASE WHEN term = {index} THEN points END)" for index in range(len(terms))]
    ctes.append(
        "per_document AS (SELECT document_id, "
        + ", ".join(f"{sql} AS m{index}" for index, sql in enumerate(best))
        + " FROM ("
        + " UNION ALL ".join(matches)
        + ") matches GROUP BY document_id)"
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
) -> RankedPage:
    """One page of the documents selected by `documents_sql` (a query of SearchDocument
    rows with offer_id, verified, sort_name) that match any concept, in the order of
    `sort`: by relevance best first (ties go to the more recently verified offer, then by
    name), by name, or nearest first — then `nearest_sql` (document_id, nearest) is
    joined and keeps only the documents in its circle."""
    with_sql, params = scored_documents_sql(terms, scoring)
    selected_sql, selected_params = documents_sql
    flags = "".join(f", MAX(s.t{index}) OVER ()" for index in range(len(terms)))
    postings = sum(scoring.frequencies.get(token, 0) for term in terms for token in term.options)
    # PostgreSQL cannot estimate how many documents `scored` holds and plans for a few
    # hundred: it then looks each one up in the filtered documents by index. For a query
    # whose words occur tens of thousands of times that was a third of its time; the
    # filtered documents read once into a hash are faster then (and slower for a rare
    # word, so only for common ones).
    materialized = "MATERIALIZED " if postings > BROAD_POSTINGS and _postgres() else ""
    joins, order = "", ORDER_BY[sort]
    params += selected_params
    if nearest_sql is not None:
        joins = f"JOIN ({nearest_sql[0]}) n ON n.document_id = s.document_id "
        params += nearest_sql[1]
    elif sort is Sort.DISTANCE:  # no point to measure from
        order = ORDER_BY[Sort.NAME]
    sql = (
        f"{with_sql},\nselected AS {materialized}({selected_sql})\n"
        "SELECT s.document_id, COUNT(*) OVER (), "
        f"SUM(CASE WHEN s.terms = {len(terms)} THEN 1 ELSE 0 END) OVER (){flags} "
        f"FROM scored s JOIN selected d ON d.offer_id = s.document_id {joins}"
        f"ORDER BY {order} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        rows = cursor.fetchall()
        if not rows and offset:  # a page past the end: still say how many there are
            cursor.execute(sql, [*params, 1, 0])
            return _page([], cursor.fetchall(), len(terms))
    return _page([row[0] for row in rows], rows, len(terms))


def _page(ids: list[int], rows: list[tuple], concepts: int) -> RankedPage:
    if not rows:
        return RankedPage(ids, 0, 0, [False] * concepts)
    first = rows[0]
    # SUM is a numeric (Decimal) in PostgreSQL.
    return RankedPage(ids, int(first[1]), int(first[2]), [bool(flag) for flag in first[3:]])
