"""python -m search.relevance [--write docs/search-quality.md]: see search/relevance."""

import argparse
import json
import os
import sys
import tempfile
import uuid
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from tqdm import tqdm

BEFORE_FILE = Path(__file__).with_name("before.json")  # the engines before issue 14's work


def main() -> None:
    parser = argparse.ArgumentParser(description="Search quality on the judged demo queries.")
    parser.add_argument("--write", type=Path, help="write the markdown report (and an SVG)")
    parser.add_argument("--json", type=Path, help="write the raw numbers as JSON")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database of the last run (faster)"
    )
    args = parser.parse_args()

    base_url = os.environ.get("DATABASE_URL", "")
    temporary = None
    if base_url.startswith("postgres"):
        from search.bench import create_postgres_database, database_url_for

        if not (args.reuse and _database_exists(base_url, "search_relevance")):
            create_postgres_database(base_url, "search_relevance")
        os.environ["DATABASE_URL"] = database_url_for(base_url, "search_relevance")
    else:
        temporary = tempfile.TemporaryDirectory()
        os.environ["DATABASE_URL"] = f"sqlite:///{temporary.name}/relevance.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from directory.demo import demo_data, demo_load
    from search import relevance
    from search.engines.database import DatabaseEngine
    from search.models import SearchDocument

    print("Loading the demo directory …", file=sys.stderr)
    call_command("migrate", verbosity=0)
    demo_load(progress=lambda items: tqdm(items, desc="demo offers", file=sys.stderr))
    templates = sorted((entry["name"] for entry in demo_data()["offers"]), key=len, reverse=True)
    copies = {entry["name"]: entry["districts"] for entry in demo_data()["offers"]}
    judged = relevance.load_judgements(templates)

    rankers = {}
    database_engine = DatabaseEngine()
    database_engine.rebuild()
    rankers["database engine"] = relevance.engine_ranker(database_engine)
    elasticsearch = None
    if os.environ.get("ELASTICSEARCH_URL"):
        from search.engines.elasticsearch import ElasticsearchEngine

        elasticsearch = ElasticsearchEngine(
            url=os.environ["ELASTICSEARCH_URL"],
            index_prefix=f"relevance-{uuid.uuid4().hex[:8]}",
            timeout=30,
        )
        elasticsearch.rebuild()
        rankers["elasticsearch engine"] = relevance.engine_ranker(elasticsearch)
    texts = relevance.offer_texts()
    if connection.vendor == "postgresql":
        rankers["PostgreSQL german FTS"] = relevance.postgres_german_ranker()
    rankers["SQLite FTS5 trigram"] = relevance.sqlite_trigram_ranker(texts)

    results = {}
    try:
        for name, rank in rankers.items():
            progress = tqdm(judged, desc=name, file=sys.stderr, leave=False)
            results[name] = relevance.evaluate(list(progress), rank, templates, copies)
    finally:
        if elasticsearch is not None:
            elasticsearch.drop()
    raw = {
        name: {kind: asdict(summary) for kind, summary in summaries.items()}
        for name, summaries in results.items()
    }
    before = json.loads(BEFORE_FILE.read_text()) if BEFORE_FILE.exists() else {}
    meta = {
        "offers": SearchDocument.objects.count(),
        "queries": len(judged),
        "date": f"{datetime.now(UTC):%Y-%m-%d}",
    }
    report = render(raw, before, meta)
    print(report)
    if args.json:
        args.json.write_text(json.dumps(raw, indent=1, ensure_ascii=False), encoding="utf-8")
    if args.write:
        args.write.write_text(report, encoding="utf-8")
        args.write.with_suffix(".svg").write_text(bar_chart(raw), encoding="utf-8")
    if temporary is not None:
        temporary.cleanup()


def _database_exists(base_url: str, name: str) -> bool:
    import psycopg

    from search.bench import database_url_for

    with psycopg.connect(database_url_for(base_url, "postgres")) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return found.fetchone() is not None


KIND_LABELS = {
    "plain": "plain words",
    "typo": "typos",
    "umlaut": "umlauts as ae/oe/ue or missing",
    "compound": "compounds and their parts",
    "synonym": "synonyms",
    "colloquial": "everyday sentences",
    "phrase": "phrases",
    "other": "other languages (en/tr/ar/uk)",
    "all": "**all**",
}


