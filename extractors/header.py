"""The paper's own header: who issued it, its number, kind, date, subject and parent paper.

One ``HeaderField`` per field found (``body``, ``reference``, ``type``, ``date``, ``subject``,
``parent``, and for an attachment ``attachment_label`` and ``attachment_of_title``). A field the
paper does not print is simply absent: an empty ``Vorlage Nr.:`` gives no reference, a paper that
never says what kind it is gives no type. Nothing is taken from a file name.

The header is the text before the paper's body (the first section that is neither the Betreff nor
the Beratungsfolge), capped at ``HEADER_LIMIT`` characters. Dates and numbers inside the Betreff or
the Beratungsfolge belong to other papers and meetings and are never the paper's own.

Minutes and their excerpts (Niederschrift, Protokoll, Auszug, Beschlussauszug) are read as such:
their kind is the type, they have no number of their own (the Vorlagen of their agenda items are
references), their date is the signature's, and an excerpt of one item takes that item's title.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterator, Optional, Sequence

import regex

from extractors import paper_numbers
from extractors.dates import DATE, WEEKDAY_NAMES, parse_date_text
from extractors.facts import HeaderField, Section
from extractors.sections import find_sections
from pipeline.normalize import fold_lines

HEADER_LIMIT = 3000
# Sections that may stand inside the header without ending it.
HEADER_SECTIONS = {"subject", "consultation", "departments", "legal", "referral"}
# Of those, the form fields ("Beteiligte Ämter: Liegenschaftsamt") hold one line: the header's
# next fields ("Datum: 10.01.2024") are no part of them.
FIELD_SECTIONS = {"departments", "legal", "referral"}

# ---------------------------------------------------------------------------------------- body

# A municipality's name: "Leverkusen", "Rhein-Sieg-Kreis", "Bad Honnef", "Mülheim an der Ruhr",
# "Halle (Saale)", "Bergisch Gladbach".
PLACE = (
    r"(?:(?:Bad|Sankt|St\.|Bergisch|Lutherstadt|Hansestadt)[ \t]+)?"
    r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*"
    r"(?:[ \t]+(?:an[ \t]+der|am|im|in[ \t]+der|ob[ \t]+der|vor[ \t]+der)[ \t]+[A-ZÄÖÜ][a-zäöüß]+"
    r"|[ \t]*\([A-ZÄÖÜ][a-zäöüß]+\))?"
)
# What a municipality calls itself in front of its name; dropped from the canonical short name.
TOWN_PREFIX = (
    r"(?:Stadtverwaltung|Gemeindeverwaltung|Kreisverwaltung|Schloss-Stadt|Hansestadt|Kreisstadt"
    r"|Große[ \t]+Kreisstadt|Landeshauptstadt|Bundesstadt|Universitätsstadt|Verbandsgemeinde"
    r"|Samtgemeinde|Stadt|Gemeinde|Markt|Bezirksamt"
    r"|Bezirksverordnetenversammlung|Bezirksversammlung)"  # Berlin and Hamburg districts
)
# Districts keep "Kreis" in their name: "Rhein-Sieg-Kreis", "Oberbergischer Kreis", "Kreis Mettmann";
# so do the regional bodies "Region Hannover", "Städteregion Aachen", "Regionalverband Saarbrücken".
DISTRICT = (
    r"(?P<district>[A-ZÄÖÜ][\w]*(?:-[A-ZÄÖÜ]?[\w]+)*-Kreis|[A-ZÄÖÜ]\w+(?:-[A-ZÄÖÜ]\w+)*er[ \t]+Kreis"
    r"|(?:(?:Land)?[Kk]reis(?:es)?|Städteregion|Regionalverband|Region)[ \t]+[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*)"
    r"(?:es)?(?![\w-])"
)
LETTERHEAD_LINES = 6
PRINTED_LINE = regex.compile(r"[^\n]*\S[^\n]*")
# Letterhead in the first lines: "Stadt Leverkusen", "Stadtverwaltung⏎Koblenz", "Schloss-Stadt
# Hückeswagen", "Rhein-Sieg-Kreis", "Der Landrat des Rhein-Sieg-Kreises".
# In a letterhead any "-stadt" title counts: "Wissenschaftsstadt Darmstadt", "Fontanestadt
# Neuruppin", "Klingenstadt Solingen"; "Ortsgemeinde Dudenhofen" (Rhineland-Palatinate).
# Not districts of a town: "Innenstadt Nord", "Altstadt", "Südstadt".
NOT_TOWN_TITLE = r"(?:Innen|Alt|Neu|Vor|Ober|Unter|Süd|Nord|West|Ost|Kern|Garten|Haupt|Heimat|Groß|Klein)stadt\b"
LETTERHEAD_PREFIX = (rf"(?:{TOWN_PREFIX}|(?!{NOT_TOWN_TITLE})[A-ZÄÖÜ][a-zäöüß]+stadt"
                     r"|[A-ZÄÖÜ][a-zäöüß]+-[ \t]+und[ \t]+[A-ZÄÖÜ][a-zäöüß]+stadt"  # "Hanse- und Universitätsstadt"
                     r"|Ortsgemeinde|Stadtgemeinde|Marktgemeinde)")
LETTERHEAD = regex.compile(
    rf"(?m)^[ \t]*(?:{LETTERHEAD_PREFIX}[ \t]*\n?[ \t]*(?P<place>{PLACE})(?![\w-])"
    rf"|(?:Der[ \t]+Landrat[ \t]+des[ \t]+|Die[ \t]+Landrätin[ \t]+des[ \t]+"
    rf"|(?:Der[ \t]+)?Kreisausschuss[ \t]+des[ \t]+)?{DISTRICT}"
    # Baden-Württemberg's district office: "Landratsamt Esslingen", "Landratsamt Ortenaukreis".
    rf"|Landratsamt[ \t]+(?P<district_office>[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*))"
)
# "des Landkreises Harburg" → "Landkreis Harburg"
DISTRICT_GENITIVE = regex.compile(r"(?<=^(?:Land)?[Kk]reis)es(?=[ \t])")
# The same letterhead printed in capitals, its name ending the line or a column: "STADT BAD HONNEF",
# "LANDKREIS HARBURG", "RHEIN-SIEG-KREIS". The name is given in the usual spelling ("Bad Honnef").
CAPS_NAME = r"[A-ZÄÖÜẞ]{2,}(?:-[A-ZÄÖÜẞ]{2,})*"
CAPS_PLACE = (
    rf"(?:(?:BAD|SANKT|ST\.|BERGISCH|LUTHERSTADT)[ \t]+)?{CAPS_NAME}"
    rf"(?:[ \t]+(?:AN[ \t]+DER|AM|IM|IN[ \t]+DER|OB[ \t]+DER|VOR[ \t]+DER)[ \t]+{CAPS_NAME}"
    rf"|[ \t]*\({CAPS_NAME}\))?"
)
CAPS_LETTERHEAD = regex.compile(
    r"(?m)^[ \t]*(?:(?:STADTVERWALTUNG|GEMEINDEVERWALTUNG|HANSESTADT|LANDESHAUPTSTADT|BUNDESSTADT"
    r"|UNIVERSITÄTSSTADT|KREISSTADT|GROSSE[ \t]+KREISSTADT|SAMTGEMEINDE|VERBANDSGEMEINDE|ORTSGEMEINDE"
    rf"|STADT|GEMEINDE|MARKT)(?:[ \t]+|[ \t]*\n[ \t]*)(?P<place>{CAPS_PLACE})"
    rf"|(?P<district>(?:LAND)?KREIS[ \t]+{CAPS_NAME}|{CAPS_NAME}-KREIS|[A-ZÄÖÜ]+ER[ \t]+KREIS))(?:[ \t]*$|[ \t]*\t|[ \t]{{2}})"
)
CAPS_PARTICLES = {"an", "der", "am", "im", "in", "ob", "vor"}
# A letterhead split by a right-hand column: "Hanse- und Universitätsstadt   Beschlussvorlage⏎Rostock
# 2024/BV/1234", "Landeshauptstadt   Informations-⏎Hannover   drucksache".
LETTERHEAD_SPLIT = regex.compile(
    rf"(?m)^[ \t]*{LETTERHEAD_PREFIX}[ \t]+\S[^\n]*\n[ \t]*(?P<place>{PLACE})(?![\w-])"
)
# A council group's motion names its council: "CDU-Fraktion im Rat der Stadt Oldenburg",
# "CDU-Kreistagsfraktion im Landkreis Harburg".
GROUP_LETTERHEAD = regex.compile(
    rf"(?m)^[^\n]{{0,40}}[Ff]raktion[ \t]+(?:im|in[ \t]+der|des|der)[ \t]+(?:(?:Rat|Stadtrat|Gemeinderat)[ \t]+der[ \t]+"
    rf"(?:Stadt|Gemeinde)[ \t]+(?P<place>{PLACE})|(?:Kreistag[ \t]+(?:des|der)[ \t]+)?{DISTRICT})"
)
# The issuer named in a phrase anywhere: "Der Oberbürgermeister der Stadt Bonn", "Der Bürgermeister
# der Gemeinde Alfter". As good as a letterhead.
ISSUER = regex.compile(
    rf"\b(?:Der|Die)[ \t\n]+(?:Ober)?[Bb]ürgermeister(?:in)?[ \t\n]+(?:der|des)[ \t\n]+"
    rf"(?:Stadt|Gemeinde|Marktes|Marktgemeinde)[ \t\n]+(?P<place>{PLACE})(?![\w-])"
)
# The same at the end of a header line, beside another column.
PLACE_DATE_END = regex.compile(
    rf"(?m)(?<=\S[ \t]+)(?P<place>{PLACE}),[ \t]*(?:den[ \t]+)?(?P<date>\d{{1,2}}\.[^\n]{{3,20}}?)[ \t]*$"
)
# The place-and-date line of a letter or signature: "Siegburg, 12.06.2024", "Koblenz, den 1. Juli 2024".
WEEKDAYS = WEEKDAY_NAMES
PLACE_DATE_LINE = regex.compile(
    rf"(?m)^[ \t]*(?!{WEEKDAYS}\b)(?P<place>{PLACE})(?:,|[ \t]+/)[ \t]*(?:den[ \t]+)?(?P<date>\d{{1,2}}\.[^\n]{{3,20}}?)[ \t]*$"
)  # "Hannover / 18.06.2024" too
# "der Stadt Leverkusen", "Schloss-Stadt Hückeswagen", "Stadtverwaltung Koblenz": counted, the most
# frequent wins.
TOWN_PHRASE = regex.compile(rf"(?<![\w-]){TOWN_PREFIX}[ \t\n]+(?P<place>{PLACE})(?![\w-])")
# Capitalised words that follow "der Stadt" but are no town: "der Stadt Kosten", "Stadt Verwaltung".
NOT_A_PLACE = regex.compile(
    r"^(?:Kosten|Mehrkosten|Mittel|Einnahmen|Ausgaben|Verwaltung|Rat|Haushalt|Politik|Bürger\w*"
    r"|Vorlage|Nr|Gesellschaft|Verwaltungsvorschlag)$|(?:ung|keit|heit|schaft|kosten|mittel|tion|ismus|tät)$"
    r"|(?i:vorlage|drucksache|antrag|anfrage|mitteilung)$"  # a paper's kind in the next column
)

# ------------------------------------------------------------------------------------ reference

# Between a label and its number: blanks, or a line break ("Vorlage Nr.:⏎2023/0575").
LABEL_GAP = regex.compile(r"[ \t]*(?:\n[ \t]*){0,2}")
# An empty field: the label ends its line and the next printed line is another label or blank.
EMPTY_AFTER = regex.compile(r"[ \t]*(?:\Z|\n[ \t]*(?:\Z|\n|[^\n\d]{1,40}:))")
# Labels that name the paper's own number wherever they stand on a header line; "Antrag" or "Anfrage"
# only at a line's start (in a sentence they name another paper).
# "BV", "SV", "MV" abbreviate a kind of Vorlage: "Vorlage Nr.: SV 12/2024"; Stuttgart's
# "GRDrs 456/2024" (Gemeinderatsdrucksache) closes the letterhead line.
HEADER_LABEL = regex.compile(r"(?i)\w*vorlage|\w*drucksache|(?:gr-?)?drs|ds|nr|nummer|[bsm]v\b")
# Header fields that name another paper, never this one: "Bezugsvorlage: 2019/0123".
# A resolution's number ("Beschluss-Nr. 0123/2023") is not the paper's either.
OTHER_PAPER_LABEL = regex.compile(r"(?i)(?:bezugs|ursprungs)vorlage|beschl(?:uss|uß|üsse)(?!\w*vorlage)")
# A plain serial is a number only after a paper's label that says so: "Vorlage Nr. 1834",
# "Drucksache: 0815" (not "Bebauungsplan Nr. 336", whose label is a bare "Nr.").
SERIAL_LABEL = regex.compile(r"(?!Nr|Nummer)\w+.*(?:Nr|Nummer|nummer|:)")
SERIAL = regex.compile(r"\d{3,8}(?![\w/.,-])")  # Bonn "Drucksachen-Nr. 2312345"
LINE_START = regex.compile(r"(?m)^[ \t]*(?=\S)")
LINE_END = regex.compile(r"[ \t]*(?:\n|\Z)")
# The kind named by a number's label: "Vorlage Nr.", "Beschlussvorlage:", "Antrag Nr." (not "Drucksache").
LABEL_TYPE = regex.compile(r"\w+")

# ----------------------------------------------------------------------------------------- type

# Minutes and their excerpts (see _minutes_fields).
MINUTES_KINDS = ("Niederschrift", "Sitzungsniederschrift", "Protokoll", "Sitzungsprotokoll", "Ergebnisprotokoll",
                 "Auszug", "Beschlussauszug")
# Kinds of paper as printed → canonical spelling (the lookup is case-insensitive: BESCHLUSSVORLAGE).
PAPER_TYPES = {
    name.lower(): name for name in (
        "Vorlage", "Beschlussvorlage", "Informationsvorlage", "Mitteilungsvorlage",
        "Unterrichtungsvorlage", "Sitzungsvorlage", "Verwaltungsvorlage", "Berichtsvorlage",
        "Dringlichkeitsvorlage", "Ergänzungsvorlage", "Antrag", "Änderungsantrag", "Ergänzungsantrag",
        "Dringlichkeitsantrag", "Anfrage", "Große Anfrage", "Kleine Anfrage", "Stellungnahme",
        "Niederschrift", "Anlage", "Mitteilung", "Nachtrag", "Satzung", "Einladung", "Bekanntmachung",
        # Berlin's district papers: "Vorlage zur Beschlussfassung", "Vorlage zur Kenntnisnahme",
        # a committee's "Beschlussempfehlung".
        "Vorlage zur Beschlussfassung", "Vorlage zur Kenntnisnahme", "Beschlussempfehlung",
        # Minutes and their excerpts; decisions taken in place of the council
        *MINUTES_KINDS, "Dringlichkeitsentscheidung", "Eilentscheidung",
        # Frankfurt's Magistrat papers; Hannover's Drucksachen
        "Vortrag des Magistrats", "Bericht des Magistrats", "Magistratsvorlage",
        "Beschlussdrucksache", "Informationsdrucksache", "Mitteilungsdrucksache",
        # a council's or district assembly's printed matter: "Gemeinderatsdrucksache", "KREISTAGSDRUCKSACHE"
        "Drucksache", "Gemeinderatsdrucksache", "Stadtratsdrucksache", "Ratsdrucksache", "Kreistagsdrucksache",
        "Kreistagsvorlage", "Gemeinderatsvorlage", "Stadtratsvorlage", "Ratsvorlage",
        # motions by their purpose
        "Haushaltsantrag", "Prüfantrag", "Zusatzantrag", "Eilantrag", "Fraktionsantrag", "Gemeinsamer Antrag",
    )
}
# The old spelling, still printed by some templates (Stuttgart's "Beschlußvorlage").
PAPER_TYPES.update({k.replace("beschluss", "beschluß"): v for k, v in PAPER_TYPES.items()
                    if "beschluss" in k})
GENERIC_TYPES = frozenset(("Vorlage", "Drucksache"))  # a more specific kind printed as well wins
TYPE_WORDS = "|".join(sorted((regex.escape(k) for k in PAPER_TYPES), key=len, reverse=True))
# A line that is the paper's kind: "Beschlussvorlage", "BESCHLUSSVORLAGE", "1. Nachtrag",
# "Antrag der SPD-Fraktion", "KLEINE ANFRAGE<TAB>...".
TYPE_LINE = regex.compile(
    rf"(?mi)^[ \t]*(?:[-–][ \t]*)?(?:\d{{1,2}}\.[ \t]+)?(?:(?:nicht[ \t-]?)?öffentliche[ \t]+)?(?P<type>{TYPE_WORDS})(?![\w-])"
    rf"(?P<rest>[ \t]*(?:$|\t|[-–][ \t]*$|[ \t]+(?:nicht[ \t-]?)?öffentlich[ \t]*$|[ \t]+(?:der|des|zur|zum|von|an|gem\.|gemäß|nach)(?!\w)[^\n]*$"
    rf"|[ \t]*(?:[-–][ \t]*|\()(?:nicht[ \t-]?)?öffentlich(?:\)|[ \t]*[-–])?[ \t]*$))"  # "- öffentlich -"
)
# The kind as the right-hand column of a letterhead line: "Kreis Nordhagen<spaces>Beschlussvorlage".
TYPE_COLUMN = regex.compile(rf"(?mi)(?<=\S)(?<!\b(?:zur|zum|der|die|eine[rn]?|als|diese[rn]?))[ \t]+"
                            rf"(?P<type>{TYPE_WORDS})[ \t]*$")

# The kind as a labelled field: "Vorlage-Art: Beschlussvorlage", "Vorlagenart: Mitteilungsvorlage".
TYPE_FIELD = regex.compile(
    rf"(?mi)^[ \t]*(?:Vorlage-?n?-?art|Art[ \t]+der[ \t]+Vorlage|Vorlagentyp|Dokumentart)[ \t]*:[ \t]*"
    rf"(?P<type>{TYPE_WORDS})(?![\w-])"
)
# The kind opening a line that goes on with the paper's number or date in another column:
# "BESCHLUSSVORLAGE      BSV/24/01234", "Beschlussvorlage      Datum: 27.02.2024".
TYPE_BEFORE_FIELD = regex.compile(
    rf"(?mi)^[ \t]*(?P<type>{TYPE_WORDS})(?![\w-])[ \t]+"
    rf"(?:(?:(?:Vorlagen?|Drucksachen?|Antrag|Anfrage)(?:[- ]?(?:Nr\.?|Nummer))?|Nr\.?|Nummer)[ \t]*:?[ \t]*)?"
    rf"(?:[\p{{L}}/.-]*\d[\w/.-]*|(?:Datum|vom)\b[^\n]*)[ \t]*$"
)

# ----------------------------------------------------------------------------------- attachment

# The heading of an attachment: "Anlage 1 zu BV/0197/2026", "Anlage 4 zum Beschlussentwurf
# „Kommunales Integrationsmanagement NRW“", "Anlage 2 zur Vorlage Nr. 2023/0575".
ATTACHMENT_HEADING = regex.compile(
    r"(?<![\w-])(?P<label>Anlage[ \t]+(?:\d{1,2}[a-z]?|[A-Z])(?:\.\d{1,2})?)(?![\w.])"
    r"(?P<rest>[ \t]+(?:zu[mr]?|zu[ \t]+der)\b[^\n]*)"
)
QUOTED = regex.compile(r"[„\"“»‚'](?P<title>[^„\"“”»«\n]{3,200})[“\"”«‘']")
ATTACHMENT_LINES = 3  # the heading stands among the first lines of an attachment

# --------------------------------------------------------------------------------------- subject

# A line that is a field, not a title: "Gremium: Rat", "Sitzung am: 13.06.2024", "Tel.: 0261 ...".
FIELD_LINE = regex.compile(r"^[\w./() -]{1,40}:(?:[ \t]|$)")
ADDRESS_LINE = regex.compile(r"^(?:An[ \t]+(?:alle|die|den|das)|Sehr[ \t]+geehrte[rn]?|Auskunft|Seite[ \t]+\d)\b")
SESSION_LINE = regex.compile(
    r"(?:(?:Vorlage[ \t]+)?(?:zur|für[ \t]+die)[ \t]+)?(?:Sitzung|Sitzungstermin|Sitzungsdatum|Termin)\b"
    r"(?:[^\n\d]{0,12}|[^\n\d]{0,120}[ \t](?:am|vom)[ \t]+)\d{1,2}\.\d{1,2}\.\d{2,4}"
)
ORG_LINE = regex.compile(
    rf"^(?:{TOWN_PREFIX}|Dezernat|Fachbereich|Fachdienst|Fachgebiet|Sachgebiet|Stabsstelle|Amt|Referat|Geschäftsbereich|Der[ \t]+(?:Ober)?[Bb]ürgermeister"
    r"|Die[ \t]+(?:Ober)?[Bb]ürgermeisterin|Der[ \t]+Landrat|Die[ \t]+Landrätin|(?:Der[ \t]+)?Magistrat"
    r"|(?:Der[ \t]+)?Kreisausschuss|(?:Der[ \t]+)?Gemeindevorstand|Landratsamt|Landkreis|Bezirksamt|Verfasser|Federführung|(?:ENTWURF|Entwurf)(?=[ \t]*$)|öffentlich|nichtöffentlich|nicht[ \t]+öffentlich)\b"
)
# A title goes on to the next line after a word that cannot end it: "Sitzung des Ausschusses für⏎".
OPEN_END = regex.compile(
    r"(?:\b(?:für|der|des|den|dem|die|das|und|oder|am|im|in|an|auf|von|vom|zur|zum|zu|mit|bei|über)|[-–,])$"
)
OPENING_QUOTE = "„\"“»‚"
MAX_SUBJECT = 400
# A paragraph of running text after a Betreff's title: ten words or more, ending a sentence or
# opening a quotation ("... folgende Vorlage vorzulegen:"); not a "hier: ..." line of the title.
# Header lines that are no title: a field with its date ("Datum 03.03.2025"), Hannover's way through
# the committees ("In den Verwaltungsausschuss", "In die Ratsversammlung"), the state's letterhead
# of a city-state ("Freie und Hansestadt Hamburg"), a row of column titles ("Gremium Sitzung am
# Beratung"), the kind and its status ("Beschlussvorlage öffentlich"), the meeting a paper is for
# ("Vorlage für die Sitzung der Deputation für … am 07.03.2024").
NOT_A_TITLE = regex.compile(
    r"(?:\p{L}+[ \t]+){0,3}\d{1,2}\.\d{1,2}\.\d{2,4}$"
    r"|In[ \t]+(?:den|die|das)[ \t]+\p{Lu}[^\n]*$(?<!\.)"
    r"|Freie(?:[ \t]+und)?[ \t]+Hansestadt[ \t]+\p{Lu}\p{L}+$"
    r"|(?:(?:Gremium|Gremien|Sitzung|Sitzungstermin|Sitzungsdatum|am|Beratung|Datum|Termin|Zuständigkeit|Status"
    r"|TOP|Ergebnis|Behandlung|Beratungsfolge|Rolle|Öffentlichkeit|ö|nö)(?:[ \t]+|$)){2,}$"
    rf"|(?:{TYPE_WORDS})[ \t]+(?:nicht[ \t-]?)?öffentlich$"
    r"|[^\n]{0,80}\bSitzung[ \t]+(?:des|der)[ \t][^\n]{3,120}[ \t](?:am|vom)[ \t]+\d{1,2}\.\d{1,2}\.\d{2,4}$",
    regex.IGNORECASE,
)
STATUS_ONLY = regex.compile(r"(?i)[-–(]?[ \t]*(?:nicht[ \t-]?)?öffentlich[ \t]*[-–)]?")
# The kind and what it is for or who files it, printed over the title: not the title.
KIND_AND_OCCASION = regex.compile(
    r"(?:Vorlage|Beschlussvorlage|Sitzungsvorlage|Mitteilungsvorlage|Informationsvorlage|Antrag|Anfrage)[ \t]+"
    r"(?:(?:für[ \t]+die|zur)[ \t]+Sitzung\b.*\b(?:am|vom)[ \t]+\d{1,2}\.\d{1,2}\.\d{2,4}"
    r"|(?:für|an)[ \t]+(?:die|den|das)[ \t]+\S+"  # "Vorlage für die Stadtverordnetenversammlung"
    r"|(?:der|des)[ \t]+(?:\S+[ \t]+){0,2}?(?:Fraktion|Fraktionen|Gruppe|Ratsfraktion|Ratsmitglieder|Einzelmitglied)\b.*)$"
)
# A row of a consultation table: the date, then only a status or a role.
TABLE_ROW_LINE = regex.compile(
    r"[^\n]*\d{1,2}\.\d{1,2}\.\d{2,4}(?:[ \t]+(?:öffentlich|nichtöffentlich|nicht[ \t]öffentlich|Vorberatung"
    r"|Entscheidung|Kenntnisnahme|Beschluss(?:fassung)?|Beratung|Anhörung|Ö|N|NÖ))+$"
)
# A Betreff's further paragraph that still belongs to it: "hier: …", "- Vergabe", a lower-case or
# bracketed continuation, a quoted title; not "Der Stadtrat nimmt die Information zur Kenntnis.".
TITLE_PARAGRAPH = regex.compile(r"(?i:hier\b)|[-–(„\"]|\p{Ll}")
PROSE_PARAGRAPH = regex.compile(r"(?!hier\b)(?:\S+\s+){9,}\S*[.:]$", regex.DOTALL)
MAX_TITLE_LINES = 6  # a title printed without a label wraps over a few lines at most


def extract(text: str, sections: Sequence[Section] = ()) -> list[HeaderField]:
    """The header fields of the paper in ``text`` (normalised), sorted by position; never raises."""
    try:
        return _extract(text or "", list(sections) or find_sections(text or ""))
    except Exception:  # one odd paper must not stop a corpus run
        return []


def header_values(fields: Sequence[HeaderField]) -> dict[str, Optional[str]]:
    """``{"body": ..., "reference": ..., ...}`` from the fields (first of each kind)."""
    values: dict[str, Optional[str]] = {}
    for f in fields:
        values.setdefault(f.field, f.value)
    return values


def _extract(text: str, sections: list[Section]) -> list[HeaderField]:
    header_end = _header_end(text, sections)
    hidden = [(s.start, _hidden_end(text, s)) for s in sections if s.name in HEADER_SECTIONS]
    attachment = _attachment_heading(text)
    body = _body(text)
    minutes = MINUTES_LINE.search(text, 0, _first_lines_end(text, LETTERHEAD_LINES))
    if minutes and not _kind_printed_before(text, minutes.start()):
        found = [f for f in _minutes_fields(text, sections, minutes, body) if f is not None]
        return sorted(found, key=lambda f: (f.start, f.field))
    reference, reference_label = _reference(text, header_end, hidden, attachment)
    fields: list[Optional[HeaderField]] = [
        body,
        reference,
        _type(text, header_end, hidden, attachment, reference_label),
        _date(text, header_end, hidden, sections, reference, body.value if body else None),
        _subject(text, sections, header_end, attachment),
    ]
    if attachment is not None:
        fields.extend(_attachment_fields(attachment))
    found = [f for f in fields if f is not None]
    return sorted(found, key=lambda f: (f.start, f.field))


# ------------------------------------------------------------------------------------- minutes

# Minutes and excerpts of them name their kind in the first lines: "Niederschrift⏎über die Sitzung des
# Rates", "Auszug aus der Niederschrift", "Auszug - Rat der Stadt Delmenhorst - 26.09.2024",
# "Beschlussauszug⏎aus der öffentlichen Sitzung des Gemeinderats", "Protokoll".
MINUTES_LINE = regex.compile(
    rf"(?m)^[ \t]*(?P<kind>{'|'.join(sorted(MINUTES_KINDS, key=len, reverse=True))})(?![\w-])"
    r"(?=[ \t]*(?:$|aus\b|über\b|[-–]|der\b|des\b|zur\b))"
)
# An agenda item: "TOP 7   Vorlage Nr. 2024/0456", "TOP Ö 11   Haushaltssatzung …", "§ 142   Sanierung …".
AGENDA_ITEM = regex.compile(
    r"(?m)^[ \t]*(?:TOP|Tagesordnungspunkt|§)[ \t]*(?:[ÖN][ \t]*)?\d{1,3}(?:\.\d{1,2})?[a-z]?(?=[ \t]|$)"
)


def _kind_printed_before(text: str, pos: int) -> bool:
    """A paper of another kind printed above the minutes' word: "Mitteilungsvorlage⏎Protokoll der
    Sitzung des Beirats" is a Vorlage about minutes, not minutes."""
    return any(PAPER_TYPES[" ".join(m.group("type").lower().split())] not in MINUTES_KINDS
               for m in TYPE_LINE.finditer(text, 0, pos))


