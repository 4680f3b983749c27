"""The database layout of Ratsspur and its migrations.

:mod:`schema.tables` declares every table once; this module turns the declaration into SQL and
applies it through sqlite-utils' ``Migrations`` (recorded in ``_sqlite_migrations``), so an old
database is upgraded in place and a new one is created the same way.
"""
from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

from .tables import FACT_TABLES, FTS, FTS_TOKENIZE, TABLES, TABLES_BY_NAME, Column, Table
from .views import VIEWS

__all__ = ["FACT_TABLES", "TABLES", "TABLES_BY_NAME", "Table", "Column", "connect", "ensure_schema",
           "create_table_sql", "migrations", "write_full_text"]

SQL_TYPES = {str: "TEXT", int: "INTEGER", float: "REAL", bytes: "BLOB"}


def create_table_sql(table: Table) -> str:
    """CREATE TABLE statement for a declared table, foreign keys included."""
    lines = []
    for column in table.columns:
        sql_type = SQL_TYPES[column.type]
        if column.name == table.pk:
            lines.append(f"[{column.name}] {sql_type} PRIMARY KEY")
        else:
            lines.append(f"[{column.name}] {sql_type}")
    for column_name, other_table, other_column in table.foreign_keys:
        lines.append(f"FOREIGN KEY([{column_name}]) REFERENCES [{other_table}]([{other_column}])")
    body = ",\n   ".join(lines)
    return f"CREATE TABLE IF NOT EXISTS [{table.name}] (\n   {body}\n)"


def index_name(table: Table, columns: tuple[str, ...]) -> str:
    """``idx_papers_body_id_slug``; a descending column adds ``_desc``."""
    return f"idx_{table.name}_" + "_".join(c.lower().replace(" ", "_") for c in columns)


def _index_column(column: str) -> str:
    name, _, order = column.partition(" ")
    return f"[{name}] {order.upper()}" if order else f"[{name}]"


def table_indexes(table: Table) -> list[tuple[str, ...]]:
    """The declared indexes, plus one for every foreign-key column no index starts with: SQLite
    looks child rows up by that column whenever a parent row is inserted, updated or deleted
    while a deferred constraint is pending (papers ⇄ files); without an index that is a scan of
    the whole child table for every paper loaded."""
    indexes = list(table.indexes)
    leading = {cols[0].partition(" ")[0] for cols in indexes}
    primary = {table.pk}
    for column, _, _ in table.foreign_keys:
        if column not in leading and column not in primary:
            indexes.append((column,))
            leading.add(column)
    return indexes


def index_sql(table: Table) -> list[str]:
    return [
        f"CREATE INDEX IF NOT EXISTS [{index_name(table, cols)}] "
        f"ON [{table.name}] ({', '.join(_index_column(c) for c in cols)})"
        for cols in table_indexes(table)
    ]


migrations = Migrations("ratsspur")


@migrations(name="0001_initial")
def _initial(db: sqlite_utils.Database) -> None:
    for table in TABLES:
        db.execute(create_table_sql(table))
        for statement in index_sql(table):
            db.execute(statement)
    for table_name, columns in FTS.items():
        db.table(table_name).enable_fts(list(columns), tokenize=FTS_TOKENIZE, create_triggers=True)


@migrations(name="0002_views")
def _views(db: sqlite_utils.Database) -> None:
    for name, sql in VIEWS.items():
        db.execute(f"DROP VIEW IF EXISTS [{name}]")
        db.execute(f"CREATE VIEW [{name}] AS {sql}")


def add_missing(db: sqlite_utils.Database, tables=TABLES) -> None:
    """Create declared tables and indexes that are missing and add declared columns that are
    missing, so that a declaration added after a database was created reaches that database."""
    for table in tables:
        if not db[table.name].exists():
            db.execute(create_table_sql(table))
        else:
            present = {c.name for c in db[table.name].columns}
            for column in table.columns:
                if column.name not in present:
                    db.execute(f"ALTER TABLE [{table.name}] ADD COLUMN [{column.name}] "
                               f"{SQL_TYPES[column.type]}")
        for statement in index_sql(table):
            db.execute(statement)


@migrations(name="0003_oparl")
def _oparl(db: sqlite_utils.Database) -> None:
    """OParl import: new tables (oparl_*, discrepancies), OParl id and web columns, new views."""
    add_missing(db)
    _views(db)


@migrations(name="0004_query_tables")
def _query_tables(db: sqlite_utils.Database) -> None:
    """Issue 5, canned queries under 100 ms on a million papers: the indexes they read in order,
    the tables the link stage derives for them (programmes, paper_programmes, amount_totals),
    filled here once so that a database migrated without a new ingest answers them too."""
    db.execute("DROP INDEX IF EXISTS [idx_papers_status]")  # (status, status_date DESC, ...) covers it
    add_missing(db)
    _views(db)
    from pipeline.link import derive_query_tables  # the link stage owns the derivation

    derive_query_tables(db)


