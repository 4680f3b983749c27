"""What Ratsspur extracted, as OParl 1.1 objects: System, Body, Paper, File, Organization,
Consultation and paginated lists of them.

A paper's ``consultation`` is the Beratungsfolge read from its text, ``relatedPaper`` the papers
it cites or is cited by (resolved references), ``superordinatedPaper``/``subordinatedPaper``
the Anlage links, ``mainFile``/``auxiliaryFile`` the files read. Facts OParl has no property for
(the date and result of a consultation, the quote it was read from, the paper's status) are
vendor extensions prefixed ``ratsspur:``, which the OParl schemas allow. Every function takes a
plain sqlite3 connection, so the same code serves Datasette (:mod:`.datasette_plugin`) and tests.
"""
from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from typing import Any, Callable, Optional
from urllib.parse import quote, urlencode

TYPE = "https://schema.oparl.org/1.1/{}"
OPARL_VERSION = "https://schema.oparl.org/1.1/"
PER_PAGE = 50
MAX_PER_PAGE = 500


@dataclass
class Urls:
    """Absolute URLs of the export (``api``: e.g. ``http://host/-/oparl/v1``) and, optionally,
    of Datasette's row pages (``row(table, primary_key)``) for the ``web`` properties."""

    api: str
    row: Optional[Callable[[str, str], str]] = None
    download: Optional[Callable[[str], str]] = None

    def _part(self, value: str) -> str:
        return quote(value, safe="")

    def system(self) -> str:
        return f"{self.api}/system"

    def bodies(self) -> str:
        return f"{self.api}/bodies"

    def body(self, body_id: str) -> str:
        return f"{self.api}/body/{self._part(body_id)}"

    def body_list(self, body_id: str, name: str) -> str:
        return f"{self.body(body_id)}/{name}"

    def paper(self, paper_id: str) -> str:
        return f"{self.api}/paper/{self._part(paper_id)}"

    def file(self, sha256: str) -> str:
        return f"{self.api}/file/{sha256}"

    def organization(self, org_id: str) -> str:
        return f"{self.api}/organization/{self._part(org_id)}"

    def consultation(self, fact_id: str) -> str:
        return f"{self.api}/consultation/{self._part(fact_id)}"

    def web(self, table: str, key: str) -> Optional[str]:
        return self.row(table, key) if self.row else None


def _rows(conn: sqlite3.Connection, sql: str, params=()) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _one(conn, sql: str, params=()) -> Optional[dict[str, Any]]:
    found = _rows(conn, sql, params)
    return found[0] if found else None


def _clean(obj: dict) -> dict:
    """OParl leaves out properties without a value instead of sending null or []."""
    return {k: v for k, v in obj.items() if v is not None and v != []}


def _has(conn, table: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [table]).fetchone() is not None


# --- lists ------------------------------------------------------------------------------------

def _page(items: list[dict], total: int, page: int, per_page: int, url: str) -> dict:
    pages = max(1, math.ceil(total / per_page))

    def link(n: int) -> str:
        return f"{url}?{urlencode({'page': n, 'per_page': per_page})}"

    links = {"first": link(1), "last": link(pages), "self": link(page)}
    if page < pages:
        links["next"] = link(page + 1)
    if page > 1:
        links["prev"] = link(page - 1)
    return {"data": items, "pagination": {"totalElements": total, "elementsPerPage": per_page,
                                          "currentPage": page, "totalPages": pages},
            "links": links}


def page_args(page: Any, per_page: Any) -> tuple[int, int]:
    """Page number and size from query parameters, clamped to sane values."""
    def number(value, default):
        try:
            return int(value)
        except (TypeError, ValueError):
            return default

    return max(1, number(page, 1)), min(MAX_PER_PAGE, max(1, number(per_page, PER_PAGE)))


def empty_list(url: str) -> dict:
    """A list Ratsspur has no objects for (meetings, persons): valid, empty."""
    return _page([], 0, 1, PER_PAGE, url)


# --- System and Body --------------------------------------------------------------------------

def system(conn: sqlite3.Connection, urls: Urls, *, name: str = "Ratsspur",
           website: Optional[str] = None) -> dict:
    return _clean({"id": urls.system(), "type": TYPE.format("System"), "oparlVersion": OPARL_VERSION,
                   "body": urls.bodies(), "name": name, "website": website})


def body(conn: sqlite3.Connection, urls: Urls, body_id: str) -> Optional[dict]:
    row = _one(conn, "SELECT * FROM bodies WHERE id = ?", [body_id])
    return _body(row, urls) if row else None


