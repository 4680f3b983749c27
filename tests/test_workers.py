"""``ratsspur ingest --workers N`` builds the same database as one process, and the progress bar
shows only where someone watches (issue 5)."""
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.ingest import ingest
from pipeline.progress import progress_reporter
from tests.hostile.make_hostile import database_rows, mixed_corpus

pytestmark = pytest.mark.xdist_group("workers")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """40 synthetic papers (6 also as PDFs, which claim the same numbers) and 4 broken files."""
    return mixed_corpus(tmp_path_factory.mktemp("corpus"), 40, pdfs=6)


@pytest.fixture(scope="module")
def serial_db(corpus, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("serial") / "serial.db"
    summary = ingest([corpus], db)
    assert (summary.loaded, summary.failed) == (46, 4)
    return db


def test_two_workers_give_the_same_rows_and_ids(corpus, serial_db, tmp_path):
    db = tmp_path / "workers.db"
    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(db), "--workers", "2",
                                      "--quiet"])
    assert result.exit_code == 1, result.output  # 1: some files failed (the broken ones)
    assert result.output == ""  # --quiet: no summary, no progress
    assert database_rows(db) == database_rows(serial_db)


def test_more_workers_than_files_and_a_rerun(corpus, serial_db, tmp_path):
    db = tmp_path / "many.db"
    ingest([corpus], db, workers=3)
    assert database_rows(db) == database_rows(serial_db)
    again = ingest([corpus], db, workers=3)
    assert again.loaded == 0 and again.failed == 0 and again.unchanged == again.files_seen == 50


# --- progress: a bar on a terminal, nothing under --quiet, in CI or into a pipe ---------------

def _ingest_on_a_terminal(corpus: Path, db: Path, *extra: str, ci: bool = False) -> tuple[bytes, int]:
    """Run ``ratsspur ingest`` with stdout and stderr on a pseudo-terminal; what appeared there."""
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "GITHUB_ACTIONS")}
    if ci:
        env["CI"] = "true"
    env.update(COLUMNS="100", TERM="xterm")
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "ingest", str(corpus / "txt" / "lindenau"),
                                "--db", str(db), *extra], stdout=terminal, stderr=terminal, env=env)
    os.close(terminal)
    output = b""
    while True:
        ready, _, _ = select.select([controller], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        output += chunk
    os.close(controller)
    return output, process.wait(timeout=120)


@pytest.mark.slow
def test_progress_bar_on_a_terminal_only(corpus, tmp_path):
    shown, code = _ingest_on_a_terminal(corpus, tmp_path / "a.db")
    assert code == 0 and b"files/s" in shown and b"ingest" in shown and b"Run 1:" in shown
    quiet, code = _ingest_on_a_terminal(corpus, tmp_path / "b.db", "--quiet")
    assert code == 0 and quiet == b""
    in_ci, code = _ingest_on_a_terminal(corpus, tmp_path / "c.db", ci=True)
    assert code == 0 and b"files/s" not in in_ci and b"Run 1:" in in_ci


def test_no_progress_when_disabled_or_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with progress_reporter(enabled=False) as report:
        assert report is None
    monkeypatch.setenv("CI", "true")
    with progress_reporter(enabled=True) as report:
        assert report is None
