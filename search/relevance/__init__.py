"""Search quality on a judged set of queries over the demo directory.

    python -m search.relevance [--write docs/search-quality.md]

`judgements.tsv` holds queries a family or a social worker would type, each with graded
offers (3 exactly right … 1 marginal), judged by reading the demo offers. This module
runs every query through both engines and two baselines in the same process and reports
nDCG@10, Recall@10, MRR and the number of empty results per kind of query:

- PostgreSQL's `german` full-text search (weighted tsvector, `websearch_to_tsquery`,
  `ts_rank`) on the same offers — needs DATABASE_URL to be PostgreSQL;
- SQLite FTS5 with the trigram tokenizer and bm25, in memory.

A fresh database is created next to DATABASE_URL (or a temporary SQLite file), migrated
and loaded with the demo directory; ELASTICSEARCH_URL adds the Elasticsearch engine.
Reports numbers; it asserts nothing (quality goals are not tests).
"""

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

JUDGEMENTS_FILE = Path(__file__).with_name("judgements.tsv")
CUTOFF = 10
KINDS = ("plain", "typo", "umlaut", "compound", "synonym", "colloquial", "phrase", "other")


@dataclass(frozen=True)
class Judged:
    kind: str
    language: str
    query: str
    grades: dict[str, int]  # demo offer template name → grade


def load_judgements(template_names: Iterable[str], path: Path = JUDGEMENTS_FILE) -> list[Judged]:
    """The judged queries, each grade resolved to the full name of a demo offer template.

    A label is the template's name or a start of it that only one template has.
    """
    names = list(template_names)
    judged = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, language, query, grades_text = line.split("\t")
        if kind not in KINDS:
            raise ValueError(f"line {number}: unknown kind {kind!r}")
        grades = {}
        for item in grades_text.split(" | "):
            grade, label = item.strip().split(" ", 1)
            matches = [name for name in names if name == label] or [
                name for name in names if name.startswith(label)
            ]
            if len(matches) != 1:
                raise ValueError(f"line {number}: {label!r} names {len(matches)} offers")
            grades[matches[0]] = int(grade)
        judged.append(Judged(kind, language, query, grades))
    return judged


def template_of(offer_name: str, templates: Iterable[str]) -> str | None:
    """The template an offer was made from: its name, or its name plus a district."""
    for template in templates:
        if offer_name == template or offer_name.startswith(template + " "):
            return template
    return None


# --- metrics --------------------------------------------------------------------------
def dcg(gains: list[int]) -> float:
    return sum((2**gain - 1) / math.log2(rank + 2) for rank, gain in enumerate(gains))


@dataclass
class Scores:
    ndcg: float
    recall: float
    reciprocal_rank: float
    empty: bool


def score(result_gains: list[int], all_gains: list[int]) -> Scores:
    """Scores of one ranked result list (gains of its top results) against every judged
    offer's gain (district copies counted one by one)."""
    top = result_gains[:CUTOFF]
    ideal = dcg(sorted(all_gains, reverse=True)[:CUTOFF])
    relevant = sum(1 for gain in all_gains if gain > 0)
    found = sum(1 for gain in top if gain > 0)
    first = next((rank for rank, gain in enumerate(top, start=1) if gain > 0), None)
    return Scores(
        ndcg=dcg(top) / ideal if ideal else 0.0,
        recall=found / min(CUTOFF, relevant) if relevant else 0.0,
        reciprocal_rank=1 / first if first else 0.0,
        empty=not result_gains,
    )


@dataclass
class Summary:
    ndcg: float = 0.0
    recall: float = 0.0
    mrr: float = 0.0
    empty: int = 0
    queries: int = 0
    worst: list[tuple[float, str]] = field(default_factory=list)


