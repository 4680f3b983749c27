"""The benchmark's own machinery on a small synthetic corpus (issue 5): it measures, so it is not
timed here, but what it measures must be what it says (the stages of a real run, a re-run that
loads exactly one new paper and leaves the corpus as it found it)."""
import sqlite3

import pytest

from pipeline import bench, synthetic


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench-corpus")
    synthetic.generate(folder, 12, formats=("pdf",), workers=1)
    return folder


def test_stage_times_cover_every_stage_of_a_real_run(corpus, tmp_path):
    selection = bench.select(corpus, 12, tmp_path)
    times = bench.stage_times(selection.pdfs, tmp_path / "stages.db")
    assert {"read (pypdfium2)", "clean (normalize, page map)", "extract: references",
            "extract: entities", "load", "link"} <= set(times)
    assert all(seconds >= 0 for seconds in times.values()) and times["read (pypdfium2)"] > 0
    with sqlite3.connect(tmp_path / "stages.db") as conn:
        assert conn.execute("SELECT count(*) FROM papers WHERE placeholder = 0").fetchone()[0] == 12
        assert conn.execute("SELECT count(*) FROM bodies WHERE needs_link = 1").fetchone()[0] == 0


def test_a_run_with_one_new_paper_loads_it_and_links_its_body_only(corpus, tmp_path):
    selection = bench.select(corpus, 12, tmp_path)
    db = tmp_path / "pdf.db"
    first = bench.run_ingest(selection.pdf_dir, db, ocr=False)
    assert first["files_loaded"] == 12
    before = sorted(p.relative_to(corpus) for p in corpus.rglob("*"))

    added = bench.run_with_new_paper(selection, db)
    assert added["files_loaded"] == 1 and added["files_unchanged"] == 12
    assert len(added["bodies_linked"]) == 1 and added["bodies"] > 1
    assert sorted(p.relative_to(corpus) for p in corpus.rglob("*")) == before
