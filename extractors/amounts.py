"""Find every sum of money in a council paper and say what it is: cost, funding, own share, ...

A journalist asks "what does it cost, and who pays?", so every printed sum becomes an
:class:`~extractors.facts.Amount` with its value in euros, its role in the measure and how exact
it is. The work runs in four steps:

1. **Candidates.** One compiled pattern (:data:`CANDIDATE`) finds every number with what may
   surround it: a currency before or after (``€ 1.500,00``, ``45.000 EUR``, ``78.100⏎Euro``), a
   scale word (``45 T€``, ``1,2 Mio. €``), dash cents (``456.000,--``), a minus (``-25.000 €``).
2. **Which numbers are money.** A number with a currency is money. A bare number is money only
   where the paper makes it so: next to a sum in a money field (``Förderhöhe: 625.600,00 € (SK
   414100 78.100,00)``), in a calculation (``6x 57.000 = 342.000 €``), after a money label
   (``Fördersumme: 45.000,00``), or in a table whose header gives the unit (``Kosten in T€``).
   ``25 Millionen`` counts when its sentence is about money. Account numbers, percentages, counts,
   years and empty form fields (``in Höhe von €``) never count.
3. **Role**, read the way a person reads the sum's surroundings: a table's column header; a cut
   ("Kürzung ... um 25.000 €"); a decisive cue in the same clause (``Eigenanteil``, ``zu Lasten des
   städtischen Haushaltes``, ``erstattet``); the heading of a form block (``Einsparungen ab
   Haushaltsjahr:``); the nearest cue before the sum in its clause, then after it, then the same
   in the sentence; last the block or section heading. The cues are one lexicon
   (:data:`NOT_CUES`, :data:`DECISIVE_CUES`, :data:`ROLE_CUES`).
4. **Details.** Qualifier (``ca.`` → approx, ``bis zu`` → max, ``mindestens`` → min), period
   (``p.a.``, ``pro Jahr``, ``jährlich``), unit (``pro Stelle``), range end (``10.000 bis 15.000 €``).

Public API: ``extract(text, sections=()) -> list[Amount]``, sorted by start; never raises.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Iterator, NamedTuple, Optional, Sequence

import regex

from extractors.facts import Amount, Section
from extractors.numbers import SCALE_PATTERN, parse_number, scale_multiplier

CENT = Decimal("0.01")
Span = tuple[int, int]

# --------------------------------------------------------------------------------------------
# 1. Candidates and which of them are money
# --------------------------------------------------------------------------------------------

CURRENCY = r"(?:€|EURO?(?!\w)|Euro(?!\w))"
# German numbers: "651.895,80", "1.026.000", "57000", "1,2". Not part of a date ("13.12.2021"), a
# paper number ("2021/1121") or a misprint ("55.0000"): no digit, dot or slash may touch it.
NUMBER = r"\d{1,3}(?:\.\d{3}){1,5}(?:,\d{1,6})?|\d{1,15}(?:,\d{1,6})?"
LINE_GAP = r"[ \t]*(?:\n[ \t]*){0,2}"  # a sum split by a line break: "78.100⏎Euro" (PDF text)

CANDIDATE = regex.compile(
    rf"""
    (?P<pre_currency>{CURRENCY}[ \t]?(?=[-−–]?\d))?     # "€ 1.500,00", "EUR 45.000"
    (?P<sign>(?<![\w.,)\]/–−-])[-−–](?=\d))?             # budget cuts: "-25.000 €"
    (?<![\w.,/])(?P<number>{NUMBER})
    (?P<dash_cents>,[ ]?[-–—]{{1,2}}(?![-–—]))?         # "456.000,--", "66.865, --", "1.500,- €"
    (?![\d]|[.,]\d)
    (?P<scale>[ \t]*(?:\n[ \t]*)?{SCALE_PATTERN})?      # "30 T€", "1,2 Mio.", "25 Millionen"
    (?P<currency>{LINE_GAP}{CURRENCY})?                 # "45.000 EUR", "7.300 Euro"
    """,
    regex.VERBOSE,
)

# Scale words that carry the currency themselves ("T€", "TEUR", "k€").
SCALE_WITH_CURRENCY = regex.compile(r"€|EUR", regex.IGNORECASE)
# Printed like money even without a sign: thousands grouped or cents given ("78.100,00", "57.000").
MONEY_FORMAT = regex.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d{2})?|\d+,\d{2}")
# What may follow "25 Millionen" when it means euros: a lower-case word, punctuation or the end
# (Siegburg: "förderte im Jahr 2020 mit 25 Millionen eine ..."), not a noun ("2 Millionen Menschen").
SCALE_THEN_NO_NOUN = regex.compile(r"\s*(?:\p{Ll}|[.,;:)!?]|$)")

# Between a bare number and a neighbouring sum in the same money field only brackets, operators,
# small counts and account numbers may stand: Leverkusen "625.600,00 € (SK 414100 78.100,00)
# (SK 414101⏎⏎547.500,00)", "6x 57.000 = 342.000 €". A line break only after an account number
# (a column of counts under a sum is no money); no tab (table cells have their own rule).
BARE_GAP = regex.compile(
    r"""(?:[ ]|[()=+×*:/]|x\b|\d+(?:,\d+)?[ ]?x?
    |(?:SK|Sachkonto|Konto|Kostenstelle|KSt|Produkt|PSP(?:-Element)?|Finanzstelle|Finanzposition)
     \.?:?[ ]?(?:[A-Z]{1,3}[ ]?)?[\d./-]+[ \n]*)*""",
    regex.VERBOSE,
)
BARE_GAP_MAX = 60

# A form field's label at the start of its line: "Beantragte Förderhöhe: ", "- Gesamtkosten: ".
FIELD_LABEL = regex.compile(r"[ \t]*(?:[-•*–][ \t]+)?(?P<label>[^\n:]{2,60}):[ \t]*")
FIELD_VALUE_END = regex.compile(r"[ \t]*(?:$|\n|[;,.(])")  # the number fills the field: no "Teilnehmer" after

# Ranges: "10.000 bis 15.000 €", "zwischen 62.000 und 68.000 Euro", "10.000 – 15.000 €".
RANGE_JOIN = regex.compile(r"[ \t]*(?:bis|-|–|—)[ \t]*")
RANGE_AND = regex.compile(r"[ \t]*und[ \t]*")
RANGE_BETWEEN = regex.compile(r"zwischen[ \t]+$")
PLAIN_RANGE_START = regex.compile(
    rf"""(?<![\w.,/])(?P<number>{NUMBER})(?:,[ ]?[-–—]{{1,2}})?(?P<currency>[ \t]*{CURRENCY})?
    [ \t]*(?:(?:bis|-|–|—)|(?<=zwischen[ \t]+\S+[ \t]*)und)[ \t]*$""",
    regex.VERBOSE,
)
RANGE_LOOKBACK = 40
RANGE_RATIO_MAX = 20  # "1 bis 2 Mio. €" is a range; "Anlage 3 - 45.000 €" is not
YEAR = regex.compile(r"(?:19|20)\d\d")

# --------------------------------------------------------------------------------------------
# 2. Tables whose header gives the unit
# --------------------------------------------------------------------------------------------

# "Kosten in €", "2025 (T€)", "(Angaben in T€)", "Betrag in Tsd. Euro".
UNIT_HEADER = regex.compile(
    rf"(?:\bin|\(|\[)[ \t]*(?P<unit>T[ ]?€|TEUR|k€|Tsd\.?[ ]?{CURRENCY}|Mio\.?[ ]?{CURRENCY}|{CURRENCY})(?!\w)"
)
# A cell that holds only a number: "448.000", "-90", "1.500,--".
CELL_NUMBER = regex.compile(rf"(?P<sign>[-−–][ ]?)?(?P<number>{NUMBER})(?:,[ ]?[-–—]{{1,2}})?")
# A line of sums alone, under header lines naming one role per sum (Leverkusen, see below).
SUM_IN_LINE = regex.compile(rf"\d[ \t]*{CURRENCY}")
HEADER_LINES_MAX = 4

# --------------------------------------------------------------------------------------------
# 3. Sentences, clauses, form blocks (line structure matters: fields, bullets, rows stand alone)
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

# The heading line above a form block or a list: "Einsparungen ab Haushaltsjahr: 2025",
# "Jährliche Folgeaufwendungen ab Haushaltsjahr:", "Einsparungen:".
BLOCK_HEADING = regex.compile(r"[^\n]{3,90}:[ \t]*(?:(?:19|20)\d\d)?[ \t]*")
BULLET_OR_FIELD = regex.compile(r"[ \t]*(?:[-•*–][ \t]|\d{1,2}[.)][ \t]|[^\n:]{2,60}:[ \t])")
HEADING_LOOKBACK = 6  # lines

# --------------------------------------------------------------------------------------------
# 4. Role cues: one lexicon, role → patterns, case-insensitive. Two kinds of pattern:
#    - a *stem* (no whitespace in it) matches inside a word, and the whole word is the cue, so
#      "förder" finds "Gesamtfördersumme" and "gefördert". When several stems hit one word, the
#      one listed first wins: "Personalkostenerstattung" is funding (erstattung) before cost
#      (kosten). Order: NOT_CUES, DECISIVE_CUES, ROLE_CUES, each in the order written.
#    - a *phrase* (with whitespace) starts at a word start and beats the stems inside it:
#      "ungedeckte Kosten", "vom Land erstattet", "förderfähige Kosten".
# --------------------------------------------------------------------------------------------

# Words that look like cues but name a purpose, an account or an office, not the money itself.
NOT_CUES: tuple[str, ...] = (
    # "Landesmittel für Sachausgaben": the money is Landesmittel; "für ..." is what it pays for.
    r"für\s+(?:die\s+|den\s+|das\s+)?\w*(?:kosten|ausgaben|aufwendungen|aufwand)\b",
    # "trägt 50 % der Kosten, das sind rund 240 TEUR": the costs are the base of the share
    r"%\s+(?:der|des)\s+(?:\w+\s+)?\w*(?:kosten|ausgaben|aufwendungen)\b",
    r"kostenstelle|kostenträger|kostenneutral|kostendeckend|sachkonto",
    r"wirtschaftsförderung",  # an office, not a grant
)

# Cues that decide the role for the whole clause, wherever in it they stand.
DECISIVE_CUES: dict[str, tuple[str, ...]] = {
    "refund": (
        # Siegburg: "456.000,-- € an Fördergelder an das Land erstattet"
        r"erstattet|zurückgezahlt|zurückzuzahlen|zurückzahl|rückzahlung|rückerstattung|rückführung",
        r"rückforderung|zurückgefordert|zurückzufordern",
    ),
    "own_share": (
        # Leverkusen: "Eigenmittel Stadt zur Weiterleitung an die Träger*innen: 309.895,80 €".
        # Not "Eigenleistung": that is often a club's own work ("in Eigenleistung der Mitglieder").
        r"eigenanteil|eigenmittel|eigenfinanzierung|eigenbeteiligung",
        # Hückeswagen: "ungedeckte Kosten von z.Zt. ca. 1.000 €"
        r"ungedeckt|finanzierungslücke|deckungslücke",
        # the budget's "Zuschussbedarf" is what the town pays net, not a grant it receives
        r"zuschussbedarf",
        # Siegburg: "welche zu Lasten des städtischen Haushaltes gehen würden"
        r"zu\s?lasten\s+(?:des|der)\s+(?:\w+\s+){0,2}?\w*haushalt\w*",
        # Leverkusen table header "Mehrkosten Stadt Leverkusen"; "Mehrkosten der Gemeinde"
        r"Mehrkosten\s+(?:der\s+|für\s+die\s+)?(?:Stadt|Gemeinde|Kommune)\b",
        r"(?:städtisch|kommunal)\w*\s+(?:Anteil|Mittel|Haushaltsmittel|Zuschuss)\w*",
        r"Anteil\s+der\s+(?:Stadt|Gemeinde|Kommune)\b",
        r"aus\s+(?:dem\s+)?(?:städtischen|kommunalen)\s+Haushalt\w*",
    ),
    "savings": (
        # Leverkusen form: "Einsparungen ab Haushaltsjahr: 2025"
        r"einsparung|einzusparen|eingespart|einsparen|ersparnis|minderaufwend|minderausgabe",
    ),
}

# Cues read by distance: the nearest one to the sum wins.
ROLE_CUES: dict[str, tuple[str, ...]] = {
    "funding": (
        # "die Kosten werden vom Land erstattet", "das Land erstattet 80 %" are grants, unlike
        # Siegburg's "an das Land erstattet"
        r"(?:vom|von\s+der|durch\s+(?:das|den|die))\s+(?:\w+\s+){0,2}?(?:Land|Bund|Kreis|Träger)\w*"
        r"\s+(?:\w+\s+){0,2}?erstattet",
        r"(?<!an )(?:das|der)\s+(?:Land|Bund|Kreis)\s+erstattet",
        # Hückeswagen: "Es stehen lt. dem KI des OBK aktuell 57.000 € p.a. ... zur Verfügung"
        r"zur\s+Verfügung",
        r"(?:Mittel|Anteil|Beitrag)\s+des\s+(?:Landes|Bundes|Kreises)",
        # Förderung, Fördermittel, Förderhöhe, Fördersumme, gefördert, förderte, Landesförderung
        r"förder",
        r"zuschuss|zuschüsse|bezuschusst|zuwendung|zuweisung|kofinanzierung|finanzhilfe",
        r"landesmittel|bundesmittel|drittmittel|stiftungsmittel|landesanteil|bundesanteil",
        r"landesbeteiligung|bundesbeteiligung|landesprogramm|bundesprogramm",
        # Leverkusen: "Personalkostenpauschalen", "Landesförderpauschale"; Siegburg:
        # "Personalkostenerstattung"
        r"pauschale|erstattung|kostenbeteiligung|spende|sponsor",
        # grants are drawn down: "Bis Ende April sind davon 1.862.000 € abgerufen worden"
        r"abgerufen|abzurufen|mittelabruf",
    ),
    "revenue": (
        # Leverkusen form: "Jährliche Folgeerträge", "Erträge (z. B. Gebühren, ...)"; not the
        # "ertrag" in "Vertrag" or "Übertrag"
        r"(?<![vb])ertr[aä]g",
        r"einnahme|einzahlung|vereinnahmt",
        # what citizens pay the town: "Elternbeiträge", "Entgeltordnung", "Gebühren"
        r"gebühr|entgelt(?!gruppe|stufe|tabelle|fortzahlung)|beitr[aä]g(?:e|en|es|s)?(?!\w)",
        # "Erlöse", "Verkaufserlös", "Eintrittserlöse"; not the "erlös" inside "Containerlösung"
        r"(?<![^\Ws])erlös|mehrerlös|nettoerlös",
    ),
    "own_share": (
        # Siegburg: "die Einnahmen und Ausgaben im Haushalt (rund 30.000 €/Jahr)"
        r"(?:im|in\s+den|aus\s+dem|in\s+dem)\s+(?:städtischen\s+|kommunalen\s+)?Haushalt\b",
        r"haushaltsmittel|kommunalhaushalt",
    ),
    "savings": (
        # budget motions: "Der Ansatz wird um 25.000 € gekürzt"
        r"kürzung|gekürzt|reduzierung|reduziert|absenkung|abgesenkt|streichung|gestrichen",
        r"konsolidierung|zu\s+kürzen",
        # "Die frei werdenden Mittel von zusammen 35.000 € sollen ..."
        r"frei\s?werdende[nm]?\s+Mittel\w*",
    ),
    "cost": (
        # "förderfähige Kosten" are costs, though "förder" names grants
        r"förderfähig\w*\s+(?:\w+)?kosten\w*",
        # Aufwendungen, Folgeaufwendungen, Personal-/Sachaufwand, Gesamtkosten, Personalkosten
        r"aufwend|aufwand|aufgewendet|aufgewandt|aufzuwenden",
        r"kosten|auszahlung|ausgaben?(?!\w)|ausgegeben|verausgabt",
        r"investition|kaufpreis|honorar|vergütung|auftragssumme|auftragswert|budget",
        # a bid: "liegt ein Angebot der Druckerei über 18.400 € vor" (not "Beratungsangebot")
        r"(?<!\w)angebot(?:s|es)?(?!\w)|angebotssumme|angebotspreis",
        r"finanzbedarf|mittelbedarf|arbeitgeberbrutto",
        # pay scales name what a post costs: "nach der Entgeltgruppe S 12 zwischen 62.000 und ..."
        r"entgelt(?:gruppe|stufe|tabelle|fortzahlung)|besoldungsgruppe",
    ),
}


class _Cue(NamedTuple):
    start: int
    end: int
    role: Optional[str]  # None for a NOT_CUES entry
    decisive: bool


def _compile_cues() -> tuple[re.Pattern, re.Pattern, list[tuple[Optional[str], bool]]]:
    """The phrase pattern, the stem pattern and, per entry ``i`` (group ``c<i>``, also its
    priority), the role and whether it is decisive."""
    entries: list[tuple[str, Optional[str], bool]] = [(p, None, False) for p in NOT_CUES]
    for role, patterns in DECISIVE_CUES.items():
        entries += [(p, role, True) for p in patterns]
    for role, patterns in ROLE_CUES.items():
        entries += [(p, role, False) for p in patterns]
    phrases = "|".join(f"(?P<c{i}>{p})" for i, (p, _, _) in enumerate(entries) if r"\s" in p)
    stems = "|".join(f"(?P<c{i}>{p})" for i, (p, _, _) in enumerate(entries) if r"\s" not in p)
    return (re.compile(rf"(?<!\w)(?:{phrases})", re.IGNORECASE), re.compile(stems),
            [(role, decisive) for _, role, decisive in entries])


PHRASE_CUES, STEM_CUES, CUE_KINDS = _compile_cues()
WORD = re.compile(r"\w+")

# A change "um" a sum is a cut when a cut word governs it. Budget motions write "Kürzung des
# Zuschusses für das Stadtfest um 25.000 €" or "kann um 10.000 € gekürzt werden": the sum is what
# is saved, whatever the money cut was (a grant, an own share).
CUT_BEFORE = regex.compile(
    r"(?:Kürzung|Reduzierung|Absenkung|Senkung|Verringerung|Minderung|Einsparung)\w*\s+(?:\S+\s+){0,8}?um\s*$",
    regex.IGNORECASE,
)
UM_BEFORE = regex.compile(r"\bum\s*$")
CUT_AFTER = regex.compile(
    r"\s*(?:\w+\s+){0,2}?(?:gekürzt|reduziert|vermindert|verringert|abgesenkt|gesenkt|eingespart|gestrichen)\b",
    regex.IGNORECASE,
)
CUT_LOOKBACK = 120
# "29.100 Euro Sachausgaben für Personal und 49.000 Euro ...": a cue right after a sum names it.
ATTACHED_GAP = regex.compile(r"[ \t\n]*(?:an[ \t]+)?")

# --------------------------------------------------------------------------------------------
# 5. Qualifiers, periods, units
# --------------------------------------------------------------------------------------------

# Read backwards from the sum, one word at a time: the nearest qualifier wins ("bis zu ca. 30 T€"
# is approx), fillers are skipped ("bis zu insgesamt 160.000 Euro" is max).
QUALIFIER_BEFORE = regex.compile(
    r"""(?:
      (?P<approx>\bca\.|\bcirca|\bzirka|\betwa|\brund|\bungefähr|\bannähernd|\bknapp|\bgeschätzte?[nr]?)
    | (?P<max>\bbis\s+zu|\bmaximal|\bmax\.|\bhöchstens)
    | (?P<min>\bmindestens|\bmind\.|\bwenigstens|\bmehr\s+als)   # not "über": "Angebot über 18.400 €"
    | (?P<filler>\binsgesamt|\bzusammen|\bderzeit|\baktuell|\bz\.\s?Zt\.|\bjeweils|\bjedoch|\baber|\bnur
                 |\bvon|\bmit|\bauf|\bum|\bje|€|EUR)
    )\s*$""",
    regex.VERBOSE | regex.IGNORECASE,
)
QUALIFIER_STEPS = 5
QUALIFIER_LOOKBACK = 30

# After the sum: "57.000 € p.a.", "€/Jahr", "pro Monat", "einmalig", "55.000,00 Euro pro Stelle".
PERIOD_AFTER = regex.compile(
    r"""[ \t]*(?:/[ \t]*)?(?:
      (?P<year>p\.[ ]?a\.|pro\s+Jahr|per\s+annum|jährlich|im\s+Jahr\b(?!\s*\d)|(?<=/[ \t]*)Jahr\b)
    | (?P<month>pro\s+Monat|monatlich|im\s+Monat\b|(?<=/[ \t]*)Monat\b)
    | (?P<once>einmalig)
    | (?:pro|je|à)\s+(?P<unit>[\p{L}-]+)
    )""",
    regex.VERBOSE | regex.IGNORECASE,
)
# Before it, in the clause: "Das Land fördert jährlich mit ...", "einmalige Sachkosten von ...".
PERIOD_BEFORE = regex.compile(
    r"(?P<year>jährlich\w*|pro\s+Jahr|p\.\s?a\.)|(?P<month>monatlich\w*|pro\s+Monat)|(?P<once>einmalig\w*)",
    regex.IGNORECASE,
)
# "Die Förderung beträgt pro Stelle 57.000 €", Siegburg "18 VZÄ a´57.000,-- €".
UNIT_BEFORE = regex.compile(
    r"(?:(?:pro|je)\s+(?P<unit>[\p{L}-]+)|(?P<unit2>[\p{L}-]+)\s+(?:à|á|a´|a`))[ \t]*$", regex.IGNORECASE
)
PERIOD_WORDS = {"jahr": "year", "monat": "month"}
PERIOD_LOOKBACK = 80
UNIT_LOOKBACK = 40
GLUED_PERIOD = regex.compile(r"/(?:Jahr|Monat)\b")  # quoted with the sum: "rund 30.000 €/Jahr"


# --------------------------------------------------------------------------------------------
# Extraction
# --------------------------------------------------------------------------------------------


@dataclass
class _Sum:
    """A number found in the text, with what surrounds it, before it becomes an Amount."""

    start: int
    end: int
    value: Decimal
    kind: str  # money | bare (a money-formatted number alone) | scaled ("25 Millionen")
    negative: bool = False
    range_end: Optional[Decimal] = None
    role: Optional[str] = None  # set by the table rules
    in_table: bool = False


@dataclass
class _Paper:
    """What the extractor reads from one text, with caches that live for one call only."""

    text: str
    sections: Sequence[Section] = ()
    sum_starts: list[int] = field(default_factory=list)
    sum_ends: list[int] = field(default_factory=list)
    _cues: dict[Span, list[_Cue]] = field(default_factory=dict)
    _break_starts: Optional[list[int]] = None  # sentence breaks, found on first use
    _break_ends: list[int] = field(default_factory=list)

    def cues(self, start: int, end: int) -> list[_Cue]:
        """Every cue in ``text[start:end]``, in reading order; phrases hide the words inside."""
        key = (start, end)
        if key in self._cues:
            return self._cues[key]
        found = [_Cue(m.start(), m.end(), *CUE_KINDS[int(m.lastgroup[1:])])
                 for m in PHRASE_CUES.finditer(self.text, start, end)]
        phrases = list(found)
        for m in WORD.finditer(self.text, start, end):
            priority = _stem_priority(m.group().lower())
            if priority is not None and not any(p.start < m.end() and m.start() < p.end for p in phrases):
                found.append(_Cue(m.start(), m.end(), *CUE_KINDS[priority]))
        found.sort(key=lambda cue: cue.start)
        self._cues[key] = found
        return found

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
        clause_start, clause_end = sentence
        for m in CLAUSE_BREAK.finditer(self.text, sentence[0], start):
            clause_start = m.end()
        m = CLAUSE_BREAK.search(self.text, end, sentence[1])
        return clause_start, (m.start() if m else clause_end)


@functools.lru_cache(maxsize=1 << 16)
def _stem_priority(word: str) -> Optional[int]:
    """The priority of the best stem inside a lower-cased word (None: the word is no cue).
    A pure function of the word, memoised: papers share their vocabulary."""
    hits = [int(m.lastgroup[1:]) for m in STEM_CUES.finditer(word)]
    return min(hits) if hits else None


def extract(text: str, sections: Sequence[Section] = ()) -> list[Amount]:
    """Every sum of money in ``text`` (a normalised paper text), in reading order."""
    if not isinstance(text, str) or not text:
        return []
    try:
        return _extract(_Paper(text, tuple(sections or ())))
    except (RecursionError, MemoryError, ArithmeticError, ValueError, TypeError, IndexError):
        return []  # a pure function over hostile input: better no sums than a crashed ingest


def _extract(paper: _Paper) -> list[Amount]:
    text = paper.text
    table_sums, claimed = _unit_table_sums(paper)
    sums = [s for s in _candidates(text) if not any(a < s.end and s.start < b for a, b in claimed)]
    sums = _accept(paper, _join_ranges(text, sums)) + table_sums
    sums.sort(key=lambda s: s.start)
    paper.sum_starts = [s.start for s in sums]
    paper.sum_ends = [s.end for s in sums]
    _roles_from_header_rows(paper, sums)
    return [_to_amount(paper, s) for s in sums]


def _candidates(text: str) -> Iterator[_Sum]:
    """Every number that might be money: with a currency, bare but money-formatted, or scaled."""
    for m in CANDIDATE.finditer(text):
        scale = m["scale"].strip() if m["scale"] else None
        has_currency = bool(m["pre_currency"] or m["currency"])
        if scale:
            multiplier = scale_multiplier(scale)
            if multiplier is None:
                continue
            has_currency = has_currency or bool(SCALE_WITH_CURRENCY.search(scale))
            if not has_currency and (multiplier < 1000000 or not SCALE_THEN_NO_NOUN.match(text, m.end())):
                continue  # "3 Tsd. Einwohner", "2 Millionen Menschen"
            kind = "money" if has_currency else "scaled"
        elif has_currency:
            kind, multiplier = "money", Decimal(1)
        elif m["dash_cents"] or MONEY_FORMAT.fullmatch(m["number"]):
            kind, multiplier = "bare", Decimal(1)
        else:
            continue  # a count, a year, an account number
        value = parse_number(m["number"])
        if value is None:
            continue
        value *= multiplier
        negative = bool(m["sign"])
        yield _Sum(m.start(), m.end(), -value if negative else value, kind, negative)


def _join_ranges(text: str, sums: list[_Sum]) -> list[_Sum]:
    """"10.000 bis 15.000 €" is one sum from 10.000 to 15.000. A start printed without its unit
    takes the end's scale: "1 bis 2 Mio. €" runs from 1 to 2 million."""
    out: list[_Sum] = []
    for s in sums:
        if s.kind != "money":
            out.append(s)
            continue
        previous = out[-1] if out else None
        if previous is not None and previous.range_end is None and _range_gap(text, previous, s):
            start_value = previous.value if previous.kind != "bare" else _in_scale_of(text, s, previous.value)
            if start_value is not None and start_value <= s.value:
                out[-1] = _Sum(previous.start, s.end, start_value, "money", previous.negative, range_end=s.value)
                continue
        m = PLAIN_RANGE_START.search(text, max(0, s.start - RANGE_LOOKBACK), s.start)
        if m and not YEAR.fullmatch(m["number"]):  # "1 bis 2 Mio. €", not "2025 - 30.000 €"
            start_value = parse_number(m["number"])
            if start_value is not None and not m["currency"]:
                start_value = _in_scale_of(text, s, start_value)
            if start_value is not None and start_value <= s.value <= start_value * RANGE_RATIO_MAX:
                out.append(_Sum(m.start(), s.end, start_value, "money", range_end=s.value))
                continue
        out.append(s)
    return out


