"""The ingest run: find files, skip the unchanged, read and extract the rest, write, link.

Reading and extraction (:func:`process_file`) are pure work on one file and can run in worker
processes or on a Dask cluster; only this module's single writer touches SQLite, one transaction
per paper. A file that fails becomes an error row and the run goes on. At the end the bodies
whose papers changed are linked and the queued full-text entries written; a run that stopped
before that leaves both to the next run.

One hostile file must not stall or kill the run. Python code is stopped by an alarm after
``timeout`` seconds; PDF libraries are C code that an alarm cannot stop (a page of nested forms
that never finishes, a 1 MB stream that inflates to gigabytes), so PDFs are read in a child process
(:class:`Sandbox`) with a memory limit, which is killed when it overruns. With ``--workers N``
each worker is such a child and does the whole file; on Dask each task uses one.

The heavy modules (extractors, spaCy, sqlite-utils) are imported only when there is work, so an
unchanged re-run starts quickly.
"""
from __future__ import annotations

import csv
import json
import os
import pickle
import re
import resource
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Optional, Union

from . import __version__
from .sources import PDF_SUFFIXES, SUPPORTED_SUFFIXES, ReadError, SourceFile, read_source, sha256_of

if TYPE_CHECKING:
    import sqlite_utils

    from .link import LinkSummary
    from .load import Processed

# Files in a corpus folder that document it rather than being papers.
CORPUS_INDEX = "sources.csv"
NOT_PAPERS = {"readme.md", "sources.md", "license.md", "readme.txt", "license.txt", CORPUS_INDEX}
FILE_TIMEOUT_SECONDS = 300
# Seconds a child gets beyond the alarm before it is killed (the alarm waits for C code to return).
KILL_GRACE_SECONDS = 5
WORKER_MEMORY_BYTES = 2 * 2**30  # address space of a worker or PDF reader (a bare one uses ~0.3 GiB)
# Results a slow file may keep waiting per worker before no new file is handed out (memory bound).
BACKLOG_PER_WORKER = 16


@dataclass
class Failure:
    """A file that could not become a paper."""

    path: str
    stage: str
    error: str
    message: str
    sha256: Optional[str] = None


Outcome = Union["Processed", Failure]


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
    link: Optional["LinkSummary"] = None
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


class _Timeout(BaseException):
    """The file's time is up. A BaseException, so that an extractor's ``except Exception`` (they
    must never raise on odd text) cannot swallow it."""


class _Alarm:
    """SIGALRM after ``timeout`` seconds and every second after, until disarmed; the handler
    raises :class:`_Timeout` only while armed, so nothing escapes once the file is done."""

    def __init__(self, timeout: int):
        self.armed = True
        self.previous = signal.signal(signal.SIGALRM, self._fire)
        signal.setitimer(signal.ITIMER_REAL, timeout, 1.0)

    def _fire(self, signum, frame):
        if self.armed:
            raise _Timeout()

    def disarm(self) -> None:
        if self.armed:
            self.armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous)