def _body(row: dict, urls: Urls) -> dict:
    bid = row["id"]
    return _clean({
        "id": urls.body(bid), "type": TYPE.format("Body"), "system": urls.system(),
        "name": row["name"], "shortName": row["name"],
        "organization": urls.body_list(bid, "organizations"), "person": urls.body_list(bid, "persons"),
        "meeting": urls.body_list(bid, "meetings"), "paper": urls.body_list(bid, "papers"),
        "web": urls.web("bodies", bid),
        "ratsspur:oparlId": row.get("oparl_id"), "ratsspur:oparlWeb": row.get("web")}) | {"legislativeTerm": []}  # required, even empty


def bodies(conn: sqlite3.Connection, urls: Urls, page: int = 1, per_page: int = PER_PAGE) -> dict:
    where = "WHERE id IN (SELECT body_id FROM papers) OR oparl_id IS NOT NULL"  # not an empty Unbekannt
    total = conn.execute(f"SELECT count(*) FROM bodies {where}").fetchone()[0]
    rows = _rows(conn, f"SELECT * FROM bodies {where} ORDER BY id LIMIT ? OFFSET ?",
                 [per_page, (page - 1) * per_page])
    return _page([_body(r, urls) for r in rows], total, page, per_page, urls.bodies())


# --- Paper ------------------------------------------------------------------------------------

PAPER_SQL = ("SELECT p.*, r.started AS loaded_at FROM papers p LEFT JOIN files f ON f.id = p.file_id "
             "LEFT JOIN runs r ON r.id = f.run_id")


def paper(conn: sqlite3.Connection, urls: Urls, paper_id: str) -> Optional[dict]:
    row = _one(conn, PAPER_SQL + " WHERE p.id = ?", [paper_id])
    return _paper(conn, urls, row) if row else None


def papers(conn: sqlite3.Connection, urls: Urls, body_id: str, page: int = 1,
           per_page: int = PER_PAGE) -> Optional[dict]:
    if not conn.execute("SELECT 1 FROM bodies WHERE id = ?", [body_id]).fetchone():
        return None
    total = conn.execute("SELECT count(*) FROM papers WHERE body_id = ?", [body_id]).fetchone()[0]
    rows = _rows(conn, PAPER_SQL + " WHERE p.body_id = ? ORDER BY p.id LIMIT ? OFFSET ?",
                 [body_id, per_page, (page - 1) * per_page])
    return _page([_paper(conn, urls, r) for r in rows], total, page, per_page,
                 urls.body_list(body_id, "papers"))


def _paper(conn, urls: Urls, row: dict) -> dict:
    pid = row["id"]
    related = [r["other"] for r in _rows(conn, (
        "SELECT target_paper_id AS other FROM [references] WHERE paper_id = ? AND target_kind = 'paper' "
        "AND target_paper_id IS NOT NULL AND target_paper_id != paper_id "
        "UNION SELECT paper_id FROM [references] WHERE target_paper_id = ? AND paper_id != target_paper_id "
        "ORDER BY 1"), [pid, pid])]
    children = [r["id"] for r in _rows(conn, "SELECT id FROM papers WHERE parent_id = ? ORDER BY id", [pid])]
    aux_files = _rows(conn, "SELECT f.* FROM files f JOIN papers p ON p.file_id = f.id "
                            "WHERE p.parent_id = ? ORDER BY f.name", [pid])
    if row.get("oparl_id") and _has(conn, "oparl_files"):
        aux_files += _rows(conn, "SELECT f.* FROM oparl_files o JOIN files f ON f.id = o.file_id "
                                 "WHERE o.oparl_paper = ? AND o.role = 'auxiliary' ORDER BY o.rowid",
                           [row["oparl_id"]])
    main = _one(conn, "SELECT * FROM files WHERE id = ?", [row["file_id"]]) if row["file_id"] else None
    seen = {row["file_id"]}
    aux = []
    for f in aux_files:
        if f["id"] not in seen:
            seen.add(f["id"])
            aux.append(_file(f, urls))
    consultations = _rows(conn, "SELECT * FROM consultations WHERE paper_id = ? ORDER BY date, start", [pid])
    return _clean({
        "id": urls.paper(pid), "type": TYPE.format("Paper"), "body": urls.body(row["body_id"]),
        "name": row["subject"], "reference": row["reference"], "date": row["date"],
        "paperType": row["type"], "relatedPaper": [urls.paper(p) for p in related],
        "superordinatedPaper": [urls.paper(row["parent_id"])] if row["parent_id"] else [],
        "subordinatedPaper": [urls.paper(c) for c in children],
        "mainFile": _file(main, urls) if main else None, "auxiliaryFile": aux,
        "consultation": [_consultation(c, urls) for c in consultations],
        "web": urls.web("papers", pid), "modified": row.get("loaded_at"),
        "ratsspur:status": row["status"], "ratsspur:statusDate": row["status_date"],
        "ratsspur:decidedOn": row["decided_on"],
        "ratsspur:placeholder": bool(row["placeholder"]) if row["placeholder"] is not None else None,
        "ratsspur:withdrawn": bool(row["withdrawn"]) or None,
        "ratsspur:oparlId": row.get("oparl_id"), "ratsspur:oparlWeb": row.get("web"),
        "ratsspur:apiFields": (row.get("api_fields") or "").split(",") if row.get("api_fields") else None,
    })


