"""Linking on a real database (issue 4): status of rescinded resolutions, placeholders, Anlagen,
and the guarantees of the link step: a placeholder is filled by the real paper, the order papers
arrive in does not matter, and linking twice changes nothing."""
import shutil
import sqlite3
from pathlib import Path

import pytest

import schema
from pipeline.ingest import ingest
from pipeline.link import link
from tests.hostile.make_hostile import database_rows

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
KIM_2021 = "leverkusen:2021/1121"
KIM_2022 = "leverkusen:2022/1410"
RESCINDING = "leverkusen:2024/3092"

# The paper 2022/1410 as Leverkusen would have printed it (written for this test; the corpus knows
# it only from what 2024/3092 says about it).
PAPER_2022_1410 = """Stadt Leverkusen

Vorlage Nr. 2022/1410

Der Oberbürgermeister

/III-mi

Dezernat/Fachbereich/AZ

08.03.2022

Datum

Beratungsfolge\tDatum\tZuständigkeit\tBehandlung
Ausschuss für Soziales, Gesundheit und Senioren\t21.03.2022\tBeratung\töffentlich
Rat der Stadt Leverkusen\t04.04.2022\tEntscheidung\töffentlich

**Betreff:**

Beschlussvorlage im Rahmen des Landesprogramms Kommunales Integrationsmanagement NRW (KIM NRW)

**Beschlussentwurf:**

1. Die Verwaltung wird beauftragt, die notwendigen finanziellen Mittel zur Übernahme der Mehrkosten \
für vier weitere Casemanagement-Stellen im Förderbaustein 2 für die Umsetzung des Programms \
„Kommunales Integrationsmanagement NRW“ langfristig für das Jahr 2022 und über das Jahr 2022 hinaus \
im städtischen Haushalt bereitzustellen.

gezeichnet:

Richrath

**Begründung:**

Das Land NRW hat die Förderung im Baustein 2 auf neun Casemanagement-Stellen aufgestockt. Vier \
weitere Stellen sollen bei den Trägerinnen der Freien Wohlfahrtspflege angesiedelt werden. Die \
Mehrkosten der Stadt Leverkusen für diese Stellen betragen rund 120.000 € pro Jahr.
"""


def rows(db_path, sql, params=()):
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


def paper(db_path, pid):
    found = rows(db_path, "SELECT * FROM papers WHERE id = ?", [pid])
    assert found, f"paper {pid} missing"
    return found[0]