def _range_gap(text: str, first: _Sum, second: _Sum) -> bool:
    if RANGE_JOIN.fullmatch(text, first.end, second.start):
        return True
    return bool(RANGE_AND.fullmatch(text, first.end, second.start)
                and RANGE_BETWEEN.search(text, max(0, first.start - 12), first.start))


def _in_scale_of(text: str, end: _Sum, value: Decimal) -> Optional[Decimal]:
    """``value`` read in the scale word of the range's end, if it has one."""
    m = CANDIDATE.match(text, end.start)
    if not m or not m["scale"]:
        return value
    multiplier = scale_multiplier(m["scale"].strip())
    return value * multiplier if multiplier else None


def _accept(paper: _Paper, sums: list[_Sum]) -> list[_Sum]:
    """Keep money; keep bare numbers the paper makes money; keep "25 Millionen" about money."""
    text = paper.text
    accepted = [s.kind == "money" for s in sums]
    for _ in range(3):  # bare numbers chain: "(SK 414100 78.100,00) (SK 414101 547.500,00)"
        changed = False
        for i, s in enumerate(sums):
            if not accepted[i] and s.kind == "bare" and (
                    _next_to_money(text, sums, accepted, i) or _after_money_label(paper, s)):
                accepted[i] = changed = True
        if not changed:
            break
    for i, s in enumerate(sums):
        if s.kind == "scaled" and paper.roles(*paper.sentence(s.start, s.end)):
            accepted[i] = True
    kept = [s for s, ok in zip(sums, accepted) if ok]
    for s in kept:
        s.kind = "money"
    return kept


