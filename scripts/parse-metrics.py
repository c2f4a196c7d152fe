#!/usr/bin/env python3
"""Reads Prometheus text on stdin with prometheus_client's own parser and prints every sample as JSON:
[{"name": ..., "labels": {...}, "value": ...}, ...]. A line the parser refuses exits non-zero with its error."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

samples = []
for family in text_string_to_metric_families(sys.stdin.read()):
    for sample in family.samples:
        samples.append({"family": family.name, "type": family.type, "name": sample.name,
                        "labels": sample.labels, "value": sample.value})
json.dump(samples, sys.stdout)
