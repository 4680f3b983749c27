"""The ingest run: find files, skip the unchanged, read and extract the rest, write, link.

Reading and extraction (:func:`process_file`) are pure work on one file and can run in worker
processes or on a Dask cluster; only this module's single writer touches SQLite, one transaction
per paper. A file that fails becomes an error row and the run goes on.
"""
from __future__ import annotations

import csv
import json
import os
import resource
import signal
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

import sqlite_utils

import schema

from . import __version__
from .document import build_document
from .extract import extract_text, looks_like_council_paper
from .link import LinkSummary, link
from .load import Processed, clear_errors, load_processed, record_error
from .sources import SUPPORTED_SUFFIXES, ReadError, read_source, sha256_of

# Files in a corpus folder that document it rather than being papers.
CORPUS_INDEX = "sources.csv"
NOT_PAPERS = {"readme.md", "sources.md", "license.md", "readme.txt", "license.txt", CORPUS_INDEX}
FILE_TIMEOUT_SECONDS = 300
WORKER_MEMORY_BYTES = 3 * 2**30


@dataclass
class Failure:
    """A file that could not become a paper."""

    path: str
    stage: str
    error: str
    message: str
    sha256: Optional[str] = None


Outcome = Union[Processed, Failure]


@dataclass
class RunSummary:
    run_id: int
    files_seen: int = 0
    loaded: int = 0
    unchanged: int = 0
    failed: int = 0
    withdrawn: int = 0
    facts: Counter = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    link: Optional[LinkSummary] = None
    seconds: float = 0.0


def find_files(inputs: Iterable[Union[str, Path]]) -> list[Path]:
    """Every supported file below the given files and folders, sorted, documentation skipped."""
    found: set[Path] = set()
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for child in path.rglob("*"):
                if (child.is_file() and child.suffix.lower() in SUPPORTED_SUFFIXES
                        and child.name.lower() not in NOT_PAPERS
                        and not any(part.startswith(".") for part in child.relative_to(path).parts)):
                    found.add(child)
        else:
            found.add(path)  # a file named explicitly is always tried
    return sorted(found)


def read_origins(inputs: Iterable[Union[str, Path]]) -> dict[str, dict]:
    """Source and licence of each file from ``sources.csv`` files in the given folders."""
    origins: dict[str, dict] = {}
    for item in inputs:
        folder = Path(item)
        if not folder.is_dir():
            continue
        for index in folder.rglob(CORPUS_INDEX):
            with index.open(encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    origins[str(index.parent / row["path"])] = row
    return origins


class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Timeout()


def process_file(path: str, ocr: bool = True, timeout: int = FILE_TIMEOUT_SECONDS) -> Outcome:
    """Read, clean and extract one file. Never raises: problems come back as a :class:`Failure`."""
    use_alarm = timeout and hasattr(signal, "SIGALRM") and _in_main_thread()
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.alarm(timeout)
    stage = "read"
    try:
        source = read_source(path, ocr=ocr)
        stage = "normalize"
        document = build_document(source)
        if not document.text.strip():
            return Failure(path, "read", "no_text", "The file has no readable text (a scan without "
                           "OCR, or blank pages).", source.sha256)
        stage = "extract"
        extraction = extract_text(document.text)
        if not looks_like_council_paper(document.text, extraction):
            return Failure(path, "extract", "not_a_paper", "The text does not look like a German "
                           "council paper (no paper number, no Beratungsfolge, no resolution, "
                           "hardly any council vocabulary).", source.sha256)
        return Processed(source, document, extraction)
    except ReadError as exc:
        return Failure(path, stage, exc.error, exc.message, _safe_hash(path))
    except _Timeout:
        return Failure(path, stage, "timeout", f"Reading the file took longer than {timeout} s and "
                       "was stopped; the rest of the corpus was loaded.", _safe_hash(path))
    except MemoryError:
        return Failure(path, stage, "too_large", "The file needs more memory than one file may use "
                       "and was skipped.", _safe_hash(path))
    except Exception as exc:  # a bug or a file nobody foresaw: record it, keep going
        return Failure(path, stage, "internal", f"Ratsspur could not process the file "
                       f"({type(exc).__name__}: {exc}).", _safe_hash(path))
    finally:
        if use_alarm:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)


def _in_main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _safe_hash(path: str) -> Optional[str]:
    try:
        return sha256_of(Path(path).read_bytes())
    except OSError:
        return None


def _limit_worker_memory() -> None:
    """Worker initializer: one hostile file must not take the machine's memory."""
    try:
        resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_BYTES, WORKER_MEMORY_BYTES))
    except (ValueError, OSError):
        pass


# --- executors: the same process_file serially, in processes, or on Dask ----------------------

def run_serial(paths: list[str], ocr: bool) -> Iterator[Outcome]:
    for path in paths:
        yield process_file(path, ocr)


def run_processes(paths: list[str], ocr: bool, workers: int) -> Iterator[Outcome]:
    from concurrent.futures import ProcessPoolExecutor
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_limit_worker_memory) as pool:
        yield from pool.map(process_file, paths, [ocr] * len(paths), chunksize=4)


