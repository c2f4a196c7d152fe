#!/usr/bin/env bash
# Decompressing imports (issue 14, contract §17) on a release build: a SIZE MiB raw image (default 2048; each MiB
# half random bytes, half zeros, so it compresses about 2:1 like a cloud image) compressed with `xz -T2 -1`,
# `zstd -T2 -3` and `gzip -1`, served by python3's http.server on 127.0.0.1. For each format, in one run: the
# tool's own `-dc` of the file into /dev/null (best of 2, the file in the page cache); the tool doing what an import
# must do besides, its output hashed with md5sum and sha512sum and written to a file on the same disk; then an
# import task (raw -> raw) of the same file (best of 2). Prints the download step's time (which decompresses, hashes and
# stores, from the worker's log) and its ratio to each (goal: >= 0.8 of the tool). Stops what it starts.
# Usage: scripts/bench-decompress.sh [SIZE_MIB]   SKYLIFT_BIN=path skips the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh

mib=${1:-2048}
bench_release_binary
dir=$(mktemp -d /tmp/skylift-bench-decompress.XXXXXX)
file_port=$(bench_free_port)
api_port=$(bench_free_port)
file_pid=""
bench_pid=""
cleanup() {
    bench_stop "$bench_pid"
    bench_stop "$file_pid"
    rm -rf "$dir"
}
trap cleanup EXIT

mkdir -p "$dir/files"
python3 - "$dir/files/image.raw" "$mib" <<'PY'
import os, sys
with open(sys.argv[1], "wb") as out:
    for _ in range(int(sys.argv[2])):
        out.write(os.urandom(512 * 1024))
        out.write(bytes(512 * 1024))
PY
start=$(date +%s.%N)
xz -T2 -1 -c "$dir/files/image.raw" >"$dir/files/image.raw.xz"
zstd -q -T2 -3 -c "$dir/files/image.raw" >"$dir/files/image.raw.zst"
gzip -1 -c "$dir/files/image.raw" >"$dir/files/image.raw.gz"
echo "made ${mib} MiB and its xz, zstd and gzip copies in $(python3 -c "import time; print(f'{time.time() - $start:.0f}')") s"

python3 -m http.server --bind 127.0.0.1 --directory "$dir/files" "$file_port" >"$dir/files.log" 2>&1 &
file_pid=$!
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$file_port/" && break; sleep 0.1; done
DATABASE_URL="sqlite://$dir/skylift.sqlite" STORAGE_PATH="$dir/images" LOG_FORMAT=json \
    IMPORT_ALLOWED_HOSTS=127.0.0.1 IMPORT_ALLOWED_PORTS="$file_port" POLICY_FILE=etc/policy.yaml \
    WORKER_CONCURRENCY=1 bench_serve "$api_port" "$dir/server.log"

export BENCH_DIR=$dir BENCH_API=$api_port BENCH_FILES=$file_port
PYTHONPATH=scripts python3 - <<'PY'
import os, subprocess, time
from bench_client import Skylift, import_raw, logged_steps

folder, files = os.environ["BENCH_DIR"], os.environ["BENCH_FILES"]
# A connection per call: the tools' runs between imports outlast the server's idle timeout.
skylift = Skylift(int(os.environ["BENCH_API"]), fresh_connections=True)

def import_seconds(name):
    shown, _ = skylift.run(import_raw(f"http://127.0.0.1:{files}/{name}"))
    assert shown["status"] == "success", shown
    steps = logged_steps(os.path.join(folder, "server.log"), shown["result"]["image_id"])
    if "download" not in steps:
        raise SystemExit("no step times logged")
    return steps["download"], shown

size = os.path.getsize(os.path.join(folder, "files", "image.raw")) / 1024 / 1024
print(f"== {size:.0f} MiB raw, decompressed while downloading, next to the tool's own -dc")
for name, tool in (("image.raw.xz", "xz"), ("image.raw.zst", "zstd"), ("image.raw.gz", "gzip")):
    path = os.path.join(folder, "files", name)
    times = []
    for _ in range(2):
        start = time.monotonic()
        subprocess.run(f"{tool} -dc {path} > /dev/null", shell=True, check=True)
        times.append(time.monotonic() - start)
    tool_seconds = min(times)
    start = time.monotonic()
    stored = os.path.join(folder, "tool-output.raw")
    subprocess.run(f"{tool} -dc {path} | tee >(md5sum >/dev/null) >(sha512sum >/dev/null) > {stored}", shell=True,
                   check=True, executable="/bin/bash")
    stored_seconds = time.monotonic() - start
    os.remove(stored)
    # Best of 2, as for the tool.
    runs = []
    for _ in range(2):
        seconds, task = import_seconds(name)
        skylift.call("DELETE", f"/v2/images/{task['result']['image_id']}")
        runs.append(seconds)
    seconds = min(runs)
    packed = os.path.getsize(path) / 1024 / 1024
    print(f"{tool:5} {packed:6.0f} MiB compressed: `{tool} -dc` {tool_seconds:6.2f} s ({size / tool_seconds:5.0f} MiB/s out), "
          f"with md5sum+sha512sum into a file {stored_seconds:6.2f} s, download step {seconds:6.2f} s "
          f"({size / seconds:5.0f} MiB/s out), ratio to the tool {tool_seconds / seconds:.2f}, "
          f"to the tool doing the same work {stored_seconds / seconds:.2f}  [{task['warnings'][-1]}]")
PY
