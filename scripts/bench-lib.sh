# Shared by the benchmark scripts that drive a release server with wrk (sourced, not run).

# Sets SKYLIFT_BIN to a release build unless it is set already.
bench_release_binary() {
    if [ -z "${SKYLIFT_BIN:-}" ]; then
        swift build -c release --product skylift >/dev/null
        SKYLIFT_BIN="$(swift build -c release --show-bin-path)/skylift"
    fi
}

# bench_release_binary, and installs wrk when missing.
bench_prepare() {
    command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
    bench_release_binary
}

# Prints a free TCP port on 127.0.0.1.
bench_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Stops process PID (when given) and waits for it.
bench_stop() { if [ -n "$1" ]; then kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; fi; }

# Lists project "bench"'s tasks on 127.0.0.1:PORT for SECONDS with CONNECTIONS connections; prints
# "p50 p99 requests/s" (milliseconds).
bench_list_load() {
    local port=$1 seconds=$2 connections=$3
    wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"${seconds}s" --latency \
        -H 'X-Identity-Status: Confirmed' -H 'X-Project-Id: bench' -H 'X-User-Id: u' -H 'X-Roles: member' \
        "http://127.0.0.1:$port/v2/tasks" | python3 -c '
import re, sys
text = sys.stdin.read()
def ms(label):
    value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)\b", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
print(f"{ms(50):.2f} {ms(99):.2f} {rate:.0f}")'
}

# Starts `skylift serve ARGS...` on 127.0.0.1:PORT, its output appended to LOG; sets bench_pid once it answers
# its health check (exits the script if it never does).
bench_serve() {
    local port=$1 log=$2
    shift 2
    HTTP_PORT=$port "$SKYLIFT_BIN" serve "$@" >>"$log" 2>&1 &
    bench_pid=$!
    for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/healthcheck" >/dev/null && return; sleep 0.05; done
    echo "server on port $port did not start" >&2
    exit 1
}
