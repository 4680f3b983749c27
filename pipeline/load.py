"""Write one extracted paper into SQLite: its body, file, pages, paper row and every fact.

Each paper is written in one transaction and replaces whatever an earlier run stored for it, so
a re-run or a crash half-way never leaves a paper with facts from two versions. Ids are derived
from body, reference and span, so the same input always gives the same rows.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

import sqlite_utils

from schema import FACT_TABLES

from .document import Document
from .extract import Extraction, body_from_metadata
from .ids import fact_id, paper_id, slugify
from .sources import SourceFile

UNKNOWN_BODY = "Unbekannt"


@dataclass
class Processed:
    """A file read, cleaned and extracted: what a worker hands to the single writer."""

    source: SourceFile
    document: Document
    extraction: Extraction


def _date(value) -> Optional[str]:
    return value.isoformat() if value is not None else None


def _cents(value) -> Optional[int]:
    return int((value * 100).to_integral_value()) if value is not None else None


def _provenance(pid: str, file_id: str, document: Document, fact) -> dict:
    return {"paper_id": pid, "file_id": file_id, "page": document.page_at(fact.start),
            "start": fact.start, "end": fact.end, "quote": fact.text}


def choose_body(extraction: Extraction, source: SourceFile, origin: dict) -> tuple[str, str]:
    """The issuing body and where it was read: the paper's own text first, then the PDF's
    document info ("Stadtverwaltung Koblenz"), then the corpus index, never the file name."""
    if extraction.value("body"):
        return extraction.value("body"), "text"
    from_metadata = body_from_metadata(source.metadata)
    if from_metadata:
        return from_metadata, "pdf_metadata"
    if origin.get("body"):
        return origin["body"], "corpus_index"
    return UNKNOWN_BODY, "unknown"


def choose_paper_id(db: sqlite_utils.Database, body_id: str, reference: Optional[str],
                    source: SourceFile) -> tuple[str, bool]:
    """The paper's id, and whether a row with that id is stored already (a placeholder, or an
    earlier version of the file); a second, different file claiming an already loaded number gets
    its own id."""
    candidate = paper_id(body_id, reference, source.sha256)
    existing = db.execute(
        "SELECT p.sha256, f.path, f.status FROM papers p LEFT JOIN files f ON f.id = p.file_id "
        "WHERE p.id = ?", [candidate]).fetchone()
    if existing is None:
        return candidate, False
    if existing[0] in (None, source.sha256):
        return candidate, True
    other_sha, other_path, other_status = existing
    if other_path == source.path or other_status != "loaded":
        return candidate, True  # the same file changed, or the other file is gone: replace it
    own = f"{candidate}@{source.sha256[:8]}"
    return own, db.execute("SELECT 1 FROM papers WHERE id = ?", [own]).fetchone() is not None


def delete_paper_facts(db: sqlite_utils.Database, pid: str) -> None:
    for table in FACT_TABLES:
        db.execute(f"DELETE FROM [{table.name}] WHERE paper_id = ?", [pid])
    db.execute("DELETE FROM pages WHERE paper_id = ?", [pid])
    db.execute("DELETE FROM commitments WHERE paper_id = ?", [pid])


def load_processed(db: sqlite_utils.Database, processed: Processed, *, run_id: int, version: str,
                   origin: Optional[dict] = None) -> str:
    """Store one processed file; returns the paper id. Runs inside one transaction, which also
    clears the file's error rows from earlier runs."""
    source, document, extraction = processed.source, processed.document, processed.extraction
    origin = origin or {}
    body_name, body_source = choose_body(extraction, source, origin)
    body_id = slugify(body_name)
    reference = extraction.value("reference")
    with db.atomic():
        db.execute("PRAGMA defer_foreign_keys = ON")  # papers ⇄ files point at each other
        _upsert(db, "bodies", {"id": body_id, "name": body_name}, if_changed=True)
        pid, stored = choose_paper_id(db, body_id, reference, source)
        previous_files = [row[0] for row in db.execute(
            "SELECT id FROM files WHERE path = ? AND id != ?", [source.path, source.sha256])]
        if stored:  # facts point at their paper (foreign keys), so a new paper has none to delete
            delete_paper_facts(db, pid)
        _upsert(db, "papers", {
            "id": pid, "body_id": body_id, "body_source": body_source, "reference": reference,
            "slug": slugify(reference) if reference else f"file-{source.sha256[:12]}",
            "type": extraction.value("type"), "date": extraction.value("date"),
            "subject": extraction.value("subject"), "text": document.text, "sha256": source.sha256,
            "file_id": source.sha256, "attachment_label": extraction.value("attachment_label"),
            "attachment_of_title": extraction.value("attachment_of_title"),
            "parent_reference": extraction.value("parent"),
            "placeholder": 0, "withdrawn": 0,
        })
        _upsert(db, "files", {
            "id": source.sha256, "path": source.path, "name": source.path.rsplit("/", 1)[-1],
            "mime_type": source.mime_type, "size": source.size, "pages": len(document.pages),
            "encoding": source.encoding, "paper_id": pid, "status": "loaded",
            "source": origin.get("source"), "license": origin.get("license"), "run_id": run_id,
            "version": version,
        })
        for old in previous_files:  # the same path held other content before: keep the row, mark it
            db.execute("UPDATE files SET status = 'superseded' WHERE id = ?", [old])
        _insert(db, "pages", [{
            "id": f"{source.sha256}:{page.number}", "file_id": source.sha256, "paper_id": pid,
            "number": page.number, "start": page.start, "end": page.end, "method": page.method,
            "ocr_confidence": page.ocr_confidence} for page in document.pages])
        _insert_facts(db, pid, body_id, source.sha256, document, extraction)
        clear_errors(db, source.path)
    return pid


