#!/usr/bin/env python3
"""Validates the OpenAPI document on stdin with openapi-spec-validator (OpenAPI 3.1); prints the
"METHOD /path" of every operation, one a line. An invalid document exits non-zero with the validator's error."""
import json
import sys

from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

document = json.load(sys.stdin)
try:
    validate(document)
except OpenAPIValidationError as error:
    print(f"invalid OpenAPI document: {error}", file=sys.stderr)
    sys.exit(1)
if document.get("openapi") != "3.1.0":
    print(f"not OpenAPI 3.1.0: {document.get('openapi')}", file=sys.stderr)
    sys.exit(1)
for path, item in sorted(document["paths"].items()):
    for method in sorted(item):
        if method in ("get", "put", "post", "delete", "options", "head", "patch", "trace"):
            print(f"{method.upper()} {path}")
