"""Throughput benchmark: the same files read raw, through pdfplumber, and through all of Ratsspur.

``python -m pipeline.bench corpus --out data/bench --papers 10000`` writes a synthetic corpus
(:mod:`pipeline.synthetic`); ``python -m pipeline.bench run --corpus data/bench`` measures, in one
run and on the same files:

- raw pypdfium2 text extraction, pages/s (one core);
- raw pdfplumber ``extract_text``, pages/s, on a sample (extrapolated, and labelled so);
- ``ratsspur ingest`` of the PDFs into a new database, pages/s (one worker, and ``--parallel``
  workers), with the ratios to both;
- the same three rates on the published PDFs of ``corpus/`` (real Koblenz papers, read as
  ``--real-copies`` copies so the timing is long enough), as a check on the synthetic figures;
- ``ratsspur ingest`` of the text exports, MB/s per core;
- an unchanged re-run of the PDF ingest, and how many times faster it is than the first run;
- peak memory (RSS) of every ingest, process tree included;
- each extractor module's throughput, MB/s per core;
- the 95th-percentile latency of every canned query of ``pipeline/publish/metadata.yml`` (or of
  the views of :mod:`schema.views`) on a database of 1,000,000 papers, made by replicating the
  text ingest's rows under new bodies and cached in the corpus folder.

Every ingest runs as a separate ``ratsspur ingest`` process, so its time includes start-up and its
memory is its own. Results are printed and written to ``<corpus>/results/<time>.json``;
``--markdown`` prints them as the table of ``docs/benchmarks.md``.
"""
from __future__ import annotations

import csv
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Optional

import click

ROOT = Path(__file__).resolve().parent.parent
METADATA = Path(__file__).resolve().parent / "publish" / "metadata.yml"
TARGETS = {"vs_pypdfium2": 0.5, "vs_pdfplumber": 20.0, "rerun_speedup": 50.0, "peak_rss_mb": 1024}


# --- the corpus ------------------------------------------------------------------------------

@click.group()
def cli():
    """Benchmark Ratsspur on a synthetic corpus (see docs/benchmarks.md)."""


@cli.command()
@click.option("--out", default="data/bench", show_default=True, type=click.Path(file_okay=False))
@click.option("--papers", default=10_000, show_default=True, help="Number of papers to write.")
@click.option("--seed", default=None, type=int, help="Random seed (default: the module's).")
@click.option("--formats", default="txt,pdf", show_default=True, help="txt, pdf or both.")
@click.option("--workers", default=None, type=int, help="Processes (default: all cores).")
def corpus(out, papers, seed, formats, workers):
    """Write a synthetic corpus: txt/<body>/*.txt, pdf/<body>/*.pdf and manifest.csv."""
    from . import synthetic

    started = time.perf_counter()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        if time.perf_counter() - last[0] > 5 or done == total:
            last[0] = time.perf_counter()
            click.echo(f"  {done}/{total} papers", err=True)

    manifest = synthetic.generate(out, papers, seed=synthetic.DEFAULT_SEED if seed is None else seed,
                                  formats=formats.split(","), workers=workers, progress=progress)
    seconds = time.perf_counter() - started
    click.echo(f"Wrote {papers} papers ({formats}) to {out} in {seconds:.1f} s "
               f"({papers / seconds:.0f} papers/s); manifest {manifest}")


# --- measuring -------------------------------------------------------------------------------

@dataclass
class Selection:
    """The files of one benchmark run: the first ``papers`` of the corpus manifest."""

    root: Path
    pdf_dir: Path
    txt_dir: Path
    pdfs: list[Path]
    txts: list[Path]
    references: list[str] = field(default_factory=list)


def select(corpus_dir: Path, papers: Optional[int], work: Path) -> Selection:
    """The first ``papers`` papers; a smaller selection than the corpus is a folder of symlinks,
    so that ingest sees folders (as users give it) and marks nothing withdrawn."""
    with (corpus_dir / "manifest.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if papers is not None and papers > len(rows):
        raise click.UsageError(f"The corpus has {len(rows)} papers; make a bigger one with "
                               f"`python -m pipeline.bench corpus --papers {papers}`.")
    chosen = rows[:papers] if papers else rows
    dirs = {}
    for fmt in ("pdf", "txt"):
        if len(chosen) == len(rows):
            dirs[fmt] = corpus_dir / fmt
            continue
        folder = work / f"selection-{len(chosen)}" / fmt
        if not folder.exists():
            partial = folder.with_name(f"{fmt}.partial")
            shutil.rmtree(partial, ignore_errors=True)
            for row in chosen:
                if row[fmt]:
                    link = partial / Path(row[fmt]).relative_to(fmt)
                    link.parent.mkdir(parents=True, exist_ok=True)
                    link.symlink_to((corpus_dir / row[fmt]).resolve())
            partial.rename(folder)
        dirs[fmt] = folder
    return Selection(corpus_dir, dirs["pdf"], dirs["txt"],
                     [corpus_dir / r["pdf"] for r in chosen if r["pdf"]],
                     [corpus_dir / r["txt"] for r in chosen if r["txt"]],
                     [r["number"] for r in chosen])


def raw_pypdfium2(paths: list[Path]) -> dict:
    """Text layer of every page with pypdfium2 and nothing else: the floor of PDF reading."""
    import pypdfium2 as pdfium

    pages = chars = 0
    started, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        document = pdfium.PdfDocument(path.read_bytes())
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            chars += len(textpage.get_text_range())
            textpage.close()
            page.close()
            pages += 1
        document.close()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"files": len(paths), "pages": pages, "chars": chars, "seconds": round(seconds, 3),
            "cpu_seconds": round(cpu, 3), "pages_per_s": round(pages / seconds, 1),
            "pages_per_cpu_s": round(pages / cpu, 1)}


