"""What a council paper number looks like, across the council information systems in use.

This is the one module that knows the shapes; the header extractor (the paper's own number) and
the reference extractor (numbers of other papers) both use it.

Public API:

- ``NUMBER``: compiled pattern for a bare paper number (group ``number``), e.g. ``2024/3092``,
  ``DS/0355/III``, ``FB II/4753/2023``. Too loose to use on running text without a label: use it
  after a label, in parentheses, or via ``LABELLED``.
- ``LABEL``: compiled pattern for the words that introduce a number (``Vorlage Nr.:``,
  ``Drucksache``, ``DS``, ``Antrag Nr.``, ``Vorlagen-Nr.``, a bare ``Nr.``), group ``label``.
- ``LABELLED``: ``LABEL`` immediately followed by ``NUMBER`` (line breaks allowed in between);
  groups ``label`` and ``number``.
- ``find_labelled(text) -> list[NumberMatch]``: every labelled number, including the unlabelled
  continuations of a list (``Vorlagen Nr. 2021/1121 und 2022/1410`` → two matches, the second
  with ``label=None``). Sorted by start.
- ``normalize_reference(s) -> str``: a number as printed with whitespace collapsed and a stray
  label or trailing punctuation removed: ``"Vorlage Nr.: 2023/0575."`` → ``"2023/0575"``.
- ``is_paper_number(s) -> bool``: ``s`` (after normalising) is exactly one paper number.
- ``is_distinctive(s) -> bool``: the number's shape is specific enough to be trusted without a
  label when it stands in parentheses, ``(BV/0970/2019)``: every shape but a one- or two-digit
  number before the slash (``1/2021``, ``17/1234``).
- ``PREFIXED``: compiled pattern for numbers that label themselves with a letter prefix
  (``BV/0970/2019``, ``DS/0355/III``), group ``number``; ``SELF_LABELLED``: it and the other
  self-labelling shapes (``V2345/23``, ``VII-DS-07133``), found in reading order by
  ``find_self_labelled(text, start, end)``; ``PARENTHESISED``: any number alone in parentheses.
- ``find_numbers(text) -> list[NumberMatch]``: ``find_labelled`` plus the numbers that need no
  label: a letter prefix labels itself (``vgl. BV/0456/2021``), and a distinctive number alone in
  parentheses (``in seiner Sitzung am 13.12.2019 (2019/0970)``).

Not paper numbers (the patterns reject them): dates ``13.12.2021``, money ``1.026.000``,
``§ 9``, phone numbers ``0261 129 3003``, postcodes, product numbers ``1.31.11.01``,
``Kostenstelle 120550``, bare years, school or budget years ``2027/28``, ``2026/2027``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import regex

YEAR = r"(?:19|20)\d{2}"
ROMAN = r"[IVX]{1,5}"
# A system prefix before the first slash: ALLRIS "BV", "UV", "V", "DS", "DHH", Hückeswagen "FB II",
# a district's "BV-KT" (Beschlussvorlage Kreistag).
PREFIX = r"[A-ZÄÖÜ]{1,5}(?:-[A-ZÄÖÜ]{1,4})?(?:[ ][IVX]{1,4})?"

# Numbers that carry their own label: Dresden's letter glued to the serial and a two-digit year,
# "V2345/23", "A0123/24", "AF1234/21", and with the whole year, Mannheim "V123/2024"; Leipzig's electoral period, kind and serial, "VII-DS-07133",
# with its revisions and amendments "VII-DS-07133-NF-02", "VII-A-01234-ÄA-01".
GLUED = rf"[A-Z]{{1,3}}\d{{3,5}}/(?:{YEAR}|\d{{2}})"
PERIOD_KIND_SERIAL = rf"{ROMAN}-[A-ZÄÖÜ][A-Za-zÄÖÜäöü]{{0,3}}-\d{{3,6}}(?:-[A-ZÄÖÜ]{{1,3}}-\d{{1,3}})*"
# Wiesbaden's year, kind, office and serial: "24-V-50-0012".
YEAR_KIND_OFFICE_SERIAL = r"\d{2}-[A-Z]{1,3}-\d{2,3}-\d{3,5}"
# A kind's letters before the slash, then a two-digit year and the serial, and an office after it:
# Augsburg "BSV/24/01234", Regensburg "VO/24/21234/63".
PREFIX_YEAR_SERIAL = rf"{PREFIX}/\d{{2}}/\d{{3,6}}(?:/\d{{1,2}})?"
# The year, then the kind, then the serial: Rostock "2024/BV/1234", Potsdam "24/SVV/0123".
YEAR_KIND_SERIAL = rf"(?:{YEAR}|\d{{2}})/[A-ZÄÖÜ]{{2,4}}/\d{{3,5}}"

# A number ends before a letter, a slash or a further digit group; not before a kind's letters
# glued with a hyphen ("23/2011-BV" is one number, Jena's).
END = r"(?![\w/]|[.,-]\d|-[A-Z]{1,3}(?![\p{L}\d]))"

NUMBER_BODY = rf"""
    {GLUED} | {PERIOD_KIND_SERIAL} | {YEAR_KIND_OFFICE_SERIAL} | {PREFIX_YEAR_SERIAL} | {YEAR_KIND_SERIAL}
  # Magdeburg's resolutions: serial, session, electoral period and year, "1234-56(VII)21".
  | \d{{3,5}}-\d{{2,3}}\({ROMAN}\)\d{{2}}
  # A kind's letters and a hyphen before serial/year: Chemnitz "B-123/2024", a district's "KT-0567/2022";
  # Hannover's district councils: "15-0456/2024".
  | [A-Z]{{1,3}}-\d{{2,5}}/{YEAR} | \d{{2}}-\d{{3,5}}/{YEAR}
  # Freiburg's kind, year and serial: "G-24/123"; Heidelberg's serial, year and kind: "0123/2024/BV";
  # Kassel's office, year and serial: "101.19.1234".
  | [A-Z]{{1,3}}-\d{{2}}/\d{{2,5}} | \d{{3,5}}/{YEAR}/[A-Z]{{1,4}} | \d{{3}}\.\d{{2}}\.\d{{3,5}}
  # Berlin-style district papers: "DS/0355/III"; prefixed ALLRIS/SessionNet numbers:
  # "BV/0456/2021", "BV/0401/2025/1" (revision), "V/2023/0123", "DHH/2024/1234", "FB II/4753/2023".
  | {PREFIX}/(?:{YEAR}/\d{{1,5}}|\d{{1,5}}/(?:{YEAR}|{ROMAN}))(?:/\d{{1,2}}|-\d{{1,3}})?
  # A serial of three or more digits and a two-digit year, Wuppertal "VO/0123/23"; Aachen's office
  # and electoral period, "FB 61/0123/WP18", "E 26/0012/WP17" (only with "WP": "KW 12/03/24" is a week).
  | [A-ZÄÖÜ]{{1,5}}/\d{{3,5}}/\d{{2}}(?:/\d{{1,2}})? | [A-ZÄÖÜ]{{1,5}}(?:[ ]\d{{1,3}})?/\d{{1,5}}/WP\d{{2}}
  # Hamburg-style district papers with the electoral period: "20-26 / V 01234".
  | \d{{2}}-\d{{2}}[ ]?/[ ]?[A-Z]{{1,3}}[ ]?\d{{3,6}}
  # Three-part numeric (office/serial/year): "512/034/2021", "51/014/2025"; never "13/12/2021".
  | \d{{2,4}}/\d{{3,4}}/{YEAR} | \d{{3,4}}/\d{{2}}/{YEAR}
  # Cottbus: electoral period in Roman numerals, serial (and session), two-digit year: "IV-041/23",
  # "IV-087-42/23"; Jena: serial, year and kind: "23/2011-BV".
  | {ROMAN}-\d{{2,4}}(?:-\d{{1,3}})?/\d{{2}} | \d{{1,3}}/{YEAR}-[A-Z]{{1,3}}
  # An office's letters glued to its number, serial and year: "FB61/0873/24".
  | [A-ZÄÖÜ]{{1,3}}\d{{1,3}}/\d{{3,5}}/(?:\d{{2}}|{YEAR})
  # Bochum: the year glued to the serial, "20223127" (needs a label: alone it is any number).
  | {YEAR}\d{{4}}
  # Kreis Viersen: electoral period in Roman numerals before the serial, "IX/412".
  | {ROMAN}/\d{{2,5}}(?:-\d{{1,2}})?
  # Leverkusen, Bonn, many SessionNet towns: year/serial "2024/3092", revisions "2023/0575/1".
  | {YEAR}/\d{{3,5}}(?:/\d{{1,2}})?
  # Serial/electoral period in Roman numerals: Siegburg "3360/VIII", "Drucksache 0281/IV".
  | \d{{2,5}}/{ROMAN}
  # Serial/year: "118/2020", "DS 0815/2022"; serial/electoral period, Bielefeld "5678/2020-2025".
  | \d{{1,5}}/{YEAR}(?:/\d{{1,2}}|-{YEAR})?
  # Serial and a two-digit year: "Drucksache 1234/23", Dortmund "Drucksache Nr.: 30164-23".
  | \d{{3,5}}/\d{{2}} | \d{{3,6}}-\d{{2}}
  # Electoral period/serial: "Drs. 17/1234"; Bremen adds the house, "Vorlage Nr. 20/567-L";
  # Hamburg joins them with a hyphen, "Drucksache 21-4567".
  # Gelsenkirchen's electoral period and serial, "20-25/8123"; Mülheim's kind, period and serial,
  # "V 21/0321-01", "A 21/0321-01".
  | \d{{2}}-\d{{2}}/\d{{3,5}} | [A-Z][ ]\d{{2}}/\d{{3,5}}(?:-\d{{2}})?
  # Landkreis Harburg's period and serial, "2021-26/1873"; a supplement's suffix, "24/0815-01".
  | {YEAR}-\d{{2}}/\d{{3,5}} | \d{{2}}/\d{{3,5}}-\d{{1,2}}
  # Braunschweig: "24-12345", a revision "22-18456-01".
  | \d{{1,2}}/\d{{3,5}}(?:-[A-Z]{{1,2}})? | \d{{2}}-\d{{3,5}}(?:-\d{{2}})?
