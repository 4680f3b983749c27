"""End to end: corpus/ → a real SQLite file, linked, with error rows for bad files (issue #2)."""
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import schema
from pipeline.cli import cli
from pipeline.ingest import ingest
from tests.hostile.make_hostile import database_rows

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED_PAPERS = {"leverkusen:2021/1121", "leverkusen:2024/3092", "siegburg:3360/VIII",
               "hueckeswagen:FB II/4753/2023"}


def rows(db_path, sql, params=()):
    with sqlite3.connect(db_path) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory) -> Path:
    """The real corpus plus a truncated PDF and an empty file."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(CORPUS, folder, dirs_exist_ok=True)
    pdf = (CORPUS / "koblenz" / "BV-0109-2021.pdf").read_bytes()
    (folder / "broken").mkdir()
    (folder / "broken" / "truncated.pdf").write_bytes(pdf[: len(pdf) // 3])
    (folder / "broken" / "empty.txt").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def built(hostile_corpus, tmp_path_factory):
    db_path = tmp_path_factory.mktemp("db") / "ratsspur.db"
    summary = ingest([hostile_corpus], db_path)
    return db_path, summary


def paper(db_path, pid):
    found = rows(db_path, "SELECT * FROM papers WHERE id = ?", [pid])
    assert found, f"paper {pid} missing"
    return found[0]


def test_every_good_file_loads_and_bad_files_get_error_rows(built):
    db_path, summary = built
    assert summary.failed == 2
    ids = {r["id"] for r in rows(db_path, "SELECT id FROM papers WHERE placeholder = 0")}
    assert SEED_PAPERS <= ids
    assert {"koblenz:BV/0197/2026", "koblenz:BV/0109/2021", "koblenz:UV/0310/2025"} <= ids
    errors = {Path(r["path"]).name: r for r in rows(db_path, "SELECT * FROM errors")}
    assert errors["truncated.pdf"]["error"] == "corrupt"
    assert errors["empty.txt"]["error"] == "empty"
    assert all(r["message"] for r in errors.values())


def test_rescinding_paper_resolves_real_and_placeholder_targets(built):
    db_path, _ = built
    mentions = rows(db_path, "SELECT * FROM [references] WHERE paper_id = 'leverkusen:2024/3092' "
                             "AND target_kind = 'paper'")
    relations = {}
    for mention in mentions:  # one row per mention, each with the relation of its own sentence
        relations.setdefault(mention["target"], set()).add(mention["relation"])
        if mention["target"] == "2021/1121":
            assert mention["target_paper_id"] == "leverkusen:2021/1121"
    assert "rescinds" in relations["2021/1121"] and "rescinds" in relations["2022/1410"]
    assert relations["2024/2964"] == {"mentions"}
    assert paper(db_path, "leverkusen:2021/1121")["placeholder"] == 0
    placeholder = paper(db_path, "leverkusen:2022/1410")
    assert placeholder["placeholder"] == 1 and placeholder["text"] is None


def test_status_of_rescinded_resolutions(built):
    db_path, _ = built
    kim = paper(db_path, "leverkusen:2021/1121")
    assert kim["status"] == "rescinded"
    assert kim["rescinded_by"] == "leverkusen:2024/3092"
    assert kim["status_date"] == "2024-12-16"
    assert kim["decided_on"] == "2021-12-13"
    assert paper(db_path, "leverkusen:2022/1410")["status"] == "rescinded"
    assert paper(db_path, "leverkusen:2024/3092")["status"] == "proposed"


def test_trail_view_shows_both_directions(built):
    db_path, _ = built
    cited_by = rows(db_path, "SELECT * FROM trail WHERE paper_id = 'leverkusen:2021/1121' "
                             "AND direction = 'cited_by'")
    assert {r["other_reference"] for r in cited_by} == {"2024/3092"}
    cites = rows(db_path, "SELECT other_reference FROM trail WHERE paper_id = 'leverkusen:2024/3092' "
                          "AND direction = 'cites'")
    assert {"2021/1121", "2022/1410"} <= {r["other_reference"] for r in cites}


def test_anlagen_are_attached(built):
    db_path, _ = built
    annex = rows(db_path, "SELECT * FROM papers WHERE body_id = 'leverkusen' AND type = 'Anlage'")
    assert len(annex) == 1
    assert annex[0]["parent_id"] == "leverkusen:2021/1121"
    assert annex[0]["parent_link_method"] == "title_and_label"
    koblenz = rows(db_path, "SELECT parent_id, parent_link_method FROM papers "
                            "WHERE parent_reference = 'BV/0197/2026'")
    assert koblenz and all(r["parent_id"] == "koblenz:BV/0197/2026" for r in koblenz)
    assert all(r["parent_link_method"] == "printed_reference" for r in koblenz)


def test_every_fact_has_provenance_inside_its_paper(built):
    db_path, _ = built
    for table in ("amounts", "dates", "references", "decisions", "consultations", "positions",
                  "entities"):
        bad = rows(db_path, f"SELECT f.id, f.quote, substr(p.text, f.start + 1, f.[end] - f.start) AS s "
                            f"FROM [{table}] f JOIN papers p ON p.id = f.paper_id "
                            f"WHERE f.page IS NULL OR s != f.quote LIMIT 3")
        assert not bad, (table, bad)


def test_page_of_a_pdf_fact(built):
    db_path, _ = built
    facts = rows(db_path, "SELECT a.page, a.start, g.start AS page_start, g.[end] AS page_end "
                          "FROM amounts a JOIN pages g ON g.paper_id = a.paper_id AND g.number = a.page "
                          "WHERE a.paper_id = 'koblenz:BV/0197/2026'")
    assert max(f["page"] for f in facts) > 1
    assert all(f["page_start"] <= f["start"] < f["page_end"] for f in facts)


def test_trigram_search_finds_compound_parts(built):
    db_path, _ = built
    hits = rows(db_path, "SELECT p.reference FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid "
                         "WHERE papers_fts MATCH ?", ['"Haushalt"'])
    assert "2024/3092" in {h["reference"] for h in hits}


def test_full_text_index_follows_text_not_status(tmp_path, hostile_corpus):
    """The index is rewritten when a paper's subject or text changes, not when linking sets its
    status (that re-indexed every text on every run); it stays consistent either way."""
    import sqlite3

    db_path = tmp_path / "f.db"
    ingest([hostile_corpus / "leverkusen"], db_path)
    conn = sqlite3.connect(db_path)
    changes = lambda: conn.execute("SELECT total_changes()").fetchone()[0]  # noqa: E731
    before = changes()
    conn.execute("UPDATE papers SET status = 'decided' WHERE reference = '2024/3092'")
    assert changes() - before == 1  # the row itself; no index rows
    conn.execute("UPDATE papers SET subject = subject || ' Zwiebelturm' WHERE reference = '2024/3092'")
    search = lambda word: conn.execute(  # noqa: E731
        "SELECT p.reference FROM papers_fts JOIN papers p ON p.rowid = papers_fts.rowid "
        "WHERE papers_fts MATCH ?", [word]).fetchall()
    assert search("Zwiebelturm") == [] and search("Integrationsmanagement")  # queued; old entry gone
    assert schema.write_full_text(conn) == 1
    conn.execute("INSERT INTO papers_fts (papers_fts) VALUES ('integrity-check')")
    assert search("Zwiebelturm") == [("2024/3092",)]
    conn.commit()


def test_full_text_entries_are_written_at_the_end_of_a_run(tmp_path, hostile_corpus):
    """Loading queues each paper; the run writes the queue in one go. A paper deleted while
    queued, or changed after it was indexed, leaves the index consistent."""
    import sqlite3

    db_path = tmp_path / "q.db"
    ingest([hostile_corpus / "leverkusen"], db_path)
    conn = sqlite3.connect(db_path)
    entries = lambda: conn.execute("SELECT count(*) FROM papers_fts_docsize").fetchone()[0]  # noqa: E731
    indexed = entries()
    assert conn.execute("SELECT count(*) FROM fts_pending").fetchone()[0] == 0
    assert indexed == conn.execute("SELECT count(*) FROM papers").fetchone()[0]

    conn.execute("INSERT INTO papers (id, body_id, reference, subject, text, placeholder, withdrawn) "
                 "VALUES ('leverkusen:9/2099', 'leverkusen', '9/2099', 'Zwiebelturm', 'Text', 0, 0)")
    conn.execute("DELETE FROM papers WHERE id = 'leverkusen:9/2099'")  # queued, never indexed
    conn.execute("DELETE FROM papers WHERE reference = '2022/1410'")  # indexed (a placeholder)
    assert schema.write_full_text(conn) == 0
    conn.execute("INSERT INTO papers_fts (papers_fts) VALUES ('integrity-check')")
    assert entries() == indexed - 1
    conn.rollback()


def test_rerun_changes_nothing(built, hostile_corpus):
    db_path, _ = built
    before = database_rows(db_path)
    again = ingest([hostile_corpus], db_path)
    assert again.loaded == 0 and again.failed == 0 and again.unchanged == again.files_seen
    assert database_rows(db_path) == before


def test_changed_and_removed_files(hostile_corpus, tmp_path):
    folder = tmp_path / "c"
    shutil.copytree(hostile_corpus / "siegburg", folder / "siegburg")
    shutil.copytree(hostile_corpus / "hueckeswagen", folder / "hueckeswagen")
    db_path = tmp_path / "r.db"
    ingest([folder], db_path)
    siegburg = folder / "siegburg" / "3360-VIII.txt"
    siegburg.write_text(siegburg.read_text(encoding="utf-8").replace("ca. 80 T€", "ca. 90 T€"),
                        encoding="utf-8")
    (folder / "hueckeswagen" / "FB-II-4753-2023.txt").unlink()
    summary = ingest([folder], db_path)
    assert summary.loaded == 1 and summary.withdrawn == 1
    values = {r["value"] for r in rows(db_path, "SELECT value FROM amounts WHERE paper_id = 'siegburg:3360/VIII'")}
    assert "90000.00" in values and "80000.00" not in values
    gone = paper(db_path, "hueckeswagen:FB II/4753/2023")
    assert gone["withdrawn"] == 1 and gone["status"] == "withdrawn" and gone["text"]


def test_cli_ingest_prints_summary_and_fails_on_errors(hostile_corpus, tmp_path):
    result = CliRunner().invoke(cli, ["ingest", str(hostile_corpus / "broken"), str(hostile_corpus / "siegburg"),
                                      "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "1 loaded" in result.output and "2 failed" in result.output
    assert "truncated.pdf" in result.output


def test_every_command_has_help():
    for command in cli.commands:
        result = CliRunner().invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


def test_unnumbered_anlagen_are_attached_by_the_parents_list(built):
    """BV/0109/2021 lists "Anlage/n: Satzung … Begründung"; the files print no parent number."""
    db_path, _ = built
    by_file = {Path(r["path"]).name: r for r in rows(
        db_path, "SELECT f.path, p.parent_id, p.parent_link_method FROM files f "
                 "JOIN papers p ON p.id = f.paper_id WHERE p.body_id = 'koblenz'")}
    for name, parent in (("BV-0109-2021-Anlage-Satzung.pdf", "koblenz:BV/0109/2021"),
                         ("BV-0109-2021-Anlage-Begruendung.pdf", "koblenz:BV/0109/2021"),
                         ("BV-0197-2026-Anlage-2.pdf", "koblenz:BV/0197/2026")):
        assert by_file[name]["parent_id"] == parent
        assert by_file[name]["parent_link_method"] == "listed_in_parent"
    for agenda in ("ASM-2026-04-21-Nachtrag-1.pdf", "ASM-STA-2026-04-21-Nachtrag-2.pdf",
                   "STA-2026-04-21-Nachtrag.pdf"):  # they cite BV/0197/2026; they are not its Anlagen
        assert by_file[agenda]["parent_id"] is None
