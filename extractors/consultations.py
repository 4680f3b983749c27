"""The Beratungsfolge: which committee deals with a paper, when, in what role, in public or not.

Council systems print the consultation sequence in a handful of shapes, and PDF text layers
break them further (wrapped committee names, blank lines inside a row, columns interleaved):

- a table under a heading line: ``Beratungsfolge Datum Zuständigkeit Behandlung`` (tab cells or
  space-separated, a committee name wrapping over lines before or after its date), ``Beratungsfolge
  Termin Behandlung``, ``Gremium Termin TOP ö nö Ergebnis`` with an ``x`` under ö or nö, or
  ``Datum Gremium Zuständigkeit`` (date first), ``Status Gremium Datum`` (``Ö``/``N`` first);
- the ALLRIS ``Gremienweg:`` form: ``28.05.2026 Stadtrat einstimmig mehrheitl. ohne BE`` followed by
  more checkbox labels and ``TOP öffentlich`` / ``TOP nicht öffentlich``. The words after the
  committee are blank form labels, never a result;
- a single meeting header: ``Gremium: Haupt- und Finanzausschuss öffentlich`` / ``Sitzung am: D``,
  or without labels: ``Sitzung des Gemeinderates am 23.04.2024``, minutes' ``über die 23. Sitzung
  des Rates der Stadt Bergheim am 14.03.2024``, ALLRIS's ``Auszug - Rat der Stadt X - 26.09.2024``;
- Hannover's undated routing lines ``In den Sportausschuss`` / ``In die Ratsversammlung``;
- rows without a date yet (``Rat (Entscheidung)``) and meetings listed on one line
  (``Ausschuss für Umwelt 12.03.2024, Rat 26.03.2024``).

The parser is line based: inside a block every line holding a date is a row; the committee is
the text before the date on that line plus the lines waiting above it (committee-first layouts),
or the text after the date up to the first label (date-first layouts). Lines after a row that
only hold labels (status, role, result, form labels) belong to that row; a line starting in lower
case, or following a name that ends in "-", "," or "und", continues the row's committee name.

Which of ö/nö holds the ``x`` is read from aligned cells only (pipe tables, or tab rows with as
many cells as titles); a row whose empty cells were lost cannot say, and ``public`` stays None.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Optional, Sequence

import regex

from extractors.dates import DATE, WEEKDAY, parse_date_text
from extractors.facts import Consultation, Section
from extractors.lines import lines_above
from pipeline.normalize import fold_lines

# --- block openers -------------------------------------------------------------------------

# Headings that open a consultation table: "Beratungsfolge" (Leverkusen, Hückeswagen), ALLRIS
# "Gremienweg:" (Koblenz), "Beratungsweg:", "Beratungsreihenfolge:", "Vorlage an:" (Stuttgart's
# table; "Hauptausschuss zur Vorberatung am 12.03.2024" lines). In a sentence ("Vorlage an den
# Rat ...") it opens nothing: words that are no column titles follow it without a colon.
TABLE_HEADING = regex.compile(
    r"(?m)^[ \t|]*(?:Beratungsfolge|Beratungsreihenfolge|Beratungsweg|Gremienweg|Gremienfolge|Vorlage[ \t]+an"
    r"|Beratung[ \t]+und[ \t]+Beschlussfassung(?=[ \t]*:?[ \t]*$))"  # Schwerin's heading on its own line
    r"(?![\p{L}])[ \t]*:?",
    regex.IGNORECASE,
)

# Column titles of consultation tables, lower case → what the column holds.
COLUMN_KINDS: dict[str, str] = {
    "beratungsfolge": "org", "gremium": "org", "gremien": "org", "beratungsgremium": "org",
    "ausschuss": "org", "organ": "org",
    # Stuttgart: "Vorlage an<TAB>zur<TAB>Sitzungsart<TAB>Sitzungstermin"
    "vorlage an": "org", "zur": "role", "sitzungsart": "public",
    "datum": "date", "termin": "date", "sitzungstermin": "date", "sitzungsdatum": "date",
    "plandatum": "date", "beratungstermin": "date",  # Dresden: "Beratungsfolge Plandatum Zuständigkeit"
    "sitzung": "date", "sitzung am": "date", "sitzungstag": "date", "tag": "date",  # Magdeburg "Beratung Tag Behandlung"
    "zuständigkeit": "role", "beratungsart": "role", "beschlussart": "role", "rolle": "role",
    # Pforzheim's "Beratungsweise", Erlangen's "Vorlagenart" (Gutachten / Beschluss) and "Abstimmung"
    "beratungsweise": "role", "vorlagenart": "role", "abstimmung": "result",
    "art": "role", "art der beratung": "role", "aufgabe": "role", "beratungsaktion": "role",
    # Schwerin's "Gremium Datum Beratung Beschluss" (a cross under one); first in a row, the committee
    # (Magdeburg's "Beratung Tag Behandlung", see _column_kinds)
    "beratung": "role", "empfehlung": "role", "entscheidung": "role", "kenntnisnahme": "role",
    "datum der sitzung": "date",
    "behandlung": "public", "status": "public", "öffentlichkeit": "public", "ö/nö": "public",
    # "Öffentlich:" over "ja"/"nein"; only with its colon, since "TOP öffentlich" is a row's label
    "öffentlichkeitsstatus": "public", "öffentlich:": "public",
    "ö / nö": "public", "öffentlich / nichtöffentlich": "public", "öffentlich/nichtöffentlich": "public",
    "öffentlich/nicht öffentlich": "public",
    "ö": "ö", "nö": "nö", "n": "nö", "nicht öff.": "nö", "öff.": "ö",
    # Mannheim, Freiburg: "Öff. / N.Ö.", "N.Ö." (a row's "Ö" or "N" below it)
    "n.ö.": "public", "öff. / n.ö.": "public", "öff./n.ö.": "public", "ö / n": "public", "ö/n": "public",
    "top": "top", "tagesordnungspunkt": "top", "to-punkt": "top",
    "ergebnis": "result", "beratungsergebnis": "result", "abstimmungsergebnis": "result",
    "beschluss": "result",
}
_COLUMN_TITLE = "|".join(regex.escape(k) for k in sorted(COLUMN_KINDS, key=len, reverse=True))
COLUMN_TITLE = regex.compile(rf"(?<![\p{{L}}])(?:{_COLUMN_TITLE})(?![\p{{L}}])", regex.IGNORECASE)

# A header row without a heading word: "Gremium<TAB>Termin<TAB>TOP<TAB>ö<TAB>nö<TAB>Ergebnis",
# "Datum Gremium Zuständigkeit" (SessionNet), "| Gremium | Sitzung am | ö/nö |".
HEADER_ROW_START = regex.compile(
    r"(?m)^[ \t|]*(?:Gremium|Beratungsgremium|Gremien|Datum|Termin|Sitzungstermin|Sitzungsdatum"
    r"|Vorlage[ \t]+an|Beratung)"
    r"(?![\p{L}:])",
    regex.IGNORECASE,
)

# Single meeting header (Siegburg): "Gremium: Haupt-, Finanz- und Beschwerde- öffentlich⏎ausschuss⏎
# Sitzung am: 13.06.2024".
GREMIUM_FIELD = regex.compile(r"(?m)^[ \t]*(?:Gremium|Beratungsgremium)[ \t]*:[ \t]*")
# The fields printed next to it: "Sitzung am:", "Sitzungstermin:", "Termin:", "Datum der Sitzung:".
MEETING_DATE_FIELD = regex.compile(
    r"(?:Sitzung(?:stermin|sdatum|stag)?(?:[ \t]+am)?|Termin|Datum[ \t]+der[ \t]+Sitzung)[ \t]*:[ \t]*",
    regex.IGNORECASE,
)
# Any "Label:" starting a line ends the committee name of a "Gremium:" field.
FIELD_LINE = regex.compile(r"^[ \t]*[\p{L}][\p{L} .\-/]{0,30}:")

# --- labels in a row -------------------------------------------------------------------------

# ALLRIS "Gremienweg" form: checkbox labels printed beside every committee, not results.
FORM_LABEL = regex.compile(
    r"einstimmig[ \t]+mehrheitl\.?[ \t]+ohne[ \t]+BE|abgelehnt[ \t]+Kenntnis[ \t]+abgesetzt"
    r"|verwiesen[ \t]+vertagt[ \t]+geändert|Enthaltungen[ \t]+Gegenstimmen"
)

# Public or not: "öffentlich", "nichtöffentlich", "nicht öffentlich", "nicht-öffentlich", "N"/"Ö" in a
# status column; a checkbox before it ("☒ öffentlich ☐ nichtöffentlich") decides.
PUBLIC_LABEL = regex.compile(
    r"(?P<box>[☐☒][ \t]*)?"
    r"(?:(?P<no>nicht[ \t-]?öffentlich|nicht[ \t-]?öffentl\.|nicht[ \t]öff\.|\bn[öÖ]\b|(?<![\p{L}.])N(?![\p{L}.]))"
    r"|(?P<yes>öffentlich|öffentl\.|\böff\.|(?<![\p{L}])[öÖ](?![\p{L}])))"
    r"(?![\p{L}])",
)
# Leading status column in SessionNet tables: "Ö Hauptausschuss 12.03.2024 Vorberatung", or before
# the date, "Ö 12.03.2024 Hauptausschuss Vorberatung" (then it is all that stands before the date).
LEADING_STATUS = regex.compile(r"^[ \t]*(?P<status>NÖ|Ö|N)(?:[ \t]+(?=\p{Lu})|[ \t]*$)")

# Role of the committee as printed: "Beratung", "Vorberatung", "Entscheidung", "Kenntnisnahme",
# "Anhörung", combined ones such as "Vorberatung und Empfehlung" or "Beratung/Beschluss".
_ROLE_WORD = (
    r"(?:Vorberatung|Beratung|Entscheidung|Beschlu(?:ss|ß)fassung|Beschlu(?:ss|ß)empfehlung|Kenntnisnahme"
    r"|beratende[ \t]+Äußerung"  # Dresden: "Ausschuss für Finanzen 20.03.2023 beratende Äußerung"
    r"|zur[ \t]+Kenntnis(?:nahme)?|Anhörung|Empfehlung|Vorberatung|Zustimmung|Unterrichtung"
    r"|Beschluss"
    # Bavarian and Hessian papers: "Jugendhilfeausschuss 25.07.2024 öffentlich Gutachten"
    r"|Gutachten|Bericht(?:erstattung)?|Stellungnahme|Information(?:[ \t]+zur[ \t]*\n?[ \t]*Kenntnis(?:nahme)?)?"
    r"|vorberatend|beschließend|beschliessend|beratend|entscheidend"  # Gera: "vorberatend, öffentlich"
    r"|Kenntnis(?=[ \t]*$)"  # the end of a wrapped "Information zur⏎Kenntnis"
    r"|Überweisung"  # Berlin's district assemblies refer a paper to a committee
    r"|Genehmigung)"  # the council approves an urgent decision
)
ROLE_LABEL = regex.compile(
    rf"(?<![\p{{L}}]){_ROLE_WORD}(?:[ \t]*(?:und|/|,|u\.)[ \t]*{_ROLE_WORD})*(?![\p{{L}}])",
    regex.IGNORECASE,
)
# The role as the last words of the name, where the header puts a role column before the date
# (Stuttgart: "Vorlage an zur Sitzungsart Sitzungstermin" over "Verwaltungsausschuss Vorberatung
# öffentlich 15.05.2024").
TRAILING_ROLE = regex.compile(rf"(?<=\S)[ \t]+(?P<role>{ROLE_LABEL.pattern})[ \t]*$", regex.IGNORECASE)
# The role in brackets after the name (Braunschweig): "Ausschuss für Planung und Hochbau (Vorberatung)",
# "Kreisausschuss (Beschluss über die Vorlage)".
ROLE_IN_PARENTHESES = regex.compile(
    rf"[ \t]*\([ \t]*(?P<role>{ROLE_LABEL.pattern}(?:[ \t]+[^()\n]{{0,40}})?)[ \t]*\)[ \t]*$", regex.IGNORECASE)
# The role after "zur"/"zum" inside the name's line: "Hauptausschuss zur Vorberatung am 12.03.2024".
ROLE_AFTER_ZUR = regex.compile(rf"(?<=\S)[ \t]+zu[rm][ \t]+(?P<role>{ROLE_LABEL.pattern})", regex.IGNORECASE)

# Result where printed: "einstimmig", "mehrheitlich beschlossen", "ungeändert beschlossen",
# "vertagt", "zur Kenntnis genommen", "abgelehnt".
RESULT_LABEL = regex.compile(
    r"(?<![\p{L}])(?:"
    r"(?:einstimmig|mehrheitlich|mehrheitl\.)(?:[ \t]+(?:beschlossen|empfohlen|abgelehnt|angenommen"
    r"|zugestimmt|zur[ \t]+Kenntnis[ \t]+genommen))?"
    r"|(?:un)?geändert[ \t]+(?:beschlossen|empfohlen)|wie[ \t]+vorgeschlagen[ \t]+beschlossen"
    r"|mit[ \t]+Änderungen?[ \t]+(?:beschlossen|empfohlen)|(?:zur[ \t]+)?Kenntnis[ \t]+genommen"
    r"|beschlossen|empfohlen|abgelehnt|vertagt|zurückgestellt|zurückgezogen|abgesetzt|verwiesen"
    r"|ohne[ \t]+Beschluss(?:empfehlung)?"
    r")(?![\p{L}])",
    regex.IGNORECASE,
)

# Agenda item: "TOP 5", "TOP Ö 3.1", "TOP: 12"; a bare number right after the date when the
# header has a TOP column ("Hauptausschuss 12.03.2024 7 x einstimmig").
AGENDA_LABEL = regex.compile(
    r"\bTOP\b[ \t:.]*(?P<item>(?:[ÖN][ \t]?)?\d{1,3}(?:\.\d{1,3})*[a-z]?)?(?![\p{L}\d])"
)
BARE_AGENDA = regex.compile(r"^[ \t|]*(?P<item>(?:[ÖN][ \t]?)?\d{1,3}(?:\.\d{1,3})*[a-z]?)(?=[ \t|]|$)")

# The answer in a column titled "Öffentlich": "ja", "nein".
YES_NO = regex.compile(r"(?<![\p{L}])(?:ja|nein)(?![\p{L}])", regex.IGNORECASE)

# A status cell on its own line: "Ö", "N", "NÖ".
STATUS_CELL = regex.compile(r"(?:Ö|N|NÖ|ö|nö)")
# The cross in an ö/nö column: "x", "X", "☒".
CROSS = regex.compile(r"(?<!\S)[xX☒](?!\S)")

# --- block ends ------------------------------------------------------------------------------

# Section headings that end a consultation block: "Betreff:", "Beschlussentwurf:", "Sachverhalt:".
SECTION_START = regex.compile(
    r"^[ \t]*(?:Betreff|Beschlu(?:ss|ß)(?:entwurf|vorschlag|empfehlung|text|antrag)?|Sachverhalt|Sachdarstellung"
    r"|Begründung|Erläuterung(?:en)?|Finanzielle|Anlagen?|Unterrichtung|Kurzfassung|Inhalt|Anlass"
    r"|Problembeschreibung|Mitteilung|Antwort|Beratungsergebnis|Vorlage|Historie|Auswirkungen"
    r"|Zusammenfassung|Sitzung)(?![\p{L}-])",
    regex.IGNORECASE,
)
# A short line ending in a colon is a heading of its own ("Beschlussentwurf:", "Finanzierung:").
HEADING_LINE = regex.compile(r"^[^\t\n]{1,60}:[ \t]*$")
# Page furniture of PDF text layers: "Seite 2 von 8 aus Vorlage: BV/0197/2026", "- 2 -".
PAGE_FURNITURE = regex.compile(r"^[ \t]*(?:Seite[ \t]+\d+(?:[ \t]+(?:von|/)[ \t]+\d+)?|-[ \t]*\d+[ \t]*-)(?:\s|$)")
# Between meetings listed on one line: "Ausschuss für Umwelt 12.03.2024, Rat 26.03.2024".
LIST_SEPARATOR = regex.compile(r"[ \t]*[,;][ \t]*|[ \t]+[–-][ \t]+")
# Between undated committees on one line: an arrow, or a separator after a role in parentheses:
# "Hauptausschuss (Vorberatung) → Rat (Entscheidung)", "Bauausschuss (Beratung); Rat (Beschluss)".
STEP_SEPARATOR = regex.compile(r"[ \t]*(?:→|->|⇒|=>)[ \t]*|(?<=\))[ \t]*(?:[,;]|[–-](?=[ \t]))[ \t]*")
# A row without a date (meeting not yet fixed): "Haupt- und Finanzausschuss (Vorberatung)",
# "Rat – Entscheidung". The name holds only capitalised words and the small words of names.
DATELESS_ROW = regex.compile(
    r"(?P<name>\p{Lu}[\p{L}\-]*(?:[ \t]+(?:\p{Lu}[\p{L}\-]*|und|für|der|des|die|sowie|mit|zur|zum|,)"
    r"|,)*)[ \t]*(?:\(|[–:-])?[ \t]*(?P<role>" + _ROLE_WORD + r")\)?[ \t]*$"
)
# Separator rows of Markdown tables: "|---|:--|".
RULE_ROW = regex.compile(r"^[ \t|:\-+=]*$")

# A committee name that obviously goes on: "Ausschuss für Soziales, Gesund-", "… Umwelt und".
OPEN_ENDING = regex.compile(
    r"(?:[-,/&]|(?<![\p{L}])(?:und|für|der|des|die|sowie|mit|zur|zum|im|in|u\.))[ \t]*$",
    regex.IGNORECASE,
)

MAX_WAITING_LINES = 4  # committee lines waiting above a date before the block is given up
MAX_LINE_LENGTH = 110  # longer lines without a date are running text, not a table row
MAX_BLOCK_LINES = 80
MAX_NAME_LENGTH = 150  # "Ausschuss für Umwelt, Klimaschutz, Energie und Landwirtschaft" is 61
MAX_NAME_WORDS = 16


@dataclass
class _Line:
    start: int
    end: int
    text: str


@dataclass
class _Columns:
    """Column kinds of a header row, in order (``org``, ``date``, ``role``, ``public``, ``ö``, …)."""

    kinds: list[str] = field(default_factory=list)

    @property
    def date_first(self) -> bool:
        kinds = self.kinds
        return "date" in kinds and "org" in kinds and kinds.index("date") < kinds.index("org")

    @property
    def role_before_date(self) -> bool:
        kinds = self.kinds
        return "role" in kinds and "date" in kinds and kinds.index("role") < kinds.index("date")

    @property
    def has_agenda(self) -> bool:
        return "top" in self.kinds


@dataclass
class _Row:
    start: int
    end: int
    day: Optional[date]
    org_parts: list[str] = field(default_factory=list)
    label_texts: list[str] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)  # column kind → cell, for aligned tables
    public: Optional[bool] = None  # found while cleaning the committee name
    open_cells: bool = False  # a date-first row whose cells follow on lines of their own

    def extend(self, start: int, end: int) -> None:
        self.start, self.end = min(self.start, start), max(self.end, end)


def _lines(text: str, start: int, end: int) -> list[_Line]:
    out: list[_Line] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        out.append(_Line(pos, stop, text[pos:stop]))
        pos = stop + 1
    return out


def _split_listed_rows(line: _Line) -> list[_Line]:
    """A line listing several meetings ("Ausschuss für Umwelt 12.03.2024, Rat 26.03.2024") as one
    line per meeting, cut at the first "," or ";" after each date but the last."""
    if "\t" in line.text or "|" in line.text:
        return [line]
    dates = [m for m in DATE.finditer(line.text) if parse_date_text(m.group(0))]
    if not dates and STEP_SEPARATOR.search(line.text):
        return _split_steps(line)
    if len(dates) < 2:
        return [line]
    pieces, start = [], 0
    for m in dates[:-1]:
        after = m.end()
        if line.text.rfind("(", start, m.start()) > line.text.rfind(")", start, m.start()):
            close = line.text.find(")", m.end())  # "(19.03.2024, Vorberatung) - …": cut after the bracket
            after = close + 1 if close >= 0 else after
        cut = LIST_SEPARATOR.search(line.text, after)
        if cut is None:
            break
        pieces.append(_Line(line.start + start, line.start + cut.start(), line.text[start:cut.start()]))
        start = cut.end()
    pieces.append(_Line(line.start + start, line.end, line.text[start:]))
    return pieces


# A route through the committees, wrapped over lines: "Beratungsfolge: Dienstberatung OB (04.03.2024) -
# Ausschuss für Wirtschaft,⏎Bau und Verkehr (19.03.2024, Vorberatung) - Hauptausschuss (20.03.2024,⏎
# Vorberatung) - Stadtverordnetenversammlung (27.03.2024, Beschluss)".
ROUTE_STEP = regex.compile(r"\([^()\n]*\d{1,2}\.\d{1,2}\.\d{2,4}[^()\n]*\)[ \t]*[-–→,;][ \t]")
ROUTE_OPEN_END = regex.compile(r"(?:[,(–-]|\([^()]*)[ \t]*$")
MAX_ROUTE_LINES = 6


def _joined_routes(lines: list[_Line]) -> list[_Line]:
    """Lines of a wrapped route joined into one (a line break becomes a space, so offsets hold):
    a line with a dated step "(date …) -" that ends open (a comma, a dash, an unclosed bracket)
    goes on on the next line."""
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        joined = 0
        while (ROUTE_STEP.search(line.text) and ROUTE_OPEN_END.search(line.text) and i + 1 < len(lines)
               and lines[i + 1].text.strip() and joined < MAX_ROUTE_LINES):
            i += 1
            joined += 1
            nxt = lines[i]
            line = _Line(line.start, nxt.end, line.text + " " + nxt.text)
        out.append(line)
        i += 1
    return out


def _split_steps(line: _Line) -> list[_Line]:
    """An undated way through the committees on one line, "Hauptausschuss (Vorberatung) → Rat
    (Entscheidung)", as one line per committee."""
    pieces, start = [], 0
    for cut in STEP_SEPARATOR.finditer(line.text):
        pieces.append(_Line(line.start + start, line.start + cut.start(), line.text[start:cut.start()]))
        start = cut.end()
    pieces.append(_Line(line.start + start, line.end, line.text[start:]))
    return pieces


