"""Distributed extraction (issue 5): a real dask.distributed cluster of two worker processes on
loopback, addressed by its scheduler's ``tcp://`` address, builds the same database (same rows,
same ids) as a single process."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.ingest import ingest
from tests.hostile.make_hostile import database_rows, mixed_corpus

distributed = pytest.importorskip("dask.distributed")

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("dask")]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """24 synthetic papers (4 also as PDFs) and 4 broken files."""
    return mixed_corpus(tmp_path_factory.mktemp("corpus"), 24, pdfs=4)


@pytest.fixture(scope="module")
def serial_db(corpus, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("serial") / "serial.db"
    ingest([corpus], db)
    return db


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=":0") as running:
        yield running


def test_cluster_by_scheduler_address_gives_the_same_database(cluster, corpus, serial_db, tmp_path):
    address = cluster.scheduler_address
    assert address.startswith("tcp://127.0.0.1:")
    db = tmp_path / "dask.db"
    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--db", str(db), "--dask", address,
                                      "--quiet"])
    assert result.exit_code == 1, result.output  # the broken files failed, as in the serial run
    assert database_rows(db) == database_rows(serial_db)
    with distributed.Client(address) as client:  # both workers did some of the work
        assert len(client.scheduler_info()["workers"]) == 2


def test_dask_local_gives_the_same_database(corpus, serial_db, tmp_path):
    db = tmp_path / "local.db"
    summary = ingest([corpus], db, dask="local")
    assert (summary.loaded, summary.failed) == (28, 4)
    assert database_rows(db) == database_rows(serial_db)
