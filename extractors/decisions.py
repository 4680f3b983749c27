"""The items of a paper's draft resolution (Beschlussentwurf, Beschlussvorschlag, Beschlussantrag).

One ``Decision`` per item: numbered ``1.``/``1)``/``(1)``/``I.``, lettered ``a)``, or bulleted ``-``/``•``;
a resolution without a list is a single item numbered ``"1"``. The text is the section found by
``extractors.sections`` (it ends at the next heading or at the signature, ``gezeichnet:``,
``Siegburg, 12.06.2024``). An introductory sentence before the list ("Der Rat der Stadt
Leverkusen beschließt die nachfolgenden Maßnahmen:", "Der Ausschuss ... beschließt,") is not an
item. A paper without such a section (an Anlage, a Mitteilung) has no decisions.

``wording`` is the item with line breaks and hyphenation repaired; the span covers the item as
printed (without its number).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import regex

from extractors.facts import Decision, Section
from extractors.sections import find_sections
from pipeline.normalize import fold_lines

# The start of an item, at the beginning of a line: "1. ", "1) ", "(1) ", "a) ", "I. ", "- ", "• ".
# A number or letter may stand alone on its line, its text on the next (a PDF's number column:
# "1.⏎Der Rat beschließt ..."); a bullet may not.
ITEM_MARKER = regex.compile(
    r"(?m)^[ \t]*(?:(?P<num>\d{1,2})[.)](?!\d)|\((?P<pnum>\d{1,2})\)|(?P<letter>[a-z])\)|\((?P<pletter>[a-z])\)"
    r"|(?P<roman>[IVX]{1,4})[.)]|(?P<bullet>[-–•·▪*]))(?:[ \t]+(?=\S)|(?<=[.)])[ \t]*\n[ \t]*(?=\S))"
    # Erfurt's zero-padded number alone on its line: "01⏎Der Rat beschließt ...".
    r"|(?m)^[ \t]*(?P<padded>0[1-9])[ \t]*\n(?:[ \t]*\n)?[ \t]*(?=\S)"
)
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
# "1. Juli 2024 die ..." at a line start is a wrapped date, not item 1.
MONTH_AFTER = regex.compile(
    r"(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b"
)
# Lines that are page furniture inside a resolution that runs over a page break:
# ALLRIS "Seite 2 von 8 aus Vorlage: BV/0197/2026", "- 2 -".
# A page's running header or footer inside an item broken by a page: "Seite 2 von 3", "Landeshauptstadt
# Kiel   Drucksache 0412/2024   Seite 1 von 3", "Druckdatum: 06.03.2024", "- 2 -".
PAGE_FURNITURE = regex.compile(
    r"(?m)^(?:[^\n]{0,100}?\bSeite[ \t]+\d+[ \t]*(?:von|/)[ \t]*\d+\b[^\n]*|Seite[ \t]+\d+[ \t]*"
    r"|[ \t]*Druckdatum:[^\n]*|[ \t]*-[ \t]*\d{1,3}[ \t]*-"
    # the footnotes at a page's foot, under their rule: "__________⏎1 Kostenberechnung nach DIN 276 …"
    r"|[ \t]*_{5,}[ \t]*(?:\n[ \t]*\d{1,2}[ \t]+[^\n]*)*)[ \t]*\n?"
)


# A resolution that only points back at the draft: Munich's "III. Beschluss⏎nach Antrag." repeats
# no item of its own.
AS_PROPOSED = regex.compile(
    r"[ \t\n]*(?:nach|wie|gemäß|laut)[ \t]+(?:Antrag|Vorschlag|Beschlussvorschlag)[ \t]*\.?[ \t\n]*\Z")


@dataclass(frozen=True)
class _Marker:
    start: int  # where the marker begins
    text_start: int  # where the item's text begins
    style: str  # num | letter | roman | bullet
    ordinal: int  # 1 for "1." and "a)"; running count for bullets
    label: str  # "1", "a"


def extract(text: str, sections: Sequence[Section] = ()) -> list[Decision]:
    """Every draft-resolution item in ``text`` (normalised), in reading order; never raises."""
    try:
        sections = list(sections) or find_sections(text or "")
        decisions: list[Decision] = []
        for section in sections:
            if section.name == "resolution" and not AS_PROPOSED.match(text, section.body_start, section.end):
                decisions.extend(_items(text, section.body_start, section.end))
        return sorted(decisions, key=lambda d: d.start)
    except Exception:  # a malformed paper must not stop a corpus run
        return []


def _roman_value(numeral: str) -> int:
    """"IV" → 4; a malformed numeral ("IIX") gets a value no list counts up to."""
    values = [ROMAN_VALUES[c] for c in numeral]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if total > 0 else 0


def _items(text: str, start: int, end: int) -> list[Decision]:
    markers = _list_markers(text, start, end)
    if len(markers) < 2:
        markers = _inline_markers(text, start, end) or markers
    if not markers:
        return _single(text, start, end)
    items = []
    for index, marker in enumerate(markers):
        item_end = markers[index + 1].start if index + 1 < len(markers) else end
        decision = _decision(text, marker.text_start, item_end, marker.label)
        if decision:
            items.append(decision)
    return items


def _list_markers(text: str, start: int, end: int) -> list[_Marker]:
    """The markers of the top-level list: the style of the first marker, counted up without gaps."""
    found = []
    bullets = 0
    for m in ITEM_MARKER.finditer(text, start, end):
        if m.group("num") or m.group("pnum") or m.group("padded"):
            number = int(m.group("num") or m.group("pnum") or m.group("padded"))
            if MONTH_AFTER.match(text, m.end()):
                continue
            found.append(_Marker(m.start(), m.end(), "num", number, str(number)))
        elif m.group("letter") or m.group("pletter"):
            letter = m.group("letter") or m.group("pletter")
            found.append(_Marker(m.start(), m.end(), "letter", ord(letter) - ord("a") + 1, letter))
        elif m.group("roman"):
            found.append(_Marker(m.start(), m.end(), "roman", _roman_value(m.group("roman")), m.group("roman")))
        else:
            bullets += 1
            found.append(_Marker(m.start(), m.end(), "bullet", bullets, ""))
    if not found:
        return []
    # The list's style is that of the first marker that starts it ("1." / "a)"); bullets only when
    # nothing is numbered, since they often nest inside numbered items.
    first = next((m for m in found if m.ordinal == 1 and m.style != "bullet"), None) \
        or next((m for m in found if m.style == "bullet"), None)
    if first is None:
        return []
    chosen = []
    expected = 1
    for marker in found:
        if marker.style != first.style or marker.start < first.start:
            continue
        if marker.style != "bullet" and marker.ordinal != expected:
            continue  # a nested or wrapped number: part of the current item
        if marker.style == "bullet":
            marker = _Marker(marker.start, marker.text_start, "bullet", expected, str(expected))
        chosen.append(marker)
        expected += 1
    return chosen


# Items run on in one line, as a Word export prints them: "Beschlussentwurf: 1. Der Gemeinderat
# beschließt … 31.12.2025. 2. Die Verwaltung wird ermächtigt, … 3. Der Beschluss …", or the first on
# the heading's line and the others on lines of their own.
INLINE_MARKER = regex.compile(r"(?:(?<=[.;:!?)][ \t\n]+)|(?<=\A[ \t]*))(?P<num>\d{1,2})\.[ \t]+(?=\p{Lu})")


def _inline_markers(text: str, start: int, end: int) -> list[_Marker]:
    """Numbered items counted up from 1 within the lines of the section, when two or more."""
    chosen, expected = [], 1
    body = text[start:end]
    for m in INLINE_MARKER.finditer(body):
        number = int(m.group("num"))
        if number != expected or MONTH_AFTER.match(body, m.end()):
            continue
        chosen.append(_Marker(start + m.start(), start + m.end(), "num", number, str(number)))
        expected += 1
    return chosen if len(chosen) >= 2 else []


# An introduction that only announces the decision: "Der Gemeinderat beschließt:", "Der Rat möge
# beschließen:", "Der Ausschuss fasst folgenden Beschluss:". "Der Rat beschließt, den Plan wie folgt
# zu ändern:" before a table is itself the decision and stays.
INTRO = regex.compile(
    r"^[^\n]{0,200}?\b(?:beschließt|beschliesst|beschließen|beschliessen|Beschluss|empfiehlt(?: dem \w+)?"
    r"|wird empfohlen|folgt)[ \t]*:[ \t]*\n"
)


def _single(text: str, start: int, end: int) -> list[Decision]:
    body = text[start:end]
    intro = INTRO.match(body)
    if intro and body[intro.end():].strip():
        start += intro.end()
    decision = _decision(text, start, end, "1")
    return [decision] if decision else []


def _decision(text: str, start: int, end: int, number: str) -> Optional[Decision]:
    span = text[start:end]
    stripped = span.rstrip()
    start += len(span) - len(span.lstrip())
    end = start + len(stripped.strip())
    if end <= start:
        return None
    wording = fold_lines(PAGE_FURNITURE.sub("", text[start:end]))
    if not wording:
        return None
    return Decision(start=start, end=end, text=text[start:end], number=number, wording=wording)
