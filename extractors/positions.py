"""Staffing: how many posts (Stellen) or full-time equivalents (VZÄ) a paper talks about.

Papers that create or fund staff write counts in words or digits in front of a post noun:
"eine neue unbefristete Vollzeitstelle", "vier weitere Casemanagement-Stellen", "2,5 Personal-
stellen", "0,5 Stelle", "18 VZÄ", "1,173 VZÄen", "6,0 Stellen", "eine halbe Stelle".

``count`` is the capacity in the printed unit: for "drei 0,75 Stellen" (three posts of 0.75 each)
it is 2.25 and ``description`` says "3 × 0,75 Stellen", so counts of one paper can be summed.
``unit`` is ``Stelle`` or ``VZÄ``; ``permanent`` is True for "unbefristet"/"dauerhaft", False for
"befristet", None when the paper does not say. "N von M Stellen" gives two facts (N and M).

Not posts: "Stellenplan", "Stellungnahme", "an dieser Stelle", "an einer Stelle", "pro Stelle",
and compounds that name an office or an account rather than a post ("Kostenstelle",
"Beratungsstelle", "Stabsstelle", "Finanzstelle"): closed compounds count only with a known
staffing prefix ("Vollzeit-", "Personal-", "Plan-", …).
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Optional, Sequence

import regex

from extractors.facts import Position, Section
from pipeline.normalize import fold_lines

# Number words a count of posts is written with ("eine", "vier", "zwölf", "eineinhalb").
NUMBER_WORDS: dict[str, Decimal] = {
    "ein": Decimal(1), "eine": Decimal(1), "einer": Decimal(1), "einem": Decimal(1),
    "einen": Decimal(1), "eins": Decimal(1), "zwei": Decimal(2), "drei": Decimal(3),
    "vier": Decimal(4), "fünf": Decimal(5), "sechs": Decimal(6), "sieben": Decimal(7),
    "acht": Decimal(8), "neun": Decimal(9), "zehn": Decimal(10), "elf": Decimal(11),
    "zwölf": Decimal(12), "anderthalb": Decimal("1.5"), "eineinhalb": Decimal("1.5"),
    "zweieinhalb": Decimal("2.5"), "dreieinhalb": Decimal("3.5"),
}
# "½ Vollzeit-Planstelle".
FRACTIONS: dict[str, Decimal] = {"½": Decimal("0.5"), "¼": Decimal("0.25"), "¾": Decimal("0.75")}
# "halbe Stelle" (after "eine" or alone): half a post.
HALF_WORDS = {"halbe": Decimal("0.5"), "halben": Decimal("0.5")}

_NUMBER_WORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
# "2,5", "0,75", "18", "1,173", "6,0": at most three digits before the comma (no years, no sums).
_DIGITS = r"\d{1,3}(?:,\d{1,3})?"

# Closed compounds that are posts: "Vollzeitstelle", "Personalstellen", "Planstelle",
# "Sozialarbeiterstelle", "Erzieherstellen"; anything else ending in "-stelle" is an office or an
# account ("Kostenstelle", "Beratungsstelle", "Geschäftsstelle").
POST_PREFIXES = (
    "Vollzeit", "Teilzeit", "Personal", "Plan", "Beamten", "Beschäftigten", "Projekt",
    "Sozialarbeiter", "Sozialpädagogen", "Erzieher", "Ingenieur", "Sachbearbeiter",
    "Sachbearbeitungs", "Verwaltungs", "Leitungs", "Ausbildungs", "Nachwuchs", "Assistenz",
    "Referenten", "Hausmeister", "Lehrer", "Fachkraft", "Fachkräfte", "Koordinations",
    "Koordinatoren", "Casemanager", "Casemanagement", "Integrationsmanager", "Praktikanten",
    "Trainee", "Koordinierungs", "Stellen",
)
_POST_PREFIX = "|".join(sorted(POST_PREFIXES, key=len, reverse=True))

# The post nouns: "Stelle(n)", "Stellenanteile", "Casemanagement-Stellen", "Vollzeitstelle",
# "Vollzeit-Planstellen", "CM - Stellen" (a PDF's spaced hyphen);
# full-time equivalents: "VZÄ", "VZÄen", "Vollzeitäquivalente", "VZE", "VbE".
POST_NOUN = (
    rf"(?P<stelle>(?:[\p{{Lu}}][\p{{L}}/]*(?:-[\p{{L}}/]+)*[ ]?-[ ]?)?"
    rf"(?:Stellen?(?:anteile?n?)?|(?:{_POST_PREFIX})s?stellen?(?:anteile?n?)?))"
    r"|(?P<vza>VZÄ(?:en|s)?|VZE|Vollzeitäquivalente?n?|Vollzeitstellenäquivalente?n?|Vollzeitkräfte?n?"
    r"|VK(?![\p{L}])|Vollkr(?:aft|äfte)n?"  # Bavaria and hospitals count "2,0 VK" (Vollkräfte)
    # the eastern states: "2,5 VbE" (Vollbeschäftigteneinheiten), "1,5 VzE"
    r"|VbE|VzE|Vollbeschäftigteneinheiten?|Vollzeiteinheiten?)"
)

# Up to three inflected adjectives between count and noun: "neue unbefristete", "weitere",
# "zusätzliche", "geförderten", "landesgeförderte"; not verbs or function words ("Baustein 2
# stehen für fünf Personalstellen").
NOT_ADJECTIVES = (
    "stehen", "werden", "wurden", "sollen", "sollten", "können", "könnten", "müssen", "haben",
    "hatten", "waren", "gehen", "bleiben", "fehlen", "sowie", "oder", "aber", "über", "unter",
    "nach", "wieder", "immer", "bisher", "daher", "ferner", "jeder", "weder", "hierfür", "hier",
    "eine", "einer", "einen", "einem", "keine", "diese", "dieser", "jeweils", "insgesamt",
)
_FILLER = (
    r"(?:[ \t]*\n?[ \t]*(?!(?:" + "|".join(NOT_ADJECTIVES) + r")\b)"
    r"[a-zäöüß][a-zäöüß-]*(?:e|en|er|es|em))"
)

POSITION = regex.compile(
    rf"""
    (?<![\p{{L}}\d,.])
    (?P<count>{_DIGITS}|[½¼¾]|(?i:{_NUMBER_WORD}))(?![\p{{L}}\d])
    (?:[ \t]*\n?[ \t]*von[ \t]*\n?[ \t]*(?P<of>{_DIGITS}|(?i:{_NUMBER_WORD}))(?![\p{{L}}\d]))?
    (?P<before>{_FILLER}{{0,3}}?)
    (?:[ \t]*\n?[ \t]*(?:[x×][ \t]*)?(?P<share>0,\d{{1,3}}|halben?)(?![\p{{L}}\d]))?
    (?P<after>{_FILLER}{{0,3}}?)
    [ \t]*\n?[ \t]*(?P<noun>{POST_NOUN})
    (?![\p{{L}}])
    """,
    regex.VERBOSE,
)

# Whole numbers that label something rather than count: "Baustein 2 stehen für …", "EG 9"
# (a decimal count stays one: "für diesen Baustein 5,0 landesgeförderte Personalstellen").
LABEL_BEFORE = regex.compile(
    r"(?:Baustein|Förderbaustein|Modul|Anlage|Nr\.|Nummer|Stufe|Phase|Gruppe|Abs\.|§|Art\.|Artikel"
    r"|Punkt|Ziffer|TOP|Kapitel|Entgeltgruppe|Besoldungsgruppe|EG|TVöD|Seite)[ \t]*$"
)

ARTICLES = {"ein", "eine", "einer", "einem", "einen"}
# A count of "ein-" after a preposition means a place: "an einer Stelle", "auf einer Stelle".
PLACE_BEFORE = regex.compile(r"(?:\b(?:an|auf|in|zu|bei|aus|von)|\ban\s+\w+)[ \t]*\n?[ \t]*$", regex.IGNORECASE)

# Said among the adjectives: "neue unbefristete", "dauerhafte", "feste"; "befristete".
PERMANENT = regex.compile(r"\b(?:unbefristete?[nrs]?|dauerhafte?[nrs]?|feste?[nrs]?)\b", regex.IGNORECASE)
TEMPORARY = regex.compile(r"\bbefristete?[nrs]?\b", regex.IGNORECASE)
# "1,5 Stellen (befristet bis 2027)", "zwei Stellen, befristet auf drei Jahre": said right after.
TEMPORARY_AFTER = regex.compile(r"[ \t]*[,(]?[ \t]*\n?[ \t]*(?:(?P<temp>befristet)|(?P<perm>unbefristet|dauerhaft))\b")


def _number(word: str) -> Optional[Decimal]:
    word = word.strip()
    if word in FRACTIONS:
        return FRACTIONS[word]
    if word.lower() in NUMBER_WORDS:
        return NUMBER_WORDS[word.lower()]
    try:
        return Decimal(word.replace(",", "."))
    except InvalidOperation:
        return None


def _permanence(m: regex.Match, text: str) -> Optional[bool]:
    words = f"{m.group('before')} {m.group('after')}"
    if PERMANENT.search(words):
        return True
    if TEMPORARY.search(words):
        return False
    follow = TEMPORARY_AFTER.match(text, m.end())
    if follow:
        return follow.group("temp") is None
    return None


def _description(m: regex.Match, count: Decimal, share: Optional[Decimal]) -> Optional[str]:
    noun = fold_lines(m.group("noun"))
    if share is not None and count != 1:
        return f"{_german(count)} × {_german(share)} {noun}"
    return noun


def _german(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def _positions(text: str, m: regex.Match) -> list[Position]:
    count = _number(m.group("count"))
    if count is None:
        return []
    noun = m.group("noun")
    if m.group("count").isdigit() and LABEL_BEFORE.search(text, max(0, m.start() - 20), m.start()):
        return []
    if count == 1 and not m.group("count")[0].isdigit() and regex.fullmatch(r"Stellen?", noun) \
            and PLACE_BEFORE.search(text, max(0, m.start() - 20), m.start()):
        return []  # "an einer Stelle", "an dieser einen Stelle": a place in a text, not a post
    if m.group("count").lower() in ARTICLES and "anteil" in noun:
        return []  # "mit einem Stellenanteil von 50 %": the article of a share, not a count
    share_word = m.group("share")
    share = HALF_WORDS.get(share_word) if share_word in HALF_WORDS else (_number(share_word) if share_word else None)
    unit = "VZÄ" if m.group("vza") else "Stelle"
    permanent = _permanence(m, text)
    found = []
    if m.group("of"):
        # "3,0 von 5,0 geförderten Casemanagement-Stellen": 3 of them, and 5 in all.
        of = _number(m.group("of"))
        found.append(Position(start=m.start(), end=m.end(), text=m.group(0), count=count, unit=unit,
                              description=_description(m, count, None), permanent=permanent))
        if of is not None:
            start = m.start("of")
            found.append(Position(start=start, end=m.end(), text=text[start:m.end()], count=of,
                                  unit=unit, description=_description(m, of, None), permanent=permanent))
        return found
    total = count * share if share is not None else count
    return [Position(start=m.start(), end=m.end(), text=m.group(0), count=total, unit=unit,
                     description=_description(m, count, share), permanent=permanent)]


# Every post noun holds one of these; a count stands at most a few words before its noun.
NOUN_HINT = regex.compile(r"telle|VZ[ÄE]|Vollzeit|VK|Vollkr|VbE|VzE|Vollbesch")
LONGEST_MATCH = 300  # characters from a count to the end of its noun's word


def _regions(text: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` that can hold a count of posts: the lines of the post nouns and
    LONGEST_MATCH characters before them, merged. Scanning only these gives the same matches as
    scanning the whole text (a match ends with its noun), at a fraction of the cost."""
    regions: list[tuple[int, int]] = []
    for hint in NOUN_HINT.finditer(text):
        start = max(0, hint.start() - LONGEST_MATCH)
        end = text.find("\n", hint.end())
        end = len(text) if end < 0 else end
        if regions and start <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(end, regions[-1][1]))
        else:
            regions.append((start, end))
    return regions


def extract(text: str, sections: Sequence[Section] = ()) -> list[Position]:
    """Every count of posts in ``text`` (normalised), sorted by start offset. Never raises."""
    if not isinstance(text, str) or not text:
        return []
    try:
        found: list[Position] = []
        for start, end in _regions(text):
            for m in POSITION.finditer(text, start, end, overlapped=False):
                found.extend(_positions(text, m))
        return sorted(found, key=lambda p: (p.start, p.end))
    except Exception:  # noqa: BLE001 - an extractor must never fail a paper
        return []
