"""Sums in tables, and the roles their headers give them.

Two layouts name the unit or the role of a sum above it rather than beside it:

- a tab table whose header gives the unit ("Kosten in T€", "(Angaben in T€)"): its cells hold
  bare numbers that are money in that unit, with the role of their column, row or title;
- a line holding only sums, under short header lines that name one role per sum (Leverkusen's
  total cost, grant and town's share, see :func:`roles_from_header_rows`).

:mod:`extractors.amounts` calls :func:`unit_table_sums` before it looks for other sums and
:func:`roles_from_header_rows` once all sums are known.
"""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Optional

import regex

from extractors.amount_text import CURRENCY, NUMBER, Sum
from extractors.lines import Span, line_at, lines_above, lines_below, tab_cells
from extractors.numbers import parse_number, scale_multiplier

if TYPE_CHECKING:
    from extractors.amount_text import Paper

# "Kosten in €", "2025 (T€)", "(Angaben in T€)", "Betrag in Tsd. Euro".
UNIT_HEADER = regex.compile(
    rf"(?:\bin|\(|\[)[ \t]*(?P<unit>T[ ]?€|TEUR|k€|Tsd\.?[ ]?{CURRENCY}|Mio\.?[ ]?{CURRENCY}|{CURRENCY})(?!\w)"
)
# A cell that holds only a number: "448.000", "-90", "1.500,--".
CELL_NUMBER = regex.compile(rf"(?P<sign>[-−–][ ]?)?(?P<number>{NUMBER})(?:,[ ]?[-–—]{{1,2}})?")
# A line of sums alone, under header lines naming one role per sum (Leverkusen, see below).
SUM_IN_LINE = regex.compile(rf"\d[ \t]*{CURRENCY}")
HEADER_LINES_MAX = 4
YEAR_CELL = regex.compile(r"[ \t]*(?:19|20)\d\d[ \t]*")
YEAR_ROW = regex.compile(rf"(?:19|20)\d\d(?:[ \t]+[-−]?\d[\d.]*(?:,\d+)?[ \t]*{CURRENCY})+")
MAX_ROWS_ABOVE = 30

# --------------------------------------------------------------------------------------------
# Tab tables whose header gives the unit
# --------------------------------------------------------------------------------------------


def unit_table_sums(paper: Paper) -> tuple[list[Sum], list[Span]]:
    """Numbers in tab tables whose header gives the unit ("Kosten in €", "(Angaben in T€)").

    Returns the sums and the spans the tables claim, header rows included (a header cell
    "2025 T€" is a column title, not a sum). Role: the column header when the header names roles,
    else the row label, else the title line."""
    text = paper.text
    sums: list[Sum] = []
    claimed: list[Span] = []
    seen_headers: set[int] = set()
    for m in UNIT_HEADER.finditer(text):
        header = _table_header(text, m.start())
        if header is None or header[0][0] in seen_headers:
            continue
        (header_start, header_end), title, title_unit = header
        seen_headers.add(header_start)
        claimed.append((header_start, header_end))
        header_cells = tab_cells(text, header_start, header_end)
        units = [_unit_in(text, *cell) or title_unit for cell in header_cells]
        if not title_unit and units[0] and not any(units[1:]):
            units = [units[0]] * len(units)  # "in T€ | 2025 | 2026": the corner names the unit
        column_roles = [paper.first_role(*cell) for cell in header_cells]
        by_column = any(column_roles[1:])
        title_role = paper.first_role(*title) if title else None
        for row_start, row_end in lines_below(text, header_end + 1):
            if "\t" not in text[row_start:row_end]:
                break
            claimed.append((row_start, row_end))
            cells = tab_cells(text, row_start, row_end)
            row_role = paper.first_role(*cells[0])
            for col, cell in enumerate(cells[:len(units)]):
                s = _cell_sum(text, *cell, units[col])
                if s is not None:
                    s.role = (column_roles[col] if by_column else None) or row_role or title_role \
                        or ("savings" if s.negative else "other")
                    sums.append(s)
    return sums, claimed


def _table_header(text: str, pos: int) -> Optional[tuple[Span, Optional[Span], Optional[str]]]:
    """(header row, title line, the title's unit) of the table a unit mention belongs to: the
    mention's own line when it is a tab row, else the first tab row up to two lines below the
    title line that holds the mention."""
    line = line_at(text, pos)
    if "\t" in text[line[0]:line[1]]:
        return line, None, None
    unit = _unit_in(text, *line)
    for count, (start, end) in enumerate(lines_below(text, line[1] + 1)):
        if count > 2 or start >= len(text):
            return None
        if "\t" in text[start:end]:
            return (start, end), line, unit
        if text[start:end].strip() and count >= 1:
            return None
    return None


