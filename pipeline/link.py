"""Link the papers of the corpus: resolve references, attach Anlagen, derive each paper's status
and the commitments its resolution makes (:mod:`pipeline.commitments`).

Extraction sees one paper; linking sees a whole body (municipality). It is idempotent: it
recomputes every derived column of a body's papers from the facts, so the order in which papers
arrive does not matter. A cited paper not in the corpus becomes a placeholder row (known only
by reference) that a later ingest of the real paper fills in, because both share one id.

Linking never crosses a body: a paper number means a paper of the citing paper's own body, an
Anlage belongs to a paper of its own body. So an ingest relinks only the bodies whose papers
changed (``bodies.needs_link``, set by triggers on ``papers`` in the transaction that changes a
paper, cleared in the body's link transaction): adding one town's papers to a database of all
NRW towns relinks one town, and a run that stopped before linking is finished by the next run,
even when no file changed.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable, Optional

import regex
import sqlite_utils

from .commitments import body_condition, clear_commitments, derive_commitments, load_programmes
from .ids import paper_id, reference_key, slugify

# How sure an Anlage → parent link is, by how it was made.
CONFIDENCE = {"printed_reference": 1.0, "oparl_auxiliary_file": 1.0, "title_and_label": 0.9, "title": 0.7,
              "listed_in_parent": 0.6}
TITLE_SIMILARITY = 0.8
QUOTES = regex.compile(r"[\"'„“”‚‘’«»]")
CONTENT_WORD = regex.compile(r"\p{L}{5,}")
RUNNING_HEADER = regex.compile(r"^Seite\s+\d+\s+von\s+\d+", regex.IGNORECASE)
LIST_MARK = regex.compile(r"^(?:\d+[.)]|[-•–]|Anlage\s*\d*\s*[:.-]?)\s*", regex.IGNORECASE)
ATTACHMENT_HEAD_CHARS = 400  # an attachment names itself in its first lines
NOT_DISTINCTIVE = {"stadt", "gemeinde", "vorlage", "anlage", "beschluss", "sitzung", "ausschuss",
                   "ergebnis", "seite", "entwurf", "entwurfs"}


@dataclass
class LinkSummary:
    bodies: list[str] = field(default_factory=list)  # the bodies linked
    resolved: int = 0
    placeholders: int = 0
    attachments: int = 0
    rescinded: int = 0
    amended: int = 0
    decided: int = 0
    commitments: int = 0
    programme_papers: int = 0


def link(db: sqlite_utils.Database, bodies: Optional[Iterable[str]] = None) -> LinkSummary:
    """Link the papers of ``bodies`` (default: every body), one transaction per body."""
    summary = LinkSummary()
    programmes = load_programmes()
    if bodies is None:
        bodies = [row[0] for row in db.execute("SELECT id FROM bodies ORDER BY id")]
    summary.bodies = bodies = sorted(set(bodies))
    if not bodies:
        return summary
    with db.atomic():
        store_programmes(db, programmes)
    for body in bodies:
        with db.atomic():
            link_body(db, body, programmes, summary)
    with db.atomic():
        refresh_statistics(db)
    return summary


def pending_bodies(db: sqlite_utils.Database) -> list[str]:
    """The bodies whose papers changed since their last link (``bodies.needs_link``)."""
    return [row[0] for row in db.execute("SELECT id FROM bodies WHERE needs_link = 1 ORDER BY id")]


def link_pending(db: sqlite_utils.Database) -> Optional[LinkSummary]:
    """Link the bodies whose papers changed since their last link; None when there are none."""
    pending = pending_bodies(db)
    return link(db, pending) if pending else None


def link_body(db, body: str, programmes, summary: LinkSummary) -> None:
    """Every linking step for the papers of one body, adding the counts to ``summary``."""
    resolved, placeholders = resolve_references(db, _reference_index(db, body), body)
    summary.resolved += resolved
    summary.placeholders += placeholders
    summary.attachments += attach_annexes(db, _reference_index(db, body), body)
    clear_commitments(db, body)  # they may point at placeholders dropped next; rebuilt below
    drop_orphan_placeholders(db, body)
    decided, amended, rescinded = derive_status(db, body)
    summary.decided += decided
    summary.amended += amended
    summary.rescinded += rescinded
    summary.commitments += derive_commitments(db, programmes, body)
    summary.programme_papers += derive_paper_programmes(db, body)
    derive_amount_totals(db, body)
    db.execute("UPDATE bodies SET needs_link = 0 WHERE id = ?", [body])


def _reference_index(db, body: Optional[str] = None) -> dict[tuple[str, str], str]:
    """(body, reference key) → paper id, real papers winning over placeholders."""
    index: dict[tuple[str, str], str] = {}
    where, params = body_condition("body_id", body)
    rows = db.execute("SELECT id, body_id, reference, placeholder FROM papers "
                      f"WHERE reference IS NOT NULL{where} ORDER BY placeholder DESC, id DESC", params).fetchall()
    for pid, body_id, reference, _ in rows:
        index[(body_id, reference_key(reference))] = pid
    return index


def _ensure_paper(db, index, body_id: str, reference: str) -> tuple[str, bool]:
    """The id of the body's paper with this number, creating a placeholder when it is missing."""
    key = (body_id, reference_key(reference))
    if key in index:
        return index[key], False
    pid = paper_id(body_id, reference, "")
    db["papers"].insert({"id": pid, "body_id": body_id, "reference": " ".join(reference.split()),
                         "slug": slugify(reference), "placeholder": 1, "withdrawn": 0},
                        pk="id", ignore=True)
    index[key] = pid
    return pid, True


