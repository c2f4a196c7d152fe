#!/usr/bin/env bash
# Runs "$@" with a throwaway OpenStack Keystone on 127.0.0.1 (SQLite, Fernet tokens) and exports its URL and
# credentials for the Keystone tests:
#   SKYLIFT_TEST_KEYSTONE_URL                 http://127.0.0.1:PORT (the API is under /v3)
#   SKYLIFT_TEST_KEYSTONE_SERVICE_USER, _SERVICE_PASSWORD, _SERVICE_PROJECT   the service user Skylift validates as
#   SKYLIFT_TEST_KEYSTONE_PASSWORD            the password of the users below (domain Default)
#   users: alice (member of p-a), rita (reader of p-a), bob (member of p-b)
#   SKYLIFT_TEST_KEYSTONE_ADMIN_PASSWORD      the password of admin (admin of project admin)
#   SKYLIFT_TEST_KEYSTONE_BIN                 the venv's bin folder (keystone-manage, openstack)
# Keystone is installed from PyPI into a venv cached in ${SKYLIFT_KEYSTONE_VENV:-~/.cache/skylift-keystone-venv}
# (the first run takes about a minute; later ones reuse it). Keystone is stopped by pid when the command ends.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: scripts/with-keystone.sh COMMAND [ARGS...]" >&2
    exit 2
fi

venv=${SKYLIFT_KEYSTONE_VENV:-$HOME/.cache/skylift-keystone-venv}
keystone_version=${SKYLIFT_KEYSTONE_VERSION:-30.0.0}
started=$(date +%s)
if [ ! -x "$venv/bin/keystone-manage" ] || [ ! -x "$venv/bin/openstack" ] \
    || ! "$venv/bin/python" -c 'import keystoneclient' 2>/dev/null; then
    echo "with-keystone: installing keystone $keystone_version into $venv" >&2
    rm -rf "$venv"
    python3 -m venv "$venv" || {
        echo "with-keystone: python3 -m venv failed; install it with: apt-get install -y python3-venv" >&2
        exit 1
    }
    "$venv/bin/pip" install -q --disable-pip-version-check "keystone==$keystone_version" python-keystoneclient \
        python-openstackclient >&2
fi

dir=$(mktemp -d /tmp/skylift-keystone.XXXXXX)
port=${SKYLIFT_KEYSTONE_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')}
url="http://127.0.0.1:$port"
pid=

cleanup() {
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
}
trap cleanup EXIT INT TERM

mkdir -p "$dir/fernet-keys" "$dir/credential-keys"
cat >"$dir/keystone.conf" <<CONF
[DEFAULT]
log_file = $dir/keystone.log
[database]
connection = sqlite:///$dir/keystone.db
[token]
provider = fernet
expiration = 3600
[fernet_tokens]
key_repository = $dir/fernet-keys
[credential]
key_repository = $dir/credential-keys
[cache]
enabled = false
CONF

manage() { "$venv/bin/keystone-manage" --config-file "$dir/keystone.conf" "$@" >>"$dir/manage.log" 2>&1; }
admin_password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
{
    manage db_sync
    manage fernet_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
    manage credential_setup --keystone-user "$(id -un)" --keystone-group "$(id -gn)"
    manage bootstrap --bootstrap-password "$admin_password" --bootstrap-admin-url "$url/v3" \
        --bootstrap-public-url "$url/v3" --bootstrap-internal-url "$url/v3" --bootstrap-region-id RegionOne
} || { cat "$dir/manage.log" >&2; exit 1; }

# Keystone's WSGI application on a small threaded server (no Apache, no uwsgi).
OS_KEYSTONE_CONFIG_FILES="$dir/keystone.conf" KEYSTONE_PORT="$port" "$venv/bin/python" - >"$dir/server.log" 2>&1 <<'PY' &
import os, socketserver, sys
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from keystone.server import wsgi

class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass

class Threaded(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True

sys.argv = sys.argv[:1]  # keystone reads its options from argv
make_server("127.0.0.1", int(os.environ["KEYSTONE_PORT"]), wsgi.initialize_public_application(),
            server_class=Threaded, handler_class=Quiet).serve_forever()
PY
pid=$!

for _ in $(seq 1 150); do
    curl -fs "$url/v3" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    sleep 0.2
done
curl -fs "$url/v3" >/dev/null || { echo "with-keystone: Keystone did not answer on $url" >&2; cat "$dir/server.log" >&2; exit 1; }

# The service user, the projects and the users of the tests.
"$venv/bin/python" - "$url/v3" "$admin_password" "$password" <<'PY' || { cat "$dir/keystone.log" >&2; exit 1; }
import sys
from keystoneauth1 import session
from keystoneauth1.identity import v3
from keystoneclient.v3 import client

url, admin_password, password = sys.argv[1:]
auth = v3.Password(auth_url=url, username="admin", password=admin_password, project_name="admin",
                   user_domain_id="default", project_domain_id="default")
ks = client.Client(session=session.Session(auth=auth))
roles = {r.name: r for r in ks.roles.list()}
for name in ("service", "member", "reader"):
    if name not in roles:
        roles[name] = ks.roles.create(name)
def project(name):
    return ks.projects.create(name, domain="default")
def user(name, proj, role):
    u = ks.users.create(name, domain="default", password=password, default_project=proj)
    ks.roles.grant(roles[role], user=u, project=proj)
service = project("service")
user("skylift", service, "service")
pa, pb = project("p-a"), project("p-b")
user("alice", pa, "member")
user("rita", pa, "reader")
user("bob", pb, "member")
PY

export SKYLIFT_TEST_KEYSTONE_URL="$url"
export SKYLIFT_TEST_KEYSTONE_SERVICE_USER=skylift
export SKYLIFT_TEST_KEYSTONE_SERVICE_PASSWORD="$password"
export SKYLIFT_TEST_KEYSTONE_SERVICE_PROJECT=service
export SKYLIFT_TEST_KEYSTONE_PASSWORD="$password"
export SKYLIFT_TEST_KEYSTONE_ADMIN_PASSWORD="$admin_password"
export SKYLIFT_TEST_KEYSTONE_BIN="$venv/bin"
echo "with-keystone: Keystone ready at $url in $(($(date +%s) - started)) s" >&2
set +e
"$@"
status=$?
set -e
exit $status
