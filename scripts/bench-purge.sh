#!/usr/bin/env bash
# Purge benchmark (issue 5, contract §9) on a release build: N expired tasks (default 1,000,000, spread over 100
# projects) and 20,000 live tasks (finished, unexpired: nothing for a worker to claim) of project "bench", seeded
# into a fresh SQLite file with the ids Skylift makes (UUID version 7). One `serve --role api` process answers
# `wrk` listing bench's tasks throughout: a warm-up, then 4 windows of SECONDS before; then a `serve --role worker`
# process starts on the same file, its expiry reaper (expiry.batchSize 1000) purges at once, and the same load
# runs window after window until the purge ends. The API process is the same throughout, so before and during
# compare like with like; the p99s compared are the medians of the windows (on this machine one window's p99
# can be twice the next one's with nothing else running).
# Goals: purge < 60 s; list p99 during within 20 % of before. Binds 127.0.0.1 only; stops what it starts.
# Usage: scripts/bench-purge.sh [N] [SECONDS] [CONNECTIONS]   (defaults 1000000, 5, 1: one connection leaves a
# core for the reaper; 8 saturate both cores); SKYLIFT_BIN=path skips the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh

count=${1:-1000000}
window=${2:-5}
connections=${3:-1}
bench_prepare
dir=$(mktemp -d /tmp/skylift-bench-purge.XXXXXX)
api_port=$(bench_free_port)
worker_port=$(bench_free_port)
export DATABASE_URL="sqlite://$dir/skylift.sqlite" STORAGE_PATH="$dir/images" LOG_FORMAT=json \
    POLICY_FILE=etc/policy.yaml EXPIRY_BATCH_SIZE=1000 EXPIRY_INTERVAL=60
api=
worker=
trap 'bench_stop "$api"; bench_stop "$worker"; rm -rf "$dir"' EXIT
"$SKYLIFT_BIN" migrate >/dev/null

# Rows go in without the indexes, which are then built in one pass each (4× faster than inserting into them).
BENCH_DB="$dir/skylift.sqlite" BENCH_COUNT=$count python3 - <<'PY'
import os, sqlite3, time, uuid
db = sqlite3.connect(os.environ["BENCH_DB"])
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=OFF")
count, now = int(os.environ["BENCH_COUNT"]), int(time.time() * 1_000_000)
columns = "(id, type, status, owner, input, created_at, updated_at, expires_at, version)"
start = time.monotonic()
def task_id(created):
    # What Skylift makes (TaskID(createdAt:)): UUID version 7, the creation millisecond in the first 48 bits.
    value = (created // 1000) << 80 | (uuid.uuid4().int & ~(0xFFFF_FFFF_FFFF << 80))
    value = value & ~(0xF << 76) | 0x7 << 76
    return str(uuid.UUID(int=value & ~(0x3 << 62) | 0x2 << 62))
def rows(n, owner, status, base, expires):
    for i in range(n):
        yield (task_id(base + i), "import", status, owner(i), "{}", base + i, base + i, expires, 1)
indexes = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tasks' "
                     "AND sql IS NOT NULL").fetchall()
with db:
    for name, _ in indexes:
        db.execute(f"DROP INDEX {name}")
    db.executemany(f"INSERT INTO tasks {columns} VALUES (?,?,?,?,?,?,?,?,?)",
                   rows(count, lambda i: f"p{i % 100:03d}", "failure", now - 10**12, now - 10**9))
    db.executemany(f"INSERT INTO tasks {columns} VALUES (?,?,?,?,?,?,?,?,?)",
                   rows(20000, lambda i: "bench", "success", now - 10**10, now + 10**12))
    for _, sql in indexes:
        db.execute(sql)
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
print(f"seeded {count} expired and 20000 live tasks in {time.monotonic() - start:.0f} s")
PY

load() { bench_list_load "$api_port" "$1" "$connections"; }

bench_serve "$api_port" "$dir/api.log" --role api
api=$bench_pid
load 3 >/dev/null  # warm-up
for i in $(seq 1 4); do
    echo "before $i $(load "$window")" | tee -a "$dir/windows"
done

started=$(date +%s.%N)
bench_serve "$worker_port" "$dir/worker.log" --role worker
worker=$bench_pid
# Windows that end before the purge does; the one the purge ends in is left out (part of it had no purge).
for i in $(seq 1 60); do
    figures=$(load "$window")
    grep -q '"purged expired tasks"' "$dir/worker.log" && break
    echo "during $i $figures" | tee -a "$dir/windows"
done
for _ in $(seq 1 3000); do grep -q '"purged expired tasks"' "$dir/worker.log" && break; sleep 0.1; done
python3 - "$dir/worker.log" "$started" "$dir/windows" "$connections" "$window" <<'PY'
import json, statistics, sys, datetime
log, started, windows, connections, window = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
for line in open(log):
    if '"purged expired tasks"' in line:
        fields = json.loads(line)
        ended = datetime.datetime.fromisoformat(fields["time"].replace("Z", "+00:00")).timestamp()
        print(f"reaper purged {fields['count']} tasks in {ended - started:.1f} s (from the worker's start to its "
              "log line; 1 s resolution)")
rows = [line.split() for line in open(windows)]
def summary(phase):
    p50s, p99s, rates = ([float(r[i]) for r in rows if r[0] == phase] for i in (2, 3, 4))
    if not p99s:
        return None
    print(f"{phase}: {len(p99s)} windows of {window} s, {connections} connection(s): median p50 "
          f"{statistics.median(p50s):.2f} ms, median p99 {statistics.median(p99s):.2f} ms (windows "
          f"{min(p99s):.2f}–{max(p99s):.2f}), median {statistics.median(rates):.0f} requests/s")
    return statistics.median(p99s)
before, during = summary("before"), summary("during")
if before and during:
    print(f"list p99 during / before (medians of the windows): {during / before:.2f}")
else:
    print("no window fell inside the purge: shorten the windows")
PY
bench_stop "$worker"
worker=
left=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM tasks').fetchone()[0])" "$dir/skylift.sqlite")
echo "tasks left: $left"
