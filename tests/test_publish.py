"""Datasette in-process over the real corpus database: metadata, canned queries, search, feeds, pages.

The instance is built by :func:`pipeline.publish.create_datasette`, the same configuration
``ratsspur serve`` runs; requests go through Datasette's own ASGI client.
"""
from __future__ import annotations

import asyncio
import re
import sqlite3
from html import unescape

import pytest

from pipeline.publish import create_datasette
from pipeline.publish.describe import build_metadata
from schema.tables import TABLES
from schema.views import VIEWS

pytestmark = pytest.mark.xdist_group("datasette")


@pytest.fixture(scope="module")
def get(corpus_db):
    """``get(path)`` → the response of the in-process Datasette (one event loop per module)."""
    datasette = create_datasette(corpus_db)
    loop = asyncio.new_event_loop()
    yield lambda path: loop.run_until_complete(datasette.client.get(path))
    loop.close()


@pytest.fixture(scope="module")
def sql(corpus_db):
    conn = sqlite3.connect(f"file:{corpus_db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    yield lambda query, *params: conn.execute(query, params).fetchall()
    conn.close()


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.text[:500]
    data = response.json()
    return [dict(zip(data["columns"], row)) for row in data["rows"]]


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# --- metadata -----------------------------------------------------------------------------------

def test_every_table_view_and_column_is_described(get, sql):
    metadata = get("/-/metadata.json").json()["databases"]["ratsspur"]["tables"]
    # SQLite's own tables (sqlite_stat1: planner statistics) are hidden by Datasette, not ours to describe.
    names = [r["name"] for r in sql("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
                                     "AND name NOT LIKE 'papers_fts%' AND name != '_sqlite_migrations' "
                                     "AND name NOT LIKE 'sqlite!_%' ESCAPE '!'")]
    assert set(names) >= {t.name for t in TABLES} | set(VIEWS)
    for name in names:
        described = metadata.get(name, {})
        assert described.get("description"), f"{name} has no description"
        for column in sql(f"PRAGMA table_info([{name}])"):
            assert described.get("columns", {}).get(column["name"]), f"{name}.{column['name']} undescribed"


def test_database_is_served_as_ratsspur_whatever_its_file_name(corpus_db):
    datasette = create_datasette(corpus_db, name="andere")
    assert "andere" in datasette.databases and corpus_db.stem not in datasette.databases
    assert not datasette.databases["andere"].is_mutable
    assert "queries" in datasette.metadata(database="andere")


def test_descriptions_facets_and_sort_come_from_the_schema():
    tables = build_metadata()["databases"]["ratsspur"]["tables"]
    for table in TABLES:
        meta = tables[table.name]
        assert meta["description"] == table.description
        assert meta["columns"] == {c.name: c.description for c in table.columns}
        assert meta.get("facets", []) == list(table.facets)
        assert meta.get("label_column") == table.label_column
        assert meta.get("sort_desc") == table.sort_desc
    assert tables["papers"]["fts_table"] == "papers_fts"


def test_table_page_shows_column_descriptions_and_licence(get):
    html = get("/ratsspur/papers").text
    papers = next(t for t in TABLES if t.name == "papers")
    reference = next(c for c in papers.columns if c.name == "reference")
    assert reference.description.replace("(", "") in unescape(html).replace("(", "")
    assert "§ 5 UrhG" in unescape(html)


# --- canned queries -----------------------------------------------------------------------------

QUERIES = {
    "spur": "?reference=2021/1121",
    "kim_zeitstrahl": "",
    "betraege_nach_jahr": "",
    "aufgehobene_beschluesse": "",
    "fehler_letzter_lauf": "",
    "neue_programm_vorlagen": "?programm=KIM",
    "neue_aufhebungen": "",
}


def test_every_canned_query_is_tested_here():
    assert set(build_metadata()["databases"]["ratsspur"]["queries"]) == set(QUERIES)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_canned_query_runs(get, name):
    response = get(f"/ratsspur/{name}.json{QUERIES[name]}")
    assert response.status_code == 200, response.text[:500]
    assert response.json()["ok"] is True


def test_trail_of_2021_1121_shows_2024_3092_rescinding_it(get):
    trail = rows(get("/ratsspur/spur.json?reference=2021/1121&body=leverkusen"))
    assert {"direction": "cited_by", "relation": "rescinds", "other_reference": "2024/3092"}.items() \
        <= next(r for r in trail if r["relation"] == "rescinds").items()
    assert all(r["reference"] == "2021/1121" for r in trail)


def test_trail_of_2024_3092_cites_both_rescinded_resolutions(get):
    trail = rows(get("/ratsspur/spur.json?reference=2024/3092"))
    rescinded = {r["other_reference"]: r for r in trail if r["relation"] == "rescinds"}
    assert set(rescinded) == {"2021/1121", "2022/1410"}
    assert rescinded["2022/1410"]["other_is_placeholder"] == 1
    assert rescinded["2021/1121"]["resolution_date"] == "2021-12-13"


def test_kim_timeline_lists_the_programme_papers_with_amounts(get):
    timeline = rows(get("/ratsspur/kim_zeitstrahl.json"))
    by_reference = {r["reference"]: r for r in timeline}
    assert {"2021/1121", "2024/3092", "3360/VIII"} <= set(by_reference)
    assert "651895.80" in by_reference["2024/3092"]["cost"]
    assert by_reference["2021/1121"]["status"] == "rescinded"
    dates = [(r["body_id"], r["date"] or "") for r in timeline]
    assert dates == sorted(dates)
    assert {r["body_id"] for r in rows(get("/ratsspur/kim_zeitstrahl.json?body=siegburg"))} == {"siegburg"}


def test_rescinded_resolutions_name_what_rescinded_them(get):
    rescinded = {r["reference"]: r for r in rows(get("/ratsspur/aufgehobene_beschluesse.json"))}
    assert rescinded["2021/1121"]["rescinded_by_reference"] == "2024/3092"
    assert rescinded["2021/1121"]["rescinded_on"] == "2024-12-16"
    assert rescinded["2022/1410"]["placeholder"] == 1


def test_amounts_by_body_year_and_role(get):
    amounts = rows(get("/ratsspur/betraege_nach_jahr.json?body=leverkusen"))
    assert {(r["year"], r["role"]) for r in amounts} >= {("2024", "cost"), ("2024", "funding")}
    assert {r["body_id"] for r in amounts} == {"leverkusen"}


def test_programme_feed_takes_a_programme_by_key_name_or_abbreviation(get):
    def ids(programme):
        return {r["atom_id"] for r in rows(get(f"/ratsspur/neue_programm_vorlagen.json?programm={programme}"))}

    kim = ids("KIM")
    assert {"leverkusen:2021/1121", "leverkusen:2024/3092", "siegburg:3360/VIII"} <= kim
    assert ids("Kommunales%20Integrationsmanagement") == ids("KIM%20NRW") == kim
    assert ids("kim") == ids("Kommunalrichtlinie") == ids("") == set()  # case counts; unknown: none


@pytest.fixture(scope="module")
def million_shaped_db(corpus_db, tmp_path_factory):
    """The corpus copied to 5,000 papers by the benchmark (pipeline.bench.build_big_db), with full
    planner statistics: SQLite plans the canned queries here as it does on a million papers."""
    from pipeline.bench import build_big_db

    path = tmp_path_factory.mktemp("big") / "big.db"
    build_big_db(corpus_db, path, 5000)
    return path


# The indexes each canned query must read, and whether its rows must come in their ORDER BY
# from them: Datasette shows 1,000 rows, and sorting a million to show them reads a million.
READS = {
    "spur": (("idx_papers_reference", "idx_references_paper_id", "idx_references_target_paper_id"), False),
    "kim_zeitstrahl": (("idx_paper_programmes_programme_body_id_date_reference_paper_id",), True),
    "betraege_nach_jahr": (("idx_amount_totals_body_id_year_role",), True),
    "aufgehobene_beschluesse": (("idx_papers_status_status_date_desc_body_id_reference",), True),
    "fehler_letzter_lauf": (("idx_errors_run_id_path",), True),
    "neue_programm_vorlagen": (("idx_paper_programmes_updated_programme_paper_id",), False),
    "neue_aufhebungen": (("idx_papers_status_status_date_desc_body_id_reference",), False),
}


def test_every_canned_query_has_its_indexes_named_here():
    assert set(READS) == set(QUERIES)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_canned_query_reads_its_indexes_not_whole_tables(million_shaped_db, name):
    query = build_metadata()["databases"]["ratsspur"]["queries"][name]["sql"]
    conn = sqlite3.connect(f"file:{million_shaped_db}?mode=ro", uri=True)
    parameters = {"reference": "2021/1121", "body": "", "programm": "KIM", "_site_url": ""}
    plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + query, parameters)]
    conn.close()
    indexes, in_order = READS[name]
    for index in indexes:
        assert any(f"INDEX {index} " in f"{step} " for step in plan), f"{name} does not use {index}: {plan}"
    big = ("papers", "amounts", "entities", "references", "paper_programmes", "amount_totals", "errors")
    for step in plan:
        assert not re.match(rf"SCAN ({'|'.join(big)})$", step), f"{name} reads a whole table: {plan}"
    if in_order:
        assert not any("TEMP B-TREE FOR ORDER BY" in s or "TEMP B-TREE FOR GROUP BY" in s for s in plan), plan


