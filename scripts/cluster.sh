#!/usr/bin/env bash
# A local demo of Skylift scaled out (docs/deployment.md): a throwaway PostgreSQL, 2 API processes and 2 worker
# processes sharing it and one storage folder, all on 127.0.0.1. Prints the API URLs, waits until Ctrl-C (or
# for SKYLIFT_CLUSTER_SECONDS seconds), then stops every process it started by pid, and the database.
#   scripts/cluster.sh            # build (debug) if needed and run until Ctrl-C
#   SKYLIFT_CLUSTER_SECONDS=30 scripts/cluster.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${SKYLIFT_TEST_POSTGRES_URL:-}" ]; then
    exec scripts/with-postgres.sh "$0" "$@"
fi
bin="$(swift build --show-bin-path)/skylift"
[ -x "$bin" ] || swift build --product skylift
dir=$(mktemp -d /tmp/skylift-cluster.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
export DATABASE_URL="$SKYLIFT_TEST_POSTGRES_URL" STORAGE_PATH="$dir/images" POLICY_FILE=etc/policy.yaml
pids=()
stop() {
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$dir"
}
trap stop EXIT
"$bin" migrate
for role in api api worker worker; do
    port=$(free_port)
    HTTP_PORT=$port "$bin" serve --role "$role" >"$dir/$role-$port.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthcheck" >/dev/null && break; sleep 0.1; done
    echo "cluster: $role on http://127.0.0.1:$port (pid ${pids[-1]}, log $dir/$role-$port.log)"
done
echo "cluster: database $DATABASE_URL, images under $STORAGE_PATH; Ctrl-C stops everything"
if [ -n "${SKYLIFT_CLUSTER_SECONDS:-}" ]; then sleep "$SKYLIFT_CLUSTER_SECONDS"; else while :; do sleep 3600; done; fi