"""

NUMBER = regex.compile(
    rf"(?<![\w/.,-])(?P<number>{NUMBER_BODY}){END}",
    regex.VERBOSE,
)

# Labels as printed in headers and running text: "Vorlage Nr.: 2023/0575", "Drucksache 0281/IV",
# "DS 0815/2022", "Antrag Nr. 2024/2964", "Vorlagen-Nr. 2021/1121", "Beschlussvorlage BV/0456/2021",
# "Vorlage: BV/0197/2026", "Drs. 17/1234", "Nr. 2022/1410" (second item of a list).
LABEL_WORDS = (
    r"(?:(?:Beschlu(?:ss|ß)|Mitteilungs|Informations|Sitzungs|Verwaltungs|Unterrichtungs|Dringlichkeits"
    r"|Bezugs|Ursprungs|Ergänzungs|Änderungs)?"  # "Bezugsvorlage: 2019/0123", "Ergänzungsvorlage 2023/0575/1"
    r"[Vv]orlagen?|Drucksachen?|(?:Gemeinderats|Stadtrats|Kreistags)drucksachen?|Drs\.|DS|Ds\.|Antr(?:ag|äge)"
    r"|Anfragen?|Beschlu(?:ss|ß)antrag"
    # a resolution by its number, as minutes print it: "Beschluss 2019/0815", "Beschluss-Nr. 0123/2023"
    r"|Beschl(?:uss|uß|üsse)"
    # Stuttgart's Gemeinderatsdrucksache: "GRDrs 456/2024", "GRDrs. 789/2018"
    r"|GRDrs\.?|GR-Drs\.?"
    r"|BV|SV|MV)"  # "BV 0456/2021", "SV 12/2024", "MV 2023/045": a kind's initials (not "VO",
    # which also abbreviates Verordnung: "VO (EU) 2016/679")
)
LABEL = regex.compile(
    rf"(?P<label>(?:\b{LABEL_WORDS}(?:[- ]?(?:Nr\.?|Nummer|nummer))?|\bNr\.|\bNummer)[ \t]*:?)(?![/\w]|-[A-ZÄÖÜ])",
)
_GAP = r"[ \t]*\n?[ \t]*\n?[ \t]*"  # a label may end a printed line: "04.04.2022\nzur Vorlage Nr.\n2022/1410"

LABELLED = regex.compile(
    rf"{LABEL.pattern}{_GAP}(?<![\w/.,-])(?P<number>{NUMBER_BODY}){END}",
    regex.VERBOSE,
)

# Any other number after a label, in a shape no rule above knows yet: a token that starts with a
# digit (or a kind's capitals and a space) and has two to six parts joined by "/" or "-", such as
# Neuss "20/0611/XVII/2023" or a revision "2024/0123-01". Only after a label: unlabelled, such
# tokens are as often budget lines or file numbers.
OTHER_SHAPE = r"(?:[A-ZÄÖÜ]{1,4}[ ])?\d[\dA-Za-z]{0,5}(?:[/-][A-Za-z\d]{1,6}){1,5}"
KIND_LABEL = regex.compile(  # LABEL without a bare "Nr.": "Bebauungsplan Nr. 01-72" is no paper
    rf"(?P<label>\b{LABEL_WORDS}(?:[- ]?(?:Nr\.?|Nummer|nummer))?[ \t]*:?)(?![/\w]|-[A-ZÄÖÜ])"
)
# LABELLED, or a label before a number of another shape, in one scan (two cost twice as much).
LABELLED_ANY_SHAPE = regex.compile(
    rf"{LABEL.pattern}{_GAP}(?<![\w/.,-])(?:(?P<number>{NUMBER_BODY}){END}|(?P<other>{OTHER_SHAPE})(?![\w/]|[.,-]\w))",
    regex.VERBOSE,
)

# A compound "-beschluss" labels a number too: "Der Kreistagsbeschluss KT-0567/2022". Searched from
# its literal "beschl" (a leading capital would be tried at every word: twice the cost of LABELLED).
COMPOUND_LABELLED = regex.compile(
    rf"(?<=\p{{Lu}}\p{{Ll}}{{1,30}})beschl(?:uss|uß|üsse)(?:[- ]?Nr\.?)?[ \t]*:?(?![/\w]){_GAP}"
    rf"(?<![\w/.,-])(?P<number>{NUMBER_BODY}){END}",
    regex.VERBOSE,
)

# List continuations after a labelled number: "und 2022/1410", ", 2022/1410", "sowie Nr. 2022/1410",
# "und Vorlagen Nr. 2022/1410", "bzw. DS 0816/2022".
CONTINUATION = regex.compile(
    rf"[ \t]*(?:,|\bund\b|\bsowie\b|\bbzw\.|\boder\b|&)[ \t\n]*(?:{LABEL.pattern}{_GAP})?"
    rf"(?<![\w/.,-])(?P<number>{NUMBER_BODY}){END}",
    regex.VERBOSE,
)

# Numbers that carry their own label: "BV/0970/2019", "DS/0355/III" (a letter prefix before a slash).
PREFIXED = regex.compile(
    rf"(?<![\w/.,-])(?P<number>{PREFIX}/(?:{YEAR}/\d{{1,5}}|\d{{1,5}}/(?:{YEAR}|{ROMAN}))(?:/\d{{1,2}})?)"
    rf"{END}"
)
# All shapes that label themselves, one pattern each: joined into one alternation they would lose
# the regex module's fast search for the "/" or "-" each needs (50 times slower).
SELF_LABELLED = (
    PREFIXED,
    regex.compile(rf"(?<![\w/.,-])(?P<number>{GLUED}){END}"),  # "V2345/23"
    regex.compile(rf"(?<![\w/.,-])(?P<number>{PERIOD_KIND_SERIAL}){END}"),  # "VII-DS-07133"
    regex.compile(rf"(?<![\w/.,-])(?P<number>{YEAR_KIND_OFFICE_SERIAL}){END}"),  # "24-V-50-0012"
    regex.compile(rf"(?<![\w/.,-])(?P<number>{PREFIX_YEAR_SERIAL}){END}"),  # "BSV/24/01234"
    regex.compile(rf"(?<![\w/.,-])(?P<number>{YEAR_KIND_SERIAL}){END}"),  # "2024/BV/1234"
)
# A number alone on its line, under an agenda item's title (Köln's minutes: "9.2   Ausbau des Radwegs⏎3102/2024").
ALONE_ON_LINE = regex.compile(rf"(?m)^[ \t]*(?P<number>{NUMBER_BODY})[ \t]*$", regex.VERBOSE)
# A number alone in parentheses: "am 13.12.2019 (BV/0970/2019)", "(2021/1121)".
PARENTHESISED = regex.compile(rf"\([ \t]*(?P<number>{NUMBER_BODY})[ \t]*\)", regex.VERBOSE)

_TRAILING = regex.compile(r"[\s.,;:)]+$")
_LEADING_LABEL = regex.compile(rf"^\s*{LABEL.pattern}\s*")


@dataclass(frozen=True)
class NumberMatch:
    """One paper number found in text: where the label (if any) starts, the number's span."""

    start: int  # start of the label, or of the number when unlabelled
    number_start: int
    end: int
    number: str  # normalised
    label: Optional[str]