def _minutes_fields(text: str, sections, minutes: regex.Match, body: Optional[HeaderField]):
    """Minutes and their excerpts: the kind as printed; no number of their own (the Vorlagen of the
    agenda items are references, not this paper's number); the date of the signature ("Bergheim,
    21.03.2024"), not the session's; for an excerpt of one item, the item's title as subject."""
    kind = minutes.group("kind")
    yield body
    yield _field("type", text, minutes.start("kind"), minutes.end("kind"), PAPER_TYPES[kind.lower()])
    yield _signature_date(text, sections)
    items = list(AGENDA_ITEM.finditer(text))
    if len(items) == 1:
        yield _agenda_title(text, items[0].end())


def _agenda_title(text: str, pos: int) -> Optional[HeaderField]:
    """The title of an agenda item: its lines up to a blank line, without the paper's number."""
    start = end = None
    for a, b in _lines(text, pos, min(len(text), pos + 600)):
        line = text[a:b]
        stripped = line.strip()
        if not stripped:
            if start is not None:
                break
            continue
        labelled = paper_numbers.LABELLED.match(stripped)
        if labelled:
            rest = stripped[labelled.end():].strip()
            if not rest:
                continue  # "Vorlage: 2024/0877" under the title
            a += line.index(rest)
        elif FIELD_LINE.match(stripped) and not stripped.lower().startswith("hier"):
            break  # "Beschlussart: …"; but "hier: Ausführungsbeschluss" goes on the title
        if start is None:
            start = a + len(text[a:b]) - len(text[a:b].lstrip())
        end = b
    return _subject_field(text, start, end) if start is not None else None