def _cells(line: str) -> list[str]:
    """Cells of a tab or pipe separated row (outer pipes dropped); [] for a plain line."""
    if "|" in line:
        parts = line.strip().strip("|").split("|")
    elif "\t" in line:
        parts = line.split("\t")
    else:
        return []
    return [p.strip() for p in parts]


_SPACES = regex.compile(r"\s+")


def _column_kinds(header: str) -> Optional[_Columns]:
    """Column kinds if ``header`` is a row of column titles only, else None."""
    cells = _cells(header)
    if cells:
        kinds = [COLUMN_KINDS.get(_SPACES.sub(" ", c).lower()) for c in cells if c]
        if kinds and all(kinds):
            return _Columns(kinds)
        return None
    pos, kinds = 0, []
    for m in COLUMN_TITLE.finditer(header):
        if header[pos:m.start()].strip(" \t:/"):
            return None
        kinds.append(COLUMN_KINDS[_SPACES.sub(" ", m.group(0)).lower()])
        pos = m.end()
    if header[pos:].strip(" \t:/") or not kinds:
        return None
    if header.lstrip(" \t|").lower().startswith("beratung ") and "org" not in kinds:
        kinds[0] = "org"  # Magdeburg: "Beratung Tag Behandlung"
    return _Columns(kinds)


