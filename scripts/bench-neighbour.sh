#!/usr/bin/env bash
# What a busy neighbour on the other core does to list latency on this machine, with no Skylift work in it (issue
# 5: why the purge's p99 goal is read against this). A release `serve --role api` over 20,000 tasks answers `wrk`
# listing them, CONNECTIONS connections, in windows of 5 s: 4 windows with nothing else running, then 4 windows
# beside each neighbour in turn, each a Python loop touching no Skylift file:
#   spin     a loop doing nothing but run (100 % of a core, no system calls)
#   pread    4 KiB preads from a 1 GiB file in the page cache, nonstop (system calls, no disk)
#   pread25  the same in 10 ms bursts every 40 ms (a quarter of a core)
#   write    4 KiB pwrites, an fdatasync every 10,000 (what a database writer does)
# and prints the median p50/p99 of each set of windows. Binds 127.0.0.1 only; stops what it starts.
# Usage: scripts/bench-neighbour.sh [CONNECTIONS]   (default 1); SKYLIFT_BIN=path skips the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh

connections=${1:-1}
bench_prepare
dir=$(mktemp -d /tmp/skylift-bench-neighbour.XXXXXX)
port=$(bench_free_port)
export DATABASE_URL="sqlite://$dir/skylift.sqlite" STORAGE_PATH="$dir/images" LOG_FORMAT=json \
    POLICY_FILE=etc/policy.yaml
api=
neighbour=
trap 'bench_stop "$neighbour"; bench_stop "$api"; rm -rf "$dir"' EXIT
"$SKYLIFT_BIN" migrate >/dev/null
python3 - "$dir/skylift.sqlite" <<'PY'
import sqlite3, sys, time, uuid
db = sqlite3.connect(sys.argv[1])
now = int(time.time() * 1_000_000)
with db:
    db.executemany("INSERT INTO tasks (id, type, status, owner, input, created_at, updated_at, expires_at, version) "
                   "VALUES (?, 'import', 'success', 'bench', '{}', ?, ?, ?, 1)",
                   ((str(uuid.uuid4()), now - 10**10 + i, now - 10**10 + i, now + 10**12) for i in range(20000)))
PY
head -c 1G /dev/urandom >"$dir/neighbour.bin"

bench_serve "$port" "$dir/server.log" --role api
api=$bench_pid
load() { bench_list_load "$port" 5 "$connections" | cut -d' ' -f1,2; }
report() {  # NAME, then "p50 p99" lines on stdin
    python3 -c '
import statistics, sys
rows = [tuple(map(float, line.split())) for line in sys.stdin if line.strip()]
p50, p99 = statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)
print(f"{sys.argv[1]:>8}: median p50 {p50:.2f} ms, median p99 {p99:.2f} ms (windows: "
      + ", ".join(f"{r[1]:.2f}" for r in rows) + ")")' "$1"
}
neighbour_loop() {
    case $1 in
    spin) exec python3 -c 'while True: pass' ;;
    pread) exec python3 -c '
import os, sys
fd, i = os.open(sys.argv[1], os.O_RDONLY), 0
while True:
    os.pread(fd, 4096, (i * 7919 % 262144) * 4096); i += 1' "$dir/neighbour.bin" ;;
    pread25) exec python3 -c '
import os, sys, time
fd, i = os.open(sys.argv[1], os.O_RDONLY), 0
while True:
    started = time.monotonic()
    while time.monotonic() - started < 0.01:
        for _ in range(100):
            os.pread(fd, 4096, (i * 7919 % 262144) * 4096); i += 1
    time.sleep(0.03)' "$dir/neighbour.bin" ;;
    write) exec python3 -c '
import os, sys
fd, i, page = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT), 0, b"x" * 4096
while True:
    os.pwrite(fd, page, (i % 10000) * 4096); i += 1
    if i % 10000 == 0: os.fdatasync(fd)' "$dir/written.bin" ;;
    esac
}

load >/dev/null  # warm-up
echo "list latency, $connections connection(s), 4 windows of 5 s each:"
for _ in 1 2 3 4; do load; done | report none
for kind in spin pread pread25 write; do
    neighbour_loop "$kind" &
    neighbour=$!
    for _ in 1 2 3 4; do load; done | report "$kind"
    bench_stop "$neighbour"
    neighbour=
done
