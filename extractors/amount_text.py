"""A paper as the amount rules read it: how a sum is printed, the :class:`Sum` found, and the
sentence, clause and role cues around it.

:mod:`extractors.amounts` finds the sums, :mod:`extractors.money_tables` and
:mod:`extractors.amount_roles` give them roles; all of them share these pieces. A
:class:`Paper` caches what it reads (sentence breaks, cues per span) for one extract call only.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional, Sequence

import regex

from extractors.amount_roles import Cue, find_cues
from extractors.facts import Section
from extractors.lines import Span

CURRENCY = r"(?:€|EURO?(?!\w)|Euro(?!\w))"
# German numbers: "651.895,80", "1.026.000", "57000", "1,2". Not part of a date ("13.12.2021"), a
# paper number ("2021/1121") or a misprint ("55.0000"): no digit, dot or slash may touch it.
# Thousands grouped by (no-break, thin) spaces, "45 000 €", "€ 1 234 567,89", count only with the
# currency right beside them: "Anlage 3 500 Teilnehmer" is two numbers.
# (Normalisation has made no-break and thin spaces plain ones.)
SPACED_NUMBER = r"\d{1,3}(?:[ ]\d{3}){1,4}(?:,\d{1,6})?"
NUMBER = (rf"{SPACED_NUMBER}(?=[ ]?{CURRENCY})|(?<={CURRENCY}[ ]?){SPACED_NUMBER}"
          r"|\d{1,3}(?:\.\d{3}){1,5}(?:,\d{1,6})?|\d{1,15}(?:,\d{1,6})?")


@dataclass
class Sum:
    """A number found in the text, with what surrounds it, before it becomes an Amount."""

    start: int
    end: int
    value: Decimal
    kind: str  # money | bare (a money-formatted number alone) | scaled ("25 Millionen")
    negative: bool = False
    range_end: Optional[Decimal] = None
    role: Optional[str] = None  # set by the table rules
    in_table: bool = False


# --------------------------------------------------------------------------------------------
# Sentences and clauses (line structure matters: fields, bullets, rows stand alone)
# --------------------------------------------------------------------------------------------

SENTENCE_BREAK = regex.compile(
    r"""
      (?P<stop>[.!?])(?=\s+[^\s\p{Ll}])                     # full stop before a non-lower-case char
    | :[ \t]*\n\s*                                          # "folgende Summen gemeldet:⏎"
    | \n\s*(?=[-•*–][ \t]|\d{1,2}[.)][ \t]|[a-z]\)[ \t])     # bullets, numbered items
    | \n\s*(?=[^\n:]{2,60}:[ \t])                           # form field "Beantragte Förderhöhe: "
    | \n(?=[^\n]*\t) | \n(?<=\t[^\n]*\n)                    # a table row is a sentence of its own
    | \n(?<=(?:^|\n)[^\n]{0,39}[^\s,(–-]\n)\s*(?=\p{Lu})     # a short line ends a paragraph or a
                                                            # flattened table cell (PDF text)
    """,
    regex.VERBOSE,
)
SENTENCE_WINDOW = 700  # no sentence worth reading is longer (a text without breaks is not prose)
# Abbreviations whose full stop ends no sentence ("ca. 30 T€", "Nr. 2021/1121", "z. B.").
ABBREVIATIONS = frozenset(
    "ca bzw nr ggf inkl lt sog vgl abs dez tsd mio mrd zzgl gem max min mind evtl std str tel ff "
    "zt ziff lfd gez kap art bspw usw co dr prof hr fr st ggü rd jh".split()
)

CLAUSE_BREAK = regex.compile(
    r"""
      ,[ \t\n]+(?![-–—]                                           # not the "66.865, --" of a sum,
                |(?:welche[rsmn]?|die|der|das|dem|den|deren|dessen)\s+\p{Ll})  # nor ", welche zu ..."
    | ;
    | \s[–—-]\s
    """,
    regex.VERBOSE,
)


def _is_break(text: str, m: regex.Match) -> bool:
    """A full stop ends a sentence unless it closes an abbreviation or an ordinal ("2. Baustein")."""
    if m["stop"] != ".":
        return True
    stop = m.start()
    word_start = stop
    while word_start > stop - 20 and word_start > 0 and text[word_start - 1].isalnum():
        word_start -= 1
    token = text[word_start:stop]
    if not token:
        return True
    if token.isdigit():
        return len(token) >= 4  # a year ends a sentence, an ordinal does not
    return len(token) > 1 and token.lower() not in ABBREVIATIONS


# --------------------------------------------------------------------------------------------
# The paper
# --------------------------------------------------------------------------------------------

# A district's letterhead: "Landkreis Emsland", "Kreis Nordfriesland", "Rhein-Sieg-Kreis", "Der Landrat".
DISTRICT_LETTERHEAD = regex.compile(
    r"(?m)^[ \t]*(?:Landkreis|Kreis[ \t]+\p{Lu}|Kreisverwaltung|Landratsamt|Der[ \t]+Landrat|Die[ \t]+Landrätin"
    r"|Kreisausschuss|[\p{Lu}][\p{L}-]*-Kreis\b|[\p{Lu}][\p{L}]+er[ \t]+Kreis\b)"
)
LETTERHEAD_CHARS = 400
# The district's own share, as a cue: "Kreisanteil", "Anteil des Landkreises".
DISTRICT_SHARE = regex.compile(r"(?i)kreisanteil\w*|Anteil[ \t\n]+des[ \t\n]+(?:Land)?[Kk]reises"
                               r"|trägt[ \t\n]+der[ \t\n]+(?:Land)?[Kk]reis")


@dataclass
class Paper:
    """What the extractor reads from one text, with caches that live for one call only."""

    text: str
    sections: Sequence[Section] = ()
    sum_starts: list[int] = field(default_factory=list)
    sum_ends: list[int] = field(default_factory=list)
    _cues: dict[Span, list[Cue]] = field(default_factory=dict)
    _break_starts: Optional[list[int]] = None  # sentence breaks, found on first use
    _break_ends: list[int] = field(default_factory=list)

    _district: Optional[bool] = None

    def cues(self, start: int, end: int) -> list[Cue]:
        """Every role cue in ``text[start:end]``, in reading order (see :func:`find_cues`). In a
        district's paper the district's share is its own ("Kreisanteil"); elsewhere a grant."""
        key = (start, end)
        if key not in self._cues:
            found = find_cues(self.text, start, end)
            if self.is_district() and any(cue.role == "funding" for cue in found):
                found = [Cue(c.start, c.end, "own_share", True)
                         if c.role == "funding" and DISTRICT_SHARE.fullmatch(self.text, c.start, c.end) else c
                         for c in found]
            self._cues[key] = found
        return self._cues[key]

    def is_district(self) -> bool:
        """The paper is a district's (Landkreis, Kreis), by its letterhead."""
        if self._district is None:
            self._district = bool(DISTRICT_LETTERHEAD.search(self.text, 0, min(len(self.text), LETTERHEAD_CHARS)))
        return self._district

    def roles(self, start: int, end: int) -> list[str]:
        return [cue.role for cue in self.cues(start, end) if cue.role]

    def first_role(self, start: int, end: int) -> Optional[str]:
        roles = self.roles(start, end)
        return roles[0] if roles else None

    def sentence(self, start: int, end: int) -> Span:
        """The sentence (or form field, bullet, table row) around ``text[start:end]``."""
        if self._break_starts is None:
            breaks = [m.span() for m in SENTENCE_BREAK.finditer(self.text) if _is_break(self.text, m)]
            self._break_starts = [a for a, _ in breaks]
            self._break_ends = [b for _, b in breaks]
        i = bisect.bisect_right(self._break_ends, start) - 1
        j = bisect.bisect_left(self._break_starts, end)
        sentence_start = self._break_ends[i] if i >= 0 else 0
        sentence_end = self._break_starts[j] if j < len(self._break_starts) else len(self.text)
        return max(sentence_start, start - SENTENCE_WINDOW), min(sentence_end, end + SENTENCE_WINDOW)

    def clause(self, sentence: Span, start: int, end: int) -> Span:
        """The clause of ``sentence`` around ``text[start:end]``."""
        clause_start, clause_end = sentence
        for m in CLAUSE_BREAK.finditer(self.text, sentence[0], start):
            clause_start = m.end()
        m = CLAUSE_BREAK.search(self.text, end, sentence[1])
        return clause_start, (m.start() if m else clause_end)
