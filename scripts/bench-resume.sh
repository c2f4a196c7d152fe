#!/usr/bin/env bash
# A download interrupted half-way, then resumed (issue 14, contract §17), on a release build: a SIZE MiB raw image
# (default 2048) served on 127.0.0.1 by a small Python server that offers ranges and a strong ETag and cuts its
# first answer after half the file; an import task (raw -> raw) retries and resumes with Range. Prints the bytes
# the server sent over all requests next to the file's size (goal: <= 1.05 x), the ranges asked for, the import's
# time next to an uninterrupted import of the same file, and whether the stored image's MD5 is the file's.
# Stops what it starts.
# Usage: scripts/bench-resume.sh [SIZE_MIB]   SKYLIFT_BIN=path skips the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh

mib=${1:-2048}
bench_release_binary
dir=$(mktemp -d /tmp/skylift-bench-resume.XXXXXX)
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
head -c "$((mib * 1024 * 1024))" /dev/urandom >"$dir/files/image.raw"
md5=$(md5sum "$dir/files/image.raw" | cut -d' ' -f1)

# GET with Range: bytes=N- (answered 206 when If-Range matches the ETag), Accept-Ranges and a strong ETag; the
# first GET of /cut/<name> ends after half the file. One line per request in requests.log: path, range, bytes sent.
python3 - "$dir/files" "$file_port" "$dir/requests.log" <<'PY' &
import http.server, os, sys, threading
root, port, log = sys.argv[1], int(sys.argv[2]), open(sys.argv[3], "a", buffering=1)
threading.Timer(1800, os._exit, [0]).start()
cut_done = set()

class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def do_GET(self):
        cut = self.path.startswith("/cut/")
        path = os.path.join(root, os.path.basename(self.path))
        size = os.path.getsize(path)
        etag = '"v1"'
        start = 0
        wanted = self.headers.get("Range")
        if wanted and wanted.startswith("bytes=") and wanted.endswith("-") and self.headers.get("If-Range", etag) == etag:
            start = int(wanted[6:-1])
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(size - start))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("ETag", etag)
        self.end_headers()
        limit = size - start
        if cut and self.path not in cut_done:
            cut_done.add(self.path)
            limit = size // 2 - start
        sent = 0
        with open(path, "rb") as f:
            f.seek(start)
            try:
                while sent < limit:
                    chunk = f.read(min(1 << 20, limit - sent))
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except OSError:
                pass
        log.write(f"{self.path} {wanted or '-'} {sent}\n")
        if sent < size - start:
            self.close_connection = True
            self.connection.shutdown(2)

http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
PY
file_pid=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$file_port/image.raw" -r 0-0 && break; sleep 0.1; done
: >"$dir/requests.log"
DATABASE_URL="sqlite://$dir/skylift.sqlite" STORAGE_PATH="$dir/images" LOG_FORMAT=json \
    IMPORT_ALLOWED_HOSTS=127.0.0.1 IMPORT_ALLOWED_PORTS="$file_port" POLICY_FILE=etc/policy.yaml \
    WORKER_CONCURRENCY=1 bench_serve "$api_port" "$dir/server.log"

export BENCH_API=$api_port BENCH_FILES=$file_port BENCH_LOG=$dir/requests.log BENCH_MD5=$md5 BENCH_MIB=$mib
PYTHONPATH=scripts python3 - <<'PY'
import os
from bench_client import Skylift, import_raw

files, md5, mib = os.environ["BENCH_FILES"], os.environ["BENCH_MD5"], int(os.environ["BENCH_MIB"])
skylift = Skylift(int(os.environ["BENCH_API"]))

def run(path):
    with open(os.environ["BENCH_LOG"], "w"):
        pass
    shown, seconds = skylift.run(import_raw(f"http://127.0.0.1:{files}/{path}"))
    assert shown["status"] == "success", shown
    _, image = skylift.call("GET", f"/v2/images/{shown['result']['image_id']}")
    requests = [line.split() for line in open(os.environ["BENCH_LOG"])]
    return seconds, image["checksum"] == md5, requests, shown["warnings"]

size = mib * 1024 * 1024
whole_seconds, whole_ok, whole_requests, _ = run("image.raw")
cut_seconds, cut_ok, cut_requests, warnings = run("cut/image.raw")
sent = sum(int(r[2]) for r in cut_requests)
print(f"== {mib} MiB raw, the first answer cut after half the file, then resumed")
print(f"uninterrupted import {whole_seconds:6.2f} s, {len(whole_requests)} request(s), stored MD5 right: {whole_ok}")
print(f"interrupted import   {cut_seconds:6.2f} s, requests (path, Range, bytes sent): {cut_requests}")
print(f"bytes sent over the wire {sent} = {sent / size:.4f} x the file (goal <= 1.05), stored MD5 right: {cut_ok}")
print(f"warnings: {warnings}")
PY