def summarise(rows: list[tuple[Judged, Scores]]) -> dict[str, Summary]:
    """Means per kind and over all queries ("all")."""
    groups: dict[str, list[tuple[Judged, Scores]]] = defaultdict(list)
    for judged, scores in rows:
        groups[judged.kind].append((judged, scores))
        groups["all"].append((judged, scores))
    summaries = {}
    for kind, items in groups.items():
        count = len(items)
        summaries[kind] = Summary(
            ndcg=sum(s.ndcg for _j, s in items) / count,
            recall=sum(s.recall for _j, s in items) / count,
            mrr=sum(s.reciprocal_rank for _j, s in items) / count,
            empty=sum(1 for _j, s in items if s.empty),
            queries=count,
            worst=sorted((s.ndcg, j.query) for j, s in items)[:5],
        )
    return summaries


Ranker = Callable[[Judged], list[str]]  # a judged query → offer names, best first


def evaluate(
    judged: list[Judged], rank: Ranker, templates: list[str], copies: dict[str, int]
) -> dict[str, Summary]:
    rows = []
    for item in judged:
        names = rank(item)
        gains = [item.grades.get(template_of(name, templates) or "", 0) for name in names]
        all_gains = [grade for name, grade in item.grades.items() for _ in range(copies[name])]
        rows.append((item, score(gains, all_gains)))
    return summarise(rows)


# --- baselines ------------------------------------------------------------------------
BASELINE_FIELDS = "name, summary, body"


def offer_texts() -> list[tuple[str, str, str]]:
    """(name, summary, everything else) of every published offer, German texts only."""
    from directory.models import Offer

    texts = []
    for offer in Offer.objects.published().select_related("provider").prefetch_related("topics"):
        body = " ".join(
            [
                offer.description,
                offer.target_group,
                offer.eligibility,
                offer.provider.name,
                *(topic.name for topic in offer.topics.all()),
            ]
        )
        texts.append((offer.name, offer.summary, body))
    return texts


def sqlite_trigram_ranker(texts: list[tuple[str, str, str]]) -> Ranker:
    """SQLite FTS5, trigram tokenizer, bm25 with the name weighted most; any word matches."""
    import sqlite3

    database = sqlite3.connect(":memory:")
    database.execute(
        f"CREATE VIRTUAL TABLE offers USING fts5({BASELINE_FIELDS}, tokenize='trigram')"
    )
    database.executemany("INSERT INTO offers VALUES (?, ?, ?)", texts)

    def rank(item: Judged) -> list[str]:
        words = [w for w in re.findall(r"\w+", item.query) if len(w) >= 3]
        if not words:
            return []
        match = " OR ".join('"' + word.replace('"', "") + '"' for word in words)
        rows = database.execute(
            "SELECT name FROM offers WHERE offers MATCH ? ORDER BY bm25(offers, 8, 4, 2) LIMIT ?",
            (match, CUTOFF),
        )
        return [name for (name,) in rows]

    return rank


def postgres_german_ranker() -> Ranker:
    """PostgreSQL `german` full-text search over the same fields, ranked by ts_rank."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE baseline_offers (name text, document tsvector)")
        for name, summary, body in offer_texts():
            cursor.execute(
                "INSERT INTO baseline_offers VALUES (%s, "
                "setweight(to_tsvector('german', %s), 'A') || "
                "setweight(to_tsvector('german', %s), 'B') || "
                "setweight(to_tsvector('german', %s), 'C'))",
                [name, name, summary, body],
            )

    def rank(item: Judged) -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM baseline_offers, websearch_to_tsquery('german', %s) query "
                "WHERE document @@ query ORDER BY ts_rank(document, query) DESC, name LIMIT %s",
                [item.query, CUTOFF],
            )
            return [name for (name,) in cursor.fetchall()]

    return rank


def engine_ranker(engine) -> Ranker:
    from ..query import SearchQuery

    def rank(item: Judged) -> list[str]:
        query = SearchQuery(text=item.query, page_size=CUTOFF, language=item.language)
        return [hit.name for hit in engine.search(query).results]

    return rank
