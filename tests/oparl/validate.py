"""Validate OParl JSON with the OParl 1.1 schemas copied in ``schema/``.

The schemas name embedded objects with their own keyword (``"schema": "File.json"``) instead of
``$ref``; here each such object-typed property gets a ``$ref`` to the named schema, resolved in
a local registry (no network), so an embedded File or Consultation is validated as well. Formats
``url``, ``date`` and ``date-time`` are checked. The files themselves stay unchanged.
"""
from __future__ import annotations

import copy
import json
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path(__file__).resolve().parent / "schema"
BASE = "https://schema.oparl.org/1.1/"
FORMATS = FormatChecker()


@FORMATS.checks("url", raises=ValueError)
def _url(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@FORMATS.checks("date", raises=ValueError)
def _date(value) -> bool:
    return not isinstance(value, str) or bool(date.fromisoformat(value))


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    return not isinstance(value, str) or datetime.fromisoformat(value.replace("Z", "+00:00")).tzinfo is not None


def _with_refs(node):
    """Copy of a schema with ``$ref`` added where an object-typed node names its schema."""
    if isinstance(node, dict):
        out = {k: _with_refs(v) for k, v in node.items()}
        named = node.get("schema")
        if node.get("type") == "object" and isinstance(named, str) and named.endswith(".json"):
            out["$ref"] = named
        return out
    if isinstance(node, list):
        return [_with_refs(v) for v in node]
    return node


@lru_cache(maxsize=None)
def registry() -> Registry:
    resources = []
    for path in sorted(SCHEMAS.glob("*.json")):
        contents = _with_refs(json.loads(path.read_text(encoding="utf-8")))
        contents["$id"] = BASE + path.name
        resources.append((BASE + path.name, Resource.from_contents(contents, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


def schema_for(kind: str) -> dict:
    return registry().contents(BASE + f"{kind}.json")


def list_schema(kind: str) -> dict:
    """An OParl external list page whose items are ``kind`` objects."""
    url = {"type": "string", "format": "url"}
    return {"$id": BASE + f"_list_{kind}.json", "type": "object", "required": ["data", "pagination", "links"],
            "properties": {
                "data": {"type": "array", "items": {"$ref": f"{kind}.json"}},
                "pagination": {"type": "object", "properties": {
                    k: {"type": "integer", "minimum": 0} for k in
                    ("totalElements", "elementsPerPage", "currentPage", "totalPages")}},
                "links": {"type": "object", "properties": {k: url for k in ("first", "last", "self", "next", "prev")},
                          "additionalProperties": False}}}


def errors(obj, kind: str, *, is_list: bool = False) -> list[str]:
    """Every schema violation of ``obj`` as a readable line; empty when it is valid."""
    schema = list_schema(kind) if is_list else copy.deepcopy(schema_for(kind))
    validator = Draft202012Validator(schema, registry=registry(), format_checker=FORMATS)
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in sorted(validator.iter_errors(obj), key=lambda e: list(map(str, e.absolute_path)))]


def kind_of(obj: dict) -> str:
    return obj["type"].rsplit("/", 1)[-1]
