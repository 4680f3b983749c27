"""Hostile files (issue 5): each gets its exact outcome, nothing else is lost, nothing stalls the run.

The small files are committed in ``tests/hostile/`` (README.md there lists them); the big or slow
ones are made here by ``tests/hostile/make_hostile.py``. Outcomes are checked in the database a
real ingest writes: a ``files`` row with status ``loaded`` (and its pages' reading method), or
exactly one ``errors`` row with the expected kind and a message for people.
"""
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from pipeline.ingest import (KILL_GRACE_SECONDS, Sandbox, SandboxCrash, SandboxTimeout, ingest,
                             process_file)
from pipeline.ocr import tesseract_available
from pipeline.sources import ReadError, read_source
from tests.hostile import make_hostile

pytestmark = pytest.mark.xdist_group("hostile")  # one worker builds the module's database

HOSTILE = make_hostile.HERE

# file → ("loaded", how its pages were read) or ("error", kind of error)
EXPECTED = {
    "paper.pdf": ("loaded", "pdf"),
    "paper.txt": ("loaded", "text"),
    "encrypted-owner-password-only.pdf": ("loaded", "pdf"),  # opens without a password
    "deeply-nested.pdf": ("loaded", "pdf"),
    "scan.pdf": ("loaded", "ocr"),
    "windows-1252.txt": ("loaded", "text"),
    "utf-16.txt": ("loaded", "text"),
    "truncated.pdf": ("error", "corrupt"),
    "encrypted-user-password.pdf": ("error", "encrypted"),
    "empty.pdf": ("error", "empty"),
    "photo.pdf": ("error", "not_a_pdf"),
    "noise.txt": ("error", "not_text"),
    "english.txt": ("error", "not_a_paper"),
    "blank-2000-pages.pdf": ("error", "no_text"),  # made at test time
    "inflating.pdf": ("error", "crashed"),  # made at test time: 1 MB that inflates to 1 GB
}


def rows(db, sql, params=()):
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql, params)]


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for path in HOSTILE.iterdir():
        if path.name in EXPECTED:
            shutil.copy(path, folder / path.name)
    (folder / "blank-2000-pages.pdf").write_bytes(make_hostile.blank_pages_pdf(2000))
    (folder / "inflating.pdf").write_bytes(make_hostile.inflating_pdf(1.0))
    assert {p.name for p in folder.iterdir()} == set(EXPECTED)
    return folder


@pytest.fixture(scope="module")
def hostile_db(hostile_dir, tmp_path_factory):
    db = tmp_path_factory.mktemp("db") / "hostile.db"
    started = time.monotonic()
    summary = ingest([hostile_dir], db, timeout=120)
    return db, summary, time.monotonic() - started


@pytest.mark.slow
def test_every_file_gets_exactly_its_outcome(hostile_db, hostile_dir):
    db, summary, _ = hostile_db
    loaded = {Path(r["path"]).name: r for r in rows(db, "SELECT * FROM files WHERE status = 'loaded'")}
    errors = {}
    for r in rows(db, "SELECT * FROM errors"):
        assert Path(r["path"]).name not in errors, f"two error rows for {r['path']}"
        errors[Path(r["path"]).name] = r
    outcomes = {}
    for name in loaded:
        methods = {r["method"] for r in rows(db, "SELECT p.method FROM pages p JOIN files f "
                                                 "ON f.id = p.file_id WHERE f.path LIKE ?", [f"%/{name}"])}
        outcomes[name] = ("loaded", "/".join(sorted(methods)))
    for name, row in errors.items():
        assert name not in outcomes, f"{name} both loaded and failed"
        outcomes[name] = ("error", row["error"])
    assert outcomes == EXPECTED  # nothing lost, nothing extra, every kind exact
    assert (summary.loaded, summary.failed) == (7, 8)


@pytest.mark.slow
def test_error_messages_are_for_people(hostile_db):
    db, _, _ = hostile_db
    for row in rows(db, "SELECT * FROM errors"):
        message = row["message"]
        assert message and message.endswith(".") and len(message) < 400, row
        for jargon in ("Traceback", "Exception", "PdfiumError", "errno", "0x"):
            assert jargon not in message, (jargon, row)
    messages = {Path(r["path"]).name: r["message"] for r in rows(db, "SELECT * FROM errors")}
    assert messages["photo.pdf"] == "The file is named .pdf but is a JPEG image, not a PDF."
    assert "cut off" in messages["truncated.pdf"]
    assert "password" in messages["encrypted-user-password.pdf"]
    assert "English" in messages["english.txt"]
    assert "memory" in messages["inflating.pdf"]


@pytest.mark.slow
def test_hostile_files_do_not_hold_up_the_run(hostile_db):
    _, _, seconds = hostile_db
    assert seconds < 120  # OCR of one page, 2,000 blank pages, a 1 GB stream stopped by the limit


@pytest.mark.slow
@pytest.mark.skipif(not tesseract_available(), reason="tesseract is not installed (make system-deps)")
def test_scanned_page_is_loaded_by_ocr_with_its_confidence(hostile_db):
    db, _, _ = hostile_db
    page = rows(db, "SELECT p.* FROM pages p JOIN files f ON f.id = p.file_id "
                    "WHERE f.path LIKE '%/scan.pdf'")
    assert len(page) == 1 and page[0]["method"] == "ocr"
    assert 60 <= page[0]["ocr_confidence"] <= 100
    paper = rows(db, "SELECT * FROM papers WHERE id = ?", [page[0]["paper_id"]])[0]
    assert paper["reference"] == "2023/0816"
    assert "Turnhalle" in paper["text"]


