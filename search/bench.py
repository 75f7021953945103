"""Search benchmark: reindex throughput, memory and query latency per engine.

    python -m search.bench --offers 10000 100000 [--write docs/performance.md]

Needs DATABASE_URL (PostgreSQL; a fresh database per size is created next to it) and,
for the Elasticsearch numbers, ELASTICSEARCH_URL. `make bench` starts both. Every size
runs in a child process of its own, so its peak RSS is comparable across sizes.
Reports numbers; it asserts nothing (speed goals are not tests).
"""

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlparse, urlunparse

QUERY_COUNT = 200
WARMUP = 20
TEXTS = [
    "Beratung",
    "Hebamme",
    "Schwangerschaftsberatung",
    "Kita",
    "Kindergarten",
    "Nachhilfe",
    "Hausaufgabenhilfe",
    "Stillen",
    "Erziehungsberatung",
    "Jugendtreff",
    "Ausbildung",
    "Bewerbung",
    "Schulden",
    "Sprachförderung",
    "Deutschkurs",
    "Schwimmkurs",
    "Frühe Hilfen",
    "Familienzentrum",
    "Sozialberatung",
    "Kinderschutz",
    "Hebame",
    "Schuldnerbertung",
    "Elternkurs",
    "Medien",
    "Ferienbetreuung",
    "Zahngesundheit",
    "Alleinerziehende",
    "Beratung Brand",
    "Kita Mitte",
    "Sucht",
    "Wohnung",
    "Ernährung",
    "Krabbelgruppe",
    # Everyday queries: several words, some of which match nothing or name a filter.
    "Kinderarzt Notdienst",
    "kostenlos Deutschkurs Mutter",
    "mein Baby schreit viel",
    "Hilfe Bewerbung",
    "Krabelgruppe",
]
LIFE_STAGES = ["pregnancy", "infant", "preschool", "primary", "secondary", "transition"]
SECTORS = ["health", "education", "youth", "social"]
CENTRES = [(50.7753, 6.0839), (50.7476, 6.1650), (50.7983, 6.1300), (50.7950, 6.0600)]


