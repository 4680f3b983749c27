"""The words that make a sentence a commitment: cue lexicons and the pure rules that read them.

Every cue :mod:`pipeline.commitments` relies on is declared here, once, with the printed shape
that motivated it. The functions are pure (text in, answer out), so each rule can be tested on
a sentence without a database.

A *statement* is the text a commitment is read from: an item of the paper's own
Beschlussentwurf, or a sentence in which a later paper reports what an earlier resolution said
("Am 04.04.2022 hat der Rat ... beschlossen, dass ... (Vorlage Nr. 2022/1410)").
"""
from __future__ import annotations

from typing import Optional

import regex

from pipeline.normalize import fold_lines

_I = regex.IGNORECASE
_WS = r"\s+"

# --- kinds of commitment -----------------------------------------------------------------------

# Withdrawing an earlier resolution: "beschließt die Aufhebung der Ratsbeschlüsse vom ...",
# "Der Beschluss vom ... wird aufgehoben", "hebt seinen Beschluss ... auf", "Widerruf".
RESCIND = regex.compile(
    r"\b(?:Aufhebung|aufheben|aufzuheben|aufgehoben|Widerruf|widerrufen|widerruft|Rücknahme"
    r"|zurückzunehmen|zurückgenommen)\b|\bhebt\b[^.;]{0,150}?\bauf\b", _I)
# ... and what is withdrawn must be a resolution or a paper, not a budget freeze or a road.
RESOLUTION_WORD = regex.compile(r"beschl(?:uss|usses|üsse|üssen)\b|\bVorlage\b|\bDrucksache\b", _I)

# Sums a body takes on beyond a grant: "Übernahme der Mehrkosten", "Eigenanteil", "ungedeckte
# Kosten", "die Differenz zur Förderung", "Kofinanzierung", "kommunaler Anteil".
EXTRA_COST = regex.compile(
    r"\b(?:Mehrkosten|Mehraufwendungen|Eigenanteils?|Eigenmittel|ungedeckten?\s+Kosten"
    r"|Differenz(?:betrag|betrages)?|Finanzierungslücke|Restkosten|Restfinanzierung"
    r"|Kofinanzierung|kommunalen?\s+Anteils?)\b", _I)
# The whole cost, typically for the case that the funder stops: "Übernahme der Gesamtkosten ...,
# sollte das Programm wider Erwarten von Landesseite beendet werden", "volle Finanzierung".
TOTAL_COST = regex.compile(
    r"\b(?:Gesamtkosten|gesamten\s+Kosten|vollen\s+Kosten|Vollfinanzierung"
    r"|vollständigen?\s+Finanzierung|volle\s+Finanzierung)\b", _I)
# Taking a cost on: "zur Übernahme ... bereitzustellen", "trägt die Stadt", "finanziert",
# "im Haushalt sichergestellt", "zur Verfügung zu stellen", "einzuplanen", "veranschlagt",
# "die Mehrkosten ... aus dem Budget des Fachbereichs zu decken".
COVER = regex.compile(
    r"\b(?:Übernahme|übernehmen|übernimmt|übernommen|zu\s+übernehmen|bereitzustellen|bereitgestellt"
    r"|bereitstellen|Bereitstellung|zu\s+tragen|trägt|getragen|finanzieren|finanziert|Finanzierung"
    r"|sicherzustellen|sichergestellt|zur\s+Verfügung\s+zu\s+stellen|einzuplanen|eingeplant"
    r"|veranschlagen|veranschlagt|zu\s+decken|gedeckt)\b", _I)

# Creating posts: "die Einrichtung einer neuen unbefristeten Vollzeitstelle", "Schaffung von zwei
# Stellen", "Ausweisung im Stellenplan", "Aufstockung um 0,5 Stellen", "die ... geförderten
# 9,5 VZÄ Case-Management dauerhaft im Stellenplan abzubilden", "Der Stellenplan ist zu ergänzen".
CREATE = regex.compile(
    r"\b(?:Einrichtung|einzurichten|eingerichtet|einrichten|Schaffung|zu\s+schaffen|geschaffen"
    r"|schafft|Ausweisung|auszuweisen|ausgewiesen|Aufstockung|aufzustocken|aufgestockt"
    r"|Stellenmehrung)\b"
    r"|\bStellenplan\w*\b[^.;]{0,80}?\b(?:abzubilden|abgebildet|aufzunehmen|aufgenommen|vorzusehen"
    r"|zu\s+ergänzen|ergänzt|zu\s+erweitern|erweitert)\b", _I)
# A post, as the noun of what is created: "Stelle(n)", "Vollzeitstelle", "Casemanagement-Stellen",
# "VZÄ". Offices ending in "-stelle" (Beratungsstelle, Kostenstelle) are not posts.
POST = regex.compile(
    r"(?<![\w-])(?:(?:Vollzeit|Teilzeit|Personal|Plan|Projekt)?[Ss]tellen?|[\w]+-Stellen?"
    r"|VZÄ\w*|Vollzeitäquivalente?n?)(?![\w-])")