def render(raw: dict, before: dict, meta: dict) -> str:
    from search.relevance import KINDS

    systems = list(raw)
    lines = [
        "# Search quality",
        "",
        f"Measured {meta['date']} with `python -m search.relevance --write "
        "docs/search-quality.md` on the demo directory "
        f"({meta['offers']} offers) with {meta['queries']} judged queries "
        "(`search/relevance/judgements.tsv`, graded 0–3 by reading the offers before any "
        "engine ran). Both engines and both baselines answer the same queries in the same "
        "run. nDCG@10 and Recall@10 count every district copy of a relevant offer; MRR is "
        "the first relevant result's reciprocal rank; *empty* counts queries with no result "
        "at all although a relevant offer exists (every judged query has one).",
        "",
        "![nDCG@10 by kind of query](search-quality.svg)",
        "",
        "## nDCG@10 by kind of query",
        "",
    ]
    before_systems = [name for name in systems if name in before and "engine" in name]
    header = ["kind", "queries"]
    header += [f"{name} (before)" for name in before_systems] + systems
    lines += ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for kind in (*KINDS, "all"):
        count = raw[systems[0]][kind]["queries"]
        cells = [KIND_LABELS[kind], str(count)]
        cells += [f"{before[name][kind]['ndcg']:.2f}" for name in before_systems]
        cells += [f"{raw[name][kind]['ndcg']:.2f}" for name in systems]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "## All queries",
        "",
        "| system | nDCG@10 | Recall@10 | MRR | empty results |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name in before_systems:
        item = before[name]["all"]
        lines.append(
            f"| {name} (before) | {item['ndcg']:.3f} | {item['recall']:.3f} "
            f"| {item['mrr']:.3f} | {item['empty']} |"
        )
    for name in systems:
        item = raw[name]["all"]
        lines.append(
            f"| {name} | {item['ndcg']:.3f} | {item['recall']:.3f} | {item['mrr']:.3f} "
            f"| {item['empty']} |"
        )
    lines += ["", "## Empty results and Recall@10 by kind", ""]
    header = ["kind", *(f"{name}: empty / recall" for name in systems)]
    lines += ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for kind in (*KINDS, "all"):
        cells = [KIND_LABELS[kind]]
        cells += [f"{raw[n][kind]['empty']} / {raw[n][kind]['recall']:.2f}" for n in systems]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "## Weakest queries per system (nDCG@10)", ""]
    for name in systems:
        worst = ", ".join(f"“{query}” {value:.2f}" for value, query in raw[name]["all"]["worst"])
        lines.append(f"- {name}: {worst}")
    lines += ["", *NOTES, ""]
    return "\n".join(lines)


NOTES = [
    "## Notes",
    "",
    "- The baselines index the German offer texts (name, summary, description, target",
    "  group, eligibility, provider, topics) as a plain installation would; our engines",
    "  also index the offers' translations and use the glossary and the editors' synonyms",
    "  (the default synonym list ships with the project and is part of what is measured).",
    "- Judgements: `search/relevance/judgements.tsv`; add queries there, never change a",
    "  grade to fit a result. The demo directory is `directory/demo/directory.json`.",
]


BAR_COLOURS = ["#1f5f8b", "#4f9bd0", "#c45a00", "#7a7a7a", "#9db8cc", "#b3d4ee"]


def bar_chart(raw: dict) -> str:
    """Grouped bars: nDCG@10 per kind of query and system, as a plain SVG file."""
    from search.relevance import KINDS

    kinds = [*KINDS, "all"]
    systems = list(raw)
    width, height, left, bottom, top = 760, 300, 40, 60, 20
    plot_height = height - bottom - top
    group_width = (width - left - 10) / len(kinds)
    bar_width = (group_width - 10) / len(systems)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11" role="img" '
        'aria-labelledby="title"><title id="title">nDCG@10 by kind of query and system</title>',
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
    ]
    for tick in range(6):
        value = tick / 5
        y = top + plot_height * (1 - value)
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value:.1f}</text>'
        )
    for group, kind in enumerate(kinds):
        x0 = left + group * group_width + 5
        for index, name in enumerate(systems):
            value = raw[name][kind]["ndcg"]
            bar_height = plot_height * value
            parts.append(
                f'<rect x="{x0 + index * bar_width:.1f}" y="{top + plot_height - bar_height:.1f}" '
                f'width="{bar_width - 1:.1f}" height="{bar_height:.1f}" '
                f'fill="{BAR_COLOURS[index % len(BAR_COLOURS)]}"><title>{name}, {kind}: '
                f"{value:.2f}</title></rect>"
            )
        parts.append(
            f'<text x="{x0 + (group_width - 10) / 2:.1f}" y="{height - bottom + 16}" '
            f'text-anchor="middle">{kind}</text>'
        )
    for index, name in enumerate(systems):
        x = left + index * 180
        parts.append(
            f'<rect x="{x}" y="{height - 24}" width="12" height="12" '
            f'fill="{BAR_COLOURS[index % len(BAR_COLOURS)]}"/>'
            f'<text x="{x + 16}" y="{height - 14}">{name}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    main()