def _first_date(line: str) -> Optional[regex.Match]:
    for m in DATE.finditer(line):
        if parse_date_text(m.group(0)) is not None:
            return m
    return None


def _strip_labels(s: str, form: bool) -> str:
    """``s`` without status, role, result, agenda and form labels: what could be a name."""
    if form:
        s = FORM_LABEL.sub(" ", s)
    for pattern in (PUBLIC_LABEL, AGENDA_LABEL, RESULT_LABEL, ROLE_LABEL, CROSS):
        s = pattern.sub(" ", s)
    return s.strip(" \t|")


_CELL_BREAK = regex.compile(r"[\t|]")


def _first_label_start(s: str, form: bool) -> int:
    """Where the first label (or cell break) starts in the text after a date."""
    ends = [len(s)]
    cut = _CELL_BREAK.search(s)
    if cut:
        ends.append(cut.start())
    patterns = [PUBLIC_LABEL, ROLE_LABEL, RESULT_LABEL, AGENDA_LABEL, CROSS]
    if form:
        patterns.insert(0, FORM_LABEL)
    for pattern in patterns:
        m = pattern.search(s)
        if m:
            ends.append(m.start())
    return min(ends)


def _is_continuation(line: str, row: _Row) -> bool:
    """Does ``line`` continue the committee name of ``row`` ("heit und Senioren", "ausschuss")?"""
    first = line.lstrip(" \t|")[:1]
    if first.islower():
        return True
    name = ROLE_LABEL.sub("", "\n".join(row.org_parts)).rstrip()  # "Haupt-, Finanz- und   Beratung"
    return bool(name) and bool(OPEN_ENDING.search(name))


