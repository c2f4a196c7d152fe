#!/usr/bin/env bash
# Runs every test: installs what a fresh machine lacks, checks formatting and module boundaries, builds, runs the
# whole Swift suite with a throwaway PostgreSQL server (scripts/with-postgres.sh), the Keystone suite with a
# throwaway Keystone (scripts/with-keystone.sh), then drives a live server with
# python-glanceclient and openstacksdk (scripts/compat/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test
scripts/validate.sh
# The tests that start real skylift processes run on their own after the rest, so the processes' CPU does not
# move the timing assertions (cancel within 2 s, stall timeouts) of the suites that run in parallel.
scripts/with-postgres.sh swift test --skip-build --skip MultiProcessTests --skip KeystoneIdentityTests "$@"
scripts/with-postgres.sh swift test --skip-build --filter MultiProcessTests "$@"
# Keystone answers from a small Python server: its suite runs on its own so the timeouts of Keystone calls
# (5 s) are not spent waiting for CPU.
scripts/with-keystone.sh swift test --skip-build --filter KeystoneIdentityTests "$@"
scripts/compat/run.sh