def _field(name: str, text: str, start: int, end: int, value: Optional[str]) -> HeaderField:
    return HeaderField(start=start, end=end, text=text[start:end], field=name, value=value)


def _header_end(text: str, sections: Sequence[Section]) -> int:
    for section in sections:
        if section.name not in HEADER_SECTIONS:
            return min(section.start, HEADER_LIMIT)
    return min(len(text), HEADER_LIMIT)


def _hidden_end(text: str, section: Section) -> int:
    """Where a header section stops hiding the fields after it: a form field after its line, a
    Betreff before the next field line."""
    if section.name in FIELD_SECTIONS:
        return _field_end(text, section)
    if section.name == "subject":
        return _before_next_field(text, section.body_start, section.end)
    return section.end


def _field_end(text: str, section: Section) -> int:
    """Where a one-line form field ends: its value's line (the heading's own or the next)."""
    end = text.find("\n", section.body_start)
    return min(section.end, len(text) if end < 0 else end)


def _outside(pos: int, hidden: Sequence[tuple[int, int]]) -> bool:
    return not any(start <= pos < end for start, end in hidden)


# ------------------------------------------------------------------------------------------ body

def _body(text: str) -> Optional[HeaderField]:
    """Who issued the paper: letterhead > "Der Bürgermeister der Stadt X" > the place-and-date line >
    the town most often named "Stadt X"."""
    for m in LETTERHEAD.finditer(text, 0, _first_lines_end(text, LETTERHEAD_LINES)):
        if m.group("place") and _is_place(m.group("place")):
            return _field("body", text, m.start("place"), m.end("place"), _one_line(m.group("place")))
        if m.group("district"):
            name = DISTRICT_GENITIVE.sub("", _one_line(m.group("district")))
            return _field("body", text, m.start("district"), m.end("district"), name)
        if m.group("district_office"):
            name = m.group("district_office")
            name = name if name.endswith("kreis") or name.endswith("-Kreis") else f"Landkreis {name}"
            return _field("body", text, m.start("district_office"), m.end("district_office"), name)
    for m in LETTERHEAD_SPLIT.finditer(text, 0, _first_lines_end(text, 3)):
        if _is_place(m.group("place")):
            return _field("body", text, m.start("place"), m.end("place"), m.group("place"))
    for pattern, spelling in ((GROUP_LETTERHEAD, lambda name: DISTRICT_GENITIVE.sub("", name)),
                              (CAPS_LETTERHEAD, _from_capitals)):
        for m in pattern.finditer(text, 0, _first_lines_end(text, LETTERHEAD_LINES)):
            group = "place" if m.group("place") else "district"
            name = spelling(_one_line(m.group(group)))
            if _is_place(name):
                return _field("body", text, m.start(group), m.end(group), name)
    for m in ISSUER.finditer(text):
        if _is_place(m.group("place")):
            return _field("body", text, m.start("place"), m.end("place"), _one_line(m.group("place")))
    places = [m for m in PLACE_DATE_LINE.finditer(text)
              if parse_date_text(m.group("date")) and _is_place(m.group("place"))]
    if places:
        # The signature's place (last) is the issuer's seat; a letter's top line names the same town.
        m = places[-1]
        return _field("body", text, m.start("place"), m.end("place"), m.group("place"))
    counts: Counter[str] = Counter()
    first: dict[str, regex.Match] = {}
    for m in TOWN_PHRASE.finditer(text):
        name = _one_line(m.group("place"))
        if _is_place(name):
            counts[name] += 1
            first.setdefault(name, m)
    if counts:
        best = max(counts, key=lambda name: (counts[name], -first[name].start()))
        m = first[best]
        return _field("body", text, m.start("place"), m.end("place"), best)
    # The issuer's place and date closing a letterhead line: "Die Senatorin für Bau …   Bremen, 12.03.2024".
    for m in PLACE_DATE_END.finditer(text, 0, _first_lines_end(text, 3)):
        if parse_date_text(m.group("date")) and _is_place(m.group("place")):
            return _field("body", text, m.start("place"), m.end("place"), m.group("place"))
    return None


