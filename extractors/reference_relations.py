"""How a reference relates to what it names: ``rescinds``, ``amends``, ``based_on`` or ``mentions``.

A council paper says what it does to an earlier paper or a law with a word near the mention
("wird aufgehoben", "Änderung des Ratsbeschlusses", "gemäß § 41 GO NRW"). The cue nearest to the
target in the same clause decides; no cue → ``mentions``. :mod:`extractors.references` finds the
:class:`Cues` of a text once and reads them for papers, resolutions, attachments and (through
:mod:`extractors.laws`) laws.
"""
from __future__ import annotations

import bisect
from typing import Optional

import regex

from extractors import dates

RELATION_RANK = {"mentions": 0, "based_on": 1, "amends": 2, "rescinds": 3}

# ---------------------------------------------------------------------------------------------
# Clauses: a relation cue only counts inside the clause that holds the target.
# ---------------------------------------------------------------------------------------------

# Abbreviations whose full stop does not end a sentence ("Vorlage Nr. 2021/1121", "vgl. Anlage").
ABBREVIATIONS = (
    r"Nr|Nrn|vgl|Abs|bzw|ggf|ca|gem|z\.\s?B|u\.\s?a|d\.\s?h|i\.\s?V\.\s?m|o\.\s?g|s\.\s?o|S|Art|lit|Ziff"
    r"|i|z|v|i\.\s?V|v\.\s?H"  # the first letters of "i. V. m.", "z. B.", "v. H." (vom Hundert)
    r"|inkl|evtl|usw|etc|Drs|Ds|Dr|Prof|Hr|Fr|St|Tel|Az|Pkt|bzgl|insb|Jan|Feb|Febr|Apr|Aug|Sept?"
    r"|Okt|Nov|Dez|Mio|Mrd|Tsd|Std|min|max|zzgl|abzgl|incl|geb|Str|Buchst|Anl"
)
SHORT_LINE = 55  # PDF text wraps near full width (80+ characters); shorter lines end a thought
# Each alternative tests a cheap character first and its costly look-behind second: the order of
# zero-width tests does not change what matches, only how fast a text is scanned.
CLAUSE_END = regex.compile(
    rf"""
      (?<=[.!?])(?<!\b(?:{ABBREVIATIONS})\.)[“”"»)]?(?=\s+[„"(\p{{Lu}}\d•–-])
          (?!\s+(?i:{dates.MONTH_NAME}))        # "13. Dezember": a date, not a sentence end
    | ;                                           # "...aufgehoben; der Beschluss zu ... bleibt"
    | :[ \t]*(?=\n)                               # "Beschlussentwurf:" ending a line
    | (?<=[.!?:;])[ \t]*\n[ \t]*\n                # a paragraph after a full stop
    | \n(?=[ \t]*(?:\d{{1,2}}[.)]|[a-z]\)|[-•–*])[ \t])   # a list item: "1. Der Rat ...", "- Gesamtkosten"
    | (?=\n)(?<=(?:^|\n)[^\n]{{0,{SHORT_LINE}}}[^\n,(-])\n  # after a short line: a heading or a list row,
                                                  # "Anlage 1 – Richtlinie (Neufassung)⏎Anlage 2 – ..."
    | \t                                          # a table cell
    """,
    regex.VERBOSE,
)


