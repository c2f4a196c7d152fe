#!/usr/bin/env bash
# Crash recovery under kill -9 (issue 11, contract §11.3), measured. Rounds (default 20) of: create a throttled
# import, wait until a worker runs it, `kill -9` that worker mid-download (another worker keeps running), start a
# replacement, and follow the task to its end through the API. Then the same on SQLite with one `serve` process
# killed and restarted. Prints one line per round and the totals; exits non-zero if any task did not succeed,
# went backwards, or took longer than lease + 5 s + its download.
#   scripts/chaos-kill.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${SKYLIFT_TEST_POSTGRES_URL:-}" ]; then
    exec scripts/with-postgres.sh "$0" "$@"
fi
rounds=${1:-20}
bin="$(swift build --show-bin-path)/skylift"
[ -x "$bin" ] || swift build --product skylift
exec python3 - "$bin" "$rounds" <<'EOF'
import json, os, signal, socket, subprocess, sys, tempfile, threading, time, urllib.request
from http.server import ThreadingHTTPServer, SimpleHTTPRequestHandler

binary, rounds = sys.argv[1], int(sys.argv[2])
work = tempfile.mkdtemp(prefix="skylift-chaos.")
files = os.path.join(work, "files")
os.makedirs(files)
SIZE, RATE, LEASE = 2 << 20, 1 << 20, 3  # a 2 s download, a 3 s lease
with open(os.path.join(files, "disk.raw"), "wb") as f:
    f.write(os.urandom(SIZE))

class Throttled(SimpleHTTPRequestHandler):
    def __init__(self, *a, **k): super().__init__(*a, directory=files, **k)
    def log_message(self, *a): pass
    def copyfile(self, source, output):
        try:
            while chunk := source.read(64 << 10):
                output.write(chunk); time.sleep(len(chunk) / RATE)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the worker downloading it was killed

files_server = ThreadingHTTPServer(("127.0.0.1", 0), Throttled)
threading.Thread(target=files_server.serve_forever, daemon=True).start()
def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

H = {"X-Identity-Status": "Confirmed", "X-Project-Id": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "X-User-Id": "alice",
     "X-Roles": "member", "Content-Type": "application/json"}
def call(port, path, body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body and body.encode(), headers=H)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())

processes = []
def start(role, env):
    port = free_port()
    log = open(os.path.join(work, f"{role}-{port}.log"), "w")
    p = subprocess.Popen([binary, "serve", "--role", role], env={**os.environ, **env, "HTTP_PORT": str(port)},
                         stdout=log, stderr=log)
    processes.append(p)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthcheck", timeout=1); return p, port
        except Exception: time.sleep(0.05)
    raise SystemExit(f"{role} did not start")

def environment(database):
    return {"DATABASE_URL": database, "STORAGE_PATH": os.path.join(work, "images"), "IMPORT_ALLOWED_HOSTS": "127.0.0.1",
            "IMPORT_ALLOWED_PORTS": str(files_server.server_port), "WORKER_LEASE_SECONDS": str(LEASE),
            "LOG_LEVEL": "warning", "POLICY_FILE": "etc/policy.yaml"}

BODY = json.dumps({"type": "import", "input": {
    "import_from": f"http://127.0.0.1:{files_server.server_port}/disk.raw", "import_from_format": "raw",
    "image_properties": {"disk_format": "raw", "container_format": "bare"}}})

def follow(port, task_id, limit):
    seen, start = [], time.monotonic()
    while time.monotonic() - start < limit:
        status = call(port, f"/v2/tasks/{task_id}")["status"]
        if not seen or seen[-1] != status: seen.append(status)
        if status in ("success", "failure"): break
        time.sleep(0.05)
    return seen

ORDER = {"pending": 0, "processing": 1, "success": 2, "failure": 2}
def round_result(n, label, seen, took):
    backwards = any(ORDER[b] < ORDER[a] for a, b in zip(seen, seen[1:]))
    ok = seen[-1:] == ["success"] and not backwards and took < LEASE + 5 + SIZE / RATE
    print(f"{label} round {n}: {' -> '.join(seen)} in {took:.1f} s after the kill{'' if ok else '  FAILED'}",
          flush=True)
    return ok, took

def lease_owner_pid(database, task_id):
    out = subprocess.run(["psql", "-qAt", database, "-c", f"SELECT lease_owner FROM tasks WHERE id = '{task_id}'"],
                         capture_output=True, text=True, check=True).stdout.strip()
    return int(out.rsplit(":", 1)[1]) if out else None

def wait_processing(port, task_id):
    for _ in range(400):
        if call(port, f"/v2/tasks/{task_id}")["status"] == "processing": return
        time.sleep(0.02)
    raise SystemExit("the task never started")

results = {"postgres": [], "sqlite": []}
try:
    database = os.environ["SKYLIFT_TEST_POSTGRES_URL"]
    env = environment(database)
    api, api_port = start("api", env)
    workers = {p.pid: p for p, _ in (start("worker", env), start("worker", env))}
    for n in range(1, rounds + 1):
        task_id = call(api_port, "/v2/tasks", BODY)["id"]
        wait_processing(api_port, task_id)
        time.sleep(0.5)  # mid-download
        pid = lease_owner_pid(database, task_id)
        victim = workers.pop(pid)
        victim.send_signal(signal.SIGKILL); victim.wait()
        killed = time.monotonic()
        replacement, _ = start("worker", env)
        workers[replacement.pid] = replacement
        seen = follow(api_port, task_id, 60)
        results["postgres"].append(round_result(n, "postgres", seen, time.monotonic() - killed))
    for p in list(workers.values()) + [api]: p.send_signal(signal.SIGTERM); p.wait()

    env = environment(f"sqlite://{work}/skylift.sqlite")
    for n in range(1, max(1, rounds // 4) + 1):
        one, port = start("all", env)
        task_id = call(port, "/v2/tasks", BODY)["id"]
        wait_processing(port, task_id)
        time.sleep(0.5)
        one.send_signal(signal.SIGKILL); one.wait()
        killed = time.monotonic()
        again, port = start("all", env)
        seen = follow(port, task_id, 60)
        results["sqlite"].append(round_result(n, "sqlite", seen, time.monotonic() - killed))
        again.send_signal(signal.SIGTERM); again.wait()
finally:
    for p in processes:
        if p.poll() is None: p.kill(); p.wait()
    files_server.shutdown()
    subprocess.run(["rm", "-rf", work])

failed = 0
for store, rows in results.items():
    if not rows: continue
    times = sorted(t for _, t in rows)
    good = sum(ok for ok, _ in rows)
    failed += len(rows) - good
    print(f"chaos-kill {store}: {good}/{len(rows)} success; recovery after kill p50 {times[len(times) // 2]:.1f} s, "
          f"max {times[-1]:.1f} s (lease {LEASE} s, download {SIZE / RATE:.0f} s)")
print(f"chaos-kill: {sum(len(r) for r in results.values()) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
EOF
