"""Screenshots of the Ratsspur pages for the documentation, taken from the real server.

    python -m pipeline.publish.screenshots --db data/ratsspur.db --out docs

starts ``ratsspur serve`` on a free port, opens the pages in Chromium (Playwright) and writes
``trail.png``, ``timeline.png`` and ``search.png``. Which paper and programme are shown is read
from the database (the paper with the richest trail, the programme named by most papers) unless
given with ``--trail BODY/SLUG`` and ``--timeline BODY`` / ``--programme``.
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path
from typing import Optional
from urllib.parse import urlencode

from .running import running_server

CHROMIUM = Path("/usr/bin/chromium")
SEARCH_COLUMNS = ("body_id", "reference", "slug", "type", "date", "subject", "status", "text")
MAX_HEIGHT = 2400  # px; long pages are cut, the top says what they are
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def launch(playwright, **options):
    """Chromium from the system (browsers cannot be downloaded here), without network chatter."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, **options)


def richest_trail(db_path) -> Optional[str]:
    """``body/slug`` of the loaded paper with the most references in both directions."""
    with sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True) as conn:
        row = conn.execute(
            "SELECT p.body_id, p.slug FROM papers p LEFT JOIN trail t ON t.paper_id = p.id "
            "WHERE p.placeholder = 0 GROUP BY p.id "
            "ORDER BY p.status = 'rescinded' DESC, count(t.paper_id) DESC, p.id LIMIT 1").fetchone()
    return f"{row[0]}/{row[1]}" if row else None


def busiest_programme(db_path) -> tuple[Optional[str], Optional[str]]:
    """(body, programme) with the most papers: from commitments, else from programme names."""
    with sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True) as conn:
        row = conn.execute(
            "SELECT body_id, programme FROM commitments GROUP BY 1, 2 "
            "ORDER BY count(DISTINCT paper_id) DESC LIMIT 1").fetchone()
        row = row or conn.execute(
            "SELECT p.body_id, e.name FROM entities e JOIN papers p ON p.id = e.paper_id "
            "WHERE e.label = 'PROGRAMME' GROUP BY 1, 2 "
            "ORDER BY count(DISTINCT e.paper_id) DESC, p.body_id LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (None, None)


def search_word(db_path, trail: Optional[str]) -> str:
    """A word for the search screenshot: the longest word in the subject of the trail's paper."""
    body, _, slug = (trail or "").partition("/")
    with sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True) as conn:
        row = conn.execute("SELECT subject FROM papers WHERE body_id = ? AND slug = ? "
                           "AND subject IS NOT NULL", [body, slug]).fetchone()
    words = sorted(("".join(ch for ch in w if ch.isalpha()) for w in (row[0] if row else "").split()),
                   key=len, reverse=True)
    return words[0] if words and len(words[0]) >= 3 else "Vorlage"


def take(db_path, out: Path, trail: Optional[str], body: Optional[str], programme: Optional[str],
         search: Optional[str], width: int = 1100) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    trail = trail or richest_trail(db_path)
    if not body:
        body, found = busiest_programme(db_path)
        programme = programme or found
    search = search or search_word(db_path, trail)
    shots = []
    with running_server(db_path) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": width, "height": 900})
        columns = [("_col", c) for c in SEARCH_COLUMNS]
        targets = [("search.png", f"/ratsspur/papers?{urlencode([('_search', search), *columns])}")]
        if trail:
            targets.insert(0, ("trail.png", f"/-/trail/{trail}"))
        if body:
            query = f"?{urlencode({'programme': programme})}" if programme else ""
            targets.insert(1, ("timeline.png", f"/-/timeline/{body}{query}"))
        for name, path in targets:
            response = page.goto(base + path)
            if not response or response.status != 200:
                raise RuntimeError(f"{path} answered {response.status if response else 'nothing'}")
            target = out / name
            height = page.evaluate("document.documentElement.scrollHeight")
            results = page.locator("table.rows-and-columns")
            if results.count():  # a table page: stop below the results
                box = results.bounding_box()
                height = min(height, int(box["y"] + box["height"]) + 24)
            page.screenshot(path=str(target), full_page=True,
                            clip={"x": 0, "y": 0, "width": width, "height": min(height, MAX_HEIGHT)})
            shots.append(target)
        browser.close()
    return shots


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="data/ratsspur.db")
    parser.add_argument("--out", default="docs", type=Path)
    parser.add_argument("--trail", help="BODY/SLUG of the paper whose trail to show")
    parser.add_argument("--timeline", dest="body", help="municipality (body id) of the timeline")
    parser.add_argument("--programme", help="programme of the timeline, e.g. KIM")
    parser.add_argument("--search", help="word for the full-text search screenshot")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"{CHROMIUM} is missing: install chromium (make system-deps).", file=sys.stderr)
        return 1
    for path in take(args.db, args.out, args.trail, args.body, args.programme, args.search):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