def linked_state(db_path) -> dict:
    """What linking derives, without file paths and run numbers (which differ between builds)."""
    return {
        "papers": rows(db_path, "SELECT id, placeholder, status, status_date, decided_on, rescinded_by, "
                                "amended_by, parent_id, parent_link_method FROM papers ORDER BY id"),
        "references": rows(db_path, "SELECT id, target_paper_id FROM [references] ORDER BY id"),
        "commitments": rows(db_path, "SELECT * FROM commitments ORDER BY id"),
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    db_path = tmp_path_factory.mktemp("link") / "ratsspur.db"
    ingest([CORPUS], db_path)
    return db_path


@pytest.fixture()
def leverkusen(tmp_path) -> Path:
    """A copy of the Leverkusen papers, to ingest in other orders and with added papers."""
    folder = tmp_path / "leverkusen"
    shutil.copytree(CORPUS / "leverkusen", folder)
    return folder


def test_rescinded_resolution_has_status_date_and_rescinding_paper(built):
    kim = paper(built, KIM_2021)
    assert kim["status"] == "rescinded"
    assert kim["rescinded_by"] == RESCINDING
    assert kim["status_date"] == "2024-12-16"


def test_paper_known_only_by_reference_is_a_rescinded_placeholder(built):
    placeholder = paper(built, KIM_2022)
    assert placeholder["placeholder"] == 1 and placeholder["text"] is None
    assert placeholder["status"] == "rescinded"
    assert placeholder["rescinded_by"] == RESCINDING
    assert placeholder["decided_on"] == "2022-04-04"


def test_anlage_is_attached_by_title_and_label(built):
    annex = rows(built, "SELECT * FROM papers WHERE body_id = 'leverkusen' AND attachment_label = 'Anlage 4'")
    assert len(annex) == 1
    assert annex[0]["parent_id"] == KIM_2021
    assert annex[0]["parent_link_method"] == "title_and_label"
    assert annex[0]["parent_link_confidence"] == pytest.approx(0.9)


def test_link_twice_gives_identical_rows(built, tmp_path):
    copy = tmp_path / "again.db"
    shutil.copy(built, copy)
    before = database_rows(copy)
    db = schema.connect(copy)
    link(db)
    link(db)
    db.close()
    assert database_rows(copy) == before


def test_placeholder_is_filled_not_duplicated_by_the_real_paper(leverkusen, tmp_path):
    db_path = tmp_path / "fill.db"
    ingest([leverkusen], db_path)
    assert paper(db_path, KIM_2022)["placeholder"] == 1

    later = tmp_path / "later"
    later.mkdir()
    (later / "2022-1410.txt").write_text(PAPER_2022_1410, encoding="utf-8")
    ingest([later], db_path)

    found = rows(db_path, "SELECT * FROM papers WHERE reference = '2022/1410'")
    assert [p["id"] for p in found] == [KIM_2022]
    filled = found[0]
    assert filled["placeholder"] == 0 and "vier weitere Casemanagement-Stellen" in filled["text"]
    assert filled["status"] == "rescinded" and filled["rescinded_by"] == RESCINDING
    targets = {r["target_paper_id"] for r in rows(
        db_path, "SELECT target_paper_id FROM [references] WHERE paper_id = ? AND target = '2022/1410'",
        [RESCINDING])}
    assert targets == {KIM_2022}

    promise = rows(db_path, "SELECT * FROM commitments WHERE paper_id = ?", [KIM_2022])
    assert [c["id"] for c in promise] == [f"{KIM_2022}#cover_extra_cost"]  # same id as before
    assert promise[0]["source_paper_id"] == KIM_2022 and promise[0]["decision_id"]
    assert promise[0]["posts"] == 4 and promise[0]["date"] == "2022-04-04"
    assert promise[0]["date_basis"] == "decision_meeting"
    assert promise[0]["amount_cents"] == 12_000_000 and promise[0]["amount_role"] == "own_share"
    assert promise[0]["status"] == "rescinded" and promise[0]["ended_by"] == RESCINDING


def test_ingest_order_does_not_change_the_links(leverkusen, tmp_path):
    in_order = tmp_path / "in_order.db"
    ingest([leverkusen], in_order)

    reversed_order = tmp_path / "reversed.db"
    ingest([leverkusen / "2024-3092.txt"], reversed_order)
    early = paper(reversed_order, KIM_2021)
    assert early["placeholder"] == 1  # cited before it arrives
    ingest([leverkusen / "2021-1121.txt", leverkusen / "2021-1121-anlage-4.txt"], reversed_order)

    assert linked_state(reversed_order) == linked_state(in_order)


# --- tables the link stage keeps for the canned queries (issue 5) -------------------------------

def test_paper_programmes_are_the_papers_whose_text_names_a_programme(built):
    named = rows(built, "SELECT e.paper_id, count(*) AS n FROM entities e JOIN papers p ON p.id = e.paper_id "
                        "WHERE e.label = 'PROGRAMME' AND e.name = 'Kommunales Integrationsmanagement' "
                        "AND p.placeholder = 0 GROUP BY e.paper_id ORDER BY e.paper_id")
    kim = rows(built, "SELECT * FROM paper_programmes WHERE programme = 'KIM' ORDER BY paper_id")
    assert [(r["paper_id"], r["mentions"]) for r in kim] == [(r["paper_id"], r["n"]) for r in named]
    assert {KIM_2021, RESCINDING} <= {r["paper_id"] for r in kim}
    for row in kim:
        p = paper(built, row["paper_id"])
        assert (row["body_id"], row["date"], row["reference"]) == (p["body_id"], p["date"], p["reference"])
        assert row["quote"] == p["text"][row["start"]:row["end"]]
    assert rows(built, "SELECT names, abbreviations FROM programmes WHERE id = 'KIM'")[0] == {
        "names": '["Kommunales Integrationsmanagement", "Kommunales Integrationsmanagement NRW", '
                 '"Kommunales Integrationsmanagement Nordrhein-Westfalen"]',
        "abbreviations": '["KIM", "KIM NRW"]'}


def test_amount_totals_are_the_sums_of_the_amounts(built):
    direct = rows(built, "SELECT p.body_id, substr(p.date, 1, 4) AS year, a.role, count(*) AS mentions, "
                         "sum(a.value_cents) AS total_cents FROM amounts a JOIN papers p ON p.id = a.paper_id "
                         "GROUP BY p.body_id, year, a.role ORDER BY p.body_id, year, a.role")
    kept = rows(built, "SELECT body_id, year, role, mentions, total_cents FROM amount_totals "
                       "ORDER BY body_id, year, role")
    assert kept == direct and kept


def test_a_database_from_before_the_query_tables_gets_them_on_opening(built, tmp_path):
    """Migration 0004 on a database built before it: the tables are created and filled at once,
    not only at the next ingest that changes something."""
    copy = tmp_path / "old.db"
    shutil.copy(built, copy)
    expected = {t: rows(copy, f"SELECT * FROM [{t}] ORDER BY id")
                for t in ("programmes", "paper_programmes", "amount_totals")}
    with sqlite3.connect(copy) as conn:
        for table in expected:
            conn.execute(f"DROP TABLE [{table}]")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0004_query_tables'")
    schema.connect(copy).close()
    assert {t: rows(copy, f"SELECT * FROM [{t}] ORDER BY id") for t in expected} == expected


# --- linking body by body (issue 5: incremental runs on a large corpus) --------------------------

def test_a_run_relinks_only_the_bodies_whose_papers_changed(tmp_path):
    """Linking never crosses a body, so a run links only the bodies it changed; the result is the
    database a fresh ingest of the same files builds."""
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    db_path = tmp_path / "incremental.db"
    assert ingest([folder], db_path).link.bodies == ["hueckeswagen", "koblenz", "leverkusen", "siegburg"]

    (folder / "leverkusen" / "2022-1410.txt").write_text(PAPER_2022_1410, encoding="utf-8")
    assert ingest([folder], db_path).link.bodies == ["leverkusen"]
    assert ingest([folder], db_path).link is None  # nothing changed, nothing to link

    fresh = tmp_path / "fresh.db"
    ingest([folder], fresh)
    runs = frozenset({"run_id"})  # the incremental database took three runs, the fresh one one
    assert database_rows(db_path, skip_columns=runs) == database_rows(fresh, skip_columns=runs)


def test_a_link_that_did_not_finish_is_finished_by_the_next_run(tmp_path):
    """A run stopped after storing papers but before linking them leaves their bodies marked;
    the next run links them although no file changed."""
    db_path = tmp_path / "stopped.db"
    ingest([CORPUS / "leverkusen"], db_path)
    expected = database_rows(db_path)
    with sqlite3.connect(db_path) as conn:  # the state such a run leaves: facts new, links stale
        conn.execute("UPDATE papers SET status = NULL, rescinded_by = NULL, parent_id = NULL")
        conn.execute("DELETE FROM commitments")
        conn.execute("UPDATE bodies SET needs_link = 1")

    summary = ingest([CORPUS / "leverkusen"], db_path)
    assert summary.unchanged == 3 and summary.loaded == 0
    assert summary.link.bodies == ["leverkusen"]
    assert database_rows(db_path) == expected


def test_changing_adding_or_removing_a_paper_marks_its_body_for_linking(built, tmp_path):
    """Triggers keep bodies.needs_link, whoever changes a paper; what linking itself writes does
    not mark the body again."""
    copy = tmp_path / "marks.db"
    shutil.copy(built, copy)

    def marked(conn):
        return [r[0] for r in conn.execute("SELECT id FROM bodies WHERE needs_link = 1 ORDER BY id")]

    with sqlite3.connect(copy) as conn:
        assert marked(conn) == []
        conn.execute("UPDATE papers SET status = 'decided', parent_id = NULL WHERE body_id = 'siegburg'")
        assert marked(conn) == []
        conn.execute("UPDATE papers SET date = '2024-06-14' WHERE body_id = 'siegburg'")
        assert marked(conn) == ["siegburg"]
        conn.execute("UPDATE bodies SET needs_link = 0")
        conn.execute("DELETE FROM papers WHERE id = ?", [KIM_2022])  # a placeholder, cited by nobody now
        assert marked(conn) == ["leverkusen"]
        conn.execute("INSERT INTO papers (id, body_id, reference, placeholder, withdrawn) "
                     "VALUES ('hueckeswagen:1/2020', 'hueckeswagen', '1/2020', 1, 0)")
        assert marked(conn) == ["hueckeswagen", "leverkusen"]
        conn.rollback()