# One post named with a definite article and no count: "die Einrichtung der Stelle im
# Stellenplan" (the post the Sachverhalt described).
ONE_POST = regex.compile(
    r"\b(?:der|die|dieser|diese)\s+(?:[\w-]+\s+){0,2}?(?:Vollzeit|Teilzeit|Personal|Plan)?[Ss]telle\b"
    r"(?!n)")

# Whether created posts are permanent, where the count itself does not say: "9,5 VZÄ ...
# dauerhaft im Stellenplan abzubilden", "auf Dauer", "befristet bis 31.12.2026".
PERMANENT = regex.compile(r"\b(?:unbefristet\w*|dauerhaft\w*|auf\s+Dauer)\b", _I)
TEMPORARY = regex.compile(r"(?<!un)\bbefristet\w*", _I)

# Conditions a promise depends on: "sollte das Programm wider Erwarten von Landesseite beendet
# werden", "falls die Förderung entfällt", "bei Einstellung der Förderung".
CONDITION = regex.compile(
    r"\b(?:sollte|sollten|falls|wenn|sofern|für\s+den\s+Fall,?\s+dass)\b[^.;]{0,160}?"
    r"\b(?:beendet|eingestellt|endet|enden|entfällt|entfallen|wegfällt|wegfallen|ausläuft"
    r"|auslaufen|gekürzt|gestrichen)\b(?:\s+(?:werden|wird|sollte|sollten))?"
    r"|\bbei\s+(?:Einstellung|Wegfall|Auslaufen|Beendigung|Ende)\s+(?:der|des)\s+(?:\w+\s+)?"
    r"(?:Förderung|Landesförderung|Förderprogramms?|Programms?|Zuwendung|Finanzierung)", _I)

# --- when and how often ---------------------------------------------------------------------------

# First year a sum or promise applies: "ab Haushaltsjahr: 2025", "ab dem Jahr 2025", "ab 2025",
# "Für 2025ff.", "für das Jahr 2022", "2,0 Stellen im Stellenplan 2026 auszuweisen".
# "über das Jahr 2022 hinaus" starts the year after.
FROM_YEAR = regex.compile(
    r"\bab[ \t]+(?:dem[ \t]+)?(?:(?:Haushalts)?jahr[ \t]*:?[ \t]*)?(?P<year>20\d\d)\b"
    r"|\b(?P<year>20\d\d)[ \t]*ff\b"
    r"|\bfür[ \t]+(?:das[ \t]+)?(?:(?:Haushalts)?jahr[ \t]+)(?P<year>20\d\d)\b"
    r"|\bim[ \t]+Stellenplan[ \t]+(?P<year>20\d\d)\b"
    r"|\büber\s+das\s+(?:Haushalts)?jahr\s+(?P<after>20\d\d)\s+hinaus", _I)
# A sum per year: "p. a.", "pro Jahr", "/Jahr", "jährlich", "Jährliche Folgeaufwendungen",
# "Einsparungen ab Haushaltsjahr" (a Leverkusen form field of yearly sums).
PER_YEAR = regex.compile(
    r"\bp\.[ \t]?a\.|\b(?:pro|je)[ \t]+Jahr\b|/[ \t]?Jahr\b|\bjährlich\w*|\bab[ \t]+Haushaltsjahr\b", _I)

# --- reported resolutions -----------------------------------------------------------------------

# A sentence reporting a resolution already taken: "hat ... beschlossen", "beschloss",
# "durch den Ratsbeschluss beauftragt", "Ratsbeschlusses vom".
REPORTED_RESOLUTION = regex.compile(r"beschl(?:ossen|oss|uss|usses|üsse|üssen)\b", _I)

# Titles in quotes name a paper or a programme; their words commit to nothing:
# "Aufhebung ... zur Vorlage Nr. 2021/1121 „Übernahme der Mehrkosten ...“".
QUOTED = regex.compile(r"„[^“”\"]{0,400}[“”\"]|\"[^\"]{0,400}\"|»[^«]{0,400}«|“[^”]{0,400}”")

# A sentence ends at . ! ? after a word of four or more letters, a year, a closing bracket or
# quote, followed by a capital: so "Nr. 2022/1410", "z. B. Gebühren", "am 1. Juli", "ca. 30"
# and "04.04.2022 hat" do not end one. A colon before a line break ends a heading.
FULL_STOP = r"(?<=\p{L}{4}|\d{4}|[)\]“”\"])[.!?](?=\s+[\p{Lu}„\"(])"
SENTENCE_END = regex.compile(rf"{FULL_STOP}|:[ \t]*(?=\n)")
# Leading up to a sum, a heading stays in: "Fördersummen pro Jahr (siehe Anlage 3):" above a table.
CONTEXT_START = regex.compile(FULL_STOP)
MAX_SENTENCE = 700

