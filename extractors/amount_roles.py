"""The role of a sum in the measure: cost, funding, own share, revenue, savings, refund or other.

A reader decides what a sum is from the words around it. This module holds those words, one
lexicon of role cues with the real-world shapes behind each (:data:`NOT_CUES`,
:data:`DECISIVE_CUES`, :data:`ROLE_CUES`), and :func:`role_of`, which weighs them in the order a
person does: a cut ("Kürzung ... um 25.000 €"); a decisive cue in the same clause; the heading of
a form block; the nearest cue before the sum in its clause, then after it, then the same in the
sentence; last the block or section heading. Roles from table headers are
:mod:`extractors.money_tables`' job.
"""
from __future__ import annotations

import bisect
import functools
import re
from typing import TYPE_CHECKING, NamedTuple, Optional

import regex

from extractors.lines import Span, line_at, lines_above

if TYPE_CHECKING:
    from extractors.amount_text import Paper, Sum

# --------------------------------------------------------------------------------------------
# Role cues: one lexicon, role → patterns, case-insensitive. Two kinds of pattern:
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
    r"(?:%|Prozent|Drittel|Viertel|Hälfte|Fünftel|Zehntel)\s+(?:der|des|an\s+den)\s+(?:\w+\s+)?\w*(?:kosten|ausgaben|aufwendungen)\b",  # "50 % an den Kosten", "zwei Drittel der förderfähigen Kosten"
    r"kostenstelle|kostenträger|kostenneutral|kostendeckend|sachkonto",
    r"wirtschaftsförderung",  # an office, not a grant
    # the state's programme a grant comes from: "Zuwendung aus dem Investitionsprogramm Ganztagsausbau",
    # "Bundesmittel Investitionsprogramm Ganztagsausbau (70 %): EUR 1.970.150,00"
    r"investitionsprogramm\w*",
    # what is subtracted names no role: "Belastung (Folgekosten abzüglich Folgeerträge und Folgeeinsparungen)"
    r"(?:abzüglich|abzgl\.|ohne)\s+(?:der\s+|die\s+)?\w*(?:ertr[aä]g|einsparung|erlös|einnahme|förder|zuschu)\w*"
    r"(?:\s+(?:und|sowie|bzw\.)\s+\w+)?",
)

