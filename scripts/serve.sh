#!/usr/bin/env bash
# Runs Skylift on a fresh machine: installs qemu-img and the SQLite headers if missing, builds, and starts
# `skylift serve` on 127.0.0.1:9292 with SQLite and images under ./data. Extra arguments go to `skylift serve`.
# SKYLIFT_BUILD=debug builds faster; the default is a release build.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
configuration=${SKYLIFT_BUILD:-release}
swift build -c "$configuration" --product skylift
exec "$(swift build -c "$configuration" --show-bin-path)/skylift" serve "$@"
