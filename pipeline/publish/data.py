"""What the Ratsspur pages show, read from the database: a paper, its facts, its trail, a timeline.

Every function takes a Datasette :class:`~datasette.database.Database` and returns plain dicts,
so the page handlers only arrange and format. Nothing here knows a particular paper: whatever
the corpus holds is what the pages show.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Optional

from pipeline.link import decision_date

from .highlight import snippet

PAPER_COLUMNS = (
    "p.id, p.body_id, b.name AS body_name, p.reference, p.slug, p.type, p.date, p.subject, "
    "p.parent_id, p.attachment_label, p.placeholder, p.status, p.status_date, p.decided_on, "
    "p.rescinded_by, p.amended_by, p.withdrawn, p.file_id"
)


def _rows(results) -> list[dict[str, Any]]:
    return [dict(row) for row in results.rows]


async def find_paper(db, body_id: str, slug: str) -> Optional[dict[str, Any]]:
    """The paper with this body and slug; a loaded paper wins over a placeholder or a withdrawn one."""
    rows = _rows(await db.execute(
        f"SELECT {PAPER_COLUMNS} FROM papers p LEFT JOIN bodies b ON b.id = p.body_id "
        "WHERE p.body_id = ? AND p.slug = ? ORDER BY p.withdrawn, p.placeholder, length(p.id), p.id",
        [body_id, slug]))
    return rows[0] if rows else None


async def papers_by_id(db, ids) -> dict[str, dict[str, Any]]:
    ids = sorted({i for i in ids if i})
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = _rows(await db.execute(
        f"SELECT {PAPER_COLUMNS} FROM papers p LEFT JOIN bodies b ON b.id = p.body_id "
        f"WHERE p.id IN ({marks})", ids))
    return {row["id"]: row for row in rows}


async def attachments(db, paper_id: str) -> list[dict[str, Any]]:
    return _rows(await db.execute(
        f"SELECT {PAPER_COLUMNS} FROM papers p LEFT JOIN bodies b ON b.id = p.body_id "
        "WHERE p.parent_id = ? ORDER BY p.attachment_label, p.reference, p.id", [paper_id]))


async def facts(db, table: str, paper_id: str, order: str = "start") -> list[dict[str, Any]]:
    """Every row of a fact table for one paper, in text order."""
    return _rows(await db.execute(
        f"SELECT * FROM [{table}] WHERE paper_id = ? ORDER BY {order}", [paper_id]))


COMMITMENT_COLUMNS = (
    "c.*, p.reference, p.slug, p.subject, p.type, p.placeholder, p.attachment_label, "
    "e.reference AS ended_by_reference, e.slug AS ended_by_slug, "
    "s.body_id AS source_body_id, s.slug AS source_slug "
    "FROM commitments c JOIN papers p ON p.id = c.paper_id "
    "LEFT JOIN papers e ON e.id = c.ended_by LEFT JOIN papers s ON s.id = c.source_paper_id"
)


async def commitments_of(db, paper_id: str) -> list[dict[str, Any]]:
    """The commitments a paper's resolution makes or withdraws, with where each is stated."""
    return _rows(await db.execute(
        f"SELECT {COMMITMENT_COLUMNS} WHERE c.paper_id = ? ORDER BY c.date, c.id", [paper_id]))


async def decision_dates(db, paper_ids) -> dict[str, Optional[str]]:
    """When each paper's own resolution is (to be) taken, by the linking stage's rule."""
    ids = sorted({i for i in paper_ids if i})
    return await db.execute_fn(lambda conn: {pid: decision_date(conn, pid) for pid in ids})


async def trail(db, paper_id: str) -> list[dict[str, Any]]:
    """The ``trail`` view for one paper, with what the page needs to link the other paper.

    ``citing_*`` name the paper whose text holds the quote: the paper itself for ``cites``,
    the other paper for ``cited_by``."""
    rows = _rows(await db.execute(
        "SELECT t.*, o.body_id AS other_body_id, o.slug AS other_slug, o.type AS other_type, "
        "o.decided_on AS other_decided_on, o.status AS other_status, "
        "o.attachment_label AS other_attachment_label, "
        "CASE t.direction WHEN 'cites' THEN t.paper_id ELSE t.other_paper_id END AS citing_id "
        "FROM trail t JOIN papers o ON o.id = t.other_paper_id WHERE t.paper_id = ?",
        [paper_id]))
    citing = await papers_by_id(db, (row["citing_id"] for row in rows))
    for row in rows:
        source = citing.get(row["citing_id"], {})
        row["citing_body_id"], row["citing_slug"] = source.get("body_id"), source.get("slug")
        row["context"] = await _context(db, row["citing_id"], row["start"], row["end"])
    return rows


CONTEXT = 400


async def _context(db, paper_id, start, end) -> Optional[str]:
    """The quote's sentence in its sentence: the citing text around ``start:end``, marked."""
    if start is None or end is None:
        return None
    left = max(0, start - CONTEXT)
    window = (await db.execute(
        "SELECT substr(text, ?, ?) FROM papers WHERE id = ?",
        [left + 1, end - left + CONTEXT, paper_id])).first()
    if not window or not window[0]:
        return None
    return snippet(window[0], start - left, end - left)


async def source(db, body_id: str, slug: str) -> Optional[dict[str, Any]]:
    """A paper with its full text and its pages (the spans of the text each page became)."""
    paper = await find_paper(db, body_id, slug)
    if paper is None:
        return None
    text = (await db.execute("SELECT text FROM papers WHERE id = ?", [paper["id"]])).first()
    paper["text"] = (text[0] if text else None) or ""
    paper["pages"] = _rows(await db.execute(
        "SELECT number, start, [end], method FROM pages WHERE paper_id = ? AND file_id = ? "
        "ORDER BY number", [paper["id"], paper["file_id"]]))
    return paper


