"""Facet counts inside the database: how many results each facet value would have.

Each facet is counted as if its own selection were not made (ticking "Gesundheit" must
not hide "Bildung" from the sector list), so the documents read are those that pass every
other filter and fail at most one selected facet; a flag per selected facet (s0 … sN, 1
when the document passes it) says which. Offers share few facet combinations
(`SearchFacetSet`: a few hundred among 100,000 offers), so documents are first grouped by
combination and flags, and each group's values are unpacked once, not once per document.
"""

from django.db import connection

from ..models import SearchFacetSetValue
from ..query import FACETS

# The column of a document's facet combination in the documents a count reads.
COMBINATION = "combination"


def flag_names(selected: list[str]) -> dict[str, str]:
    """The flag column of each selected facet."""
    return {facet: f"s{index}" for index, facet in enumerate(selected)}


def passes_all(flags: dict[str, str], table: str) -> str:
    """The SQL condition "passes every selected facet" on `table`'s flag columns."""
    return " AND ".join(f"{table}.{name} = 1" for name in flags.values()) or "1 = 1"


def groups_sql(documents: str, flags: dict[str, str]) -> str:
    """A query of (combination, s0 … sN, n) over the documents of the query or common
    table `documents`: how many documents share a combination and flags."""
    grouped = ", ".join([COMBINATION, *flags.values()])
    return f"SELECT {grouped}, COUNT(*) AS n FROM {documents} GROUP BY {grouped}"


def value_counts_sql(groups: str, flags: dict[str, str]) -> tuple[str, list]:
    """A query of (facet, value, count) over the common table `groups` (`groups_sql`):
    each facet adds up the groups that pass every selected facet but its own."""
    per_facet, params = [], []
    for facet in FACETS:
        passes = [f"g.{name} = 1" for other, name in flags.items() if other != facet]
        per_facet.append(f"(v.facet = %s{''.join(f' AND {p}' for p in passes)})")
        params.append(facet)
    values = connection.ops.quote_name(SearchFacetSetValue._meta.db_table)
    sql = (
        f"SELECT v.facet, v.value, SUM(g.n) AS n FROM {groups} g "
        f"JOIN {values} v ON v.facet_set_id = g.{COMBINATION} "
        f"WHERE {' OR '.join(per_facet)} GROUP BY v.facet, v.value"
    )
    return sql, params


def read_counts(rows) -> dict[str, dict[str, int]]:
    """Counts per facet and value from rows of (facet, value, count)."""
    counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    for facet, value, number in rows:
        counts[facet][value] = int(number)  # SUM is a numeric in PostgreSQL
    return counts
