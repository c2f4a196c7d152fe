#!/usr/bin/env bash
# API benchmark on a release build: seeds N tasks (default 20000) into a fresh SQLite file, then runs wrk for
# SECONDS (default 10) against each of: create, show, the first list page, and a list page deep in the list
# (keyset: it should cost what the first page costs). Prints wrk's figures. Binds 127.0.0.1 only; stops the
# server it starts. Usage: scripts/bench-api.sh [SECONDS] [N]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-10}
count=${2:-20000}
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product skylift >/dev/null
bin="$(swift build -c release --show-bin-path)/skylift"
dir=$(mktemp -d /tmp/skylift-bench.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
DATABASE_URL="sqlite://$dir/skylift.sqlite" STORAGE_PATH="$dir/images" HTTP_PORT="$port" LOG_LEVEL=warning \
    IMPORT_ALLOWED_HOSTS=127.0.0.1 IMPORT_ALLOWED_PORTS=8765 POLICY_FILE=etc/policy.yaml \
    "$bin" serve --role api >"$dir/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthcheck" >/dev/null && break; sleep 0.1; done

export BENCH_PORT=$port BENCH_COUNT=$count BENCH_DIR=$dir
python3 - <<'PY'
import http.client, json, os, time
port, count, folder = int(os.environ["BENCH_PORT"]), int(os.environ["BENCH_COUNT"]), os.environ["BENCH_DIR"]
headers = {"X-Identity-Status": "Confirmed", "X-Project-Id": "bench", "X-User-Id": "u", "X-Roles": "member",
           "Content-Type": "application/json"}
body = json.dumps({"type": "import", "input": {"import_from": "http://127.0.0.1:8765/tiny.qcow2",
                   "import_from_format": "qcow2",
                   "image_properties": {"disk_format": "raw", "container_format": "bare"}}})
connection = http.client.HTTPConnection("127.0.0.1", port)
ids, start = [], time.monotonic()
for _ in range(count):
    connection.request("POST", "/v2/tasks", body, headers)
    response = connection.getresponse()
    ids.append(json.loads(response.read())["id"])
    assert response.status == 201
elapsed = time.monotonic() - start
print(f"seeded {count} tasks in {elapsed:.1f} s ({count / elapsed:.0f} creates/s, one connection, sequential)")
# ids are oldest first; the page after ids[100] in the default (newest first) order holds 25 of the oldest.
open(os.path.join(folder, "show_id"), "w").write(ids[count // 2])
open(os.path.join(folder, "deep_marker"), "w").write(ids[100])
PY

hdr=(-H 'X-Identity-Status: Confirmed' -H 'X-Project-Id: bench' -H 'X-User-Id: u' -H 'X-Roles: member')
cat >"$dir/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"type": "import", "input": {"import_from": "http://127.0.0.1:8765/t.qcow2", "import_from_format": "qcow2", "image_properties": {"disk_format": "raw", "container_format": "bare"}}}'
wrk.headers["Content-Type"] = "application/json"
LUA
base="http://127.0.0.1:$port"
run() {
    echo "== $1"
    shift
    wrk -t2 -c16 -d"${seconds}s" --latency "${hdr[@]}" "$@" | grep -E "Requests/sec|Latency  |50%|99%|Non-2xx"
}
run "show one task" "$base/v2/tasks/$(cat "$dir/show_id")"
run "list, first page (25)" "$base/v2/tasks"
run "list, page after the 101st-oldest of $count (25)" "$base/v2/tasks?marker=$(cat "$dir/deep_marker")"
run "create" -s "$dir/post.lua" "$base/v2/tasks"
