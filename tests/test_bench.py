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


def test_real_pdfs_are_measured_as_copies_that_ingest_loads_each(tmp_path):
    source = tmp_path / "published"
    source.mkdir()
    for name in ("UV-0310-2025.pdf", "ASM-2026-04-21-Bekanntgabe.pdf"):  # real Koblenz papers
        (source / name).write_bytes((bench.ROOT / "corpus" / "koblenz" / name).read_bytes())

    copies = bench.real_pdf_copies(source, tmp_path / "copies", 3)
    assert len(copies) == 6 and len({p.read_bytes() for p in copies}) == 6  # six hashes: none skipped

    real = bench.real_pdfs(source, tmp_path, 3)
    pages = real["pypdfium2"]["pages"]
    assert (real["files"], real["copies"], pages) == (2, 3, 9)
    assert real["pdfplumber"]["sample_pages"] == pages // 3  # every page of one copy
    ingest = real["ingest_pdf"]
    assert (ingest["files_loaded"], ingest["files_failed"], ingest["pages_in_db"]) == (6, 0, pages)
    assert real["ratios"]["vs_pypdfium2"] > 0 and real["ratios"]["vs_pdfplumber"] > 0


def test_fact_density_counts_what_the_extractors_found_in_the_loaded_papers(tmp_path):
    from pipeline.document import build_document
    from pipeline.extract import extract_text
    from pipeline.sources import read_source

    source = tmp_path / "published"
    source.mkdir()
    names = ("UV-0310-2025.pdf", "BV-0109-2021.pdf")
    for name in names:
        (source / name).write_bytes((bench.ROOT / "corpus" / "koblenz" / name).read_bytes())
    ingest = bench.run_ingest(source, tmp_path / "density.db")

    chars = facts = pages = 0
    for name in names:
        document = build_document(read_source(source / name))
        counts = extract_text(document.text).fact_count()
        chars += len(document.text)
        facts += sum(n for kind, n in counts.items() if kind != "header")
        pages += len(document.pages)
    assert ingest["chars_per_page"] == round(chars / pages)
    assert ingest["facts_per_1000_chars"] == round(facts * 1000 / chars, 2)
    assert bench._density(ingest).startswith(f"{round(chars / pages):,} characters a page")