KINDS = ("rescind", "cover_extra_cost", "cover_total_cost", "create_posts")
ACTION = {"rescind": "withdraw", "cover_extra_cost": "commit", "cover_total_cost": "commit",
          "create_posts": "commit"}


def mask_quotes(text: str) -> str:
    """The text with quoted titles blanked out (same length, so offsets stay valid)."""
    return QUOTED.sub(lambda m: " " * len(m.group()), text)


def commitment_kinds(wording: str, *, has_posts: bool = False) -> list[str]:
    """What a statement commits to or withdraws, in :data:`KINDS` order.

    A rescinding statement only withdraws: the titles it quotes are not new promises.
    ``has_posts`` says the statement's span holds a counted post (a positions fact).
    """
    text = mask_quotes(fold_lines(wording or ""))
    if RESCIND.search(text) and RESOLUTION_WORD.search(wording or ""):
        return ["rescind"]
    kinds = []
    covers = COVER.search(text) is not None
    if covers and EXTRA_COST.search(text):
        kinds.append("cover_extra_cost")
    if covers and TOTAL_COST.search(text):
        kinds.append("cover_total_cost")
    if CREATE.search(text) and (has_posts or POST.search(text)):
        kinds.append("create_posts")
    return kinds


def condition_of(wording: str) -> Optional[str]:
    """The condition a promise depends on, as printed ("sollte das Programm ... beendet werden")."""
    found = CONDITION.search(fold_lines(wording or ""))
    return found.group() if found else None


def permanence_of(wording: str) -> Optional[int]:
    """1 when a statement makes its posts permanent, 0 when temporary, None when it does not say."""
    text = mask_quotes(fold_lines(wording or ""))
    permanent, temporary = PERMANENT.search(text), TEMPORARY.search(text)
    if permanent and not temporary:
        return 1
    if temporary and not permanent:
        return 0
    return None


def one_post_named(wording: str) -> bool:
    """True for "die Einrichtung der Stelle": a single post named without a count."""
    return ONE_POST.search(mask_quotes(fold_lines(wording or ""))) is not None


def years_in(text: str) -> list[int]:
    """First years named by :data:`FROM_YEAR` cues, in order of appearance."""
    years = []
    for match in FROM_YEAR.finditer(text or ""):
        if match.group("after"):
            years.append(int(match.group("after")) + 1)
        else:
            years.append(int(match.group("year")))
    return years


def from_year_in(wording: str) -> Optional[int]:
    """The earliest year a statement says its promise applies from."""
    years = years_in(fold_lines(wording or ""))
    return min(years) if years else None


def sentence_start(text: str, position: int, limit: int = MAX_SENTENCE,
                   ends: regex.Pattern = SENTENCE_END) -> int:
    """Where the sentence holding ``position`` starts (at most ``limit`` characters back)."""
    floor = max(0, position - limit)
    last = floor
    for match in ends.finditer(text, floor, position):
        last = match.end()
    while last < position and text[last].isspace():
        last += 1
    return last


def sentence_end(text: str, position: int, limit: int = MAX_SENTENCE) -> int:
    """Where the sentence holding ``position`` ends, its full stop included."""
    match = SENTENCE_END.search(text, position, min(len(text), position + limit))
    return match.end() if match else min(len(text), position + limit)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Span of the sentence that holds ``text[start:end]``."""
    return sentence_start(text, start), sentence_end(text, end)


def reports_resolution(sentence: str) -> bool:
    """True when a sentence reports a resolution ("hat ... beschlossen", "Ratsbeschluss")."""
    return REPORTED_RESOLUTION.search(sentence or "") is not None


def context_before(text: str, start: int, limit: int = 300) -> str:
    """The text leading up to a sum: back to the start of its sentence, at most ``limit``."""
    return text[sentence_start(text, start, limit, CONTEXT_START):start]


def line_after(text: str, end: int, limit: int = 160) -> str:
    """The rest of the printed line after a sum ("962.300,00 € (bei Einstellung der Förderung")."""
    stop = text.find("\n", end)
    stop = len(text) if stop < 0 else stop
    return text[end:min(stop, end + limit)]


def per_year_near(text: str, start: int, end: int) -> bool:
    """True when the words around a sum make it a yearly one ("pro Jahr", "/Jahr", "jährlich")."""
    return bool(PER_YEAR.search(context_before(text, start)) or PER_YEAR.search(line_after(text, end, 40)))


def from_year_near(text: str, start: int) -> Optional[int]:
    """The year a sum applies from, named just before it ("Einsparungen ab Haushaltsjahr: 2025")."""
    years = years_in(context_before(text, start))
    return years[-1] if years else None


def condition_near(text: str, start: int, end: int) -> Optional[str]:
    """A condition printed with a sum ("962.300,00 € (bei Einstellung der Förderung; ...)")."""
    return condition_of(line_after(text, end)) or condition_of(text[sentence_start(text, start):start])