# --- programme timelines ------------------------------------------------------------------------

# A paper is on a programme when its text or its names (entities) name it. A paper known only by
# reference has no text: it counts when the citing text names the programme right after the
# number, where titles are printed ("Vorlage Nr. 2022/1410 „… Integrationsmanagement (KIM NRW)“").
TITLE_WINDOW = 150
MENTIONS_PROGRAMME = f"""
    (instr(p.text, :programme) > 0
     OR p.id IN (SELECT paper_id FROM entities
                  WHERE label = 'PROGRAMME' AND instr(lower(name), lower(:programme)) > 0)
     OR (p.placeholder = 1 AND p.id IN (
            SELECT r.target_paper_id FROM [references] r JOIN papers c ON c.id = r.paper_id
             WHERE r.target_paper_id IS NOT NULL
               AND instr(substr(c.text, r.start + 1, r.[end] - r.start + {TITLE_WINDOW}), :programme) > 0)))
"""


async def bodies(db) -> list[dict[str, Any]]:
    return _rows(await db.execute(
        "SELECT b.id, b.name, count(p.id) AS papers FROM bodies b "
        "LEFT JOIN papers p ON p.body_id = b.id AND p.placeholder = 0 GROUP BY b.id ORDER BY b.name"))


async def programmes(db) -> list[dict[str, Any]]:
    """(body, programme) pairs worth a timeline: from commitments, else from programme names."""
    committed = _rows(await db.execute(
        "SELECT c.body_id, b.name AS body_name, c.programme, count(DISTINCT c.paper_id) AS papers, "
        "'commitments' AS source FROM commitments c LEFT JOIN bodies b ON b.id = c.body_id "
        "WHERE c.programme IS NOT NULL GROUP BY c.body_id, c.programme"))
    named = _rows(await db.execute(
        "SELECT p.body_id, b.name AS body_name, e.name AS programme, "
        "count(DISTINCT e.paper_id) AS papers, 'entities' AS source "
        "FROM entities e JOIN papers p ON p.id = e.paper_id LEFT JOIN bodies b ON b.id = p.body_id "
        "WHERE e.label = 'PROGRAMME' AND e.name IS NOT NULL GROUP BY p.body_id, e.name"))
    # A name that contains a body's committed programme key ("KIM NRW" beside "KIM") adds nothing.
    keys = {(row["body_id"], row["programme"].lower()) for row in committed}
    rows = committed + [row for row in named
                        if not any(body == row["body_id"] and key in row["programme"].lower()
                                   for body, key in keys)]
    return sorted(rows, key=lambda r: (r["body_name"] or r["body_id"], -r["papers"], r["programme"]))


async def commitments(db, body_id: str, programme: str) -> list[dict[str, Any]]:
    """A body's commitments in a programme (key as in the commitments table, any case), by date."""
    return _rows(await db.execute(
        f"SELECT {COMMITMENT_COLUMNS} WHERE c.body_id = ? AND lower(c.programme) = lower(?) "
        "ORDER BY c.date, p.reference, c.id", [body_id, programme]))


async def programme_papers(db, body_id: str, programme: str) -> list[dict[str, Any]]:
    """Papers of a body that name the programme (in their text, their names, or a citing quote),
    each with its amounts grouped by role; in order of their resolution (else their own, else
    their parent's) date, so an Anlage stands beside the paper it belongs to."""
    papers = _rows(await db.execute(
        f"SELECT {PAPER_COLUMNS}, "
        "coalesce(p.decided_on, p.date, parent.decided_on, parent.date) AS event_date, "
        "'Anlage zu ' || parent.reference AS parent_label, "
        "r.reference AS rescinded_by_reference, r.slug AS rescinded_by_slug, "
        "a.reference AS amended_by_reference, a.slug AS amended_by_slug "
        "FROM papers p LEFT JOIN bodies b ON b.id = p.body_id "
        "LEFT JOIN papers parent ON parent.id = p.parent_id "
        "LEFT JOIN papers r ON r.id = p.rescinded_by LEFT JOIN papers a ON a.id = p.amended_by "
        f"WHERE p.body_id = :body AND :programme != '' AND {MENTIONS_PROGRAMME} "
        "ORDER BY event_date IS NULL, event_date, p.parent_id IS NOT NULL, p.reference",
        {"body": body_id, "programme": programme}))
    if not papers:
        return []
    ids = [paper["id"] for paper in papers]
    marks = ", ".join("?" for _ in ids)
    amounts = _rows(await db.execute(
        f"SELECT paper_id, role, value_cents, qualifier, period, start, [end] FROM amounts "
        f"WHERE paper_id IN ({marks}) AND value_cents IS NOT NULL ORDER BY start", ids))
    by_paper: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for amount in amounts:
        found = by_paper[amount["paper_id"]][amount["role"] or "other"]
        if all(a["value_cents"] != amount["value_cents"] for a in found):
            found.append(amount)
    for paper in papers:
        paper["amounts"] = {role: values for role, values in by_paper[paper["id"]].items()}
    return papers


async def default_programme(db, body_id: str) -> Optional[str]:
    """The programme a body's timeline opens with: the one with most papers, commitments first."""
    rows = [row for row in await programmes(db) if row["body_id"] == body_id]
    rows.sort(key=lambda row: (row["source"] != "commitments", -row["papers"]))
    return rows[0]["programme"] if rows else None
