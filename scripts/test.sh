#!/usr/bin/env bash
# Runs every test: installs what a fresh machine lacks, checks formatting and module boundaries, builds, runs the
# whole Swift suite with a throwaway PostgreSQL server (scripts/with-postgres.sh), the API, worker and lifecycle
# suites once more on PostgreSQL, the Keystone suite with a
# throwaway Keystone (scripts/with-keystone.sh), then drives a live server with
# python-glanceclient and openstacksdk (scripts/compat/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test
scripts/validate.sh
# Suites that assert wall-clock bounds (cancel within 2 s, stall timeouts, waits) run on their own, after the
# rest: the parallel suites build images with qemu-img and drive PostgreSQL, and their CPU would move those bounds
# on two cores. The tests that start real skylift processes run on their own too, for the same reason.
timed='CancelTests|QemuImgLimitTests|DownloadTests|TaskLifecycleAPITests'
scripts/with-postgres.sh swift test --skip-build --skip "$timed|MultiProcessTests|KeystoneIdentityTests" "$@"
scripts/with-postgres.sh swift test --skip-build --filter "$timed" "$@"
# The API, worker and lifecycle suites once more with their harnesses on PostgreSQL (SkyliftTesting's TestStore):
# every request, import and transition they check holds on both stores.
on_both='SkyliftAPITests|ConvertTaskTests|ExpiryTests|GlanceExecutorParityTests|ImportTests|ImageImportTests|ResumeTests|SSRFExecutionTests|TaskWorkerTests'
SKYLIFT_TEST_STORE=postgres scripts/with-postgres.sh swift test --skip-build --filter "$on_both" \
    --skip "$timed|KeystoneIdentityTests" "$@"
SKYLIFT_TEST_STORE=postgres scripts/with-postgres.sh swift test --skip-build --filter 'CancelTests|TaskLifecycleAPITests' "$@"
scripts/with-postgres.sh swift test --skip-build --filter MultiProcessTests "$@"
# Keystone answers from a small Python server: its suite runs on its own so the timeouts of Keystone calls
# (5 s) are not spent waiting for CPU.
scripts/with-keystone.sh swift test --skip-build --filter KeystoneIdentityTests "$@"
scripts/compat/run.sh
