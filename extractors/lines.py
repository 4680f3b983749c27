"""Lines and tab-separated cells of a text, as ``(start, end)`` spans.

Forms and tables in council papers are laid out line by line (PDF text keeps a table row on one
line, its cells apart by tabs), so the amount rules walk up and down the lines around a sum.
"""
from __future__ import annotations

from typing import Iterator

Span = tuple[int, int]


def line_at(text: str, pos: int) -> Span:
    """The line holding ``pos``, without its line break."""
    end = text.find("\n", pos)
    return text.rfind("\n", 0, pos) + 1, (len(text) if end < 0 else end)


def lines_below(text: str, pos: int) -> Iterator[Span]:
    """The lines from the one holding ``pos`` on."""
    start = text.rfind("\n", 0, pos) + 1
    while start <= len(text):
        _, end = line_at(text, start)
        yield start, end
        start = end + 1


def lines_above(text: str, line_start: int) -> Iterator[Span]:
    """The lines above the line starting at ``line_start``, nearest first."""
    end = line_start - 1
    while end >= 0:
        start = text.rfind("\n", 0, end) + 1
        yield start, end
        end = start - 1


def tab_cells(text: str, start: int, end: int) -> list[Span]:
    """The tab-separated cells of a line."""
    cells, pos = [], start
    while (tab := text.find("\t", pos, end)) >= 0:
        cells.append((pos, tab))
        pos = tab + 1
    cells.append((pos, end))
    return cells


def pipe_cells(text: str, start: int, end: int) -> list[Span]:
    """The cells of a Markdown table row ``| a | b |``, outer pipes dropped; [] for another line."""
    line = text[start:end]
    first = len(line) - len(line.lstrip())
    if not line[first:first + 1] == "|":
        return []
    cells, pos = [], start + first + 1
    while (bar := text.find("|", pos, end)) >= 0:
        cells.append((pos, bar))
        pos = bar + 1
    if text[pos:end].strip():
        cells.append((pos, end))
    return cells


def table_cells(text: str, start: int, end: int) -> list[Span]:
    """The cells of a table row set with tabs or pipes; [] for a plain line."""
    if "\t" in text[start:end]:
        return tab_cells(text, start, end)
    return pipe_cells(text, start, end)