class Clauses:
    """Clause boundaries of a text; ``span(pos)`` is the clause holding ``pos``.

    A paper asks about a few dozen positions, so boundaries are searched only near them, never
    over the whole text (that scan cost more than the rest of finding references). A search may
    start at any position right after a letter or digit: no boundary match holds one, so from
    there on it finds what a search of the whole text finds (``tests/extractors`` compares)."""

    LOOK_BACK = 300  # characters searched before a position at first
    LOOK_AHEAD = 300  # and after it, so that the next position nearby is answered from memory

    def __init__(self, text: str):
        self.text = text
        self.length = len(text)
        self._searched: list[tuple[int, int, list[int]]] = []  # (from, to, every end in between)

    def span(self, pos: int) -> tuple[int, int]:
        for searched in self._searched:
            known = self._answer(searched, pos)
            if known:
                return known
        back = self.LOOK_BACK
        while True:
            start = self._safe_start(pos - back)
            searched = self._search(start, pos + self.LOOK_AHEAD)
            known = self._answer(searched, pos)
            if known:
                self._searched.append(searched)
                return known
            back *= 4  # no boundary in reach before pos: look further back

    def _safe_start(self, pos: int) -> int:
        while pos > 0 and not self.text[pos - 1].isalnum():
            pos -= 1
        return max(pos, 0)

    def _search(self, start: int, until: int) -> tuple[int, int, list[int]]:
        """Every boundary from ``start`` up to the first one past ``until``."""
        ends = []
        for m in CLAUSE_END.finditer(self.text, start):
            ends.append(m.end())
            if m.end() > until:
                return start, m.end(), ends
        return start, self.length, ends

    def _answer(self, searched: tuple[int, int, list[int]], pos: int) -> Optional[tuple[int, int]]:
        """The clause of ``pos`` if this search tells it: a boundary (or the text's start) at or
        before ``pos`` and one (or the text's end) after it."""
        first, last, ends = searched
        if pos < first or (pos >= last and last < self.length):
            return None
        i = bisect.bisect_right(ends, pos)
        if i == 0 and first > 0:
            return None
        start = ends[i - 1] if i > 0 else 0
        end = ends[i] if i < len(ends) else self.length
        return start, end


def whole_text_clauses(text: str) -> list[int]:
    """Every clause boundary of ``text`` in one search: what :class:`Clauses` must agree with."""
    return [m.end() for m in CLAUSE_END.finditer(text)]


# ---------------------------------------------------------------------------------------------
# Relation cues, strongest first.
# ---------------------------------------------------------------------------------------------

# (relation, pattern, part of speech): nouns and prepositions govern what follows them ("die
# Aufhebung der Vorlage ...", "auf der Grundlage des Beschlusses ..."), so they only apply forward;
# verbs close the clause ("... wird aufgehoben") and apply both ways.
# A noun cue concerns a paper only when the paper or its resolution is the noun's object: "die
# Aufhebung der Ratsbeschlüsse ...", "Änderung eines Ratsbeschlusses"; not "die Änderung der
# Elternbeitragssatzung (Vorlage Nr. ...)" (that paper made the change) or "die Änderungen gegenüber
# der geltenden Fassung sind in Anlage 2 dargestellt".
OBJECT_IS_PAPER = (
    r"\s+(?:des|der|eines|einer|dieses|dieser|seines|seiner|ihres|ihrer|von|aller|beider|zur|zum)\s+(?:\p{Ll}\w*\s+){0,2}"
    r"(?:\w*[Bb]eschl(?:uss|üss)|Vorlage|Drucksache|Antr(?:ag|äg)|Entscheidung|Bezugsvorlage)"
)
CUES = [
    # "beschließt die Aufhebung der Ratsbeschlüsse vom 13.12.2021", "der Widerruf des Beschlusses".
    ("rescinds", regex.compile(rf"\b(?:Aufhebung(?:en)?|Widerruf)\b(?={OBJECT_IS_PAPER})"), "noun"),
    # "wird aufgehoben", "aufzuheben", "tritt außer Kraft", "hebt den Beschluss vom ... auf".
    ("rescinds", regex.compile(
        r"\b(?:aufgehoben|aufzuheben|aufheben|außer\s+Kraft|widerrufen|zurückgenommen|zurückzunehmen)\b"
        r"|\bauf\b(?=\s*[.;,!)]|\s*$)(?<=\bheb(?:t|en)\b[^;]{1,200}auf)"
    ), "verb"),
    # "die Änderung des Ratsbeschlusses", "Ergänzung der Vorlage", "Neufassung", "Fortschreibung".
    ("amends", regex.compile(
        rf"\b(?:Änderung(?:en)?|Abänderung|Ergänzung(?:en)?|Neufassung|Fortschreibung)\b(?={OBJECT_IS_PAPER})"), "noun"),
    # "wird wie folgt geändert", "ergänzt", "fortgeschrieben", "neu gefasst". Not "ersetzt": a
    # Neufassung that "ersetzt die Vorlage VII-DS-07133" replaces a proposal nobody decided.
    ("amends", regex.compile(
        r"\b(?:geändert|abgeändert|abzuändern|zu\s+ändern|ändert|ergänzt|zu\s+ergänzen|neu\s+gefasst"
        r"|fortgeschrieben|fortzuschreiben)\b"
    ), "verb"),
    # "auf der Grundlage der Ratsbeschlüsse", "gemäß § 41 GO NRW", "in Umsetzung des Beschlusses",
    # "dient der Umsetzung des Beschlusses".
    ("based_on", regex.compile(
        r"\b(?:auf\s+(?:der\s+)?Grundlage|auf\s+(?:der\s+)?Basis|gemäß|gem\.|in\s+Umsetzung|(?:dient|dienen|zur)\s+(?:der\s+)?Umsetzung"
        r"|in\s+Ausführung|aufgrund|auf\s+Grund|nach\s+Maßgabe|basierend\s+auf|in\s+Anlehnung\s+an)",
        regex.IGNORECASE,
    ), "preposition"),
]
# A verb cue in the past tells what an earlier paper did, not what this one does: "Mit Beschluss vom
# 23.11.2022 (B-301/2022) wurde das Programm ergänzt", "die Vorlage DS 00789/2024 wurde am 04.06.2024
# zurückgenommen", "mit Drucksache 0315/2019 aufgehoben wurde". The finite auxiliary nearest
# before the verb (or "wurde"/"worden" right after it) tells the tense.
AUXILIARY = regex.compile(r"\b(?:wird|werden|wurde|wurden|ist|sind|war|waren|hat|haben|hatte|hatten|soll|sollen)\b")
PAST_AUXILIARIES = frozenset(("wurde", "wurden", "war", "waren", "hatte", "hatten"))
PAST_AFTER = regex.compile(r"[ \t\n]+(?:wurde|wurden|worden|war|waren)\b")
AUXILIARY_LOOKBACK = 120


