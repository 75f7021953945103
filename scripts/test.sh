#!/usr/bin/env bash
# The whole test suite, as `make test` and CI run it:
#   1. lint and Django's own checks (system checks, missing migrations),
#   2. a real Elasticsearch node (started here unless ELASTICSEARCH_URL points to one),
#   3. pytest against a real PostgreSQL (started here unless DATABASE_URL points to one),
#   4. pytest again on SQLite, the embedded default.
# Extra arguments go to pytest, e.g. `make test ARGS="-k import"` or `bash scripts/test.sh -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=config.settings.test

step() { printf '\n== %s ==\n' "$*"; }

step "lint (ruff)"
$BIN/ruff check .
$BIN/ruff format --check .

step "Django checks"
$BIN/python manage.py check --fail-level WARNING
$BIN/python manage.py makemigrations --check --dry-run

state=$(mktemp -d /tmp/praeventionskette-test.XXXXXX)
chmod 755 "$state"
cleanup() {
  bash scripts/services/elasticsearch.sh stop "$state/es" || true
  bash scripts/services/postgres.sh stop "$state/pg" || true
  rm -rf "$state"
}
trap cleanup EXIT

if [ -n "${ELASTICSEARCH_URL:-}" ]; then
  es_url=$ELASTICSEARCH_URL
  step "Elasticsearch: using ELASTICSEARCH_URL"
else
  step "Elasticsearch: starting a single node"
  es_url=$(bash scripts/services/elasticsearch.sh start "$state/es")
  echo "$es_url"
fi
# Only the search tests use it; the rest of the suite runs on the default engine.
export ELASTICSEARCH_TEST_URL=$es_url
unset ELASTICSEARCH_URL SEARCH_ENGINE

if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  pg_url=$DATABASE_URL
  step "PostgreSQL: using DATABASE_URL"
else
  step "PostgreSQL: starting a throwaway cluster"
  pg_url=$(bash scripts/services/postgres.sh start "$state/pg")
  echo "$pg_url"
fi

step "pytest on PostgreSQL"
DATABASE_URL=$pg_url $BIN/pytest "$@"

step "pytest on SQLite"
DATABASE_URL=sqlite:///:memory: $BIN/pytest -p no:cacheprovider "$@"
