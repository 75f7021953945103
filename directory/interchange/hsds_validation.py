"""Validation of HSDS 3.0 records against the official JSON schemas (shipped in
`hsds_schema/`, CC BY-SA 4.0)."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).parent / "hsds_schema"


@cache
def _registry() -> Registry:
    resources = [
        # The schema files name no draft; HSDS 3.0 is written for 2020-12.
        (path.name, DRAFT202012.create_resource(json.loads(path.read_text(encoding="utf-8"))))
        for path in SCHEMA_DIR.glob("*.json")
    ]
    return Registry().with_resources(resources)


@cache
def validator(schema: str = "service.json") -> Draft202012Validator:
    contents = json.loads((SCHEMA_DIR / schema).read_text(encoding="utf-8"))
    return Draft202012Validator(
        {**contents, "$id": schema}, registry=_registry(), format_checker=FormatChecker()
    )


def record_errors(record: dict, schema: str = "service.json") -> list[str]:
    """Schema violations of one record, as "path: message" lines (empty when valid)."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(record)'}: {error.message}"
        for error in sorted(validator(schema).iter_errors(record), key=lambda e: list(e.path))
    ]