def process_file(path: str, ocr: bool = True, timeout: int = FILE_TIMEOUT_SECONDS,
                 isolate: bool = True, read: Optional[Callable[[], SourceFile]] = None) -> Outcome:
    """Read, clean and extract one file. Never raises: problems come back as a :class:`Failure`.

    ``isolate``: read PDFs in this thread's :class:`Sandbox` (a child process with a memory limit
    that is killed after ``timeout``); workers that are themselves sandboxed pass False.
    ``read``: how to get the file's pages instead, e.g. a read the sandbox has already begun."""
    from .document import build_document
    from .extract import extract_text, looks_like_council_paper
    from .load import Processed

    alarm = _Alarm(timeout) if timeout and hasattr(signal, "SIGALRM") and _in_main_thread() else None
    stage = "read"
    reader = _thread_sandbox() if isolate and read is None and _is_pdf(path) else None
    try:
        if read is not None:
            source = read()
        elif reader is not None:
            source = reader.call(read_source, path, ocr=ocr, seconds=_read_limit(timeout))
        else:
            source = read_source(path, ocr=ocr)
        stage = "normalize"
        document = build_document(source)
        if not document.text.strip():
            return Failure(path, "read", "no_text", "The file has no readable text (a scan without "
                           "OCR, or blank pages).", source.sha256)
        if _reads_as_english(document.text):
            return Failure(path, "extract", "not_a_paper", "The text is in English, not German; "
                           "Ratsspur reads German council papers only.", source.sha256)
        stage = "extract"
        extraction = extract_text(document.text)
        if not looks_like_council_paper(document.text, extraction):
            return Failure(path, "extract", "not_a_paper", "The text does not look like a German "
                           "council paper (no paper number, no Beratungsfolge, no resolution, "
                           "hardly any council vocabulary).", source.sha256)
        return Processed(source, document, extraction)
    except ReadError as exc:
        return Failure(path, stage, exc.error, exc.message, _safe_hash(path))
    except (_Timeout, SandboxTimeout):
        if alarm:
            alarm.disarm()
        if stage == "read" and reader is not None:
            reader.kill()  # the alarm interrupted the wait, not the child: stop it
        return _timed_out(path, stage, timeout)
    except SandboxCrash as exc:
        return _crashed(path, stage, exc)
    except MemoryError:
        return Failure(path, stage, "too_large", "The file needs more memory than one file may use "
                       "and was skipped.", _safe_hash(path))
    except Exception as exc:  # a bug or a file nobody foresaw: record it, keep going
        return Failure(path, stage, "internal", f"Ratsspur could not process the file "
                       f"({type(exc).__name__}: {exc}).", _safe_hash(path))
    finally:
        if alarm:
            alarm.disarm()


# Frequent English words that are no German words. A paper number alone ("Report No.
# CAB/2023/041") must not make an English report a German council paper.
ENGLISH_WORDS = frozenset("the and of to is that for with this be are on by from as at which "
                          "has have been were should would their".split())
_WORD = re.compile(r"[^\W\d_]+")


def _reads_as_english(text: str) -> bool:
    from extractors.genre import is_german

    words = _WORD.findall(text[:20000].lower())
    english = sum(word in ENGLISH_WORDS for word in words)
    return english >= 15 and english >= 0.1 * len(words) and not is_german(text)


def warm_up() -> None:
    """Import the extractors and build what they make on first use (spaCy's pipeline), so that
    no file's time limit pays for it."""
    from .extract import extract_text

    extract_text("Stadt Lindenau\nVorlage Nr. 2021/1121\nBetreff: Haushalt 2022\nKIM\n")


def _read_limit(timeout: Optional[int]) -> float:
    """Seconds a PDF read may take in the sandbox before its child is killed."""
    return (timeout or FILE_TIMEOUT_SECONDS) + KILL_GRACE_SECONDS


def _timed_out(path: str, stage: str, timeout: Optional[int]) -> Failure:
    return Failure(path, stage, "timeout", f"Reading the file took longer than {timeout} s, the "
                   "limit for one file, and was stopped; the rest of the corpus was loaded.",
                   _safe_hash(path))


def _crashed(path: str, stage: str, crash: "SandboxCrash") -> Failure:
    return Failure(path, stage, "crashed", "The process reading the file stopped abruptly "
                   f"({crash.reason}): the file is damaged, or it needs more than the "
                   f"{WORKER_MEMORY_BYTES // 2**30} GiB of memory one file may use (a small file that "
                   "inflates to gigabytes). It was skipped; the rest of the corpus was loaded.",
                   _safe_hash(path))


def _is_pdf(path: str) -> bool:
    """A PDF by name or by its first bytes (a PDF saved as .txt is still read as a PDF)."""
    if Path(path).suffix.lower() in PDF_SUFFIXES:
        return True
    try:
        with open(path, "rb") as handle:
            return handle.read(5) == b"%PDF-"
    except OSError:
        return False


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _safe_hash(path: str) -> Optional[str]:
    try:
        return sha256_of(Path(path).read_bytes())
    except OSError:
        return None


