#!/usr/bin/env bash
# Makes .build/test-venv, the Python the Swift tests call for checks written against the reference tools:
# prometheus_client's text parser for /metrics, openapi-spec-validator for /openapi.json. Does nothing when it is
# there with both.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/test-venv
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import prometheus_client, openapi_spec_validator' 2>/dev/null; then
    exit 0
fi
mkdir -p .build
python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check prometheus_client openapi-spec-validator
