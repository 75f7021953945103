#!/usr/bin/env bash
# Starts a single-node Elasticsearch for the test suite and prints its URL, or a cluster
# of three nodes on loopback (for the fail-over test) and prints their URLs.
#   scripts/services/elasticsearch.sh start DIR           -> http://127.0.0.1:PORT
#   scripts/services/elasticsearch.sh start-cluster DIR   -> http://127.0.0.1:P1,http://…:P2,…
#   scripts/services/elasticsearch.sh stop DIR            (a node or a whole cluster)
# The server is Elastic's integration-test distribution from Maven Central (server core
# only, no bundled JDK), fetched once with Maven into ~/.m2 and unpacked into a cache.
# ES_EXTRA_JAVA_OPTS adds JVM options (the test suite makes its nodes cheaper to boot).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ES_VERSION=${ES_VERSION:-9.2.0}
ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ES_VERSION}:zip"
# Root's home is private, and the server runs as another user: cache under /var/cache then.
if [ "$(id -u)" -eq 0 ]; then
  CACHE=${PRAEVENTIONSKETTE_CACHE:-/var/cache/praeventionskette}
else
  CACHE=${PRAEVENTIONSKETTE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/praeventionskette}
fi
HOME_DIR="$CACHE/elasticsearch-$ES_VERSION"
ES_USER=${ES_USER:-esnode}

action=${1:?start or stop}
dir=${2:?state directory}

java_home() {
  # ES 9 needs Java 21 or newer; pick the newest JDK under /usr/lib/jvm.
  local candidate
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -V -r); do
    if [ -x "$candidate/bin/java" ]; then
      local major
      major=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 \
        | awk -F'= ' '/java.specification.version/ {print $2}')
      if [ "${major%%.*}" -ge 21 ] 2>/dev/null; then
        echo "${candidate%/}"
        return
      fi
    fi
  done
  echo "No Java 21+ found under /usr/lib/jvm (Elasticsearch $ES_VERSION needs it)." >&2
  exit 1
}

install_es() {
  [ -x "$HOME_DIR/bin/elasticsearch" ] && return
  local zip="$HOME/.m2/repository/org/elasticsearch/distribution/integ-test-zip/elasticsearch/$ES_VERSION/elasticsearch-$ES_VERSION.zip"
  if [ ! -f "$zip" ]; then
    echo "Fetching Elasticsearch $ES_VERSION (integ-test-zip) from Maven Central…" >&2
    mvn -B -q dependency:get -Dartifact="$ARTIFACT" -Dtransitive=false >&2
  fi
  mkdir -p "$CACHE"
  local tmp
  tmp=$(mktemp -d "$CACHE/unpack.XXXXXX")
  unzip -q "$zip" -d "$tmp"
  mv "$tmp/elasticsearch-$ES_VERSION" "$HOME_DIR"
  rmdir "$tmp"
}


# Start one node in DIR; extra -E settings follow. Prints nothing; sets node_url.
start_node() {
  local dir=$1 http_port=$2 transport_port=$3 heap=$4
  shift 4
  mkdir -p "$dir/data" "$dir/logs" "$dir/config" "$dir/tmp"
  cp -r "$HOME_DIR/config/." "$dir/config/"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R "$ES_USER": "$dir"
  fi
  run_as "$ES_USER" env ES_JAVA_HOME="$jdk" ES_PATH_CONF="$dir/config" ES_TMPDIR="$dir/tmp" \
    ES_JAVA_OPTS="-Xms$heap -Xmx$heap ${ES_EXTRA_JAVA_OPTS:-}" \
    "$HOME_DIR/bin/elasticsearch" -d -p "$dir/pid" \
    -E xpack.security.enabled=false \
    -E network.host=127.0.0.1 -E http.port="$http_port" -E transport.port="$transport_port" \
    -E path.data="$dir/data" -E path.logs="$dir/logs" \
    -E cluster.routing.allocation.disk.threshold_enabled=false \
    -E action.destructive_requires_name=false "$@" >"$dir/start.log" 2>&1 \
    || { cat "$dir/start.log" "$dir"/logs/*.log >&2 2>/dev/null; exit 1; }
  node_url="http://127.0.0.1:$http_port"
}

ensure_user() {  # once, before nodes start in parallel
  if [ "$(id -u)" -eq 0 ]; then
    id "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
  fi
}

wait_for() {  # URL STATUS DIR: until the cluster reports STATUS, or fail with its log
  for _ in $(seq 1 180); do
    if curl -fs "$1/_cluster/health?wait_for_status=$2&timeout=1s" >/dev/null 2>&1; then
      return 0
    fi
    sleep 1
  done
  echo "Elasticsearch did not become healthy; log follows." >&2
  tail -n 50 "$3"/logs/*.log "$3"/*/logs/*.log >&2 2>/dev/null || true
  exit 1
}

stop_node() {
  local dir=$1
  if [ -f "$dir/pid" ]; then
    pid=$(cat "$dir/pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
}

case "$action" in
  start)
    install_es
    jdk=$(java_home)
    ensure_user
    start_node "$dir" "$(free_port)" "$(free_port)" 512m -E discovery.type=single-node
    wait_for "$node_url" yellow "$dir"
    echo "$node_url"
    ;;
  start-cluster)
    # Three master-eligible data nodes, small heaps; indices get one replica each
    # (auto_expand_replicas), so any one node may go away without losing data.
    install_es
    jdk=$(java_home)
    ensure_user
    nodes=${ES_CLUSTER_NODES:-3}
    heap=${ES_CLUSTER_HEAP:-320m}
    declare -a http_ports transport_ports names
    for i in $(seq 1 "$nodes"); do
      http_ports[i]=$(free_port)
      transport_ports[i]=$(free_port)
      names[i]="node-$i"
    done
    seeds=$(for i in $(seq 1 "$nodes"); do printf '127.0.0.1:%s,' "${transport_ports[i]}"; done)
    masters=$(IFS=,; echo "${names[*]}")
    urls=()
    for i in $(seq 1 "$nodes"); do  # in parallel: each node takes a while to boot
      start_node "$dir/node-$i" "${http_ports[i]}" "${transport_ports[i]}" "$heap" \
        -E cluster.name="praeventionskette-$(basename "$dir")" -E node.name="node-$i" \
        -E discovery.seed_hosts="${seeds%,}" -E cluster.initial_master_nodes="$masters" &
      urls+=("http://127.0.0.1:${http_ports[i]}")
    done
    wait
    for _ in $(seq 1 180); do
      count=$(curl -fs "${urls[0]}/_cat/nodes?h=name" 2>/dev/null | wc -l || true)
      [ "${count:-0}" -ge "$nodes" ] && break
      sleep 1
    done
    wait_for "${urls[0]}" green "$dir"
    (IFS=,; echo "${urls[*]}")
    ;;
  stop)
    stop_node "$dir"
    for node in "$dir"/node-*; do
      [ -d "$node" ] && stop_node "$node"
    done
    ;;
  *)
    echo "usage: $0 start|start-cluster|stop DIR" >&2
    exit 2
    ;;
esac
