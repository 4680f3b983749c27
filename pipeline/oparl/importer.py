"""``ratsspur oparl URL``: import a council information system through its OParl API.

The walk is System → Body → the body's lists (organization, meeting, paper), page by page along
``links.next``. Each page is stored in one transaction together with the list's sync state
(``oparl_sync``), so an interrupted or failed sync loses nothing and the next run resumes at the
page it stopped on. A completed list remembers a watermark; the next run asks only for objects
``modified_since`` then. Papers that are new or changed get their files downloaded and run through
the same pipeline as ``ratsspur ingest`` (:mod:`pipeline.oparl.papers`); finally the database
is linked. Problems with one page or file are recorded (``errors``, ``oparl_sync.error``,
``oparl_files.error``) and the sync goes on.
"""
from __future__ import annotations

import json
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable, Optional, Union

import sqlite_utils

import schema

from .. import __version__
from ..link import link, pending_bodies
from ..load import clear_errors, record_error
from .client import FetchError, OParlClient, with_params
from .objects import items, json_hash, object_id, parse_datetime, short_type
from .papers import build_papers, map_consultations
from .store import (EMBEDDED_TYPES, Stored, now_iso, paper_files, register_files, store_body,
                    store_object, store_organization)

log = logging.getLogger("ratsspur.oparl")

LISTS = ("organization", "meeting", "paper")
LIST_TYPES = {"organization": "Organization", "meeting": "Meeting", "paper": "Paper", "body": "Body"}
# Properties whose objects a vendor may give as URLs and that the import needs: fetched one by one.
NEEDED_URLS = {"Paper": ("mainFile", "auxiliaryFile", "consultation"), "Meeting": ("agendaItem",)}
MAX_PAGES = 100_000

Progress = Callable[[str, dict], None]


@dataclass
class SyncOptions:
    """How to sync; the defaults are polite to a municipality's server."""

    files_dir: Optional[Path] = None  # default: oparl-files/ beside the database
    max_file_bytes: int = 50 * 2**20
    concurrency: int = 2
    delay: float = 0.5
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0
    ocr: bool = True
    full: bool = False  # ignore modified_since and fetch every object again
    lists: tuple[str, ...] = LISTS


@dataclass
class SyncSummary:
    run_id: int
    url: str
    bodies: list[str] = field(default_factory=list)
    received: Counter = field(default_factory=Counter)  # objects by type
    changed: Counter = field(default_factory=Counter)   # new or changed objects by type
    pages: int = 0
    files: Counter = field(default_factory=Counter)     # file outcomes: loaded, unchanged, failed, ...
    papers_mapped: int = 0
    quirks: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    requests: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures


class _Context:
    """What every step of one sync needs."""

    def __init__(self, db, client, options, summary, progress):
        self.db: sqlite_utils.Database = db
        self.client: OParlClient = client
        self.options: SyncOptions = options
        self.summary: SyncSummary = summary
        self.progress: Progress = progress or (lambda event, detail: None)
        self.run_id = summary.run_id

    def note(self, stored: Stored) -> None:
        self.summary.received[stored.type or "?"] += 1
        if stored.changed:
            self.summary.changed[stored.type or "?"] += 1
        self.summary.quirks.update(stored.quirks)

    def fail(self, where: str, error: FetchError) -> None:
        message = f"{where}: {error.message} ({error.url})"
        log.warning("OParl: %s", message)
        self.summary.failures.append(message)
        record_error(self.db, run_id=self.run_id, path=error.url, file_id=None, stage="oparl",
                     error=error.kind, message=f"{where}: {error.message}.")


