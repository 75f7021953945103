"""The official HSDS 3.0 API description and its schemas, read from the repository.

The official `openapi.json` refers to its schemas by their web address in the Open
Referral repository. Tests must not go on the internet, so those addresses are answered
from `directory/hsds_schema/` (the same files, unchanged). The three `*_list.json`
schemas it names are not part of the 3.0 release we ship; upstream they are the full
object's schema without its one-to-many fields, which is what `list_schema` derives.
"""

import json
from functools import cache
from pathlib import Path

from directory.interchange.hsds_validation import SCHEMA_DIR

OFFICIAL_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
OPENAPI = SCHEMA_DIR / "openapi.json"


def workspace_copy() -> Path | None:
    """The untouched official release, when the project workspace has one beside us
    (it holds the 7.8 MB compiled schemas we do not ship)."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "hsds-3.0" / "schema"
        if candidate.is_dir():
            return candidate
    return None


@cache
def schema_file(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


def list_schema(name: str) -> dict:
    schema = schema_file(name)
    return {
        **schema,
        "properties": {
            key: value
            for key, value in schema["properties"].items()
            if value.get("type") != "array"
        },
    }


def official_document(uri: str) -> dict:
    """The schema an address of the official description names, from our copy."""
    if not uri.startswith(OFFICIAL_BASE):
        raise LookupError(f"{uri} is not an HSDS schema; tests do not fetch from the web")
    name = uri.removeprefix(OFFICIAL_BASE).removeprefix("compiled/")
    if name.endswith("_list.json"):
        return list_schema(name.removesuffix("_list.json") + ".json")
    return schema_file(name)
