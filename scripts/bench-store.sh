#!/usr/bin/env bash
# SQLite next to PostgreSQL in one run (issue 11), release build, everything on 127.0.0.1 and stopped by pid:
#  1. API: seeds N tasks (default 20000) through one API process, then wrk for SECONDS (default 5) each on show,
#     the first list page, a deep list page and create: req/s and p99.
#  2. Claims: 2,000 tasks whose source answers 404 at once, drained by 4 worker processes (concurrency 1 each):
#     claims (claim + run + final save) per second.
#  3. Create → processing across processes: 200 creates on the API process, paced 20 ms apart (their sources answer
#     404, so the 4 idle workers keep up), each started by a worker process; the latency is the download step's
#     started_at minus the task's created_at as the database keeps them (microseconds), p50/p99.
# Usage: scripts/bench-store.sh [SECONDS] [N]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${SKYLIFT_TEST_POSTGRES_URL:-}" ]; then
    exec scripts/with-postgres.sh "$0" "$@"
fi
seconds=${1:-5}
count=${2:-20000}
command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product skylift >/dev/null
export BENCH_BIN="$(swift build -c release --show-bin-path)/skylift" BENCH_SECONDS=$seconds BENCH_COUNT=$count
exec python3 - <<'EOF'
import json, os, socket, subprocess, sys, tempfile, threading, time, urllib.request
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

binary, seconds, count = os.environ["BENCH_BIN"], int(os.environ["BENCH_SECONDS"]), int(os.environ["BENCH_COUNT"])
H = {"X-Identity-Status": "Confirmed", "X-Project-Id": "bench", "X-User-Id": "u", "X-Roles": "member",
     "Content-Type": "application/json"}

class Missing(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/slow"):
            self.send_response(200); self.send_header("Content-Length", str(1 << 20)); self.end_headers()
            try:
                for _ in range(16): self.wfile.write(b"\0" * (64 << 10)); time.sleep(0.05)
            except (BrokenPipeError, ConnectionResetError): pass
            return
        self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers()
    def log_message(self, *a): pass

source = ThreadingHTTPServer(("127.0.0.1", 0), Missing)
threading.Thread(target=source.serve_forever, daemon=True).start()
def body(path):
    return json.dumps({"type": "import", "input": {"import_from": f"http://127.0.0.1:{source.server_port}/{path}",
        "import_from_format": "raw", "image_properties": {"disk_format": "raw", "container_format": "bare"}}})

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

class Cluster:
    def __init__(self, database, work):
        self.env = {**os.environ, "DATABASE_URL": database, "STORAGE_PATH": os.path.join(work, "images"),
                    "IMPORT_ALLOWED_HOSTS": "127.0.0.1", "IMPORT_ALLOWED_PORTS": str(source.server_port),
                    "LOG_LEVEL": "error", "POLICY_FILE": "etc/policy.yaml",
                    "QUOTA_MAX_ACTIVE_TASKS_PER_PROJECT": "1000000", "WORKER_CONCURRENCY": "1"}
        self.work, self.processes = work, []
    def start(self, role):
        port = free_port()
        log = open(os.path.join(self.work, f"{role}-{port}.log"), "w")
        p = subprocess.Popen([binary, "serve", "--role", role], env={**self.env, "HTTP_PORT": str(port)},
                             stdout=log, stderr=log)
        self.processes.append(p)
        for _ in range(300):
            try: urllib.request.urlopen(f"http://127.0.0.1:{port}/healthcheck", timeout=1); return port
            except Exception: time.sleep(0.05)
        raise SystemExit(f"{role} did not start: " + open(log.name).read())
    def stop(self):
        for p in self.processes: p.terminate()
        for p in self.processes: p.wait()
        self.processes = []

def call(port, path, data=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data and data.encode(), headers=H)
    with urllib.request.urlopen(request, timeout=60) as response: return json.loads(response.read())

def wrk(label, url, extra=()):
    out = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", *extra,
                          *sum((["-H", f"{k}: {v}"] for k, v in H.items() if k != "Content-Type"), []), url],
                         capture_output=True, text=True).stdout
    rps = next(l.split()[1] for l in out.splitlines() if l.startswith("Requests/sec"))
    p99 = next(l.split()[1] for l in out.splitlines() if l.strip().startswith("99%"))
    errors = [l.strip() for l in out.splitlines() if "Non-2xx" in l]
    return label, float(rps), p99, errors

def wait_final(port, ids, limit=600):
    start = time.monotonic()
    for task_id in ids:
        while call(port, f"/v2/tasks/{task_id}")["status"] not in ("success", "failure"):
            if time.monotonic() - start > limit: raise SystemExit("tasks did not end")
            time.sleep(0.05)