# Cues that decide the role for the whole clause, wherever in it they stand.
DECISIVE_CUES: dict[str, tuple[str, ...]] = {
    "refund": (
        # Siegburg: "456.000,-- € an Fördergelder an das Land erstattet"
        r"erstattet|zurückgezahlt|zurückzuzahlen|zurückzahl|rückzahlung|rückerstattung|rückführung"
        r"|zurückgeführt|zurückzugeben|zurückgegeben",  # not "ist auf … zurückzuführen" (is due to)
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
        r"(?:städtisch|kommunal)\w*\s+(?:Anteil|Mittel|Haushaltsmittel|Zuschuss|Mehrkosten|Eigenanteil)\w*",
        # "Die Mehrkosten von rund 185.000 € trägt die Stadt vollständig."
        r"trägt\s+die\s+(?:Stadt|Gemeinde|Ortsgemeinde|Verbandsgemeinde|Samtgemeinde|Kommune)\b"
        r"|die\s+(?:Stadt|Gemeinde|Ortsgemeinde|Kommune)\s+trägt\b|trägt\s+der\s+Markt\b",
        r"Anteil\s+der\s+(?:Stadt|Gemeinde|Kommune)\b",
        # "muss die Stadt den Mehrbetrag von 185.000 € vollständig selbst tragen", "aus eigenen Mitteln"
        r"selbst\s+(?:zu\s+)?tragen|selbst\s+getragen|aus\s+eigenen\s+Mitteln",
        r"(?:aus|durch)\s+(?:dem\s+|den\s+)?(?:städtischen|kommunalen)\s+Haushalt\w*",
    ),
    # The council resolves to grant money to others: "dem Verein einen Zuschuss in Höhe von bis zu
    # 12.500 € zu gewähren" is what the town pays, though "Zuschuss" names a grant.
    "cost": (
        r"zu\s+gewähren|zu\s+bewilligen",
    ),
    # Another body bears the cost: "Die Personal- und Sachkosten von etwa 36.000 Euro trägt der Landkreis"
    # (in the district's own paper: its own share, see Paper.cues).
    "funding": (
        r"trägt\s+der\s+(?:Land)?[Kk]reis\b",
    ),
    "savings": (
        # Leverkusen form: "Einsparungen ab Haushaltsjahr: 2025"
        r"einspar|einzusparen|eingespart|ersparnis|minderaufwend|minderaufwand|minderausgabe"
        r"|minderauszahlung",
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
        # the state or the federation as the giver: "Der Freistaat hat … Soforthilfen von bis zu 5.000 €",
        # "Das Land NRW stellt … 800.000 € in Aussicht", "Der Bund hatte die Personalkosten … bezuschusst"
        r"(?:das|der)\s+(?:Land|Bund|Freistaat)(?:\s+[A-ZÄÖÜ][\w-]*)?\s+(?:hat|hatte|stellt|stellte|stelle|gewährt"
        r"|zahlt|fördert|förderte|bezuschusst|übernimmt|beteiligt|bewilligt|bewilligte|gibt)\b",
        # Hückeswagen: "Es stehen lt. dem KI des OBK aktuell 57.000 € p.a. ... zur Verfügung"
        r"zur\s+Verfügung",
        r"(?:Mittel|Anteil|Beitrag)\s+des\s+(?:Landes|Bundes|Kreises|Landkreises)",
        # a town's paper: the district's share is a grant (a district's paper: its own, see Paper.cues)
        r"kreisanteil",
        # "Der Kreis beteiligt sich mit 50 % an den Kosten, höchstens mit 40.000 €"; not the town
        # itself ("Die Gemeinde beteiligt sich an dem Fehlbetrag": that is what it pays)
        # "Das Land Hessen beteiligt sich ... mit EUR 4.200.000,00"
        r"(?:das|der|die)\s+(?:Land|Bund|Kreis|Landkreis|Region|Träger)\w*(?:\s+[\w-]+)?\s+beteilig(?:t|en)\s+sich",
        # Förderung, Fördermittel, Förderhöhe, Fördersumme, gefördert, förderte, Landesförderung
        r"förder",
        r"zuschuss|zuschüsse|bezuschusst|zuwendung|zuweisung|kofinanzierung|finanzhilfe",
        # the state's funds for towns' investments (Hessen, Baden-Württemberg): grants, though
        # "Investition" names a cost
        r"investitionsstock|ausgleichs?stock",
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
        r"(?<![^\Ws])erlös|mehrerlös|nettoerlös|(?:geld|ticket|eintritts|miet|pacht)erlös",  # "Fahrgelderlöse"
    ),
    "own_share": (
        # Siegburg: "die Einnahmen und Ausgaben im Haushalt (rund 30.000 €/Jahr)"
        r"(?:im|in\s+den|aus\s+dem|in\s+dem)\s+(?:städtischen\s+|kommunalen\s+)?Haushalt\b",
        r"haushaltsmittel|kommunalhaushalt",
        # Mannheim's form: "Einmalige Belastung Ergebnishaushalt 315.000 €" (the town's budget bears it)
        r"belastung",
        # "Der Gemeindeanteil beträgt 146.194 EUR"
        r"gemeindeanteil|stadtanteil|marktanteil|Anteil\s+des\s+Marktes",
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
        r"gebührenfähig\w*\s+(?:\w+)?kosten\w*",  # a fee's calculation: "Gebührenfähige Kosten 1.500"
        # Aufwendungen, Folgeaufwendungen, Personal-/Sachaufwand, Gesamtkosten, Personalkosten
        r"aufwend|aufwand|aufgewendet|aufgewandt|aufzuwenden",
        r"kosten|kostet|auszahlung|ausgezahlt|auszuzahlen|ausgaben?(?!\w)|ausgegeben|verausgabt",  # "kostet 45.000,- €"
        r"investition|kaufpreis|honorar|vergütung|auftragssumme|auftragswert|budget",
        # a bid: "liegt ein Angebot der Druckerei über 18.400 € vor" (not "Beratungsangebot")
        r"(?<!\w)angebot(?:s|es)?(?!\w)|angebotssumme|angebotspreis",
        r"finanzbedarf|mittelbedarf|arbeitgeberbrutto",
        # pay scales name what a post costs: "nach der Entgeltgruppe S 12 zwischen 62.000 und ..."
        r"entgelt(?:gruppe|stufe|tabelle|fortzahlung)|besoldungsgruppe",
    ),
}

# --------------------------------------------------------------------------------------------
# Finding the cues in a text
# --------------------------------------------------------------------------------------------


class Cue(NamedTuple):
    """A cue found in the text: its span, the role it names and whether it decides the clause."""

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