def query_mix(seed: int = 42) -> list[dict]:
    """A fixed, realistic mix: text, text + filters, filters only, near me, paging."""
    rng = random.Random(seed)
    queries = []
    for number in range(QUERY_COUNT + WARMUP):
        kind = number % 5
        params: dict = {}
        if kind in (0, 1, 2):
            params["q"] = rng.choice(TEXTS)
        if kind in (1, 3):
            params["life_stage"] = rng.choice(LIFE_STAGES)
            if rng.random() < 0.5:
                params["sector"] = rng.choice(SECTORS)
        if kind == 2:
            params["age"] = rng.randint(0, 18)
            params["cost"] = "free"
        if kind == 4:
            lat, lon = rng.choice(CENTRES)
            params.update(near=f"{lat},{lon}", radius_km=3, sort="distance")
            if rng.random() < 0.5:
                params["q"] = rng.choice(TEXTS)
        if rng.random() < 0.1:
            params["page"] = 2
        queries.append(params)
    return queries


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- one size, in a child process ----------------------------------------------------
def run_size(count: int, engines: list[str]) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client

    from directory.demo import offers_generate
    from search.engines import get_database_engine, get_engine
    from search.forms import SearchParametersForm

    call_command("migrate", verbosity=0)
    result: dict = {"offers": count, "database_vendor": settings.DATABASES["default"]["ENGINE"]}
    started = time.perf_counter()
    offers_generate(count=count, seed=1)
    result["generate_s"] = time.perf_counter() - started
    result["rss_after_generate_mb"] = peak_rss_mb()

    started = time.perf_counter()
    indexed = get_database_engine().rebuild()
    result["database_reindex_s"] = time.perf_counter() - started
    result["database_docs_per_s"] = indexed / result["database_reindex_s"]
    result["rss_after_database_reindex_mb"] = peak_rss_mb()

    client = Client(HTTP_HOST="127.0.0.1")
    queries = query_mix()
    for engine_name in engines:
        settings.SEARCH_ENGINE = engine_name
        get_engine.cache_clear()
        engine = get_engine()
        if engine_name == "elasticsearch":
            started = time.perf_counter()
            engine.rebuild()
            result["elasticsearch_reindex_s"] = time.perf_counter() - started
            result["elasticsearch_docs_per_s"] = indexed / result["elasticsearch_reindex_s"]
            result["rss_after_elasticsearch_reindex_mb"] = peak_rss_mb()
        # One untimed pass over the whole mix first: a running site's engine is warm (a
        # freshly started Elasticsearch node answered the mix in `took` 8 ms at the median).
        for params in queries:
            client.get(f"/api/v1/search/?{urlencode(params)}")
        totals, tooks = [], []
        for number, params in enumerate(queries):
            started = time.perf_counter()
            response = client.get(f"/api/v1/search/?{urlencode(params)}")
            elapsed = (time.perf_counter() - started) * 1000
            body = response.json()
            if response.status_code != 200 or body["engine"] != engine_name:
                raise SystemExit(f"{engine_name} failed on {params}: {body}")
            if number < WARMUP:
                continue
            totals.append(elapsed)
            if engine_name == "elasticsearch":
                form = SearchParametersForm(QueryDict(urlencode(params)))
                form.is_valid()
                tooks.append(engine.search_took_ms(form.to_query()))
        result[f"{engine_name}_p50_ms"] = percentile(totals, 0.5)
        result[f"{engine_name}_p95_ms"] = percentile(totals, 0.95)
        if tooks:
            overheads = [total - took for total, took in zip(totals, tooks, strict=True)]
            result["elasticsearch_took_p50_ms"] = percentile(tooks, 0.5)
            result["elasticsearch_took_p95_ms"] = percentile(tooks, 0.95)
            result["overhead_p50_ms"] = percentile(overheads, 0.5)
            result["overhead_p95_ms"] = percentile(overheads, 0.95)
    if connection.vendor == "postgresql":
        result.update(_postgres_fulltext_latency(queries))
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def _postgres_fulltext_latency(queries: list[dict]) -> dict:
    """PostgreSQL's own `german` full-text search on the same offers, for comparison: a
    GIN-indexed weighted tsvector, the same texts (only the text part of each query),
    top 20 by ts_rank plus the total count — what a results page needs."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_fulltext")
        cursor.execute(
            "CREATE TABLE bench_fulltext AS SELECT id, name, "
            "setweight(to_tsvector('german', name), 'A') || "
            "setweight(to_tsvector('german', summary), 'B') || "
            "setweight(to_tsvector('german', description), 'C') AS document "
            "FROM directory_offer WHERE live"
        )
        cursor.execute("CREATE INDEX bench_fulltext_gin ON bench_fulltext USING gin (document)")
        cursor.execute("ANALYZE bench_fulltext")
    build_s = time.perf_counter() - started
    timings = []
    texts = [params["q"] for params in queries if params.get("q")]
    with connection.cursor() as cursor:
        for number, text in enumerate(texts):
            started = time.perf_counter()
            cursor.execute(
                "SELECT count(*) FROM bench_fulltext, websearch_to_tsquery('german', %s) q "
                "WHERE document @@ q",
                [text],
            )
            cursor.fetchone()
            cursor.execute(
                "SELECT id FROM bench_fulltext, websearch_to_tsquery('german', %s) q "
                "WHERE document @@ q ORDER BY ts_rank(document, q) DESC, name LIMIT 20",
                [text],
            )
            cursor.fetchall()
            if number >= WARMUP // 2:
                timings.append((time.perf_counter() - started) * 1000)
    return {
        "postgres_fts_build_s": build_s,
        "postgres_fts_p50_ms": percentile(timings, 0.5),
        "postgres_fts_p95_ms": percentile(timings, 0.95),
        "postgres_fts_queries": len(timings),
    }


# --- the parent: one child per size and database -------------------------------------
def database_url_for(base_url: str, name: str) -> str:
    parsed = urlparse(base_url)
    return urlunparse(parsed._replace(path=f"/{name}"))


def create_postgres_database(base_url: str, name: str) -> None:
    import psycopg

    parsed = urlparse(base_url)
    admin = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def _child(count: int, database_url: str, engines: list[str]) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url}
    command = [sys.executable, "-m", "search.bench", "--child", str(count), "--engines", *engines]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if output.returncode != 0:
        raise SystemExit(output.stderr[-4000:])
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--sqlite-offers", type=int, nargs="*", default=[10_000])
    parser.add_argument("--write", type=Path, help="write the markdown report here")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--engines", nargs="+", default=["database", "elasticsearch"])
    args = parser.parse_args()

    if args.child:
        print(json.dumps(run_size(args.child, args.engines)))
        return

    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server (make bench does).")
    engines = ["database"] + (["elasticsearch"] if os.environ.get("ELASTICSEARCH_URL") else [])
    rows = []
    for count in args.offers:
        name = f"bench_{count}"
        create_postgres_database(base_url, name)
        print(f"PostgreSQL, {count} offers …", file=sys.stderr, flush=True)
        rows.append(_child(count, database_url_for(base_url, name), engines))
    for count in args.sqlite_offers:
        with tempfile.TemporaryDirectory() as directory:
            print(f"SQLite, {count} offers …", file=sys.stderr, flush=True)
            url = f"sqlite:///{directory}/bench.sqlite3"
            rows.append(_child(count, url, ["database"]))
    report = render(rows)
    print(report)
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(report, encoding="utf-8")


def render(rows: list[dict]) -> str:
    def number(row, key, digits=0):
        value = row.get(key)
        return "–" if value is None else f"{value:,.{digits}f}"

    cpu = platform.processor() or platform.machine()
    lines = [
        "# Search performance",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d} with `make bench` "
        "(= `python -m search.bench --offers 10000 100000`) on this machine: "
        f"{os.cpu_count()} cores, {_memory_gb()} GiB RAM, {cpu}, Python "
        f"{platform.python_version()}, PostgreSQL and Elasticsearch 9.2.0 (single node, "
        "512 MB heap) on the same machine. Queries: a fixed mix of "
        f"{QUERY_COUNT} (after an untimed pass over the mix and {WARMUP} more warm-up "
        "queries) through the JSON API in-process "
        "(Django test client): text, text + filters, filters only, near me with distance "
        "sort, some second pages. Overhead = API time − Elasticsearch `took`.",
        "",
        "## Reindexing",
        "",
        "| database | offers | engine | seconds | documents/s | peak RSS (MB) |",
        "| --- | ---: | --- | ---: | ---: | ---: |",
    ]
    for row in rows:
        vendor = _vendor(row)
        lines.append(
            f"| {vendor} | {row['offers']:,} | database "
            f"| {number(row, 'database_reindex_s', 1)} | {number(row, 'database_docs_per_s')} "
            f"| {number(row, 'rss_after_database_reindex_mb')} |"
        )
        if "elasticsearch_reindex_s" in row:
            lines.append(
                f"| {vendor} | {row['offers']:,} | elasticsearch "
                f"| {number(row, 'elasticsearch_reindex_s', 1)} "
                f"| {number(row, 'elasticsearch_docs_per_s')} "
                f"| {number(row, 'rss_after_elasticsearch_reindex_mb')} |"
            )
    lines += [
        "",
        "Peak RSS is the benchmark process's high-water mark after that step "
        "(generating the offers comes first and is included).",
        "",
        "## Query latency through the API",
        "",
        "| database | offers | engine | p50 ms | p95 ms "
        "| ES took p50/p95 ms | overhead p50/p95 ms |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        vendor = _vendor(row)
        lines.append(
            f"| {vendor} | {row['offers']:,} | database | {number(row, 'database_p50_ms', 1)} "
            f"| {number(row, 'database_p95_ms', 1)} | – | – |"
        )
        if "postgres_fts_p50_ms" in row:
            lines.append(
                f"| {vendor} | {row['offers']:,} | PostgreSQL `german` full text (text "
                f"queries only, SQL time) | {number(row, 'postgres_fts_p50_ms', 1)} "
                f"| {number(row, 'postgres_fts_p95_ms', 1)} | – | – |"
            )
        if "elasticsearch_p50_ms" in row:
            lines.append(
                f"| {vendor} | {row['offers']:,} | elasticsearch "
                f"| {number(row, 'elasticsearch_p50_ms', 1)} "
                f"| {number(row, 'elasticsearch_p95_ms', 1)} "
                f"| {number(row, 'elasticsearch_took_p50_ms', 1)} / "
                f"{number(row, 'elasticsearch_took_p95_ms', 1)} "
                f"| {number(row, 'overhead_p50_ms', 1)} / {number(row, 'overhead_p95_ms', 1)} |"
            )
    lines += ["", *goal_lines(rows), "", *NOTES]
    lines += ["", "Raw numbers:", "", "```json", json.dumps(rows, indent=1), "```", ""]
    return "\n".join(lines)


NOTES = [
    "## Notes",
    "",
    "- The database engine is the embedded default and the fallback. It ranks, counts and",
    "  counts facets in SQL (`search/engines/database_ranking.py`, `database_facets.py`):",
    "  one query matches a text search's words once and returns the page in any order, the",
    "  counts and the facet values' counts; facets are counted per facet combination offers",
    "  share (`SearchFacetSet`: 357 for the 100,000 synthetic offers), not per value and",
    "  offer. On PostgreSQL a query whose words occur more than 10,000 times is planned for",
    "  many matches (hash joins in one process). Its time still grows with how many offers",
    "  a query matches (every matching token is read to rank), so a directory of 100,000",
    "  offers is better served by Elasticsearch, whose time stays nearly flat.",
    "- `rebuild_search_index` rebuilds both indices (the database index is always kept, as",
    "  the fallback); the two reindex rows of a size add up to its run time.",
    "- Offers are synthetic (`generate_offers N --seed 1`): 52 realistic templates across",
    "  seven districts, so many offers share words, as in real directories. Broad queries",
    '  of the mix ("kostenlos Deutschkurs Mutter": "kostenlos" also matches every free',
    "  offer) match up to half of them.",
]


def goal_lines(rows: list[dict]) -> list[str]:
    """The goals of the search issue, each with the measured number and met / missed."""
    postgres = [row for row in rows if _vendor(row) == "PostgreSQL"]
    with_es = [row for row in postgres if "elasticsearch_reindex_s" in row]
    lines = ["## Against the goals", "", "| goal | measured | |", "| --- | --- | --- |"]

    def add(goal: str, measured: str, met: bool) -> None:
        lines.append(f"| {goal} | {measured} | {'met' if met else '**missed**'} |")

    if with_es:
        largest, smallest = with_es[-1], with_es[0]
        add(
            f"{largest['offers']:,} offers reindexed into Elasticsearch in ≤ 60 s",
            f"{largest['elasticsearch_reindex_s']:.1f} s",
            largest["elasticsearch_reindex_s"] <= 60,
        )
        growth = largest["rss_after_elasticsearch_reindex_mb"] / max(
            1, smallest["rss_after_elasticsearch_reindex_mb"]
        )
        add(
            "memory flat in N (peak RSS at the largest size ≤ 1.25 × the smallest)",
            f"{smallest['rss_after_elasticsearch_reindex_mb']:.0f} → "
            f"{largest['rss_after_elasticsearch_reindex_mb']:.0f} MB (× {growth:.2f})",
            growth <= 1.25,
        )
        add(
            f"API p95 ≤ 50 ms at {largest['offers']:,} offers on Elasticsearch",
            f"{largest['elasticsearch_p95_ms']:.1f} ms",
            largest["elasticsearch_p95_ms"] <= 50,
        )
        add(
            "our overhead ≤ took (p50 and p95)",
            f"{largest['overhead_p50_ms']:.1f} / {largest['overhead_p95_ms']:.1f} ms vs "
            f"took {largest['elasticsearch_took_p50_ms']:.1f} / "
            f"{largest['elasticsearch_took_p95_ms']:.1f} ms",
            largest["overhead_p50_ms"] <= largest["elasticsearch_took_p50_ms"]
            and largest["overhead_p95_ms"] <= largest["elasticsearch_took_p95_ms"],
        )
    for row in postgres:
        if row["offers"] >= 20_000:
            add(
                f"database engine p95 ≤ 200 ms at {row['offers']:,} offers (PostgreSQL)",
                f"{row['database_p95_ms']:.1f} ms (PostgreSQL full text: "
                f"{row.get('postgres_fts_p95_ms', float('nan')):.1f} ms)",
                row["database_p95_ms"] <= 200,
            )
    for row in rows:
        if row["offers"] == 10_000:
            vendor = _vendor(row)
            add(
                f"database engine p95 ≤ 150 ms at 10,000 offers ({vendor})",
                f"{row['database_p95_ms']:.1f} ms",
                row["database_p95_ms"] <= 150,
            )
    return lines


def _vendor(row: dict) -> str:
    return "PostgreSQL" if "postgresql" in row["database_vendor"] else "SQLite"


def _memory_gb() -> int:
    with open("/proc/meminfo") as meminfo:
        kilobytes = int(meminfo.readline().split()[1])
    return round(kilobytes / 1024 / 1024)


if __name__ == "__main__":
    main()