def raw_pdfplumber(paths: list[Path], total_pages: int, sample_pages: int) -> dict:
    """pdfplumber ``extract_text`` on every n-th file until ``sample_pages`` pages are read;
    the time for all ``total_pages`` is extrapolated from the sample's rate."""
    import pdfplumber

    step = max(1, total_pages // max(sample_pages, 1))  # spread the sample over the whole corpus
    pages = files = 0
    started, cpu = time.perf_counter(), time.process_time()
    for path in paths[::step]:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                pages += 1
        files += 1
        if pages >= sample_pages:
            break
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    rate = pages / seconds
    return {"sample_files": files, "sample_pages": pages, "sample_seconds": round(seconds, 3),
            "pages_per_s": round(rate, 2), "pages_per_cpu_s": round(pages / cpu, 2),
            "extrapolated_seconds_all_pages": round(total_pages / rate, 1)}


class TreeMemory:
    """Polls the resident memory of a process and its children (workers) while it runs."""

    def __init__(self, pid: int, interval: float = 0.5):
        import psutil

        self.process = psutil.Process(pid)
        self.interval = interval
        self.peak_tree = 0
        self.peak_single = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                processes = [self.process, *self.process.children(recursive=True)]
                sizes = []
                for p in processes:
                    try:
                        sizes.append(p.memory_info().rss)
                    except psutil.Error:
                        pass
                if sizes:
                    self.peak_tree = max(self.peak_tree, sum(sizes))
                    self.peak_single = max(self.peak_single, max(sizes))
            except psutil.Error:
                pass
            self._stop.wait(self.interval)

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        return {"peak_rss_mb": round(self.peak_tree / 2**20, 1),
                "peak_rss_single_process_mb": round(self.peak_single / 2**20, 1)}


def run_ingest(folder: Path, db: Path, *, workers: int = 1, ocr: bool = True) -> dict:
    """``ratsspur ingest FOLDER --db DB`` as its own process: wall time, memory, run row."""
    command = [sys.executable, "-m", "pipeline.cli", "ingest", str(folder), "--db", str(db),
               "--quiet", "--workers", str(workers)]
    if not ocr:
        command.append("--no-ocr")
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    memory = TreeMemory(process.pid)
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    result = {"command": " ".join(["ratsspur", *command[3:]]), "workers": workers,
              "wall_seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3),
              "load_before": round(load, 2), **memory.stop(), "exit": process.returncode}
    if process.returncode not in (0, 1):
        raise click.ClickException(f"ingest failed ({process.returncode}): {err.decode()[-2000:]}")
    with sqlite3.connect(db) as conn:
        run = conn.execute("SELECT seconds, files_seen, files_loaded, files_unchanged, files_failed "
                           "FROM runs ORDER BY id DESC LIMIT 1").fetchone()
        pages = conn.execute("SELECT count(*) FROM pages").fetchone()[0]
        papers = conn.execute("SELECT count(*) FROM papers WHERE placeholder = 0").fetchone()[0]
        density = fact_density(conn)
    result.update({"run_seconds": run[0], "files_seen": run[1], "files_loaded": run[2],
                   "files_unchanged": run[3], "files_failed": run[4], "pages_in_db": pages,
                   "papers_in_db": papers, **density})
    return result


def fact_density(conn: sqlite3.Connection) -> dict:
    """Characters a page and facts per 1,000 characters of a loaded database: how much work a
    page is for the extractors and the writer, so two corpora's rates can be compared."""
    from schema import FACT_TABLES

    chars = conn.execute("SELECT coalesce(sum(length(text)), 0) FROM papers "
                         "WHERE placeholder = 0").fetchone()[0]
    pages = conn.execute("SELECT count(*) FROM pages").fetchone()[0]
    facts = sum(conn.execute(f"SELECT count(*) FROM [{t.name}]").fetchone()[0]
                for t in FACT_TABLES if t.name != "sections")
    return {"chars_per_page": round(chars / pages) if pages else None,
            "facts_per_1000_chars": round(facts * 1000 / chars, 2) if chars else None}


def real_pdf_copies(source: Path, work: Path, copies: int) -> list[Path]:
    """``copies`` copies of every PDF under ``source`` (the published papers in ``corpus/``), each
    copy with a PDF comment after its end so its hash differs: ingest loads every copy as a paper
    of its own instead of skipping it as unchanged, and pypdfium2 reads the same bytes."""
    originals = sorted(source.rglob("*.pdf"))
    shutil.rmtree(work, ignore_errors=True)
    paths = []
    for copy in range(copies):
        for original in originals:
            target = work / f"copy-{copy:03d}" / original.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(original.read_bytes() + f"\n% ratsspur bench copy {copy}\n".encode())
            paths.append(target)
    return paths


def real_pdfs(source: Path, work: Path, copies: int) -> dict:
    """The three PDF rates on real published papers instead of generated ones: pypdfium2 and
    ``ratsspur ingest`` over ``copies`` copies, pdfplumber over one copy (every page)."""
    paths = real_pdf_copies(source, work / "real", copies)
    raw = raw_pypdfium2(paths)
    pages = raw["pages"] // copies
    plumber = raw_pdfplumber(paths[:len(paths) // copies], pages, pages)  # copy-000, every page
    db = work / "real.db"
    _remove_db(db)
    ingest = run_ingest(work / "real", db)
    _rates(ingest, ingest["pages_in_db"], "pages")
    return {"source": str(source.relative_to(ROOT)) if source.is_relative_to(ROOT) else str(source),
            "files": len(paths) // copies, "copies": copies, "pypdfium2": raw, "pdfplumber": plumber,
            "ingest_pdf": ingest,
            "ratios": {"vs_pypdfium2": round(ingest["pages_per_cpu_s"] / raw["pages_per_cpu_s"], 3),
                       "vs_pdfplumber": round(ingest["pages_per_cpu_s"] / plumber["pages_per_cpu_s"], 1)}}


def run_with_new_paper(selection: Selection, db: Path) -> dict:
    """An ingest after one new paper (the corpus's next, which cites earlier papers of its body)
    arrived: it loads one file and relinks one body. The file is removed again afterwards."""
    from . import synthetic

    with sqlite3.connect(db) as conn:
        bodies = conn.execute("SELECT count(*) FROM bodies").fetchone()[0]
    paper = synthetic.compose(len(selection.references))  # the selection is the manifest's first rows
    target = selection.pdf_dir / Path(synthetic.relative_path(paper.meta, "pdf")).relative_to("pdf")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(synthetic.render_pdf(paper))
    try:
        result = run_ingest(selection.pdf_dir, db)
    finally:
        target.unlink()
    with sqlite3.connect(db) as conn:
        linked = json.loads(conn.execute("SELECT bodies_linked FROM runs ORDER BY id DESC LIMIT 1").fetchone()[0])
    return {**result, "file": target.name, "bodies_linked": linked, "bodies": bodies}


def stage_times(paths: list[Path], db: Path) -> dict[str, float]:
    """CPU seconds of each stage of the PDF pipeline over ``paths``, each stage in turn in this
    process: reading (pypdfium2, no sandbox), cleaning, every extractor, loading, linking."""
    import schema
    from pipeline.document import build_document
    from pipeline.extract import extract_text
    from pipeline.ingest import _reads_as_english, warm_up, writer_connection
    from pipeline.link import link
    from pipeline.load import Processed, load_processed
    from pipeline.sources import read_source

    warm_up()
    times: dict[str, float] = {}

    def timed(stage: str, func, *args, **kwargs):
        started = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            times[stage] = times.get(stage, 0.0) + time.process_time() - started

    _remove_db(db)
    conn = writer_connection(db)  # set up as ingest's writer is
    run_id = conn["runs"].insert({"started": "bench", "version": "bench", "inputs": "[]"}).last_pk
    for path in paths:
        source = timed("read (pypdfium2)", read_source, path, ocr=False)
        document = timed("clean (normalize, page map)", build_document, source)
        timed("language check", _reads_as_english, document.text)
        extraction = extract_text(
            document.text, lambda name, *call, **kwargs: timed(f"extract: {name}", *call, **kwargs))
        timed("load", load_processed, conn, Processed(source, document, extraction), run_id=run_id,
              version="bench")
    timed("link", link, conn)
    timed("load", schema.write_full_text, conn)  # the run's full-text entries, written at its end
    conn.close()
    return times


@cli.command()
@click.option("--corpus", "corpus_dir", default="data/bench", show_default=True,
              type=click.Path(exists=True, file_okay=False))
@click.option("--papers", default=1000, show_default=True, help="The first N papers of the corpus.")
def stages(corpus_dir, papers):
    """Where a paper's time goes: CPU per stage of the PDF pipeline (docs/benchmarks.md)."""
    corpus_dir = Path(corpus_dir).resolve()
    work = corpus_dir / "run"
    work.mkdir(exist_ok=True)
    selection = select(corpus_dir, papers, work)
    times = stage_times(selection.pdfs, work / "stages.db")
    total = sum(times.values())
    click.echo(f"{len(selection.pdfs)} papers, {total / len(selection.pdfs) * 1000:.2f} ms CPU a paper")
    for stage, seconds in times.items():
        click.echo(f"  {stage:<30} {seconds / len(selection.pdfs) * 1000:7.2f} ms  {seconds / total:6.1%}")


def extractor_throughput(paths: list[Path], limit_bytes: int) -> dict:
    """MB/s per core of normalisation, section finding and every extractor module, each timed
    alone over the same cleaned texts (decoded once, before timing). Each is called once before
    its timing starts: what it builds on first use (compiled patterns, spaCy's pipeline, refex's
    tables) is start-up, not throughput, and would weigh on a small sample (--quick)."""
    from extractors import (amounts, consultations, dates, decisions, entities, header, positions,
                            references, sections)
    from pipeline.extract import extract_text
    from pipeline.normalize import normalize

    raw, total = [], 0
    for path in paths:
        data = path.read_text(encoding="utf-8")
        raw.append(data)
        total += len(data.encode("utf-8"))
        if total >= limit_bytes:
            break
    if raw:
        normalize(raw[0])
    started = time.perf_counter()
    texts = [normalize(t).text for t in raw]
    timings = {"pipeline.normalize": time.perf_counter() - started}
    if texts:
        sections.find_sections(texts[0])
    started = time.perf_counter()
    found = [sections.find_sections(t) for t in texts]
    timings["extractors.sections"] = time.perf_counter() - started
    owns = []
    for module in (header, consultations, decisions, amounts, dates, references, positions, entities):
        if texts:
            module.extract(texts[0], found[0])  # its first-use set-up
        started = time.perf_counter()
        for text, secs in zip(texts, found):
            if module is references:
                module.extract(text, secs, own_reference=None)
            else:
                result = module.extract(text, secs)
                if module is header:
                    owns.append(result)
        timings[module.__name__] = time.perf_counter() - started
    if texts:
        extract_text(texts[0])
    started = time.perf_counter()
    for text in texts:
        extract_text(text)
    timings["pipeline.extract.extract_text (all)"] = time.perf_counter() - started
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    return {"texts": len(texts), "megabytes": round(megabytes, 2),
            "mb_per_s": {name: round(megabytes / seconds, 2) for name, seconds in timings.items()},
            "seconds": {name: round(seconds, 3) for name, seconds in timings.items()}}


# --- the database of a million papers ---------------------------------------------------------

def build_big_db(seed_db: Path, target: Path, papers: int) -> dict:
    """A database of ``papers`` papers: the seed's rows copied again and again, each copy under
    new bodies (``lindenau-7``) with every id rewritten, so numbers repeat across towns as they
    do in Germany. The tables the link stage derives for the canned queries are recomputed from
    the copies, as a link would; the full-text index is left empty (the canned queries do not
    use it)."""
    import schema
    from schema.tables import QUERY_TABLES

    from .link import derive_query_tables

    started = time.perf_counter()
    partial = target.with_name(target.name + ".partial")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
    db = schema.connect(partial)
    db.close()
    conn = sqlite3.connect(partial, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA cache_size = -1000000")
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER [{name}]")  # the FTS triggers: no full-text index
    conn.execute("ATTACH DATABASE ? AS seed", [str(seed_db)])
    per_copy = conn.execute("SELECT count(*) FROM seed.papers").fetchone()[0]
    copies = -(-papers // per_copy)
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM seed.sqlite_master WHERE type = 'table' AND name NOT LIKE 'papers_fts%' "
        "AND name NOT LIKE 'sqlite_%' AND name NOT IN ('_sqlite_migrations', 'runs')")
        if r[0] not in QUERY_TABLES]
    columns = {t: [r[1] for r in conn.execute(f"PRAGMA seed.table_info([{t}])")] for t in tables}
    conn.execute("INSERT INTO runs SELECT * FROM seed.runs")
    conn.execute("BEGIN")
    for copy in range(copies):
        for table in tables:
            select = ", ".join(_rewrite(table, column, copy) for column in columns[table])
            conn.execute(f"INSERT OR IGNORE INTO main.[{table}] ({', '.join(f'[{c}]' for c in columns[table])}) "
                         f"SELECT {select} FROM seed.[{table}]")
        if copy % 10 == 9:
            conn.execute("COMMIT")
            conn.execute("BEGIN")
    conn.execute("COMMIT")
    conn.execute("DETACH DATABASE seed")
    conn.execute("BEGIN")
    derive_query_tables(conn)
    conn.execute("COMMIT")
    extra = conn.execute("SELECT count(*) FROM papers").fetchone()[0] - papers
    conn.execute("ANALYZE")
    conn.close()
    db = sqlite3.connect(partial)
    db.execute("PRAGMA journal_mode = WAL")
    db.close()
    os.replace(partial, target)
    return {"papers": papers + max(extra, 0), "copies": copies, "seed_papers": per_copy,
            "build_seconds": round(time.perf_counter() - started, 1),
            "size_gb": round(target.stat().st_size / 1e9, 2)}


ID_COLUMNS = {"id", "paper_id", "target_paper_id", "parent_id", "rescinded_by", "amended_by",
              "ended_by", "file_id", "organization_id", "decision_id", "amount_id"}


def _rewrite(table: str, column: str, copy: int) -> str:
    """SQL expression giving the column's value in replica ``copy`` (copy 0 keeps the seed's).

    Ids that start with a body (``lindenau:2021/1121``, ``lindenau:2021/1121#amount@5-9``,
    ``lindenau:rat``) get the replica's body (``lindenau-7:…``); ids without one (file hashes,
    ``<hash>:3`` page ids) get the replica number appended or inserted the same way."""
    quoted = f"[{column}]"
    if copy == 0:
        return quoted
    suffix = f"-{copy}"
    if column == "body_id" or (table == "bodies" and column == "id"):
        return f"{quoted} || '{suffix}'"
    if column in ID_COLUMNS:
        return (f"CASE WHEN {quoted} IS NULL THEN NULL WHEN instr({quoted}, ':') > 0 "
                f"THEN replace({quoted}, ':', '{suffix}:') ELSE {quoted} || '{suffix}' END")
    if table == "files" and column == "path":
        return f"{quoted} || '#{copy}'"
    return quoted


def canned_queries() -> dict[str, tuple[str, dict]]:
    """name → (sql, default parameters) from metadata.yml; the views when it does not exist."""
    if METADATA.exists():
        import yaml

        meta = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
        queries = {}
        for database in (meta.get("databases") or {}).values():
            for name, query in (database.get("queries") or {}).items():
                queries[name] = (query["sql"], {})
        if queries:
            return queries
    from schema.views import VIEWS

    return {name: (f"SELECT * FROM [{name}] LIMIT 1000", {}) for name in VIEWS}


def _parameters(sql: str, conn: sqlite3.Connection, rng) -> dict:
    """Values for a query's named parameters, as a journalist would type them."""
    import re

    values = {}
    for name in set(re.findall(r"(?<!:):(\w+)", sql)):
        if name == "reference":
            values[name] = rng.choice(_REFERENCE_SAMPLE(conn))
        elif name in ("programm", "programme"):
            values[name] = rng.choice(["KIM", "DigitalPakt", "Kommunalrichtlinie"])
        elif name == "_site_url":
            values[name] = "http://127.0.0.1:8001"
        else:
            values[name] = ""  # optional filters (body): all bodies
    return values


_REFS: list[str] = []


def _REFERENCE_SAMPLE(conn) -> list[str]:
    if not _REFS:
        _REFS.extend(r[0] for r in conn.execute(
            "SELECT p.reference FROM [references] r JOIN papers p ON p.id = r.target_paper_id "
            "WHERE r.target_kind = 'paper' AND p.reference IS NOT NULL LIMIT 200"))
        if not _REFS:
            _REFS.append("2021/1121")
    return _REFS


def query_latencies(db_path: Path, repeats: int, slow_repeats: int, limit_rows: int = 1000) -> dict:
    """p50/p95 latency of every canned query, rows fetched as Datasette fetches them (up to 1,000)."""
    import random

    rng = random.Random(5)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    conn.execute("PRAGMA cache_size = -262144")  # 256 MiB, about what a small server gives SQLite
    results = {}
    for name, (sql, _) in canned_queries().items():
        timings, rows = [], 0
        n = repeats
        for i in range(n):
            params = _parameters(sql, conn, rng)
            started = time.perf_counter()
            cursor = conn.execute(sql, params)
            rows = len(cursor.fetchmany(limit_rows + 1))
            timings.append(time.perf_counter() - started)
            if i == 1 and timings[-1] > 2.0:
                n = slow_repeats  # a query of seconds: fewer repeats, still p95 of what ran
            if i + 1 >= n:
                break
        timings.sort()
        results[name] = {"runs": len(timings), "rows": rows,
                         "p50_ms": round(1000 * statistics.median(timings), 1),
                         "p95_ms": round(1000 * _percentile(timings, 95), 1)}
    conn.close()
    return results


def _percentile(sorted_values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    rank = max(1, -(-len(sorted_values) * pct // 100))
    return sorted_values[int(rank) - 1]


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import psutil
    import pypdfium2

    return {"cpu": cpu or platform.processor(), "cores": os.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "pypdfium2": getattr(pypdfium2, "V_PYPDFIUM2", "?"), "system": platform.platform()}


# --- the run -----------------------------------------------------------------------------------

@cli.command()
@click.option("--corpus", "corpus_dir", default="data/bench", show_default=True,
              type=click.Path(exists=True, file_okay=False))
@click.option("--papers", default=None, type=int, help="Use the first N papers (default: all).")
@click.option("--quick", is_flag=True, help="500 papers, small samples, 100,000-paper database.")
@click.option("--parallel", default=2, show_default=True, help="Workers for the parallel PDF run (0: skip).")
@click.option("--plumber-pages", default=None, type=int, help="pdfplumber sample size in pages.")
@click.option("--big-papers", default=None, type=int, help="Papers in the query database (default 1,000,000).")
@click.option("--repeats", default=20, show_default=True, help="Runs of each canned query.")
@click.option("--real", "real_dir", default=str(ROOT / "corpus"), show_default=True,
              type=click.Path(file_okay=False), help="Published PDFs measured besides the synthetic ones.")
@click.option("--real-copies", default=100, show_default=True, help="Copies of the real PDFs to read.")
@click.option("--skip", default="",
              help="Comma-separated parts to skip: plumber,parallel,real,text,extractors,queries.")
@click.option("--markdown", is_flag=True, help="Also print the results as a Markdown table.")
def run(corpus_dir, papers, quick, parallel, plumber_pages, big_papers, repeats, real_dir, real_copies,
        skip, markdown):
    """Measure everything on the corpus; print and save the figures."""
    corpus_dir = Path(corpus_dir).resolve()
    skip = set(filter(None, skip.split(",")))
    if quick:
        papers = papers or 500
        plumber_pages = plumber_pages or 15
        big_papers = big_papers or 100_000
        repeats = min(repeats, 5)
        real_copies = min(real_copies, 10)
    plumber_pages = plumber_pages or 60
    big_papers = big_papers or 1_000_000
    work = corpus_dir / "run"
    work.mkdir(exist_ok=True)
    selection = select(corpus_dir, papers, work)
    results: dict = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                     "machine": machine(), "papers": len(selection.pdfs),
                     "command": "python -m pipeline.bench run " + " ".join(sys.argv[2:])}
    say = lambda message: click.echo(message, err=True)  # noqa: E731

    say(f"[1/9] pypdfium2 over {len(selection.pdfs)} PDFs")
    results["pypdfium2"] = raw = raw_pypdfium2(selection.pdfs)
    if "plumber" not in skip:
        say(f"[2/9] pdfplumber on a sample of ~{plumber_pages} pages")
        results["pdfplumber"] = raw_pdfplumber(selection.pdfs, raw["pages"], plumber_pages)

    say("[3/9] ratsspur ingest of the PDFs, one worker")
    pdf_db = work / "pdf.db"
    _remove_db(pdf_db)
    first = results["ingest_pdf"] = run_ingest(selection.pdf_dir, pdf_db)
    _rates(first, first["pages_in_db"], "pages")
    # Ratios per CPU second (what one core does, whatever else runs on the machine) and per
    # wall-clock second (what a user waits for on this machine as it was).
    results["ratios"] = {"vs_pypdfium2": round(first["pages_per_cpu_s"] / raw["pages_per_cpu_s"], 3),
                         "vs_pypdfium2_wall": round(first["pages_per_s"] / raw["pages_per_s"], 3)}
    if "pdfplumber" in results:
        plumber = results["pdfplumber"]
        results["ratios"]["vs_pdfplumber"] = round(first["pages_per_cpu_s"] / plumber["pages_per_cpu_s"], 1)
        results["ratios"]["vs_pdfplumber_wall"] = round(first["pages_per_s"] / plumber["pages_per_s"], 1)

    say("[4/9] unchanged re-run, then a re-run with one new paper")
    again = results["rerun_pdf"] = run_ingest(selection.pdf_dir, pdf_db)
    results["ratios"]["rerun_speedup"] = round(first["wall_seconds"] / again["wall_seconds"], 1)
    results["added_pdf"] = added = run_with_new_paper(selection, pdf_db)
    results["ratios"]["added_speedup"] = round(first["wall_seconds"] / added["wall_seconds"], 1)

    if parallel and "parallel" not in skip:
        say(f"[5/9] ratsspur ingest of the PDFs, {parallel} workers")
        parallel_db = work / "pdf-parallel.db"
        _remove_db(parallel_db)
        par = results["ingest_pdf_parallel"] = run_ingest(selection.pdf_dir, parallel_db,
                                                          workers=parallel)
        _rates(par, par["pages_in_db"], "pages")

    real_dir = Path(real_dir).resolve()
    if "real" not in skip and any(real_dir.rglob("*.pdf")):
        say(f"[6/9] the published PDFs of {real_dir} ({real_copies} copies): the same three rates")
        results["real_pdfs"] = real_pdfs(real_dir, work, real_copies)

    text_db = work / "text.db"
    if "text" not in skip:
        say("[7/9] ratsspur ingest of the text exports, one worker")
        _remove_db(text_db)
        text = results["ingest_text"] = run_ingest(selection.txt_dir, text_db)
        megabytes = sum(p.stat().st_size for p in selection.txts) / 1e6
        text["megabytes"] = round(megabytes, 2)
        text["mb_per_s_per_core"] = round(megabytes / text["cpu_seconds"], 3)
        text["mb_per_s_wall"] = round(megabytes / text["wall_seconds"], 3)

    if "extractors" not in skip:
        say("[8/9] extractor modules")
        results["extractors"] = extractor_throughput(selection.txts, 5_000_000 if quick else 20_000_000)

    if "queries" not in skip and text_db.exists():
        big = corpus_dir / f"big-{big_papers}.db"
        if not big.exists():
            say(f"[9/9] building the {big_papers:,}-paper database {big} (cached for next time)")
            results["big_db"] = build_big_db(text_db, big, big_papers)
        else:
            results["big_db"] = {"cached": str(big)}
        with sqlite3.connect(big) as conn:
            results["big_db"]["papers"] = conn.execute("SELECT count(*) FROM papers").fetchone()[0]
        say(f"[9/9] canned queries on {results['big_db']['papers']:,} papers")
        results["queries"] = query_latencies(big, repeats, max(3, repeats // 4))

    results["peak_rss_mb"] = max(r["peak_rss_mb"] for k, r in results.items()
                                 if k.startswith(("ingest", "rerun")))
    out = corpus_dir / "results"
    out.mkdir(exist_ok=True)
    path = out / f"{datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    click.echo(report(results))
    if markdown:
        click.echo(report_markdown(results))
    click.echo(f"\nSaved {path}")


def _rates(result: dict, amount: float, unit: str) -> None:
    result[f"{unit}_per_s"] = round(amount / result["wall_seconds"], 1)
    result[f"{unit}_per_cpu_s"] = round(amount / result["cpu_seconds"], 1)


def _density(ingest: dict) -> str:
    if ingest.get("facts_per_1000_chars") is None:  # a result saved before densities were kept
        return "density not measured"
    return (f"{ingest['chars_per_page']:,} characters a page, {ingest['facts_per_1000_chars']} facts "
            "per 1,000 characters")


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _verdict(value: float, target: float, higher_is_better: bool = True) -> str:
    ok = value >= target if higher_is_better else value < target
    return "ok" if ok else "MISSED"


def report(r: dict) -> str:
    m = r["machine"]
    lines = [f"Ratsspur benchmark, {r['papers']} papers, {m['cores']} cores ({m['cpu']}), "
             f"load before the first ingest {r['ingest_pdf']['load_before']}",
             "  rates per CPU second (one core's work) and per wall-clock second"]
    raw = r["pypdfium2"]
    lines.append(f"  pypdfium2 raw text:        {raw['pages_per_cpu_s']:>8.1f} pages/CPU-s "
                 f"{raw['pages_per_s']:>8.1f} pages/s  ({raw['pages']} pages)")
    if "pdfplumber" in r:
        p = r["pdfplumber"]
        lines.append(f"  pdfplumber extract_text:   {p['pages_per_cpu_s']:>8.2f} pages/CPU-s "
                     f"{p['pages_per_s']:>8.2f} pages/s  (sample of {p['sample_pages']} pages; all "
                     f"pages ~{p['extrapolated_seconds_all_pages']} s, extrapolated)")
    i, ratios = r["ingest_pdf"], r["ratios"]
    lines.append(f"  ratsspur PDF → database:   {i['pages_per_cpu_s']:>8.1f} pages/CPU-s "
                 f"{i['pages_per_s']:>8.1f} pages/s  (1 worker, {i['wall_seconds']} s, "
                 f"{i['files_loaded']} loaded, {i['files_failed']} failed)")
    lines.append(f"    = {ratios['vs_pypdfium2']} × pypdfium2 per CPU-s ({ratios['vs_pypdfium2_wall']} wall; "
                 f"target ≥ {TARGETS['vs_pypdfium2']}: {_verdict(ratios['vs_pypdfium2'], TARGETS['vs_pypdfium2'])})")
    if "vs_pdfplumber" in ratios:
        lines.append(f"    = {ratios['vs_pdfplumber']} × pdfplumber per CPU-s ({ratios['vs_pdfplumber_wall']} "
                     f"wall; target ≥ {TARGETS['vs_pdfplumber']:.0f}: "
                     f"{_verdict(ratios['vs_pdfplumber'], TARGETS['vs_pdfplumber'])})")
    if "ingest_pdf_parallel" in r:
        p = r["ingest_pdf_parallel"]
        lines.append(f"  same, {p['workers']} workers:           {p['pages_per_cpu_s']:>8.1f} pages/CPU-s "
                     f"{p['pages_per_s']:>8.1f} pages/s  ({p['wall_seconds']} s)")
    if "real_pdfs" in r:
        real = r["real_pdfs"]
        lines.append(f"  published PDFs of {real['source']}/ ({real['files']} files, "
                     f"{real['pypdfium2']['pages'] // real['copies']} pages, {real['copies']} copies):")
        lines.append(f"    pypdfium2 {real['pypdfium2']['pages_per_cpu_s']:.1f}, pdfplumber "
                     f"{real['pdfplumber']['pages_per_cpu_s']:.2f}, ratsspur "
                     f"{real['ingest_pdf']['pages_per_cpu_s']:.1f} pages/CPU-s = "
                     f"{real['ratios']['vs_pypdfium2']} × pypdfium2, {real['ratios']['vs_pdfplumber']} × "
                     f"pdfplumber")
        lines.append(f"    {_density(real['ingest_pdf'])} (generated papers: {_density(i)})")
    a = r["rerun_pdf"]
    lines.append(f"  unchanged re-run:          {a['wall_seconds']:>8.2f} s ({ratios['rerun_speedup']}× faster "
                 f"than the first run; target ≥ {TARGETS['rerun_speedup']:.0f}: "
                 f"{_verdict(ratios['rerun_speedup'], TARGETS['rerun_speedup'])}; in-process {a['run_seconds']} s)")
    if "added_pdf" in r:
        n = r["added_pdf"]
        lines.append(f"  re-run with one new paper: {n['wall_seconds']:>8.2f} s ({ratios['added_speedup']}× faster "
                     f"than the first run; linked {len(n['bodies_linked'])} of {n['bodies']} bodies)")
    if "ingest_text" in r:
        t = r["ingest_text"]
        lines.append(f"  ratsspur text → database:  {t['mb_per_s_per_core']:>8.3f} MB/CPU-s  "
                     f"{t['mb_per_s_wall']:>8.3f} MB/s  ({t['megabytes']} MB, {t['wall_seconds']} s)")
    lines.append(f"  peak RSS of any ingest:    {r['peak_rss_mb']:>8.1f} MB, process tree (target < "
                 f"{TARGETS['peak_rss_mb']} MB: {_verdict(r['peak_rss_mb'], TARGETS['peak_rss_mb'], False)})")
    if "extractors" in r:
        e = r["extractors"]
        lines.append(f"  extractors ({e['texts']} texts, {e['megabytes']} MB), MB/s per core:")
        for name, rate in e["mb_per_s"].items():
            lines.append(f"    {name:<42} {rate:>8.2f}")
    if "queries" in r:
        lines.append(f"  canned queries on {r['big_db']['papers']:,} papers (p50 / p95 ms):")
        for name, q in r["queries"].items():
            lines.append(f"    {name:<28} {q['p50_ms']:>10.1f} {q['p95_ms']:>10.1f}   ({q['runs']} runs, "
                         f"{q['rows']} rows)")
    return "\n".join(lines)


def report_markdown(r: dict) -> str:
    i, ratios = r["ingest_pdf"], r["ratios"]
    rows = [("pypdfium2, raw text layer", f"{r['pypdfium2']['pages_per_cpu_s']}",
             f"{r['pypdfium2']['pages_per_s']}", "", "")]
    if "pdfplumber" in r:
        p = r["pdfplumber"]
        rows.append((f"pdfplumber `extract_text` (sample of {p['sample_pages']} pages, extrapolated)",
                     f"{p['pages_per_cpu_s']}", f"{p['pages_per_s']}", "", ""))
    rows.append(("Ratsspur PDF → database, 1 worker", f"{i['pages_per_cpu_s']}", f"{i['pages_per_s']}",
                 f"≥ 0.5 × pypdfium2: **{ratios['vs_pypdfium2']} ×** ({ratios['vs_pypdfium2_wall']} wall)",
                 _verdict(ratios["vs_pypdfium2"], TARGETS["vs_pypdfium2"])))
    if "vs_pdfplumber" in ratios:
        rows.append(("", "", "", f"≥ 20 × pdfplumber: **{ratios['vs_pdfplumber']} ×** "
                                 f"({ratios['vs_pdfplumber_wall']} wall)",
                     _verdict(ratios["vs_pdfplumber"], TARGETS["vs_pdfplumber"])))
    if "ingest_pdf_parallel" in r:
        p = r["ingest_pdf_parallel"]
        rows.append((f"Ratsspur PDF → database, {p['workers']} workers", f"{p['pages_per_cpu_s']}",
                     f"{p['pages_per_s']}", "", ""))
    if "real_pdfs" in r:
        real = r["real_pdfs"]
        label = (f"published PDFs of `{real['source']}/` ({real['files']} files, "
                 f"{real['pypdfium2']['pages'] // real['copies']} pages, {real['copies']} copies)")
        rows += [(f"pypdfium2, {label}", f"{real['pypdfium2']['pages_per_cpu_s']}",
                  f"{real['pypdfium2']['pages_per_s']}", "", ""),
                 (f"pdfplumber `extract_text`, {label}, one copy", f"{real['pdfplumber']['pages_per_cpu_s']}",
                  f"{real['pdfplumber']['pages_per_s']}", "", ""),
                 (f"Ratsspur PDF → database, {label}", f"{real['ingest_pdf']['pages_per_cpu_s']}",
                  f"{real['ingest_pdf']['pages_per_s']}",
                  f"{real['ratios']['vs_pypdfium2']} × pypdfium2, {real['ratios']['vs_pdfplumber']} × "
                  f"pdfplumber; {_density(real['ingest_pdf'])} (generated papers: {_density(i)})",
                  "context")]
    lines = ["| Pages per second | per CPU-s | per wall-s | Target | |", "|---|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in rows]
    lines += ["", "| Measure | Result | Target | |", "|---|---|---|---|"]
    if "ingest_text" in r:
        t = r["ingest_text"]
        lines.append(f"| Ratsspur text → database, 1 worker | {t['mb_per_s_per_core']} MB per CPU-s "
                     f"({t['mb_per_s_wall']} MB/s wall) | | |")
    lines.append(f"| Unchanged re-run | {r['rerun_pdf']['wall_seconds']} s (first run {i['wall_seconds']} s) "
                 f"| ≥ 50 × faster: **{ratios['rerun_speedup']} ×** | "
                 f"{_verdict(ratios['rerun_speedup'], TARGETS['rerun_speedup'])} |")
    if "added_pdf" in r:
        n = r["added_pdf"]
        lines.append(f"| Re-run after one new paper arrived | {n['wall_seconds']} s, {ratios['added_speedup']} × "
                     f"faster than the first run (linked {len(n['bodies_linked'])} of {n['bodies']} bodies) | | |")
    lines.append(f"| Peak RSS of an ingest (process tree) | {r['peak_rss_mb']} MB | < 1 GB | "
                 f"{_verdict(r['peak_rss_mb'], TARGETS['peak_rss_mb'], False)} |")
    if "extractors" in r:
        lines += ["", "| Module | MB/s per core |", "|---|---|"]
        lines += [f"| `{name}` | {rate} |" for name, rate in r["extractors"]["mb_per_s"].items()]
    if "queries" in r:
        lines += ["", f"| Canned query ({r['big_db']['papers']:,} papers) | p50 ms | p95 ms | runs |",
                  "|---|---|---|---|"]
        lines += [f"| `{name}` | {q['p50_ms']} | {q['p95_ms']} | {q['runs']} |"
                  for name, q in r["queries"].items()]
    return "\n".join(lines)


if __name__ == "__main__":
    cli()