def _limit_memory(limit: int = WORKER_MEMORY_BYTES) -> None:
    """In a child: one hostile file must not take the machine's memory."""
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError):
        pass


# --- the sandbox: a child process for work that may hang in C code or explode in memory -------

class SandboxTimeout(Exception):
    """The call did not finish in time; the child was killed."""


class SandboxCrash(Exception):
    """The child died during the call (killed by the memory limit, a crash in a C library)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


_FRAME = struct.Struct("<Q")


def _read_exact(fd: int, size: int) -> Optional[bytes]:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


class Sandbox:
    """A child Python process that runs calls one at a time under a memory limit (``RLIMIT_AS``).

    Calls and results are pickled over pipes. A call that overruns is ended with :meth:`kill`; a
    child that dies (memory limit, segfault) is replaced by the next call. A plain subprocess, not
    :mod:`multiprocessing`, so it works from Dask's daemon workers and from any thread. The child
    exits when its parent goes away (end of input)."""

    def __init__(self, memory: int = WORKER_MEMORY_BYTES):
        self.memory = memory
        self.process: Optional[subprocess.Popen] = None
        self.task = None  # the caller's key for the call in flight
        self.started = 0.0

    def _start(self) -> None:
        path = os.pathsep.join(p for p in sys.path if p and os.path.isdir(p))
        env = dict(os.environ, PYTHONPATH=path)  # the parent's modules, tests' helpers included
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from pipeline.ingest import sandbox_main; sandbox_main()",
             str(self.memory)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0, env=env)

    def fileno(self) -> int:
        return self.process.stdout.fileno()

    def submit(self, task, func: Callable, *args, **kwargs) -> None:
        """Start ``func(*args, **kwargs)`` in the child; collect it with :meth:`receive`."""
        data = pickle.dumps((func, args, kwargs), protocol=pickle.HIGHEST_PROTOCOL)
        for attempt in (1, 2):
            if self.process is None or self.process.poll() is not None:
                self._start()
            try:
                _write_all(self.process.stdin.fileno(), _FRAME.pack(len(data)) + data)
                break
            except (BrokenPipeError, OSError):  # the idle child had died: start a fresh one
                self._discard()
                if attempt == 2:
                    raise
        self.task, self.started = (task if task is not None else "call"), time.monotonic()

    def receive(self):
        """The result of the call in flight (its exception is raised here)."""
        fd = self.fileno()
        header = _read_exact(fd, _FRAME.size)
        data = _read_exact(fd, _FRAME.unpack(header)[0]) if header else None
        self.task = None
        if data is None:
            code = self.process.wait()
            self.process = None
            reason = (f"signal {signal.Signals(-code).name}" if code < 0 and -code in
                      signal.Signals._value2member_map_ else f"exit status {code}")
            raise SandboxCrash(reason)
        status, value = pickle.loads(data)
        if status == "raised":
            raise value
        return value

    def call(self, func: Callable, *args, seconds: Optional[float] = None, **kwargs):
        """``func(*args, **kwargs)`` in the child, waiting at most ``seconds``."""
        self.submit(None, func, *args, **kwargs)
        return self.result(seconds)

    def result(self, seconds: Optional[float] = None):
        """The result of the call in flight, which may take ``seconds`` from its submission."""
        wait = None if seconds is None else max(0.0, self.started + seconds - time.monotonic())
        ready, _, _ = select.select([self.fileno()], [], [], wait)
        if not ready:
            self.kill()
            raise SandboxTimeout()
        return self.receive()

    def kill(self) -> None:
        """Stop the call in flight, if any, by killing the child."""
        if self.task is not None:
            self._discard()
        self.task = None

    def _discard(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            for pipe in (self.process.stdin, self.process.stdout):
                pipe.close()
        self.process = None

    def close(self) -> None:
        """Let the child finish (end of input) or kill it if it is busy."""
        if self.process is None:
            return
        try:
            self.process.stdin.close()
            self.process.wait(timeout=1 if self.task is None else 0.01)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.process = None
        self.task = None


def sandbox_main() -> None:
    """The child's loop: read a call, run it, write the result; end at end of input."""
    memory = int(sys.argv[1]) if len(sys.argv) > 1 else WORKER_MEMORY_BYTES
    replies = os.dup(1)
    os.dup2(2, 1)  # a library printing to stdout must not corrupt the replies
    _limit_memory(memory)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        header = _read_exact(0, _FRAME.size)
        if not header:
            return
        func, args, kwargs = pickle.loads(_read_exact(0, _FRAME.unpack(header)[0]))
        try:
            reply = ("ok", func(*args, **kwargs))
        except BaseException as exc:  # noqa: B902 - everything goes back to the parent
            reply = ("raised", exc)
        try:
            data = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            data = pickle.dumps(("raised", RuntimeError(f"{type(reply[1]).__name__}: {exc}")))
        _write_all(replies, _FRAME.pack(len(data)) + data)


