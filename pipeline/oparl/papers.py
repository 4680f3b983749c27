"""Turn OParl papers into Ratsspur papers: download their files, run them through the same
pipeline as ``ratsspur ingest`` (:func:`~pipeline.ingest.process_file` →
:func:`~pipeline.load.load_processed`), and put what the API says next to what the text says.

The rule for the ``papers`` row: the printed text wins, the API fills gaps. A header value the
text does not print (body, reference, date, subject, type) is taken from the API and named in
``papers.api_fields``; where both exist and disagree (reference, date, body) the row keeps the
printed value and ``discrepancies`` keeps both. A paper whose main file cannot be had still gets
a row from the API alone. OParl consultations go to ``oparl_consultations``, beside the
consultations read from the text.

Downloads run in a few threads (the client keeps the politeness limits); reading, extraction
and every database write happen in the calling thread, one paper at a time, so an interrupted
sync leaves whole papers behind and resumes with the next.
"""
from __future__ import annotations

import json
import logging
from collections import Counter, deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Optional, Union

import sqlite_utils

from extractors.facts import HeaderField
from schema import TABLES

from .. import __version__
from ..ids import reference_key, short_hash, slugify
from ..ingest import Failure, process_file
from ..load import UNKNOWN_BODY, Processed, clear_errors, delete_paper_facts, load_processed, record_error
from ..sources import SUPPORTED_SUFFIXES, sha256_of
from .client import Download, FetchError, OParlClient
from .objects import clean_text, iso_date, items, object_id

log = logging.getLogger("ratsspur.oparl")

MAX_ATTEMPTS = 5
SUPPORTED_TYPES = {"application/pdf": ".pdf", "application/x-pdf": ".pdf", "text/plain": ".txt",
                   "text/markdown": ".md"}
UNKNOWN_TYPES = {"", "application/octet-stream", "binary/octet-stream", "application/download",
                 "application/force-download"}
TO_RETRY = ("pending", "failed", "downloaded")
# Header fields of a paper: papers column → (extraction header field, compared when both exist).
HEADER = {"body_id": ("body", True), "reference": ("reference", True), "date": ("date", True),
          "subject": ("subject", False), "type": ("type", False)}


@dataclass
class BuildOutcome:
    papers: int = 0
    files: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


@dataclass
class ApiPaper:
    """The header of an OParl Paper, cleaned."""

    id: str
    body_id: str
    reference: Optional[str]
    date: Optional[str]
    subject: Optional[str]
    type: Optional[str]
    web: Optional[str]
    deleted: bool

    @classmethod
    def from_raw(cls, raw: dict, body_id: str) -> "ApiPaper":
        quirks: list[str] = []
        return cls(object_id(raw) or "", body_id, clean_text(raw.get("reference"), quirks, "reference"),
                   iso_date(raw.get("date")), clean_text(raw.get("name"), quirks),
                   clean_text(raw.get("paperType"), quirks, "paperType"),
                   raw.get("web") if isinstance(raw.get("web"), str) else None, raw.get("deleted") is True)

    def value(self, column: str) -> Optional[str]:
        return getattr(self, column)


# --- the run over a body's pending papers -----------------------------------------------------