def test_errors_of_the_last_run_belong_to_the_last_run(get, sql):
    last = sql("SELECT max(id) FROM runs")[0][0]
    errors = rows(get("/ratsspur/fehler_letzter_lauf.json"))
    assert all(r["run_id"] == last for r in errors)
    assert len(errors) == sql("SELECT count(*) FROM errors WHERE run_id = ?", last)[0][0]


# --- full-text search ---------------------------------------------------------------------------

def test_search_haushalt_finds_haushaltssicherungskonzept(get):
    found = rows(get("/ratsspur/papers.json?_search=Haushalt&_col=reference&_col=subject"))
    assert any("Haushaltssicherungskonzept" in (r["subject"] or "") for r in found)


def test_search_is_trigram_inside_words(get):
    found = {r["reference"] for r in rows(get("/ratsspur/papers.json?_search=Casemanagement&_col=reference"))}
    assert "2024/3092" in found


# --- Atom feeds ---------------------------------------------------------------------------------

def test_rescission_feed_is_atom(get):
    response = get("/ratsspur/neue_aufhebungen.atom")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    assert "<feed" in response.text and "2021/1121" in response.text
    assert "/-/trail/leverkusen/2021-1121" in response.text


def test_programme_feed_is_atom(get):
    response = get("/ratsspur/neue_programm_vorlagen.atom?programm=KIM")
    assert response.headers["content-type"].startswith("application/atom+xml")
    assert "<entry>" in response.text and "2024/3092" in response.text