@functools.lru_cache(maxsize=1 << 16)
def _stem_priority(word: str) -> Optional[int]:
    """The priority of the best stem inside a lower-cased word (None: the word is no cue).
    A pure function of the word, memoised: papers share their vocabulary."""
    hits = [int(m.lastgroup[1:]) for m in STEM_CUES.finditer(word)]
    return min(hits) if hits else None


def find_cues(text: str, start: int, end: int) -> list[Cue]:
    """Every cue in ``text[start:end]``, in reading order; phrases hide the words inside."""
    found = [Cue(m.start(), m.end(), *CUE_KINDS[int(m.lastgroup[1:])])
             for m in PHRASE_CUES.finditer(text, start, end)]
    phrases = list(found)
    for m in WORD.finditer(text, start, end):
        priority = _stem_priority(m.group().lower())
        if priority is not None and not any(p.start < m.end() and m.start() < p.end for p in phrases):
            found.append(Cue(m.start(), m.end(), *CUE_KINDS[priority]))
    found.sort(key=lambda cue: cue.start)
    return found


# --------------------------------------------------------------------------------------------
# Cuts, and cues that belong to another sum
# --------------------------------------------------------------------------------------------

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
# ... unless the cue opens a line as the label of a field: "Gesamtkosten: 450.000 €⏎Fördermittel:
# 300.000 €" (the label, a colon or blanks, the field's sum on the same line).
# Between a cue and the sum it names: "Mehrausgabe von ", "Kosten in Höhe von rund ".
NAMED_BEFORE = regex.compile(r"[ \t]*(?:von|über|in[ \t]+Höhe[ \t]+von|:)?[ \t]*(?:(?:ca|rd)\.|rund|etwa|bis[ \t]+zu)?[ \t]*")
FIELD_LABEL_REST = regex.compile(
    r"(?:[^\n,;.:]|\.(?![ \t]+\p{Lu})){0,60}?:?[ \t]*"
    r"(?:(?:ca|rd|max|mind)\.|rund|etwa|circa|bis[ \t]+zu|maximal|mindestens|höchstens)?[ \t]*"
)

# --------------------------------------------------------------------------------------------
# Form blocks: fields and bullets under a heading line
# --------------------------------------------------------------------------------------------

# The heading line above a form block or a list: "Einsparungen ab Haushaltsjahr: 2025",
# "Jährliche Folgeaufwendungen ab Haushaltsjahr:", "Einsparungen:".
BLOCK_HEADING = regex.compile(
    r"[^\n]{3,90}:[ \t]*(?:(?:19|20)\d\d)?[ \t]*"
    r"|[\p{Lu}][^\n.:;,\d€]{2,38}"  # a short title line over its fields: "Gesamtkosten (netto)⏎einmalig: 450.000 €"
)
BULLET_OR_FIELD = regex.compile(r"[ \t]*(?:[-•*–][ \t]|\d{1,2}[.)][ \t]|[^\n:]{2,60}:[ \t])")
# Between a change and the new total: "um 185.000,00 EUR auf insgesamt 465.000,00 EUR".
CHANGE_THEN_TOTAL = regex.compile(r"[ \t\n]*auf[ \t\n]+(?:(?:insgesamt|nunmehr|dann|rund|ca\.|rd\.)[ \t\n]+)*")
# A table's row under the block's heading: "3,0 Stellen EG 9c TVöD   je 82.100 €   246.300 €".
ROW_ENDING_IN_SUM = regex.compile(r"[^\n:]*\d[ \t]*(?:€|EUR|Euro)[ \t]*")
HEADING_LOOKBACK = 6  # lines

# --------------------------------------------------------------------------------------------
# Deciding the role
# --------------------------------------------------------------------------------------------


def role_of(paper: Paper, s: Sum, sentence: Span, clause: Span) -> str:
    """The role of a sum, from its surroundings, in the order a reader weighs them."""
    if s.role:
        return s.role
    if _is_cut(paper.text, s, clause):
        return "savings"
    cues = [c for c in paper.cues(*sentence) if c.role and (c.end <= s.start or c.start >= s.end)]
    in_clause = [c for c in cues if clause[0] <= c.start and c.end <= clause[1]]
    decisive = [c for c in in_clause if c.decisive and not _sum_between(paper, s, c)
                and not _labels_other_line(paper, s, c)
                and not (c.role == "savings" and c.start >= s.end and _named_right_before(paper, s, in_clause))]
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
        return "savings" if s.negative and heading == "cost" else heading  # "Wegfall … -110.250 €"
    return "savings" if s.negative else "other"