def _next_to_money(text: str, sums: list[_Sum], accepted: list[bool], i: int) -> bool:
    for j in (i - 1, i + 1):
        if 0 <= j < len(sums) and accepted[j]:
            left, right = (sums[j], sums[i]) if j < i else (sums[i], sums[j])
            if right.start - left.end <= BARE_GAP_MAX and BARE_GAP.fullmatch(text, left.end, right.start):
                return True
    return False


def _after_money_label(paper: _Paper, s: _Sum) -> bool:
    """"Fördersumme: 45.000,00": a bare number that fills a field whose label names money."""
    line_start = paper.text.rfind("\n", 0, s.start) + 1
    m = FIELD_LABEL.fullmatch(paper.text, line_start, s.start)
    return bool(m and FIELD_VALUE_END.match(paper.text, s.end) and paper.roles(m.start("label"), m.end("label")))


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def _line_at(text: str, pos: int) -> Span:
    end = text.find("\n", pos)
    return text.rfind("\n", 0, pos) + 1, (len(text) if end < 0 else end)


def _lines_below(text: str, pos: int) -> Iterator[Span]:
    """The lines from the one holding ``pos`` on."""
    start = text.rfind("\n", 0, pos) + 1
    while start <= len(text):
        _, end = _line_at(text, start)
        yield start, end
        start = end + 1