def test_feed_without_entries_is_an_empty_feed(get):
    """A programme nobody has named yet: a valid feed with no entries, not a server error."""
    response = get("/ratsspur/neue_programm_vorlagen.atom?programm=Zwiebelturmprogramm")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    assert "<feed" in response.text and "<entry>" not in response.text
    assert "Neue Vorlagen zu einem Programm" in response.text


def test_feed_without_atom_columns_still_says_so(get):
    response = get("/ratsspur.atom?sql=select+1+as+x")
    assert response.status_code in (400, 404)


# --- pages --------------------------------------------------------------------------------------

def test_trail_page_shows_status_facts_and_both_directions(get):
    response = get("/-/trail/leverkusen/2021-1121")
    assert response.status_code == 200
    text = text_of(response.text)
    assert "aufgehoben durch 2024/3092 am 16.12.2024" in text
    assert "beschlossen am 13.12.2021" in text
    assert 'href="/-/trail/leverkusen/2024-3092"' in response.text
    assert "Anlage 4" in text  # its attachment, linked by title
    for heading in ("Beschlussentwurf", "Beträge", "Beratungsfolge"):
        assert heading in text
    assert "/-/source/leverkusen/2021-1121?start=" in response.text


def test_trail_of_the_rescinding_paper_reads_hebt_auf(get):
    text = text_of(get("/-/trail/leverkusen/2024-3092").text)
    assert "hebt auf 2021/1121" in text
    assert "hebt auf 2022/1410 nur durch Verweis bekannt" in text