def _from_capitals(name: str) -> str:
    """"BAD HONNEF" → "Bad Honnef", "MÜLHEIM AN DER RUHR" → "Mülheim an der Ruhr", "RHEIN-SIEG-KREIS"
    → "Rhein-Sieg-Kreis"; "ẞ" stays "ß" (a name printed with "SS" cannot be told from one with "ss")."""
    words = []
    for word in name.split(" "):
        lower = word.lower()
        if lower in CAPS_PARTICLES and words:
            words.append(lower)
        else:
            words.append(regex.sub(r"(?<![\w])\w", lambda m: m.group().upper(), lower))
    return " ".join(words)


def _is_place(name: str) -> bool:
    return not NOT_A_PLACE.search(_one_line(name))


_SPACES = regex.compile(r"\s+")


def _one_line(s: str) -> str:
    return _SPACES.sub(" ", s).strip()


def _first_lines_end(text: str, count: int) -> int:
    """Offset after the first ``count`` non-blank lines."""
    seen = 0
    for m in PRINTED_LINE.finditer(text):
        seen += 1
        if seen == count:
            return m.end()
    return len(text)


# ------------------------------------------------------------------------------------- reference

_NR_OR_COLON = regex.compile(r"Nr|:")


def _reference(text: str, header_end: int, hidden,
               attachment) -> tuple[Optional[HeaderField], Optional[regex.Match]]:
    """The paper's own number and the label it was printed with ("Vorlage Nr." names the kind).

    Labels come from ``paper_numbers.LABEL``; a number standing alone on a header line counts too."""
    empty_label = False
    other = None  # (number, label) in a shape we do not know, if no label has one we know
    for m in paper_numbers.LABEL.finditer(text, 0, header_end):
        if not _outside(m.start(), hidden) or _in_attachment_heading(m.start(), attachment):
            continue
        if not HEADER_LABEL.match(m.group("label")) and not _line_starts_at(text, m.start()) \
                and not KIND_COLUMN_BEFORE.fullmatch(text, _line_start(text, m.start()), m.start()):
            continue  # "... wie im Antrag 2024/12 gefordert" is another paper; "ANTRAG   Antrag Nr. 0087/24" its own
        if OTHER_PAPER_LABEL.match(m.group("label")):
            continue
        gap = LABEL_GAP.match(text, m.end())
        number = _number_at(text, gap.end())
        if number is None and SERIAL_LABEL.match(m.group("label")):
            number = _serial_at(text, gap.end())  # "Vorlage Nr. 1834"
        if number is None:
            number = _in_right_column(text, m.end(), _number_at)  # "Kiel   Drucksache⏎OB   0412/2024"
        if number is None and other is None and paper_numbers.KIND_LABEL.fullmatch(m.group("label")):
            unknown = _other_number_at(text, gap.end())  # a shape we do not know: "20/0816/XVII/2024"
            other = (unknown, m) if unknown else None
        if number is None:
            # "Vorlage Nr.:" with nothing after it on its line or the next one: an empty field.
            if _NR_OR_COLON.search(m.group("label")) and EMPTY_AFTER.match(text, m.end()):
                empty_label = True
            continue
        start, end, value = number
        return _field("reference", text, start, end, value), m
    if other is not None:
        return _field("reference", text, *other[0]), other[1]
    if empty_label:
        return None, None  # "Vorlage Nr.:" printed with nothing in it: no guessing
    # A number alone on its line near the top: Siegburg's "Dezernat IV⏎3360/VIII".
    for m in LINE_START.finditer(text, 0, header_end):
        if not _outside(m.end(), hidden):
            continue
        number = _number_at(text, m.end())
        if number is not None and LINE_END.match(text, number[1]):
            return _field("reference", text, *number), None
    # A self-labelled number closing a letterhead line: "Der Landrat<spaces>BV/0456/2021".
    top = min(header_end, _first_lines_end(text, LETTERHEAD_LINES))
    for m in paper_numbers.find_self_labelled(text, 0, top):
        if _outside(m.start(), hidden) and not _in_attachment_heading(m.start(), attachment) \
                and (LINE_END.match(text, m.end()) or DATE_COLUMN.match(text, m.end())):
            return _field("reference", text, m.start("number"), m.end("number"),
                          paper_numbers.normalize_reference(m.group("number"))), None
    return None, None


