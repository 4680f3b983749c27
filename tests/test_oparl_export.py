"""The OParl export served by Datasette under /-/oparl/v1/ (issue #6), validated against the
OParl 1.1 schemas (tests/oparl/schema, $refs resolved locally).

The database is real: corpus/leverkusen and corpus/koblenz ingested, then the test OParl server
imported on top, so papers carry both what the text says and their OParl ids. Datasette loads
the plugin through its entry point, as ``ratsspur serve`` does.
"""
from __future__ import annotations

import asyncio
import hashlib
import shutil
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from datasette.app import Datasette

from pipeline.ingest import ingest
from pipeline.oparl.importer import SyncOptions, sync
from tests.oparl import fixtures
from tests.oparl.server import OParlServer
from tests.oparl.validate import errors, kind_of

ROOT = Path(__file__).resolve().parents[1]
API = "/-/oparl/v1"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("oparl-export")
    corpus = folder / "corpus"
    for town in ("leverkusen", "koblenz"):
        shutil.copytree(ROOT / "corpus" / town, corpus / town)
    path = folder / "ratsspur.db"
    ingest([corpus], path, ocr=False)
    with OParlServer() as server:
        fixtures.build(server)
        summary = sync(server.base + "/koblenz", path, SyncOptions(
            files_dir=folder / "files", delay=0, backoff=0.01, timeout=2, ocr=False))
    assert summary.ok, summary.failures
    return path


class Client:
    """Datasette's in-process client, synchronously, returning (status, JSON or bytes, headers)."""

    def __init__(self, db_path: Path):
        self.ds = Datasette([str(db_path)], settings={"num_sql_threads": 1})
        asyncio.run(self.ds.invoke_startup())

    def get(self, url: str):
        path = urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
        response = asyncio.run(self.ds.client.get(path, follow_redirects=True))
        kind = response.headers.get("content-type", "")
        body = response.json() if kind.startswith("application/json") else response.content
        return response.status_code, body, response.headers


@pytest.fixture(scope="module")
def client(db_path) -> Client:
    return Client(db_path)


def ok(client: Client, url: str) -> dict:
    status, body, headers = client.get(url)
    assert status == 200, (url, body)
    assert headers["access-control-allow-origin"] == "*"
    return body


def paper_url(pid: str) -> str:
    return f"{API}/paper/{quote(pid, safe='')}"


def test_plugin_is_registered_through_its_entry_point(client):
    from datasette.plugins import pm

    plugin = pm.get_plugin("ratsspur_oparl")  # the entry point's name; Datasette lists the distribution's
    assert plugin is not None and plugin.__name__ == "pipeline.oparl.datasette_plugin"
    assert ok(client, f"{API}/")["type"] == "https://schema.oparl.org/1.1/System"  # redirected


def test_every_object_reachable_from_the_system_is_valid_oparl(client):
    """Crawl System → bodies → body → lists → papers → files, organizations, consultations."""
    system = ok(client, f"{API}/system")
    assert errors(system, "System") == []
    todo, seen, counts = [system["body"]], set(), {}
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        doc = ok(client, url)
        if "data" in doc:  # a list page: validate as a list of its objects, follow next
            kind = {"bodies": "Body", "papers": "Paper", "organizations": "Organization",
                    "meetings": "Meeting", "persons": "Person"}[url.split("?")[0].rsplit("/", 1)[-1]]
            assert errors(doc, kind, is_list=True) == [], url
            todo += [doc["links"]["next"]] if "next" in doc["links"] else []
            todo += [item["id"] for item in doc["data"]]
            continue
        kind = kind_of(doc)
        assert errors(doc, kind) == [], (url, doc)
        assert doc["id"] == url.split("?")[0]
        counts[kind] = counts.get(kind, 0) + 1
        if kind == "Body":
            todo += [doc[k] for k in ("paper", "organization", "meeting", "person")]
        if kind == "Paper":
            files = ([doc["mainFile"]] if "mainFile" in doc else []) + doc.get("auxiliaryFile", [])
            todo += [f["id"] for f in files] + [c["id"] for c in doc.get("consultation", [])]
            todo += doc.get("relatedPaper", []) + doc.get("subordinatedPaper", [])
            todo += [o for c in doc.get("consultation", []) for o in c.get("organization", [])]
    assert counts["Body"] == 2 and counts["Paper"] >= 12
    assert counts["File"] >= 8 and counts["Consultation"] >= 8 and counts["Organization"] >= 4


def test_paper_lists_paginate_over_every_paper_of_a_body(client, db_path):
    import sqlite3

    with sqlite3.connect(db_path) as conn:
        wanted = {r[0] for r in conn.execute("SELECT id FROM papers WHERE body_id = 'leverkusen'")}
    url, found = f"{API}/body/leverkusen/papers?per_page=2", set()
    while url:
        page = ok(client, url)
        assert len(page["data"]) <= 2 and page["pagination"]["totalElements"] == len(wanted)
        found |= {p["id"] for p in page["data"]}
        url = page["links"].get("next")
    assert found == {f"http://localhost{paper_url(pid)}" for pid in wanted}


