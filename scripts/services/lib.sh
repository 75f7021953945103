# Shared by the service scripts and by test.sh / bench.sh. Source it; it runs nothing.

# Run a command as USER when we are root (PostgreSQL and Elasticsearch refuse root).
run_as() {
  local user=$1
  shift
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Start Elasticsearch and PostgreSQL in a fresh state directory unless ELASTICSEARCH_URL /
# DATABASE_URL (postgres://…) already point to running ones; sets es_url and pg_url and
# stops what it started when the calling script exits.
start_services() {
  services_begin
  services_ready
}

# The same in two halves, so a script can do other work while the services boot (the
# Elasticsearch JVMs take most of half a minute): services_begin starts them in the
# background (PostgreSQL in seconds, so at once: pg_url is set), services_ready waits and
# sets es_url and pg_url (and cluster_url when services_begin was asked for the
# three-node cluster with `cluster`).
services_begin() {
  local here
  here=$(dirname "${BASH_SOURCE[0]}")
  services_state=$(mktemp -d /tmp/praeventionskette-services.XXXXXX)
  chmod 755 "$services_state"
  # A run that fails early lets the services finish booting before stopping them.
  trap 'wait || true
        bash "'"$here"'/elasticsearch.sh" stop "$services_state/es" || true
        bash "'"$here"'/elasticsearch.sh" stop "$services_state/cluster" || true
        bash "'"$here"'/postgres.sh" stop "$services_state/pg" || true
        rm -rf "$services_state"' EXIT
  service_jobs=()
  if [ -n "${ELASTICSEARCH_URL:-}" ]; then
    echo "$ELASTICSEARCH_URL" >"$services_state/es.url"
    echo "Elasticsearch: using ELASTICSEARCH_URL" >&2
  else
    echo "Elasticsearch: starting a single node" >&2
    bash "$here/elasticsearch.sh" start "$services_state/es" >"$services_state/es.url" &
    service_jobs+=($!)
  fi
  if [[ "${DATABASE_URL:-}" == postgres* ]]; then
    echo "$DATABASE_URL" >"$services_state/pg.url"
    echo "PostgreSQL: using DATABASE_URL" >&2
  else
    echo "PostgreSQL: starting a throwaway cluster" >&2
    bash "$here/postgres.sh" start "$services_state/pg" >"$services_state/pg.url"
  fi
  pg_url=$(cat "$services_state/pg.url")  # at once: PostgreSQL starts in seconds
  if [ "${1:-}" = cluster ]; then
    if [ -n "${ELASTICSEARCH_CLUSTER_URL:-}" ]; then
      echo "$ELASTICSEARCH_CLUSTER_URL" >"$services_state/cluster.url"
    else
      echo "Elasticsearch: starting a three-node cluster" >&2
      bash "$here/elasticsearch.sh" start-cluster "$services_state/cluster" \
        >"$services_state/cluster.url" &
      service_jobs+=($!)
    fi
  fi
}

services_ready() {
  local job
  for job in "${service_jobs[@]}"; do
    wait "$job" || { echo "A service did not start (see above)." >&2; exit 1; }
  done
  es_url=$(cat "$services_state/es.url")
  pg_url=$(cat "$services_state/pg.url")
  cluster_url=$(cat "$services_state/cluster.url" 2>/dev/null || true)
  echo "Elasticsearch $es_url, PostgreSQL $pg_url" >&2
}

# Debian packages the project needs besides Python's: Chromium for the browser tests,
# pango and DejaVu fonts (Latin, Cyrillic, Arabic) for PDF referral sheets (WeasyPrint),
# poppler-utils (pdftoppm) for the test that looks at those PDFs as images.
SYSTEM_PACKAGES="chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils"

ensure_system_packages() {
  local missing=()
  for package in $SYSTEM_PACKAGES; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]} (install them for browser tests and PDFs)." >&2
    return
  fi
  echo "Installing Debian packages: ${missing[*]}…" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}

