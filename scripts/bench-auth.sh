#!/usr/bin/env bash
# Identity cost on a release build: req/s of `GET /v2/tasks/{id}` (the cheapest authenticated route, so identity
# weighs most) for SECONDS each (default 5) with wrk -t2 -c16, after a 2 s warm-up of each server, in ROUNDS
# (default 3) rounds, each mode once a round; prints each mode's median:
#   headers mode (X-Identity-Status/X-Project-Id/X-Roles), then in auth.mode token: one HS256 JWT, one ES256 JWT
#   (verified with a PEM public key), one static token; and N (default 20000) distinct HS256 and ES256 JWTs used
#   in turn, more than the verified-token cache holds (10,000), so most requests verify a signature; then in
#   auth.mode keystone one Keystone token (cached after its first validation) from the Keystone of
#   scripts/with-keystone.sh (the script runs itself through it).
# Three servers on 127.0.0.1 (headers mode, token mode, keystone mode), each stopped by its pid. Prints req/s and the ratio to
# headers mode. Usage: scripts/bench-auth.sh [SECONDS] [N] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${SKYLIFT_TEST_KEYSTONE_URL:-}" ] || exec scripts/with-keystone.sh scripts/bench-auth.sh "$@"
source scripts/bench-lib.sh

seconds=${1:-5}
distinct=${2:-20000}
rounds=${3:-3}
bench_prepare
python3 -c 'import cryptography' 2>/dev/null || pip install -q --disable-pip-version-check cryptography
dir=$(mktemp -d /tmp/skylift-bench-auth.XXXXXX)
headers_pid=""
token_pid=""
keystone_pid=""
trap 'bench_stop "$headers_pid"; bench_stop "$token_pid"; bench_stop "$keystone_pid"; rm -rf "$dir"' EXIT

secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
openssl ecparam -name prime256v1 -genkey -noout -out "$dir/es256.pem" 2>/dev/null
openssl ec -in "$dir/es256.pem" -pubout -out "$dir/es256.pub.pem" 2>/dev/null
static_token="bench-static-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf -- '- sha256: %s\n  project: bench\n  user: u\n  roles: [member]\n' \
    "$(printf %s "$static_token" | sha256sum | cut -d' ' -f1)" >"$dir/tokens.yaml"

# The task shown names an import URL on 127.0.0.1:8765 (never fetched: the api role runs no worker).
export LOG_LEVEL=warning POLICY_FILE=etc/policy.yaml IMPORT_ALLOWED_HOSTS=127.0.0.1 IMPORT_ALLOWED_PORTS=8765
headers_port=$(bench_free_port)
DATABASE_URL="sqlite://$dir/headers.sqlite" STORAGE_PATH="$dir/headers-images" bench_serve "$headers_port" "$dir/headers.log" --role api
headers_pid=$bench_pid
token_port=$(bench_free_port)
DATABASE_URL="sqlite://$dir/token.sqlite" STORAGE_PATH="$dir/token-images" AUTH_MODE=token AUTH_JWT_SECRET="$secret" \
    AUTH_JWT_PUBLIC_KEYS_FILE="$dir/es256.pub.pem" AUTH_TOKENS_FILE="$dir/tokens.yaml" \
    bench_serve "$token_port" "$dir/token.log" --role api
token_pid=$bench_pid
keystone_port=$(bench_free_port)
DATABASE_URL="sqlite://$dir/keystone.sqlite" STORAGE_PATH="$dir/keystone-images" AUTH_MODE=keystone \
    AUTH_KEYSTONE_URL="$SKYLIFT_TEST_KEYSTONE_URL" AUTH_KEYSTONE_USER="$SKYLIFT_TEST_KEYSTONE_SERVICE_USER" \
    AUTH_KEYSTONE_PASSWORD="$SKYLIFT_TEST_KEYSTONE_SERVICE_PASSWORD" \
    AUTH_KEYSTONE_PROJECT="$SKYLIFT_TEST_KEYSTONE_SERVICE_PROJECT" \
    bench_serve "$keystone_port" "$dir/keystone.log" --role api
keystone_pid=$bench_pid
keystone_token=$(curl -sSf -o /dev/null -D - -X POST "$SKYLIFT_TEST_KEYSTONE_URL/v3/auth/tokens" \
    -H 'Content-Type: application/json' -d '{"auth": {"identity": {"methods": ["password"], "password": {"user":
    {"name": "alice", "domain": {"name": "Default"}, "password": "'"$SKYLIFT_TEST_KEYSTONE_PASSWORD"'"}}},
    "scope": {"project": {"name": "p-a", "domain": {"name": "Default"}}}}}' \
    | awk 'tolower($1) == "x-subject-token:" {print $2}' | tr -d '\r')

hs256=$(AUTH_JWT_SECRET="$secret" "$SKYLIFT_BIN" token --project bench --user u --roles member --ttl 3600)
export BENCH_DIR=$dir BENCH_SECRET=$secret BENCH_DISTINCT=$distinct
python3 - <<'PY'
import base64, hashlib, hmac, json, os, time
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