def sync(url: str, db_path: Union[str, Path], options: Optional[SyncOptions] = None,
         progress: Optional[Progress] = None) -> SyncSummary:
    """Bring the database up to date with the OParl System or Body at ``url``."""
    options = options or SyncOptions()
    if options.files_dir is None:
        options.files_dir = Path(db_path).resolve().parent / "oparl-files"
    started = time.perf_counter()
    db = schema.connect(db_path)
    run_id = db["runs"].insert({"started": now_iso(), "version": __version__,
                                "inputs": json.dumps([url])}).last_pk
    summary = SyncSummary(run_id, url)
    client = OParlClient(timeout=options.timeout, retries=options.retries, backoff=options.backoff,
                         delay=options.delay, concurrency=options.concurrency)
    finished = False
    try:
        _sync(_Context(db, client, options, summary, progress), url)
        finished = True
    finally:
        summary.requests = client.requests
        summary.seconds = round(time.perf_counter() - started, 3)
        db["runs"].update(run_id, {
            "finished": now_iso() if finished else None, "files_seen": sum(summary.files.values()),
            "files_loaded": summary.files["loaded"], "files_unchanged": summary.files["unchanged"],
            "files_failed": sum(n for k, n in summary.files.items() if k not in {"loaded", "unchanged"}),
            "facts": json.dumps({"oparl_objects": dict(summary.received),
                                 "oparl_changed": dict(summary.changed)}),
            "seconds": summary.seconds})
        client.close()
        db.close()
    return summary


def _sync(ctx: _Context, url: str) -> None:
    try:
        root, _ = ctx.client.get_json(url)
    except FetchError as exc:
        ctx.fail("the OParl entry point could not be read", exc)
        return
    if not isinstance(root, dict):
        ctx.fail("the OParl entry point", FetchError(url, "not_oparl", "the answer is not an OParl object"))
        return
    kind = short_type(root, None, []) or ("System" if "oparlVersion" in root else
                                          "Body" if "paper" in root else None)
    if kind == "System":
        store_object(ctx.db, root, expected="System", body_id=None, run_id=ctx.run_id)
        bodies = _bodies(ctx, root.get("body"))
    elif kind == "Body":
        bodies = [root]
    else:
        ctx.fail("the OParl entry point", FetchError(url, "not_oparl", "it is neither an OParl "
                                                     "System nor a Body"))
        return
    for body in bodies:
        _sync_body(ctx, body)
    pending = pending_bodies(ctx.db)  # the bodies this sync changed (and any a stopped run left)
    if pending:
        ctx.progress("link", {})
        link(ctx.db, pending)
    schema.write_full_text(ctx.db)


def _bodies(ctx: _Context, value: Any) -> list[dict]:
    """Every Body of the System: its body list, paginated (embedded arrays and URLs accepted)."""
    if isinstance(value, str):
        found: list[dict] = []
        page_url: Optional[str] = value
        seen: set[str] = set()
        while page_url and page_url not in seen and len(seen) < MAX_PAGES:
            seen.add(page_url)
            try:
                doc, _ = ctx.client.get_json(page_url)
            except FetchError as exc:
                ctx.fail("the list of bodies could not be read", exc)
                break
            data, page_url = _page(doc)
            found.extend(_resolve_items(ctx, data, "Body"))
        return found
    return _resolve_items(ctx, items(value), "Body")


def _resolve_items(ctx: _Context, data: list, expected: str) -> list[dict]:
    """List items as objects: a URL in place of an object is fetched (a vendor quirk)."""
    out = []
    for item in data:
        if isinstance(item, dict):
            out.append(item)
        elif isinstance(item, str):
            ctx.summary.quirks["list_item_is_url"] += 1
            failure = f"a {expected} listed by URL could not be read"
            out.extend(obj for _, obj in _fetch_objects(ctx, [item], failure))
    return out


def _fetch_objects(ctx: _Context, urls: list[str], failure: str):
    """(url, object) for every URL that answers with a JSON object; a URL that fails is recorded
    with ``failure`` and the import goes on."""
    for url in urls:
        try:
            found, _ = ctx.client.get_json(url)
        except FetchError as exc:
            ctx.fail(failure, exc)
            continue
        if isinstance(found, dict):
            yield url, found


