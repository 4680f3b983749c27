"""``ratsspur oparl URL`` against a real OParl server on 127.0.0.1 (issue #6).

The server (tests/oparl/server.py) serves the spec's examples and our own Köln and Koblenz
objects with real PDFs, paginated, filtered by modified_since, with vendor quirks and faults
(HTTP 500/503, broken JSON, a time-out). Every test uses a real SQLite file; nothing is mocked.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.oparl.importer import SyncOptions, advance, sync
from pipeline.oparl.objects import body_name, check_modified, clean_text, parse_datetime, short_type
from tests.oparl import fixtures
from tests.oparl.server import OParlServer
from tests.oparl.validate import errors, kind_of

FAST = dict(delay=0.0, backoff=0.01, timeout=1.0, retries=2, max_file_bytes=2**20, ocr=False)
KOELN = {"749": "koeln:1234/2014", "750": "koeln:0815/2014", "751": "koeln:1701/2014"}
KOBLENZ = {"197": "koblenz:BV/0197/2026", "310": "koblenz:UV/0310/2025", "109": "koblenz:BV/0109/2021"}


@pytest.fixture
def server():
    with OParlServer(per_page=2, slow_seconds=1.5) as running:
        fixtures.build(running)
        yield running


def options(tmp_path: Path, **changes) -> SyncOptions:
    return SyncOptions(files_dir=tmp_path / "files", **{**FAST, **changes})


def rows(db: Path, sql: str, params=()) -> list[dict]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


def oparl_paper_ids(server) -> dict[str, str]:
    """OParl paper id → the Ratsspur paper id it must become."""
    wanted = {}
    for key, pid in KOELN.items():
        wanted[f"{server.base}/paper/{key}"] = pid
    for key, pid in KOBLENZ.items():
        wanted[f"{server.base}/koblenz/paper/{key}"] = pid
    return wanted


def file_requests(server) -> list[str]:
    return [r for r in server.requested() if "/files/" in r or "/dokumente/" in r]


def test_fixture_objects_are_valid_oparl_except_the_deliberate_quirks(server):
    """The test server is realistic: its objects pass the OParl schemas, but for the quirks."""
    quirky = {f"{server.base}/paper/751", f"{server.base}/koblenz/paper/109",  # no `type`
              f"{server.base}/koblenz/paper/197"}  # consultations as URLs
    checked = 0
    for path, obj in server.objects.items():
        if obj.get("id") in quirky or "type" not in obj:
            continue
        found = errors(obj, kind_of(obj))
        if path == "/meeting/281":  # the spec's own example lacks the agenda item's required `order`
            assert found == ["agendaItem/0: 'order' is a required property"]
            continue
        assert found == [], path
        checked += 1
    assert checked >= 20


def test_cli_imports_papers_files_and_consultations_then_syncs_only_changes(server, tmp_path):
    db = tmp_path / "ratsspur.db"
    # Transient faults: each is retried and must not show in the result.
    server.fail("/body/0/papers/?page=2", "500")
    server.fail("/koblenz/organizations", "json")
    server.fail("/koblenz/meetings", "slow")
    server.fail("/files/60001.pdf", "500")
    result = CliRunner().invoke(cli, [
        "oparl", server.base + "/", "--db", str(db), "--files-dir", str(tmp_path / "files"),
        "--delay", "0", "--backoff", "0.01", "--timeout", "1", "--retries", "2",
        "--max-file-mb", "1", "--no-ocr", "--quiet"])
    assert result.exit_code == 0, result.output
    assert server.requested().count("/body/0/papers/?page=2") == 2

    # Every paper, under its OParl id and web URL, in the right body.
    papers = {r["oparl_id"]: r for r in rows(db, "SELECT * FROM papers WHERE oparl_id IS NOT NULL")}
    assert {k: v["id"] for k, v in papers.items()} == oparl_paper_ids(server)
    assert papers[f"{server.base}/koblenz/paper/197"]["web"] == f"{server.base}/koblenz/web/vorlage/197"
    # The text of BV/0197/2026 names no body: it comes from the OParl Body, and says so.
    bv197 = papers[f"{server.base}/koblenz/paper/197"]
    assert bv197["body_id"] == "koblenz" and "body_id" in bv197["api_fields"].split(",")
    assert bv197["body_source"] == "oparl" and bv197["text"]
    # A paper without any file is known from the API alone; HTML is gone from its name.
    api_only = papers[f"{server.base}/paper/751"]
    assert api_only["text"] is None and api_only["placeholder"] == 0
    assert api_only["subject"] == "Bebauungsplan Deutzer Hafen - Satzungsbeschluss"
    assert set(api_only["api_fields"].split(",")) == {"body_id", "reference", "date", "subject", "type"}
    assert papers[f"{server.base}/koblenz/paper/310"]["subject"] == "Aktueller Sachstand Max-von-Laue-Gymnasium"

    # Every file: read through the same pipeline, or skipped with a reason (1.8 MB > 1 MiB).
    files = {r["id"].rsplit("/", 1)[-1]: r for r in rows(db, "SELECT * FROM oparl_files")}
    assert len(files) == 9
    assert {k for k, f in files.items() if f["status"] == "loaded"} == set(files) - {"197-2"}
    assert files["197-2"]["status"] == "too_large"
    assert not any("Anlage-2" in r for r in server.requested())  # refused by its declared size
    loaded = rows(db, "SELECT f.path, f.source, o.paper_id FROM oparl_files o JOIN files f ON f.id = o.file_id")
    assert all(Path(r["path"]).is_file() and r["source"].startswith(server.base) for r in loaded)
    assert files["197"]["paper_id"] == "koblenz:BV/0197/2026"
    assert rows(db, "SELECT parent_id FROM papers WHERE id = ?", [files["197-1"]["paper_id"]]) == [
        {"parent_id": "koblenz:BV/0197/2026"}]  # Anlage 1 linked by the number printed on it
    # The Satzung names no parent number; the API lists it as BV/0109/2021's auxiliaryFile.
    assert rows(db, "SELECT parent_id, parent_link_method, parent_link_confidence FROM papers WHERE id = ?",
                [files["109-1"]["paper_id"]]) == [{"parent_id": "koblenz:BV/0109/2021",
                                                   "parent_link_method": "oparl_auxiliary_file",
                                                   "parent_link_confidence": 1.0}]
    assert {r["error"] for r in rows(db, "SELECT error FROM errors WHERE stage = 'oparl'")} == {"too_large"}

    # Consultations from the API, with roles, beside those read from the text.
    api = rows(db, "SELECT * FROM oparl_consultations WHERE paper_id = 'koblenz:BV/0197/2026' ORDER BY date, organization")
    assert [(c["organization"], c["date"], c["role"]) for c in api] == [
        ("Ausschuss für Stadtentwicklung und Mobilität", "2026-04-21", "Vorberatung"),
        ("Schulträgerausschuss", "2026-04-21", "Vorberatung"),
        ("Haupt- und Finanzausschuss", "2026-05-18", "Vorberatung"),
        ("Stadtrat", "2026-05-28", "Entscheidung")]
    assert api[-1]["authoritative"] == 1 and api[-1]["agenda_item"] == "12"
    compared = rows(db, "SELECT source, organization_id, date FROM consultations_compared "
                        "WHERE paper_id = 'koblenz:BV/0197/2026'")
    by_source = {s: {(c["organization_id"], c["date"]) for c in compared if c["source"] == s}
                 for s in ("text", "oparl")}
    assert by_source["text"] == by_source["oparl"] and len(by_source["text"]) == 4
    assert rows(db, "SELECT count(*) AS n FROM oparl_consultations")[0]["n"] == 9
    example = rows(db, "SELECT * FROM oparl_consultations WHERE id = ?", [f"{server.base}/consultation/1034"])[0]
    assert (example["paper_id"], example["agenda_item"], example["result"], example["date"]) == (
        "koeln:0815/2014", "10.1", "Geändert beschlossen", "2013-01-04")

    # Where API and text disagree, both are kept and the row shows the printed value.
    found = {(d["paper_id"], d["field"]): (d["api_value"], d["text_value"])
             for d in rows(db, "SELECT * FROM discrepancies")}
    assert found == {("koeln:1234/2014", "date"): ("2014-04-04", "2014-04-03"),
                     ("koblenz:UV/0310/2025", "reference"): ("0310/2025", "UV/0310/2025")}

    # Vendor quirks were logged on the objects, and the import went on.
    quirks = {r["id"]: json.loads(r["quirks"]) for r in rows(db, "SELECT id, quirks FROM oparl_objects WHERE quirks IS NOT NULL")}
    assert {"missing_type", "html_in_name"} <= set(quirks[f"{server.base}/paper/751"])
    assert {"missing_type", "bad_modified"} <= set(quirks[f"{server.base}/koblenz/paper/109"])

    # --- second run: a paper changed with a new file version, one deleted, a meeting moved ----
    server.reset_log()
    changed_pdf = fixtures.pdf([line.replace("Satzungsänderung für Ausschreibungen",
                                             "Neufassung der Vergabesatzung") for line in fixtures.KOELN_750])
    server.files["/files/60001.pdf"] = changed_pdf
    paper = server.touch(f"{server.base}/paper/750", name="Neufassung der Vergabesatzung")
    paper["mainFile"]["modified"] = paper["modified"]
    server.touch(f"{server.base}/koblenz/meeting/hfa-2026-05-18", start="2026-05-19T16:00:00+02:00")
    deleted = {"id": f"{server.base}/paper/751", "type": fixtures.T + "Paper", "deleted": True}
    server.add_object(deleted["id"], deleted)  # what a server sends for a deleted object
    server.touch(deleted["id"])
    summary = sync(server.base + "/", db, options(tmp_path))
    assert summary.ok, summary.failures
    lists = [r for r in server.requested() if r not in ("/", "/bodies")]
    assert len(lists) == 7 and file_requests(server) == ["/files/60001.pdf"], server.requested()
    assert all("modified_since=" in r for r in lists if "/files/" not in r)
    assert dict(summary.changed) == {"Paper": 2, "Meeting": 1}
    assert rows(db, "SELECT subject FROM papers WHERE id = 'koeln:0815/2014'")[0]["subject"] == \
        "Neufassung der Vergabesatzung"
    assert rows(db, "SELECT date FROM oparl_consultations WHERE id = ?",
                [f"{server.base}/koblenz/consultation/197-hfa"])[0]["date"] == "2026-05-19"
    assert rows(db, "SELECT count(*) AS n FROM papers WHERE oparl_id IS NOT NULL")[0]["n"] == 6
    gone = rows(db, "SELECT withdrawn, status, subject FROM papers WHERE id = 'koeln:1701/2014'")[0]
    assert gone == {"withdrawn": 1, "status": "withdrawn", "subject": "Bebauungsplan Deutzer Hafen - Satzungsbeschluss"}

    # --- third run: nothing changed, nothing but the list pages is transferred -----------------
    server.reset_log()
    summary = sync(server.base + "/", db, options(tmp_path))
    assert summary.ok and not summary.changed and not file_requests(server)
    assert len(server.requested()) == 8  # system, bodies, six list pages


def test_broken_pages_keep_what_was_imported_and_the_next_run_resumes(server, tmp_path):
    db = tmp_path / "ratsspur.db"
    server.fail("/koblenz/papers?page=2", "down")      # 503 on every request, retries included
    server.fail("/body/0/meetings/", "json", "json", "json")  # broken JSON, more than the retries
    first = sync(server.base + "/", db, options(tmp_path))
    assert not first.ok and len(first.failures) == 2
    imported = {r["id"] for r in rows(db, "SELECT id FROM papers WHERE oparl_id IS NOT NULL")}
    assert imported == set(KOELN.values()) | {KOBLENZ["197"], KOBLENZ["310"]}
    state = {r["list"] + "@" + r["body_id"]: r for r in rows(db, "SELECT * FROM oparl_sync")}
    assert state["paper@koblenz"]["status"] == "failed"
    assert state["paper@koblenz"]["next_url"].endswith("/koblenz/papers?page=2")
    assert state["meeting@koeln"]["status"] == "failed"
    errors_rows = rows(db, "SELECT path, error, message FROM errors WHERE stage = 'oparl'")
    assert {r["error"] for r in errors_rows} == {"http_503", "invalid_json", "too_large"}
    # Without the meeting list the Köln consultations lack their dates, but they are there.
    assert rows(db, "SELECT count(*) AS n, count(date) AS dated FROM oparl_consultations "
                    "WHERE paper_id LIKE 'koeln:%'") == [{"n": 3, "dated": 0}]

    server.heal()
    server.reset_log()
    second = sync(server.base + "/", db, options(tmp_path))
    assert second.ok, second.failures
    requested = server.requested()
    assert "/koblenz/papers?page=2" in requested and "/koblenz/papers" not in requested
    assert "/body/0/meetings/" in requested  # failed on its first page: fetched in full again
    assert sorted(file_requests(server)) == sorted(
        f"/koblenz/dokumente/{name}?download=1" for name in (
            "BV-0109-2021.pdf", "BV-0109-2021-Anlage-Satzung.pdf"))
    imported = {r["id"] for r in rows(db, "SELECT id FROM papers WHERE oparl_id IS NOT NULL")}
    assert imported == set(KOELN.values()) | set(KOBLENZ.values())
    assert rows(db, "SELECT count(*) AS n, count(date) AS dated FROM oparl_consultations") == [{"n": 9, "dated": 9}]
    assert [r["error"] for r in rows(db, "SELECT error FROM errors WHERE stage = 'oparl'")] == ["too_large"]
    assert {r["status"] for r in rows(db, "SELECT status FROM oparl_sync")} == {"complete"}


class Killed(Exception):
    """Stands for the process being stopped (Ctrl-C, a crash, the machine going down)."""


@pytest.mark.parametrize("stop_at", ["page", "paper"])
def test_a_killed_sync_resumes_where_it_stopped(server, tmp_path, stop_at):
    db = tmp_path / "ratsspur.db"

    def kill(event: str, detail: dict) -> None:
        # "page": after Koblenz' first page of papers; "paper": after its first paper is read.
        if event == stop_at and detail.get("body") == "koblenz" and detail.get("list", "paper") == "paper":
            raise Killed()

    with pytest.raises(Killed):
        sync(server.base + "/", db, options(tmp_path, concurrency=2), progress=kill)
    run = rows(db, "SELECT finished FROM runs")[-1]
    assert run["finished"] is None  # the run did not finish, and says so
    before = list(server.requested())
    assert rows(db, "SELECT count(*) AS n FROM papers WHERE oparl_id LIKE '%/koblenz/%'")[0]["n"] == (
        0 if stop_at == "page" else 1)

    summary = sync(server.base + "/", db, options(tmp_path))
    assert summary.ok, summary.failures
    after = server.requested()[len(before):]
    imported = {r["id"] for r in rows(db, "SELECT id FROM papers WHERE oparl_id IS NOT NULL")}
    assert imported == set(KOELN.values()) | set(KOBLENZ.values())
    # Nothing fetched twice: each file once over both runs, no list page of papers again.
    downloads = [r for r in before + after if "/files/" in r or "/dokumente/" in r]
    assert len(downloads) == len(set(downloads)) == 8  # nine files, one over the size limit
    if stop_at == "page":
        assert "/koblenz/papers?page=2" in after and "/koblenz/papers" not in after
    assert rows(db, "SELECT count(*) AS n FROM oparl_consultations WHERE paper_id IS NOT NULL")[0]["n"] == 9
    assert {r["status"] for r in rows(db, "SELECT status FROM oparl_objects WHERE type = 'Paper'")} == {"mapped"}


def test_a_body_url_works_alone_and_oversized_files_are_cut_off_while_streaming(server, tmp_path):
    db = tmp_path / "ratsspur.db"
    bv109 = server.get(f"{server.base}/koblenz/paper/109")
    del bv109["mainFile"]["size"]  # 330 kB, but the API does not say so
    summary = sync(server.base + "/koblenz", db, options(tmp_path, max_file_bytes=300_000))
    assert summary.bodies == ["koblenz"] and summary.ok
    assert "/" not in server.requested() and "/bodies" not in server.requested()
    status = {r["id"].rsplit("/", 1)[-1]: r["status"] for r in rows(db, "SELECT id, status FROM oparl_files")}
    assert status["109"] == "too_large" and status["197-2"] == "too_large"
    assert server.requested().count("/koblenz/dokumente/BV-0109-2021.pdf?download=1") == 1  # no retry
    assert not list((tmp_path / "files").rglob("*.part"))
    assert {r["id"] for r in rows(db, "SELECT id FROM papers WHERE oparl_id IS NOT NULL")} == set(KOBLENZ.values())
    # Without its file, BV/0109/2021 is known from the API alone, under the API's number.
    bv = rows(db, "SELECT * FROM papers WHERE id = 'koblenz:BV/0109/2021'")[0]
    assert bv["text"] is None and "reference" in bv["api_fields"].split(",")


def test_vendor_quirks_are_named_and_read_as_well_as_possible():
    quirks: list[str] = []
    assert clean_text("Sanierung <b>Turnhalle</b>&nbsp;Gereonswall<br/>", quirks) == "Sanierung Turnhalle Gereonswall"
    assert short_type({}, "Paper", quirks) == "Paper"
    assert short_type({"type": "https://schema.oparl.org/1.0/Paper"}, "Paper", quirks) == "Paper"
    assert check_modified({"modified": "2099-01-01T00:00:00+01:00"}, quirks) is None
    assert check_modified({"modified": "gestern"}, quirks) is None
    assert quirks == ["html_in_name", "missing_type", "old_type_url", "future_modified", "bad_modified"]
    assert body_name({"name": "Stadt Köln, kreisfreie Stadt"}, []) == "Köln"
    assert body_name({"shortName": "Koblenz", "name": "Stadt Koblenz"}, []) == "Koblenz"


def test_the_watermark_passes_the_newest_object_but_never_the_servers_clock():
    started = "2026-04-10T12:00:00+00:00"
    mark = advance(None, parse_datetime("2026-04-10T09:00:00+02:00"), started)
    assert mark == "2026-04-10T09:00:01+02:00"  # one second past: unchanged objects are not sent again
    assert advance(mark, parse_datetime("2021-01-01T00:00:00+01:00"), started) == mark  # older: no change
    # Changed during the run (after the server's clock at its start): fetched again next time.
    assert advance(mark, parse_datetime("2026-04-10T12:30:00+00:00"), started) == started