def test_placeholder_trail_is_marked(get):
    text = text_of(get("/-/trail/leverkusen/2022-1410").text)
    assert "nur durch Verweis bekannt" in text
    assert "aufgehoben durch 2024/3092" in text


def test_trail_events_are_in_date_order(get):
    html = get("/-/trail/leverkusen/2024-3092").text
    dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)"', html)
    assert len(dates) >= 3 and dates == sorted(dates)


def test_source_page_marks_the_quoted_span(get, sql):
    ref = sql("SELECT r.start, r.[end], r.quote, r.page FROM [references] r "
              "WHERE r.paper_id = 'leverkusen:2024/3092' AND r.relation = 'rescinds' ORDER BY r.start")[0]
    html = get(f"/-/source/leverkusen/2024-3092?start={ref['start']}&end={ref['end']}").text
    marked = re.search(r'<mark id="fact">(.*?)</mark>', html, re.S)
    assert marked and unescape(marked.group(1)) == ref["quote"]
    assert f"Seite {ref['page']}" in text_of(html)


def test_source_page_without_or_with_a_bad_span(get):
    assert "<mark" not in get("/-/source/leverkusen/2024-3092").text
    response = get("/-/source/leverkusen/2024-3092?start=5&end=999999999")
    assert response.status_code == 200 and "<mark" not in response.text


def test_timeline_page_has_chart_and_papers(get):
    response = get("/-/timeline/leverkusen?programme=KIM")
    assert response.status_code == 200
    assert "<svg" in response.text
    text = text_of(response.text)
    for reference in ("2021/1121", "2022/1410", "2024/3092"):
        assert reference in text


def test_timeline_index_lists_programmes_and_redirects_the_form(get):
    index = get("/-/timeline")
    assert index.status_code == 200 and "/-/timeline/leverkusen?programme=" in index.text
    redirect = get("/-/timeline?body=leverkusen&programme=KIM")
    assert redirect.status_code == 302
    assert redirect.headers["location"] == "/-/timeline/leverkusen?programme=KIM"


def test_papers_table_links_to_trails_and_shortens_text(get, sql):
    html = get("/ratsspur/papers?_sort=id").text
    assert 'href="/-/trail/leverkusen/2021-1121"' in html
    longest = sql("SELECT text FROM papers ORDER BY length(text) DESC LIMIT 1")[0][0]
    assert longest[:2000] not in unescape(html)
    assert "ganzer Text" in html


@pytest.mark.parametrize("columns", ["_col=reference&_col=text", "_col=body_id&_col=reference&_col=text",
                                     "_nocol=slug", "_nocol=body_id"])
def test_papers_table_with_hidden_columns(get, columns):
    assert get(f"/ratsspur/papers?{columns}").status_code == 200


def test_commitments_show_on_the_trail_with_their_source(get):
    html = get("/-/trail/leverkusen/2021-1121").text
    section = html[html.index('id="zusagen"'):html.index('id="betraege"')]
    assert "aufgehoben durch" in text_of(section) and "/-/source/leverkusen/2021-1121?start=" in section


@pytest.mark.parametrize("path", ["/-/trail/leverkusen/no-such-paper", "/-/source/nowhere/x",
                                  "/-/timeline/nowhere"])
def test_unknown_pages_are_404(get, path):
    assert get(path).status_code == 404