def run_dask(paths: list[str], ocr: bool, address: str) -> Iterator[Outcome]:
    """Extraction on a Dask cluster (``local`` starts a LocalCluster); results stream back."""
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None) if address == "local" else None
    client = Client(cluster if cluster else address)
    try:
        futures = client.map(process_file, paths, [ocr] * len(paths), pure=False)
        order = {future.key: i for i, future in enumerate(futures)}
        done: dict[int, Outcome] = {}
        next_index = 0
        for future in as_completed(futures):  # write in input order: same ids, same rows
            done[order[future.key]] = future.result()
            future.release()
            while next_index in done:
                yield done.pop(next_index)
                next_index += 1
    finally:
        client.close()
        if cluster:
            cluster.close()


# --- the run ----------------------------------------------------------------------------------

def ingest(inputs: Iterable[Union[str, Path]], db_path: Union[str, Path], *, workers: int = 1,
           dask: Optional[str] = None, ocr: bool = True,
           progress: Optional[Callable[[int, int, Outcome], None]] = None) -> RunSummary:
    """Bring the database up to date with the given files and folders."""
    inputs = [Path(i) for i in inputs]
    started = time.perf_counter()
    db = schema.connect(db_path)
    run_id = db["runs"].insert({
        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"), "version": __version__,
        "inputs": json.dumps([str(i) for i in inputs])}).last_pk
    summary = RunSummary(run_id)
    files = find_files(inputs)
    origins = read_origins(inputs)
    summary.files_seen = len(files)

    todo: list[str] = []
    for path in files:
        if _unchanged(db, str(path)):
            summary.unchanged += 1
        else:
            todo.append(str(path))

    if dask:
        outcomes = run_dask(todo, ocr, dask)
    elif workers > 1 and len(todo) > 1:
        outcomes = run_processes(todo, ocr, workers)
    else:
        outcomes = run_serial(todo, ocr)

    changed = False
    for done, outcome in enumerate(outcomes, start=1):
        if isinstance(outcome, Failure):
            _record_failure(db, run_id, outcome)
            summary.failed += 1
            summary.failures.append(outcome)
        else:
            try:
                load_processed(db, outcome, run_id=run_id, version=__version__,
                               origin=origins.get(outcome.source.path))
                clear_errors(db, outcome.source.path)
                summary.loaded += 1
                summary.facts.update(outcome.extraction.fact_count())
                changed = True
            except Exception as exc:  # a database problem with one paper must not stop the run
                failure = Failure(outcome.source.path, "load", "internal",
                                  f"The paper could not be stored ({type(exc).__name__}: {exc}).",
                                  outcome.source.sha256)
                _record_failure(db, run_id, failure)
                summary.failed += 1
                summary.failures.append(failure)
        if progress:
            progress(done, len(todo), outcome)

    summary.withdrawn = mark_withdrawn(db, inputs, {str(p) for p in files})
    if changed or summary.withdrawn:
        summary.link = link(db)
    summary.seconds = round(time.perf_counter() - started, 3)
    db["runs"].update(run_id, {
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "files_seen": summary.files_seen, "files_loaded": summary.loaded,
        "files_unchanged": summary.unchanged, "files_failed": summary.failed,
        "files_withdrawn": summary.withdrawn, "facts": json.dumps(dict(summary.facts)),
        "seconds": summary.seconds})
    db.close()
    return summary


def _unchanged(db: sqlite_utils.Database, path: str) -> bool:
    """True when this version already handled these exact bytes at this path: loaded them, or
    recorded why they cannot be loaded. Either way, doing it again would change nothing."""
    known = db.execute(
        "SELECT id FROM files WHERE path = ? AND status = 'loaded' AND version = ? "
        "UNION SELECT e.file_id FROM errors e JOIN runs r ON r.id = e.run_id "
        "WHERE e.path = ? AND r.version = ? AND e.file_id IS NOT NULL",
        [path, __version__, path, __version__]).fetchall()
    if not known:
        return False
    try:
        return sha256_of(Path(path).read_bytes()) in {row[0] for row in known}
    except OSError:
        return False


def _record_failure(db, run_id: int, failure: Failure) -> None:
    with db.atomic():
        record_error(db, run_id=run_id, path=failure.path, file_id=failure.sha256,
                     stage=failure.stage, error=failure.error, message=failure.message)
        # A file that loaded before and now fails keeps its old paper, marked by the error row.


def mark_withdrawn(db, inputs: list[Path], present: set[str]) -> int:
    """Files loaded earlier below the given folders but gone now: mark them, never delete."""
    roots = [str(i) for i in inputs if i.is_dir()]
    withdrawn = 0
    with db.atomic():
        for file_id, path, paper in db.execute(
                "SELECT id, path, paper_id FROM files WHERE status = 'loaded'").fetchall():
            if path in present or not any(path.startswith(root.rstrip("/") + "/") or path == root
                                          for root in roots):
                continue
            if os.path.exists(path) and path not in present:
                continue  # still on disk, just not in this run's selection
            db.execute("UPDATE files SET status = 'withdrawn' WHERE id = ?", [file_id])
            db.execute("UPDATE papers SET withdrawn = 1 WHERE id = ?", [paper])
            withdrawn += 1
    return withdrawn