def build_papers(db: sqlite_utils.Database, client: OParlClient, body_id: str, *, options,
                 run_id: int, progress: Callable[[str, dict], None]) -> BuildOutcome:
    """Download, read and map every pending paper of the body, in the order they arrived."""
    outcome = BuildOutcome()
    pending = db.execute("SELECT id, raw, paper_id FROM oparl_objects WHERE type = 'Paper' "
                         "AND body_id = ? AND status = 'pending' ORDER BY rowid", [body_id]).fetchall()
    if not pending:
        return outcome
    files_of = {pid: _files(db, pid) for pid, _, _ in pending}
    jobs = [row for pid, _, _ in pending for row in files_of[pid] if _needs_download(row)]
    files_dir = Path(options.files_dir)
    fetch = lambda row: _download(client, row, files_dir, options.max_file_bytes)  # noqa: E731
    downloads = Prefetch(jobs, fetch, options.concurrency, window=4 * max(1, options.concurrency))
    try:
        for oparl_id, raw, previous_pid in pending:
            api = ApiPaper.from_raw(json.loads(raw), body_id)
            for row in files_of[oparl_id]:
                if _needs_download(row):
                    job, result = downloads.next()
                    assert job["id"] == row["id"]
                    _record_download(db, row, result, outcome, run_id)
            try:
                _map_paper(db, api, _files(db, oparl_id), previous_pid, options=options,
                           run_id=run_id, outcome=outcome)
            except Exception as exc:  # one paper the database refuses must not stop the sync
                log.exception("OParl paper %s could not be stored", oparl_id)
                outcome.failures.append(f"paper {oparl_id}: could not be stored ({type(exc).__name__}: {exc})")
                record_error(db, run_id=run_id, path=oparl_id, file_id=None, stage="oparl",
                             error="internal", message=f"The paper could not be stored ({type(exc).__name__}: {exc}).")
                continue
            outcome.papers += 1
            progress("paper", {"body": body_id, "id": oparl_id})
    finally:
        # Interrupted: files that arrived ahead of their paper are kept for the next run.
        for row, result in downloads.close():
            if isinstance(result, Download):
                _record_download(db, row, result, outcome, run_id)
    return outcome


def _files(db, oparl_paper: str) -> list[dict]:
    cursor = db.execute("SELECT * FROM oparl_files WHERE oparl_paper = ? "
                        "ORDER BY role != 'main', rowid", [oparl_paper])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _needs_download(row: dict) -> bool:
    if row["status"] == "downloaded":
        return not (row["path"] and Path(row["path"]).exists())
    return row["status"] in ("pending", "failed") and (row["attempts"] or 0) < MAX_ATTEMPTS


class Prefetch:
    """``fetch`` over ``jobs`` in download threads, results handed out in order, at most
    ``window`` jobs running or waiting ahead of the one the caller is at."""

    def __init__(self, jobs: list[dict], fetch, workers: int, window: int):
        self._pool = ThreadPoolExecutor(max(1, workers), thread_name_prefix="oparl-download")
        self._fetch = fetch
        self._todo = iter(jobs)
        self._queue: deque = deque()
        self._window = max(1, window)
        self._fill()

    def _fill(self) -> None:
        while len(self._queue) < self._window:
            job = next(self._todo, None)
            if job is None:
                return
            self._queue.append((job, self._pool.submit(self._fetch, job)))

    def next(self) -> tuple[dict, object]:
        job, future = self._queue.popleft()
        self._fill()
        return job, future.result()

    def close(self) -> list[tuple[dict, object]]:
        """Cancel what has not started, wait for what runs; return the results that arrived."""
        for _, future in self._queue:
            future.cancel()
        self._pool.shutdown(wait=True)
        return [(job, future.result()) for job, future in self._queue
                if future.done() and not future.cancelled() and future.exception() is None]


# --- downloads --------------------------------------------------------------------------------

def file_suffix(row: dict) -> Optional[str]:
    """The suffix the pipeline reads the file by; None when Ratsspur cannot read the type."""
    mime = (row["mime_type"] or "").split(";")[0].strip().lower()
    name = row["file_name"] or (row["access_url"] or "").split("?")[0].rsplit("/", 1)[-1]
    suffix = Path(name).suffix.lower()
    if mime in SUPPORTED_TYPES:
        return SUPPORTED_TYPES[mime]
    if mime in UNKNOWN_TYPES:
        return suffix if suffix in SUPPORTED_SUFFIXES else ".bin"
    return None


def local_path(files_dir: Path, row: dict, suffix: str) -> Path:
    """Where a file is kept: one stable folder per OParl file (a new version replaces the old),
    the file under its own name (which becomes files.name)."""
    name = (row["file_name"] or "").replace("\\", "/").rsplit("/", 1)[-1].strip(". ")
    stem = Path(name).stem if name else slugify(row["name"] or "datei")
    stem = "".join(ch for ch in stem if ch.isalnum() or ch in "-_.() äöüÄÖÜß")[:100].strip() or "datei"
    return files_dir / (row["body_id"] or "body") / short_hash(row["id"]) / f"{stem}{suffix}"