def test_a_rescinding_paper_names_the_papers_it_cites_as_related(client):
    paper = ok(client, paper_url("leverkusen:2024/3092"))
    assert paper["reference"] == "2024/3092" and paper["body"].endswith(f"{API}/body/leverkusen")
    assert {urlsplit(u).path for u in paper["relatedPaper"]} >= {
        paper_url("leverkusen:2021/1121"), paper_url("leverkusen:2022/1410")}
    assert paper["consultation"] and all(c["role"] for c in paper["consultation"])
    # …and the rescinded paper names it back, with its status as an extension.
    rescinded = ok(client, paper_url("leverkusen:2021/1121"))
    assert f"http://localhost{paper_url('leverkusen:2024/3092')}" in rescinded["relatedPaper"]
    assert rescinded["ratsspur:status"] == "rescinded"
    placeholder = ok(client, paper_url("leverkusen:2022/1410"))
    assert placeholder["ratsspur:placeholder"] is True and "mainFile" not in placeholder


def test_an_imported_paper_shows_its_files_anlagen_consultations_and_oparl_origin(client):
    paper = ok(client, paper_url("koblenz:BV/0197/2026"))
    assert paper["name"] == "Errichtung einer Interimsschule" and paper["paperType"] == "Beschlussvorlage"
    assert paper["ratsspur:oparlId"].endswith("/koblenz/paper/197")
    assert "ratsspur:apiFields" not in paper  # the ingest had read all of it from the file already
    assert paper["mainFile"]["mimeType"] == "application/pdf"
    assert paper["mainFile"]["accessUrl"].endswith("/koblenz/dokumente/BV-0197-2026.pdf")  # the original
    assert sorted(f["name"] for f in paper["auxiliaryFile"]) == [
        "BV-0197-2026-Anlage-1.pdf", "BV-0197-2026-Anlage-2.pdf"]
    assert paper["subordinatedPaper"]  # Anlage 1 names its Vorlage: linked by Ratsspur too
    anlage = ok(client, urlsplit(paper["subordinatedPaper"][0]).path)
    assert urlsplit(anlage["superordinatedPaper"][0]).path == paper_url("koblenz:BV/0197/2026")
    assert sorted((c["ratsspur:date"], c["ratsspur:organizationName"]) for c in paper["consultation"]) == [
        ("2026-04-21", "Ausschuss für Stadtentwicklung und Mobilität"), ("2026-04-21", "Schulträgerausschuss"),
        ("2026-05-18", "Haupt- und Finanzausschuss"), ("2026-05-28", "Stadtrat")]
    assert all(c["ratsspur:quote"] for c in paper["consultation"])
    organization = ok(client, urlsplit(paper["consultation"][0]["organization"][0]).path)
    assert organization["ratsspur:oparlId"]  # the committee is known from the API too


def test_a_paper_ingested_without_its_body_gets_it_from_the_oparl_import(client):
    """corpus/koblenz was ingested without sources.csv: BV/0109/2021 names no body and became
    `unbekannt:BV/0109/2021`; the OParl import read the same file again under its Body."""
    paper = ok(client, paper_url("koblenz:BV/0109/2021"))
    assert paper["ratsspur:apiFields"] == ["body_id"] and paper["ratsspur:oparlId"].endswith("/paper/109")
    assert "BV-0109-2021-Anlage-Satzung.pdf" in {f["name"] for f in paper["auxiliaryFile"]}
    assert paper["consultation"]
    assert client.get(paper_url("unbekannt:BV/0109/2021"))[0] == 404


def test_ids_work_with_raw_slashes_and_unknown_ids_are_404(client):
    assert ok(client, f"{API}/paper/koblenz:BV/0197/2026")["reference"] == "BV/0197/2026"
    for url in (paper_url("koblenz:XX/9999/2099"), f"{API}/body/nirgendwo", f"{API}/body/nirgendwo/papers",
                f"{API}/file/{'0' * 64}", f"{API}/organization/x", f"{API}/consultation/x"):
        status, body, _ = client.get(url)
        assert status == 404 and "not found" in body["error"], url


def test_a_file_kept_on_this_machine_can_be_downloaded_unchanged(client, db_path):
    paper = ok(client, paper_url("leverkusen:2021/1121"))
    file = paper["mainFile"]
    assert file["accessUrl"].endswith("/download")
    status, body, headers = client.get(file["accessUrl"])
    assert status == 200 and headers["content-type"].startswith("text/plain")
    assert hashlib.sha256(body).hexdigest() == file["ratsspur:sha256"]
