#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the test suite and prints its DATABASE_URL.
#   scripts/services/postgres.sh start DIR   -> prints postgres://… on stdout
#   scripts/services/postgres.sh stop DIR
# Uses Debian's server packages and installs them when missing (CI machines are root).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

action=${1:?start or stop}
dir=${2:?state directory}

pg_bindir() {
  local candidate
  candidate=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$candidate" ] || [ ! -x "$candidate/initdb" ]; then
    echo "PostgreSQL server not found; installing Debian's postgresql package…" >&2
    if [ "$(id -u)" -ne 0 ]; then
      echo "Cannot install PostgreSQL without root. Install 'postgresql' or set DATABASE_URL." >&2
      exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    candidate=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$candidate"
}


case "$action" in
  start)
    bindir=$(pg_bindir)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    run_as postgres "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(free_port)
    # Durability is irrelevant for a test cluster; these settings make it several times faster.
    run_as postgres "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2 \
      || { cat "$dir/server.log" >&2; exit 1; }
    run_as postgres "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres praeventionskette >&2
    echo "postgres://postgres@127.0.0.1:$port/praeventionskette"
    ;;
  stop)
    bindir=$(pg_bindir)
    if [ -f "$dir/data/postmaster.pid" ]; then
      run_as postgres "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