def _stops_block(line: str) -> bool:
    stripped = line.strip()
    return bool(SECTION_START.match(stripped) or HEADING_LINE.match(stripped)
                or len(stripped) > MAX_LINE_LENGTH)


def _parse_rows(text: str, lines: list[_Line], columns: Optional[_Columns], form: bool) -> list[_Row]:
    """Rows of one block, whose lines follow its heading."""
    rows: list[_Row] = []
    waiting: list[_Line] = []  # committee lines above the next date
    date_first = columns.date_first if columns else None
    for line in [piece for line in lines[:MAX_BLOCK_LINES] for piece in _split_listed_rows(line)]:
        content = line.text
        if not content.strip() or RULE_ROW.match(content) or PAGE_FURNITURE.match(content):
            continue
        titles = _column_kinds(content)
        if titles and len(titles.kinds) >= 2:
            continue  # the column titles, also when repeated on the next page
        m = _first_date(content)
        if m is None and rows and not waiting and rows[-1].open_cells and not _stops_block(content):
            # a date-first row whose cells follow one a line: "06.05.2024⏎Senat⏎Senatsberatung⏎N"
            row, cell = rows[-1], content.strip()
            row.extend(line.start, line.end)
            if STATUS_CELL.fullmatch(cell):
                row.public = cell.upper() == "Ö"
            elif not _strip_labels(content, form):
                row.label_texts.append(content)
            elif not any(part.strip() for part in row.org_parts) or _is_continuation(cell, row):
                row.org_parts.append(cell)
            else:
                row.label_texts.append(content)
                if "role" in columns.kinds and "role" not in row.cells:
                    row.cells["role"] = cell  # the column after the committee's: "Senatsberatung"
            continue
        if m is None:
            if _stops_block(content):
                break
            leftover = _strip_labels(content, form)
            if rows and not waiting and not leftover:
                rows[-1].label_texts.append(content)  # "TOP öffentlich Enthaltungen Gegenstimmen"
                rows[-1].extend(line.start, line.end)
                continue
            if rows and not waiting and _is_continuation(leftover, rows[-1]):
                role = TRAILING_ROLE.search(rows[-1].org_parts[-1]) if rows[-1].org_parts else None
                if role and columns is not None and columns.role_before_date:
                    # "Haupt-, Finanz- und   Beratung   19.09.2024⏎Digitalisierungsausschuss": the role's cell
                    rows[-1].label_texts.append(role.group("role"))
                    rows[-1].org_parts[-1] = rows[-1].org_parts[-1][:role.start()]
                rows[-1].org_parts.append(leftover)
                rows[-1].label_texts.append(content)
                rows[-1].extend(line.start, line.end)
                continue
            dateless = DATELESS_ROW.fullmatch(content.strip()) if not waiting and not form else None
            if dateless:
                row = _Row(start=line.start, end=line.end, day=None)
                row.org_parts.append(dateless.group("name"))
                row.label_texts.append(dateless.group("role"))
                rows.append(row)
                continue
            if date_first:
                break  # a date-first table has no names waiting for their date
            waiting.append(line)
            if len(waiting) > MAX_WAITING_LINES:
                break
            continue

        before, after = content[:m.start()], content[m.end():]
        day = parse_date_text(m.group(0))
        row = _Row(start=line.start + m.start(), end=line.end, day=day)
        cells = _cells(content)
        if (columns and cells and len(cells) == len(columns.kinds) and not waiting
                and "date" in columns.kinds and m.group(0).strip() in cells[columns.kinds.index("date")]):
            row.cells = dict(zip(columns.kinds, cells))
        name_before = before.strip(" \t|")
        if "\t" in name_before and not row.cells:  # "Ausschuss<TAB>Vorberatung<TAB>öffentlich<TAB>18.06.2024"
            name_before, _, rest = name_before.partition("\t")
            row.label_texts.append(rest)
        status = LEADING_STATUS.match(name_before)
        if status:
            row.public = status.group("status") == "Ö"
            name_before = name_before[status.end():]
        if date_first is None:
            date_first = not waiting and not name_before and bool(
                after.strip(" \t|") and _first_label_start(after.lstrip(" \t|"), form) > 0)
        if date_first:
            tail = after.lstrip(" \t|")
            row.open_cells = not tail.strip() and columns is not None and columns.date_first
            cut = _first_label_start(tail, form)
            row.org_parts.append(tail[:cut])
            row.label_texts.append(tail[cut:])
        else:
            for above in waiting:
                row.org_parts.append(above.text)
                row.extend(above.start, above.end)
            if name_before:
                row.org_parts.append(name_before)
                row.extend(line.start + (len(before) - len(before.lstrip(" \t|"))), line.end)
            row.label_texts.append(after)
        waiting = []
        rows.append(row)
    return rows