def _page(doc: Any) -> tuple[list, Optional[str]]:
    """(items, next page URL) of an OParl list page; a bare JSON array is accepted as one page."""
    if isinstance(doc, list):
        return doc, None
    if not isinstance(doc, dict):
        return [], None
    data = doc.get("data")
    links = doc.get("links") if isinstance(doc.get("links"), dict) else {}
    next_url = links.get("next") if isinstance(links.get("next"), str) else None
    return (data if isinstance(data, list) else []), next_url


def _sync_body(ctx: _Context, body: dict) -> bool:
    body_id, stored = store_body(ctx.db, body, ctx.run_id)
    ctx.note(stored)
    ctx.summary.bodies.append(body_id)
    ctx.progress("body", {"body": body_id, "id": stored.id})
    changed = stored.changed
    for name in ctx.options.lists:
        list_url = body.get(name)
        if not isinstance(list_url, str):
            ctx.summary.quirks[f"body_without_{name}_list"] += 1
            continue
        try:
            changed |= _sync_list(ctx, body_id, stored.id, name, list_url)
        except FetchError as exc:
            ctx.fail(f"{body_id}: the {name} list stopped", exc)
    outcome = build_papers(ctx.db, ctx.client, body_id, options=ctx.options, run_id=ctx.run_id,
                           progress=ctx.progress)
    ctx.summary.files.update(outcome.files)
    ctx.summary.papers_mapped += outcome.papers
    ctx.summary.failures.extend(outcome.failures)
    if changed or outcome.papers:
        map_consultations(ctx.db, body_id)
        with ctx.db.atomic():  # its OParl objects changed (an auxiliaryFile makes an Anlage)
            ctx.db.execute("UPDATE bodies SET needs_link = 1 WHERE id = ?", [body_id])
    return changed or bool(outcome.papers)


def _sync_list(ctx: _Context, body_id: str, body_oparl_id: str, name: str, list_url: str) -> bool:
    """Fetch one list page by page, resuming an interrupted run; True when anything changed."""
    db = ctx.db
    state = db.execute("SELECT since, watermark, next_url, status, started FROM oparl_sync WHERE id = ?",
                       [list_url]).fetchone()
    resume = (state is not None and state[3] in ("running", "failed") and state[2]
              and not ctx.options.full)
    if resume:
        since, watermark, page_url, _, started = state
        ctx.progress("resume", {"body": body_id, "list": name, "url": page_url})
    else:
        if ctx.options.full or state is None:
            since = None
        elif state[3] == "complete":
            since = state[1]
        else:
            since = state[0]  # the last run failed on its first page: same filter again
        watermark, started = since, None
        page_url = with_params(list_url, {"modified_since": since} if since else None)
        db["oparl_sync"].upsert({
            "id": list_url, "body_id": body_id, "body": body_oparl_id, "list": name, "since": since,
            "watermark": since, "next_url": page_url, "status": "running", "started": None,
            "pages": 0, "objects": 0, "error": None}, pk="id")
    changed = False
    seen_pages: set[str] = set()
    while page_url:
        if page_url in seen_pages or len(seen_pages) >= MAX_PAGES:
            ctx.summary.quirks["pagination_loop"] += 1
            break
        seen_pages.add(page_url)
        try:
            doc, server_date = ctx.client.get_json(page_url)
        except FetchError as exc:
            db["oparl_sync"].update(list_url, {"status": "failed", "error": f"{exc.message} ({exc.url})"})
            raise
        if started is None:
            started = server_date or now_iso()
            db["oparl_sync"].update(list_url, {"started": started})
        data, next_url = _page(doc)
        objects = _resolve_items(ctx, data, LIST_TYPES[name])
        fetched = {obj_id: obj for obj in objects for obj_id, obj in _needed_urls(ctx, db, obj, name)}
        with db.atomic():
            for obj in objects:
                stored = _store(ctx, obj, name, body_id, fetched)
                changed |= stored.changed
                watermark = advance(watermark, stored.modified, started)
            db.execute("UPDATE oparl_sync SET next_url = ?, watermark = ?, pages = pages + 1, "
                       "objects = objects + ? WHERE id = ?", [next_url, watermark, len(objects), list_url])
            clear_errors(db, page_url)
        ctx.summary.pages += 1
        ctx.progress("page", {"body": body_id, "list": name, "url": page_url, "objects": len(objects)})
        page_url = next_url
    db["oparl_sync"].update(list_url, {"status": "complete", "next_url": None, "error": None,
                                       "finished": now_iso()})
    return changed