# --- File, Organization, Consultation ---------------------------------------------------------

def file(conn: sqlite3.Connection, urls: Urls, sha256: str) -> Optional[dict]:
    row = _one(conn, "SELECT * FROM files WHERE id = ?", [sha256])
    return _file(row, urls) if row else None


def _file(row: dict, urls: Urls) -> dict:
    source = row.get("source") or ""
    original = source if source.startswith(("http://", "https://")) else None
    access = original or (urls.download(row["id"]) if urls.download else urls.file(row["id"]))
    return _clean({
        "id": urls.file(row["id"]), "type": TYPE.format("File"), "name": row["name"],
        "fileName": row["name"], "mimeType": row["mime_type"], "size": row["size"],
        "accessUrl": access, "downloadUrl": access if (original or urls.download) else None,
        "license": row.get("license"),
        "paper": [urls.paper(row["paper_id"])] if row.get("paper_id") else [],
        "web": urls.web("files", row["id"]),
        "ratsspur:sha256": row["id"], "ratsspur:pages": row.get("pages"), "ratsspur:status": row.get("status"),
    })


def organization(conn: sqlite3.Connection, urls: Urls, org_id: str) -> Optional[dict]:
    row = _one(conn, "SELECT * FROM organizations WHERE id = ?", [org_id])
    return _organization(row, urls) if row else None


def _organization(row: dict, urls: Urls) -> dict:
    return _clean({"id": urls.organization(row["id"]), "type": TYPE.format("Organization"),
                   "body": urls.body(row["body_id"]) if row["body_id"] else None, "name": row["name"],
                   "web": urls.web("organizations", row["id"]),
                   "ratsspur:oparlId": row.get("oparl_id"), "ratsspur:oparlWeb": row.get("web")})


def organizations(conn: sqlite3.Connection, urls: Urls, body_id: str, page: int = 1,
                  per_page: int = PER_PAGE) -> Optional[dict]:
    if not conn.execute("SELECT 1 FROM bodies WHERE id = ?", [body_id]).fetchone():
        return None
    total = conn.execute("SELECT count(*) FROM organizations WHERE body_id = ?", [body_id]).fetchone()[0]
    rows = _rows(conn, "SELECT * FROM organizations WHERE body_id = ? ORDER BY id LIMIT ? OFFSET ?",
                 [body_id, per_page, (page - 1) * per_page])
    return _page([_organization(r, urls) for r in rows], total, page, per_page,
                 urls.body_list(body_id, "organizations"))


def consultation(conn: sqlite3.Connection, urls: Urls, fact_id: str) -> Optional[dict]:
    row = _one(conn, "SELECT * FROM consultations WHERE id = ?", [fact_id])
    return _consultation(row, urls) if row else None


def _consultation(row: dict, urls: Urls) -> dict:
    return _clean({
        "id": urls.consultation(row["id"]), "type": TYPE.format("Consultation"),
        "paper": urls.paper(row["paper_id"]),
        "organization": [urls.organization(row["organization_id"])] if row["organization_id"] else [],
        "role": row["role"],
        "ratsspur:organizationName": row["organization"], "ratsspur:date": row["date"],
        "ratsspur:result": row["result"], "ratsspur:agendaItem": row["agenda_item"],
        "ratsspur:public": None if row["public"] is None else bool(row["public"]),
        "ratsspur:quote": row["quote"], "ratsspur:page": row["page"],
    })
