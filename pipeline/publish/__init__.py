"""Publishing the Ratsspur database with Datasette: read-only, described, with Ratsspur's pages.

:func:`create_datasette` builds the Datasette instance exactly as ``ratsspur serve`` runs it
(tests use it in-process); :func:`serve_command` runs it with uvicorn. The database is always
served under the name ``ratsspur`` (``/ratsspur/papers``), whatever its file is called, so links,
canned queries and feeds keep their addresses. The plugin itself (``plugin.py``) is registered
as the ``ratsspur`` Datasette entry point in pyproject.toml.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Union

from .describe import DATABASE_NAME, build_metadata

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
SETTINGS = {
    "sql_time_limit_ms": 3000,  # a public server: no query may hold it for long
    "facet_time_limit_ms": 500,
    "default_page_size": 50,
}


class NotARatsspurDatabase(Exception):
    pass


def check_database(db_path: Union[str, Path]) -> None:
    """Fail early, with a sentence, when the file is not a Ratsspur database."""
    try:
        conn = sqlite3.connect(f"file:{Path(db_path).resolve()}?mode=ro", uri=True)
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise NotARatsspurDatabase(f"{db_path} is not an SQLite database ({exc}).") from exc
    if "papers" not in tables:
        raise NotARatsspurDatabase(f"{db_path} has no papers table: build it with `ratsspur ingest`.")


def create_datasette(db_path: Union[str, Path], name: str = DATABASE_NAME):
    """A Datasette serving ``db_path`` immutably as ``name``, with metadata, templates and CSS."""
    from datasette.app import Datasette

    path = str(db_path)
    datasette = Datasette(
        immutables=[path],
        metadata=build_metadata(name),
        settings=SETTINGS,
        template_dir=str(TEMPLATES),
        static_mounts=[("ratsspur-static", str(STATIC))],
    )
    (suggested,) = [n for n, db in datasette.databases.items() if db.path == path]
    if suggested != name:
        database = datasette.databases[suggested]
        datasette.remove_database(suggested)
        datasette.add_database(database, name=name)
    return datasette


def serve_command(db_path: Union[str, Path], host: str = "127.0.0.1", port: int = 8001) -> None:
    """``ratsspur serve``: publish the database read-only until interrupted."""
    import click
    import uvicorn

    try:
        check_database(db_path)
    except NotARatsspurDatabase as exc:
        raise click.ClickException(str(exc)) from exc
    datasette = create_datasette(db_path)
    click.echo(f"Ratsspur: http://{host}:{port}/ (database {db_path}, read-only)", err=True)
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)