def _in_the_past(text: str, clause_start: int, cue_start: int, cue_end: int) -> bool:
    if PAST_AFTER.match(text, cue_end):
        return True
    last = None
    for last in AUXILIARY.finditer(text, max(clause_start, cue_start - AUXILIARY_LOOKBACK), cue_start):
        pass
    return last is not None and last.group(0) in PAST_AUXILIARIES


# A noun right before the number is the paper's own kind, not a cue: "deren Ergänzung V/2024/0123/1",
# "Änderungsantrag Nr. 2024/0815" (compounds never match the cue words anyway).
CUE_AS_LABEL = regex.compile(r"[ \t\n]*(?:Nr\.|Nummer)?[ \t\n]*")


class Cues:
    """Every relation cue of a text, found once; ``relation(start, end)`` picks the nearest cue in
    the clause of the target ``text[start:end]`` that may govern it (ties go to the stronger)."""

    NEIGHBOURS = 4  # cues looked at on each side of a target

    def __init__(self, text: str, clauses: Clauses):
        self.text = text
        self.clauses = clauses
        found = [(m.start(), m.end(), relation, part)
                 for relation, pattern, part in CUES for m in pattern.finditer(text)]
        self.cues = sorted(found)
        self.starts = [c[0] for c in self.cues]

    def relation(self, start: int, end: int) -> str:
        clause_start = self.clauses.span(start)[0]
        clause_end = self.clauses.span(max(start, end - 1))[1]
        i = bisect.bisect_left(self.starts, start)
        before = self.cues[max(0, i - self.NEIGHBOURS):i]
        after = self.cues[i:i + self.NEIGHBOURS + 8]  # cues inside the target are skipped below
        best: Optional[tuple[int, int, str]] = None  # (distance, -rank, relation)
        for cue_start, cue_end, relation, part in before + after:
            if cue_start < clause_start or cue_end > clause_end or (cue_start < end and start < cue_end):
                continue  # another clause, or inside the target's own words
            if cue_end <= start:
                if part == "noun" and CUE_AS_LABEL.fullmatch(self.text, cue_end, start):
                    continue
                distance = start - cue_end
            elif part != "verb":
                continue
            else:
                distance = cue_start - end
            if part == "verb" and _in_the_past(self.text, clause_start, cue_start, cue_end):
                continue
            candidate = (distance, -RELATION_RANK[relation], relation)
            if best is None or candidate < best:
                best = candidate
        return best[2] if best else "mentions"