@migrations(name="0005_fts_update_trigger")
def _fts_update_trigger(db: sqlite_utils.Database) -> None:
    """Re-index a paper's text only when its indexed columns change. sqlite-utils' trigger fires
    on any update, and the link stage updates every paper's status on every run: each link
    re-indexed the whole corpus's text (the largest cost of a run on a big corpus)."""
    for table_name, columns in FTS.items():
        fts = f"{table_name}_fts"
        old = ", ".join(f"old.[{c}]" for c in columns)
        new = ", ".join(f"new.[{c}]" for c in columns)
        names = ", ".join(f"[{c}]" for c in columns)
        db.execute(f"DROP TRIGGER IF EXISTS [{table_name}_au]")
        db.execute(f"""CREATE TRIGGER [{table_name}_au] AFTER UPDATE OF {names} ON [{table_name}] BEGIN
  INSERT INTO [{fts}] ([{fts}], rowid, {names}) VALUES ('delete', old.rowid, {old});
  INSERT INTO [{fts}] (rowid, {names}) VALUES (new.rowid, {new});
END""")


@migrations(name="0006_foreign_key_indexes")
def _foreign_key_indexes(db: sqlite_utils.Database) -> None:
    """An index on every foreign-key column (see :func:`table_indexes`): loading a paper into a
    database of 10,000 took 50 ms instead of 25 ms, and grew with the corpus."""
    add_missing(db)


# The columns of papers the link stage reads: a change to any of them, or a paper added or removed,
# marks the paper's body for linking (bodies.needs_link). The columns linking writes (status,
# parent_id, ...) are not among them, so linking a body does not mark it again.
LINK_INPUTS = ("body_id", "reference", "date", "subject", "text", "file_id", "parent_reference",
               "attachment_label", "attachment_of_title", "placeholder", "withdrawn")


@migrations(name="0007_link_by_body")
def _link_by_body(db: sqlite_utils.Database) -> None:
    """Linking runs for the bodies whose papers changed (bodies.needs_link), kept by triggers so
    that every way of changing a paper (loading, withdrawing, an OParl import replacing a paper)
    marks its body. A database from before is linked once more in full by its next ingest."""
    add_missing(db)
    mark = "UPDATE bodies SET needs_link = 1 WHERE id = {}.body_id;"
    columns = ", ".join(f"[{c}]" for c in LINK_INPUTS)
    for name, event, marks in (("ai", "INSERT", mark.format("new")), ("ad", "DELETE", mark.format("old")),
                               ("au", f"UPDATE OF {columns}", mark.format("old") + mark.format("new"))):
        db.execute(f"DROP TRIGGER IF EXISTS [papers_needs_link_{name}]")
        db.execute(f"CREATE TRIGGER [papers_needs_link_{name}] AFTER {event} ON papers BEGIN {marks} END")
    db.execute("UPDATE bodies SET needs_link = 1")


@migrations(name="0008_full_text_queue")
def _full_text_queue(db: sqlite_utils.Database) -> None:
    """Full-text entries are written per run, not per paper (:func:`write_full_text`): the
    triggers queue a stored or changed paper in fts_pending instead of indexing it at once.
    A paper still queued has no entry to delete; one already indexed has its old entry deleted
    while its old text is at hand."""
    add_missing(db)
    for table_name, columns in FTS.items():
        fts = f"{table_name}_fts"
        names = ", ".join(f"[{c}]" for c in columns)
        old = ", ".join(f"old.[{c}]" for c in columns)
        indexed = f"NOT EXISTS (SELECT 1 FROM fts_pending WHERE paper_rowid = old.rowid)"
        forget = (f"INSERT INTO [{fts}] ([{fts}], rowid, {names}) "
                  f"SELECT 'delete', old.rowid, {old} WHERE {indexed};")
        queue = "INSERT OR IGNORE INTO fts_pending (paper_rowid) VALUES (new.rowid);"
        for name, event, body in (
                ("ai", "INSERT", queue),
                ("ad", "DELETE", forget + " DELETE FROM fts_pending WHERE paper_rowid = old.rowid;"),
                ("au", f"UPDATE OF {names}", forget + " " + queue)):
            db.execute(f"DROP TRIGGER IF EXISTS [{table_name}_{name}]")
            db.execute(f"CREATE TRIGGER [{table_name}_{name}] AFTER {event} ON [{table_name}] BEGIN {body} END")


def write_full_text(db) -> int:
    """Write the queued papers' full-text entries in one transaction; returns how many.

    FTS5 writes each transaction's entries as a new segment and merges segments as they pile up;
    one entry per paper meant a segment and merge work per paper (a third of loading). ``db``: a
    sqlite-utils Database or a sqlite3 connection."""
    conn = getattr(db, "conn", db)
    own = not conn.in_transaction  # entries and queue change together, or a re-run indexes twice
    if own:
        conn.execute("BEGIN")
    try:
        written = 0
        for table_name, columns in FTS.items():
            names = ", ".join(f"[{c}]" for c in columns)
            values = ", ".join(f"t.[{c}]" for c in columns)
            written += conn.execute(
                f"INSERT INTO [{table_name}_fts] (rowid, {names}) SELECT t.rowid, {values} "
                f"FROM [{table_name}] t JOIN fts_pending q ON q.paper_rowid = t.rowid").rowcount
        conn.execute("DELETE FROM fts_pending")
    except BaseException:
        if own:
            conn.execute("ROLLBACK")
        raise
    if own:
        conn.execute("COMMIT")
    return written


def connect(path, *, create: bool = True) -> sqlite_utils.Database:
    """Open (and by default create or upgrade) a Ratsspur database in WAL mode with foreign keys on."""
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        db.enable_wal()
    if create:
        ensure_schema(db)
    return db


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Apply pending migrations."""
    migrations.apply(db)
