#!/usr/bin/env bash
# Starts the built skylift on a free loopback port with a throwaway data folder, runs the python-glanceclient
# and openstacksdk sessions against it, and stops it. Installs the clients from PyPI when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

python3 -c 'import glanceclient, openstack' 2>/dev/null \
    || pip install -q --disable-pip-version-check python-glanceclient openstacksdk
bin="$(swift build --show-bin-path)/skylift"
[ -x "$bin" ] || swift build --product skylift
dir=$(mktemp -d /tmp/skylift-compat.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
port=$(free_port)
files_port=$(free_port)
# The images the sessions import, served over real HTTP on loopback.
mkdir -p "$dir/files"
head -c 1048576 /dev/urandom >"$dir/files/tiny.raw"
qemu-img convert -f raw -O qcow2 "$dir/files/tiny.raw" "$dir/files/tiny.qcow2"
python3 -m http.server --bind 127.0.0.1 --directory "$dir/files" "$files_port" >"$dir/files.log" 2>&1 &
files_pid=$!
DATABASE_URL="sqlite://$dir/skylift.sqlite" STORAGE_PATH="$dir/images" HTTP_PORT="$port" \
    IMPORT_ALLOWED_HOSTS=127.0.0.1 IMPORT_ALLOWED_PORTS="$files_port" POLICY_FILE=etc/policy.yaml \
    "$bin" serve >"$dir/server.log" 2>&1 &
pid=$!
trap 'kill "$pid" "$files_pid" 2>/dev/null || true; wait "$pid" "$files_pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
export COMPAT_FILES="http://127.0.0.1:$files_port"
for _ in $(seq 1 50); do
    curl -sf "http://127.0.0.1:$port/healthcheck" >/dev/null && break
    sleep 0.1
done
status=0
python3 scripts/compat/glanceclient_session.py "http://127.0.0.1:$port" || status=1
python3 scripts/compat/openstacksdk_session.py "http://127.0.0.1:$port" || status=1
if [ "$status" -ne 0 ]; then
    echo "compat: server log follows" >&2
    cat "$dir/server.log" >&2
    echo "compat: 0 passed, 1 failed"
    exit 1
fi
echo "compat: 2 passed, 0 failed"
