"""Split a council paper into its titled parts: Betreff, Beschlussentwurf, Begründung, ...

Every other extractor asks "where is the Beschlussentwurf?" or "where does the header end?", so the
answer lives here, once. A section starts at a heading and runs to the next heading (or the end of
the text). Headings come in the shapes council software prints them:

- a line of its own, with or without colon: ``Betreff:``, ``Begründung``, ``## Sachverhalt``
  (Markdown hashes are gone after normalisation), ``I) Finanzielle Auswirkungen im Jahr der
  Umsetzung und in den Folgejahren`` (a numbered heading with a qualifying tail);
- a label with its text on the same line: ``Beschlussentwurf: Der Haupt- und ...``;
- a table cell: ``TOP<TAB>Betreff Ergänzung des Stellenplans ...``;
- a resolution sentence that opens the decision text: ``Der Gemeinderat beschließt:``,
  ``Die Bezirksverordnetenversammlung möge beschließen:``;
- the signature block: ``gezeichnet:``, ``Bürgermeister o.V.i.A.``, ``Mit freundlichen Grüßen``,
  or, once the paper's body has begun, ``Der Oberbürgermeister`` and a place-and-date line such
  as ``Siegburg, 12.06.2024``.

Public API: ``find_sections(text) -> list[Section]`` and ``section_named(sections, *names)``.
A Section's ``start`` is where its heading begins, ``heading`` the heading exactly as printed
(so the heading ends at ``start + len(heading)``), ``body_start`` where its text begins and
``end`` where the section ends; ``text`` is the whole section, heading included.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional, Sequence

import regex

from extractors.facts import Section
from extractors.lines import line_at


@dataclass(frozen=True)
class HeadingKind:
    """One kind of heading: its canonical section name and the words that print it.

    ``tail`` says what may follow the heading words on the same line without a colon:
    ``"body"`` (the section's text, as in a table cell ``Betreff Ergänzung ...``), ``"title"``
    (more heading words, ``Finanzielle Auswirkungen im Jahr der Umsetzung``) or ``"none"``.
    ``needs_colon``: the word is too common at a line start to count as a heading without one
    (``Antrag auf Förderung ...`` opens a sentence, ``Antrag:`` opens a section).
    """

    name: str
    words: str
    tail: str = "none"
    needs_colon: bool = False


HEADING_KINDS: tuple[HeadingKind, ...] = (
    # "Betreff:" everywhere; a table cell "Betreff Ergänzung des ..." in Word exports (Hückeswagen).
    HeadingKind("subject", r"Betreff|Betr\.", tail="body"),
    HeadingKind("subject", r"Gegenstand|Titel|Betrifft|Thema|Bezeichnung|Tagesordnungspunkt", needs_colon=True),
    HeadingKind("subject", r"Titel(?=[ \t]*$)"),  # Erfurt: "Titel" alone over the title
    # Bielefeld: "Beratungsgegenstand (Bezeichnung des Tagesordnungspunktes)" over the title
    HeadingKind("subject", r"Beratungsgegenstand(?:[ \t]*\([^()\n]{1,60}\))?(?=[ \t]*:?[ \t]*$)"),
    # The draft resolution: "Beschlussentwurf:", "Beschlussvorschlag der Verwaltung:", a motion's
    # "Beschlussantrag:", the minutes' "Beschluss:".
    # The old spelling "Beschlußantrag" (Stuttgart) too.
    HeadingKind("resolution", r"Beschlu(?:ss|ß)(?:entwurf|vorschlag|antrag|empfehlung|text|fassung)"
                              r"|Empfehlung an den Rat"),
    HeadingKind("resolution", r"Beschlu(?:ss|ß)|Antrag|Antragstext|Empfehlung", needs_colon=True),
    # Decisions taken in place of the council: "Dringlichkeitsentscheidung:", "Eilentscheidung:".
    HeadingKind("resolution", r"Dringlichkeitsentscheidung|Dringlichkeitsbeschluss|Eilentscheidung"
                              r"|Dringliche Anordnung|Entscheidung", needs_colon=True),
    # Hannover: "Antrag,⏎1. der Sanierung zuzustimmen".
    HeadingKind("resolution", r"Antrag,(?=[ \t]*$)"),
    # Munich: "II. Antrag der Referentin" / "Antrag des Referenten" holds the items to resolve.
    HeadingKind("resolution", r"Antrag (?:der Referentin|des Referenten)"),
    HeadingKind("reasoning", r"Begründung(?:en)?|Erläuterungen?|Problembeschreibung|Beschlussbegründung", tail="title"),
    # "Hinweis:", "Änderungen gegenüber der Ursprungsfassung:" after the items of a Neufassung.
    HeadingKind("notes", r"Hinweise?|Anmerkungen?", needs_colon=True),
    # the routing block after the signature: "Zur Mitzeichnung an:", "Bearbeitungsvermerke"
    HeadingKind("notes", r"Zur Mitzeichnung(?: an)?|Mitzeichnung|Bearbeitungsvermerke?", tail="title"),
    HeadingKind("notes", r"Änderungen gegenüber (?:der|dem) (?:\d{1,2}\. )?(?:Ursprungsfassung|ursprünglichen Vorlage|Vorlage|Entwurf|Neufassung|Fassung)",
                tail="title"),
    # Bremen's deputation papers: "A. Problem", "B. Lösung", "C. Alternativen" (only so lettered).
    HeadingKind("facts", r"(?<=^[A-H][.)][ \t]{1,3})(?:Problem|Lösung|Alternativen)"),
    HeadingKind("facts", r"Sachverhalt|Sachdarstellung|Sachstand|Sachvortrag|Darstellung des Sachverhalts"
                         r"|Sach- und Rechtslage|Vortrag (?:der Referentin|des Referenten)", tail="title"),
    HeadingKind("information", r"Unterrichtung|Mitteilung|Information|Bericht", needs_colon=True),
    HeadingKind("question", r"Anfrage|Fragen?|Fragestellung", needs_colon=True),
    HeadingKind("answer", r"Antwort|Stellungnahme", tail="title", needs_colon=True),
    # "Finanzielle Auswirkungen:", Leverkusen's "I) Finanzielle Auswirkungen im Jahr der Umsetzung ...".
    HeadingKind("finance", r"Finanzielle Auswirkungen|Haushaltsmäßige Auswirkungen|Finanzielle Auswirkung"
                           r"|Auswirkungen auf den Haushalt|Haushaltsrechtliche Auswirkungen"
                           r"|Kosten und Finanzierung|Finanzierung|Kosten|Kostentabelle", tail="title"),
    # "Beratungsfolge<TAB>Termin<TAB>Behandlung", ALLRIS "Gremienweg:", "Beratungsweg:".
    HeadingKind("consultation", r"Beratungsfolge|Gremienweg|Beratungsweg|Beratungsreihenfolge", tail="title"),
    # Magdeburg's table header "Beratung  Tag  Behandlung"
    HeadingKind("consultation", r"Beratung(?=[ \t]+(?:Tag|Datum|Termin|Sitzung|Gremium)\b)", tail="title"),
    HeadingKind("attachments", r"Anlagen|Anlage/n|Anlage\(n\)|Anlagenverzeichnis", tail="title"),
    HeadingKind("attachments", r"Anlage", needs_colon=True),
    # "Auswirkungen auf Klima und Umwelt:", ALLRIS "Auswirkungen auf den Klimaschutz:",
    # Leverkusen "II) Nachhaltigkeit der Maßnahme im Sinne des Klimaschutzes:".
    HeadingKind("climate", r"Auswirkungen auf (?:das |den )?(?:Klima|Umwelt)\w*|Klimarelevanz"
                           r"|Nachhaltigkeit der Maßnahme|Klimaauswirkungen|Klimacheck|Klimawirkung", tail="title"),
    # Bare "Klimaschutz" is a column title of Leverkusen's sustainability grid; "Klimaschutz:" a heading.
    HeadingKind("climate", r"Klimaschutz|Umweltauswirkungen", needs_colon=True),
    HeadingKind("departments", r"Beteiligte (?:Fachbereiche|Ämter|Dienststellen)|Beteiligung", tail="title",
                needs_colon=True),
    HeadingKind("history", r"Historie|Bisherige Beschlüsse|Bisherige Beratungen", tail="title"),
    # The legal basis and who decides, form fields of ALLRIS and SessionNet templates (Sachsen,
    # Mecklenburg-Vorpommern, Niedersachsen): "Rechtsgrundlage:", "Beschlussvorschriften:",
    # "Beschlusskompetenz:", "bereits gefasste Beschlüsse:", "Zuständigkeit:".
    HeadingKind("legal", r"Rechtsgrundlagen?|Beschlussvorschriften|Beschlusskompetenz|Bereits gefasste Beschlüsse"
                         r"|bereits gefasste Beschlüsse", tail="title"),
    HeadingKind("legal", r"Zuständigkeit(?=[ \t]*:)", needs_colon=True),  # not "Zuständigkeit und Rolle …:"
    # Hannover's "Berücksichtigung von Gender-Aspekten"; Potsdam's "Überweisung in den Ortsbeirat/die Ortsbeiräte".
    HeadingKind("equality", r"Berücksichtigung von Gender-Aspekten|Gleichstellungsrelevanz|Auswirkungen auf die Gleichstellung",
                tail="title"),
    HeadingKind("referral", r"Überweisung in den Ortsbeirat/die Ortsbeiräte|Überweisung in den Ortsbeirat", tail="title"),
    HeadingKind("referral", r"Überweisungsvorschlag", needs_colon=True),
    # A form's fields after the items: "Ziel: Lückenschluss im Radverkehrsnetz".
    HeadingKind("goal", r"Ziele?|Zielsetzung", needs_colon=True),
    # A form's field for the vote, under the Beschlussvorschlag of Bavarian papers.
    HeadingKind("vote", r"Abstimmungsergebnis(?:se)?|Ergebnis der Abstimmung", tail="title"),
    HeadingKind("vote", r"Abstimmung|Stimmergebnis|Ergebnis|Beschlussart", needs_colon=True),
    HeadingKind("agenda", r"Tagesordnung", tail="title"),
    HeadingKind("contents", r"Inhaltsverzeichnis|Inhalt", tail="none"),
)

# An enumerator before a heading: "I) ", "II. ", "1. ", "2.1 ", "A) ".
ENUMERATOR = r"(?:(?:[IVX]{1,4}|\d{1,2}(?:\.\d{1,2})*|[A-H])[.)]?[ \t]+)?"

HEADING_PATTERNS = [
    (kind, regex.compile(ENUMERATOR + r"(?P<words>" + kind.words + r")(?![\w\-])(?P<after>[^\n]*)"))
    for kind in HEADING_KINDS
]
# One pattern for all heading words: most lines start with none, and one test rules them out.
ANY_HEADING = regex.compile(ENUMERATOR + r"(?:" + "|".join(kind.words for kind in HEADING_KINDS) + r")")
# Some templates print headings in capitals: "BETREFF:", "BESCHLUSSVORSCHLAG:", "FINANZIELLE
# AUSWIRKUNGEN". The same patterns without case, tried only on a line that starts with a word in
# capitals, and taken only when the heading's words are capitals throughout.
CAPS_START = regex.compile(ENUMERATOR + r"[A-ZÄÖÜ]{3,}(?![a-zäöüß])")
ANY_HEADING_CAPS = regex.compile(ANY_HEADING.pattern, regex.IGNORECASE)
HEADING_PATTERNS_CAPS = [(kind, regex.compile(p.pattern, regex.IGNORECASE)) for kind, p in HEADING_PATTERNS]

# An outline heading's Roman numeral: "II. ", "III) ".
ROMAN_ENUMERATOR = regex.compile(r"[IVX]{1,4}[.)][ \t]+")

MAX_TITLE_TAIL = 100
# A heading that goes on with "zum Bebauungsplan ..." on the next line is a document title
# ("Begründung⏎zum Bebauungsplan Nr. 336"), not a section heading.
TITLE_CONTINUES = regex.compile(r"\n[ \t]*(?:zum|zur|zu|der|des|für|über)\b")

# The sentence that opens a decision text: "Der Gemeinderat beschließt:", "Die
# Bezirksverordnetenversammlung möge beschließen:", "Der Rat der Stadt beschließt folgende Satzung:",
# Frankfurt's outline "I. Die Stadtverordnetenversammlung wolle beschließen:".
RESOLUTION_SENTENCE = regex.compile(
    r"(?m)^(?:[IVX]{1,4}[.)][ \t]+)?(?:Der|Die|Das)[ \t](?:[^\n:.]|\n(?!\n)){0,160}?"
    r"\b(?:beschließt|beschliesst|(?:möge|wolle|möchte)[ \t\n]+beschließen|(?:möge|wolle)[ \t\n]+beschliessen"
    # a group's motion: "Die CDU-Fraktion beantragt, folgenden Beschluss zu fassen:"
    r"|(?:folgenden|nachstehenden)[ \t\n]+Beschluss[ \t\n]+zu[ \t\n]+fassen"
    # minutes: "Der Rat fasst (einstimmig) folgenden Beschluss:"; an urgent decision: "Der Bürgermeister
    # und das unterzeichnende Ratsmitglied entscheiden anstelle des Rates:"
    r"|fass(?:t|en)[ \t\n]+(?:\w+[ \t\n]+)?(?:folgenden|nachstehenden)[ \t\n]+Beschluss|entscheide[nt])"
    r"\b[^\n:.]{0,60}:[ \t]*$"
)

# A motion's request after another sentence on its line: "… auf die Tagesordnung zu setzen. Der
# Gemeinderat möge beschließen:". Searched only in texts that say "möge" or "wolle".
REQUEST_AFTER_SENTENCE = regex.compile(
    r"(?m)(?<=[.!?][ \t]+)(?:Der|Die|Das)[ \t][^\n:.]{0,120}?\b(?:möge|wolle|möchte)[ \t\n]+beschlie(?:ß|ss)en[ \t]*:[ \t]*$"
)
REQUEST_WORDS = ("möge", "wolle", "möchte")
# A group's motion signed by its members: "Michael Osterburg, Ayse Celik und Fraktion GRÜNE".
GROUP_SIGNATURE = regex.compile(r"(?m)^[A-ZÄÖÜ][^\n,]{2,40},[^\n]{0,120}\bund[ \t]+(?:[\w-]+-)?Fraktion\b[^\n]*$")

# Signature markers that end the paper's text wherever they stand.
STRONG_SIGNATURE = regex.compile(
    r"(?im)^(?:gezeichnet:?|gez\.[^\n]*|Beglaubigt:?|Für[ \t]+die[ \t]+Richtigkeit:?|Mit freundlichen Grüßen[^\n]*|Ausgefertigt\b[^\n]*"
    r"|(?:Der |Die )?(?:Ober)?[Bb]ürgermeister(?:in)?[ \t]+"
    r"(?:o\.[ \t]?V\.[ \t]?i\.[ \t]?A\.|i\.[ \t]?V\.)[^\n]*)[ \t]*$"
)
# What closes a resolution in minutes: the vote printed alone ("Einstimmig beschlossen.", "Zur
# Kenntnis genommen.", "Ja 25   Nein 3   Enthaltungen 2", "Zustimmung: 33"), the end of the public part.
VOTE_LINE = regex.compile(
    r"(?m)^[ \t]*(?:(?:Einstimmig|Mehrheitlich|Ungeändert|Geändert)[ \t]+(?:beschlossen|angenommen|zugestimmt|abgelehnt)"
    r"|Zur[ \t]+Kenntnis[ \t]+genommen|Einstimmig|Abgelehnt|Vertagt|Zurückgestellt|Zurückgezogen"
    r"|Ja[ \t:]*\d+[ \t,;]+Nein[ \t:]*\d+[^\n]*|Zustimmung:[ \t]*\d+[^\n]*"
    r"|Ende[ \t]+des[ \t]+(?:öffentlichen|nichtöffentlichen|nicht[ \t]öffentlichen)[ \t]+Teils[^\n]*)[ \t]*\.?[ \t]*$"
)
# Words one of which every VOTE_LINE holds.
VOTE_HINTS = ("instimmig", "ehrheitlich", "geändert beschlossen", "Kenntnis genommen", "bgelehnt", "ertagt",
              "urückgestellt", "urückgezogen", "Nein", "Zustimmung:", "Teils")
# Erfurt's "26.02.2024  gez. A. Horn": searched from "gez." (a date tried at every line start costs
# a third of the pattern above); the signature starts at the line's start.
DATED_SIGNATURE = regex.compile(r"(?mi)(?<=^\d{1,2}\.\d{1,2}\.\d{2,4}[ \t]+)gez\.[^\n]*$")
# Markers that are letterhead at the top of a paper but a signature after its body:
# "Der Oberbürgermeister", "In Vertretung", "Siegburg, 12.06.2024".
WEAK_SIGNATURE = regex.compile(
    r"(?m)^(?:(?:Der|Die)[ \t]+(?:Ober)?[Bb]ürgermeister(?:in)?|(?:Der|Die)[ \t]+Landrätin|Der[ \t]+Landrat"
    r"|In[ \t]+Vertretung|Im[ \t]+Auftrag|i\.[ \t]?V\.|i\.[ \t]?A\."
    r"|[A-ZÄÖÜ][\w.\-]+(?:[ \t][\w.\-()]+){0,3}(?:,|[ \t]+/)[ \t]*(?:den[ \t]+)?"  # "Hannover / 18.06.2024"
    r"\d{1,2}\.[ \t]?(?:\d{1,2}\.|[A-ZÄÖÜ][a-zä]+)[ \t]?\d{2,4})"
    r"[^\n]{0,40}$"
    # A name on its own line over the signer's office: "Tanja Schweiger⏎Landrätin".
    r"|^[A-ZÄÖÜ][\w.\-]+(?:[ \t][A-ZÄÖÜ][\w.\-]+){1,3}[ \t]*\n[ \t]*(?:(?:Erste[r]?|Zweite[r]?)[ \t]+)?"
    r"(?:(?:Ober)?[Bb]ürgermeister(?:in)?|Landrat|Landrätin|Beigeordnete[r]?|Dezernent(?:in)?"
    r"|Stadtdirektor(?:in)?|Kreisdirektor(?:in)?|Stadtbaurat|Stadtbaurätin|Stadtkämmerer(?:in)?"
    r"|Kämmerer|Kämmerin|Referent(?:in)?|Bezirksbürgermeister(?:in)?|Bezirksstadtrat|Bezirksstadträtin)"
    r"[ \t]*$"
)

# Sections after which a weak signature marker is a signature: the paper's body has begun.
BODY_SECTIONS = {"resolution", "reasoning", "facts", "information", "question", "answer", "finance",
                 "climate", "attachments", "departments", "history", "legal", "equality", "vote"}


@dataclass(frozen=True)
class _Start:
    """A heading found in the text, before the section's end is known."""

    start: int
    heading_end: int
    body_start: int
    name: str
    bare: bool = False  # printed without a colon: could be a list item or a running page header


def find_sections(text: str) -> list[Section]:
    """Every section of ``text`` in reading order; never raises."""
    try:
        return _find_sections(text or "")
    except Exception:  # a section finder must never take the pipeline down
        return []


def section_named(sections: Sequence[Section], *names: str) -> Optional[Section]:
    """The first section with one of ``names``, or None."""
    for section in sections:
        if section.name in names:
            return section
    return None


def _find_sections(text: str) -> list[Section]:
    starts = sorted(_candidate_starts(text), key=lambda s: (s.start, -(s.heading_end - s.start)))
    running = _running_headers(text, starts)
    kept: list[_Start] = []
    body_seen = False
    first_line = len(text) - len(text.lstrip())
    for cand in starts:
        if cand.bare and cand.name == "resolution" and cand.start == first_line:
            continue  # a paper that opens with "Beschlussempfehlung" names its kind (Berlin districts)
        if kept and cand.start < kept[-1].body_start:
            continue  # inside the previous heading (e.g. a sentence within "Beschlussentwurf: ...")
        current = kept[-1].name if kept else None
        if cand.bare and (current == "attachments" or text[cand.start:cand.heading_end] in running):
            continue  # "Begründung" in a list of Anlagen; "Begründung" atop every page of an Anlage
        if cand.name == "signature:weak" and not body_seen:
            continue  # "Der Oberbürgermeister" in the letterhead, "Koblenz, 09.04.2026" atop a letter
        name = cand.name.split(":")[0]  # "signature:weak" → "signature"
        if name == current == "signature":
            continue  # "gezeichnet:" then "In Vertretung": one signature block
        if cand.name == "resolution:sentence" and current == "resolution":
            continue  # "Der Rat beschließt:" inside a Beschlussentwurf
        if current == "subject" and cand.bare and cand.start == kept[-1].body_start:
            continue  # "Betreff⏎Sachstand zum Radwegekonzept": the line after "Betreff" is its text
        kept.append(_Start(cand.start, cand.heading_end, cand.body_start, name, cand.bare))
        body_seen = body_seen or name in BODY_SECTIONS
    sections = []
    for index, cand in enumerate(kept):
        end = kept[index + 1].start if index + 1 < len(kept) else len(text)
        end = cand.body_start + len(text[cand.body_start:end].rstrip())
        end = max(end, cand.heading_end)
        body_start = min(cand.body_start, end)
        sections.append(Section(
            start=cand.start, end=end, text=text[cand.start:end], name=cand.name,
            heading=text[cand.start:cand.heading_end], body_start=body_start,
        ))
    return sections


RUNNING_HEADER_MIN = 3


def _running_headers(text: str, starts: Sequence[_Start]) -> set[str]:
    """Bare headings printed three times or more: the running header of a long Anlage."""
    counts: dict[str, int] = {}
    for cand in starts:
        if cand.bare:
            heading = text[cand.start:cand.heading_end]
            counts[heading] = counts.get(heading, 0) + 1
    return {heading for heading, count in counts.items() if count >= RUNNING_HEADER_MIN}


def _cells(text: str) -> Iterator[tuple[int, str]]:
    """Start offset and text of every line and of every tab-separated cell after a line's first."""
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        offset = 0
        for cell in line.split("\t")[1:]:
            offset = line.index("\t", offset) + 1
            yield pos + offset, cell
        pos += len(line) + 1


def _candidate_starts(text: str) -> Iterator[_Start]:
    for cell_start, cell in _cells(text):
        found = _heading_in_cell(text, cell_start, cell)
        if found:
            yield found
    for m in RESOLUTION_SENTENCE.finditer(text):
        yield _Start(m.start(), m.end(), _skip_blank(text, m.end()), "resolution:sentence")
    if any(word in text for word in REQUEST_WORDS):
        for m in REQUEST_AFTER_SENTENCE.finditer(text):
            yield _Start(m.start(), m.end(), _skip_blank(text, m.end()), "resolution:sentence")
    if "Fraktion" in text:
        for m in GROUP_SIGNATURE.finditer(text):
            yield _Start(m.start(), m.end(), _skip_blank(text, m.end()), "signature:weak")
    for m in STRONG_SIGNATURE.finditer(text):
        yield _Start(m.start(), m.end(), _skip_blank(text, m.end()), "signature")
    if any(hint in text for hint in VOTE_HINTS):  # most papers print no vote: skip the scan
        for m in VOTE_LINE.finditer(text):
            yield _Start(m.start(), m.end(), _skip_blank(text, m.end()), "vote")
    for m in DATED_SIGNATURE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        yield _Start(line_start, m.end(), _skip_blank(text, m.end()), "signature")
    for m in WEAK_SIGNATURE.finditer(text):
        yield _Start(m.start(), m.end(), _skip_blank(text, m.end()), "signature:weak")



_COLON = regex.compile(r"[ \t]*:[ \t]*")
_SENTENCE_END = regex.compile(r"[.;!?]\s")
# A form question's answer after its heading: "Finanzielle Auswirkungen? ja", "Finanzielle
# Auswirkungen Ja ☒ Nein ☐", "Kosten: nein".
FORM_ANSWER = regex.compile(r"[ \t]*[?:]?[ \t]*(?:(?:ja|nein|Ja|Nein|JA|NEIN|entfällt|keine)\b[ \t]*[☐☒☑xX]?[ \t]*)+")


DATE_IN_LINE = regex.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")


def _in_dated_row(text: str, cell_start: int) -> bool:
    """The cell is not its line's first, and the line holds a date: a table's row."""
    if cell_start == 0 or text[cell_start - 1] != "\t":
        return False
    return bool(DATE_IN_LINE.search(text, *line_at(text, cell_start)))


CHECKBOX_AFTER = regex.compile(r"[ \t]*[?:]?[ \t]*[☐☒☑]")


def _heading_in_cell(text: str, cell_start: int, cell: str) -> Optional[_Start]:
    """The heading a line or table cell starts with, if it is one."""
    patterns = HEADING_PATTERNS
    if not ANY_HEADING.match(cell):
        head = cell[:4]  # the cheap test first: most lines have a lower-case letter up front
        if not (head == head.upper() and CAPS_START.match(cell) and ANY_HEADING_CAPS.match(cell)):
            return None
        patterns = HEADING_PATTERNS_CAPS
    for kind, pattern in patterns:
        m = pattern.match(cell)
        if not m or (patterns is HEADING_PATTERNS_CAPS and not m.group("words").isupper()):
            continue
        if kind.name == "resolution" and _in_dated_row(text, cell_start):
            continue  # "Gemeinderat<TAB>Beschlussfassung<TAB>öffentlich<TAB>25.06.2024": a consultation's role
        after = m.group("after")
        words_end = cell_start + m.end("words")
        stripped = after.strip(" ")
        if stripped in ("", ":"):  # "Betreff:" / "Beratungsfolge" alone on its line
            if kind.needs_colon and stripped != ":" and not ROMAN_ENUMERATOR.match(cell):
                continue  # but "III. Beschluss" alone on its line is an outline heading (Munich)
            if stripped == "" and TITLE_CONTINUES.match(text, cell_start + m.end()):
                continue
            heading_end = cell_start + len(cell.rstrip(" "))
            return _Start(cell_start, heading_end, _skip_blank(text, heading_end), kind.name,
                          bare=stripped == "")
        if kind.tail == "title" and (FORM_ANSWER.fullmatch(after) or CHECKBOX_AFTER.match(after)):
            # "Finanzielle Auswirkungen? ja", "Finanzielle Auswirkungen ☐ nein ☒ wenn ja, …"
            heading_end = cell_start + len(cell.rstrip(" "))
            return _Start(cell_start, heading_end, _skip_blank(text, heading_end), kind.name)
        colon = _COLON.match(after)
        if colon:  # "Beschlussentwurf: Der Haupt- und Finanzausschuss ..."
            heading_end = words_end + colon.group(0).index(":") + 1
            return _Start(cell_start, heading_end, words_end + colon.end(0), kind.name)
        if after.startswith("\t"):  # "Beratungsfolge<TAB>Termin<TAB>Behandlung"
            if kind.needs_colon:
                continue
            return _Start(cell_start, words_end, words_end + 1, kind.name)
        tail = after.rstrip(" ")
        if tail.endswith(":") and len(tail) <= MAX_TITLE_TAIL and not _SENTENCE_END.search(tail):
            # "Beschlussvorschlag der Verwaltung:", "II) Nachhaltigkeit der Maßnahme im Sinne des
            # Klimaschutzes:", "Sachdarstellung/Begründung:"
            heading_end = cell_start + m.start("after") + len(tail)
            return _Start(cell_start, heading_end, _skip_blank(text, heading_end), kind.name)
        if not after.startswith(" "):
            continue
        if kind.needs_colon:
            continue
        if kind.tail == "body" and (cell_start == 0 or text[cell_start - 1] in "\t\n"):
            # "TOP<TAB>Betreff Ergänzung des Stellenplans 2023: ..."
            return _Start(cell_start, words_end, words_end + 1, kind.name)
        if kind.tail == "title" and len(tail) <= MAX_TITLE_TAIL and not tail.rstrip().endswith((".", ",", ";")):
            # "I) Finanzielle Auswirkungen im Jahr der Umsetzung und in den Folgejahren"
            if _looks_like_title_tail(tail):
                heading_end = cell_start + m.start("after") + len(tail)
                return _Start(cell_start, heading_end, _skip_blank(text, heading_end), kind.name, bare=True)
    return None


# A heading's qualifying tail starts with a preposition or article ("im Jahr der Umsetzung",
# "der Maßnahme", "und Finanzierung"), is a row of column titles ("Datum Zuständigkeit Behandlung",
# Dresden's "Plandatum Zuständigkeit") or a short remark in parentheses (Leipzig's "Beratungsfolge
# (geplant)").
TITLE_TAIL = regex.compile(
    r"^[ \t]+(?:(?:im|in|auf|für|der|des|und|zum|zur|nach|gem\.|gemäß|bei|/)\b|/[ \t]*\p{Lu}\p{Ll}+$"
    r"|(?:\([^()\n]{1,30}\)[ \t]+)?(?:(?:Datum|Plandatum|Termin|Sitzung(?:stermin)?|am|Tag|Gremium|Zuständigkeit"
    r"|Behandlung|Status|TOP|Ergebnis|Beratung|Sitzungsdatum|Beratungsergebnis|Beratungsaktion|Sitzungsart|Öff\.|N\.Ö\."
    r"|Ö|NÖ|N|ö/nö|/)(?:[ \t]+|$))+$"
    r"|\([^()\n]{1,30}\)[ \t]*$)"
)


def _looks_like_title_tail(tail: str) -> bool:
    return bool(TITLE_TAIL.match(tail))


BLANKS = regex.compile(r"[ \t\n]*")


def _skip_blank(text: str, pos: int) -> int:
    """The offset of the first non-blank character at or after ``pos`` (the body's start)."""
    return BLANKS.match(text, pos).end()
