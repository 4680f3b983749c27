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
from itertools import islice, takewhile
from typing import TYPE_CHECKING, Optional

import regex

from extractors.amount_text import CURRENCY, NUMBER, Sum
from extractors.lines import Span, line_at, lines_above, lines_below, tab_cells, table_cells
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
TOTAL_TITLE = regex.compile(r"(?i)gesamt|summe|insgesamt|gesamtsumme|zusammen")
PIPE_RULE = regex.compile(r"[ \t]*\|?[ \t:|-]*-[ \t:|-]*")  # a Markdown table's rule row

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
        if header is None:
            _read_space_table(paper, line_at(text, m.start()), m["unit"], seen_headers, sums, claimed)
            continue
        if header[0][0] in seen_headers:
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
    for m in FINANCE_HEADING.finditer(text):  # "Finanzielle Auswirkungen:" over years and rows
        heading = line_at(text, m.start())
        below = next((span for span in lines_below(text, heading[1] + 1) if text[span[0]:span[1]].strip()), None)
        if below is None or not _is_title_row(text, *below):
            continue
        _read_space_table(paper, heading, "€", seen_headers, sums, claimed)
    return sums, claimed


def _read_space_table(paper: Paper, caption: Span, unit: str, seen: set[int], sums: list[Sum],
                      claimed: list[Span]) -> None:
    """Add the sums of the space-set table under (or over) ``caption`` and claim its lines."""
    rows = _space_table(paper.text, caption)
    if not rows or rows[0][0] in seen:
        return
    seen.add(rows[0][0])
    titles = _title_rows_above(paper.text, rows[0][0])
    sums += _space_table_sums(paper, rows, unit, caption, titles)
    claimed += [(start, end) for start, end, _ in rows] + titles


# --------------------------------------------------------------------------------------------
# Tables whose columns a text layer set with spaces, under (or over) a caption giving the unit:
# "Finanzielle Auswirkungen (in Tsd. €)" ⏎ "2025 2026 2027 gesamt" ⏎ "Personalaufwand 98,4 201,6
# 206,7 506,7"; a row may name its own unit: "davon Fördermittel (Mio. €) 1,73 2,79 1,24 5,76".
# --------------------------------------------------------------------------------------------

# A money cell: a short number or one with thousands points, decimals optional ("98,4", "1.100.000",
# "-80.000", "0,19"); a dash is an empty cell. Long digit runs are account or investment numbers.
MONEY_CELL = regex.compile(r"[-−–]?(?:\d{1,3}(?:\.\d{3})+|\d{1,4})(?:,\d{1,2})?")
EMPTY_CELL = regex.compile(r"[-–—]{1,2}")
HEADER_WORD = regex.compile(r"(?i)gesamt|summe|insgesamt|bisher|neu|alt|ist|plan|soll|ansatz|haushaltsjahr|jahr|in|€|eur|t€|teur")
YEAR_TOKEN = regex.compile(r"(?:19|20)\d\d(?:[-–/](?:19|20)?\d\d)?")
SPACE_TABLE_GAP = 2  # lines (blank or a row of column titles) between a caption and its first row
SPACE_TABLE_ROWS = 30


def _space_row(text: str, start: int, end: int) -> Optional[tuple[Span, list[Span]]]:
    """(label span, cell spans) when the line ``text[start:end]`` is a label followed by two or
    more money cells (or dashes), at least one a number; a leading year is the row's label."""
    tokens = [(m.start(), m.end()) for m in regex.finditer(r"\S+", text[start:end])]
    cells: list[Span] = []
    while tokens:
        a, b = tokens[-1]
        token = text[start + a:start + b]
        if not (MONEY_CELL.fullmatch(token) or EMPTY_CELL.fullmatch(token)):
            break
        cells.insert(0, (start + a, start + b))
        tokens.pop()
    if not tokens and cells and YEAR_TOKEN.fullmatch(text[cells[0][0]:cells[0][1]]):
        tokens.append((cells[0][0] - start, cells[0][1] - start))  # "2024 2.140 1.926 214"
        cells.pop(0)
    numbers = [c for c in cells if not EMPTY_CELL.fullmatch(text[c[0]:c[1]])]
    if len(cells) < 2 or not numbers or not tokens:
        return None
    if all(YEAR_TOKEN.fullmatch(text[a:b]) for a, b in numbers):
        return None  # a row of years is the columns' titles
    return (start + tokens[0][0], start + tokens[-1][1]), cells


def _is_title_row(text: str, start: int, end: int) -> bool:
    """A row of column titles: years and words such as "gesamt", "Summe", "in EUR"."""
    words = text[start:end].split()
    return bool(words) and any(YEAR_TOKEN.fullmatch(w) for w in words) and all(
        YEAR_TOKEN.fullmatch(w) or HEADER_WORD.fullmatch(w.strip("():")) for w in words)


# A finance heading over a table of years whose cells are euros: "Finanzielle Auswirkungen:".
FINANCE_HEADING = regex.compile(
    r"(?m)^[ \t]*(?:Finanzielle[ \t]+Auswirkungen|Auswirkungen[ \t]+auf[ \t]+den[ \t]+Haushalt"
    r"|Haushaltsmäßige[ \t]+Auswirkungen)[ \t]*:?[ \t]*$"
)