def _download(client: OParlClient, row: dict, files_dir: Path, max_bytes: int) -> Union[Download, FetchError]:
    """Runs in a download thread: fetch the file (downloadUrl, else accessUrl) or say why not."""
    suffix = file_suffix(row)
    if suffix is None:
        return FetchError(row["access_url"] or row["id"], "unsupported",
                          f"Ratsspur cannot read files of type {row['mime_type']}")
    if row["declared_size"] and row["declared_size"] > max_bytes:
        return FetchError(row["access_url"] or row["id"], "too_large",
                          f"the API declares {row['declared_size']} bytes, more than the limit of "
                          f"{max_bytes} bytes")
    urls = [u for u in dict.fromkeys((row["download_url"], row["access_url"])) if u]
    if not urls:
        return FetchError(row["id"], "no_url", "the file has neither accessUrl nor downloadUrl")
    last: Optional[FetchError] = None
    for url in urls:
        try:
            return client.download(url, local_path(files_dir, row, suffix), max_bytes=max_bytes)
        except FetchError as exc:
            last = exc
            if exc.kind == "too_large":
                break
        except OSError as exc:  # the disk, not the server: say so and let the run go on
            return FetchError(url, "disk", f"the file could not be written ({exc})")
    assert last is not None
    return last


def _record_download(db, row: dict, result, outcome: BuildOutcome, run_id: int) -> None:
    attempts = (row["attempts"] or 0) + 1
    if isinstance(result, Download):
        db["oparl_files"].update(row["id"], {"status": "downloaded", "path": str(result.path),
                                             "attempts": attempts, "error": None})
        clear_errors(db, result.url)
        return
    status = result.kind if result.kind in {"too_large", "unsupported"} else "failed"
    db["oparl_files"].update(row["id"], {"status": status, "attempts": attempts, "error": result.message})
    outcome.files[status] += 1
    if status == "failed":
        outcome.failures.append(f"file {row['id']}: {result.message} ({result.url})")
    record_error(db, run_id=run_id, path=result.url, file_id=None, stage="oparl", error=result.kind,
                 message=f"The file {row['name'] or row['id']} could not be downloaded: {result.message}.")


# --- reading the files and mapping the paper --------------------------------------------------

def _map_paper(db, api: ApiPaper, files: list[dict], previous_pid: Optional[str], *, options,
               run_id: int, outcome: BuildOutcome) -> None:
    body_name = db.execute("SELECT name FROM bodies WHERE id = ?", [api.body_id]).fetchone()[0]
    main_pid = None
    for row in files:
        wanted = {"body": body_name}
        if row["role"] == "main":
            wanted["reference"] = api.reference
        pid = _load_file(db, row, wanted, options=options, run_id=run_id, outcome=outcome)
        if row["role"] == "main" and pid and main_pid is None:
            main_pid = pid
    if main_pid is None:
        main_pid = _api_only_paper(db, api, previous_pid)
    if previous_pid and previous_pid != main_pid:
        _drop_api_only(db, previous_pid, api.id)
    annotate_paper(db, main_pid, api)
    with db.atomic():
        db.execute("UPDATE oparl_objects SET paper_id = ? WHERE id = ? OR (parent = ? AND type = 'Consultation')",
                   [main_pid, api.id, api.id])
        unfinished = any(r["status"] in TO_RETRY and (r["attempts"] or 0) < MAX_ATTEMPTS
                         for r in _files(db, api.id))
        db.execute("UPDATE oparl_objects SET status = ? WHERE id = ?",
                   ["pending" if unfinished else "mapped", api.id])
        clear_errors(db, api.id)