def _lines_above(text: str, line_start: int) -> Iterator[Span]:
    """The lines above the line starting at ``line_start``, nearest first."""
    end = line_start - 1
    while end >= 0:
        start = text.rfind("\n", 0, end) + 1
        yield start, end
        end = start - 1


def _cells(text: str, start: int, end: int) -> list[Span]:
    """The tab-separated cells of a line."""
    cells, pos = [], start
    while (tab := text.find("\t", pos, end)) >= 0:
        cells.append((pos, tab))
        pos = tab + 1
    cells.append((pos, end))
    return cells


def _unit_table_sums(paper: _Paper) -> tuple[list[_Sum], list[Span]]:
    """Numbers in tab tables whose header gives the unit ("Kosten in €", "(Angaben in T€)").

    Returns the sums and the spans the tables claim, header rows included (a header cell
    "2025 T€" is a column title, not a sum). Role: the column header when the header names roles,
    else the row label, else the title line."""
    text = paper.text
    sums: list[_Sum] = []
    claimed: list[Span] = []
    seen_headers: set[int] = set()
    for m in UNIT_HEADER.finditer(text):
        header = _table_header(text, m.start())
        if header is None or header[0][0] in seen_headers:
            continue
        (header_start, header_end), title, title_unit = header
        seen_headers.add(header_start)
        claimed.append((header_start, header_end))
        header_cells = _cells(text, header_start, header_end)
        units = [_unit_in(text, *cell) or title_unit for cell in header_cells]
        if not title_unit and units[0] and not any(units[1:]):
            units = [units[0]] * len(units)  # "in T€ | 2025 | 2026": the corner names the unit
        column_roles = [paper.first_role(*cell) for cell in header_cells]
        by_column = any(column_roles[1:])
        title_role = paper.first_role(*title) if title else None
        for row_start, row_end in _lines_below(text, header_end + 1):
            if "\t" not in text[row_start:row_end]:
                break
            claimed.append((row_start, row_end))
            cells = _cells(text, row_start, row_end)
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
    line = _line_at(text, pos)
    if "\t" in text[line[0]:line[1]]:
        return line, None, None
    unit = _unit_in(text, *line)
    for count, (start, end) in enumerate(_lines_below(text, line[1] + 1)):
        if count > 2 or start >= len(text):
            return None
        if "\t" in text[start:end]:
            return (start, end), line, unit
        if text[start:end].strip() and count >= 1:
            return None
    return None