WARM_UP = object()  # the task key of a child's warm-up call
_local = threading.local()


def _thread_sandbox() -> Sandbox:
    """This thread's PDF reader child, started on first use and reused for every file."""
    if getattr(_local, "sandbox", None) is None:
        _local.sandbox = Sandbox()
    return _local.sandbox


# --- executors: the same process_file serially, in processes, or on Dask ----------------------

def run_serial(paths: list[str], ocr: bool, timeout: int = FILE_TIMEOUT_SECONDS) -> Iterator[Outcome]:
    """process_file for each path in this process. The sandbox reads the next PDF while this
    process extracts and stores the current one, so one worker keeps two cores busy."""
    if not paths:
        return
    warm_up()
    reader = _thread_sandbox()
    limit = timeout or _read_limit(timeout)  # as process_file's alarm would stop a read of its own

    def start_reading(index: int) -> None:
        if index < len(paths) and _is_pdf(paths[index]):
            reader.submit(index, read_source, paths[index], ocr=ocr)

    try:
        start_reading(0)
        for index, path in enumerate(paths):
            read = _collect(reader, limit) if reader.task == index else None
            start_reading(index + 1)
            yield process_file(path, ocr, timeout, read=read)
    finally:
        reader.kill()  # a read begun for a file nobody will ask for (the run stopped early)


def _collect(reader: Sandbox, limit: float) -> Callable[[], SourceFile]:
    """The sandbox's read as process_file's ``read``: its pages, or the error it ended with
    (ReadError, SandboxTimeout, SandboxCrash), raised where process_file turns it into a Failure."""
    try:
        source = reader.result(limit)
    except Exception as exc:
        def fail(error: Exception = exc) -> SourceFile:  # bound now: `exc` is gone after except
            raise error
        return fail
    return lambda: source


