"""Family pages benchmark: server time and page weight with the demo directory.

    python -m cms.bench [--write docs/pages.md]

Runs once on the embedded default (a fresh SQLite file, database search engine) and,
when DATABASE_URL points to PostgreSQL and ELASTICSEARCH_URL is set (`make bench`
starts both), once more on PostgreSQL with Elasticsearch. Each configuration runs in a
child process with the demo data loaded. Reports numbers; asserts nothing.
"""

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from search.bench import create_postgres_database, database_url_for, percentile

REQUESTS = 300
WARMUP = 30
RESULTS_BUDGET_KB, OFFER_BUDGET_KB, SERVER_P95_GOAL_MS = 150, 100, 100
RESULTS_QUERIES = [
    {},
    {"q": "Beratung"},
    {"q": "Hebamme", "life_stage": "infant"},
    {"life_stage": "preschool", "cost": "free"},
    {"sector": "health", "language": "ar"},
    {"place": "mitte", "sort": "distance"},
    {"open": "now"},
    {"open": "wed", "accessible": "true"},
    {"age": "4", "district": "brand"},
    {"q": "Kita", "page": "2"},
    {"life_stage": "transition", "district": "haaren", "topic": "gibt-es-nicht"},
]
LANGUAGES = ["de", "ar", "tr", "uk", "en"]


def _measure(client, urls: list[str]) -> list[float]:
    timings = []
    for number in range(REQUESTS + WARMUP):
        url = urls[number % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        if number >= WARMUP:
            timings.append(elapsed)
    return timings


def _weight(client, url: str) -> dict:
    """The page and every stylesheet and script it links, raw and gzip-compressed
    (production serves static files pre-compressed by WhiteNoise)."""
    from django.contrib.staticfiles import finders

    html = client.get(url).content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    bodies = [html] + [Path(finders.find(a.decode())).read_bytes() for a in assets]
    return {
        "raw_kb": sum(len(b) for b in bodies) / 1000,
        "gzip_kb": sum(len(gzip.compress(b, 6)) for b in bodies) / 1000,
        "files": 1 + len(assets),
    }


def run_child() -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from directory.demo import demo_load
    from directory.models import Offer
    from search.services import search_index_rebuild

    call_command("migrate", verbosity=0)
    demo_load()
    search_index_rebuild()
    client = Client(HTTP_HOST="127.0.0.1")
    results_urls = [
        f"/{language}/angebote/?{urlencode(query)}"
        for language in LANGUAGES
        for query in RESULTS_QUERIES
    ]
    slugs = list(Offer.objects.published().values_list("slug", flat=True))
    offer_urls = [f"/{LANGUAGES[i % 5]}/angebote/{slug}/" for i, slug in enumerate(slugs)]
    results = _measure(client, results_urls)
    offers = _measure(client, offer_urls)
    return {
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "engine": settings.SEARCH_ENGINE,
        "offers": len(slugs),
        "results_p50_ms": percentile(results, 0.5),
        "results_p95_ms": percentile(results, 0.95),
        "offer_p50_ms": percentile(offers, 0.5),
        "offer_p95_ms": percentile(offers, 0.95),
        "results_weight": _weight(client, "/de/angebote/?life_stage=infant"),
        "map_weight": _weight(client, "/de/angebote/?view=map&life_stage=infant"),
        "offer_weight": _weight(client, offer_urls[0]),
    }


def _child(env: dict) -> dict:
    command = [sys.executable, "-m", "cms.bench", "--child"]
    output = subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, check=False
    )
    if output.returncode != 0:
        raise SystemExit(output.stderr[-4000:])
    return json.loads(output.stdout.strip().splitlines()[-1])


def render(rows: list[dict]) -> str:
    lines = [
        "# Family pages: server time and weight",
        "",
        "Written by `python -m cms.bench` (part of `make bench`) with the demo directory, "
        f"{REQUESTS} requests per page kind after {WARMUP} warm-up requests, through Django's "
        "test client in one process (middleware, view, search and templates; no network). "
        "Results pages mix filters, text, places, opening hours and paging in all five "
        "languages; offer pages cycle through every demo offer.",
        "",
        "| database | search engine | offers | results p50 / p95 ms | offer page p50 / p95 ms |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for row in rows:
        lines.append(
            f"| {row['database']} | {row['engine']} | {row['offers']} | "
            f"{row['results_p50_ms']:.1f} / {row['results_p95_ms']:.1f} | "
            f"{row['offer_p50_ms']:.1f} / {row['offer_p95_ms']:.1f} |"
        )
    weights = rows[0]
    lines += [
        "",
        "Page weight: the HTML plus every stylesheet and script the page links (no images, "
        "no tiles). Raw is the worst case; gzip is what production transfers for static "
        "files (WhiteNoise pre-compresses them).",
        "",
        "| page | files | raw KB | gzip KB | budget KB |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for label, key, budget in [
        ("results (list)", "results_weight", RESULTS_BUDGET_KB),
        ("results (map, loads Leaflet)", "map_weight", None),
        ("offer page", "offer_weight", OFFER_BUDGET_KB),
    ]:
        weight = weights[key]
        lines.append(
            f"| {label} | {weight['files']} | {weight['raw_kb']:.1f} | "
            f"{weight['gzip_kb']:.1f} | {budget or '–'} |"
        )
    worst_p95 = max(row["results_p95_ms"] for row in rows)
    time_met = worst_p95 <= SERVER_P95_GOAL_MS
    weight_met = (
        weights["results_weight"]["raw_kb"] <= RESULTS_BUDGET_KB
        and weights["offer_weight"]["raw_kb"] <= OFFER_BUDGET_KB
    )
    lines += [
        "",
        f"Goals: results page p95 ≤ {SERVER_P95_GOAL_MS} ms: at most {worst_p95:.1f} ms "
        f"({'met' if time_met else 'NOT met'}); results ≤ {RESULTS_BUDGET_KB} KB and offer "
        f"page ≤ {OFFER_BUDGET_KB} KB even uncompressed ({'met' if weight_met else 'NOT met'}).",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, help="write the markdown report here")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child()))
        return
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        print("SQLite, database engine …", file=sys.stderr, flush=True)
        rows.append(
            _child(
                {
                    "DATABASE_URL": f"sqlite:///{directory}/pages.sqlite3",
                    "SEARCH_ENGINE": "database",
                    "ELASTICSEARCH_URL": "",
                }
            )
        )
    base_url = os.environ.get("DATABASE_URL", "")
    if base_url.startswith("postgres") and os.environ.get("ELASTICSEARCH_URL"):
        print("PostgreSQL, Elasticsearch …", file=sys.stderr, flush=True)
        create_postgres_database(base_url, "bench_pages")
        rows.append(
            _child(
                {
                    "DATABASE_URL": database_url_for(base_url, "bench_pages"),
                    "SEARCH_ENGINE": "elasticsearch",
                    "SEARCH_INDEX_PREFIX": "bench-pages",
                }
            )
        )
    report = render(rows)
    print(report)
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