def _unit_in(text: str, start: int, end: int) -> Optional[str]:
    m = UNIT_HEADER.search(text, start, end)
    return m["unit"] if m else None


def _cell_sum(text: str, start: int, end: int, unit: Optional[str]) -> Optional[_Sum]:
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
    return _Sum(begin, begin + len(stripped), value, "money", negative, in_table=True)


def _roles_from_header_rows(paper: _Paper, sums: list[_Sum]) -> None:
    """Roles that a header gives to a row of sums.

    In a tab table, a sum takes the role its column header names. A line holding only sums
    takes the roles, in order, that the short header lines right above it name (Leverkusen:
    "Gesamtkosten Personal Gesamtfördersumme / Land (Personal) / Mehrkosten Stadt Leverkusen"
    over "913.257,24 Euro 576.600,00 Euro 336.657,24 Euro")."""
    text = paper.text
    rows: dict[Span, list[_Sum]] = {}
    for s in sums:
        if not s.in_table:
            rows.setdefault(_line_at(text, s.start), []).append(s)
    for (line_start, line_end), row in rows.items():
        if "\t" in text[line_start:line_end]:
            _roles_from_tab_header(paper, (line_start, line_end), row)
            continue
        if len(row) < 2 or row[-1].end > line_end:
            continue
        between = [text[a.end:b.start] for a, b in zip(row, row[1:])]
        outside = text[line_start:row[0].start] + text[row[-1].end:line_end]
        if "".join(between + [outside]).strip():
            continue
        roles = _header_lines_roles(paper, line_start)
        if len(roles) == len(row):
            for s, role in zip(row, roles):
                s.role = role