def run_processes(paths: list[str], ocr: bool, workers: int,
                  timeout: int = FILE_TIMEOUT_SECONDS) -> Iterator[Outcome]:
    """process_file in ``workers`` sandboxed children; outcomes in input order.

    Few files are in flight at a time (never the whole corpus), and a child that overruns the
    timeout by :data:`KILL_GRACE_SECONDS` or dies is replaced; its file becomes a Failure."""
    boxes = [Sandbox() for _ in range(max(1, workers))]
    pending = iter(enumerate(paths))
    done: dict[int, Outcome] = {}
    next_index = 0
    limit = timeout + KILL_GRACE_SECONDS if timeout else None
    exhausted = False
    for box in boxes:
        box.submit(WARM_UP, warm_up)  # not timed: imports and spaCy are no file's fault

    def hand_out() -> None:
        """Give every idle child its next file (while the backlog allows)."""
        nonlocal exhausted
        for box in boxes:
            if box.task is None and not exhausted and len(done) < BACKLOG_PER_WORKER * len(boxes):
                item = next(pending, None)
                if item is None:
                    exhausted = True
                else:
                    box.submit(item[0], process_file, item[1], ocr, timeout, False)

    try:
        while True:
            hand_out()
            busy = {box.fileno(): box for box in boxes if box.task is not None}
            if not busy:
                break
            now = time.monotonic()
            timed = [b.started + limit for b in busy.values() if limit is not None and b.task is not WARM_UP]
            wait = max(0.0, min(timed) - now) if timed else None
            ready, _, _ = select.select(list(busy), [], [], wait)
            for fd, box in busy.items():
                index = box.task
                if index is WARM_UP:
                    if fd in ready:
                        try:
                            box.receive()
                        except SandboxCrash:
                            pass  # the next file starts a fresh child
                    continue
                if fd in ready:
                    try:
                        done[index] = box.receive()
                    except SandboxCrash as exc:
                        done[index] = _crashed(paths[index], "read", exc)
                    except Exception as exc:
                        done[index] = Failure(paths[index], "read", "internal", "Ratsspur could not "
                                              f"process the file ({type(exc).__name__}: {exc}).",
                                              _safe_hash(paths[index]))
                elif limit is not None and time.monotonic() - box.started > limit:
                    box.kill()
                    done[index] = _timed_out(paths[index], "read", timeout)
            hand_out()  # before yielding: the children work while the writer stores the results
            while next_index in done:
                yield done.pop(next_index)
                next_index += 1
    finally:
        for box in boxes:
            box.close()


def process_file_isolated(path: str, ocr: bool = True,
                          timeout: int = FILE_TIMEOUT_SECONDS) -> Outcome:
    """process_file in this thread's sandbox: for Dask, whose task threads can neither use the
    alarm nor survive a PDF library that hangs or runs out of memory."""
    box = _thread_sandbox()
    try:
        if box.process is None:  # a new child: imports and spaCy are no file's fault
            box.call(warm_up)
        return box.call(process_file, path, ocr, timeout, False,
                        seconds=(timeout or FILE_TIMEOUT_SECONDS) + KILL_GRACE_SECONDS)
    except SandboxTimeout:
        return _timed_out(path, "read", timeout)
    except SandboxCrash as exc:
        return _crashed(path, "read", exc)


def run_dask(paths: list[str], ocr: bool, address: str,
             timeout: int = FILE_TIMEOUT_SECONDS) -> Iterator[Outcome]:
    """Extraction on a Dask cluster (``local`` starts a LocalCluster); results stream back.

    At most a few tasks per worker thread are submitted ahead, so neither the scheduler nor this
    process holds the whole corpus."""
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=":0") if address == "local" else None
    client = Client(cluster if cluster else address)
    try:
        window = max(4, 4 * sum(client.nthreads().values()))
        pending = iter(enumerate(paths))
        order: dict[str, int] = {}
        done: dict[int, Outcome] = {}
        next_index = 0
        flying = as_completed()

        def submit_more() -> None:
            while flying.count() < window and len(done) < BACKLOG_PER_WORKER * window:
                item = next(pending, None)
                if item is None:
                    return
                future = client.submit(process_file_isolated, item[1], ocr, timeout, pure=False)
                order[future.key] = item[0]
                flying.add(future)

        submit_more()
        for future in flying:  # write in input order: same ids, same rows
            done[order.pop(future.key)] = future.result()
            future.release()
            while next_index in done:
                yield done.pop(next_index)
                next_index += 1
            submit_more()
    finally:
        client.close()
        if cluster:
            cluster.close()


# --- the run ----------------------------------------------------------------------------------