def normalize_reference(s: str) -> str:
    """The number as printed, whitespace collapsed, label and trailing punctuation dropped."""
    if not isinstance(s, str):
        return ""
    s = _LEADING_LABEL.sub("", s)
    s = _TRAILING.sub("", s)
    return " ".join(s.split())


_YEAR_SPAN = regex.compile(rf"({YEAR})/({YEAR}|\d{{2}})")
# One- or two-digit numbers before the slash: "1/2021", "17/1234" (not distinctive alone).
# A serial with a two-digit year, "1234/23", "30164-23", could be a page or a phone extension alone.
_SHORT_NUMBER = regex.compile(rf"\d{{1,2}}/(?:{YEAR}(?:/\d{{1,2}})?|\d{{3,5}}(?:-[A-Z]{{1,2}})?)|\d{{2}}-\d{{3,5}}"
                              rf"|\d{{3,5}}/\d{{2}}|\d{{3,6}}-\d{{2}}|\d{{3}}\.\d{{2}}\.\d{{3,5}}|{YEAR}\d{{4}}")


def _is_year_span(number: str) -> bool:
    """``2026/2027``, ``2027/28``: a span of budget or school years, not a paper."""
    m = _YEAR_SPAN.fullmatch(number)
    if not m:
        return False
    first, second = int(m.group(1)), int(m.group(2))
    if len(m.group(2)) == 2:
        second += first - first % 100
    return second - first in (0, 1)


