#!/usr/bin/env bash
# Installs the system packages Skylift needs that a fresh machine lacks (Debian): qemu-img, SQLite, and the zlib,
# liblzma, libzstd and libbz2 headers; with --test also the PostgreSQL server, the tools the test suite makes images
# with (genisoimage, xorriso, isolinux, zstd, xz-utils, bzip2), python3-venv and curl for the Keystone of
# scripts/with-keystone.sh, openssl for the download tests' certificate authority, and the Python of
# scripts/test-venv.sh. Does nothing for what is already there.
set -euo pipefail

want=(qemu-utils libsqlite3-dev zlib1g-dev liblzma-dev libzstd-dev libbz2-dev)
if [ "${1:-}" = "--test" ]; then
    want+=(postgresql genisoimage xorriso isolinux zstd xz-utils bzip2 python3-venv curl openssl)
fi

missing=()
for package in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "install-deps: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ "${1:-}" = "--test" ]; then
    "$(dirname "$0")/test-venv.sh"
fi