@pytest.mark.slow
def test_text_encodings_are_decoded_not_garbled(hostile_db):
    db, _, _ = hostile_db
    from pipeline import synthetic

    for name, encoding, index in (("windows-1252.txt", "cp1252", 14), ("utf-16.txt", "utf-16", 15)):
        file = rows(db, "SELECT * FROM files WHERE path LIKE ?", [f"%/{name}"])[0]
        assert file["encoding"] == encoding
        text = rows(db, "SELECT text FROM papers WHERE id = ?", [file["paper_id"]])[0]["text"]
        subject = synthetic.render_text(synthetic.compose(index)).split("Betreff:")[1].split("\n")[1]
        assert subject.strip() in text
        assert "Ã" not in text and "\ufffd" not in text  # no mojibake, no replacement characters


@pytest.mark.slow
def test_owner_password_only_pdf_loads_with_its_text(hostile_db):
    db, _, _ = hostile_db
    paper = rows(db, "SELECT p.* FROM papers p JOIN files f ON f.id = p.file_id "
                     "WHERE f.path LIKE '%/encrypted-owner-password-only.pdf'")[0]
    assert paper["reference"] == "BV/0003/2015" and "Begründung" in paper["text"]


@pytest.mark.slow
def test_rerun_skips_failed_files_too(hostile_db, hostile_dir):
    db, _, _ = hostile_db
    again = ingest([hostile_dir], db, timeout=120)
    assert again.loaded == 0 and again.failed == 0 and again.unchanged == len(EXPECTED)


# --- timeouts: one file that never finishes, one that takes too long ---------------------------

@pytest.fixture(scope="module")
def stalling_dir(tmp_path_factory) -> Path:
    """Two good papers, a PDF whose nested forms never finish rendering (stuck in C code) and a
    4 MB council text that takes far longer than the timeout to extract (Python code)."""
    folder = tmp_path_factory.mktemp("stalling")
    shutil.copy(HOSTILE / "paper.pdf", folder)
    shutil.copy(HOSTILE / "paper.txt", folder)
    (folder / "nested-forms.pdf").write_bytes(make_hostile.nested_forms_pdf())
    (folder / "haushaltsplan.txt").write_bytes(make_hostile.huge_text(4.0))
    return folder


def _check_stalled_run(db, seconds, limit, forms_outcomes=("timeout",)):
    errors = {Path(r["path"]).name: r for r in rows(db, "SELECT * FROM errors")}
    assert set(errors) == {"nested-forms.pdf", "haushaltsplan.txt"}
    assert errors["haushaltsplan.txt"]["error"] == "timeout"
    assert errors["nested-forms.pdf"]["error"] in forms_outcomes
    for row in errors.values():
        if row["error"] == "timeout":
            assert "longer than 3 s, the limit for one file" in row["message"]
    loaded = {Path(r["path"]).name for r in rows(db, "SELECT path FROM files WHERE status = 'loaded'")}
    assert loaded == {"paper.pdf", "paper.txt"}
    assert seconds < limit


@pytest.mark.slow
def test_timeout_in_a_single_process_run(stalling_dir, tmp_path):
    """The alarm stops the text; the PDF reader child is killed when the alarm goes off."""
    started = time.monotonic()
    ingest([stalling_dir], tmp_path / "t.db", timeout=3)
    _check_stalled_run(tmp_path / "t.db", time.monotonic() - started, 45)


@pytest.mark.slow
def test_timeout_with_worker_processes(stalling_dir, tmp_path):
    """A worker stuck in C code is killed after the timeout and a grace period, unless the memory
    limit (the nested forms allocate ~300 MB/s) ends it first: either way it is stopped."""
    started = time.monotonic()
    ingest([stalling_dir], tmp_path / "t.db", workers=2, timeout=3)
    _check_stalled_run(tmp_path / "t.db", time.monotonic() - started, 45 + KILL_GRACE_SECONDS,
                       forms_outcomes=("timeout", "crashed"))


# --- the sandbox and the reader, without a database ------------------------------------------

def test_read_errors_travel_back_from_the_sandbox_intact():
    box = Sandbox()
    try:
        with pytest.raises(ReadError) as caught:
            box.call(read_source, str(HOSTILE / "encrypted-user-password.pdf"), seconds=60)
        assert caught.value.error == "encrypted"
        source = box.call(read_source, str(HOSTILE / "paper.pdf"), seconds=60)  # same child again
        assert source.mime_type == "application/pdf" and len(source.pages) >= 1
    finally:
        box.close()


def test_a_dead_sandbox_is_reported_and_replaced():
    import os

    box = Sandbox()
    try:
        with pytest.raises(SandboxCrash) as caught:
            box.call(os.abort, seconds=60)
        assert "SIGABRT" in caught.value.reason
        with pytest.raises(SandboxTimeout):
            box.call(time.sleep, 30, seconds=0.5)
        assert box.call(sum, [1, 2, 3], seconds=60) == 6  # a fresh child after each failure
    finally:
        box.close()


def test_misnamed_files_say_what_they_are(tmp_path):
    (tmp_path / "x.txt").write_bytes(make_hostile.jpeg_bytes())
    outcome = process_file(str(tmp_path / "x.txt"))
    assert (outcome.error, outcome.message) == ("not_text", "The file is named .txt but is a JPEG "
                                                            "image, not text.")
    (tmp_path / "a.pdf").write_bytes(b"PK\x03\x04" + bytes(200))
    assert process_file(str(tmp_path / "a.pdf")).error == "not_a_pdf"
