#!/usr/bin/env bash
# Import benchmark on a release build (issue 4). Binds 127.0.0.1 only; stops what it starts.
#  1. A 2 GiB raw image (random bytes) served by python3's http.server: `curl -o /dev/null` of the URL, `curl`
#     piped into md5sum and sha512sum (the hashing an import must do, §7.2), then the same URL imported by a
#     Skylift import task (raw -> raw). Prints throughputs, ratios, and the server's peak RSS during the import.
#  2. A 1 GiB raw image imported, then converted to qcow2 by a Skylift convert task and by bare `qemu-img convert`
#     of the same stored file (page cache flushed with `sync` before each). Prints the convert step's time (from
#     the worker's log) and the whole task's time, each as a ratio to bare qemu-img.
# Usage: scripts/bench-import.sh [IMPORT_MIB] [CONVERT_MIB]   (defaults 2048 and 1024)
# SKYLIFT_BIN=path skips the release build.
set -euo pipefail
cd "$(dirname "$0")/.."

import_mib=${1:-2048}
convert_mib=${2:-1024}
source scripts/bench-lib.sh
bench_release_binary
dir=$(mktemp -d /tmp/skylift-bench-import.XXXXXX)
file_port=$(bench_free_port)
api_port=$(bench_free_port)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do bench_stop "$pid"; done
    rm -rf "$dir"
}
trap cleanup EXIT

mkdir -p "$dir/files"
head -c "$((import_mib * 1024 * 1024))" /dev/urandom >"$dir/files/import.raw"
head -c "$((convert_mib * 1024 * 1024))" /dev/urandom >"$dir/files/convert.raw"

python3 -m http.server --bind 127.0.0.1 --directory "$dir/files" "$file_port" >"$dir/files.log" 2>&1 &
pids+=($!)
DATABASE_URL="sqlite://$dir/skylift.sqlite" STORAGE_PATH="$dir/images" HTTP_PORT="$api_port" LOG_FORMAT=json \
    IMPORT_ALLOWED_HOSTS=127.0.0.1 IMPORT_ALLOWED_PORTS="$file_port" POLICY_FILE=etc/policy.yaml \
    WORKER_CONCURRENCY=1 "$SKYLIFT_BIN" serve >"$dir/server.log" 2>&1 &
server=$!
pids+=("$server")
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$api_port/healthcheck" >/dev/null && curl -sf -o /dev/null "http://127.0.0.1:$file_port/" && break
    sleep 0.1
done

export BENCH_DIR=$dir BENCH_API=$api_port BENCH_FILES=$file_port BENCH_PID=$server
PYTHONPATH=scripts python3 - <<'PY'
import os, subprocess, time
from bench_client import Skylift, import_raw, logged_steps

folder, files, pid = os.environ["BENCH_DIR"], os.environ["BENCH_FILES"], os.environ["BENCH_PID"]
skylift = Skylift(int(os.environ["BENCH_API"]))

def status_kib(field):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])

def run_task(body):
    """Creates a task and polls it every 20 ms; returns (task, seconds from create to final, peak sampled RSS KiB)."""
    peak = [0]
    def sample():
        peak[0] = max(peak[0], status_kib("VmRSS"))
    shown, seconds = skylift.run(body, interval=0.02, on_poll=sample)
    return shown, seconds, peak[0]

def step_seconds(image_id):
    """Step durations the worker logged for the task that made image_id."""
    return logged_steps(os.path.join(folder, "server.log"), image_id)

mib = 1024 * 1024
size = os.path.getsize(os.path.join(folder, "files", "import.raw"))
url = f"http://127.0.0.1:{files}/import.raw"
curls = []
for _ in range(2):
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{time_total}", url], capture_output=True, text=True, check=True)
    curls.append(float(out.stdout))
curl_seconds = min(curls)
start = time.monotonic()
subprocess.run(f"curl -s {url} | tee >(md5sum >/dev/null) | sha512sum >/dev/null", shell=True, check=True,
               executable="/bin/bash")
hashed_seconds = time.monotonic() - start
subprocess.run(["sync"], check=True)
rss_before = status_kib("VmRSS")
hwm_before = status_kib("VmHWM")
task, seconds, peak = run_task(import_raw(url))
assert task["status"] == "success", task
steps = step_seconds(task["result"]["image_id"])
hwm_after = status_kib("VmHWM")
print(f"== import of {size // mib} MiB raw from a local http.server")
print(f"curl -o /dev/null (best of 2): {curl_seconds:.2f} s, {size / mib / curl_seconds:.0f} MiB/s")
print(f"curl | tee >(md5sum) | sha512sum (the same hashing): {hashed_seconds:.2f} s, "
      f"{size / mib / hashed_seconds:.0f} MiB/s")
download = steps.get('download', 1)
print(f"download step: {download:.2f} s, {size / mib / download:.0f} MiB/s, ratio to curl {curl_seconds / download:.2f}, "
      f"ratio to curl with md5sum+sha512sum {hashed_seconds / download:.2f}")
print(f"import task, create to success: {seconds:.2f} s, {size / mib / seconds:.0f} MiB/s, ratio to curl "
      f"{curl_seconds / seconds:.2f}  (steps: {steps})")
print(f"server RSS: {rss_before / 1024:.1f} MiB before, peak sampled {peak / 1024:.1f} MiB, "
      f"VmHWM {hwm_before / 1024:.1f} -> {hwm_after / 1024:.1f} MiB")

source = os.path.join(folder, "files", "convert.raw")
# Two identical imports: the task converts one stored file, bare qemu-img the other, each reading its file for
# the first time (qemu-img's first pass over a freshly written file costs several times its later passes here).
stored = []
for _ in range(2):
    task, _, _ = run_task(import_raw(f"http://127.0.0.1:{files}/convert.raw"))
    assert task["status"] == "success", task
    stored.append(task["result"]["image_id"])
subprocess.run(["sync"], check=True)
task, seconds, _ = run_task({"type": "convert", "input": {"image_id": stored[0], "disk_format": "qcow2"}})
assert task["status"] == "success", task
steps = step_seconds(task["result"]["image_id"])
bare = []
for index in range(2):
    target = os.path.join(folder, f"bare-{index}.qcow2")
    subprocess.run(["sync"], check=True)
    start = time.monotonic()
    subprocess.run(["qemu-img", "convert", "-f", "raw", "-O", "qcow2", os.path.join(folder, "images", stored[1]), target],
                   check=True)
    bare.append(time.monotonic() - start)
    os.remove(target)
bare_seconds = bare[0]
print(f"(bare qemu-img on the other file: first pass {bare[0]:.2f} s, second pass {bare[1]:.2f} s)")
print(f"== convert of {os.path.getsize(source) // mib} MiB raw -> qcow2")
print(f"bare qemu-img convert, first pass over its file: {bare_seconds:.2f} s")
print(f"convert step: {steps.get('convert', 0):.2f} s, ratio to bare {steps.get('convert', 0) / bare_seconds:.2f}")
print(f"convert task, create to success: {seconds:.2f} s, ratio to bare {seconds / bare_seconds:.2f}  (steps: {steps})")
PY