def _public_of(labels: str, row: _Row) -> Optional[bool]:
    """True/False from an x under ö or nö, a status word or letter; the row's own guess else."""
    if "ö" in row.cells or "nö" in row.cells:
        if CROSS.search(row.cells.get("ö", "")):
            return True
        if CROSS.search(row.cells.get("nö", "")):
            return False
    for m in PUBLIC_LABEL.finditer(labels):
        if m.group("box") and "☐" in m.group("box"):
            continue  # an empty checkbox in front of the word
        return m.group("yes") is not None
    return row.public


def _agenda_of(labels: str, row: _Row, columns: Optional[_Columns]) -> Optional[str]:
    """The TOP: from its column, from "TOP 5", or a bare number under a TOP column title."""
    if row.cells.get("top"):
        return row.cells["top"] or None
    m = AGENDA_LABEL.search(labels)
    if m and m.group("item"):
        return m.group("item")
    if columns and columns.has_agenda:
        m = BARE_AGENDA.match(labels)
        if m:
            return m.group("item")
    return None


def _consultation(text: str, row: _Row, columns: Optional[_Columns], form: bool) -> Optional[Consultation]:
    name_text = "\n".join(p for p in row.org_parts if p.strip())
    public_in_name = None  # "Haupt-, Finanz- und Beschwerde- öffentlich⏎ausschuss"
    for m in PUBLIC_LABEL.finditer(name_text):
        public_in_name = m.group("yes") is not None
    organization = _clean_name(PUBLIC_LABEL.sub(" ", name_text) if public_in_name is not None else name_text)
    role_in_name = TRAILING_ROLE.search(organization) if columns and columns.role_before_date else None
    role_in_name = role_in_name or ROLE_AFTER_ZUR.search(organization) or ROLE_IN_PARENTHESES.search(organization)
    if role_in_name:
        organization = _clean_name(organization[:role_in_name.start()] + organization[role_in_name.end():])
    if not _plausible_name(organization):
        return None
    labels = "\n".join(row.label_texts)
    if form:
        labels = FORM_LABEL.sub(" ", labels)
    role = (row.cells.get("role") or _first(ROLE_LABEL, labels)
            or (fold_lines(role_in_name.group("role")) if role_in_name else None))
    result = None if form else (row.cells.get("result") or _first(RESULT_LABEL, labels))
    public = _public_of(labels, row)
    if public is None:
        public = public_in_name
    if row.cells.get("public"):
        public = _public_of(row.cells["public"], _Row(0, 0, None))
    if public is None and columns and "public" in columns.kinds:
        answer = YES_NO.search(labels)  # "Öffentlich:" over "ja" / "nein"
        public = None if answer is None else answer.group(0).lower() == "ja"
    start, end = row.start, row.end
    while end > start and text[end - 1] in " \t|":  # table borders are not part of the quote
        end -= 1
    return Consultation(
        start=start, end=end, text=text[start:end],
        organization=organization, date=row.day, role=role, public=public,
        result=result, agenda_item=_agenda_of(labels, row, columns),
    )


def _first(pattern: regex.Pattern, s: str) -> Optional[str]:
    m = pattern.search(s)
    return fold_lines(m.group(0)) if m else None


# Words of a sentence, never of a committee's name: "Der Magistrat hat in seiner Sitzung am 11. März
# 2024 beschlossen" under a list of consultations is prose.
PROSE_WORD = regex.compile(
    r"(?<![\p{L}])(?:hat|haben|hatte|hatten|wird|werden|wurde|wurden|ist|sind|war|waren|soll|sollen|kann"
    r"|können|seiner|ihrer|seinem|ihrem|beschlossen|beschließt|vorzulegen)(?![\p{L}])"
)


def _plausible_name(name: str) -> bool:
    """A committee name starts with a capital or a number ("1. Bezirksvertretung"), is short and
    holds no word of a sentence."""
    return bool(name) and (name[0].isupper() or name[0].isdigit()) and len(name) <= MAX_NAME_LENGTH \
        and len(name.split()) <= MAX_NAME_WORDS and not PROSE_WORD.search(name)