def bench(name, database):
    work = tempfile.mkdtemp(prefix=f"skylift-bench-{name}.")
    cluster, results = Cluster(database, work), {}
    try:
        api = cluster.start("api")
        ids, start = [], time.monotonic()
        for _ in range(count): ids.append(call(api, "/v2/tasks", body("missing"))["id"])
        results["seed"] = count / (time.monotonic() - start)
        if name == "postgres":
            # What autovacuum does within a minute of such a load; without statistics the planner may scan.
            subprocess.run(["psql", "-qAt", database, "-c", "ANALYZE"], check=True)
        lua = os.path.join(work, "post.lua")
        open(lua, "w").write('wrk.method = "POST"\nwrk.body = %s\nwrk.headers["Content-Type"] = "application/json"\n'
                             % json.dumps(body("missing")))
        base = f"http://127.0.0.1:{api}"
        results["api"] = [wrk("show", f"{base}/v2/tasks/{ids[count // 2]}"),
                          wrk("list, first page", f"{base}/v2/tasks"),
                          wrk("list, deep page", f"{base}/v2/tasks?marker={ids[100]}"),
                          wrk("create", f"{base}/v2/tasks", ["-s", lua])]
        cluster.stop()

        # Claims: a fresh set of 2,000 pending tasks, then 4 workers drain them.
        if name == "sqlite":
            database_claims = database.replace("skylift.sqlite", "claims.sqlite")
        else:
            subprocess.run(["psql", "-qAt", database, "-c", "CREATE DATABASE bench_claims"], check=True)
            database_claims = database.rsplit("/", 1)[0] + "/bench_claims"
        cluster = Cluster(database_claims, work)
        api = cluster.start("api")
        claim_ids = [call(api, "/v2/tasks", body("missing"))["id"] for _ in range(2000)]
        start = time.monotonic()
        for _ in range(4): cluster.start("worker")
        wait_final(api, claim_ids)
        results["claims"] = 2000 / (time.monotonic() - start)

        # Create → processing across processes.
        latencies = []
        for _ in range(200):
            task = call(api, "/v2/tasks", body("missing"))
            latencies.append(task["id"])
            time.sleep(0.02)
        wait_final(api, latencies)
        # The wire shows whole seconds; the database keeps microseconds: created_at and the download step's start.
        if name == "sqlite":
            import sqlite3
            rows = sqlite3.connect(database_claims[len("sqlite://"):]).execute(
                "SELECT created_at, steps FROM tasks WHERE id IN (%s)" % ",".join("?" * len(latencies)), latencies
            ).fetchall()
        else:
            out = subprocess.run(["psql", "-qAt", "-F", "\t", database_claims, "-c",
                                  "SELECT created_at, steps FROM tasks WHERE id IN (%s)"
                                  % ",".join(f"'{i}'" for i in latencies)],
                                 capture_output=True, text=True, check=True).stdout
            rows = [line.split("\t", 1) for line in out.splitlines() if line]
        delays = []
        for created, steps in rows:
            started = next(s["startedAt"]["microseconds"] for s in json.loads(steps) if s["name"] == "download")
            delays.append((started - int(created)) / 1000)
        delays.sort()
        results["latency"] = (delays[len(delays) // 2], delays[int(len(delays) * 0.99) - 1])
    finally:
        cluster.stop()
        subprocess.run(["rm", "-rf", work])
    return results

runs = {"sqlite": bench("sqlite", "sqlite://" + tempfile.mkdtemp(prefix="skylift-bench-db.") + "/skylift.sqlite"),
        "postgres": bench("postgres", os.environ["SKYLIFT_TEST_POSTGRES_URL"])}
source.shutdown()
print(f"bench-store: {count} tasks seeded, wrk -t2 -c16 -d{seconds}s, release build")
print(f"{'':34}{'SQLite':>26}{'PostgreSQL':>26}")
print(f"{'seed (sequential creates/s)':34}{runs['sqlite']['seed']:>26.0f}{runs['postgres']['seed']:>26.0f}")
for index, (label, *_rest) in enumerate(runs["sqlite"]["api"]):
    cells = []
    for name in ("sqlite", "postgres"):
        _, rps, p99, errors = runs[name]["api"][index]
        cells.append(f"{rps:,.0f} req/s p99 {p99}" + (" !" if errors else ""))
    print(f"{label:34}{cells[0]:>26}{cells[1]:>26}")
print(f"{'claims/s, 4 worker processes':34}{runs['sqlite']['claims']:>26.0f}{runs['postgres']['claims']:>26.0f}")
for name in ("sqlite", "postgres"):
    p50, p99 = runs[name]["latency"]
    print(f"create → processing ({name}): p50 {p50:.1f} ms, p99 {p99:.1f} ms")
EOF