def _header_lines_roles(paper: _Paper, line_start: int) -> list[str]:
    """Roles named, in reading order, by the short header lines right above a row of sums."""
    text = paper.text
    roles: list[str] = []
    seen = 0
    for start, end in _lines_above(text, line_start):
        line = text[start:end].strip()
        if not line:
            continue
        seen += 1
        if seen > HEADER_LINES_MAX or len(line) > 70 or line[-1] in ".:;" or SUM_IN_LINE.search(line):
            break
        roles = paper.roles(start, end) + roles
    return roles


def _roles_from_tab_header(paper: _Paper, line: Span, row: list[_Sum]) -> None:
    """Sums in a tab row take the role of their column when the header row names roles."""
    text = paper.text
    header = None
    for start, end in _lines_above(text, line[0]):
        if "\t" not in text[start:end]:
            break
        header = (start, end)
    if header is None:
        return
    column_roles = [paper.first_role(*cell) for cell in _cells(text, *header)]
    if not any(column_roles[1:]):
        return
    for col, (a, b) in enumerate(_cells(text, *line)[:len(column_roles)]):
        for s in row:
            if a <= s.start <= b and column_roles[col]:
                s.role = column_roles[col]


# --------------------------------------------------------------------------------------------
# Roles from the text around a sum
# --------------------------------------------------------------------------------------------


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