# What a row's layout leaves around a committee name: "Hauptausschuss zur Vorberatung am
# 12.03.2024" leaves "Hauptausschuss zur am"; "Stadtrat (26.03.2024, öffentlich)" leaves "Stadtrat (".
NAME_TAIL = regex.compile(r"(?:[ \t]+(?:am|vom|zur|zum|in[ \t]+der[ \t]+Sitzung|Sitzung))+[ \t]*$|[ \t]*[(\[][ \t]*$")
# A list's numbering before a committee, "1. Ausschuss für Finanzen", "2. Stadtrat"; not the
# ordinal in a name ("1. Bezirksvertretung", "3. Ortsbeirat").
LIST_NUMBER = regex.compile(
    r"^\d{1,2}\.[ \t]+(?!(?:Stadt)?[Bb]ezirk|Ortsbeirat|Ortschaftsrat|Ortsrat|Beirat|Kammer|Senat|Kreis\b)(?=\p{Lu})")


def _clean_name(s: str) -> str:
    s = LEADING_STATUS.sub("", fold_lines(s))
    s = s.strip(" \t|:;,–-/").strip()
    s = NAME_TAIL.sub("", s).strip(" \t|:;,–-/")
    return LIST_NUMBER.sub("", s)


NEXT_LINE = regex.compile(r"\s*(?P<line>[^\n]*)")
HEADING_REMARK = regex.compile(r"[ \t]*\([^()\n]{1,30}\)[ \t]*:?")
Block = tuple[int, Optional[_Columns], bool]  # (where rows start, column kinds, ALLRIS form?)


def _block_at(text: str, heading_start: int, rest_start: int) -> Optional[Block]:
    """The block under a heading whose own words end at ``rest_start``: reads the column titles
    on the rest of the heading line or on the next line."""
    line_end = text.find("\n", rest_start)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[rest_start:line_end]
    remark = HEADING_REMARK.match(rest)  # Leipzig's "Beratungsfolge (geplant)"
    if remark and rest[remark.end():].strip(" \t:|"):
        rest_start += remark.end()
        rest = text[rest_start:line_end]
    columns = _column_kinds(rest) if rest.strip(" \t:|") else None
    if columns and "org" not in columns.kinds:
        columns.kinds.insert(0, "org")  # "Beratungsfolge" itself heads the committee column
    body = line_end + 1
    if columns and "date" not in columns.kinds:
        # Potsdam: "Beratungsfolge: Empfehlung Entscheidung" (cross columns) over "Datum der Sitzung
        # Gremium": the second row names the columns the rows are read by.
        nxt = NEXT_LINE.match(text, line_end)
        below = _column_kinds(nxt.group("line")) if nxt and nxt.group("line") else None
        if below and "date" in below.kinds:
            columns, body = below, nxt.end("line") + 1
    if rest.strip(" \t:|") and columns is None:
        if ":" not in text[heading_start:rest_start]:
            return None  # "Beratungsfolge und Zuständigkeit ergeben sich …": running text
        body = rest_start  # "Gremienweg: 12.03.2024 Stadtrat …": rows start on the heading line
    elif columns is None:
        # The column titles may stand on the next non-empty line: "Beratungsfolge:⏎Gremium Termin …"
        nxt = NEXT_LINE.match(text, line_end)
        if nxt and nxt.group("line"):
            candidate = _column_kinds(nxt.group("line"))
            if candidate:
                columns, body = candidate, nxt.end("line") + 1
                # A text layer without layout prints one title a line: "Gremium⏎Sitzungstermin⏎…".
                while "\t" not in nxt.group("line") and (nxt := NEXT_LINE.match(text, body - 1)) \
                        and (more := _column_kinds(nxt.group("line"))) and "\t" not in nxt.group("line"):
                    columns.kinds.extend(more.kinds)
                    body = nxt.end("line") + 1
    window = text[heading_start:heading_start + 3000]
    return min(body, len(text)), columns, bool(FORM_LABEL.search(window))


def _table_blocks(text: str, sections: Sequence[Section]) -> list[Block]:
    """A block for every consultation table heading, header row or "consultation" section."""
    starts: list[tuple[int, int]] = []  # (heading start, end of the heading's own words)
    for m in TABLE_HEADING.finditer(text):
        starts.append((m.start(), m.end()))
    for m in HEADER_ROW_START.finditer(text):
        line_end = text.find("\n", m.start())
        columns = _column_kinds(text[m.start():len(text) if line_end < 0 else line_end])
        if columns and "org" in columns.kinds and "date" in columns.kinds:
            starts.append((m.start(), m.start()))
    for section in sections:
        # Headings the section finder knows under other words than TABLE_HEADING.
        if getattr(section, "name", "") == "consultation" and 0 <= section.start < len(text):
            heading_end = section.start + len(section.heading or "")
            if text[section.start:heading_end] == section.heading:
                starts.append((section.start, heading_end))
    blocks: list[Block] = []
    taken: list[tuple[int, int]] = []
    for heading_start, rest_start in sorted(starts):
        if any(a <= heading_start <= b for a, b in taken):
            continue  # the same heading found twice, or a header row under a heading
        block = _block_at(text, heading_start, rest_start)
        if block:
            blocks.append(block)
            taken.append((heading_start, block[0]))
    return blocks


def _gremium_fields(text: str) -> list[Consultation]:
    """One consultation per "Gremium: X … Sitzung am: D" header."""
    found = []
    for m in GREMIUM_FIELD.finditer(text):
        name_lines, pos, date_match = [], m.end(), None
        for i, line in enumerate(_lines(text, m.end(), min(len(text), m.end() + 600))):
            if i and (not line.text.strip() or FIELD_LINE.match(line.text)):
                break
            field_match = MEETING_DATE_FIELD.search(line.text)
            name_lines.append(line.text[:field_match.start()] if field_match else line.text)
            pos = line.end
            if field_match or i >= 2:
                break
        window_end = min(len(text), pos + 200)
        date_field = MEETING_DATE_FIELD.search(text, max(0, m.start() - 200), window_end)
        if date_field:
            date_match = DATE.match(text, date_field.end())
        if date_match is None or parse_date_text(date_match.group(0)) is None:
            continue
        name_text = "\n".join(name_lines)
        public = None
        for pm in PUBLIC_LABEL.finditer(name_text):
            public = pm.group("yes") is not None
        organization = _clean_name(PUBLIC_LABEL.sub(" ", name_text))
        if not _plausible_name(organization):
            continue
        paragraph_end = text.find("\n\n", date_match.end())
        after = text[date_match.end():paragraph_end if paragraph_end >= 0 else len(text)]
        if public is None:
            pm = PUBLIC_LABEL.search(after)
            public = (pm.group("yes") is not None) if pm else None
        agenda = AGENDA_LABEL.search(after)
        start, end = m.start(), max(date_match.end(), pos)
        found.append(Consultation(
            start=start, end=end, text=text[start:end], organization=organization,
            date=parse_date_text(date_match.group(0)), role=None, public=public, result=None,
            agenda_item=agenda.group("item") if agenda and agenda.group("item") else None,
        ))
    return found