def _load_file(db, row: dict, wanted: dict[str, Optional[str]], *, options, run_id: int,
               outcome: BuildOutcome) -> Optional[str]:
    """The paper a downloaded (or earlier loaded) file is, reading and loading it when it is new."""
    if row["status"] == "loaded" and row["paper_id"]:
        return row["paper_id"]
    if row["status"] != "downloaded":
        return None
    path = row["path"]
    sha = sha256_of(Path(path).read_bytes())
    known = db.execute("SELECT f.paper_id, f.version FROM files f JOIN papers p ON p.id = f.paper_id "
                       "WHERE f.id = ? AND f.status = 'loaded'", [sha]).fetchone()
    if known and known[1] == __version__ and not _api_fills_identity(db, known[0], wanted):
        db["oparl_files"].update(row["id"], {"status": "loaded", "file_id": sha, "paper_id": known[0]})
        db.execute("UPDATE files SET source = coalesce(source, ?), license = coalesce(license, ?) "
                   "WHERE id = ?", [row["access_url"] or row["download_url"], _file_license(db, row), sha])
        outcome.files["unchanged"] += 1
        return known[0]
    result = process_file(path, ocr=options.ocr)
    if isinstance(result, Failure):
        status = "not_a_paper" if result.error == "not_a_paper" else "unreadable"
        record_error(db, run_id=run_id, path=path, file_id=result.sha256, stage=result.stage,
                     error=result.error, message=result.message)
        db["oparl_files"].update(row["id"], {"status": status, "error": result.message})
        outcome.files[status] += 1
        return None
    extraction, injected = inject(result.extraction, wanted)
    origin = {"source": row["access_url"] or row["download_url"], "license": _file_license(db, row)}
    pid = load_processed(db, Processed(result.source, result.document, extraction), run_id=run_id,
                         version=__version__, origin=origin)  # clears the file's old errors too
    if known and known[0] != pid:  # the same file, read before without body or number: re-keyed
        forget_paper(db, known[0], sha)
    marks = {"api_fields": ",".join(sorted(injected)) or None}
    if "body_id" in injected:
        marks["body_source"] = "oparl"
    db["papers"].update(pid, marks)
    db["oparl_files"].update(row["id"], {"status": "loaded", "file_id": result.source.sha256,
                                         "paper_id": pid, "error": None})
    outcome.files["loaded"] += 1
    return pid


def _api_fills_identity(db, pid: str, wanted: dict[str, Optional[str]]) -> bool:
    """True when a paper already read from this file lacks the body or number the API knows:
    then its id was made without them, and the file is read again to give it its proper id."""
    row = db.execute("SELECT body_id, body_source, reference FROM papers WHERE id = ?", [pid]).fetchone()
    if row is None:
        return False
    body_id, body_source, reference = row
    unknown_body = body_source == "unknown" or body_id == slugify(UNKNOWN_BODY)
    return bool((wanted.get("body") and unknown_body) or (wanted.get("reference") and not reference))


def forget_paper(db, pid: str, sha: str) -> None:
    """Remove a paper whose file now belongs to a paper with a better id: its facts go, rows that
    point at it are cleared (the next link re-resolves them). Every table declaring a foreign key
    to papers is covered, so tables added later are too."""
    row = db.execute("SELECT file_id FROM papers WHERE id = ?", [pid]).fetchone()
    if row is None or row[0] != sha:
        return
    with db.atomic():
        delete_paper_facts(db, pid)
        for table in TABLES:
            for column, other, _ in table.foreign_keys:
                if other == "papers" and table.name != "papers" and db[table.name].exists():
                    db.execute(f"UPDATE [{table.name}] SET [{column}] = NULL WHERE [{column}] = ?", [pid])
        for column in ("parent_id", "rescinded_by", "amended_by"):
            db.execute(f"UPDATE papers SET [{column}] = NULL WHERE [{column}] = ?", [pid])
        db.execute("DELETE FROM discrepancies WHERE paper_id IS NULL")
        db.execute("DELETE FROM papers WHERE id = ?", [pid])


def _file_license(db, row: dict) -> Optional[str]:
    found = db.execute("SELECT json_extract(raw, '$.fileLicense'), json_extract(raw, '$.license') "
                       "FROM oparl_objects WHERE id = ?", [row["id"]]).fetchone()
    return (found[0] or found[1]) if found else None