def resolve_references(db, index, body: Optional[str] = None) -> tuple[int, int]:
    """Point every paper reference at the same body's paper (or a new placeholder)."""
    where, params = body_condition("p.body_id", body)
    rows = db.execute(
        "SELECT r.id, r.target, p.body_id FROM [references] r JOIN papers p ON p.id = r.paper_id "
        f"WHERE r.target_kind = 'paper' AND r.target IS NOT NULL{where}", params).fetchall()
    resolved = created = 0
    for ref_id, target, body_id in rows:
        target_id, new = _ensure_paper(db, index, body_id, target)
        created += new
        resolved += 1
        db.execute("UPDATE [references] SET target_paper_id = ? WHERE id = ?", [target_id, ref_id])
    return resolved, created


def _fold_title(title: str) -> str:
    return " ".join(QUOTES.sub("", title).lower().split())


def attach_annexes(db, index, body: Optional[str] = None) -> int:
    """Give each Anlage its parent: by the number printed on it, else by the title it names, by
    the parent's list of Anlagen, or by the OParl system's auxiliaryFile."""
    where, params = body_condition("body_id", body)
    db.execute("UPDATE papers SET parent_id = NULL, parent_link_method = NULL, "
               f"parent_link_confidence = NULL WHERE placeholder = 0{where}", params)
    attached = 0
    # 1. "Anlage 1 zu BV/0197/2026": the parent's number is printed on the attachment.
    for pid, body_id, parent_ref in db.execute(
            "SELECT id, body_id, parent_reference FROM papers "
            f"WHERE placeholder = 0 AND parent_reference IS NOT NULL{where}", params).fetchall():
        parent_id, _ = _ensure_paper(db, index, body_id, parent_ref)
        if parent_id != pid:
            _set_parent(db, pid, parent_id, "printed_reference")
            attached += 1
    # 2. "Anlage 4 zum Beschlussentwurf „Kommunales Integrationsmanagement NRW“": match the title
    #    against the subjects of the body's papers, preferring one that lists "Anlage 4".
    orphans = db.execute(
        "SELECT id, body_id, attachment_label, attachment_of_title FROM papers "
        f"WHERE placeholder = 0 AND parent_id IS NULL AND attachment_of_title IS NOT NULL{where}",
        params).fetchall()
    for pid, body_id, label, title in orphans:
        best = _parent_by_title(db, pid, body_id, label, title)
        if best:
            _set_parent(db, pid, best[0], best[1])
            attached += 1
    # 3. BV/0109/2021 lists "Anlage/n: Satzung, Lageplan, ... Begründung"; an unnumbered file of
    #    the same body whose first lines name a listed item and the parent's matter is attached.
    for pid, parent_id in _listed_in_parents(db, body):
        _set_parent(db, pid, parent_id, "listed_in_parent")
        attached += 1
    # 4. An OParl system lists the file as an auxiliaryFile of a paper: the council system says
    #    so, which outranks every guess from the text (a number printed on the Anlage stays).
    where_p, _ = body_condition("p.body_id", body)
    for pid, parent_id, before in db.execute(
            "SELECT f.paper_id, o.paper_id, p.parent_id FROM oparl_files f "
            "JOIN oparl_objects o ON o.id = f.oparl_paper JOIN papers p ON p.id = f.paper_id "
            "WHERE f.role = 'auxiliary' AND o.paper_id IS NOT NULL AND f.paper_id != o.paper_id "
            f"AND (p.parent_link_confidence IS NULL OR p.parent_link_confidence < 1.0){where_p}",
            params).fetchall():
        _set_parent(db, pid, parent_id, "oparl_auxiliary_file")
        attached += before is None
    return attached