def is_paper_number(s: str) -> bool:
    """True when ``s`` is exactly one paper number (label and whitespace tolerated)."""
    number = normalize_reference(s)
    return bool(NUMBER.fullmatch(number)) and not _is_year_span(number)


def is_distinctive(s: str) -> bool:
    """True for shapes that identify a paper even without a label (see module docstring):
    everything but a one- or two-digit number before the slash, ``1/2021``, ``17/1234``."""
    number = normalize_reference(s)
    if not is_paper_number(number):
        return False
    return not _SHORT_NUMBER.fullmatch(number)


def _follow_list(text: str, pos: int) -> list[NumberMatch]:
    """The further numbers of a list that ends a match at ``pos``: "... 2021/1121 und 2022/1410"."""
    found: list[NumberMatch] = []
    while True:
        c = CONTINUATION.match(text, pos)
        if not c:
            return found
        number = normalize_reference(c.group("number"))
        if _is_year_span(number):
            return found
        label = c.group("label")
        found.append(NumberMatch(c.start("label") if label else c.start("number"), c.start("number"),
                                 c.end(), number, " ".join(label.split()) if label else None))
        pos = c.end()


def find_labelled(text: str) -> list[NumberMatch]:
    """Every labelled paper number in ``text`` plus the unlabelled items of its list."""
    found: list[NumberMatch] = []
    if not isinstance(text, str):
        return found
    pos = 0
    while True:
        m = LABELLED_ANY_SHAPE.search(text, pos)
        if not m:
            return _with_compound_labels(text, found)
        pos = m.end()
        if m.group("other") is not None:  # a shape no rule knows: "Vorlage 20/0611/XVII/2023"
            if LABELLED.match(text, m.start("other")):
                pos = m.start("other")  # "Vorlage Nr. SV 51/087": "SV" labels a number we know
                continue
            number = normalize_reference(m.group("other"))
            if KIND_LABEL.fullmatch(m.group("label")) and is_other_number(number):
                found.append(NumberMatch(m.start(), m.start("other"), m.end(), number,
                                         " ".join(m.group("label").split())))
            continue
        number = normalize_reference(m.group("number"))
        if _is_year_span(number):
            continue
        found.append(NumberMatch(m.start(), m.start("number"), m.end(), number,
                                 " ".join(m.group("label").split())))
        found.extend(_follow_list(text, pos))
        pos = max(pos, found[-1].end)


