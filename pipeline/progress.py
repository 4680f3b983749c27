"""A progress bar for ingest (rich): papers per second and errors; silent in CI and under --quiet."""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager


@contextmanager
def progress_reporter(enabled: bool = True):
    """Yield a callback ``(done, total, outcome)``, or None when there is nothing to show."""
    if not enabled or os.environ.get("CI") or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn)

    errors = 0
    with Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[rate]} files/s, {task.fields[errors]} errors"),
                  TimeElapsedColumn(), transient=True) as bar:
        task = bar.add_task("ingest", total=None, rate="-", errors=0)

        def update(done: int, total: int, outcome) -> None:
            nonlocal errors
            from .ingest import Failure

            errors += isinstance(outcome, Failure)
            elapsed = bar.tasks[0].elapsed or 0
            rate = f"{done / elapsed:.1f}" if elapsed else "-"
            bar.update(task, completed=done, total=total, rate=rate, errors=errors)

        yield update