def _unit_in(text: str, start: int, end: int) -> Optional[str]:
    """The unit a header cell or title line names ("T€" of "Kosten in T€"), if any."""
    m = UNIT_HEADER.search(text, start, end)
    return m["unit"] if m else None


def _cell_sum(text: str, start: int, end: int, unit: Optional[str]) -> Optional[Sum]:
    """A table cell holding only a number, read in its column's unit."""
    if not unit:
        return None
    raw = text[start:end]
    stripped = raw.strip()
    m = CELL_NUMBER.fullmatch(stripped)
    if not m:
        return None
    value = parse_number(m["number"])
    multiplier = Decimal(1) if regex.fullmatch(CURRENCY, unit) else scale_multiplier(unit)
    if value is None or multiplier is None:
        return None
    negative = bool(m["sign"])
    value *= -multiplier if negative else multiplier
    begin = start + len(raw) - len(raw.lstrip())
    return Sum(begin, begin + len(stripped), value, "money", negative, in_table=True)


# --------------------------------------------------------------------------------------------
# Rows of sums whose header names their roles
# --------------------------------------------------------------------------------------------


def roles_from_header_rows(paper: Paper, sums: list[Sum]) -> None:
    """Roles that a header gives to a row of sums.

    In a tab table, a sum takes the role its column header names. A line holding only sums
    takes the roles, in order, that the short header lines right above it name (Leverkusen:
    "Gesamtkosten Personal Gesamtfördersumme / Land (Personal) / Mehrkosten Stadt Leverkusen"
    over "913.257,24 Euro 576.600,00 Euro 336.657,24 Euro")."""
    text = paper.text
    rows: dict[Span, list[Sum]] = {}
    for s in sums:
        if not s.in_table:
            rows.setdefault(line_at(text, s.start), []).append(s)
    for (line_start, line_end), row in rows.items():
        if "\t" in text[line_start:line_end]:
            _roles_from_tab_header(paper, (line_start, line_end), row)
            continue
        if len(row) < 2 or row[-1].end > line_end:
            continue
        between = [text[a.end:b.start] for a, b in zip(row, row[1:])]
        before = text[line_start:row[0].start]
        if YEAR_CELL.fullmatch(before):
            before = ""  # a row per year: "2025   4.200.000,00 EUR   7.600.000,00 EUR"
        outside = before + text[row[-1].end:line_end]
        if "".join(between + [outside]).strip():
            continue
        roles = _header_lines_roles(paper, line_start)
        if len(roles) == len(row):
            for s, role in zip(row, roles):
                s.role = role


def _header_lines_roles(paper: Paper, line_start: int) -> list[str]:
    """Roles named, in reading order, by the short header lines right above a row of sums."""
    text = paper.text
    roles: list[str] = []
    seen = rows_above = 0
    for start, end in lines_above(text, line_start):
        line = text[start:end].strip()
        if not line:
            continue
        if not seen and YEAR_ROW.fullmatch(line) and rows_above < MAX_ROWS_ABOVE:
            rows_above += 1  # the rows of earlier years: "2024 0,00 EUR 850.000,00 EUR"
            continue
        seen += 1
        if seen > HEADER_LINES_MAX or len(line) > 70 or ":" in line or line[-1] in ".;" or SUM_IN_LINE.search(line):
            break  # a sentence, a form field ("Investitionsmaßnahme: 7.541010.170") or a sum: no header
        roles = paper.roles(start, end) + roles
    return roles


def _roles_from_tab_header(paper: Paper, line: Span, row: list[Sum]) -> None:
    """Sums in a tab row take the role of their column when the header row names roles."""
    text = paper.text
    header = None
    for start, end in lines_above(text, line[0]):
        if "\t" not in text[start:end]:
            break
        header = (start, end)
    if header is None:
        return
    column_roles = [paper.first_role(*cell) for cell in tab_cells(text, *header)]
    if not any(column_roles[1:]):
        return
    for col, (a, b) in enumerate(tab_cells(text, *line)[:len(column_roles)]):
        for s in row:
            if a <= s.start <= b and column_roles[col]:
                s.role = column_roles[col]
