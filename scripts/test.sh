#!/usr/bin/env bash
# Runs every test: installs what a fresh machine lacks, checks formatting and module boundaries, builds, runs the
# whole Swift suite with a throwaway PostgreSQL server (scripts/with-postgres.sh), then drives a live server with
# python-glanceclient and openstacksdk (scripts/compat/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test
scripts/validate.sh
scripts/with-postgres.sh swift test --skip-build "$@"
scripts/compat/run.sh
