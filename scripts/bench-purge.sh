#!/usr/bin/env bash
# Purge benchmark (issue 5, contract §9) on a release build: N expired tasks (default 1,000,000, spread over 100
# projects) and 20,000 live (finished, unexpired: nothing for the worker to claim) tasks of project "bench" in a
# fresh SQLite file. First `serve --role api` (no reaper)
# under `wrk` listing bench's tasks: list latency before. Then `serve` (API + worker + reaper, expiry.batchSize
# 1000) under the same load while the reaper purges: list latency during, and the time the reaper took.
# Goals: purge < 60 s; list p99 during within 20 % of before. Binds 127.0.0.1 only; stops what it starts.
# Usage: scripts/bench-purge.sh [N] [SECONDS] [CONNECTIONS]   (defaults 1000000, 10, 8: 8 connections saturate
# the 2 cores; 1 leaves a core spare); SKYLIFT_BIN=path skips the release build.
set -euo pipefail
cd "$(dirname "$0")/.."

count=${1:-1000000}
seconds=${2:-10}
connections=${3:-8}
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
if [ -z "${SKYLIFT_BIN:-}" ]; then
    swift build -c release --product skylift >/dev/null
    SKYLIFT_BIN="$(swift build -c release --show-bin-path)/skylift"
fi
dir=$(mktemp -d /tmp/skylift-bench-purge.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
export DATABASE_URL="sqlite://$dir/skylift.sqlite" STORAGE_PATH="$dir/images" HTTP_PORT="$port" LOG_FORMAT=json \
    POLICY_FILE=etc/policy.yaml EXPIRY_BATCH_SIZE=1000 EXPIRY_INTERVAL=60
pid=
trap '[ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; rm -rf "$dir"' EXIT
"$SKYLIFT_BIN" migrate >/dev/null

BENCH_DB="$dir/skylift.sqlite" BENCH_COUNT=$count python3 - <<'PY'
import os, sqlite3, time, uuid
db = sqlite3.connect(os.environ["BENCH_DB"])
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=OFF")
count, now = int(os.environ["BENCH_COUNT"]), int(time.time() * 1_000_000)
columns = "(id, type, status, owner, input, created_at, updated_at, expires_at, version)"
start = time.monotonic()
def rows(n, owner, status, base, expires):
    for i in range(n):
        yield (str(uuid.uuid4()), "import", status, owner(i), "{}", base + i, base + i, expires, 1)
with db:
    db.executemany(f"INSERT INTO tasks {columns} VALUES (?,?,?,?,?,?,?,?,?)",
                   rows(count, lambda i: f"p{i % 100:03d}", "failure", now - 10**12, now - 10**9))
    db.executemany(f"INSERT INTO tasks {columns} VALUES (?,?,?,?,?,?,?,?,?)",
                   rows(20000, lambda i: "bench", "success", now - 10**10, now + 10**12))
print(f"seeded {count} expired and 20000 live tasks in {time.monotonic() - start:.0f} s")
PY

hdr=(-H 'X-Identity-Status: Confirmed' -H 'X-Project-Id: bench' -H 'X-User-Id: u' -H 'X-Roles: member')
start_server() {
    "$SKYLIFT_BIN" serve "$@" >>"$dir/server.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/healthcheck" >/dev/null && return; sleep 0.05; done
}
stop_server() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=; }
load() { wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"${seconds}s" --latency "${hdr[@]}" "http://127.0.0.1:$port/v2/tasks" | grep -E "Requests/sec|50%|99%"; }

echo "== list bench's tasks, no reaper (serve --role api)"
start_server --role api
load
stop_server

echo "== list bench's tasks while the reaper purges (serve)"
started=$(date +%s.%N)
start_server
load
for _ in $(seq 1 3000); do grep -q '"purged expired tasks"' "$dir/server.log" && break; sleep 0.1; done
python3 - "$dir/server.log" "$started" <<'PY'
import json, sys, datetime
for line in open(sys.argv[1]):
    if '"purged expired tasks"' in line:
        fields = json.loads(line)
        ended = datetime.datetime.fromisoformat(fields["time"].replace("Z", "+00:00")).timestamp()
        print(f"reaper purged {fields['count']} tasks, done {ended - float(sys.argv[2]):.1f} s after the server started "
              "(log time, 1 s resolution)")
PY
stop_server
left=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM tasks').fetchone()[0])" "$dir/skylift.sqlite")
echo "tasks left: $left"
