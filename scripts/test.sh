#!/usr/bin/env bash
# The whole test suite, as `make test` and CI run it:
#   1. lint, the architecture check (imports only point down), Django's own checks
#      (system checks, missing migrations) and the production build: collectstatic and
#      `check --deploy` under production settings,
#   2. a real Elasticsearch node (started here unless ELASTICSEARCH_URL points to one;
#      it boots in the background while step 1 runs, like the other services),
#   3. pytest against a real PostgreSQL (started here unless DATABASE_URL points to one):
#      every test, the browser and Elasticsearch tests included,
#   4. pytest again on SQLite, the embedded default: the tests that depend on the database;
#      the browser and Elasticsearch tests (marked) ran above and would find nothing new.
#      Meanwhile the test of the real task worker process runs alone on PostgreSQL.
# Both passes run on TEST_WORKERS processes (pytest-xdist; default 2, each with its own
# test database) and end with the 15 slowest tests.
# Debian's Chromium (browser tests) and pango with DejaVu fonts (PDFs) are installed
# here when missing.
# Extra arguments go to pytest, e.g. `make test ARGS="-k import"` or `bash scripts/test.sh -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=config.settings.test

# Python's bytecode cache, also where the environment switches it off
# (PYTHONDONTWRITEBYTECODE, common in containers): otherwise each of the run's two dozen
# Python processes (pytest workers, manage.py commands, gunicorn, the task worker) compiles
# Django, Wagtail and the project again, about 2 s of CPU each. Kept outside the tree.
unset PYTHONDONTWRITEBYTECODE
export PYTHONPYCACHEPREFIX=${PYTHONPYCACHEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/praeventionskette/pycache}

WORKERS=${TEST_WORKERS:-2}
started=$SECONDS
step() { printf '\n== %s (%d s so far) ==\n' "$*" $((SECONDS - started)); }
# `--dist load` hands out tests in pytest-django's order (database tests first, browser
# tests last), which the browser tests' committed data relies on; `loadscope` would sort
# modules by size. Data built once per module or class is then built at most once per
# worker (tests/conftest.py).
PYTEST=($BIN/pytest -n "$WORKERS" --dist load --durations=15)

# The services boot in the background (the Elasticsearch JVMs take most of half a
# minute) while the checks below run; the fail-over test's three-node cluster too.
step "services (starting)"
# The test nodes compile Java with the quick compiler only (C1): the optimising one spent
# half of each node's CPU on booting, and the suite's four nodes boot while the checks
# and the first tests need the two cores (a node's boot and 93 tests: 37 → 18 CPU s).
# The benchmark (`make bench`) starts its node without this.
export ES_EXTRA_JAVA_OPTS="-XX:TieredStopAtLevel=1"
source scripts/services/lib.sh
ensure_system_packages
services_begin cluster
# Meanwhile also the migrated test databases that pytest's workers (and the harvesting
# test's second instance) copy instead of migrating each (tests/databases.py).
{ $BIN/python -m tests.databases && $BIN/python -m tests.databases "$pg_url"; } &
templates_job=$!

step "lint (ruff)"
$BIN/ruff check .
$BIN/ruff format --check .

step "architecture (import-linter: imports only point down)"
$BIN/lint-imports --no-cache

step "Django checks"
$BIN/python manage.py check --fail-level WARNING
$BIN/python manage.py makemigrations --check --dry-run

step "production build (collectstatic, check --deploy)"
# The documented production environment (docs/security.md), with a throwaway key and a
# temporary STATIC_ROOT: the Dockerfile's collectstatic must work and Django's deployment
# checks must find nothing.
static_root=$(mktemp -d)
(
  export DJANGO_SETTINGS_MODULE=config.settings.production STATIC_ROOT=$static_root
  export ALLOWED_HOSTS=verzeichnis.example.org DEBUG=false
  SECRET_KEY=$($BIN/python -c "import secrets; print(secrets.token_urlsafe(64))")
  export SECRET_KEY
  $BIN/python manage.py collectstatic --noinput --verbosity 0
  $BIN/python manage.py check --deploy --fail-level WARNING
)
rm -rf "$static_root"

step "services (waiting until they are up)"
services_ready
wait "$templates_job"
# Only the search tests use Elasticsearch; the rest of the suite runs on the default engine.
export ELASTICSEARCH_TEST_URL=$es_url
unset ELASTICSEARCH_URL SEARCH_ENGINE

step "pytest on PostgreSQL"
DATABASE_URL=$pg_url ELASTICSEARCH_CLUSTER_URL=$cluster_url "${PYTEST[@]}" -m "not worker_process" "$@"
# Stopping the cluster takes seconds (each node shuts down in turn): not worth waiting for.
bash scripts/services/elasticsearch.sh stop "$services_state/cluster" &
unset ELASTICSEARCH_CLUSTER_URL

step "pytest on SQLite, and meanwhile on PostgreSQL the real task worker"
# The task worker's test runs alone on its PostgreSQL test database, next to the SQLite
# pass (it mostly waits for the worker process); its output follows the pass's.
worker_log="$services_state/worker-test.log"
DATABASE_URL=$pg_url $BIN/pytest -p no:xdist -p no:cacheprovider -m worker_process \
  tests/directory/test_import_background.py >"$worker_log" 2>&1 &
worker_job=$!
DATABASE_URL=sqlite:///:memory: "${PYTEST[@]}" -p no:cacheprovider \
  -m "not browser and not elasticsearch and not elasticsearch_cluster" "$@"
step "the real task worker (PostgreSQL)"
worker_status=0
wait "$worker_job" || worker_status=$?
cat "$worker_log"
[ "$worker_status" -eq 0 ]

step "done"
