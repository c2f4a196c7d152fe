#!/usr/bin/env bash
# Lint and build checks that CI runs before the tests: formatting, module boundaries, warnings.
set -euo pipefail
cd "$(dirname "$0")/.."

swift format lint --strict --recursive Sources Tests Package.swift
swift build --build-tests --explicit-target-dependency-import-check error -Xswiftc -warnings-as-errors
