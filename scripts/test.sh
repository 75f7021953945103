#!/usr/bin/env bash
# The whole test suite, as `make test` and CI run it:
#   1. lint and Django's own checks (system checks, missing migrations),
#   2. pytest against a real PostgreSQL (started here unless DATABASE_URL points to one),
#   3. pytest again on SQLite, the embedded default.
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
  bash scripts/services/postgres.sh stop "$state/pg" || true
  rm -rf "$state"
}
trap cleanup EXIT

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