def advance(watermark: Optional[str], modified: Optional[datetime], started: Optional[str]) -> Optional[str]:
    """The next run's ``modified_since`` after seeing an object modified at ``modified``.

    One second past the newest ``modified`` seen (so unchanged objects are not sent again), but
    never past the server's time when the run began: an object changed during the run, on a page
    already passed, is fetched next time. A ``modified`` in the future does not count."""
    cap = parse_datetime(started)
    if modified is None or cap is None:
        return watermark
    candidate = min(modified + timedelta(seconds=1), cap)
    current = parse_datetime(watermark)
    if current is not None and current >= candidate:
        return watermark
    return candidate.isoformat(timespec="seconds")


def _needed_urls(ctx: _Context, db, obj: dict, list_name: str):
    """Objects the import needs that this vendor gives as URLs (files, consultations, agenda
    items): fetched, but only for objects that are new or changed."""
    kind = LIST_TYPES[list_name]
    props = NEEDED_URLS.get(kind, ())
    urls = [item for prop in props for item in items(obj.get(prop)) if isinstance(item, str)]
    if not urls:
        return
    previous = db.execute("SELECT sha256 FROM oparl_objects WHERE id = ?", [object_id(obj)]).fetchone()
    if previous and previous[0] == json_hash(obj):
        return
    ctx.summary.quirks["embedded_object_as_url"] += len(urls)
    yield from _fetch_objects(ctx, urls, f"an object of {object_id(obj)} could not be read")


def _store(ctx: _Context, obj: dict, list_name: str, body_id: str, fetched: dict[str, dict]) -> Stored:
    db = ctx.db
    kind = LIST_TYPES[list_name]
    stored = store_object(db, obj, expected=kind, body_id=body_id, run_id=ctx.run_id)
    ctx.note(stored)
    if not stored.changed:
        return stored
    for prop in NEEDED_URLS.get(kind, ()):
        for item in items(obj.get(prop)):
            if isinstance(item, str) and item in fetched:
                ctx.note(store_object(db, fetched[item], expected=EMBEDDED_TYPES.get(prop),
                                      body_id=body_id, run_id=ctx.run_id, parent=stored.id))
    if kind == "Organization":
        store_organization(db, obj, body_id)
    elif kind == "Paper" and obj.get("deleted") is not True:
        register_files(db, obj, paper_files(obj, fetched), body_id)
    return stored


def format_summary(summary: SyncSummary, db_path) -> str:
    """The lines ``ratsspur oparl`` prints after a sync."""
    changed = ", ".join(f"{k} {v}" for k, v in sorted(summary.changed.items())) or "nothing"
    lines = [
        f"Run {summary.run_id}: {summary.url} → {db_path} in {summary.seconds:.1f} s, "
        f"{summary.requests} requests, {summary.pages} list pages",
        f"Bodies: {', '.join(summary.bodies) or 'none'}; objects received {sum(summary.received.values())}, "
        f"new or changed: {changed}",
        f"Papers mapped {summary.papers_mapped}; files: "
        + (", ".join(f"{k} {v}" for k, v in sorted(summary.files.items())) or "none"),
    ]
    if summary.quirks:
        lines.append("Vendor quirks: " + ", ".join(f"{k} {v}" for k, v in summary.quirks.most_common()))
    lines += [f"  FAILED {failure}" for failure in summary.failures]
    return "\n".join(lines)