def _role(paper: _Paper, s: _Sum, sentence: Span, clause: Span) -> str:
    """The role of a sum, from its surroundings, in the order a reader weighs them."""
    if s.role:
        return s.role
    if _is_cut(paper.text, s, clause):
        return "savings"
    cues = [c for c in paper.cues(*sentence) if c.role and (c.end <= s.start or c.start >= s.end)]
    in_clause = [c for c in cues if clause[0] <= c.start and c.end <= clause[1]]
    decisive = [c for c in in_clause if c.decisive and not _sum_between(paper, s, c)]
    if decisive:
        return min(decisive, key=lambda c: _distance(s, c)).role
    heading = _block_heading_role(paper, sentence[0], decisive_only=True)
    if heading:
        return heading
    for pool in (in_clause, cues):
        before = [c for c in pool if c.end <= s.start and not _attached_to_other(paper, s, c)]
        if before:
            return before[-1].role
        after = [c for c in pool if c.start >= s.end and not _sum_between(paper, s, c)]
        if after:
            return after[0].role
    heading = _block_heading_role(paper, sentence[0], decisive_only=False) or _section_role(paper, s)
    if heading:
        return heading
    return "savings" if s.negative else "other"


def _is_cut(text: str, s: _Sum, clause: Span) -> bool:
    left = max(clause[0], s.start - CUT_LOOKBACK)
    if CUT_BEFORE.search(text, left, s.start):
        return True
    return bool(UM_BEFORE.search(text, left, s.start) and CUT_AFTER.match(text, s.end, clause[1]))


def _distance(s: _Sum, cue: _Cue) -> int:
    return s.start - cue.end if cue.end <= s.start else cue.start - s.end


