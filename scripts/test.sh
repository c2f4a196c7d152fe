#!/usr/bin/env bash
# Runs every test: installs what a fresh machine lacks, checks formatting and module boundaries, builds, then runs
# the whole suite with a throwaway PostgreSQL server (scripts/with-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test
scripts/validate.sh
scripts/with-postgres.sh swift test --skip-build "$@"