def inject(extraction, wanted: dict[str, Optional[str]]):
    """The extraction with header fields the text lacks taken from the API (span 0–0, no quote);
    returns it and the papers columns so filled."""
    header = dict(extraction.header)
    filled: set[str] = set()
    for name, value in wanted.items():
        if value and extraction.value(name) is None:
            header[name] = HeaderField(0, 0, "", field=name, value=value)
            filled.add("body_id" if name == "body" else name)
    return (replace(extraction, header=header) if filled else extraction), filled


def _api_only_paper(db, api: ApiPaper, previous_pid: Optional[str]) -> str:
    """The row of a paper known only from the API (its main file missing or unreadable)."""
    if previous_pid and db.execute("SELECT 1 FROM papers WHERE id = ?", [previous_pid]).fetchone():
        return previous_pid
    if api.reference:
        pid = f"{api.body_id}:{' '.join(api.reference.split())}"
        slug = slugify(api.reference)
    else:
        pid, slug = f"{api.body_id}:oparl-{short_hash(api.id)[:12]}", f"oparl-{short_hash(api.id)[:12]}"
    existing = db.execute("SELECT placeholder FROM papers WHERE id = ?", [pid]).fetchone()
    if existing is None:
        db["papers"].insert({"id": pid, "body_id": api.body_id, "body_source": "oparl", "reference": api.reference,
                             "slug": slug, "placeholder": 0, "withdrawn": 0,
                             "api_fields": "body_id,reference" if api.reference else "body_id"}, pk="id")
    elif existing[0] == 1:  # cited by other papers and now known from the API: no longer a placeholder
        db.execute("UPDATE papers SET placeholder = 0, api_fields = 'body_id,reference' WHERE id = ?", [pid])
    return pid


def _drop_api_only(db, pid: str, oparl_id: str) -> None:
    """An API-only row superseded by the paper read from its file is removed (references to it
    are re-resolved by the next link)."""
    row = db.execute("SELECT text, oparl_id FROM papers WHERE id = ?", [pid]).fetchone()
    if row is None or row[0] is not None or row[1] != oparl_id:
        return
    with db.atomic():
        db.execute("UPDATE [references] SET target_paper_id = NULL WHERE target_paper_id = ?", [pid])
        db.execute("DELETE FROM discrepancies WHERE paper_id = ?", [pid])
        db.execute("UPDATE oparl_consultations SET paper_id = NULL WHERE paper_id = ?", [pid])
        db.execute("UPDATE papers SET parent_id = NULL WHERE parent_id = ?", [pid])
        db.execute("DELETE FROM papers WHERE id = ? AND text IS NULL", [pid])


def _same(column: str, a: str, b: str) -> bool:
    if column == "reference":
        return reference_key(a) == reference_key(b)
    return a == b


def annotate_paper(db, pid: str, api: ApiPaper) -> None:
    """Fill the row's gaps from the API, record disagreements, keep the OParl id and web URL.

    ``papers.api_fields`` says which columns came from the API (set when the file was loaded):
    those follow the API, the others are the printed text and only compared."""
    row = db.execute("SELECT body_id, reference, date, subject, type, api_fields FROM papers "
                     "WHERE id = ?", [pid]).fetchone()
    current = dict(zip(("body_id", "reference", "date", "subject", "type"), row[:5]))
    from_api = set(filter(None, (row[5] or "").split(",")))
    updates: dict[str, Optional[str]] = {}
    found: list[dict] = []
    for column, (_, compared) in HEADER.items():
        api_value = api.value(column)
        if not api_value:
            continue
        if column in from_api:
            if column not in ("body_id", "reference"):  # identity columns stay as the id was made
                updates[column] = api_value
        elif not current[column]:
            updates[column] = api_value
            from_api.add(column)
        elif compared and not _same(column, current[column], api_value):
            found.append({"id": f"{pid}#{column}", "paper_id": pid, "oparl_id": api.id, "field": column,
                          "api_value": api_value, "text_value": current[column]})
    updates.update(oparl_id=api.id, web=api.web, api_fields=",".join(sorted(from_api)) or None)
    if api.deleted:
        updates["withdrawn"] = 1
    with db.atomic():
        db["papers"].update(pid, updates)
        db.execute("DELETE FROM discrepancies WHERE paper_id = ?", [pid])
        if found:
            db["discrepancies"].insert_all(found, pk="id", replace=True)