def _words(text: str) -> set[str]:
    return {w.lower() for w in CONTENT_WORD.findall(text)} - NOT_DISTINCTIVE


def _listed_in_parents(db, body: Optional[str] = None) -> list[tuple[str, str]]:
    """(attachment, parent) pairs for files that name an item of a paper's Anlagen list."""
    lists: dict[str, list[tuple[str, set[str], set[str]]]] = {}
    where_p, params = body_condition("p.body_id", body)
    for parent_id, body_id, subject, listed in db.execute(
            "SELECT p.id, p.body_id, p.subject, substr(p.text, s.body_start + 1, s.body_end - s.body_start) "
            "FROM sections s JOIN papers p ON p.id = s.paper_id "
            f"WHERE s.name = 'attachments' AND p.placeholder = 0{where_p}", params).fetchall():
        items = [LIST_MARK.sub("", line.strip()) for line in (listed or "").splitlines()]
        item_words = [_words(item) for item in items if item and not RUNNING_HEADER.match(item)]
        lists.setdefault(body_id, []).append((parent_id, set().union(*item_words) if item_words else set(),
                                              _words(subject or "")))
    pairs = []
    where, _ = body_condition("body_id", body)
    for pid, body_id, text in db.execute(
            "SELECT id, body_id, text FROM papers WHERE placeholder = 0 AND parent_id IS NULL "
            f"AND reference IS NULL AND text IS NOT NULL{where}", params).fetchall():
        head, opening = _words(text[:ATTACHMENT_HEAD_CHARS]), _words(text[:1000])
        cited = {row[0] for row in db.execute(
            "SELECT target_paper_id FROM [references] WHERE paper_id = ? AND target_paper_id IS NOT NULL", [pid])}
        scored = [(len(items & head), len(matter & opening), parent_id)
                  for parent_id, items, matter in lists.get(body_id, [])
                  if parent_id != pid and parent_id not in cited]
        scored = [s for s in scored if s[0] and s[1]]
        if scored:
            pairs.append((pid, max(scored)[2]))
    return pairs


def _parent_by_title(db, pid, body_id, label, title) -> Optional[tuple[str, str]]:
    wanted = _fold_title(title)
    candidates = db.execute(
        "SELECT id, subject FROM papers WHERE body_id = ? AND placeholder = 0 AND id != ? "
        "AND subject IS NOT NULL", [body_id, pid]).fetchall()
    scored = []
    for candidate_id, subject in candidates:
        folded = _fold_title(subject)
        similarity = difflib.SequenceMatcher(None, wanted, folded).ratio()
        if wanted in folded or folded in wanted:
            similarity = max(similarity, 0.95)
        if similarity < TITLE_SIMILARITY:
            continue
        lists_label = bool(label) and db.execute(
            "SELECT 1 FROM [references] WHERE paper_id = ? AND target_kind = 'attachment' "
            "AND lower(target) = lower(?) LIMIT 1", [candidate_id, label]).fetchone() is not None
        scored.append((lists_label, similarity, candidate_id))
    if not scored:
        return None
    lists_label, _, best_id = max(scored)
    return best_id, "title_and_label" if lists_label else "title"


def _set_parent(db, pid: str, parent_id: str, method: str) -> None:
    db.execute("UPDATE papers SET parent_id = ?, parent_link_method = ?, parent_link_confidence = ? "
               "WHERE id = ?", [parent_id, method, CONFIDENCE[method], pid])


def drop_orphan_placeholders(db, body: Optional[str] = None) -> None:
    """A placeholder nobody cites any more (its citing paper changed) is removed."""
    where, params = body_condition("body_id", body)
    db.execute(
        f"DELETE FROM papers WHERE placeholder = 1{where} "
        "AND NOT EXISTS (SELECT 1 FROM [references] r WHERE r.target_paper_id = papers.id) "
        "AND NOT EXISTS (SELECT 1 FROM papers child WHERE child.parent_id = papers.id)", params)


