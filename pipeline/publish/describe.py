"""The Datasette metadata of Ratsspur: ``metadata.yml`` merged with the schema's declarations.

Tables and columns are described once, in :mod:`schema.tables`. This module turns those
declarations (descriptions, label column, facets, sort order) into Datasette table metadata and
merges them under the hand-written parts of ``metadata.yml`` (site texts, views, canned queries),
so the served metadata never drifts from the schema.
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from schema.tables import TABLES, Table

METADATA_FILE = Path(__file__).with_name("metadata.yml")
DATABASE_NAME = "ratsspur"


def table_metadata(table: Table) -> dict[str, Any]:
    """Datasette metadata for one declared table."""
    meta: dict[str, Any] = {
        "description": table.description,
        "columns": {column.name: column.description for column in table.columns},
    }
    if table.label_column:
        meta["label_column"] = table.label_column
    if table.facets:
        meta["facets"] = list(table.facets)
    if table.sort_desc:
        meta["sort_desc"] = table.sort_desc
    return meta


def _merge(base: dict, extra: dict) -> dict:
    """Recursive dict merge; values from ``extra`` win."""
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base


def load_yaml() -> dict[str, Any]:
    with METADATA_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def build_metadata(database_name: str = DATABASE_NAME) -> dict[str, Any]:
    """The full metadata for a database served under ``database_name``."""
    written = load_yaml()
    databases = written.setdefault("databases", {})
    database = databases.pop(DATABASE_NAME, {})
    tables = {table.name: table_metadata(table) for table in TABLES}
    database["tables"] = _merge(tables, copy.deepcopy(database.get("tables", {})))
    databases[database_name] = database
    return written
