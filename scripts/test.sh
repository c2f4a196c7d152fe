#!/usr/bin/env bash
# Runs every test: installs what a fresh machine lacks, checks formatting and module boundaries, builds, runs the
# whole Swift suite with a throwaway PostgreSQL server (scripts/with-postgres.sh), then drives a live server with
# python-glanceclient and openstacksdk (scripts/compat/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test
scripts/validate.sh
# The tests that start real skylift processes run on their own after the rest, so the processes' CPU does not
# move the timing assertions (cancel within 2 s, stall timeouts) of the suites that run in parallel.
scripts/with-postgres.sh swift test --skip-build --skip MultiProcessTests "$@"
scripts/with-postgres.sh swift test --skip-build --filter MultiProcessTests "$@"
scripts/compat/run.sh