# The paper's date in the next column after its number, under a row of labels (Magdeburg:
# "Drucksache   Datum⏎DS0123/24   15.02.2024").
DATE_COLUMN = regex.compile(r"[ \t]+\d{1,2}\.\d{1,2}\.\d{2,4}[ \t]*(?:\n|\Z)")
# A row of field labels only: "Drucksache   Datum", "Vorlage-Nr.   Datum   Status".
LABEL_ROW = regex.compile(
    r"(?:(?:Drucksache|Vorlage(?:-?Nr\.?)?|Datum|Nummer|Nr\.?|Aktenzeichen|Az\.|Status|Seite|Dezernat|Amt)"
    r"(?![\w-])[ \t:]*){2,5}"
)


# What may stand before a paper's own "Antrag Nr." on its line: the kind in capitals, a letterhead's words.
KIND_COLUMN_BEFORE = regex.compile(r"(?:[ \t]*\p{Lu}[\p{Lu}\p{Ll}.-]*){1,3}[ \t]+")
# A two-column letterhead loses its columns in a text layer: the label ends one line, its value
# the next: "Landeshauptstadt Kiel   Drucksache⏎Der Oberbürgermeister   0412/2024", "Der Bürgermeister
# Datum:⏎Fachbereich 5 - Planen und Bauen   12.04.2024".
NEXT_LINE_LAST_WORD = regex.compile(r"[ \t]*\n[^\n]*?(?:(?<=[ \t])|^)(?=\S+[ \t]*(?:\n|\Z))", regex.M)