def ingest(inputs: Iterable[Union[str, Path]], db_path: Union[str, Path], *, workers: int = 1,
           dask: Optional[str] = None, ocr: bool = True, timeout: int = FILE_TIMEOUT_SECONDS,
           progress: Optional[Callable[[int, int, Outcome], None]] = None) -> RunSummary:
    """Bring the database up to date with the given files and folders.

    ``timeout``: seconds one file may take before it becomes a ``timeout`` error row."""
    import schema

    inputs = [Path(i) for i in inputs]
    started = time.perf_counter()
    db = writer_connection(db_path)
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
        outcomes = run_dask(todo, ocr, dask, timeout)
    elif workers > 1 and len(todo) > 1:
        outcomes = run_processes(todo, ocr, workers, timeout)
    else:
        outcomes = run_serial(todo, ocr, timeout)
    if todo:
        from .load import load_processed

    for done, outcome in enumerate(outcomes, start=1):
        if isinstance(outcome, Failure):
            _record_failure(db, run_id, outcome)
            summary.failed += 1
            summary.failures.append(outcome)
        else:
            try:
                load_processed(db, outcome, run_id=run_id, version=__version__,
                               origin=origins.get(outcome.source.path))
                summary.loaded += 1
                summary.facts.update(outcome.extraction.fact_count())
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
    from .link import link_pending

    summary.link = link_pending(db)  # the bodies this run changed, and any a stopped run left
    schema.write_full_text(db)  # this run's papers (and any a stopped run left) become searchable
    summary.seconds = round(time.perf_counter() - started, 3)
    db["runs"].update(run_id, {
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "files_seen": summary.files_seen, "files_loaded": summary.loaded,
        "files_unchanged": summary.unchanged, "files_failed": summary.failed,
        "files_withdrawn": summary.withdrawn, "facts": json.dumps(dict(summary.facts)),
        "bodies_linked": json.dumps(summary.link.bodies if summary.link else []),
        "seconds": summary.seconds})
    db.close()
    return summary


def writer_connection(db_path: Union[str, Path]) -> "sqlite_utils.Database":
    """The database, created or upgraded, set up for a run's many small transactions."""
    import schema

    db = schema.connect(db_path)
    # WAL with synchronous=NORMAL: a commit no longer waits for the disk (one fsync per paper
    # dominated small papers); a crash of the process loses nothing, a power cut at most the last
    # papers, never the database's consistency.
    db.execute("PRAGMA synchronous = NORMAL")
    # Copy the log into the database every 10,000 pages (40 MB) rather than every 1,000: the pages
    # every paper touches (index leaves, the last page of each table) are copied once per
    # checkpoint, so fewer checkpoints copy less (loading 15 % faster in wall-clock time).
    db.execute("PRAGMA wal_autocheckpoint = 10000")
    return db


def _unchanged(db: "sqlite_utils.Database", path: str) -> bool:
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
    from .load import record_error

    with db.atomic():
        record_error(db, run_id=run_id, path=failure.path, file_id=failure.sha256,
                     stage=failure.stage, error=failure.error, message=failure.message)
        # A file that loaded before and now fails keeps its old paper, marked by the error row.


def mark_withdrawn(db, inputs: list[Path], present: set[str]) -> int:
    """Files loaded earlier below the given folders but gone now: mark them, never delete."""
    roots = [str(i) for i in inputs if i.is_dir()]
    if not roots:
        return 0
    withdrawn = 0
    with db.atomic():
        for file_id, path, paper in _loaded_files(db):
            if path in present or not any(path.startswith(root.rstrip("/") + "/") or path == root
                                          for root in roots):
                continue
            if os.path.exists(path) and path not in present:
                continue  # still on disk, just not in this run's selection
            db.execute("UPDATE files SET status = 'withdrawn' WHERE id = ?", [file_id])
            db.execute("UPDATE papers SET withdrawn = 1 WHERE id = ?", [paper])
            withdrawn += 1
    return withdrawn


def _loaded_files(db, page: int = 10_000) -> Iterator[tuple[str, str, str]]:
    """(id, path, paper id) of every loaded file, read a page at a time (by rowid) so that a
    corpus of millions of files is never held in memory at once."""
    after = 0
    while True:
        rows = db.execute("SELECT rowid, id, path, paper_id FROM files WHERE status = 'loaded' "
                          "AND rowid > ? ORDER BY rowid LIMIT ?", [after, page]).fetchall()
        if not rows:
            return
        after = rows[-1][0]
        for _, file_id, path, paper in rows:
            yield file_id, path, paper