Row = tuple[int, int, tuple[Span, list[Span]]]  # a line's start and end, its label and its cells


def _space_table(text: str, line: Span) -> list[Row]:
    """The rows ``(start, end, label)`` of the space-set table whose caption (or own row) is
    ``line``: its own row, the rows below the caption, or (a caption under the table) the rows
    right above it."""
    if _space_row(text, *line):
        first = line
        for above in lines_above(text, line[0]):  # the rows of the table above this one
            if not _space_row(text, *above):
                break
            first = above
        return _rows_from(text, first[0])
    rows: list = []
    skipped = 0
    for start, end in lines_below(text, line[1] + 1):
        if start > len(text) or start == line[0]:
            break
        if _space_row(text, start, end):
            rows = _rows_from(text, start)
            break
        if skipped >= SPACE_TABLE_GAP or (text[start:end].strip() and not _is_title_row(text, start, end)):
            break
        skipped += 1
    if rows or _is_title_row(text, *line):
        return rows
    above = list(islice(takewhile(lambda span: _space_row(text, *span), lines_above(text, line[0])),
                        SPACE_TABLE_ROWS))
    return _rows_from(text, above[-1][0]) if above else []


def _rows_from(text: str, start: int) -> list[Row]:
    rows = []
    for line_start, line_end in lines_below(text, start):
        if line_start > len(text) or len(rows) >= SPACE_TABLE_ROWS:
            break
        row = _space_row(text, line_start, line_end)
        if row is None:
            break
        rows.append((line_start, line_end, row))
    return rows


def _title_rows_above(text: str, first_row: int) -> list[Span]:
    """The lines of column titles right above a table's first row (up to two, blank lines between)."""
    titles = []
    for start, end in lines_above(text, first_row):
        if not text[start:end].strip():
            continue
        if len(titles) >= 2 or SUM_IN_LINE.search(text, start, end) or text[start:end].rstrip()[-1:] in ".:;":
            break
        titles.insert(0, (start, end))
    return titles


COLUMN_TITLE_WORD = regex.compile(r"(?i)gesamt|summe|insgesamt")


def _column_count(text: str, lines: list[Span]) -> Optional[int]:
    """How many value columns a row of column titles names: its years and totals."""
    for start, end in lines:
        if _is_title_row(text, start, end):
            return sum(1 for w in text[start:end].split()
                       if YEAR_TOKEN.fullmatch(w) or COLUMN_TITLE_WORD.fullmatch(w.strip("():"))) or None
    return None


def _space_table_sums(paper: Paper, rows: list[Row], unit: str, caption: Span, titles: list[Span]) -> list[Sum]:
    """Every number of a space-set table, in the unit of its row or its caption. Role: its
    column's when the title lines name one role per column ("Sachaufwand Ansatz 2025 ⏎ Einsparziel"),
    else the row label's, else the caption's."""
    text = paper.text
    caption_role = paper.first_role(*caption)
    columns = _column_count(text, titles + [caption])
    if columns:  # "Mehraufwand FB 41 120.000 120.000" under "2025 2026": the 41 is the label's
        rows = [(start, end, (label, cells[-columns:])) for start, end, (label, cells) in rows]
    column_roles = [role for span in titles for role in paper.roles(*span)]
    widths = {len(cells) for _s, _e, (_label, cells) in rows}
    by_column = len(widths) == 1 and len(column_roles) == widths.pop() and len(column_roles) > 1
    sums = []
    for _start, _end, (label, cells) in rows:
        label_unit = _unit_in(text, *label)
        row_role = paper.first_role(*label) or caption_role
        for col, (a, b) in enumerate(cells):
            s = _cell_sum(text, a, b, label_unit or unit)
            if s is not None:
                s.role = (column_roles[col] if by_column else row_role) or ("savings" if s.negative else "other")
                sums.append(s)
    return sums


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
        if "\t" in text[line_start:line_end] or text[line_start:line_end].lstrip().startswith("|"):
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
    """Sums in a tab or pipe row take the role of their column when the header row names roles."""
    text = paper.text
    header = None
    for start, end in lines_above(text, line[0]):
        if not table_cells(text, start, end):
            break
        if not PIPE_RULE.fullmatch(text, start, end):  # "|---|---|" under a Markdown header
            header = (start, end)
    if header is None:
        return
    header_cells = table_cells(text, *header)
    column_roles = [paper.first_role(*cell) for cell in header_cells]
    if not any(column_roles[1:]):
        return
    for col, (a, b) in enumerate(header_cells):  # "| Personal | Sachkosten | Gesamt |": a total of its parts
        if column_roles[col] is None and TOTAL_TITLE.fullmatch(text[a:b].strip(" *")):
            before = {role for role in column_roles[:col] if role}
            column_roles[col] = before.pop() if len(before) == 1 else None
    for col, (a, b) in enumerate(table_cells(text, *line)[:len(column_roles)]):
        for s in row:
            if a <= s.start <= b and column_roles[col]:
                s.role = column_roles[col]