def _in_right_column(text: str, label_end: int, read):
    """``read(text, pos)`` of the last word of the next line, when the label ends its line."""
    m = NEXT_LINE_LAST_WORD.match(text, label_end)
    if not m:
        return None
    found = read(text, m.end())
    return found if found and LINE_END.match(text, found[1] if isinstance(found, tuple) else found.end) else None


def _number_at(text: str, pos: int) -> Optional[tuple[int, int, str]]:
    """(start, end, number as printed) of a paper number starting at ``pos``."""
    m = paper_numbers.NUMBER.match(text, pos)
    if not m or not paper_numbers.is_paper_number(m.group("number")):
        return None
    return m.start("number"), m.end("number"), paper_numbers.normalize_reference(m.group("number"))


OTHER_NUMBER = regex.compile(rf"(?P<number>{paper_numbers.OTHER_SHAPE})(?![\w/]|[.,-]\w)")


def _other_number_at(text: str, pos: int) -> Optional[tuple[int, int, str]]:
    """A number in a shape :mod:`extractors.paper_numbers` does not know, after a number label."""
    m = OTHER_NUMBER.match(text, pos)
    if not m or not paper_numbers.is_other_number(m.group("number")):
        return None
    return m.start("number"), m.end("number"), paper_numbers.normalize_reference(m.group("number"))


def _serial_at(text: str, pos: int) -> Optional[tuple[int, int, str]]:
    """A plain serial number after an explicit number label: "Vorlage Nr. 1834"."""
    m = SERIAL.match(text, pos)
    return (m.start(), m.end(), m.group(0)) if m else None


def _line_starts_at(text: str, pos: int) -> bool:
    return pos == 0 or text[pos - 1] in "\n\t"


def _in_attachment_heading(pos: int, attachment: Optional[regex.Match]) -> bool:
    return attachment is not None and attachment.start() <= pos < attachment.end()


# ------------------------------------------------------------------------------------------ type

def _type(text: str, header_end: int, hidden, attachment, reference_label) -> Optional[HeaderField]:
    """The kind of paper: a line that says it > the right-hand column of a letterhead line > an
    attachment heading > the word that labels the paper's number ("Vorlage Nr. 2024/3092" → Vorlage),
    even when the number itself is in a shape we do not know."""
    generic = None  # "Vorlage" says less than "Vorlage⏎Beschlussvorlage" or "Vorlage Nr.: …⏎Beschlussvorlage"
    for pattern, end in ((TYPE_FIELD, header_end), (TYPE_LINE, header_end),
                         (TYPE_COLUMN, _first_lines_end(text, LETTERHEAD_LINES)),
                         (TYPE_BEFORE_FIELD, header_end)):
        for m in pattern.finditer(text, 0, min(end, header_end)):
            if _outside(m.start(), hidden):
                found = _type_field(text, m.start("type"), m.end("type"))
                if found.value not in GENERIC_TYPES:
                    return found
                generic = generic or found
    if attachment is not None:  # "Anlage 1 zur Vorlage Nr. 2024/1187" over a table titled "Vorlage"
        return _field("type", text, attachment.start("label"), attachment.start("label") + len("Anlage"),
                      "Anlage")
    labels = [reference_label] if reference_label is not None else []
    labels += [m for m in paper_numbers.LABEL.finditer(text, 0, header_end)
               if _line_starts_at(text, m.start()) and _outside(m.start(), hidden)]
    for label in labels:
        word = LABEL_TYPE.match(text, label.start("label"))
        if word and word.group(0).lower() in PAPER_TYPES:
            found = _type_field(text, word.start(), word.end())
            if found.value not in GENERIC_TYPES:
                return found  # "Beschlussvorlage öffentlich⏎Drucksache Nr.: 0003/2015": the kind
            generic = generic or found
    return generic


def _type_field(text: str, start: int, end: int) -> HeaderField:
    return _field("type", text, start, end, PAPER_TYPES[" ".join(text[start:end].lower().split())])


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


# ------------------------------------------------------------------------------------------ date