folder, secret, count = os.environ["BENCH_DIR"], os.environ["BENCH_SECRET"].encode(), int(os.environ["BENCH_DISTINCT"])
key = serialization.load_pem_private_key(open(os.path.join(folder, "es256.pem"), "rb").read(), None)
b64 = lambda data: base64.urlsafe_b64encode(data).rstrip(b"=").decode()
def token(alg, number):
    now = int(time.time())
    claims = {"sub": "u", "project_id": "bench", "roles": ["member"], "exp": now + 3600, "jti": number}
    signing = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode()) + "." + b64(json.dumps(claims).encode())
    if alg == "HS256":
        signature = hmac.new(secret, signing.encode(), hashlib.sha256).digest()
    else:
        r, s = decode_dss_signature(key.sign(signing.encode(), ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return signing + "." + b64(signature)
with open(os.path.join(folder, "es256.token"), "w") as out:
    out.write(token("ES256", 0))
for alg in ("HS256", "ES256"):
    with open(os.path.join(folder, f"{alg}.tokens"), "w") as out:
        out.write("\n".join(token(alg, n) for n in range(1, count + 1)) + "\n")
PY
es256=$(cat "$dir/es256.token")

# One task in each server's project "bench", to show.
create() {
    curl -sSf -X POST "http://127.0.0.1:$1/v2/tasks" "${@:2}" -H 'Content-Type: application/json' -d \
        '{"type": "import", "input": {"import_from": "http://127.0.0.1:8765/t.qcow2", "import_from_format": "qcow2",
          "image_properties": {"disk_format": "raw", "container_format": "bare"}}}' \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])'
}
headers_id=$(create "$headers_port" -H 'X-Identity-Status: Confirmed' -H 'X-Project-Id: bench' -H 'X-User-Id: u' \
    -H 'X-Roles: member')
token_id=$(create "$token_port" -H "X-Auth-Token: $hs256")
keystone_id=$(create "$keystone_port" -H "X-Auth-Token: $keystone_token")
keystone_show="http://127.0.0.1:$keystone_port/v2/tasks/$keystone_id"

cat >"$dir/rotate.lua" <<'LUA'
local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
local next = 1
init = function(args) next = math.random(#tokens) end
request = function()
    next = next % #tokens + 1
    return wrk.format("GET", wrk.path, {["X-Auth-Token"] = tokens[next]})
end
LUA

# rate LABEL URL [wrk options...]: prints "LABEL req/s"; fails if any answer was not 200.
rate() {
    local label=$1 url=$2
    shift 2
    local out
    out=$(wrk -t2 -c16 -d"${seconds}s" "$@" "$url")
    if grep -q "Non-2xx" <<<"$out"; then echo "$label: non-2xx answers" >&2; echo "$out" >&2; exit 1; fi
    printf '%s %s\n' "$label" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
}
show="http://127.0.0.1:$token_port/v2/tasks/$token_id"
wrk -t2 -c16 -d2s -H 'X-Identity-Status: Confirmed' -H 'X-Project-Id: bench' -H 'X-User-Id: u' -H 'X-Roles: member' \
    "http://127.0.0.1:$headers_port/v2/tasks/$headers_id" >/dev/null
wrk -t2 -c16 -d2s -H "X-Auth-Token: $hs256" "$show" >/dev/null
wrk -t2 -c16 -d2s -H "X-Auth-Token: $keystone_token" "$keystone_show" >/dev/null
for _ in $(seq 1 "$rounds"); do
    rate headers "http://127.0.0.1:$headers_port/v2/tasks/$headers_id" -H 'X-Identity-Status: Confirmed' \
        -H 'X-Project-Id: bench' -H 'X-User-Id: u' -H 'X-Roles: member'
    rate "HS256 JWT (one token, cached)" "$show" -H "X-Auth-Token: $hs256"
    rate "ES256 JWT (one token, cached)" "$show" -H "X-Auth-Token: $es256"
    rate "static token" "$show" -H "X-Auth-Token: $static_token"
    BENCH_TOKENS="$dir/HS256.tokens" rate "HS256 JWT ($distinct tokens in turn)" "$show" -s "$dir/rotate.lua"
    BENCH_TOKENS="$dir/ES256.tokens" rate "ES256 JWT ($distinct tokens in turn)" "$show" -s "$dir/rotate.lua"
    rate "Keystone token (one token, cached)" "$keystone_show" -H "X-Auth-Token: $keystone_token"
done | python3 -c '
import statistics, sys
rates = {}
for line in sys.stdin.read().splitlines():
    label, rate = line.rsplit(" ", 1)
    rates.setdefault(label, []).append(float(rate))
base = statistics.median(rates["headers"])
print("%-38s %9s %11s   %s" % ("identity", "req/s", "vs headers", "each round"))
for label, values in rates.items():
    median = statistics.median(values)
    rounds = " ".join("%.0f" % value for value in values)
    print("%-38s %9.0f %+10.1f%%   %s" % (label, median, median / base * 100 - 100, rounds))'
