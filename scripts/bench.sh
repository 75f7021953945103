#!/usr/bin/env bash
# Starts PostgreSQL and Elasticsearch like the tests do, runs the search benchmark and
# writes docs/performance.md. Arguments go to `python -m search.bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
state=$(mktemp -d /tmp/praeventionskette-bench.XXXXXX)
chmod 755 "$state"
cleanup() {
  bash scripts/services/elasticsearch.sh stop "$state/es" || true
  bash scripts/services/postgres.sh stop "$state/pg" || true
  rm -rf "$state"
}
trap cleanup EXIT
ELASTICSEARCH_URL=${ELASTICSEARCH_URL:-$(bash scripts/services/elasticsearch.sh start "$state/es")}
DATABASE_URL=${DATABASE_URL:-$(bash scripts/services/postgres.sh start "$state/pg")}
export ELASTICSEARCH_URL DATABASE_URL
.venv/bin/python -m search.bench --write docs/performance.md "$@"
