#!/usr/bin/env bash
# Starts PostgreSQL and Elasticsearch like the tests do, runs the search benchmark and
# writes docs/performance.md, then measures the family pages into docs/pages.md.
# Arguments go to `python -m search.bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/services/lib.sh
start_services
export ELASTICSEARCH_URL=$es_url DATABASE_URL=$pg_url
.venv/bin/python -m search.bench --write docs/performance.md "$@"
.venv/bin/python -m cms.bench --write docs/pages.md