# "Datum: 01.08.2023", "Vorlage: BV/0197/2026 Datum: 10.04.2026", a table cell "Datum<TAB>01.08.2023".
# The value may stand on the next line ("Datum:⏎02.05.2023"). A motion's date is when it was filed:
# "Eingereicht am: 09.10.2024", "Eingang: 09.10.2024". When the paper was written: "erstellt am:
# 05.03.2024", "Erstellungsdatum: 05.03.2024", "Ausfertigungsdatum: …".
DATE_LABEL = regex.compile(
    r"(?:^|(?<=[\t ]))(?:Datum|Eingereicht[ \t]+am|Eingang|Antragsdatum|Vorlagedatum"
    r"|[Ee]rstellt[ \t]+am|Erstellungsdatum|Ausfertigungsdatum|Stand(?=:))"
    r"(?::[ \t]*(?:\n[ \t]*){0,2}|[ \t]*\t[ \t]*|(?<=^Datum)[ \t]+"
    r"|(?<=Datum|Erstellungsdatum|Vorlagedatum)[ \t]+(?=\d{1,2}\.\d{1,2}\.\d{2,4}[ \t]*$)"  # "… Datum 18.04.2024"
    r"|(?<=^Datum)[ \t]*\n[ \t]*(?=\d{1,2}\.\d{1,2}\.\d{2,4}))",  # "Datum⏎05.09.2024"
    regex.M,
)
DATE_LABEL_AT_LINE_END = regex.compile(r"(?m)(?<=[ \t])(?:Datum|Erstellungsdatum|Vorlagedatum):?(?=[ \t]*$)")
# A date alone at the end of a letterhead line, after a gap; not a meeting's ("Sitzung am 12.03.2024").
DATE_CLOSING_LINE = regex.compile(r"(?m)(?<=\S[ \t]+)(?P<date>\d{1,2}\.\d{1,2}\.(?:19|20)\d\d)[ \t]*$")
MEETING_BEFORE = regex.compile(r"(?i)\b(?:am|vom|bis|ab|Sitzung\w*|Termin|Frist|Eingang)\b")
# The date beside the paper's own number: "Vorlage Nr. 2024/0123 vom 12.03.2024",
# "Vorlage 2024/0123 | 12.03.2024" (a letterhead table's cells on one line).
DATE_AFTER_REFERENCE = regex.compile(
    rf"[ \t]*(?:vom[ \t]+|[|,–-][ \t]*|{PLACE},[ \t]*(?:den[ \t]+)?)?")  # "… Nr. 2025/0231   Meppen, 07.02.2025"
# Leverkusen prints the value above its label: "08.11.2024⏎⏎Datum".
DATE_ABOVE_LABEL = regex.compile(r"(?m)^[ \t]*(?P<value>[^\n]{6,24}?)[ \t]*\n(?:[ \t]*\n)*[ \t]*Datum[ \t]*$")


def _date(text: str, header_end: int, hidden, sections: Sequence[Section],
          reference: Optional[HeaderField] = None, body: Optional[str] = None) -> Optional[HeaderField]:
    """The paper's date: a labelled date > one beside the paper's number > a value above its
    label > a place-and-date line in the header > the issuer's place and a date closing a header
    line > one in the signature. Meeting dates ("Sitzung am:", the Beratungsfolge) never count."""
    for m in DATE_LABEL.finditer(text, 0, header_end):
        if not _outside(m.start(), hidden):
            continue
        found = _date_at(text, m.end())
        if found:
            return found
    for m in DATE_LABEL_AT_LINE_END.finditer(text, 0, header_end):  # "Der Bürgermeister   Datum:⏎… 12.04.2024"
        if _outside(m.start(), hidden):
            found = _in_right_column(text, m.end(), _date_at)
            if found:
                return found
    if reference is not None:
        found = _date_at(text, DATE_AFTER_REFERENCE.match(text, reference.end).end())
        if found:
            return found
    for m in DATE_ABOVE_LABEL.finditer(text, 0, header_end):
        if _outside(m.start(), hidden):
            found = _date_at(text, m.start("value"))
            if found:
                return found
    for m in PLACE_DATE_LINE.finditer(text, 0, header_end):
        if _outside(m.start(), hidden):
            found = _date_at(text, m.start("date"))
            if found:
                return found
    if body:  # "Vorlage Nr. 123/2024          Trier, den 12. Februar 2024": the right-hand column
        for m in PLACE_DATE_END.finditer(text, 0, header_end):
            if (body in (m.group("place"), f"Landkreis {m.group('place')}", f"Kreis {m.group('place')}")
                    or body.startswith(m.group("place") + " ")) \
                    and _outside(m.start(), hidden):
                found = _date_at(text, m.start("date"))
                if found:
                    return found
    for m in DATE_CLOSING_LINE.finditer(text, 0, _first_lines_end(text, LETTERHEAD_LINES)):
        # "Amt für Sportförderung   05.03.2024", "Stadt Halle (Saale)   11.03.2025": the right-hand column
        if _outside(m.start(), hidden) and not MEETING_BEFORE.search(text, _line_start(text, m.start()), m.start()):
            found = _date_at(text, m.start("date"))
            if found:
                return found
    return _signature_date(text, sections)  # "Siegburg, 12.06.2024" under the Beschlussvorschlag


def _signature_date(text: str, sections: Sequence[Section]) -> Optional[HeaderField]:
    """The place-and-date line of the signature: "Bergheim, 21.03.2024"."""
    for section in sections:
        if section.name == "signature":
            for m in PLACE_DATE_LINE.finditer(text, section.start, section.end):
                found = _date_at(text, m.start("date"))
                if found:
                    return found
    return None


def _date_at(text: str, pos: int) -> Optional[HeaderField]:
    m = DATE.match(text, pos)
    if not m:
        return None
    day = parse_date_text(m.group(0))
    if day is None:
        return None
    return _field("date", text, m.start(), m.end(), day.isoformat())


# --------------------------------------------------------------------------------------- subject

def _subject(text: str, sections, header_end: int, attachment) -> Optional[HeaderField]:
    for section in sections:
        if section.name == "subject" and section.end > section.body_start:
            start, end = section.body_start, section.end
            end = _before_next_field(text, start, end)
            blank = text.find("\n\n", start, end)
            if end - start > MAX_SUBJECT:  # a Betreff runs to its first blank line at most
                end = blank if blank > 0 else start + MAX_SUBJECT
            elif blank > 0 and (PROSE_PARAGRAPH.match(text[blank:end].strip())
                                or not TITLE_PARAGRAPH.match(text[blank:end].strip())):
                end = blank  # "Betreff: X⏎⏎Der Magistrat hat in seiner Sitzung … vorzulegen:"
            return _subject_field(text, start, end)
    if attachment is not None:
        before = text[_line_start(text, attachment.start()):attachment.start()].strip()
        if len(before.split()) >= 2:  # "Übersicht der vergleichenden Standortbewertung Anlage 1 zu ..."
            start = _line_start(text, attachment.start())
            start += len(text[start:attachment.start()]) - len(text[start:attachment.start()].lstrip())
            return _subject_field(text, start, start + len(before))
        next_line = text.find("\n", attachment.end())
        block = _title_block(text, next_line + 1, header_end) if next_line >= 0 else None
        return _subject_field(text, *block) if block else None
    tables = [(s.start, s.end) for s in sections if s.name == "consultation"]
    block = _title_block(text, 0, header_end, tables)
    return _subject_field(text, *block) if block else None


# Header fields that follow a Betreff without a blank line: ALLRIS prints "Betreff: X⏎Status:
# öffentlich⏎Vorlage-Art: Beschlussvorlage⏎Datum: 12.03.2024".
KNOWN_FIELD = regex.compile(
    r"(?i)^[ \t]*(?:Status|Vorlage-?n?-?[Aa]rt|Datum|Verfasser(?:in)?|Federführ\w*|Organisationseinheit|Einreicher(?:in)?"
    r"|Aktenzeichen|Az\.|Kurzfassung|Zuständigkeit|Bearbeiter(?:in)?|Sachbearbeiter(?:in)?|Ansprechpartner(?:in)?"
    r"|Dezernat|Fachbereich|Amt|Telefon|Beteiligt\w*|Berichterstatter(?:in)?|Antragsteller(?:in)?|Öffentlichkeit"
    r"|Beratungsfolge|Gremium|Sitzung\w*|Bezug|Bezüge|Anlass)[ \t]*:"
)