def decision_date(db, pid: str) -> Optional[str]:
    """When the paper's own resolution is (to be) taken: its deciding meeting, else its date."""
    row = db.execute(
        "SELECT max(date) FROM consultations WHERE paper_id = ? AND lower(role) LIKE 'entscheid%'",
        [pid]).fetchone()
    if row and row[0]:
        return row[0]
    row = db.execute("SELECT max(date) FROM consultations WHERE paper_id = ?", [pid]).fetchone()
    if row and row[0]:
        return row[0]
    row = db.execute("SELECT date FROM papers WHERE id = ?", [pid]).fetchone()
    return row[0] if row else None


def derive_status(db, body: Optional[str] = None) -> tuple[int, int, int]:
    """proposed → decided → amended / rescinded, from the papers that cite each paper."""
    where, params = body_condition("body_id", body)
    where_p, _ = body_condition("p.body_id", body)
    db.execute("UPDATE papers SET status = NULL, status_date = NULL, decided_on = NULL, "
               f"rescinded_by = NULL, amended_by = NULL WHERE 1 = 1{where}", params)
    db.execute(f"UPDATE papers SET status = 'proposed' WHERE placeholder = 0{where} AND EXISTS "
               "(SELECT 1 FROM decisions d WHERE d.paper_id = papers.id)", params)
    # Decided: another paper names the resolution's date ("Ratsbeschluss vom 13.12.2021 zur
    # Vorlage Nr. 2021/1121"), or the paper's own consultation printed a result.
    decided = 0
    for pid, day in db.execute(
            "SELECT r.target_paper_id, min(r.resolution_date) FROM [references] r "
            "JOIN papers p ON p.id = r.target_paper_id "
            f"WHERE r.target_kind = 'paper' AND r.resolution_date IS NOT NULL{where_p} "
            "GROUP BY r.target_paper_id", params).fetchall():
        db.execute("UPDATE papers SET status = 'decided', decided_on = ?, status_date = ? WHERE id = ?",
                   [day, day, pid])
        decided += 1
    for pid, day in db.execute(
            "SELECT c.paper_id, max(c.date) FROM consultations c JOIN papers p ON p.id = c.paper_id "
            f"WHERE c.result IS NOT NULL AND c.result != ''{where_p} GROUP BY c.paper_id", params).fetchall():
        db.execute("UPDATE papers SET status = 'decided', decided_on = coalesce(decided_on, ?), "
                   "status_date = coalesce(status_date, ?) WHERE id = ? AND status IS NOT 'decided'",
                   [day, day, pid])
    counts = {"amends": 0, "rescinds": 0}
    for relation, status, column in (("amends", "amended", "amended_by"),
                                     ("rescinds", "rescinded", "rescinded_by")):
        rows = db.execute(
            "SELECT r.target_paper_id, r.paper_id FROM [references] r "
            "JOIN papers p ON p.id = r.target_paper_id "
            f"WHERE r.target_kind = 'paper' AND r.relation = ?{where_p} "
            "AND r.target_paper_id != r.paper_id GROUP BY r.target_paper_id, r.paper_id",
            [relation, *params]).fetchall()
        latest: dict[str, tuple[str, str]] = {}
        for target, source in rows:
            day = decision_date(db, source) or ""
            if target not in latest or day > latest[target][0]:
                latest[target] = (day, source)
        for target, (day, source) in latest.items():
            db.execute(f"UPDATE papers SET status = ?, status_date = ?, {column} = ? WHERE id = ?",
                       [status, day or None, source, target])
            counts[relation] += 1
    db.execute(f"UPDATE papers SET status = 'withdrawn' WHERE withdrawn = 1{where}", params)
    return decided, counts["amends"], counts["rescinds"]


# --- tables for the canned queries ---------------------------------------------------------------
#
# The canned queries of pipeline/publish/metadata.yml must answer in well under 100 ms on a million
# papers, so none of them may read every paper's text or group every amount. What they would
# compute over the whole database is computed here instead, in SQL, on every link: cheap next to
# the rest of linking, and like the rest recomputed from the facts, never patched.

def derive_query_tables(db, programmes=None) -> int:
    """Rebuild ``programmes``, ``paper_programmes`` and ``amount_totals``; returns the number of
    (paper, programme) rows. ``db``: a sqlite-utils Database or a plain sqlite3 connection."""
    store_programmes(db, load_programmes() if programmes is None else programmes)
    papers = derive_paper_programmes(db)
    derive_amount_totals(db)
    return papers