# A step of the route as a field: "Vorberatung: Kreisausschuss am 25.11.2024 (öffentlich)",
# "Behandlung: Kreistag am 27.06.2024 (öffentlich)", "Vorberatung: Verwaltungs- und Finanzausschuss am
# 05.11.2024, nichtöffentlich". The label names the role, unless it only says "dealt with".
STEP_FIELD = regex.compile(
    r"(?m)^[ \t]*(?P<label>Vorberatung|Beratung|Behandlung|Entscheidung|Beschlussfassung|Anhörung|Kenntnisnahme)"
    r"[ \t]*:[ \t]*(?P<org>\p{Lu}[^\n:]{2,100}?)[ \t]+(?:am|vom)[ \t]+(?P<date>\d{1,2}\.\d{1,2}\.\d{2,4})"
    r"(?P<rest>[^\n]{0,60})$"
)
ROLE_OF_STEP_LABEL = {"Behandlung": None}


def _step_fields(text: str) -> list[Consultation]:
    """One consultation per route step printed as a field (see STEP_FIELD)."""
    found = []
    for m in STEP_FIELD.finditer(text):
        day = parse_date_text(m.group("date"))
        organization = _clean_name(m.group("org"))
        if day is None or not _plausible_name(organization):
            continue
        label = m.group("label")
        status = PUBLIC_LABEL.search(m.group("rest"))
        public = None if status is None else status.group("yes") is not None
        found.append(Consultation(
            start=m.start("label"), end=m.end(), text=text[m.start("label"):m.end()].rstrip(),
            organization=organization, date=day, role=ROLE_OF_STEP_LABEL.get(label, label), public=public,
            result=None, agenda_item=None,
        ))
    return found


# The meeting a small town's paper is for, printed without labels in its header (Bavaria, Baden-
# Württemberg): "Sitzung des Gemeinderates am 23.04.2024⏎öffentlich", or the committee, its status
# and "Sitzung am 16.04.2024" on lines of their own. Read in the header only.
MEETING_HEADER_LIMIT = 2500
MEETING_PHRASE = regex.compile(
    # "zur Sitzung des Rates am …"; minutes: "über die Sitzung des Rates am …", "aus der öffentlichen
    # Sitzung des Gemeinderats⏎vom 23.10.2024", "über die 7. Sitzung des …", "am Montag, dem 11. November 2024"
    r"(?m)^[ \t]*(?:(?:Vorlage[ \t]+)?(?:zur|für[ \t]+die)[ \t]+|(?:(?:über|aus)[ \t]+)?(?:die|der)[ \t]+)?"
    r"(?:\d{1,3}\.[ \t]+)?(?:(?P<status>(?:[Nn]icht[ \t-]?)?[Öö]ffentliche[n]?)[ \t]+)?Sitzung[ \t]+"
    r"(?P<article>des|der)[ \t]+(?P<org>[^\n]{3,80}?)[ \t]*\n?[ \t]*(?:am|vom)[ \t]+"
    rf"(?:{WEEKDAY})?(?=\d)"
)
# ALLRIS's excerpt: "Auszug - Rat der Stadt Delmenhorst - 26.09.2024".
EXCERPT_LINE = regex.compile(r"(?m)^[ \t]*Auszug[ \t]+[-–][ \t]+(?P<org>[^\n]{3,80}?)[ \t]+[-–][ \t]+(?=\d)")
# What may follow the meeting's date on its line: the time, the status.
MEETING_REST = regex.compile(
    r"[ \t,]*(?:(?:um|von|ab)?[ \t]*\d{1,2}[.:]\d{2}[ \t]*(?:Uhr)?(?:[ \t]*(?:bis|-|–)[ \t]*\d{1,2}[.:]\d{2}[ \t]*(?:Uhr)?)?)?"
    r"[ \t,]*(?:\(?[ \t]*(?:nicht[ \t-]?)?öffentlich\)?)?[ \t,]*"
    r"(?:(?:im|in[ \t]+der|in[ \t]+dem|Ort:)[ \t][^\n]{0,80})?(?=\n|$)"  # ", im Kreishaus Steinfurt, Sitzungssaal 1"
)
# The minutes' session without a date on its line, the date in a field below: "über die 7. Sitzung des
# Ausschusses für Bau⏎(öffentlicher Teil)⏎⏎Sitzungstermin: Dienstag, 10.09.2024".
MEETING_PHRASE_OPEN = regex.compile(
    r"(?m)^[ \t]*(?:über|aus)[ \t]+(?:die|der)[ \t]+(?:\d{1,3}\.[ \t]+)?"
    r"(?:(?P<status>(?:[Nn]icht[ \t-]?)?[Öö]ffentliche[n]?)[ \t]+)?Sitzung[ \t]+"
    r"(?P<article>des|der)[ \t]+(?P<org>[^\n]{3,100}?)[ \t]*$"
)
SESSION_DATE_FIELD = regex.compile(
    r"(?m)^[ \t]*(?:Sitzungstermin|Sitzungsdatum|Sitzung[ \t]+am|Datum|Termin)[ \t]*:[ \t]*"
    rf"(?:{WEEKDAY})?(?=\d)"
)
# "Bezirksvertretung Ehrenfeld in der Wahlperiode 2020/2025": the period is no part of the name.
ELECTORAL_PERIOD = regex.compile(r"[ \t]+(?:in[ \t]+der[ \t]+)?(?:Wahlperiode|Legislaturperiode)\b.*$")
MEETING_DATE_LINE = regex.compile(r"(?m)^[ \t]*Sitzung(?:stermin|sdatum)?(?:[ \t]+am)?[ \t]*:?[ \t]*(?=\d)")
COMMITTEE_LINE = regex.compile(
    r"[ \t]*(?P<org>(?:[\p{Lu}][\p{L}\-,]*[ \t]+(?:(?:und|für|der|des)[ \t]+)?){0,5}"
    r"[\p{L}\-]*(?:rat|ausschuss|tag|versammlung|vertretung|beirat|senat|kommission|konferenz))[ \t]*"
)
COMMITTEE_AT_END = regex.compile(
    r"(?<=\S[ \t]+)(?P<org>[\p{Lu}][\p{L}\-]*(?:rat|ausschuss|tag|versammlung|vertretung|beirat))[ \t]*$"
)
# "öffentlich", "(öffentlicher Teil)", "- öffentlicher Teil -", "Öffentlicher Teil", "nichtöffentlich".
PUBLIC_LINE = regex.compile(
    r"[ \t]*[(\-–]?[ \t]*(?P<no>[Nn]icht[ \t-]?)?[Öö]ffentlich(?:er[ \t]+Teil)?[ \t]*[)\-–]?[ \t]*")
# A genitive committee: "des Gemeinderates" → "Gemeinderat", "des Haupt- und Finanzausschusses".
GENITIVE_HEAD = regex.compile(r"(?<=\p{L})(?:(?<=ausschuss)es|(?<=(?:rat|tag|senat|beirat))(?:e?s))(?![\p{L}])",
                              regex.IGNORECASE)


