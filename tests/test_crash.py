"""Crash safety (issue 5): an ingest killed half-way (SIGKILL: no cleanup at all) and run again
gives the same database as a run that was never interrupted.

Each paper is written in one transaction, so a kill loses at most the paper being written; the
re-run skips what was stored (by content hash), loads the rest and links everything again."""
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile.make_hostile import database_rows, mixed_corpus

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("crash")]

PAPERS = 300


def ingest_command(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", "ingest", str(corpus), "--db", str(db), "--quiet"]


def files_stored(db: Path) -> int:
    """Files the running ingest has committed so far (0 before the schema exists)."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM files").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return mixed_corpus(tmp_path_factory.mktemp("corpus"), PAPERS)


def test_killed_run_resumes_to_the_same_database(corpus, tmp_path):
    reference = tmp_path / "uninterrupted.db"
    subprocess.run(ingest_command(corpus, reference), check=False, timeout=900)

    crashed = tmp_path / "crashed.db"
    process = subprocess.Popen(ingest_command(corpus, crashed))
    deadline = time.monotonic() + 600
    while files_stored(crashed) < PAPERS // 2:
        assert process.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    stored = files_stored(crashed)
    assert PAPERS // 2 <= stored < PAPERS  # really half-way

    subprocess.run(ingest_command(corpus, crashed), check=False, timeout=900)
    with sqlite3.connect(crashed) as conn:
        runs = conn.execute("SELECT finished, files_loaded, files_unchanged, files_failed "
                            "FROM runs").fetchall()
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # Full-text entries of both runs' papers written once each (rank 1: against papers too).
        conn.execute("INSERT INTO papers_fts (papers_fts, rank) VALUES ('integrity-check', 1)")
        assert conn.execute("SELECT count(*) FROM papers_fts_docsize").fetchone() == \
            conn.execute("SELECT count(*) FROM papers").fetchone()
    assert len(runs) == 2 and runs[0][0] is None  # the killed run never finished
    assert runs[1][2] >= stored  # what was stored is skipped, not read again
    assert sum(runs[1][1:]) == PAPERS + 4

    # A file stored before the kill keeps the first run's number (files.run_id, errors.run_id),
    # one stored after gets the second's: all else must be equal.
    expected = database_rows(reference, skip_columns={"run_id"})
    actual = database_rows(crashed, skip_columns={"run_id"})
    assert actual.keys() == expected.keys()
    for table in expected:
        assert actual[table] == expected[table], f"table {table} differs after the crash"