def _sum_between(paper: _Paper, s: _Sum, cue: _Cue) -> bool:
    """Another sum stands between the cue and this sum (the cue belongs to that one)."""
    low, high = (cue.end, s.start) if cue.end <= s.start else (s.end, cue.start)
    i = bisect.bisect_left(paper.sum_starts, low)
    return i < len(paper.sum_starts) and paper.sum_starts[i] < high


def _attached_to_other(paper: _Paper, s: _Sum, cue: _Cue) -> bool:
    """A cue right after another sum names that sum: in "29.100 Euro Sachausgaben für Personal
    und 49.000 Euro ..." the second sum is not Sachausgaben, the first one is."""
    i = bisect.bisect_right(paper.sum_ends, cue.start) - 1
    if i < 0 or paper.sum_starts[i] == s.start:
        return False
    return bool(ATTACHED_GAP.fullmatch(paper.text, paper.sum_ends[i], cue.start))


def _block_heading_role(paper: _Paper, sentence_start: int, decisive_only: bool) -> Optional[str]:
    """The role named by the heading of the form block or list a field belongs to: Leverkusen
    "Einsparungen ab Haushaltsjahr: 2025⏎Personal-/Sachaufwand: 309.895,80 €" → savings."""
    text = paper.text
    line = _line_at(text, sentence_start)
    if not BULLET_OR_FIELD.match(text, *line):
        return None
    seen = 0
    for start, end in _lines_above(text, line[0]):
        if not text[start:end].strip():
            continue
        seen += 1
        if seen > HEADING_LOOKBACK:
            return None
        if BLOCK_HEADING.fullmatch(text, start, end):
            for cue in paper.cues(start, end):
                if cue.role and (cue.decisive or not decisive_only):
                    return cue.role
            return None
        if not BULLET_OR_FIELD.match(text, start, end):
            return None
    return None


def _section_role(paper: _Paper, s: _Sum) -> Optional[str]:
    """Last resort: the heading of the section holding the sum, when sections are known."""
    for section in paper.sections:
        if section.start <= s.start < section.end and section.heading:
            heading_end = section.start + len(section.heading)
            if paper.text[section.start:heading_end] == section.heading:
                return paper.first_role(section.start, heading_end)
    return None


# --------------------------------------------------------------------------------------------
# Details, and the fact itself
# --------------------------------------------------------------------------------------------


def _qualifier(text: str, s: _Sum) -> tuple[Optional[str], int]:
    """The qualifier nearest before the sum and where the quote starts (the qualifier is quoted
    when it stands on the sum's line: "ca. 30 T€")."""
    pos = s.start
    line_start = text.rfind("\n", 0, s.start) + 1
    for _ in range(QUALIFIER_STEPS):
        m = QUALIFIER_BEFORE.search(text, max(0, pos - QUALIFIER_LOOKBACK), pos)
        if not m:
            break
        for name in ("approx", "max", "min"):
            if m[name]:
                return name, (m.start(name) if m.start(name) >= line_start else s.start)
        pos = m.start()
    return None, s.start


def _period_and_unit(paper: _Paper, s: _Sum, clause: Span) -> tuple[Optional[str], Optional[str], int]:
    """Period (year, month, once), unit ("Stelle" for "pro Stelle") and where the quote ends (a
    glued "/Jahr" belongs to it). Words before the sum count up to the previous sum."""
    text = paper.text
    period = unit = None
    end = pos = s.end
    for _ in range(2):  # "57.000 € pro Stelle pro Jahr"
        m = PERIOD_AFTER.match(text, pos, clause[1])
        if not m:
            break
        if m["unit"]:
            word = m["unit"].lower()
            if word in PERIOD_WORDS:
                period = period or PERIOD_WORDS[word]
            else:
                unit = unit or m["unit"]
        else:
            period = period or next(name for name in ("year", "month", "once") if m[name])
        if GLUED_PERIOD.match(text, pos):
            end = m.end()
        pos = m.end()
    previous = bisect.bisect_left(paper.sum_starts, s.start) - 1
    left = max(clause[0], s.start - PERIOD_LOOKBACK, paper.sum_ends[previous] if previous >= 0 else 0)
    if period is None:
        for m in PERIOD_BEFORE.finditer(text, left, s.start):
            period = next(name for name in ("year", "month", "once") if m[name])
    if unit is None:
        m = UNIT_BEFORE.search(text, max(left, s.start - UNIT_LOOKBACK), s.start)
        if m:
            word = m["unit"] or m["unit2"]
            if word.lower() not in PERIOD_WORDS:
                unit = word
            elif period is None:
                period = PERIOD_WORDS[word.lower()]
    return period, unit, end


def _to_amount(paper: _Paper, s: _Sum) -> Amount:
    text = paper.text
    sentence = paper.sentence(s.start, s.end)
    clause = paper.clause(sentence, s.start, s.end)
    qualifier, start = _qualifier(text, s)
    period, unit, end = _period_and_unit(paper, s, clause)
    try:
        value = s.value.quantize(CENT)
        range_end = s.range_end.quantize(CENT) if s.range_end is not None else None
    except InvalidOperation:  # more digits than a Decimal context holds: keep them as printed
        value, range_end = s.value, s.range_end
    return Amount(start=start, end=end, text=text[start:end], value=value, currency="EUR",
                  role=_role(paper, s, sentence, clause), qualifier=qualifier, period=period,
                  per_unit=unit, range_end=range_end)