# The write path runs once per paper and row by row; sqlite-utils' insert_all and upsert look the
# table's columns up on every call, which cost more than the inserts. The tables exist (schema/
# created them), so the statements are written once per table and column set and executed many.

def _insert(db: sqlite_utils.Database, table: str, rows: list[dict]) -> None:
    """INSERT OR REPLACE ``rows`` (all with the same keys) into ``table``."""
    if rows:
        columns = tuple(rows[0])
        db.conn.executemany(_insert_sql(table, columns), [tuple(r[c] for c in columns) for r in rows])


def _upsert(db: sqlite_utils.Database, table: str, row: dict, *, if_changed: bool = False) -> None:
    """Insert ``row`` or update the columns it names on the row with the same id; ``if_changed``
    leaves an identical row alone (its page is not rewritten; its update triggers do not fire)."""
    columns = tuple(row)
    db.conn.execute(_upsert_sql(table, columns, if_changed), tuple(row.values()))


@lru_cache(maxsize=None)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f"[{c}]" for c in columns)
    return f"INSERT OR REPLACE INTO [{table}] ({names}) VALUES ({', '.join('?' * len(columns))})"


@lru_cache(maxsize=None)
def _upsert_sql(table: str, columns: tuple[str, ...], if_changed: bool = False) -> str:
    names = ", ".join(f"[{c}]" for c in columns)
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != "id")
    changed = " OR ".join(f"[{c}] IS NOT excluded.[{c}]" for c in columns if c != "id")
    return (f"INSERT INTO [{table}] ({names}) VALUES ({', '.join('?' * len(columns))}) "
            f"ON CONFLICT(id) DO UPDATE SET {updates}" + (f" WHERE {changed}" if if_changed else ""))


def _insert_facts(db, pid, body_id, file_id, document, extraction: Extraction) -> None:
    def rows(kind: str, facts: Iterable, fields) -> list[dict]:
        out, seen = [], {}
        for fact in facts:
            base = fact_id(pid, kind, fact.start, fact.end)
            seen[base] = seen.get(base, 0) + 1
            fid = base if seen[base] == 1 else f"{base}.{seen[base]}"
            out.append({"id": fid, **fields(fact), **_provenance(pid, file_id, document, fact)})
        return out

    organizations = {}
    for c in extraction.consultations:
        org_id = f"{body_id}:{slugify(c.organization)}"
        organizations[org_id] = {"id": org_id, "body_id": body_id, "name": c.organization}
    for organization in organizations.values():
        _upsert(db, "organizations", organization, if_changed=True)

    tables = {
        "consultations": rows("consultation", extraction.consultations, lambda c: {
            "organization_id": f"{body_id}:{slugify(c.organization)}", "organization": c.organization,
            "date": _date(c.date), "role": c.role,
            "public": None if c.public is None else int(c.public), "result": c.result,
            "agenda_item": c.agenda_item}),
        "decisions": rows("decision", extraction.decisions, lambda d: {
            "number": d.number, "text": d.wording}),
        "amounts": rows("amount", extraction.amounts, lambda a: {
            "value": f"{a.value:.2f}" if a.value is not None else None, "value_cents": _cents(a.value),
            "currency": a.currency, "role": a.role, "qualifier": a.qualifier, "period": a.period,
            "per_unit": a.per_unit, "range_end_cents": _cents(a.range_end)}),
        "dates": rows("date", extraction.dates, lambda d: {
            "date": _date(d.date), "precision": d.precision}),
        "references": rows("reference", extraction.references, lambda r: {
            "target_kind": r.target_kind, "target": r.target, "target_paper_id": None,
            "relation": r.relation, "resolution_date": _date(r.date)}),
        "positions": rows("position", extraction.positions, lambda p: {
            "count": float(p.count) if p.count is not None else None, "unit": p.unit,
            "description": p.description,
            "permanent": None if p.permanent is None else int(p.permanent)}),
        "entities": rows("entity", extraction.entities, lambda e: {"label": e.label, "name": e.name}),
        "sections": rows("section", extraction.sections, lambda s: {
            "name": s.name, "heading": s.heading, "body_start": s.body_start, "body_end": s.body_end or s.end}),
    }
    for table, table_rows in tables.items():
        _insert(db, table, table_rows)


def record_error(db: sqlite_utils.Database, *, run_id: int, path: str, file_id: Optional[str],
                 stage: str, error: str, message: str) -> None:
    """One row per file and stage; a re-run with the same problem replaces, not duplicates, it."""
    from .ids import short_hash

    key = file_id or short_hash(path)
    db["errors"].upsert({"id": f"{key}:{stage}", "run_id": run_id, "path": path, "file_id": file_id,
                         "stage": stage, "error": error, "message": message}, pk="id")


def clear_errors(db: sqlite_utils.Database, path: str) -> None:
    db.execute("DELETE FROM errors WHERE path = ?", [path])
