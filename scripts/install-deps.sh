#!/usr/bin/env bash
# Installs the system packages Skylift needs that a fresh machine lacks (Debian): qemu-img, SQLite and zlib
# headers, and, with --test, the PostgreSQL server, genisoimage and zstd (test images) the test suite uses. Does nothing
# for what is already there.
set -euo pipefail

want=(qemu-utils libsqlite3-dev zlib1g-dev)
if [ "${1:-}" = "--test" ]; then
    want+=(postgresql genisoimage zstd)
fi

missing=()
for package in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