def _is_cut(text: str, s: Sum, clause: Span) -> bool:
    left = max(clause[0], s.start - CUT_LOOKBACK)
    if CUT_BEFORE.search(text, left, s.start):
        return True
    return bool(UM_BEFORE.search(text, left, s.start) and CUT_AFTER.match(text, s.end, clause[1]))


def _distance(s: Sum, cue: Cue) -> int:
    return s.start - cue.end if cue.end <= s.start else cue.start - s.end


def _sum_between(paper: Paper, s: Sum, cue: Cue) -> bool:
    """Another sum stands between the cue and this sum (the cue belongs to that one), unless that
    sum is the change this one totals: "Aufstockung des Eigenanteils um 185.000 € auf 465.000 €"."""
    low, high = (cue.end, s.start) if cue.end <= s.start else (s.end, cue.start)
    i = bisect.bisect_left(paper.sum_starts, low)
    if not (i < len(paper.sum_starts) and paper.sum_starts[i] < high):
        return False
    j = bisect.bisect_left(paper.sum_starts, high) - 1  # the last sum before this one
    return not (cue.end <= s.start and i == j and CHANGE_THEN_TOTAL.fullmatch(paper.text, paper.sum_ends[j], s.start))


def _attached_to_other(paper: Paper, s: Sum, cue: Cue) -> bool:
    """A cue right after another sum names that sum: in "29.100 Euro Sachausgaben für Personal
    und 49.000 Euro ..." the second sum is not Sachausgaben, the first one is."""
    i = bisect.bisect_right(paper.sum_ends, cue.start) - 1
    if i < 0 or paper.sum_starts[i] == s.start:
        return False
    text = paper.text
    if not ATTACHED_GAP.fullmatch(text, paper.sum_ends[i], cue.start):
        return False
    return not ("\n" in text[paper.sum_ends[i]:cue.start] and _labels_field(paper, cue))


def _labels_other_line(paper: Paper, s: Sum, cue: Cue) -> bool:
    """The cue labels a field on another line: "Zuschuss des Landkreises 5.000,00 €⏎Eigenanteil der
    Ortsgemeinde 53.435,20 €" (the second line's label says nothing of the first line's sum)."""
    low, high = (cue.end, s.start) if cue.end <= s.start else (s.end, cue.start)
    return "\n" in paper.text[low:high] and _labels_field(paper, cue)


def _named_right_before(paper: Paper, s: Sum, cues: list[Cue]) -> bool:
    """A cue names the sum right before it ("Die Mehrausgabe von 8.435,20 €"): a decisive cue later in
    the clause ("… kann durch Minderausgaben gedeckt werden") speaks of other money."""
    before = [c for c in cues if c.end <= s.start and c.role]
    return bool(before) and NAMED_BEFORE.fullmatch(paper.text, before[-1].end, s.start) is not None


def _labels_field(paper: Paper, cue: Cue) -> bool:
    """The cue is the label of a field whose sum follows on the same line ("Fördermittel: 300.000 €")."""
    j = bisect.bisect_left(paper.sum_starts, cue.end)
    if j == len(paper.sum_starts):
        return False
    rest = FIELD_LABEL_REST.fullmatch(paper.text, cue.end, paper.sum_starts[j])
    return bool(rest) and not regex.search(r"\b(?:und|sowie|oder|bzw)\b", rest.group())


def _block_heading_role(paper: Paper, sentence_start: int, decisive_only: bool) -> Optional[str]:
    """The role named by the heading of the form block or list a field belongs to: Leverkusen
    "Einsparungen ab Haushaltsjahr: 2025⏎Personal-/Sachaufwand: 309.895,80 €" → savings."""
    text = paper.text
    line = line_at(text, sentence_start)
    if not (BULLET_OR_FIELD.match(text, *line) or ROW_ENDING_IN_SUM.fullmatch(text, *line)):
        return None
    seen = 0
    for start, end in lines_above(text, line[0]):
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
        if not (BULLET_OR_FIELD.match(text, start, end) or ROW_ENDING_IN_SUM.fullmatch(text, start, end)):
            return None
    return None


def _section_role(paper: Paper, s: Sum) -> Optional[str]:
    """Last resort: the heading of the section holding the sum, when sections are known."""
    for section in paper.sections:
        if section.start <= s.start < section.end and section.heading:
            heading_end = section.start + len(section.heading)
            if paper.text[section.start:heading_end] == section.heading:
                return paper.first_role(section.start, heading_end)
    return None