# --- consultations ----------------------------------------------------------------------------

def map_consultations(db: sqlite_utils.Database, body_id: str) -> int:
    """Rebuild the body's ``oparl_consultations`` from the stored objects: a meeting moved or an
    agenda item decided since the paper last changed is reflected too."""
    objects = _index(db, body_id)
    rows = []
    for pid, raw in db.execute("SELECT paper_id, raw FROM oparl_objects WHERE type = 'Paper' "
                               "AND body_id = ? AND deleted = 0", [body_id]).fetchall():
        paper = json.loads(raw)
        for item in items(paper.get("consultation")):
            consultation = item if isinstance(item, dict) else objects.get(item, {}).get("raw")
            if not isinstance(consultation, dict) or consultation.get("deleted") is True:
                continue
            rows.append(_consultation_row(db, body_id, pid, object_id(paper), consultation, objects))
    with db.atomic():
        db.execute("DELETE FROM oparl_consultations WHERE oparl_paper IN (SELECT id FROM oparl_objects "
                   "WHERE type = 'Paper' AND body_id = ?)", [body_id])
        if rows:
            db["oparl_consultations"].insert_all(rows, pk="id", replace=True)
    return len(rows)


def _index(db, body_id: str) -> dict[str, dict]:
    """Organizations, meetings, agenda items and consultations of the body by OParl id."""
    out = {}
    for oid, kind, name, raw in db.execute(
            "SELECT id, type, name, raw FROM oparl_objects WHERE body_id = ? AND type IN "
            "('Organization', 'Meeting', 'AgendaItem', 'Consultation')", [body_id]).fetchall():
        out[oid] = {"type": kind, "name": name, "raw": json.loads(raw)}
    return out


def _consultation_row(db, body_id: str, pid: Optional[str], paper_oparl_id: Optional[str],
                      c: dict, objects: dict[str, dict]) -> dict:
    meeting_id = object_id(c.get("meeting"))
    meeting = objects.get(meeting_id or "", {})
    agenda = _agenda_item(c, meeting, objects)
    org_ids = [object_id(o) for o in items(c.get("organization"))]
    if not org_ids and meeting:  # the meeting's committee when the consultation names none
        org_ids = [object_id(o) for o in items(meeting["raw"].get("organization"))]
    org = next((objects[o] for o in org_ids if o in objects), None)
    org_name = org["name"] if org else None
    org_id = f"{body_id}:{slugify(org_name)}" if org_name else None
    if org_id and not db.execute("SELECT 1 FROM organizations WHERE id = ?", [org_id]).fetchone():
        org_id = None
    public = agenda.get("public") if agenda else None
    return {"id": object_id(c) or f"{paper_oparl_id}#consultation-{short_hash(json.dumps(c, sort_keys=True))}",
            "paper_id": pid, "oparl_paper": paper_oparl_id, "organization_id": org_id,
            "organization": org_name, "meeting": meeting_id, "meeting_name": meeting.get("name"),
            "date": iso_date(meeting["raw"].get("start")) if meeting else None,
            "role": clean_text(c.get("role"), [], "role"),
            "authoritative": None if not isinstance(c.get("authoritative"), bool) else int(c["authoritative"]),
            "agenda_item": clean_text(agenda.get("number"), [], "number") if agenda else None,
            "public": None if not isinstance(public, bool) else int(public),
            "result": clean_text(agenda.get("result"), [], "result") if agenda else None,
            "web": c.get("web") if isinstance(c.get("web"), str) else None}


def _agenda_item(c: dict, meeting: dict, objects: dict[str, dict]) -> Optional[dict]:
    wanted = object_id(c.get("agendaItem"))
    if isinstance(c.get("agendaItem"), dict):
        return c["agendaItem"]
    if wanted and wanted in objects:
        return objects[wanted]["raw"]
    for item in items(meeting.get("raw", {}).get("agendaItem")) if meeting else []:
        item = objects.get(item, {}).get("raw") if isinstance(item, str) else item
        if isinstance(item, dict) and object_id(item.get("consultation")) == object_id(c):
            return item
    return None
