"""The ``ratsspur`` command: a thin layer that parses arguments and calls the stages."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__


@click.group()
@click.version_option(__version__, prog_name="ratsspur")
def cli():
    """Ratsspur: German council papers as a linked, searchable SQLite database."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--db", "db_path", default="data/ratsspur.db", show_default=True,
              type=click.Path(dir_okay=False), help="SQLite database to create or update.")
@click.option("--workers", default=1, show_default=True, help="Processes for reading and extraction.")
@click.option("--dask", "dask_address", default=None, metavar="ADDRESS",
              help="Run extraction on a Dask cluster: tcp://host:8786, or 'local'.")
@click.option("--no-ocr", is_flag=True, help="Do not OCR pages without a text layer.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def ingest(paths, db_path, workers, dask_address, no_ocr, quiet):
    """Read PDF and text files (or folders of them) into the database, then link the papers.

    Unchanged files are skipped by content hash; files that cannot be read get a row in the
    errors table. Exit status 1 when any file failed, 0 otherwise."""
    from .ingest import ingest as run_ingest
    from .progress import progress_reporter

    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    with progress_reporter(enabled=not quiet) as progress:
        summary = run_ingest(paths, db_path, workers=workers, dask=dask_address, ocr=not no_ocr,
                             progress=progress)
    if not quiet:
        click.echo(format_summary(summary, db_path))
    sys.exit(1 if summary.failed else 0)


def format_summary(summary, db_path) -> str:
    import schema

    db = schema.connect(db_path, create=False)
    papers = db.execute("SELECT count(*), sum(placeholder) FROM papers").fetchone()
    facts = {t: db[t].count for t in ("consultations", "decisions", "amounts", "dates",
                                      "references", "positions", "entities")}
    errors = db["errors"].count
    db.close()
    lines = [
        f"Run {summary.run_id}: {summary.files_seen} files, {summary.loaded} loaded, "
        f"{summary.unchanged} unchanged, {summary.failed} failed, {summary.withdrawn} withdrawn "
        f"in {summary.seconds:.1f} s",
        f"Database {db_path}: {papers[0]} papers ({papers[1] or 0} known only by reference), "
        f"{errors} error rows",
        "Facts: " + ", ".join(f"{name} {count}" for name, count in facts.items()),
        "Linked: " + (", ".join(summary.link.bodies) if summary.link else "nothing changed"),
    ]
    for failure in summary.failures:
        lines.append(f"  ERROR {failure.path}: [{failure.error}] {failure.message}")
    return "\n".join(lines)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--no-ocr", is_flag=True, help="Do not OCR pages without a text layer.")
def extract(files, no_ocr):
    """Print the extraction of each file as one JSON object per line (JSON Lines)."""
    from .extract import to_record
    from .ingest import Failure, process_file

    failed = False
    for path in files:
        outcome = process_file(path, ocr=not no_ocr)
        if isinstance(outcome, Failure):
            failed = True
            record = {"source": {"path": path, "sha256": outcome.sha256},
                      "error": {"stage": outcome.stage, "error": outcome.error,
                                "message": outcome.message}}
        else:
            record = to_record(outcome.source, outcome.document, outcome.extraction)
        click.echo(json.dumps(record, ensure_ascii=False))
    sys.exit(1 if failed else 0)


@cli.command()
@click.argument("url")
@click.option("--db", "db_path", default="data/ratsspur.db", show_default=True,
              type=click.Path(dir_okay=False), help="SQLite database to create or update.")
@click.option("--files-dir", type=click.Path(file_okay=False), default=None,
              help="Where downloaded files are kept [default: oparl-files/ beside the database].")
@click.option("--max-file-mb", default=50.0, show_default=True, help="Skip files larger than this.")
@click.option("--concurrency", default=2, show_default=True, help="Requests at once, at most.")
@click.option("--delay", default=0.5, show_default=True, help="Seconds between two requests, at least.")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds to wait for an answer.")
@click.option("--retries", default=3, show_default=True, help="Retries of a failed request.")
@click.option("--backoff", default=1.0, show_default=True,
              help="Seconds before the first retry; doubled for each further one.")
@click.option("--full", is_flag=True, help="Fetch every object again, not only those modified since the last sync.")
@click.option("--no-ocr", is_flag=True, help="Do not OCR pages without a text layer.")
@click.option("--quiet", "-q", is_flag=True, help="No progress and no summary.")
def oparl(url, db_path, files_dir, max_file_mb, concurrency, delay, timeout, retries, backoff, full,
          no_ocr, quiet):
    """Import papers, files and consultations from an OParl API (a System or Body URL).

    A second run fetches only what changed (modified_since); an interrupted run resumes where it
    stopped. Exit status 1 when a list, object or file could not be fetched."""
    from .oparl.importer import SyncOptions, format_summary, sync

    Path(db_path).parent.mkdir(parents=True, exist_ok=True)
    options = SyncOptions(files_dir=Path(files_dir) if files_dir else None,
                          max_file_bytes=int(max_file_mb * 2**20), concurrency=concurrency,
                          delay=delay, timeout=timeout, retries=retries, backoff=backoff,
                          ocr=not no_ocr, full=full)
    report = None if quiet else (lambda event, detail: click.echo(
        f"{event}: " + " ".join(f"{k}={v}" for k, v in detail.items()), err=True))
    summary = sync(url, db_path, options, progress=report)
    if not quiet:
        click.echo(format_summary(summary, db_path))
    sys.exit(0 if summary.ok else 1)


@cli.command(name="eval")
@click.argument("gold_dirs", nargs=-1, type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate(gold_dirs, as_json):
    """Score the extractors against gold files (default: tests/gold and tests/shapes)."""
    from .evaluate import evaluate_dirs, format_report

    gold_dirs = gold_dirs or ("tests/gold", "tests/shapes")
    report = evaluate_dirs([Path(d) for d in gold_dirs])
    click.echo(json.dumps(report, indent=1, ensure_ascii=False) if as_json else format_report(report))


@cli.command()
@click.option("--db", "db_path", default="data/ratsspur.db", show_default=True,
              type=click.Path(exists=True, dir_okay=False))
def link(db_path):
    """Re-run the linking stage over the whole database."""
    import schema
    from .link import link as run_link

    db = schema.connect(db_path)
    click.echo(run_link(db))
    schema.write_full_text(db)


@cli.command()
@click.argument("db_path", default="data/ratsspur.db", type=click.Path(exists=True, dir_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True)
def serve(db_path, host, port):
    """Publish the database with Datasette: read-only, with Ratsspur's metadata and pages."""
    from .publish import serve_command

    serve_command(db_path, host=host, port=port)


if __name__ == "__main__":
    cli()
