#!/usr/bin/env bash
# Purging N expired tasks (default 1,000,000) from PostgreSQL under list load (issue 11), release build, on a
# throwaway server from scripts/with-postgres.sh. Seeds N expired tasks of 50 projects plus 20,000 live tasks of
# project "bench" with SQL, then keeps one `serve --role api` process listed by wrk (CONNECTIONS, default 1) in
# windows of 5 s: 4 windows before, then `skylift purge` (batches of expiry.batchSize, each its own transaction)
# while the windows go on. Prints the purge time and list p50/p99 before and during (medians of the windows).
# BENCH_BATCH_SIZE sets the purge's expiry.batchSize (default 1000, the contract's default).
# Usage: [BENCH_BATCH_SIZE=100] scripts/bench-purge-postgres.sh [N] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh

if [ -z "${SKYLIFT_TEST_POSTGRES_URL:-}" ]; then
    exec scripts/with-postgres.sh "$0" "$@"
fi
count=${1:-1000000}
connections=${2:-1}
bench_prepare
dir=$(mktemp -d /tmp/skylift-purge-pg.XXXXXX)
api_pid=""
trap 'bench_stop "$api_pid"; rm -rf "$dir"' EXIT
export DATABASE_URL="$SKYLIFT_TEST_POSTGRES_URL" STORAGE_PATH="$dir/images" LOG_LEVEL=warning
"$SKYLIFT_BIN" migrate >/dev/null
seed_start=$(date +%s.%N)
psql -q "$DATABASE_URL" <<SQL
INSERT INTO tasks (id, type, status, owner, input, created_at, updated_at, expires_at)
SELECT md5('e' || n), 'import', 'success', 'p' || (n % 50), '{}', n, n, 1000000 + n
FROM generate_series(1, $count) AS n;
INSERT INTO tasks (id, type, status, owner, input, created_at, updated_at, expires_at)
SELECT md5('l' || n), 'import', 'pending', 'bench', '{}', 2000000000000000 + n, 2000000000000000 + n, 0
FROM generate_series(1, 20000) AS n;
ANALYZE;
SQL
echo "seeded $count expired and 20,000 live tasks in $(python3 -c "import time; print(f'{time.time() - $seed_start:.0f}')") s"
port=$(bench_free_port)
bench_serve "$port" "$dir/api.log" --role api
api_pid=$bench_pid
bench_list_load "$port" 2 "$connections" >/dev/null
before=()
for _ in 1 2 3 4; do before+=("$(bench_list_load "$port" 5 "$connections")"); done
start=$(date +%s.%N)
EXPIRY_BATCH_SIZE=${BENCH_BATCH_SIZE:-1000} "$SKYLIFT_BIN" purge >"$dir/purge.out" 2>&1 &
purge_pid=$!
during=()
while kill -0 "$purge_pid" 2>/dev/null; do during+=("$(bench_list_load "$port" 5 "$connections")"); done
wait "$purge_pid"
elapsed=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
left=$(psql -qAt "$DATABASE_URL" -c "SELECT COUNT(*) FROM tasks WHERE expires_at > 0")
echo "$(cat "$dir/purge.out") in $elapsed s; expired tasks left: $left"
python3 - "${before[@]}" -- "${during[@]}" <<'PY'
import statistics, sys
args = sys.argv[1:]
split = args.index("--")
def table(rows): return [tuple(map(float, r.split())) for r in rows]
before, during = table(args[:split]), table(args[split + 1:])
for name, rows in (("before", before), ("during", during)):
    if rows:
        p50, p99, rate = (statistics.median(c) for c in zip(*rows))
        print(f"list {name} the purge ({len(rows)} windows of 5 s): p50 {p50:.2f} ms, p99 {p99:.2f} ms, {rate:.0f} req/s")
if before and during:
    print(f"p99 during ÷ before: {statistics.median(r[1] for r in during) / statistics.median(r[1] for r in before):.2f}")
PY
