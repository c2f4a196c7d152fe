#!/usr/bin/env bash
# What metrics and logging cost (issue 15): req/s of `GET /v2/tasks/{id}` (show) and `GET /v2/tasks?limit=25`
# (list, 100 tasks stored) on a release build, wrk -t2 -c16 for SECONDS each (default 5), in ROUNDS rounds
# (default 3), each configuration once a round, after a 2 s warm-up of each; prints each one's median and its
# ratio to "off". Three api-role servers on 127.0.0.1 over SQLite, each stopped by its pid:
#   off:              metrics.enabled false, log.level warning (no access-log line)
#   metrics:          metrics.enabled true (every request counted and timed), log.level warning
#   metrics + text:   metrics.enabled true, log.level info (one access-log line per request, swift-log's text)
#   metrics + json:   metrics.enabled true, log.level info, log.format json (one JSON line per request)
# Besides req/s (which the machine's other load moves), each server's CPU time per request, read from /proc over
# the same runs: what the work itself costs. Usage: scripts/bench-observability.sh [SECONDS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh

seconds=${1:-5}
rounds=${2:-3}
bench_prepare
dir=$(mktemp -d /tmp/skylift-bench-observability.XXXXXX)
pids=()
trap 'for pid in "${pids[@]}"; do bench_stop "$pid"; done; rm -rf "$dir"' EXIT

export POLICY_FILE=etc/policy.yaml IMPORT_ALLOWED_HOSTS=127.0.0.1 IMPORT_ALLOWED_PORTS=8765
headers=(-H 'X-Identity-Status: Confirmed' -H 'X-Project-Id: bench' -H 'X-User-Id: u' -H 'X-Roles: member')
declare -A port task
# [SETTINGS...] start NAME: an api-role server with the settings before it; 100 tasks in project "bench" (never run).
start() {
    local name=$1
    port[$name]=$(bench_free_port)
    DATABASE_URL="sqlite://$dir/$name.sqlite" STORAGE_PATH="$dir/$name-images" \
        bench_serve "${port[$name]}" "$dir/$name.log" --role api
    pids+=("$bench_pid")
    for _ in $(seq 1 100); do
        task[$name]=$(curl -sSf -X POST "http://127.0.0.1:${port[$name]}/v2/tasks" "${headers[@]}" \
            -H 'Content-Type: application/json' -d '{"type": "import", "input": {"import_from":
            "http://127.0.0.1:8765/t.qcow2", "import_from_format": "qcow2", "image_properties":
            {"disk_format": "raw", "container_format": "bare"}}}' | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
    done
}
METRICS_ENABLED=false LOG_LEVEL=warning start off
METRICS_ENABLED=true LOG_LEVEL=warning start metrics
METRICS_ENABLED=true LOG_LEVEL=info start text
METRICS_ENABLED=true LOG_LEVEL=info LOG_FORMAT=json start json

# cpu NAME: the server's CPU time so far, in clock ticks (user + system, /proc/PID/stat).
declare -A pid_of
cpu() { awk '{print $14 + $15}' "/proc/${pid_of[$1]}/stat"; }
# rate LABEL NAME URL: prints "LABEL req/s requests cpu-ticks" (the server's CPU during the run); fails if any
# answer was not 2xx.
rate() {
    local out before after
    before=$(cpu "$2")
    out=$(wrk -t2 -c16 -d"${seconds}s" "${headers[@]}" "$3")
    after=$(cpu "$2")
    if grep -q "Non-2xx" <<<"$out"; then echo "$1: non-2xx answers" >&2; echo "$out" >&2; exit 1; fi
    printf '%s %s %s %s\n' "$1" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
        "$(awk '/requests in/ {print $1}' <<<"$out")" "$((after - before))"
}
names=(off metrics text json)
for index in "${!names[@]}"; do pid_of[${names[$index]}]=${pids[$index]}; done
for name in "${names[@]}"; do
    wrk -t2 -c16 -d2s "${headers[@]}" "http://127.0.0.1:${port[$name]}/v2/tasks/${task[$name]}" >/dev/null
done
ticks=$(getconf CLK_TCK)
for _ in $(seq 1 "$rounds"); do
    for name in "${names[@]}"; do
        rate "show/$name" "$name" "http://127.0.0.1:${port[$name]}/v2/tasks/${task[$name]}"
        rate "list/$name" "$name" "http://127.0.0.1:${port[$name]}/v2/tasks?limit=25"
    done
done | TICKS=$ticks python3 -c '
import os, statistics, sys
rates, requests, cpu = {}, {}, {}
for line in sys.stdin.read().splitlines():
    label, rate, count, used = line.rsplit(" ", 3)
    rates.setdefault(label, []).append(float(rate))
    requests[label] = requests.get(label, 0) + int(count)
    cpu[label] = cpu.get(label, 0) + int(used)
ticks = int(os.environ["TICKS"])
titles = {"off": "off", "metrics": "metrics", "text": "metrics + text access log", "json": "metrics + JSON access log"}
print("%-6s %-28s %9s %8s %12s %8s   %s" % ("route", "observability", "req/s", "vs off", "CPU µs/req", "vs off",
                                          "req/s each round"))
for route in ("show", "list"):
    base = statistics.median(rates[route + "/off"])
    base_cpu = cpu[route + "/off"] / ticks * 1e6 / requests[route + "/off"]
    for name in ("off", "metrics", "text", "json"):
        label = route + "/" + name
        median = statistics.median(rates[label])
        per_request = cpu[label] / ticks * 1e6 / requests[label]
        print("%-6s %-28s %9.0f %+7.1f%% %12.1f %+7.1f%%   %s" % (route, titles[name], median,
              median / base * 100 - 100, per_request, per_request / base_cpu * 100 - 100,
              " ".join("%.0f" % value for value in rates[label])))'
for name in "${names[@]}"; do
    lines=$(wc -l <"$dir/$name.log")
    echo "$name: $lines log lines written"
done
curl -sf "http://127.0.0.1:${port[metrics]}/metrics" | grep -E '^skylift_http_requests_total\{method="GET",route="/v2/tasks/\{id\}",status="200"\}'
