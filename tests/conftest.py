"""Fixtures shared by the publishing tests: one real database and one real server per session.

The database is built from ``corpus/`` with the real ingest; the server is ``ratsspur serve``
in a child process on a free loopback port. Tests that use them carry
``pytest.mark.xdist_group("datasette")`` so that, under ``pytest -n``, one worker builds and
serves them once.
"""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> Path:
    """``ratsspur.db`` built from the whole corpus, the way ``make ingest`` builds it."""
    from pipeline.ingest import ingest

    path = tmp_path_factory.mktemp("publish") / "ratsspur.db"
    ingest([CORPUS], path)
    return path


@pytest.fixture(scope="session")
def server_url(corpus_db) -> str:
    """Base URL (``http://127.0.0.1:PORT``) of ``ratsspur serve`` running on the corpus database."""
    from pipeline.publish.running import running_server

    with running_server(corpus_db) as url:
        yield url
