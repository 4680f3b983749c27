"""The real server: ``ratsspur serve`` in a child process, asked over HTTP like any client would."""
from __future__ import annotations

import json
import sqlite3
import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

from pipeline.publish.describe import build_metadata

pytestmark = pytest.mark.xdist_group("datasette")

# Parameters that make each canned query return rows on the corpus.
PARAMS = {"spur": "reference=2021/1121", "neue_programm_vorlagen": "programm=KIM"}
MAY_BE_EMPTY = {"fehler_letzter_lauf"}  # a corpus that loads cleanly has no errors


def fetch(url: str):
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.headers.get("content-type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("content-type", ""), error.read()


def fetch_json(url: str) -> dict:
    status, content_type, body = fetch(url)
    assert status == 200, body[:500]
    assert content_type.startswith("application/json")
    return json.loads(body)


def test_papers_json(server_url):
    data = fetch_json(f"{server_url}/ratsspur/papers.json?_shape=objects")
    references = {row["reference"] for row in data["rows"]}
    assert {"2021/1121", "2024/3092", "3360/VIII", "FB II/4753/2023"} <= references


@pytest.mark.parametrize("name", sorted(build_metadata()["databases"]["ratsspur"]["queries"]))
def test_canned_query_json(server_url, name):
    query = PARAMS.get(name, "")
    data = fetch_json(f"{server_url}/ratsspur/{name}.json?{query}")
    assert data["ok"] is True
    if name not in MAY_BE_EMPTY:
        assert data["rows"], f"{name} returned no rows"


def test_database_is_read_only(server_url):
    data = fetch_json(f"{server_url}/-/databases.json")
    (database,) = [d for d in data if d["name"] == "ratsspur"]
    assert database["is_mutable"] is False


def test_time_limit_setting(server_url):
    assert fetch_json(f"{server_url}/-/settings.json")["sql_time_limit_ms"] == 3000


def test_plugin_is_installed(server_url):
    plugins = {p["name"] for p in fetch_json(f"{server_url}/-/plugins.json")}
    assert {"ratsspur", "datasette-atom"} <= plugins


@pytest.mark.parametrize("path", ["/", "/ratsspur", "/-/trail", "/-/trail/leverkusen/2021-1121",
                                  "/-/timeline", "/-/timeline/leverkusen?programme=KIM",
                                  "/-/source/leverkusen/2024-3092?start=10&end=20",
                                  "/ratsspur-static/ratsspur.css"])
def test_pages_answer(server_url, path):
    status, _, body = fetch(server_url + path)
    assert status == 200, body[:300]


def test_atom_feed_media_type(server_url):
    status, content_type, body = fetch(f"{server_url}/ratsspur/neue_aufhebungen.atom")
    assert status == 200 and content_type.startswith("application/atom+xml")
    assert f"{server_url}/-/trail/".encode() in body  # absolute links to the trail pages


def test_serve_refuses_a_database_that_is_not_ratsspurs(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    result = CliRunner().invoke(cli, ["serve", str(other), "--port", "1"])
    assert result.exit_code == 1 and "no papers table" in result.output
