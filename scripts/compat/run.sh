#!/usr/bin/env bash
# Starts the built skylift twice on free loopback ports with throwaway data folders: once in headers mode, for the
# python-glanceclient and openstacksdk sessions that send identity headers, and once in auth.mode token with a
# random HS256 secret, for the token session (glanceclient, the glance CLI and openstacksdk with tokens minted by
# `skylift token`), and once in auth.mode keystone for the same token session with tokens from
# `openstack token issue` (it runs itself through scripts/with-keystone.sh for that Keystone). In token and keystone
# mode the image import session (§16) runs too: openstacksdk, the glance CLI and, through Keystone's catalog,
# python-openstackclient. Stops them all.
# Installs the clients from PyPI when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -n "${SKYLIFT_TEST_KEYSTONE_URL:-}" ] || exec scripts/with-keystone.sh scripts/compat/run.sh "$@"

python3 -c 'import glanceclient, openstack' 2>/dev/null \
    || pip install -q --disable-pip-version-check python-glanceclient openstacksdk
bin="$(swift build --show-bin-path)/skylift"
[ -x "$bin" ] || swift build --product skylift
dir=$(mktemp -d /tmp/skylift-compat.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; rm -rf "$dir"' EXIT
files_port=$(free_port)
# The images the sessions import, served over real HTTP on loopback.
mkdir -p "$dir/files"
head -c 1048576 /dev/urandom >"$dir/files/tiny.raw"
qemu-img convert -f raw -O qcow2 "$dir/files/tiny.raw" "$dir/files/tiny.qcow2"
python3 -m http.server --bind 127.0.0.1 --directory "$dir/files" "$files_port" >"$dir/files.log" 2>&1 &
pids+=($!)
export COMPAT_FILES="http://127.0.0.1:$files_port"

# start NAME [VAR=VALUE...]: runs `skylift serve` with its own database and images under $dir/NAME, logging to
# $dir/NAME.log; sets `port` once it answers its health check.
start() {
    local name=$1
    shift
    port=$(free_port)
    env DATABASE_URL="sqlite://$dir/$name/skylift.sqlite" STORAGE_PATH="$dir/$name/images" HTTP_PORT="$port" \
        IMPORT_ALLOWED_HOSTS=127.0.0.1 IMPORT_ALLOWED_PORTS="$files_port" POLICY_FILE=etc/policy.yaml "$@" \
        "$bin" serve >"$dir/$name.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 1 50); do
        curl -sf "http://127.0.0.1:$port/healthcheck" >/dev/null && return
        sleep 0.1
    done
}

passed=0
failed=()
run() { # run NAME LOG COMMAND...: counts the session, showing the server log when it fails.
    local name=$1 log=$2
    shift 2
    if "$@"; then passed=$((passed + 1)); else failed+=("$name"); echo "compat: $name failed; $log follows" >&2; cat "$log" >&2; fi
}

start headers
run glanceclient "$dir/headers.log" python3 scripts/compat/glanceclient_session.py "http://127.0.0.1:$port"
run openstacksdk "$dir/headers.log" python3 scripts/compat/openstacksdk_session.py "http://127.0.0.1:$port"

secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
start token AUTH_MODE=token AUTH_JWT_SECRET="$secret"
mint() { AUTH_JWT_SECRET="$secret" "$bin" token --project "$1" --user "$2" --roles "$3" --ttl 600; }
export COMPAT_PROJECT=ffffffffffffffffffffffffffffffff
COMPAT_TOKEN_MEMBER=$(mint "$COMPAT_PROJECT" token-member member,reader)
COMPAT_TOKEN_READER=$(mint "$COMPAT_PROJECT" token-reader reader)
COMPAT_TOKEN_OTHER=$(mint 99999999999999999999999999999999 token-other member)
COMPAT_TOKEN_ADMIN=$(mint 11111111111111111111111111111111 token-admin admin)
export COMPAT_TOKEN_MEMBER COMPAT_TOKEN_READER COMPAT_TOKEN_OTHER COMPAT_TOKEN_ADMIN
run token "$dir/token.log" python3 scripts/compat/token_session.py "http://127.0.0.1:$port"
run import "$dir/token.log" python3 scripts/compat/import_session.py "http://127.0.0.1:$port"

start keystone AUTH_MODE=keystone AUTH_KEYSTONE_URL="$SKYLIFT_TEST_KEYSTONE_URL" \
    AUTH_KEYSTONE_USER="$SKYLIFT_TEST_KEYSTONE_SERVICE_USER" \
    AUTH_KEYSTONE_PASSWORD="$SKYLIFT_TEST_KEYSTONE_SERVICE_PASSWORD" \
    AUTH_KEYSTONE_PROJECT="$SKYLIFT_TEST_KEYSTONE_SERVICE_PROJECT"
issue() { # issue USER PASSWORD PROJECT FIELD: `openstack token issue` as USER scoped to PROJECT, one field
    env -u OS_CLOUD OS_AUTH_URL="$SKYLIFT_TEST_KEYSTONE_URL/v3" OS_IDENTITY_API_VERSION=3 OS_USERNAME="$1" \
        OS_PASSWORD="$2" OS_PROJECT_NAME="$3" OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default \
        "$SKYLIFT_TEST_KEYSTONE_BIN/openstack" token issue -f value -c "$4"
}
password=$SKYLIFT_TEST_KEYSTONE_PASSWORD
COMPAT_PROJECT=$(issue alice "$password" p-a project_id)
COMPAT_TOKEN_MEMBER=$(issue alice "$password" p-a id)
COMPAT_TOKEN_READER=$(issue rita "$password" p-a id)
COMPAT_TOKEN_OTHER=$(issue bob "$password" p-b id)
COMPAT_TOKEN_ADMIN=$(issue admin "$SKYLIFT_TEST_KEYSTONE_ADMIN_PASSWORD" admin id)
export COMPAT_PROJECT COMPAT_TOKEN_MEMBER COMPAT_TOKEN_READER COMPAT_TOKEN_OTHER COMPAT_TOKEN_ADMIN
run keystone "$dir/keystone.log" env COMPAT_MODE=keystone python3 scripts/compat/token_session.py \
    "http://127.0.0.1:$port"
# python-openstackclient finds the image service in Keystone's catalog: Skylift is registered there.
admin() {
    env -u OS_CLOUD OS_AUTH_URL="$SKYLIFT_TEST_KEYSTONE_URL/v3" OS_IDENTITY_API_VERSION=3 OS_USERNAME=admin \
        OS_PASSWORD="$SKYLIFT_TEST_KEYSTONE_ADMIN_PASSWORD" OS_PROJECT_NAME=admin OS_USER_DOMAIN_NAME=Default \
        OS_PROJECT_DOMAIN_NAME=Default "$SKYLIFT_TEST_KEYSTONE_BIN/openstack" "$@"
}
admin service create --name glance image >/dev/null
admin endpoint create --region RegionOne glance public "http://127.0.0.1:$port" >/dev/null
run keystone-import "$dir/keystone.log" env -u OS_CLOUD COMPAT_OPENSTACK_CLI="$SKYLIFT_TEST_KEYSTONE_BIN/openstack" \
    OS_AUTH_URL="$SKYLIFT_TEST_KEYSTONE_URL/v3" OS_IDENTITY_API_VERSION=3 \
    OS_USERNAME=alice OS_PASSWORD="$password" OS_PROJECT_NAME=p-a OS_USER_DOMAIN_NAME=Default \
    OS_PROJECT_DOMAIN_NAME=Default OS_REGION_NAME=RegionOne OS_INTERFACE=public \
    python3 scripts/compat/import_session.py "http://127.0.0.1:$port"

echo "compat: $passed passed, ${#failed[@]} failed"
[ "${#failed[@]}" -eq 0 ]