def is_other_number(number: str) -> bool:
    """A token of :data:`OTHER_SHAPE` that may be a paper number: four digits or more, and neither
    a date, a year span nor a range of years ("2020-2025")."""
    digits = sum(c.isdigit() for c in number)
    return (digits >= 4 and not _is_year_span(number) and not OTHER_NOT_A_NUMBER.fullmatch(number.rsplit(" ", 1)[-1]))


# Dates and year ranges written with hyphens or slashes: "12-03-2024", "2024-03-12", "2020-2025", "03/2024".
OTHER_NOT_A_NUMBER = regex.compile(
    rf"\d{{1,2}}[-/]\d{{1,2}}[-/]\d{{2,4}}|{YEAR}-\d{{1,2}}-\d{{1,2}}|{YEAR}[-/]{YEAR}|\d{{1,2}}/{YEAR}"
)


def _with_compound_labels(text: str, found: list[NumberMatch]) -> list[NumberMatch]:
    """``found`` plus the numbers labelled by a compound "-beschluss" word, in reading order."""
    if "beschl" not in text:
        return found
    taken = [(m.number_start, m.end) for m in found]
    for m in COMPOUND_LABELLED.finditer(text):
        start, end = m.span("number")
        number = normalize_reference(m.group("number"))
        if _is_year_span(number) or any(a < end and start < b for a, b in taken):
            continue
        word_start = m.start()
        while word_start > 0 and text[word_start - 1].isalpha():
            word_start -= 1
        label = " ".join(text[word_start:start].split())
        found.append(NumberMatch(word_start, start, end, number, label))
        found.extend(_follow_list(text, end))
    return sorted(found, key=lambda n: n.start)


