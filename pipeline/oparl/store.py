"""Keep what an OParl API said: every object as sent in ``oparl_objects``, plus the rows that
follow from it directly (bodies, organizations, the file queue ``oparl_files``).

An object whose JSON is unchanged since the last sync is recognised by its hash and left alone,
so an incremental sync touches only what changed, and a change without a new ``modified`` (a
vendor quirk) is still seen.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Optional

import sqlite_utils

from ..ids import short_hash, slugify
from .objects import (body_name, check_modified, clean_text, items, json_hash, object_id,
                      short_type, walk_embedded)

log = logging.getLogger("ratsspur.oparl")

# Embedded properties and the type their objects have (used when ``type`` is missing).
EMBEDDED_TYPES = {"mainFile": "File", "auxiliaryFile": "File", "consultation": "Consultation",
                  "agendaItem": "AgendaItem", "invitation": "File", "resultsProtocol": "File",
                  "verbatimProtocol": "File", "legislativeTerm": "LegislativeTerm",
                  "membership": "Membership", "derivativeFile": "File"}
FILE_DONE = {"loaded", "not_a_paper", "unreadable", "unsupported", "too_large"}


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Stored:
    """What storing one object found: its type, whether it changed, the quirks met."""

    id: str
    type: Optional[str]
    changed: bool
    modified: Optional[datetime]
    quirks: list[str] = field(default_factory=list)


def store_object(db: sqlite_utils.Database, obj: dict, *, expected: Optional[str], body_id: Optional[str],
                 run_id: int, parent: Optional[str] = None) -> Stored:
    """Write one object (and the objects embedded in it) to ``oparl_objects``."""
    quirks: list[str] = []
    oid = object_id(obj)
    if not oid:
        quirks.append("missing_id")
        oid = f"urn:ratsspur:{short_hash(json.dumps(obj, sort_keys=True))}"
    kind = short_type(obj, expected, quirks)
    modified = check_modified(obj, quirks) if kind not in {"Location", "LegislativeTerm"} else None
    name = clean_text(obj.get("name"), quirks)
    digest = json_hash(obj)
    previous = db.execute("SELECT sha256, modified, status FROM oparl_objects WHERE id = ?",
                          [oid]).fetchone()
    changed = previous is None or previous[0] != digest
    if previous and changed and previous[1] is not None and previous[1] == obj.get("modified"):
        quirks.append("changed_without_new_modified")
    for quirk in quirks:
        log.info("OParl quirk %s in %s", quirk, oid)
    status = previous[2] if previous else None
    if kind == "Paper" and changed:
        status = "pending"
    row = {"id": oid, "type": kind, "body_id": body_id, "parent": parent, "name": name,
           "web": obj.get("web") if isinstance(obj.get("web"), str) else None,
           "created": _text(obj.get("created")), "modified": _text(obj.get("modified")),
           "deleted": 1 if obj.get("deleted") is True else 0, "sha256": digest, "status": status,
           "quirks": json.dumps(quirks) if quirks else None,
           "raw": json.dumps(obj, ensure_ascii=False), "fetched": now_iso(), "run_id": run_id}
    if changed:
        db["oparl_objects"].upsert(row, pk="id")
        for prop, child in walk_embedded(obj):
            store_object(db, child, expected=EMBEDDED_TYPES.get(prop), body_id=body_id,
                         run_id=run_id, parent=oid)
    else:
        db.execute("UPDATE oparl_objects SET fetched = ?, run_id = ? WHERE id = ?", [row["fetched"], run_id, oid])
    return Stored(oid, kind, changed, modified, quirks)


def _text(value) -> Optional[str]:
    return value if isinstance(value, str) else None


def store_body(db: sqlite_utils.Database, obj: dict, run_id: int) -> tuple[str, Stored]:
    """The Ratsspur body for an OParl Body (same key as bodies read from the text)."""
    quirks: list[str] = []
    name = body_name(obj, quirks)
    body_id = slugify(name)
    db["bodies"].insert({"id": body_id, "name": name}, pk="id", ignore=True)
    db["bodies"].update(body_id, {"oparl_id": object_id(obj), "web": obj.get("web")})
    stored = store_object(db, obj, expected="Body", body_id=body_id, run_id=run_id)
    stored.quirks += quirks
    return body_id, stored


def store_organization(db: sqlite_utils.Database, obj: dict, body_id: str) -> Optional[str]:
    """An OParl Organization as a Ratsspur committee: keyed by name, like those read from text."""
    name = clean_text(obj.get("name"), []) or clean_text(obj.get("shortName"), [])
    if not name or obj.get("deleted") is True:
        return None
    org_id = f"{body_id}:{slugify(name)}"
    db["organizations"].insert({"id": org_id, "body_id": body_id, "name": name}, pk="id", ignore=True)
    db["organizations"].update(org_id, {"oparl_id": object_id(obj), "web": obj.get("web")})
    return org_id


def register_files(db: sqlite_utils.Database, paper: dict, files: list[tuple[str, dict]],
                   body_id: str) -> int:
    """Queue a paper's files for download: new files and files whose URL, size or ``modified``
    changed become pending; a file already processed stays as it is. Returns how many are pending."""
    pending = 0
    paper_id = object_id(paper)
    for role, obj in files:
        quirks: list[str] = []
        access = obj.get("accessUrl") if isinstance(obj.get("accessUrl"), str) else None
        download = obj.get("downloadUrl") if isinstance(obj.get("downloadUrl"), str) else None
        fid = object_id(obj) or access or download
        if not fid:
            log.warning("OParl file without id or URL in %s", paper_id)
            continue
        row = {"id": fid, "oparl_paper": paper_id, "role": role, "body_id": body_id,
               "name": clean_text(obj.get("name"), quirks), "file_name": _text(obj.get("fileName")),
               "mime_type": _text(obj.get("mimeType")),
               "declared_size": obj.get("size") if isinstance(obj.get("size"), int) else None,
               "access_url": access, "download_url": download, "modified": _text(obj.get("modified"))}
        old = db.execute("SELECT access_url, download_url, declared_size, modified, status "
                         "FROM oparl_files WHERE id = ?", [fid]).fetchone()
        same = old is not None and tuple(old[:4]) == (access, download, row["declared_size"], row["modified"])
        if same and old[4] in FILE_DONE:
            db["oparl_files"].update(fid, {k: row[k] for k in ("oparl_paper", "role", "name", "file_name")})
            continue
        row.update(status="pending", error=None)
        if old is None or not same:
            row.update(attempts=0, path=None)
        db["oparl_files"].upsert(row, pk="id")
        pending += 1
    return pending


def paper_files(paper: dict, fetched: dict[str, dict]) -> list[tuple[str, dict]]:
    """(role, File object) for the paper's mainFile and auxiliaryFile, URLs replaced by the
    objects fetched for them."""
    out = []
    for role, prop in (("main", "mainFile"), ("auxiliary", "auxiliaryFile")):
        for item in items(paper.get(prop)):
            obj = fetched.get(item) if isinstance(item, str) else item
            if isinstance(obj, dict):
                out.append((role, obj))
    return out