def refresh_statistics(db, sample_rows: int = 1000) -> None:
    """Planner statistics (sqlite_stat1) from a sample of each index. Without them SQLite guesses,
    and guesses badly once a table has a million rows: for the canned query `spur` it would
    read every paper reference instead of looking up the paper by its number. Sampling keeps
    this to milliseconds at any size (PRAGMA analysis_limit)."""
    from schema.tables import FULL_TEXT_QUEUE, TABLES  # declared tables, not the full-text index's own

    previous = db.execute("PRAGMA analysis_limit").fetchone()[0]
    db.execute(f"PRAGMA analysis_limit = {int(sample_rows)}")
    try:
        for table in TABLES:
            if table is not FULL_TEXT_QUEUE:  # emptied at the end of every run
                db.execute(f"ANALYZE [{table.name}]")
    finally:
        db.execute(f"PRAGMA analysis_limit = {int(previous)}")


def store_programmes(db, programmes) -> None:
    """The programme configuration as a table, so that SQL can match a programme by any name."""
    import json

    db.execute("DELETE FROM programmes")
    conn = getattr(db, "conn", db)
    conn.executemany(
        "INSERT INTO programmes (id, name, names, abbreviations, funder, laws) VALUES (?, ?, ?, ?, ?, ?)",
        [(p.key, p.name, json.dumps(list(p.names), ensure_ascii=False),
          json.dumps(list(p.abbreviations), ensure_ascii=False), p.funder,
          json.dumps(list(p.laws), ensure_ascii=False)) for p in programmes])


def derive_paper_programmes(db, body: Optional[str] = None) -> int:
    """One row per paper and programme its text names. The PROGRAMME entities are those mentions
    (the entity extractor finds the configured names and abbreviations in the text; only loaded
    papers have facts), so the programme's papers are known without searching any text here.
    The paper's body, date and number are copied in so the rows can be read in a timeline's or a
    feed's order from an index. The first mention (bare columns with min(): SQLite takes them
    from that row) is the evidence. Returns the number of rows written."""
    where, params = body_condition("body_id", body)
    where_q, _ = body_condition("q.body_id", body)
    db.execute(f"DELETE FROM paper_programmes WHERE 1 = 1{where}", params)
    cursor = db.execute(f"""
        INSERT INTO paper_programmes (id, paper_id, programme, name, body_id, date, reference, updated,
                                      mentions, page, start, [end], quote)
        SELECT m.paper_id || '#' || m.programme, m.paper_id, m.programme, m.name,
               p.body_id, p.date, p.reference,
               coalesce(p.date, (SELECT substr(r.started, 1, 10) FROM files f JOIN runs r ON r.id = f.run_id
                                  WHERE f.id = p.file_id)),
               m.mentions, m.page, m.start, m.[end], m.quote
          FROM (SELECT e.paper_id, coalesce(g.id, e.name) AS programme, e.name, count(*) AS mentions,
                       e.page, min(e.start) AS start, e.[end], e.quote
                  FROM entities e JOIN papers q ON q.id = e.paper_id
                       LEFT JOIN programmes g ON g.name = e.name
                 WHERE e.label = 'PROGRAMME' AND e.name IS NOT NULL{where_q}
                 GROUP BY e.paper_id, programme) m
          JOIN papers p ON p.id = m.paper_id
         ORDER BY m.paper_id""", params)
    return cursor.rowcount


def derive_amount_totals(db, body: Optional[str] = None) -> None:
    """Sums of the amounts by body, year of the paper and role (view amounts_by_body_year_role)."""
    where, params = body_condition("body_id", body)
    where_p, _ = body_condition("p.body_id", body)
    db.execute(f"DELETE FROM amount_totals WHERE 1 = 1{where}", params)
    db.execute(f"""
        INSERT INTO amount_totals (id, body_id, year, role, mentions, total_cents)
        SELECT p.body_id || ':' || coalesce(substr(p.date, 1, 4), '') || ':' || coalesce(a.role, ''),
               p.body_id, substr(p.date, 1, 4) AS year, a.role, count(*), sum(a.value_cents)
          FROM amounts a JOIN papers p ON p.id = a.paper_id
         WHERE 1 = 1{where_p}
         GROUP BY p.body_id, year, a.role""", params)
