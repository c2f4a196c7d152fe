#!/usr/bin/env bash
# Waiting benchmark (issue 5, contract §10.3) on a release build: 1,000 concurrent `GET /v2/tasks/{id}?wait=30`
# with If-None-Match on one pending task. Prints the server's RSS before and while they wait (goal: < 50 MiB
# extra), how many database connections that costs (none: waiters hold none), and how long after the one change
# (a cancel) every waiter has its answer. Binds 127.0.0.1 only; stops the server it starts.
# Usage: scripts/bench-wait.sh [WAITERS]   (default 1000); SKYLIFT_BIN=path skips the release build.
set -euo pipefail
cd "$(dirname "$0")/.."

waiters=${1:-1000}
if [ -z "${SKYLIFT_BIN:-}" ]; then
    swift build -c release --product skylift >/dev/null
    SKYLIFT_BIN="$(swift build -c release --show-bin-path)/skylift"
fi
ulimit -n 8192
dir=$(mktemp -d /tmp/skylift-bench-wait.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
DATABASE_URL="sqlite://$dir/skylift.sqlite" STORAGE_PATH="$dir/images" HTTP_PORT="$port" LOG_LEVEL=warning \
    POLICY_FILE=etc/policy.yaml "$SKYLIFT_BIN" serve --role api >"$dir/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthcheck" >/dev/null && break; sleep 0.1; done

BENCH_PORT=$port BENCH_PID=$pid BENCH_WAITERS=$waiters python3 - <<'PY'
import asyncio, json, os, time, urllib.request

port, pid, count = int(os.environ["BENCH_PORT"]), os.environ["BENCH_PID"], int(os.environ["BENCH_WAITERS"])
identity = {"X-Identity-Status": "Confirmed", "X-Project-Id": "bench", "X-User-Id": "u", "X-Roles": "member"}

def call(method, path, body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method, headers=identity,
                                     data=json.dumps(body).encode() if body else None)
    with urllib.request.urlopen(request) as response:
        return response.status, dict(response.headers), json.loads(response.read())

def rss_kib():
    return next(int(line.split()[1]) for line in open(f"/proc/{pid}/status") if line.startswith("VmRSS:"))

_, headers, task = call("POST", "/v2/tasks", {"type": "import", "input": {
    "import_from": "http://203.0.113.10/x.raw", "import_from_format": "raw",
    "image_properties": {"disk_format": "raw", "container_format": "bare"}}})
etag = headers["ETag"]
time.sleep(0.5)
before = rss_kib()

async def waiter(answered):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    lines = [f"GET /v2/tasks/{task['id']}?wait=30 HTTP/1.1", f"Host: 127.0.0.1:{port}", f"If-None-Match: {etag}"]
    lines += [f"{k}: {v}" for k, v in identity.items()]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    await writer.drain()
    status = (await reader.readline()).split()[1]
    answered.append((time.monotonic(), status))
    writer.close()

async def main():
    answered = []
    tasks = [asyncio.create_task(waiter(answered)) for _ in range(count)]
    await asyncio.sleep(3)
    during = rss_kib()
    waiting = count - len(answered)
    start = time.monotonic()
    await asyncio.to_thread(call, "POST", f"/v2/tasks/{task['id']}/cancel")
    await asyncio.wait_for(asyncio.gather(*tasks), 30)
    last = max(when for when, _ in answered) - start
    statuses = {status.decode() for _, status in answered}
    print(f"waiters: {count} ({waiting} still waiting after 3 s), answers: {sorted(statuses)}")
    print(f"server RSS: {before / 1024:.1f} MiB before, {during / 1024:.1f} MiB with the waiters "
          f"(+{(during - before) / 1024:.1f} MiB, {(during - before) / count:.1f} KiB per waiter)")
    print(f"every waiter answered {last * 1000:.0f} ms after the cancel")

asyncio.run(main())
PY