def _meeting_headers(text: str) -> list[Consultation]:
    """The one meeting a paper's header names without labels (see MEETING_PHRASE)."""
    found = []
    limit = min(len(text), MEETING_HEADER_LIMIT)
    for m in MEETING_PHRASE.finditer(text, 0, limit):
        day = DATE.match(text, m.end())
        rest = MEETING_REST.match(text, day.end()) if day else None
        if rest is None:
            continue
        public = _status_public(m) if m.group("status") else _public_near(text, rest.group(0), rest.end())
        found.append(_meeting(text, m.start(), day.end(), _session_org(m), day.group(0), public))
    for m in MEETING_PHRASE_OPEN.finditer(text, 0, limit):
        if any(c.start <= m.start() < c.end for c in found if c is not None):
            continue
        field = SESSION_DATE_FIELD.search(text, m.end(), min(len(text), m.end() + 300))
        day = DATE.match(text, field.end()) if field else None
        if day is None:
            continue
        public = _status_public(m) if m.group("status") else _public_near(text, "", m.end())
        found.append(_meeting(text, m.start(), m.end(), _session_org(m), day.group(0), public))
    for m in EXCERPT_LINE.finditer(text, 0, limit):
        day = DATE.match(text, m.end())
        if day:
            found.append(_meeting(text, m.start("org"), day.end(), m.group("org").strip(), day.group(0),
                                  _public_near(text, "", day.end())))
    found.extend(_routing_lines(text, limit))
    for m in MEETING_DATE_LINE.finditer(text, 0, limit):
        day = DATE.match(text, m.end())
        if day is None or not regex.match(r"[ \t]*(?:\n|$)", text[day.end():day.end() + 40]):
            continue
        above = (span for span in lines_above(text, m.start()) if text[slice(*span)].strip())
        public, org_line = None, None
        for a, b in islice(above, 3):
            line = text[a:b]
            p = PUBLIC_LINE.fullmatch(line)
            if p:
                public = p.group("no") is None
                continue
            if COMMITTEE_LINE.fullmatch(line):
                org_line = (a, b)
            elif tail := COMMITTEE_AT_END.search(line):  # "Sitzungsvorlage Nr. 23/2024   Gemeinderat"
                org_line = (a + tail.start("org"), a + tail.end("org"))
            break
        if org_line is None:
            continue
        if public is None:
            public = _public_near(text, "", day.end())
        found.append(_meeting(text, org_line[0], day.end(), text[slice(*org_line)], day.group(0), public))
    return [c for c in found if c is not None]


# Hannover's Drucksachen list the committees in their order, undated, in the header:
# "In den Sportausschuss⏎In den Verwaltungsausschuss⏎In die Ratsversammlung".
ROUTING_LINE = regex.compile(
    r"(?m)^[ \t]*In[ \t]+(?:den|die|das)[ \t]+(?P<org>[\p{Lu}][\p{L}\- ,]{2,80}?)[ \t]*$"
)
COMMITTEE_WORD = regex.compile(r"(?i)(?:ausschuss|rat|versammlung|vertretung|tag|beirat|kommission)$")


def _routing_lines(text: str, limit: int) -> list[Consultation]:
    """Undated consultations named by a run of "In den …" lines (two at least, each a committee)."""
    rows = [m for m in ROUTING_LINE.finditer(text, 0, limit) if COMMITTEE_WORD.search(m.group("org"))]
    runs: list[list[regex.Match]] = []
    for m in rows:
        if runs and text.count("\n", runs[-1][-1].end(), m.start()) <= 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    found = []
    for run in runs:
        for m in run if len(run) >= 2 else ():
            start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            found.append(Consultation(start=start, end=m.end("org"), text=text[start:m.end("org")],
                                      organization=m.group("org").strip(), date=None, role=None, public=None,
                                      result=None, agenda_item=None))
    return found


def _status_public(m: regex.Match) -> bool:
    """"öffentlichen Sitzung" → True, "nichtöffentlichen Sitzung" → False."""
    return not m.group("status").lower().startswith("nicht")


def _session_org(m: regex.Match) -> str:
    """The committee of a "Sitzung des/der …" phrase in the nominative, without the period."""
    org = ELECTORAL_PERIOD.sub("", m.group("org"))
    if m.group("article") == "des":
        org = GENITIVE_HEAD.sub("", org, count=1)
    # "der städtischen Deputation für Bau" → "Städtische Deputation für Bau"
    return regex.sub(r"^(\p{Ll}\w*)en(?=[ \t])", lambda a: a.group(1).capitalize() + "e", org)


STATUS_FIELD = regex.compile(r"Status[ \t]*:[ \t]*(?P<no>nicht[ \t-]?)?öffentlich")
PUBLIC_LOOKAHEAD = 4  # lines after the meeting's line that may say "Öffentlicher Teil" / "Status: öffentlich"


def _public_near(text: str, line: str, end: int) -> Optional[bool]:
    """Public or not, printed on the meeting's line, alone on one of the next lines or as a status field."""
    p = regex.search(r"(?P<no>nicht[ \t-]?)?öffentlich", line)
    pos = end
    for _ in range(PUBLIC_LOOKAHEAD):
        if p is not None:
            break
        nxt = NEXT_LINE.match(text, pos)
        if not nxt or not nxt.group("line"):
            break
        p = PUBLIC_LINE.fullmatch(nxt.group("line")) or STATUS_FIELD.search(nxt.group("line"))
        pos = nxt.end("line")
    return None if p is None else p.group("no") is None


def _meeting(text: str, start: int, end: int, org: str, date_text: str,
             public: Optional[bool]) -> Optional[Consultation]:
    organization = _clean_name(org)
    day = parse_date_text(date_text)
    if day is None or not _plausible_name(organization):
        return None
    return Consultation(start=start, end=end, text=text[start:end], organization=organization, date=day,
                        role=None, public=public, result=None, agenda_item=None)


def extract(text: str, sections: Sequence[Section] = ()) -> list[Consultation]:
    """Every consultation row in ``text`` (normalised), sorted by start offset. Never raises."""
    if not isinstance(text, str) or not text:
        return []
    try:
        found: list[Consultation] = []
        for body, columns, form in _table_blocks(text, sections):
            lines = _joined_routes(_lines(text, body, min(len(text), body + 8000)))
            for row in _parse_rows(text, lines, columns, form):
                consultation = _consultation(text, row, columns, form)
                if consultation:
                    found.append(consultation)
        found.extend(_gremium_fields(text))
        if not found:
            found = _meeting_headers(text)
        found.extend(_step_fields(text))  # "Vorberatung: Kreisausschuss am 25.11.2024" beside the meeting
        return _without_overlaps(found)
    except Exception:  # noqa: BLE001 - an extractor must never fail a paper
        return []


def _without_overlaps(found: list[Consultation]) -> list[Consultation]:
    """Keep the first of overlapping rows (blocks found twice, a "Gremium:" field inside a table)."""
    kept: list[Consultation] = []
    for c in sorted(found, key=lambda c: (c.start, -(c.end - c.start))):
        if kept and c.start < kept[-1].end:
            continue
        kept.append(c)
    return kept
