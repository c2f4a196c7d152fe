#!/usr/bin/env bash
# Tries Skylift as a new user would with images shaped as distributions and qemu-img's options publish them
# (issue 10): makes each shape with the real qemu-img, serves them with python3's http.server on 127.0.0.1, runs
# the built `skylift serve` with its defaults plus the allow-list for that server, imports each shape as itself
# with curl, waits for the task to end, and compares the stored image's checksum with the served file's md5.
# Prints one line per shape and "N passed, N failed". Usage: scripts/try-real-images.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bin="$(swift build --show-bin-path)/skylift"
[ -x "$bin" ] || swift build --product skylift
dir=$(mktemp -d /tmp/skylift-try.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
port=$(free_port)
files_port=$(free_port)
files="$dir/files"
mkdir -p "$files"

# A 5 MiB disk whose size is no multiple of a cluster: random runs, text, zeros, data in its last sector.
python3 - "$files/base.raw" <<'EOF'
import random, sys
random.seed(10)
size = (5 << 20) + 3 * 4096 + 512
data = bytearray(size)
for start in (0, 1_000_000, 2_200_000, size - 300_000):
    data[start:start + 200_000] = random.randbytes(min(200_000, size - start))
text = b"skylift imports images as distributions publish them. "
data[3_000_000:3_400_000] = (text * (400_000 // len(text) + 1))[:400_000]
data[size - 512:] = b"\xa5" * 512
open(sys.argv[1], "wb").write(data)
EOF
convert() { qemu-img convert -q -f raw "$@"; }
qemu-img create -q -f qcow2 "$files/empty.qcow2" 1M
convert -c -O qcow2 "$files/base.raw" "$files/zlib.qcow2"
convert -c -O qcow2 -o compression_type=zstd "$files/base.raw" "$files/zstd.qcow2"
qemu-img create -q -f qcow2 "$files/unpadded.qcow2" 4M
qemu-io -f qcow2 -c 'write -c -P 0x11 0 64k' -c 'write -c -P 0x3c 3M 64k' "$files/unpadded.qcow2" >/dev/null
convert -O qcow2 -o compat=0.10 "$files/base.raw" "$files/compat010.qcow2"
convert -O qcow2 -o cluster_size=4096 "$files/base.raw" "$files/cluster4k.qcow2"
convert -O qcow2 -o cluster_size=2M "$files/base.raw" "$files/cluster2m.qcow2"
convert -O qcow2 -o extended_l2=on "$files/base.raw" "$files/extl2.qcow2"
convert -O qcow2 -o lazy_refcounts=on "$files/base.raw" "$files/lazy.qcow2"
convert -O qcow2 -o preallocation=metadata "$files/base.raw" "$files/premeta.qcow2"
convert -O qcow2 -o preallocation=falloc "$files/base.raw" "$files/prefalloc.qcow2"
convert -O qcow2 "$files/base.raw" "$files/snapshot.qcow2"
qemu-img snapshot -c before "$files/snapshot.qcow2"
qemu-io -f qcow2 -c 'write -P 0x77 64k 192k' "$files/snapshot.qcow2" >/dev/null
convert -O qcow2 "$files/base.raw" "$files/bitmap.qcow2"
qemu-img bitmap --add -f qcow2 "$files/bitmap.qcow2" changes
convert -O vmdk -o subformat=monolithicSparse "$files/base.raw" "$files/sparse.vmdk"
convert -O vmdk -o subformat=streamOptimized "$files/base.raw" "$files/stream.vmdk"
convert -O vpc -o subformat=dynamic,force_size=on "$files/base.raw" "$files/dynamic.vhd"
convert -O vpc -o subformat=fixed,force_size=on "$files/base.raw" "$files/fixed.vhd"
convert -O vhdx "$files/base.raw" "$files/dynamic.vhdx"
convert -O vdi "$files/base.raw" "$files/dynamic.vdi"
convert -O vdi -o static=on "$files/base.raw" "$files/static.vdi"
head -c 1000003 "$files/base.raw" >"$files/odd.raw"
mkdir -p "$dir/iso-root" && cp "$files/base.raw" "$dir/iso-root/disk.img"
genisoimage -quiet -R -J -V SKYLIFT -o "$files/cd.iso" "$dir/iso-root"

python3 -m http.server --bind 127.0.0.1 --directory "$files" "$files_port" >"$dir/files.log" 2>&1 &
files_pid=$!
DATABASE_URL="sqlite://$dir/skylift.sqlite" STORAGE_PATH="$dir/images" HTTP_PORT="$port" \
    IMPORT_ALLOWED_HOSTS=127.0.0.1 IMPORT_ALLOWED_PORTS="$files_port" \
    "$bin" serve >"$dir/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" "$files_pid" 2>/dev/null || true; wait "$pid" "$files_pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$port/healthcheck" >/dev/null && break
    sleep 0.1
done

H=(-H 'X-Identity-Status: Confirmed' -H 'X-Project-Id: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' -H 'X-User-Id: alice'
    -H 'X-Roles: member' -H 'Content-Type: application/json')
passed=0
failed=0
for file in empty.qcow2 zlib.qcow2 zstd.qcow2 unpadded.qcow2 compat010.qcow2 cluster4k.qcow2 cluster2m.qcow2 \
    extl2.qcow2 lazy.qcow2 premeta.qcow2 prefalloc.qcow2 snapshot.qcow2 bitmap.qcow2 sparse.vmdk stream.vmdk \
    dynamic.vhd fixed.vhd dynamic.vhdx dynamic.vdi static.vdi odd.raw cd.iso; do
    format=${file##*.}
    body=$(printf '{"type": "import", "input": {"import_from": "http://127.0.0.1:%s/%s", "import_from_format": "%s", "image_properties": {"name": "%s", "disk_format": "%s", "container_format": "bare"}}}' \
        "$files_port" "$file" "$format" "$file" "$format")
    id=$(curl -sf "${H[@]}" -X POST "http://127.0.0.1:$port/v2/tasks" --data-binary "$body" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
    task=$(curl -sf "${H[@]}" "http://127.0.0.1:$port/v2/tasks/$id?wait=60")
    line=$(python3 - "$task" "$(md5sum <"$files/$file" | cut -d' ' -f1)" <<'EOF'
import json, sys
task, served = json.loads(sys.argv[1]), sys.argv[2]
result = task.get("result") or {}
ok = task["status"] == "success" and result.get("checksum") == served
print(("ok " if ok else "FAIL ") + task["status"] + " " + (result.get("checksum") or task.get("message", "")))
EOF
    )
    echo "$file: $line"
    case "$line" in ok*) passed=$((passed + 1)) ;; *) failed=$((failed + 1)) ;; esac
done
echo "try-real-images: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