def find_self_labelled(text: str, start: int = 0, end: Optional[int] = None) -> list[regex.Match]:
    """Matches of every self-labelling shape (:data:`SELF_LABELLED`) in ``text[start:end]``, in
    reading order."""
    end = len(text) if end is None else end
    return sorted((m for pattern in SELF_LABELLED for m in pattern.finditer(text, start, end)),
                  key=lambda m: m.start())


def find_numbers(text: str) -> list[NumberMatch]:
    """Labelled numbers, self-labelled prefixed numbers and distinctive numbers in parentheses."""
    found = find_labelled(text)
    if not isinstance(text, str):
        return found
    taken = [(m.number_start, m.end) for m in found]
    for pattern in (*SELF_LABELLED, PARENTHESISED, ALONE_ON_LINE):
        for m in pattern.finditer(text):
            start, end = m.span("number")
            number = normalize_reference(m.group("number"))
            if any(a < end and start < b for a, b in taken) or not is_distinctive(number):
                continue
            chain = [NumberMatch(start, start, end, number, None)]
            if pattern in SELF_LABELLED:  # "vgl. DS/0355/III und 0356/III"
                chain += _follow_list(text, end)
            chain = [c for c in chain if not any(a < c.end and c.number_start < b for a, b in taken)]
            taken.extend((c.number_start, c.end) for c in chain)
            found.extend(chain)
    return sorted(found, key=lambda m: m.start)