def _before_next_field(text: str, start: int, end: int) -> int:
    """A Betreff's end at the first field line after its first line: a known header field, or any
    "Label:" line after a blank line ("hier: …" lines belong to the title)."""
    first_line_end = text.find("\n", start, end)
    if first_line_end < 0:
        return end
    pos, after_blank = first_line_end + 1, False
    while pos < end:
        line_end = text.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        line = text[pos:line_end]
        if not line.strip():
            after_blank = True
        elif KNOWN_FIELD.match(line) or (after_blank and FIELD_LINE.match(line.strip())
                                         and not line.lstrip().lower().startswith("hier")):
            return pos
        elif after_blank and (TYPE_LINE.fullmatch(line) or ADDRESS_LINE.match(line.strip())):
            return pos  # Heidelberg: "Betreff: …⏎⏎Beschlussvorlage"; a letter's "Sehr geehrter …"
        pos = line_end + 1
    return end


def _subject_field(text: str, start: int, end: int) -> Optional[HeaderField]:
    end = start + len(text[start:end].rstrip())
    value = fold_lines(text[start:end]).rstrip(",; ")
    if not value:
        return None
    return _field("subject", text, start, end, value)


def _lines(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = nl if nl >= 0 else end
        yield pos, line_end
        pos = line_end + 1


def _title_block(text: str, start: int, end: int,
                 tables: Sequence[tuple[int, int]] = ()) -> Optional[tuple[int, int]]:
    """The first title in ``text[start:end]``: a title-like line and the lines it runs on into.
    A Beratungsfolge table (``tables``) is no title, up to the first blank line after its rows."""
    if end <= start:
        end = min(len(text), start + HEADER_LIMIT)
    lines = list(_lines(text, start, end))
    in_table = False
    skip_until = -1  # the end of a block read and found to be no title
    for index, (a, b) in enumerate(lines):
        if a < skip_until:
            continue
        line = text[a:b].strip()
        if any(t_start == a for t_start, _ in tables):
            in_table = True
        if in_table:
            in_table = bool(line)  # the table's rows run to a blank line
            continue
        if not line:
            continue
        following = _continuation(text, lines, index)
        if not _title_like(line, continues=bool(following)):
            continue
        block_end = b
        for c, d in following:
            block_end = d
        if KIND_AND_OCCASION.match(" ".join(text[a:block_end].split())):
            skip_until = block_end  # "Vorlage⏎für die Sitzung der Deputation … am 07.03.2024", "Antrag⏎der Fraktionen …"
            continue
        return a, block_end
    return None


def _continuation(text: str, lines, index: int) -> list[tuple[int, int]]:
    """Lines after ``lines[index]`` that carry on its title (no blank line in between)."""
    out = []
    previous = text[lines[index][0]:lines[index][1]].strip()
    for a, b in lines[index + 1:index + MAX_TITLE_LINES]:
        line = text[a:b].strip()
        if not line or previous.endswith((".", ":")) and not line.startswith(tuple(OPENING_QUOTE)):
            break
        if not (OPEN_END.search(previous) or line[0].islower() or line.startswith(tuple(OPENING_QUOTE))
                or line.startswith(("- ", "– "))  # a subtitle: "⏎- Vergabe", "⏎– Baubeschluss"
                or _wrapped_last_line(text, lines, index + 1 + len(out), previous)):
            break
        if FIELD_LINE.match(line) or ADDRESS_LINE.match(line) or STATUS_ONLY.fullmatch(line):
            break  # a field, an address, the paper's status ("öffentlich") under its kind
        out.append((a, b))
        previous = line
        if line.endswith((",", ".")) and not OPEN_END.search(line[:-1]):
            break
    return out


WRAP_WIDTH = 55  # a line this long broke at the margin; a short one ended where its words did


def _wrapped_last_line(text: str, lines, index: int, previous: str) -> bool:
    """``lines[index]`` ends a title that wrapped at the margin: the line before it is long and a
    blank line (or the end) follows it ("… Schulstraße am Bildungszentrum⏎Tor zur Welt erproben")."""
    if len(previous) < WRAP_WIDTH or index >= len(lines):
        return False
    after = lines[index + 1] if index + 1 < len(lines) else None
    return after is None or not text[after[0]:after[1]].strip()


def _title_like(line: str, continues: bool) -> bool:
    """A line that can start a title: not a sentence, field, address, letterhead, number or outline
    heading; two words at least unless the title runs on."""
    if len(line) > 250 or line.endswith((".", ":", ";")) and not continues:
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in OPENING_QUOTE):
        return False
    if FIELD_LINE.match(line) or ADDRESS_LINE.match(line) or ORG_LINE.match(line):
        return False
    if line.isupper() and CAPS_LETTERHEAD.match(line):  # "STADT KARLSRUHE"
        return False
    letterhead = LETTERHEAD.match(line)
    if letterhead and not line[letterhead.end():].strip():  # "Hanse- und Universitätsstadt Rostock"
        return False
    if PLACE_DATE_LINE.match(line) or PLACE_DATE_END.search(line) or _number_at(line, 0) and "/" in line and len(line) < 30:
        return False
    if SESSION_LINE.match(line) or LABEL_ROW.fullmatch(line) or NOT_A_TITLE.match(line) or TABLE_ROW_LINE.match(line):
        return False  # "Sitzung am 16.04.2024", "Drucksache   Datum", "Datum 03.03.2025", …
    words = line.split()
    if len(words) <= 4 and (paper_numbers.is_paper_number(words[-1]) or paper_numbers.LABELLED.search(line)):
        return False  # "Rostock 2024/BV/1234", "Lfd. Nr. 21/123 (S)": a letterhead's column and the number
    if paper_numbers.LABELLED.match(line):
        return False  # "Sitzungsvorlage Nr. 20-26 / V 12345", "Drucksache DS/1234/VI Gemeinderat": the number
    if TYPE_LINE.match(line) and not continues:
        return False  # "Beschlussvorlage" alone; "1. Nachtrag⏎zur Sitzung ..." is a title
    if line[0].isdigit() and not TYPE_LINE.match(line):
        return False  # "1. Allgemeines", "2.1.7:" are outline numbers
    return len(line.split()) >= 2 or continues


# ------------------------------------------------------------------------------------ attachment

def _attachment_heading(text: str) -> Optional[regex.Match]:
    top = _first_lines_end(text, ATTACHMENT_LINES)
    return ATTACHMENT_HEADING.search(text, 0, top)


def _attachment_fields(m: regex.Match) -> list[HeaderField]:
    text = m.string
    fields = [_field("attachment_label", text, m.start("label"), m.end("label"),
                     _one_line(m.group("label")))]
    rest_start = m.start("rest")
    quoted = QUOTED.search(text, rest_start, m.end("rest"))
    if quoted:
        fields.append(_field("attachment_of_title", text, quoted.start("title"), quoted.end("title"),
                             fold_lines(quoted.group("title"))))
    for pos in range(rest_start, m.end("rest")):
        if text[pos - 1] in " \t" and (quoted is None or not quoted.start() <= pos < quoted.end()):
            number = _number_at(text, pos)
            if number is not None and "/" in number[2]:
                start, end, value = number
                fields.append(_field("parent", text, start, end, value))
                break
    return fields
